// Timestamp parsing without the C library's locale- and TZ-dependent calls
// (strptime, mktime, timegm). Dates are converted with the proleptic
// Gregorian "days from civil" algorithm (H. Hinnant), so the result only
// depends on the text and the options. Accepted years: 1970..2100 (as
// written, before the offset is applied). Each grammar below reads the
// whole text or fails; ParseTimestamp tries them in turn.
#include "common/time.h"

#include <cstdio>
#include <string_view>

namespace vox {

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

namespace {

constexpr int kMinYear = 1970;
constexpr int kMaxYear = 2100;

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// A cursor over the text; every Read* returns false without moving on a
// mismatch, so the parsers read as grammar.
struct Cursor {
  std::string_view s;
  size_t i = 0;

  bool AtEnd() const { return i >= s.size(); }
  char Peek() const { return AtEnd() ? '\0' : s[i]; }
  bool Accept(char c) {
    if (Peek() != c) return false;
    ++i;
    return true;
  }
  // Exactly n digits.
  bool ReadDigits(int n, int* out) {
    if (i + n > s.size()) return false;
    int v = 0;
    for (int k = 0; k < n; ++k) {
      if (!IsDigit(s[i + k])) return false;
      v = v * 10 + (s[i + k] - '0');
    }
    i += n;
    *out = v;
    return true;
  }
  // 1..max_n digits.
  bool ReadNumber(int max_n, int* out, int* count) {
    int v = 0, n = 0;
    while (n < max_n && i < s.size() && IsDigit(s[i])) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++n;
    }
    if (n == 0) return false;
    *out = v;
    if (count) *count = n;
    return true;
  }
  void SkipSpaces() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  }
};

bool Assemble(int year, int month, int day, int hour, int minute, int second,
              int offset_seconds, int64_t* out) {
  if (year < kMinYear || year > kMaxYear) return false;
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > DaysInMonth(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (second == 60) second = 59;  // a leap second is read as the second before
  const int64_t days = DaysFromCivil(year, month, day);
  *out = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  return true;
}

// An offset or zone after the time; has = false when none was written.
struct Zone {
  bool has = false;
  int offset = 0;  // seconds east of UTC
};

// "+07:00", "+0700", "+07", "+7", "-05:30". Sets *offset (seconds east of UTC).
bool ReadNumericOffset(Cursor& c, int* offset) {
  const size_t start = c.i;
  const char sign = c.Peek();
  if (sign != '+' && sign != '-') return false;
  ++c.i;
  int hh = 0, mm = 0, n = 0;
  if (!c.ReadNumber(4, &hh, &n) || n == 3) {
    c.i = start;
    return false;
  }
  if (n == 4) {  // "0700"
    mm = hh % 100;
    hh /= 100;
  } else if (c.Accept(':')) {
    if (!c.ReadDigits(2, &mm)) {
      c.i = start;
      return false;
    }
  }
  if (hh > 23 || mm > 59) {
    c.i = start;
    return false;
  }
  *offset = (hh * 3600 + mm * 60) * (sign == '-' ? -1 : 1);
  return true;
}

int MonthFromName(std::string_view name) {
  static constexpr const char* kMonths[] = {"january", "february", "march",     "april",
                                            "may",     "june",     "july",      "august",
                                            "september", "october", "november", "december"};
  if (name.size() < 3) return 0;
  std::string lower;
  for (char ch : name) lower += Lower(ch);
  for (int m = 0; m < 12; ++m) {
    const std::string_view full = kMonths[m];
    // "Nov", "November", and "Sept".
    if (lower == full.substr(0, 3) || lower == full || (m == 8 && lower == "sept")) return m + 1;
  }
  return 0;
}

bool IsDayName(std::string_view name) {
  static constexpr const char* kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                          "friday", "saturday", "sunday"};
  std::string lower;
  for (char ch : name) lower += Lower(ch);
  for (const char* d : kDays) {
    const std::string_view full = d;
    if (lower == full.substr(0, 3) || lower == full) return true;
  }
  return false;
}

