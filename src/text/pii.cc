// MaskPii: phone numbers, e-mail addresses and ID numbers inside public text
// are replaced before anything is stored (DESIGN.md "The boundary").
//
// Phones: Vietnamese mobiles 0xxx xxx xxx (10 digits), landlines 02x xxxx
// xxxx (11 digits), the same with +84 / 84 instead of the leading 0; digit
// groups may be separated by one space, '.' or '-'. IDs: a standalone run of
// exactly 9 (CMND) or 12 (CCCD) digits with no separators. Never masked:
// dates (28/4/2024), money with thousand separators (1.200.000đ), years,
// short numbers, amounts followed by a currency word, digits inside a word,
// URL or longer number. The scan works on bytes; placeholders are ASCII
// except "Đ", and the output is valid UTF-8 when the input is.
#include <cstring>

#include "text/text.h"

namespace vox::text {
namespace {

inline bool Digit(char c) { return c >= '0' && c <= '9'; }
inline bool Alnum(char c) {
  return Digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}
inline bool EmailLocal(char c) {
  return Alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
inline bool EmailDomain(char c) { return Alnum(c) || c == '.' || c == '-'; }

// Tries an e-mail whose '@' is at `at`; returns [b, e) or false.
bool MatchEmail(std::string_view s, size_t at, size_t min_begin, size_t* b, size_t* e) {
  size_t i = at;
  while (i > min_begin && EmailLocal(s[i - 1])) --i;
  while (i < at && s[i] == '.') ++i;
  if (i == at) return false;
  size_t j = at + 1;
  while (j < s.size() && EmailDomain(s[j])) ++j;
  while (j > at + 1 && (s[j - 1] == '.' || s[j - 1] == '-')) --j;
  std::string_view dom = s.substr(at + 1, j - at - 1);
  size_t dot = dom.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dom.size() - dot - 1 < 2) return false;
  for (size_t k = dot + 1; k < dom.size(); ++k) {
    if (Digit(dom[k]) || dom[k] == '-') return false;
  }
  *b = i;
  *e = j;
  return true;
}

bool FollowedByCurrency(std::string_view s, size_t i) {
  while (i < s.size() && s[i] == ' ') ++i;
  std::string_view r = s.substr(i);
  for (std::string_view c : {"đ", "Đ", "vnd", "VND", "vnđ", "VNĐ", "usd", "USD", "%",
                             "k ", "tr", "triệu", "tỷ", "tỉ", "nghìn", "ngàn"}) {
    if (r.substr(0, c.size()) == c) return true;
  }
  return false;
}

// Phone/ID starting at s[i] (a digit or '+'). Returns the match end and the
// placeholder, or 0.
size_t MatchNumber(std::string_view s, size_t i, const char** label) {
  size_t p = i;
  bool plus = false;
  if (s[p] == '(') ++p;
  if (p < s.size() && s[p] == '+') { plus = true; ++p; }
  if (p >= s.size() || !Digit(s[p])) return 0;
  if (s[i] == '(') {  // "(+84) 912 345 678", "(84) ..."
    if (s.substr(p, 3) != "84)") return 0;
    plus = true;
  }
  // Collect digit groups: group ends[] and digit counts.
  char digits[16];
  size_t nd = 0, ends[8], counts[8], groups = 0;
  size_t j = p;
  while (groups < 8) {
    size_t g = j;
    while (j < s.size() && Digit(s[j])) {
      if (nd < 16) digits[nd] = s[j];
      ++nd;
      ++j;
    }
    if (j == g) break;
    ends[groups] = j;
    counts[groups] = nd;
    ++groups;
    if (nd > 13) break;
    if (s[i] == '(' && groups == 1 && j + 1 < s.size() && s[j] == ')') {
      ++j;
      if (j + 1 < s.size() && s[j] == ' ') ++j;
      if (j < s.size() && Digit(s[j])) continue;
      break;
    }
    if (j + 1 < s.size() && (s[j] == ' ' || s[j] == '.' || s[j] == '-') && Digit(s[j + 1])) {
      ++j;
      continue;
    }
    break;
  }
  if (nd > 13 && groups == 1) return 0;
  // Longest prefix of whole groups that is a phone number.
  for (size_t g = groups; g-- > 0;) {
    size_t cnt = counts[g];
    if (cnt > 12) continue;
    size_t end = ends[g];
    if (end < s.size() && Alnum(s[end])) continue;
    if (end + 1 < s.size() && (s[end] == '.' || s[end] == ',' || s[end] == '/') && Digit(s[end + 1])) {
      continue;  // part of a longer number / date
    }
    std::string_view d(digits, cnt);
    bool phone = false;
    if (!plus && cnt == 10 && d[0] == '0' && d[1] != '0') phone = true;
    if (!plus && cnt == 11 && d[0] == '0' && d[1] == '2') phone = true;
    if (cnt == 11 && d.substr(0, 2) == "84" && d[2] != '0') phone = true;
    if (cnt == 12 && d.substr(0, 3) == "842") phone = true;
    if (phone) {
      if (!plus && g > 0 && d[0] != '0') {
        // x.xxx.xxx.xxx is money unless it reads as 84 + a phone number.
        bool money = counts[0] <= 3;
        for (size_t k = 1; k <= g; ++k) money = money && counts[k] - counts[k - 1] == 3;
        if (money && (d.substr(0, 2) != "84" || FollowedByCurrency(s, end))) continue;
      }
      *label = "[SĐT]";
      return end;
    }
    if (!plus && g == 0 && (cnt == 9 || cnt == 12) && !FollowedByCurrency(s, end)) {
      *label = "[CCCD]";
      return end;
    }
  }
  return 0;
}

}  // namespace

std::string MaskPii(std::string_view raw, int* count) {
  std::string clean;
  std::string_view in = raw;
  if (!IsValidUtf8(raw)) {
    SanitizeUtf8(raw, &clean);
    in = clean;
  }
  std::string out;
  out.reserve(in.size());
  int masked = 0;
  size_t i = 0, copied = 0;
  const size_t n = in.size();
  while (i < n) {
    char c = in[i];
    if (c == '@') {
      size_t b, e;
      if (MatchEmail(in, i, copied, &b, &e)) {
        out.append(in.substr(copied, b - copied));
        out.append("[EMAIL]");
        ++masked;
        i = copied = e;
        continue;
      }
      ++i;
      continue;
    }
    if (Digit(c) || (c == '+' && i + 1 < n && Digit(in[i + 1])) ||
        (c == '(' && i + 2 < n && (in[i + 1] == '+' || Digit(in[i + 1])))) {
      char prev = i > 0 ? in[i - 1] : ' ';
      bool boundary = !(Alnum(prev) || prev == '.' || prev == ',' || prev == '/' ||
                        prev == '_' || prev == '-' || prev == '=' || prev == '?' ||
                        prev == '&' || prev == '#' || prev == '+' || prev == '@' ||
                        prev == '%' || prev == ']');  // ']': after a placeholder
      if (boundary && i >= 3 && in.substr(i - 3, 3) == "://") boundary = false;
      const char* label = nullptr;
      size_t end = boundary ? MatchNumber(in, i, &label) : 0;
      if (end > 0) {
        out.append(in.substr(copied, i - copied));
        out.append(label);
        ++masked;
        i = copied = end;
        continue;
      }
      if (c == '(' || c == '+') {
        ++i;
        continue;
      }
      // Skip the whole digit/separator run so its tail is not re-tried.
      size_t j = i + 1;
      while (j < n && (Digit(in[j]) || ((in[j] == '.' || in[j] == ',' || in[j] == '/') &&
                                        j + 1 < n && Digit(in[j + 1])))) {
        ++j;
      }
      i = j;
      continue;
    }
    ++i;
  }
  out.append(in.substr(copied));
  if (count != nullptr) *count = masked;
  return out;
}

}  // namespace vox::text
