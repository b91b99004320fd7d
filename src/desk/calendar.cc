// Working days. A day is a count of days since 1970-01-01 in the office's
// zone (common/time.h's DaysFromCivil); 1970-01-01 was a Thursday, so the
// weekday is (day + 4) mod 7 with Sunday 0. A day is a working day when the
// calendar lists it as a working weekend day ("work", the Saturdays the
// government swaps in to lengthen a holiday), or else when it is Monday to
// Friday and not a holiday. Parse refuses a day listed both ways, so the
// order of those two tests never decides anything.
//
// Deadlines count whole working days after the day a case arrived and end at
// 23:59:59 local time on the last one: "3 working days" from a Friday
// afternoon ends on Wednesday night, whatever the hour it came in.
#include "desk/calendar.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "common/time.h"

namespace vox::desk {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
// A range longer than this is a typo (2026-02-16..2027-02-20), not a holiday.
constexpr int64_t kMaxRangeDays = 366;

// The calendar shipped in the binary. It is also the template of an office's
// holidays.txt, so its reasoning is written as the file's own comments.
constexpr std::string_view kBuiltIn = R"cal(# Vox working-day calendar: Vietnam's public holidays, 2026 and 2027.
#
# The law: Labour Code 2019 (Bộ luật Lao động), Art. 112(1) gives 11 paid
# holidays: Tết Dương lịch 1 day (1/1); Tết Âm lịch 5 days; Giỗ Tổ Hùng Vương
# 1 day (10th day of the 3rd lunar month); Ngày Chiến thắng 1 day (30/4);
# Quốc tế Lao động 1 day (1/5); Quốc khánh 2 days (2/9 and 1/9 or 3/9, as the
# government chooses each year). Art. 111(3): when a holiday falls on the weekly
# rest day, the next working day is off instead (nghỉ bù). Each year the
# Prime Minister approves, on the Ministry of Home Affairs' (Bộ Nội vụ)
# proposal, where the 5 Tết days fall and any swap of a working day for a
# Saturday (hoán đổi ngày làm việc, "work" lines below). Those schedules bind
# state offices (cán bộ, công chức, viên chức), which is what this calendar is
# for; firms may choose other days.
#
# Not included: Ngày Văn hóa Việt Nam (24/11). The Politburo chose it as a
# paid holiday in 2026, but Art. 112 must be amended first; once the amended
# Code is in force, uncomment the lines at the end of each year.
#
# One entry per line: a date, a range (inclusive) or "work DATE"; the rest of
# the line is a name.

# ---- 2026 (all announced).
# Tết Dương lịch: Thu 1/1. The government swapped Fri 2/1 for Sat 10/1
# (approved 25/12/2025), so offices were off Thu 1/1 to Sun 4/1.
2026-01-01              Tết Dương lịch
2026-01-02              Tết Dương lịch (hoán đổi)
work 2026-01-10         làm bù cho 2/1
# Tết Nguyên Đán Bính Ngọ: Lunar New Year is Tue 17/2/2026. Approved by the
# Prime Minister in October 2025: off Sat 14/2 (27 tháng Chạp) to Sun 22/2
# (mùng 6), nine days: the five statutory days Mon 16/2 (29 Chạp, the last day
# of the year) .. Fri 20/2 (mùng 4) and two weekends.
2026-02-16..2026-02-20  Tết Nguyên Đán
# Giỗ Tổ Hùng Vương, 10/3 âm lịch = Sun 26/4/2026: off the next working day.
2026-04-26              Giỗ Tổ Hùng Vương
2026-04-27              Giỗ Tổ Hùng Vương (nghỉ bù)
# Thu 30/4 and Fri 1/5: a four-day weekend without swaps.
2026-04-30              Ngày Chiến thắng
2026-05-01              Quốc tế Lao động
# Quốc khánh: Wed 2/9 with Tue 1/9, and Mon 31/8 swapped for Sat 22/8
# (announced with the Tết schedule): off Sat 29/8 to Wed 2/9.
work 2026-08-22         làm bù cho 31/8
2026-08-31              Quốc khánh (hoán đổi)
2026-09-01..2026-09-02  Quốc khánh
# 2026-11-24            Ngày Văn hóa Việt Nam (see the header)

# ---- 2027 (the law's fixed days are certain; the Tết and Quốc khánh
# schedules had not been announced when this was written: check them against
# the Ministry of Home Affairs' notice and edit holidays.txt).
2027-01-01              Tết Dương lịch (Fri; no swap assumed)
# Tết Nguyên Đán Đinh Mùi: Lunar New Year is Sat 6/2/2027. ASSUMED, not yet
# announced: the five statutory days as the last day of the old year and the
# first four of the new (Fri 5/2 .. Tue 9/2), the 2 that fall on Sat 6/2 and
# Sun 7/2 made up on Wed 10/2 and Thu 11/2 (Art. 111(3)); off Fri 5/2 to Thu
# 11/2. A swap of Fri 12/2 for a Saturday, giving ten days, is possible but
# not assumed.
2027-02-05              Tết Nguyên Đán (assumed)
2027-02-06..2027-02-09  Tết Nguyên Đán
2027-02-10..2027-02-11  Tết Nguyên Đán (nghỉ bù, assumed)
# Giỗ Tổ Hùng Vương, 10/3 âm lịch = Fri 16/4/2027.
2027-04-16              Giỗ Tổ Hùng Vương
# Fri 30/4; Sat 1/5 is made up on Mon 3/5 (Art. 111(3)).
2027-04-30              Ngày Chiến thắng
2027-05-01              Quốc tế Lao động
2027-05-03              Quốc tế Lao động (nghỉ bù)
# Quốc khánh: Thu 2/9. ASSUMED: the second day is Fri 3/9 (rather than Wed
# 1/9), the choice that joins the weekend.
2027-09-02              Quốc khánh
2027-09-03              Quốc khánh (assumed; 1/9 is the alternative)
# 2027-11-24            Ngày Văn hóa Việt Nam (see the header)
)cal";

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t LocalDay(int64_t unix_seconds, int tz_offset) {
  return FloorDiv(unix_seconds + tz_offset, kSecondsPerDay);
}

