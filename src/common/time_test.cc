#include "common/time.h"

#include <gtest/gtest.h>

namespace vox {
namespace {

int64_t Ts(const std::string& s) {
  int64_t v = -1;
  EXPECT_TRUE(ParseTimestamp(s, &v)) << s;
  return v;
}

bool Bad(const std::string& s) {
  int64_t v = 12345;
  const bool ok = ParseTimestamp(s, &v);
  EXPECT_EQ(v, 12345) << "output written on failure for " << s;
  return !ok;
}

TEST(ParseTimestamp, Rfc3339WithOffsets) {
  EXPECT_EQ(Ts("2026-10-01T01:30:00Z"), 1790818200);
  EXPECT_EQ(Ts("2026-10-01T08:30:00+07:00"), 1790818200);
  EXPECT_EQ(Ts("2026-10-01T08:30:00.123456+07:00"), 1790818200);
  EXPECT_EQ(Ts("2026-09-30T20:30:00-05:00"), 1790818200);
  EXPECT_EQ(Ts("2026-10-01t01:30:00z"), 1790818200);
  EXPECT_EQ(Ts("1970-01-01T00:00:00Z"), 0);
}

TEST(ParseTimestamp, RelaxedForms) {
  EXPECT_EQ(Ts("2026-10-01T01:30:00+0000"), 1790818200);  // Facebook
  EXPECT_EQ(Ts("2026-10-01 01:30:00"), 1790818200);       // two-argument form: no offset = UTC
  EXPECT_EQ(Ts("2026-10-01T01:30"), 1790818180 + 20);
  EXPECT_EQ(Ts("2026-10-01"), 1790812800);
  EXPECT_EQ(Ts("  2026-10-01T01:30:00Z \n"), 1790818200);
}

TEST(ParseTimestamp, Rfc822) {
  EXPECT_EQ(Ts("Tue, 24 Nov 2026 08:30:00 +0700"), Ts("2026-11-24T01:30:00Z"));
  EXPECT_EQ(Ts("Tue, 24 Nov 2026 01:30:00 GMT"), Ts("2026-11-24T01:30:00Z"));
  EXPECT_EQ(Ts("24 Nov 2026 01:30 UT"), Ts("2026-11-24T01:30:00Z"));
  EXPECT_EQ(Ts("Tue, 24 Nov 26 01:30:00 EST"), Ts("2026-11-24T06:30:00Z"));
  EXPECT_EQ(Ts("Tue, 4 Nov 2026 01:30:00"), Ts("2026-11-04T01:30:00Z"));
}

TEST(ParseTimestamp, RejectsGarbage) {
  EXPECT_TRUE(Bad(""));
  EXPECT_TRUE(Bad("yesterday"));
  EXPECT_TRUE(Bad("2026-13-45"));
  EXPECT_TRUE(Bad("2026-02-29T00:00:00Z"));  // not a leap year
  EXPECT_TRUE(Bad("2026-10-01T24:00:00Z"));
  EXPECT_TRUE(Bad("2026-10-01T08:30:00+25:00"));
  EXPECT_TRUE(Bad("2026-10-01T08:30:00 junk"));
  EXPECT_TRUE(Bad("1969-12-31T23:59:59Z"));
  EXPECT_TRUE(Bad("2101-01-01T00:00:00Z"));
  EXPECT_TRUE(Bad("Tue, 24 Foo 2026 08:30:00 +0700"));
  EXPECT_TRUE(Bad("Tue, 24 Nov 2026 08:30:00 XYZ"));
  EXPECT_TRUE(Bad("1700000000"));
  EXPECT_TRUE(Bad("20261001"));             // a bare number, not a basic ISO date
  EXPECT_TRUE(Bad("10/2/26"));              // two-digit year with slashes
  EXPECT_TRUE(Bad("10/2-2026"));            // mixed separators
  EXPECT_TRUE(Bad("31/02/2026"));           // neither order is a date
  EXPECT_TRUE(Bad("10/2/2026 13:00 PM"));   // 13 PM
  EXPECT_TRUE(Bad("10/2/2026 9:25:00 AM junk"));
  EXPECT_TRUE(Bad("Tue, 24 Nov 2026 08:30:00 GMT+25"));
  EXPECT_TRUE(Bad("Foo, 24 Nov 2026 08:30:00 GMT"));  // not a day name
  EXPECT_TRUE(Bad("24 Nov 2026 08:30 (GMT+7"));        // unclosed comment
  EXPECT_TRUE(Bad("24 Nov 2026 08:30 (hello)"));       // a comment that is no zone
}

// The forms people write, read in the office's zone (default +07:00).
int64_t Local(const std::string& s, DayOrder order = DayOrder::kPreferDayFirst,
              int offset = kOfficeOffsetSeconds) {
  DateOptions o;
  o.local_offset_seconds = offset;
  o.day_order = order;
  int64_t v = -1;
  EXPECT_TRUE(ParseTimestamp(s, &v, o)) << s;
  return v;
}

bool LocalBad(const std::string& s, DayOrder order = DayOrder::kPreferDayFirst) {
  DateOptions o;
  o.day_order = order;
  int64_t v = 12345;
  const bool ok = ParseTimestamp(s, &v, o);
  EXPECT_EQ(v, 12345) << "output written on failure for " << s;
  return !ok;
}

constexpr int64_t k0925 = 1770690300;  // 2026-02-10T09:25:00+07:00

TEST(ParseTimestampLocal, OffsetLessTimesAreInTheOfficeZone) {
  EXPECT_EQ(Local("2026-02-10 09:25:00"), k0925);
  EXPECT_EQ(Local("2026-02-10T09:25"), k0925);
  EXPECT_EQ(Local("2026-02-10 09:25:00.250"), k0925);
  EXPECT_EQ(Local("2026-02-10"), k0925 - 9 * 3600 - 25 * 60);  // local midnight
  EXPECT_EQ(Local("Tue, 10 Feb 2026 09:25:00"), k0925);
  // Another zone when the office says so; an explicit offset always wins.
  EXPECT_EQ(Local("2026-02-10 09:25:00", DayOrder::kPreferDayFirst, 0), k0925 + 7 * 3600);
  EXPECT_EQ(Local("2026-02-10T02:25:00Z"), k0925);
  EXPECT_EQ(Local("2026-02-10T09:25:00+07:00", DayOrder::kPreferDayFirst, -5 * 3600), k0925);
}

TEST(ParseTimestampLocal, NumericDatesDayFirst) {
  // "10/2/2026 9:25:00 AM" as a Vietnamese paper's feed writes it: 10 February.
  EXPECT_EQ(Local("10/2/2026 9:25:00 AM"), k0925);
  EXPECT_EQ(Local("10/02/2026 09:25:00"), k0925);
  EXPECT_EQ(Local("10/02/2026 09:25"), k0925);
  EXPECT_EQ(Local("10/02/2026 9:25 SA"), k0925);          // Windows, Vietnamese locale
  EXPECT_EQ(Local("10/02/2026 9:25:00 CH"), k0925 + 12 * 3600);
  EXPECT_EQ(Local("10/2/2026 9:25:00 PM"), k0925 + 12 * 3600);
  EXPECT_EQ(Local("10/2/2026 12:05:00 AM"), k0925 - 9 * 3600 - 20 * 60);
  EXPECT_EQ(Local("10/2/2026 12:05:00 PM"), k0925 + 3 * 3600 - 20 * 60);
  EXPECT_EQ(Local("10.02.2026 09:25"), k0925);
  EXPECT_EQ(Local("10-02-2026 09:25:00"), k0925);
  EXPECT_EQ(Local("10/02/2026 - 09:25"), k0925);
  EXPECT_EQ(Local("10/02/2026, 09:25"), k0925);
  EXPECT_EQ(Local("09:25 10/02/2026"), k0925);           // time first
  EXPECT_EQ(Local("09:25, 10/02/2026"), k0925);
  EXPECT_EQ(Local("10/02/2026 09:25 (GMT+7)"), k0925);
  EXPECT_EQ(Local("10/02/2026 02:25 GMT"), k0925);
  EXPECT_EQ(Local("10/02/2026 09:25:00 +07:00"), k0925);
  EXPECT_EQ(Local("10/02/2026"), k0925 - 9 * 3600 - 25 * 60);
  // A value that can only be month first is read so; one that can only be
  // day first too.
  EXPECT_EQ(Local("02/25/2026 09:25"), Local("25/02/2026 09:25"));
  EXPECT_EQ(Local("03/01/2011 02:27:57 PM"), Local("2011-01-03 14:27:57"));  // single value: 3 January
}

TEST(ParseTimestampLocal, ColumnOrders) {
  EXPECT_EQ(Local("03/01/2011 02:27:57 PM", DayOrder::kMonthFirst),
            Local("2011-03-01 14:27:57"));
  EXPECT_EQ(Local("03/01/2011", DayOrder::kDayFirst), Local("2011-01-03"));
  EXPECT_TRUE(LocalBad("03/25/2011", DayOrder::kDayFirst));
  EXPECT_TRUE(LocalBad("25/03/2011", DayOrder::kMonthFirst));
  // The order only concerns numeric dates.
  EXPECT_EQ(Local("2011-03-01", DayOrder::kDayFirst), Local("2011-03-01", DayOrder::kMonthFirst));
}

TEST(ParseTimestampLocal, Rfc822Variants) {
  const int64_t t = Ts("2026-11-24T01:30:00Z");
  EXPECT_EQ(Local("Tue, 24 Nov 2026 08:30:00 GMT+7"), t);       // Tuổi Trẻ
  EXPECT_EQ(Local("Tue, 24 Nov 2026 08:30:00 GMT+07:00"), t);
  EXPECT_EQ(Local("Tue, 24 Nov 2026 08:30:00 +07:00"), t);
  EXPECT_EQ(Local("Tue, 24 Nov 2026 08:30:00 +0700 (ICT)"), t);
  EXPECT_EQ(Local("Tue, 24 Nov 2026 08:30:00 ICT"), t);
  EXPECT_EQ(Local("Tuesday, 24 November 2026 08:30:00 +0700"), t);
  EXPECT_EQ(Local("Tue 24 Nov 2026 08:30 +0700"), t);
  EXPECT_EQ(Local("24-Nov-2026 08:30:00 +0700"), t);
  EXPECT_EQ(Local("24 Sept 2026 08:30 +0700"), Ts("2026-09-24T01:30:00Z"));
  EXPECT_EQ(Local("Tue, 24 Nov 2026 8:30:00 AM +0700"), t);
  EXPECT_EQ(Local("24 Nov 2026"), Ts("2026-11-23T17:00:00Z"));
  EXPECT_EQ(Local("Tue, 24 Nov 2026 08:30:00"), t);  // no zone: the office's
}

TEST(ParseTimestampLocal, Iso8601Variants) {
  const int64_t t = Ts("2026-11-24T01:30:00Z");
  EXPECT_EQ(Local("20261124T013000Z"), t);
  EXPECT_EQ(Local("20261124T083000+0700"), t);
  EXPECT_EQ(Local("20261124T0830"), t);
  EXPECT_EQ(Local("2026-11-24T08:30:00+07"), t);
  EXPECT_EQ(Local("2026-11-24T08:30:00 +07:00"), t);
  EXPECT_EQ(Local("2026-11-24T08:30:00,5+07:00"), t);
  EXPECT_EQ(Local("2026/11/24 08:30:00"), t);
  EXPECT_EQ(Local("2026-11-24 08:30:00 GMT+7"), t);
  EXPECT_EQ(Local("2026-11-24 8:30:00 AM"), t);
}

TEST(NumericDateOrderHint, SaysWhatOneValueSettles) {
  EXPECT_EQ(NumericDateOrderHint("03/01/2011 02:27:57 PM"), DateOrderHint::kAmbiguous);
  EXPECT_EQ(NumericDateOrderHint("25/01/2011"), DateOrderHint::kDayFirstOnly);
  EXPECT_EQ(NumericDateOrderHint("01/25/2011 10:00"), DateOrderHint::kMonthFirstOnly);
  EXPECT_EQ(NumericDateOrderHint("31/31/2011"), DateOrderHint::kNeither);
  EXPECT_EQ(NumericDateOrderHint("2011-01-25"), DateOrderHint::kNotNumericDate);
  EXPECT_EQ(NumericDateOrderHint("hôm qua"), DateOrderHint::kNotNumericDate);
}

TEST(DayOrderVotes, DecidesAColumn) {
  DayOrderVotes us;  // a 311 export: month first, settled by one value
  for (const char* v : {"03/01/2011 02:27:57 PM", "03/02/2011 09:00:00 AM", "03/25/2011 01:00:00 PM"}) {
    us.Add(v);
  }
  EXPECT_EQ(us.Decide(), DayOrder::kMonthFirst);
  DayOrderVotes vn;  // an office log: day first
  for (const char* v : {"03/01/2011", "25/01/2011", "2011-01-02"}) vn.Add(v);
  EXPECT_EQ(vn.Decide(), DayOrder::kDayFirst);
  DayOrderVotes none;  // nothing settles it: the Vietnamese convention
  none.Add("03/01/2011");
  EXPECT_EQ(none.Decide(), DayOrder::kDayFirst);
  DayOrderVotes mixed;  // contradicting values: each read alone
  mixed.Add("25/01/2011");
  mixed.Add("01/25/2011");
  EXPECT_EQ(mixed.Decide(), DayOrder::kPreferDayFirst);
  EXPECT_EQ(mixed.day_first_only(), 1);
  EXPECT_EQ(mixed.month_first_only(), 1);
}

TEST(ParseTimeZone, NamesAndOffsets) {
  int off = -1;
  EXPECT_TRUE(ParseTimeZone("Asia/Ho_Chi_Minh", &off));
  EXPECT_EQ(off, 7 * 3600);
  EXPECT_TRUE(ParseTimeZone("asia/saigon", &off));
  EXPECT_EQ(off, 7 * 3600);
  EXPECT_TRUE(ParseTimeZone("UTC", &off));
  EXPECT_EQ(off, 0);
  EXPECT_TRUE(ParseTimeZone("+07:00", &off));
  EXPECT_EQ(off, 7 * 3600);
  EXPECT_TRUE(ParseTimeZone("UTC+7", &off));
  EXPECT_EQ(off, 7 * 3600);
  EXPECT_TRUE(ParseTimeZone("-05:30", &off));
  EXPECT_EQ(off, -(5 * 3600 + 30 * 60));
  EXPECT_FALSE(ParseTimeZone("Europe/Paris", &off));  // daylight saving: not by name
  EXPECT_FALSE(ParseTimeZone("EST", &off));
  EXPECT_FALSE(ParseTimeZone("+25:00", &off));
  EXPECT_FALSE(ParseTimeZone("", &off));
}

TEST(ParseTimestamp, LeapDay) { EXPECT_EQ(Ts("2028-02-29T00:00:00Z"), 1835395200); }

TEST(FormatTimestamp, RoundTrip) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(1790818200), "2026-10-01T01:30:00Z");
  for (int64_t t : {int64_t{0}, int64_t{951782400}, int64_t{1835395200}, int64_t{4102444799}}) {
    EXPECT_EQ(Ts(FormatTimestamp(t)), t);
  }
}

}  // namespace
}  // namespace vox