// Named zones of RFC 822 / RFC 2822 (obs-zone), and ICT (Indochina Time).
bool ZoneFromName(std::string_view name, int* offset) {
  std::string lower;
  for (char ch : name) lower += Lower(ch);
  struct Named {
    const char* name;
    int hours;
  };
  static constexpr Named kZones[] = {{"gmt", 0},  {"ut", 0},   {"utc", 0},  {"z", 0},
                                     {"est", -5}, {"edt", -4}, {"cst", -6}, {"cdt", -5},
                                     {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7},
                                     {"ict", 7}};
  for (const Named& z : kZones) {
    if (lower == z.name) {
      *offset = z.hours * 3600;
      return true;
    }
  }
  return false;
}

bool ReadZoneInner(Cursor& c, Zone* zone);

// A parenthesised comment after the zone, as RFC 2822 allows ("+0700
// (ICT)"); when no zone came before, the comment must be one ("(GMT+7)", as
// Vietnamese sites write it). No nesting.
bool ReadZoneComment(Cursor& c, Zone* zone) {
  const size_t open = c.i;
  if (!c.Accept('(')) return false;
  const size_t close = c.s.find(')', c.i);
  if (close == std::string_view::npos || close - open > 40) {
    c.i = open;
    return false;
  }
  if (!zone->has) {
    Cursor inner{c.s.substr(0, close), c.i};
    inner.SkipSpaces();
    if (!ReadZoneInner(inner, zone)) {
      c.i = open;
      return false;
    }
    inner.SkipSpaces();
    if (!inner.AtEnd()) {
      c.i = open;
      return false;
    }
  }
  c.i = close + 1;
  return true;
}

// One zone: "Z", a numeric offset, a name, "GMT+7" / "UTC+07:00".
bool ReadZoneInner(Cursor& c, Zone* zone) {
  const size_t start = c.i;
  if (c.Peek() == '+' || c.Peek() == '-') {
    if (!ReadNumericOffset(c, &zone->offset)) return false;
    zone->has = true;
    return true;
  }
  if (!IsAlpha(c.Peek())) return false;
  while (IsAlpha(c.Peek())) ++c.i;
  const std::string_view word = c.s.substr(start, c.i - start);
  int offset = 0;
  if (!ZoneFromName(word, &offset)) {
    c.i = start;
    return false;
  }
  if (offset == 0 && (c.Peek() == '+' || c.Peek() == '-')) {  // "GMT+7"
    if (!ReadNumericOffset(c, &offset)) {
      c.i = start;
      return false;
    }
  }
  zone->offset = offset;
  zone->has = true;
  return true;
}

// Whatever may follow a time up to the end: nothing, a zone, a comment, or
// both. Returns false when anything else is left.
bool ReadZoneToEnd(Cursor& c, Zone* zone) {
  c.SkipSpaces();
  if (!c.AtEnd() && c.Peek() != '(') {
    if (!ReadZoneInner(c, zone)) return false;
    c.SkipSpaces();
  }
  if (c.Peek() == '(') {
    if (!ReadZoneComment(c, zone)) return false;
    c.SkipSpaces();
  }
  return c.AtEnd();
}

struct ClockTime {
  int hour = 0, minute = 0, second = 0;
};