// 0 = Sunday .. 6 = Saturday.
int Weekday(int64_t day) { return static_cast<int>(day + 4 - 7 * FloorDiv(day + 4, 7)); }

bool IsWeekend(int64_t day) {
  const int w = Weekday(day);
  return w == 0 || w == 6;
}

const char* WeekdayName(int64_t day) {
  static const char* const kNames[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  return kNames[Weekday(day)];
}

// Strictly YYYY-MM-DD, a real calendar date.
bool ParseDate(std::string_view s, int64_t* day) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8};
  const size_t lens[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (size_t k = 0; k < lens[f]; ++k) {
      const char c = s[starts[f] + k];
      if (c < '0' || c > '9') return false;
      v[f] = v[f] * 10 + (c - '0');
    }
  }
  const int y = v[0], m = v[1], d = v[2];
  if (m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int dim = (m == 2 && leap) ? 29 : kDays[m - 1];
  if (d > dim) return false;
  *day = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

std::string FormatDay(int64_t day) {
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(day, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// The next whitespace-separated word of *rest, which moves past it.
std::string_view NextWord(std::string_view* rest) {
  size_t i = 0;
  while (i < rest->size() && IsSpace((*rest)[i])) ++i;
  size_t j = i;
  while (j < rest->size() && !IsSpace((*rest)[j])) ++j;
  std::string_view word = rest->substr(i, j - i);
  rest->remove_prefix(j);
  return word;
}

}  // namespace

Result<WorkCalendar> WorkCalendar::Parse(std::string_view text, std::string_view origin) {
  WorkCalendar cal;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);

    const std::string where = std::string(origin) + ":" + std::to_string(line_no) + ": ";
    std::string_view word = NextWord(&line);
    if (word.empty()) continue;
    const bool work = word == "work";
    if (work) {
      word = NextWord(&line);
      if (word.empty()) return Status::InvalidArgument(where + "'work' needs a date (work 2026-05-09)");
    }
    // The rest of the line is the day's name, which only people read.
    int64_t first = 0, last = 0;
    if (const size_t dots = word.find(".."); dots != std::string_view::npos) {
      const std::string_view a = word.substr(0, dots), b = word.substr(dots + 2);
      if (!ParseDate(a, &first)) return Status::InvalidArgument(where + "'" + std::string(a) + "' is not a date");
      if (!ParseDate(b, &last)) return Status::InvalidArgument(where + "'" + std::string(b) + "' is not a date");
      if (last < first) {
        return Status::InvalidArgument(where + "the range " + std::string(word) + " ends before it starts");
      }
      if (last - first >= kMaxRangeDays) {
        return Status::InvalidArgument(where + "the range " + std::string(word) + " is longer than a year");
      }
    } else {
      if (!ParseDate(word, &first)) return Status::InvalidArgument(where + "'" + std::string(word) + "' is not a date");
      last = first;
    }
    for (int64_t day = first; day <= last; ++day) {
      if (work) {
        if (!IsWeekend(day)) {
          return Status::InvalidArgument(where + FormatDay(day) + " is a " + WeekdayName(day) +
                                         ", already a working day ('work' is for a Saturday or Sunday)");
        }
        if (cal.holidays_.count(day) > 0) {
          return Status::InvalidArgument(where + FormatDay(day) + " is listed above as a holiday");
        }
        cal.working_weekend_days_.insert(day);
      } else {
        if (cal.working_weekend_days_.count(day) > 0) {
          return Status::InvalidArgument(where + FormatDay(day) + " is listed above as a working day");
        }
        cal.holidays_.insert(day);
      }
    }
  }
  return cal;
}

