// Time: the dates people and feeds write, the office's time zone, and the
// calendar arithmetic every stage shares (no C library locale or TZ calls).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vox {

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's
// "days from civil"). Month 1..12, day 1..31.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);

// How a date written with slashes (or dots or dashes) and the day and month
// as numbers, "03/01/2011", is read.
enum class DayOrder {
  // Day first (the Vietnamese way), unless the value cannot be: "03/25/2011"
  // (no month 25) is read month first. For single values (a feed's date).
  kPreferDayFirst,
  kDayFirst,    // dd/mm/yyyy only; "03/25/2011" is not a date
  kMonthFirst,  // mm/dd/yyyy only; "25/03/2011" is not a date
};

// The office's time zone when nothing else is said: Asia/Ho_Chi_Minh, UTC+7
// (Vietnam has kept +07:00, without daylight saving, since 1975).
inline constexpr int kOfficeOffsetSeconds = 7 * 3600;
inline constexpr const char* kOfficeTimeZone = "Asia/Ho_Chi_Minh";

struct DateOptions {
  // Seconds east of UTC for a time written without an offset or zone.
  int local_offset_seconds = kOfficeOffsetSeconds;
  DayOrder day_order = DayOrder::kPreferDayFirst;
};

// Parses the dates people and feeds write (years 1970..2100, calendar
// checked; see docs/formats.md "Timestamps"):
//  - RFC 3339 / ISO 8601: "2026-10-01T08:30:00+07:00", "...Z", fractions,
//    "+0700", "+07", a space for "T", "2026-10-01 08:30:00.250", date only,
//    "2026/10/01 08:30", basic "20261001T083000Z";
//  - RFC 822 / 2822: "Tue, 24 Nov 2026 08:30:00 +0700", full day and month
//    names, no comma, "24-Nov-2026", zones GMT UT UTC Z EST... ICT,
//    "GMT+7", "+07:00", a comment "(ICT)";
//  - numeric dates: "10/02/2026", "10/2/2026 9:25:00 AM", "10-02-2026
//    09:25", "10.02.2026", "09:25 10/02/2026" (time first), AM/PM and the
//    Vietnamese SA/CH, the order per opts.day_order;
//  - any of these followed by an offset or zone ("GMT+7", "(GMT+7)").
// A time without an offset or zone is in opts.local_offset_seconds.
// Returns false, leaving *unix_seconds alone, when the text is not a date.
bool ParseTimestamp(const std::string& s, int64_t* unix_seconds, const DateOptions& opts);

// The same shapes, a time without an offset read as UTC. Kept for callers
// outside the readers (command-line options, fact-check files); readers pass
// the office's time zone (ReadOptions::dates).
bool ParseTimestamp(const std::string& s, int64_t* unix_seconds);

// What one value says about the order of a numeric date, for deciding a
// whole column ("03/01/2011" alone cannot tell).
enum class DateOrderHint {
  kNotNumericDate,  // not "N/N/YYYY…" (ISO, RFC 822, text…)
  kAmbiguous,       // both fields <= 12
  kDayFirstOnly,    // first field > 12: "25/03/2011"
  kMonthFirstOnly,  // second field > 12: "03/25/2011"
  kNeither,         // neither order is a calendar date
};
DateOrderHint NumericDateOrderHint(std::string_view s);

// Collects hints over the values of a column and decides its order: month
// first only when some value can only be month first and none only day
// first; otherwise day first (kDayFirst when settled or when no value tells,
// kPreferDayFirst when values contradict each other, so each is read alone).
class DayOrderVotes {
 public:
  void Add(std::string_view value);
  DayOrder Decide() const;
  int64_t day_first_only() const { return day_first_only_; }
  int64_t month_first_only() const { return month_first_only_; }

 private:
  int64_t day_first_only_ = 0;
  int64_t month_first_only_ = 0;
};

// A time zone as a user gives it ("Asia/Ho_Chi_Minh", "UTC", "+07:00",
// "UTC+7"). Only zones with one offset through 1976..2100 are known by name
// (Vietnam's and its neighbours'); others must be given as an offset.
// Returns false when the name is not understood.
bool ParseTimeZone(std::string_view name, int* offset_seconds);

std::string FormatTimestamp(int64_t unix_seconds);  // RFC 3339, UTC "Z"

}  // namespace vox
