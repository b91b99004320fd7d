// Working days: deadlines of cases count working days in the office's time
// zone, skipping Saturdays, Sundays and public holidays from a calendar the
// office can edit (holidays.txt; 2026 and 2027 ship built in, Tết included).
//
// Calendar file format, one entry per line, '#' starts a comment:
//   2026-02-16  Tết Nguyên Đán          a day off
//   2026-02-16..2026-02-20  Tết           a range of days off (inclusive)
//   work 2026-05-09  làm bù               a Saturday or Sunday that is a working day
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "common/status.h"

namespace vox::desk {

class WorkCalendar {
 public:
  // Parses a calendar file's text; errors name `origin`:line and the problem.
  static Result<WorkCalendar> Parse(std::string_view text, std::string_view origin);
  // The built-in calendar (Vietnamese public holidays 2026-2027).
  static const WorkCalendar& BuiltIn();
  static std::string_view BuiltInText();

  // `day` counts days since 1970-01-01 (a civil date in the office's zone).
  bool IsWorkingDay(int64_t day) const;
  bool IsHoliday(int64_t day) const { return holidays_.count(day) > 0; }

  // The deadline `n` working days after `from` (Unix seconds): the end
  // (23:59:59 local) of the n-th working day after the local day of `from`.
  // n <= 0: the end of `from`'s own day. tz_offset: seconds east of UTC.
  int64_t AddWorkingDays(int64_t from, int n, int tz_offset) const;
  // Working days from the local day of `from` to the local day of `to`
  // (0 when `to` is the same day or earlier).
  int WorkingDaysBetween(int64_t from, int64_t to, int tz_offset) const;

 private:
  std::set<int64_t> holidays_;
  std::set<int64_t> working_weekend_days_;
};

}  // namespace vox::desk