std::string_view WorkCalendar::BuiltInText() { return kBuiltIn; }

const WorkCalendar& WorkCalendar::BuiltIn() {
  static const WorkCalendar cal = [] {
    Result<WorkCalendar> r = Parse(kBuiltIn, "built-in calendar");
    if (!r.ok()) {
      // The text is a constant checked by the tests; failing here is a bug.
      std::fprintf(stderr, "vox: internal error: %s\n", r.status().message().c_str());
      std::abort();
    }
    return std::move(r).value();
  }();
  return cal;
}

bool WorkCalendar::IsWorkingDay(int64_t day) const {
  if (working_weekend_days_.count(day) > 0) return true;
  return !IsWeekend(day) && holidays_.count(day) == 0;
}

int64_t WorkCalendar::AddWorkingDays(int64_t from, int n, int tz_offset) const {
  int64_t day = LocalDay(from, tz_offset);
  int64_t left = std::max(n, 0);
  // Past the last day the calendar lists, only weekends matter, so whole
  // weeks are skipped five working days at a time (a huge n stays cheap).
  int64_t last_listed = INT64_MIN;
  if (!holidays_.empty()) last_listed = *holidays_.rbegin();
  if (!working_weekend_days_.empty()) last_listed = std::max(last_listed, *working_weekend_days_.rbegin());
  while (left > 0) {
    if (day >= last_listed && left > 5) {
      const int64_t weeks = (left - 1) / 5;
      day += 7 * weeks;
      left -= 5 * weeks;
      continue;
    }
    ++day;
    if (IsWorkingDay(day)) --left;
  }
  return (day + 1) * kSecondsPerDay - 1 - tz_offset;
}

int WorkCalendar::WorkingDaysBetween(int64_t from, int64_t to, int tz_offset) const {
  const int64_t a = LocalDay(from, tz_offset);  // excluded
  const int64_t b = LocalDay(to, tz_offset);    // included
  if (b <= a) return 0;
  // Weekdays in (a, b]: whole weeks, then the remaining days one by one.
  const int64_t span = b - a;
  int64_t count = span / 7 * 5;
  for (int64_t day = a + span / 7 * 7 + 1; day <= b; ++day) {
    if (!IsWeekend(day)) ++count;
  }
  for (auto it = holidays_.upper_bound(a); it != holidays_.end() && *it <= b; ++it) {
    if (!IsWeekend(*it)) --count;
  }
  for (auto it = working_weekend_days_.upper_bound(a); it != working_weekend_days_.end() && *it <= b; ++it) {
    ++count;
  }
  return static_cast<int>(std::min<int64_t>(count, INT_MAX));
}

}  // namespace vox::desk
