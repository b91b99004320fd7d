#include "ingest/item.h"

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
  EXPECT_EQ(Ts("2026-10-01 01:30:00"), 1790818200);       // no offset = UTC
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
