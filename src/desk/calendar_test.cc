#include "desk/calendar.h"

#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "common/time.h"

namespace vox::desk {
namespace {

constexpr int kTz = kOfficeOffsetSeconds;  // UTC+7

int64_t Day(int64_t y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d); }

// Unix seconds of a local (UTC+7) wall-clock time.
int64_t Local(int64_t y, unsigned m, unsigned d, int h, int min = 0, int s = 0) {
  return Day(y, m, d) * 86400 + h * 3600 + min * 60 + s - kTz;
}

// The deadline AddWorkingDays should give: 23:59:59 local on that day.
int64_t EndOf(int64_t y, unsigned m, unsigned d) { return Local(y, m, d, 23, 59, 59); }

WorkCalendar MustParse(std::string_view text) {
  auto r = WorkCalendar::Parse(text, "holidays.txt");
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : WorkCalendar();
}

std::string ParseError(std::string_view text) {
  auto r = WorkCalendar::Parse(text, "holidays.txt");
  EXPECT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return r.status().message();
}

TEST(WorkCalendar, EmptyCalendarKeepsWeekendsOnly) {
  WorkCalendar cal = MustParse("");
  EXPECT_TRUE(cal.IsWorkingDay(Day(2026, 3, 6)));   // Friday
  EXPECT_FALSE(cal.IsWorkingDay(Day(2026, 3, 7)));  // Saturday
  EXPECT_FALSE(cal.IsWorkingDay(Day(2026, 3, 8)));  // Sunday
  EXPECT_TRUE(cal.IsWorkingDay(Day(2026, 3, 9)));   // Monday
  EXPECT_TRUE(cal.IsWorkingDay(Day(1969, 12, 31)));  // a Wednesday before the epoch
  EXPECT_FALSE(cal.IsWorkingDay(Day(1969, 12, 28)));  // a Sunday before the epoch
}

TEST(WorkCalendar, FridayPlusOneWorkingDayIsMonday) {
  WorkCalendar cal = MustParse("");
  EXPECT_EQ(cal.AddWorkingDays(Local(2026, 3, 6, 16, 30), 1, kTz), EndOf(2026, 3, 9));
  EXPECT_EQ(cal.AddWorkingDays(Local(2026, 3, 6, 16, 30), 5, kTz), EndOf(2026, 3, 13));
  EXPECT_EQ(cal.AddWorkingDays(Local(2026, 3, 6, 16, 30), 6, kTz), EndOf(2026, 3, 16));
}

TEST(WorkCalendar, ZeroOrFewerDaysEndTheSameLocalDay) {
  WorkCalendar cal = MustParse("");
  EXPECT_EQ(cal.AddWorkingDays(Local(2026, 3, 7, 9), 0, kTz), EndOf(2026, 3, 7));
  EXPECT_EQ(cal.AddWorkingDays(Local(2026, 3, 7, 9), -3, kTz), EndOf(2026, 3, 7));
}

TEST(WorkCalendar, TheLocalDayCountsNotTheUtcDay) {
  WorkCalendar cal = MustParse("");
  // 20:00 UTC on Friday 6 March is 03:00 on Saturday in Hanoi: one working
  // day later is Monday's end, the same as from Friday (the weekend adds none).
  const int64_t from = Day(2026, 3, 6) * 86400 + 20 * 3600;
  EXPECT_EQ(cal.AddWorkingDays(from, 1, kTz), EndOf(2026, 3, 9));
  // 16:59:59 UTC on Thursday 5 March is still Thursday in Hanoi (23:59:59):
  // one working day later is Friday.
  EXPECT_EQ(cal.AddWorkingDays(Day(2026, 3, 5) * 86400 + 16 * 3600 + 59 * 60 + 59, 1, kTz), EndOf(2026, 3, 6));
  // In UTC the same instant ends on Friday 23:59:59 UTC.
  EXPECT_EQ(cal.AddWorkingDays(Day(2026, 3, 5) * 86400 + 12 * 3600, 1, 0), Day(2026, 3, 6) * 86400 + 86399);
}

TEST(WorkCalendar, AHolidayOnMondayIsSkipped) {
  WorkCalendar cal = MustParse("2026-03-09  a Monday off\n");
  EXPECT_TRUE(cal.IsHoliday(Day(2026, 3, 9)));
  EXPECT_FALSE(cal.IsWorkingDay(Day(2026, 3, 9)));
  EXPECT_EQ(cal.AddWorkingDays(Local(2026, 3, 6, 10), 1, kTz), EndOf(2026, 3, 10));
  // The built-in calendar: Giỗ Tổ Hùng Vương falls on Sunday 26/4/2026 and is
  // made up on Monday 27/4.
  const WorkCalendar& vn = WorkCalendar::BuiltIn();
  EXPECT_FALSE(vn.IsWorkingDay(Day(2026, 4, 27)));
  EXPECT_EQ(vn.AddWorkingDays(Local(2026, 4, 24, 10), 1, kTz), EndOf(2026, 4, 28));
}

TEST(WorkCalendar, WorkDaysCount) {
  WorkCalendar cal = MustParse("work 2026-03-07  làm bù\n");
  EXPECT_TRUE(cal.IsWorkingDay(Day(2026, 3, 7)));
  EXPECT_FALSE(cal.IsHoliday(Day(2026, 3, 7)));
  EXPECT_EQ(cal.AddWorkingDays(Local(2026, 3, 6, 10), 1, kTz), EndOf(2026, 3, 7));
  EXPECT_EQ(cal.AddWorkingDays(Local(2026, 3, 6, 10), 2, kTz), EndOf(2026, 3, 9));
  // The built-in calendar: Saturday 10/1/2026 was worked for Friday 2/1.
  const WorkCalendar& vn = WorkCalendar::BuiltIn();
  EXPECT_TRUE(vn.IsWorkingDay(Day(2026, 1, 10)));
  EXPECT_FALSE(vn.IsWorkingDay(Day(2026, 1, 2)));
  EXPECT_EQ(vn.AddWorkingDays(Local(2026, 1, 9, 10), 1, kTz), EndOf(2026, 1, 10));
  EXPECT_EQ(vn.AddWorkingDays(Local(2025, 12, 31, 10), 1, kTz), EndOf(2026, 1, 5));
}

TEST(WorkCalendar, ADeadlineAcrossTet2026) {
  const WorkCalendar& vn = WorkCalendar::BuiltIn();
  // Off from Saturday 14/2 to Sunday 22/2/2026.
  for (unsigned d = 14; d <= 22; ++d) EXPECT_FALSE(vn.IsWorkingDay(Day(2026, 2, d))) << "2026-02-" << d;
  EXPECT_TRUE(vn.IsWorkingDay(Day(2026, 2, 13)));
  EXPECT_TRUE(vn.IsWorkingDay(Day(2026, 2, 23)));
  // A case opened on Friday 13/2 with 3 working days is due on Wednesday 25/2.
  EXPECT_EQ(vn.AddWorkingDays(Local(2026, 2, 13, 10), 3, kTz), EndOf(2026, 2, 25));
  // One opened on Thursday 12/2 with 1 working day is due the next day.
  EXPECT_EQ(vn.AddWorkingDays(Local(2026, 2, 12, 10), 1, kTz), EndOf(2026, 2, 13));
  // One opened during Tết counts from the first day back.
  EXPECT_EQ(vn.AddWorkingDays(Local(2026, 2, 17, 10), 1, kTz), EndOf(2026, 2, 23));
  EXPECT_EQ(vn.WorkingDaysBetween(Local(2026, 2, 13, 10), Local(2026, 2, 25, 10), kTz), 3);
}

TEST(WorkCalendar, BuiltInHolidays) {
  const WorkCalendar& vn = WorkCalendar::BuiltIn();
  for (auto [y, m, d] : {std::tuple<int64_t, unsigned, unsigned>{2026, 1, 1},
                         {2026, 4, 30}, {2026, 5, 1}, {2026, 8, 31}, {2026, 9, 1}, {2026, 9, 2},
                         {2027, 1, 1}, {2027, 2, 8}, {2027, 4, 16}, {2027, 4, 30}, {2027, 5, 3}, {2027, 9, 2}}) {
    EXPECT_TRUE(vn.IsHoliday(Day(y, m, d))) << y << "-" << m << "-" << d;
    EXPECT_FALSE(vn.IsWorkingDay(Day(y, m, d))) << y << "-" << m << "-" << d;
  }
  EXPECT_TRUE(vn.IsWorkingDay(Day(2026, 8, 22)));  // Saturday worked for Monday 31/8
  // 2026: 261 weekdays, 13 of them holidays (1-2/1, 16-20/2, 27/4, 30/4, 1/5,
  // 31/8, 1-2/9), and 2 Saturdays worked (10/1, 22/8).
  EXPECT_EQ(vn.WorkingDaysBetween(Local(2025, 12, 31, 12), Local(2026, 12, 31, 12), kTz), 250);
  // The text it was read from is the template of holidays.txt and parses alone.
  auto again = WorkCalendar::Parse(WorkCalendar::BuiltInText(), "holidays.txt");
  ASSERT_TRUE(again.ok()) << again.status().message();
}

TEST(WorkCalendar, WorkingDaysBetweenUndoesAddWorkingDays) {
  const WorkCalendar& vn = WorkCalendar::BuiltIn();
  for (int64_t start = Day(2025, 12, 20); start <= Day(2028, 1, 10); start += 3) {
    const int64_t from = start * 86400 + 3 * 3600 - kTz;
    for (int n : {0, 1, 2, 5, 17, 40}) {
      const int64_t due = vn.AddWorkingDays(from, n, kTz);
      ASSERT_EQ(vn.WorkingDaysBetween(from, due, kTz), n) << "start day " << start << " n " << n;
    }
  }
  EXPECT_EQ(vn.WorkingDaysBetween(Local(2026, 3, 9, 10), Local(2026, 3, 9, 23), kTz), 0);
  EXPECT_EQ(vn.WorkingDaysBetween(Local(2026, 3, 9, 10), Local(2026, 3, 2, 10), kTz), 0);
}

TEST(WorkCalendar, WorkingDaysBetweenMatchesCountingDayByDay) {
  const WorkCalendar& vn = WorkCalendar::BuiltIn();
  const int64_t a = Day(2025, 11, 1);
  for (int64_t b = a; b <= Day(2028, 3, 1); b += 11) {
    int naive = 0;
    for (int64_t d = a + 1; d <= b; ++d) naive += vn.IsWorkingDay(d) ? 1 : 0;
    ASSERT_EQ(vn.WorkingDaysBetween(a * 86400 - kTz, b * 86400 - kTz, kTz), naive) << b;
  }
}

TEST(WorkCalendar, AHugeCountStaysCheap) {
  WorkCalendar cal = MustParse("");
  // 5 working days a week past the last listed day: 1000000 working days is
  // 200000 weeks exactly, ending on the same weekday as the start.
  const int64_t due = cal.AddWorkingDays(Local(2026, 3, 6, 10), 1'000'000, kTz);
  EXPECT_EQ(due, EndOf(2026, 3, 6) + int64_t{200'000} * 7 * 86400);
}

TEST(WorkCalendar, ParsesRangesCommentsAndCrlf) {
  WorkCalendar cal = MustParse(
      "# a comment line\r\n"
      "\r\n"
      "2026-02-16..2026-02-20  Tết  # five days\r\n"
      "   2026-03-09\tone day, indented\r\n"
      "work 2026-03-07..2026-03-08\r\n"
      "2028-02-29 a leap day");
  for (unsigned d = 16; d <= 20; ++d) EXPECT_TRUE(cal.IsHoliday(Day(2026, 2, d)));
  EXPECT_FALSE(cal.IsHoliday(Day(2026, 2, 15)));
  EXPECT_FALSE(cal.IsHoliday(Day(2026, 2, 21)));
  EXPECT_TRUE(cal.IsHoliday(Day(2026, 3, 9)));
  EXPECT_TRUE(cal.IsWorkingDay(Day(2026, 3, 8)));
  EXPECT_TRUE(cal.IsHoliday(Day(2028, 2, 29)));
}

TEST(WorkCalendar, ParseErrorsNameFileAndLine) {
  EXPECT_EQ(ParseError("# holidays\n2026-01-01\n\n\n\n\n2026-13-01 bad month\n"),
            "holidays.txt:7: '2026-13-01' is not a date");
  EXPECT_EQ(ParseError("2026-02-30\n"), "holidays.txt:1: '2026-02-30' is not a date");
  EXPECT_EQ(ParseError("2027-02-29\n"), "holidays.txt:1: '2027-02-29' is not a date");
  EXPECT_EQ(ParseError("16/02/2026\n"), "holidays.txt:1: '16/02/2026' is not a date");
  EXPECT_EQ(ParseError("2026-2-16\n"), "holidays.txt:1: '2026-2-16' is not a date");
  EXPECT_EQ(ParseError("\n2026-02-16..2026-02-32\n"), "holidays.txt:2: '2026-02-32' is not a date");
  EXPECT_EQ(ParseError("2026-02-20..2026-02-16\n"),
            "holidays.txt:1: the range 2026-02-20..2026-02-16 ends before it starts");
  EXPECT_EQ(ParseError("2026-02-16..2027-02-20\n"),
            "holidays.txt:1: the range 2026-02-16..2027-02-20 is longer than a year");
  EXPECT_EQ(ParseError("work\n"), "holidays.txt:1: 'work' needs a date (work 2026-05-09)");
  EXPECT_EQ(ParseError("work 2026-05-06\n"),
            "holidays.txt:1: 2026-05-06 is a Wednesday, already a working day ('work' is for a Saturday or Sunday)");
  EXPECT_EQ(ParseError("2026-05-09\nwork 2026-05-09\n"), "holidays.txt:2: 2026-05-09 is listed above as a holiday");
  EXPECT_EQ(ParseError("work 2026-05-09\n2026-05-09\n"),
            "holidays.txt:2: 2026-05-09 is listed above as a working day");
}

}  // namespace
}  // namespace vox::desk