// "9:25", "09:25:00", "09:25:00.250", each optionally followed by AM/PM (or
// the Vietnamese SA "sáng" / CH "chiều" that Windows writes), which then
// requires an hour 1..12. On failure the cursor does not move.
bool ReadClock(Cursor& c, ClockTime* t) {
  const size_t start = c.i;
  int h, m, sec = 0;
  if (!c.ReadNumber(2, &h, nullptr) || !c.Accept(':') || !c.ReadDigits(2, &m)) {
    c.i = start;
    return false;
  }
  if (c.Accept(':')) {
    if (!c.ReadDigits(2, &sec)) {
      c.i = start;
      return false;
    }
    const size_t dot = c.i;
    if (c.Accept('.') || c.Accept(',')) {
      if (!IsDigit(c.Peek())) {
        c.i = dot;  // "10:00:00, ..." is not a fraction
      } else {
        while (IsDigit(c.Peek())) ++c.i;  // more precision than we keep
      }
    }
  }
  const size_t before = c.i;
  c.SkipSpaces();
  if (c.i + 2 <= c.s.size() && !(c.i + 2 < c.s.size() && IsAlpha(c.s[c.i + 2]))) {
    const char a = Lower(c.s[c.i]), b = Lower(c.s[c.i + 1]);
    int pm = -1;
    if ((a == 'a' && b == 'm') || (a == 's' && b == 'a')) pm = 0;
    if ((a == 'p' && b == 'm') || (a == 'c' && b == 'h')) pm = 1;
    if (pm >= 0) {
      if (h < 1 || h > 12) {
        c.i = start;
        return false;
      }
      h = h % 12 + (pm ? 12 : 0);
      c.i += 2;
      *t = {h, m, sec};
      return true;
    }
  }
  c.i = before;
  *t = {h, m, sec};
  return true;
}

// ISO 8601 / RFC 3339 and relatives: "YYYY-MM-DD", "YYYY/MM/DD",
// "YYYYMMDDThhmmss", then ("T" | "t" | spaces) and a time, then a zone.
bool ParseIsoLike(std::string_view s, int local_offset, int64_t* out) {
  Cursor c{s};
  int year, month, day;
  if (!c.ReadDigits(4, &year)) return false;
  bool basic = false;
  if (c.Peek() == '-' || c.Peek() == '/') {
    const char sep = c.s[c.i++];
    int n;
    if (!c.ReadNumber(2, &month, &n) || !c.Accept(sep) || !c.ReadNumber(2, &day, &n)) return false;
    if (IsDigit(c.Peek())) return false;
  } else {
    if (!c.ReadDigits(2, &month) || !c.ReadDigits(2, &day)) return false;
    if (c.Peek() != 'T' && c.Peek() != 't') return false;  // a bare 8-digit number is no date
    basic = true;
  }
  ClockTime t;
  Zone zone;
  if (!c.AtEnd()) {
    const char sep = c.Peek();
    if (sep == 'T' || sep == 't') {
      ++c.i;
    } else if (sep == ' ') {
      c.SkipSpaces();
    } else if (!ReadZoneToEnd(c, &zone)) {
      return false;
    }
    if (!c.AtEnd()) {
      if (basic) {
        if (!c.ReadDigits(2, &t.hour) || !c.ReadDigits(2, &t.minute)) return false;
        if (IsDigit(c.Peek()) && !c.ReadDigits(2, &t.second)) return false;
        if (c.Accept('.') || c.Accept(',')) {
          if (!IsDigit(c.Peek())) return false;
          while (IsDigit(c.Peek())) ++c.i;
        }
      } else if (!ReadClock(c, &t)) {
        return false;
      }
      if (c.Accept('Z') || c.Accept('z')) {
        zone = {true, 0};
        c.SkipSpaces();
        if (c.Peek() == '(' && !ReadZoneComment(c, &zone)) return false;
        c.SkipSpaces();
        if (!c.AtEnd()) return false;
      } else if (!ReadZoneToEnd(c, &zone)) {
        return false;
      }
    }
  }
  return Assemble(year, month, day, t.hour, t.minute, t.second,
                  zone.has ? zone.offset : local_offset, out);
}

// A date with the day and month as numbers: "D/M/YYYY", "D.M.YYYY",
// "D-M-YYYY" (same separator twice), optionally with a time after it
// (separated by spaces, ", ", " - " or "T") or before it ("09:25
// 10/02/2026"), and a zone at the end.
struct NumericDate {
  int first = 0, second = 0, year = 0;
  ClockTime t;
  Zone zone;
};

