// Timestamp parsing without the C library's locale- and TZ-dependent calls
// (strptime, mktime, timegm). Dates are converted with the proleptic
// Gregorian "days from civil" algorithm (H. Hinnant), so the result only
// depends on the text. Accepted years: 1970..2100 (as written, before the
// offset is applied).
#include "ingest/item.h"

#include <cstdio>
#include <string_view>

namespace vox {
namespace {

constexpr int kMinYear = 1970;
constexpr int kMaxYear = 2100;

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

// "Z", "+07:00", "+0700", "+07", "-05:30". Sets *offset (seconds east of UTC).
bool ReadNumericOffset(Cursor& c, int* offset) {
  const char sign = c.Peek();
  if (sign != '+' && sign != '-') return false;
  ++c.i;
  int hh = 0, mm = 0;
  if (!c.ReadDigits(2, &hh)) return false;
  if (c.Accept(':')) {
    if (!c.ReadDigits(2, &mm)) return false;
  } else if (IsDigit(c.Peek())) {
    if (!c.ReadDigits(2, &mm)) return false;
  }
  if (hh > 23 || mm > 59) return false;
  *offset = (hh * 3600 + mm * 60) * (sign == '-' ? -1 : 1);
  return true;
}

// RFC 3339 and the relaxed "YYYY-MM-DD[( |T)HH:MM[:SS[.frac]]][offset]".
// A time without an offset is UTC.
bool ParseIsoLike(std::string_view s, int64_t* out) {
  Cursor c{s};
  int year, month, day, hour = 0, minute = 0, second = 0, offset = 0;
  if (!c.ReadDigits(4, &year) || !c.Accept('-') || !c.ReadDigits(2, &month) ||
      !c.Accept('-') || !c.ReadDigits(2, &day)) {
    return false;
  }
  if (!c.AtEnd()) {
    const char sep = c.Peek();
    if (sep != 'T' && sep != 't' && sep != ' ') return false;
    ++c.i;
    if (!c.ReadDigits(2, &hour) || !c.Accept(':') || !c.ReadDigits(2, &minute)) return false;
    if (c.Accept(':')) {
      if (!c.ReadDigits(2, &second)) return false;
      if (c.Accept('.') || c.Accept(',')) {
        int frac, n;
        if (!c.ReadNumber(9, &frac, &n)) return false;
        while (IsDigit(c.Peek())) ++c.i;  // more precision than we keep
      }
    }
    c.SkipSpaces();
    if (c.Accept('Z') || c.Accept('z')) {
      offset = 0;
    } else if (!c.AtEnd()) {
      if (!ReadNumericOffset(c, &offset)) return false;
    }
  }
  if (!c.AtEnd()) return false;
  return Assemble(year, month, day, hour, minute, second, offset, out);
}

int MonthFromName(std::string_view name) {
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    if (Lower(name[0]) == kMonths[m][0] && Lower(name[1]) == kMonths[m][1] &&
        Lower(name[2]) == kMonths[m][2]) {
      return m + 1;
    }
  }
  return 0;
}

// Named zones of RFC 822 / RFC 2822 (obs-zone). Returns false if unknown.
bool ZoneFromName(std::string_view name, int* offset) {
  std::string lower;
  for (char ch : name) lower += Lower(ch);
  struct Zone {
    const char* name;
    int hours;
  };
  static constexpr Zone kZones[] = {{"gmt", 0},  {"ut", 0},   {"utc", 0},  {"z", 0},
                                    {"est", -5}, {"edt", -4}, {"cst", -6}, {"cdt", -5},
                                    {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7},
                                    {"ict", 7}};
  for (const Zone& z : kZones) {
    if (lower == z.name) {
      *offset = z.hours * 3600;
      return true;
    }
  }
  return false;
}

// RFC 822 / 2822: "[Tue, ]24 Nov 2026 08:30[:00] (+0700|GMT|…)".
bool ParseRfc822(std::string_view s, int64_t* out) {
  Cursor c{s};
  // Optional day name and comma.
  if (IsAlpha(c.Peek())) {
    while (IsAlpha(c.Peek())) ++c.i;
    c.SkipSpaces();
    if (!c.Accept(',')) return false;
    c.SkipSpaces();
  }
  int day, year, hour, minute, second = 0, offset = 0, ndigits;
  if (!c.ReadNumber(2, &day, nullptr)) return false;
  c.SkipSpaces();
  const size_t month_start = c.i;
  while (IsAlpha(c.Peek())) ++c.i;
  if (c.i - month_start < 3) return false;
  const int month = MonthFromName(s.substr(month_start, c.i - month_start));
  if (month == 0) return false;
  c.SkipSpaces();
  if (!c.ReadNumber(4, &year, &ndigits)) return false;
  if (ndigits == 2) {
    year += year < 70 ? 2000 : 1900;
  } else if (ndigits != 4) {
    return false;
  }
  c.SkipSpaces();
  if (!c.ReadDigits(2, &hour) || !c.Accept(':') || !c.ReadDigits(2, &minute)) return false;
  if (c.Accept(':') && !c.ReadDigits(2, &second)) return false;
  c.SkipSpaces();
  if (c.Peek() == '+' || c.Peek() == '-') {
    if (!ReadNumericOffset(c, &offset)) return false;
  } else if (IsAlpha(c.Peek())) {
    const size_t zone_start = c.i;
    while (IsAlpha(c.Peek())) ++c.i;
    if (!ZoneFromName(s.substr(zone_start, c.i - zone_start), &offset)) return false;
  }
  c.SkipSpaces();
  if (!c.AtEnd()) return false;
  return Assemble(year, month, day, hour, minute, second, offset, out);
}

}  // namespace

bool ParseTimestamp(const std::string& text, int64_t* unix_seconds) {
  std::string_view s = text;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' ||
                        s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' ||
                        s.back() == '\r')) {
    s.remove_suffix(1);
  }
  if (s.empty() || s.size() > 64) return false;
  int64_t v = 0;
  const bool ok = (s.size() >= 10 && IsDigit(s[0]) && s[4] == '-') ? ParseIsoLike(s, &v)
                                                                    : ParseRfc822(s, &v);
  if (!ok) return false;
  *unix_seconds = v;
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