bool ReadNumericDate(std::string_view s, NumericDate* d) {
  Cursor c{s};
  bool have_clock = ReadClock(c, &d->t);
  if (have_clock) {
    c.SkipSpaces();
    if (c.Accept(',') || c.Accept('-')) c.SkipSpaces();
    if (c.i == 0 || !IsDigit(c.Peek())) return false;
  }
  int n;
  if (!c.ReadNumber(2, &d->first, &n)) return false;
  const char sep = c.Peek();
  if (sep != '/' && sep != '.' && sep != '-') return false;
  ++c.i;
  if (!c.ReadNumber(2, &d->second, &n) || !c.Accept(sep) || !c.ReadDigits(4, &d->year) ||
      IsDigit(c.Peek())) {
    return false;
  }
  if (!have_clock && !c.AtEnd()) {
    const size_t after_date = c.i;
    if (c.Accept('T')) {
      if (!ReadClock(c, &d->t)) return false;
    } else {
      c.SkipSpaces();
      if (c.Accept(',') || c.Accept('-') || c.Accept('|')) c.SkipSpaces();
      if (!ReadClock(c, &d->t)) c.i = after_date;  // maybe only a zone follows
    }
  }
  return ReadZoneToEnd(c, &d->zone);
}

bool AssembleNumeric(const NumericDate& d, bool day_first, int local_offset, int64_t* out) {
  const int day = day_first ? d.first : d.second;
  const int month = day_first ? d.second : d.first;
  return Assemble(d.year, month, day, d.t.hour, d.t.minute, d.t.second,
                  d.zone.has ? d.zone.offset : local_offset, out);
}

bool ParseNumeric(std::string_view s, const DateOptions& opts, int64_t* out) {
  NumericDate d;
  if (!ReadNumericDate(s, &d)) return false;
  bool day_first = true;
  switch (opts.day_order) {
    case DayOrder::kDayFirst: day_first = true; break;
    case DayOrder::kMonthFirst: day_first = false; break;
    case DayOrder::kPreferDayFirst: day_first = !(d.second > 12 && d.first <= 12); break;
  }
  return AssembleNumeric(d, day_first, opts.local_offset_seconds, out);
}

// RFC 822 / 2822 and the variants feeds write: "[Tue[sday][,] ]24 Nov[ember]
// 2026[ 08:30[:00]][ zone][ (comment)]", also "24-Nov-2026".
bool ParseRfc822(std::string_view s, int local_offset, int64_t* out) {
  Cursor c{s};
  if (IsAlpha(c.Peek())) {
    const size_t start = c.i;
    while (IsAlpha(c.Peek())) ++c.i;
    if (!IsDayName(s.substr(start, c.i - start))) return false;
    c.SkipSpaces();
    c.Accept(',');
    c.SkipSpaces();
  }
  int day, year, ndigits;
  if (!c.ReadNumber(2, &day, nullptr)) return false;
  const bool dashed = c.Accept('-');
  if (!dashed) c.SkipSpaces();
  const size_t month_start = c.i;
  while (IsAlpha(c.Peek())) ++c.i;
  const int month = MonthFromName(s.substr(month_start, c.i - month_start));
  if (month == 0) return false;
  if (dashed) {
    if (!c.Accept('-')) return false;
  } else {
    c.SkipSpaces();
  }
  if (!c.ReadNumber(4, &year, &ndigits)) return false;
  if (ndigits == 2) {
    year += year < 70 ? 2000 : 1900;
  } else if (ndigits != 4) {
    return false;
  }
  if (IsDigit(c.Peek())) return false;
  ClockTime t;
  Zone zone;
  c.SkipSpaces();
  if (IsDigit(c.Peek()) && !ReadClock(c, &t)) return false;
  if (!ReadZoneToEnd(c, &zone)) return false;
  return Assemble(year, month, day, t.hour, t.minute, t.second,
                  zone.has ? zone.offset : local_offset, out);
}

std::string_view TrimDate(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' ||
                        s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' ||
                        s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

bool ParseTimestamp(const std::string& text, int64_t* unix_seconds, const DateOptions& opts) {
  const std::string_view s = TrimDate(text);
  if (s.empty() || s.size() > 64) return false;
  int64_t v = 0;
  const int local = opts.local_offset_seconds;
  if (ParseIsoLike(s, local, &v) || ParseNumeric(s, opts, &v) || ParseRfc822(s, local, &v)) {
    *unix_seconds = v;
    return true;
  }
  return false;
}

bool ParseTimestamp(const std::string& text, int64_t* unix_seconds) {
  DateOptions utc;
  utc.local_offset_seconds = 0;
  return ParseTimestamp(text, unix_seconds, utc);
}

DateOrderHint NumericDateOrderHint(std::string_view text) {
  const std::string_view s = TrimDate(text);
  NumericDate d;
  if (s.empty() || s.size() > 64 || !ReadNumericDate(s, &d)) return DateOrderHint::kNotNumericDate;
  int64_t v;
  const bool day_first = AssembleNumeric(d, true, 0, &v);
  const bool month_first = AssembleNumeric(d, false, 0, &v);
  if (day_first && month_first) return DateOrderHint::kAmbiguous;
  if (day_first) return DateOrderHint::kDayFirstOnly;
  if (month_first) return DateOrderHint::kMonthFirstOnly;
  return DateOrderHint::kNeither;
}

void DayOrderVotes::Add(std::string_view value) {
  switch (NumericDateOrderHint(value)) {
    case DateOrderHint::kDayFirstOnly: ++day_first_only_; break;
    case DateOrderHint::kMonthFirstOnly: ++month_first_only_; break;
    default: break;
  }
}

DayOrder DayOrderVotes::Decide() const {
  if (month_first_only_ > 0 && day_first_only_ == 0) return DayOrder::kMonthFirst;
  if (month_first_only_ > 0 && day_first_only_ > 0) return DayOrder::kPreferDayFirst;
  return DayOrder::kDayFirst;
}

bool ParseTimeZone(std::string_view name, int* offset_seconds) {
  name = TrimDate(name);
  if (name.empty() || name.size() > 64) return false;
  // Zones whose offset has not changed since 1976 and that keep no daylight
  // saving time (tzdata): enough to name an office's zone in the region.
  struct Named {
    const char* name;
    int minutes;
  };
  static constexpr Named kNamed[] = {
      {"Asia/Ho_Chi_Minh", 420}, {"Asia/Saigon", 420},     {"Asia/Bangkok", 420},
      {"Asia/Phnom_Penh", 420},  {"Asia/Vientiane", 420},  {"Asia/Jakarta", 420},
      {"Asia/Tokyo", 540},       {"UTC", 0},
      {"Etc/UTC", 0},            {"GMT", 0},               {"Etc/GMT", 0},
      {"Z", 0},
  };
  for (const Named& z : kNamed) {
    if (name.size() == std::string_view(z.name).size()) {
      bool same = true;
      for (size_t i = 0; i < name.size() && same; ++i) same = Lower(name[i]) == Lower(z.name[i]);
      if (same) {
        *offset_seconds = z.minutes * 60;
        return true;
      }
    }
  }
  Cursor c{name};
  Zone zone;
  if (!ReadZoneInner(c, &zone) || !c.AtEnd()) return false;
  // Only offsets: "+07:00", "UTC+7", "GMT-05:30" (not "EST", which is a
  // season's name, not a place's zone).
  if (!(name[0] == '+' || name[0] == '-' || name.find_first_of("+-") != std::string_view::npos)) {
    return false;
  }
  *offset_seconds = zone.offset;
  return true;
}

std::string FormatTimestamp(int64_t unix_seconds) {
  int64_t days = unix_seconds / 86400;
  int64_t rem = unix_seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m,
                d, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  return buf;
}

}  // namespace vox
