// MaskPii: personal data inside public text is replaced by a short label
// before anything is stored (DESIGN.md "The boundary").
//
// Masked, and the label that replaces the span:
//   [SĐT]       phone numbers: mobiles 0xxx xxx xxx (10 digits), the old
//               11-digit mobiles 01xx xxx xxxx, landlines 02x xxxx xxxx (11
//               digits); the same with +84 / 84 / (+84) / (84) instead of the
//               0 (84.912.345.678 too, unless a currency word follows), or
//               with the area code in parentheses ("(028) 3823 4567").
//               Digit groups may be joined by one space, '.' or '-'. A number
//               glued to a phone word ("ĐT0912345678", "sđt0912345678",
//               "Tel.0912345678"; also dt, sdt, zalo, hotline) is masked with
//               the word. "0912345678/0987654321" gives two labels.
//   [EMAIL]     e-mail addresses, the local part may hold Vietnamese letters
//               ("nguyễnvăna@gmail.com"); written out too: "ten @ gmail.com"
//               (a space on both sides of the '@'), "ten[at]gmail.com",
//               "ten (at) gmail [dot] com" (any case).
//   [CCCD]      ID numbers: a run of exactly 9 (CMND) or 12 (CCCD) digits; the
//               same in groups of three ("001 203 004 567", "001.203.004.567")
//               when it starts with 0; any grouping in an ID window.
//   [STK]       bank accounts: 6-19 digits, in groups or not, in an account
//               window.
//   [THẺ]       card numbers: 13-19 digits that start with an issuer's
//               prefix (Visa 4, Mastercard 51-55 and 2221-2720, Amex 34 and
//               37, JCB 3528-3589, Napas 9704, UnionPay 62, Discover 6011
//               and 65) and pass the Luhn check, unbroken or in groups of
//               four (4-6-5 for Amex) joined by spaces or dashes.
//   [BHXH]      social insurance numbers: 10 digits in an insurance window.
//   [HỘ CHIẾU]  passport numbers: a letter and 7 or 8 digits ("C1234567") in
//               a passport window.
//   [BIỂN SỐ]   number plates: two digits (not 0x), an optional '-', a series
//               of one or two letters and an optional digit, then '-' or a
//               space and "123.45" (after '-' also "12345" or "1234"):
//               "51F-123.45", "30A-12345", "29B1-123.45", "59-X1 234.56".
// Windows: a keyword reaches the numbers with at most 5 other words between
// them, in the same sentence (a newline, ';', '!', '?' or ". " ends it).
// Keywords, matched ignoring case, with accents or without (on NFC text, as
// the pipeline canonicalizes first): ID - CCCD, CMND, CMT, căn cước, chứng
// minh, định danh; account - STK, TK, tài khoản, ngân hàng; insurance - BHXH,
// bảo hiểm xã hội; passport - hộ chiếu, passport. A keyword for another kind
// of number (SĐT, ĐT, điện thoại, Tel, Zalo, hotline, email, thẻ, biển số)
// closes the window. In a window its kind goes first: a phone number after
// "STK" is an account. Each label is itself a keyword ("[STK]" reopens an
// account window), so a second pass is in the same state after a label as
// the first was after the span: masking twice gives the text masked once.
//
// Never masked: amounts, i.e. a number followed by a currency word (đ, đồng,
// VNĐ, USD, k, tr, triệu, tỷ, nghìn, ngàn, %, $) or in thousands with dots
// (1.200.000đ, 5 triệu, 2.500.000 VNĐ, 120000000đ, 12.345.678) - but an
// amount never starts with 0, so "CCCD 001203004567đ" is an ID; dates and
// times (28/4/2024, 08:30); document numbers (13/2023/NĐ-CP); ward, district
// and house numbers, years and other short numbers; digits glued to an ASCII
// letter (other than a phone word) or inside a URL, path or longer number; a
// 9- or 12-digit number in groups of three that does not start with 0,
// outside an ID window (123.456.789 is an amount); 13-19 digits without an
// issuer's prefix ("123456789012347", a post id) or that fail the Luhn
// check, outside an account window; letter-and-digit codes outside a
// passport window; names and addresses (officials and places are the
// office's work).
//
// How: one left-to-right scan that stops only at digits (found 16 bytes at
// a time): every span but an e-mail holds a digit and starts with it, at
// most two bytes before it ("(+84", a passport's letter) or with a phone
// word glued to it. E-mails are found first, one ahead of the
// scan, and bound every other look-ahead, so text that ends up inside an
// e-mail decides nothing else. Keywords are looked for only when a number's
// shape could be an ID, account or insurance number (or a passport number):
// the window there is what a reading of every word from the last label
// would give, got by reading back from the number to the last label,
// sentence end or the 9th word before it (a keyword starting before those
// words had its window closed by them), or to where the window was last
// asked for; so no byte is read more than twice. Left context is read from
// the output (a label reads as its closing ']'). Spans start and end on code
// point boundaries and labels are valid UTF-8, so the output is valid UTF-8
// (invalid input is repaired first).
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "text/internal.h"
#include "text/text.h"

namespace vox::text {
namespace {

constexpr size_t kNotFound = std::string_view::npos;

constexpr bool Digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool Letter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
constexpr bool Alnum(char c) { return Digit(c) || Letter(c); }
constexpr bool Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// ---- Code points -----------------------------------------------------------

// The code point at s[i]: s is valid UTF-8 and s[i] starts a sequence (a
// sequence cut by the end of s reads as U+FFFD).
inline char32_t CodePointAt(std::string_view s, size_t i, size_t* len) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
  *len = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
  if (i + *len > s.size()) return 0xFFFD;
  switch (*len) {
    case 1:
      return p[0];
    case 2:
      return (p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu);
    case 3:
      return (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
    default:
      return (p[0] & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
  }
}

// A letter, digit or mark of any script starts at s[i] (false past the end).
bool WordCharAt(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  if (static_cast<unsigned char>(s[i]) < 0x80) return Alnum(s[i]);
  size_t len;
  const char32_t cp = CodePointAt(s, i, &len);
  return internal::LookupLetter(cp) != internal::kNotLetter || internal::IsWordChar(cp);
}

// How WordEnd treats a byte: part of a word (ASCII letters; lead bytes whose
// sequences are all letters or marks: U+0100-U+01BF, U+0300-U+033F;
// continuation bytes, which follow an accepted lead), the end of a word
// (ASCII other than letters), or to be looked at more closely.
enum ByteClass : uint8_t { kInWord, kEndsWord, kLookCloser };
constexpr std::array<ByteClass, 256> BuildByteClasses() {
  std::array<ByteClass, 256> cls{};
  for (int c = 0; c < 256; ++c) {
    if (c < 0x80) {
      cls[c] = Letter(static_cast<char>(c)) ? kInWord : kEndsWord;
    } else {
      cls[c] = c < 0xC0 || (c >= 0xC4 && c <= 0xC6) || c == 0xCC ? kInWord : kLookCloser;
    }
  }
  return cls;
}
constexpr std::array<ByteClass, 256> kByteClass = BuildByteClasses();

// End of the letters (and marks) from s[i] on; digits end them. s[i] starts
// a character.
size_t WordEnd(std::string_view s, size_t i) {
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const ByteClass cls = kByteClass[c];
    if (cls == kInWord) {
      ++i;
      continue;
    }
    if (cls == kEndsWord) break;
    // Latin-1 letters (not × ÷), marks up to U+036F and Latin Extended
    // Additional without decoding; the rest by its Unicode category.
    if (i + 1 < s.size()) {
      const auto d = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xC3 && d != 0x97 && d != 0xB7) || (c == 0xCD && d < 0xB0) || (c == 0xE1 && d >= 0xB8 && d <= 0xBB)) {
        i += 2;  // the continuation bytes that follow are kInWord
        continue;
      }
    }
    size_t len;
    if (!internal::IsWordChar(CodePointAt(s, i, &len))) break;
    i += len;
  }
  return i;
}

// Start of the code point that ends just before s[i]; never below lo.
size_t CodePointBefore(std::string_view s, size_t i, size_t lo) {
  size_t k = i - 1;
  while (k > lo && Continuation(s[k])) --k;
  return k;
}

// Length of the lower-case UTF-8 text `word` at s[i], compared ignoring case
// (of ASCII and of letters whose upper case has the same UTF-8 lead byte, as
// Vietnamese letters do), or 0. A space in `word` matches one or more spaces.
size_t MatchFolded(std::string_view s, size_t i, std::string_view word) {
  size_t j = i;
  for (size_t k = 0; k < word.size();) {
    if (j >= s.size()) return 0;
    if (word[k] == ' ') {
      if (s[j] != ' ') return 0;
      while (j < s.size() && s[j] == ' ') ++j;
      ++k;
    } else if (static_cast<unsigned char>(word[k]) < 0x80) {
      char c = s[j];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (c != word[k]) return 0;
      ++j;
      ++k;
    } else {
      if (s[j] != word[k]) return 0;
      size_t lw, ls;
      const char32_t w = CodePointAt(word, k, &lw);
      if (internal::ToLower(CodePointAt(s, j, &ls)) != w) return 0;
      j += ls;
      k += lw;
    }
  }
  return j - i;
}

// ---- Labels and keywords ---------------------------------------------------

// What a span is, and its label. Each label's words are a keyword below
// (LabelTopic).
enum Kind : uint8_t { kPhone, kEmail, kId, kAccount, kCard, kInsurance, kPassport, kPlate };
constexpr auto& kLabels = internal::kMaskLabels;
static_assert(std::size(internal::kMaskLabels) == kPlate + 1);

// What the last keyword announced: the kind of number its window expects.
enum class Topic : uint8_t { kNone, kId, kAccount, kInsurance, kPassport };

struct Keyword {
  std::string_view text;  // lower case, NFC
  Topic topic;
};
constexpr Keyword kKeywords[] = {
    {"bhxh", Topic::kInsurance},
    {"bảo hiểm xã hội", Topic::kInsurance},
    {"bao hiem xa hoi", Topic::kInsurance},
    {"biển số", Topic::kNone},
    {"bien so", Topic::kNone},
    {"cccd", Topic::kId},
    {"cmnd", Topic::kId},
    {"cmt", Topic::kId},
    {"căn cước", Topic::kId},
    {"can cuoc", Topic::kId},
    {"chứng minh", Topic::kId},
    {"chung minh", Topic::kId},
    {"dinh danh", Topic::kId},
    {"dt", Topic::kNone},
    {"dien thoai", Topic::kNone},
    {"email", Topic::kNone},
    {"hộ chiếu", Topic::kPassport},
    {"ho chieu", Topic::kPassport},
    {"hotline", Topic::kNone},
    {"ngân hàng", Topic::kAccount},
    {"ngan hang", Topic::kAccount},
    {"passport", Topic::kPassport},
    {"sđt", Topic::kNone},
    {"sdt", Topic::kNone},
    {"stk", Topic::kAccount},
    {"tk", Topic::kAccount},
    {"tài khoản", Topic::kAccount},
    {"tai khoan", Topic::kAccount},
    {"tel", Topic::kNone},
    {"thẻ", Topic::kNone},
    {"zalo", Topic::kNone},
    {"định danh", Topic::kId},
    {"đt", Topic::kNone},
    {"điện thoại", Topic::kNone},
};

constexpr size_t kNumKeywords = sizeof(kKeywords) / sizeof(kKeywords[0]);

constexpr unsigned char FoldByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u + 32) : u;
}

// What the keyword filter compares for the word s[i, end): its first two
// bytes, ASCII folded to lower case, other bytes as they are (a Vietnamese
// letter shares its lead byte with its upper case), and its length in bytes
// (the same in either case).
constexpr uint32_t WordKey(std::string_view s, size_t i, size_t end) {
  const uint32_t second = i + 1 < end ? FoldByte(s[i + 1]) : 0;
  return uint32_t{FoldByte(s[i])} << 16 | second << 8 | static_cast<uint32_t>(std::min<size_t>(end - i, 255));
}
constexpr uint32_t KeywordKey(std::string_view keyword) {
  return WordKey(keyword, 0, std::min(keyword.find(' '), keyword.size()));
}
constexpr size_t FilterBit(uint32_t key) { return (key * 2654435761u) >> 20; }  // 12 bits

struct KeywordFilter {
  std::array<bool, 256> lead{};                 // first bytes, either case
  std::array<uint64_t, 64> bits{};              // FilterBit of each keyword
  std::array<uint32_t, kNumKeywords> key_of{};  // KeywordKey of each keyword
};
constexpr KeywordFilter BuildKeywordFilter() {
  KeywordFilter f;
  for (size_t k = 0; k < kNumKeywords; ++k) {
    const std::string_view t = kKeywords[k].text;
    f.lead[FoldByte(t[0])] = true;
    if (t[0] >= 'a' && t[0] <= 'z') f.lead[FoldByte(t[0]) - 32] = true;
    f.key_of[k] = KeywordKey(t);
    const size_t bit = FilterBit(f.key_of[k]);
    f.bits[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  return f;
}
constexpr KeywordFilter kKeywordFilter = BuildKeywordFilter();

inline bool MayStartKeyword(char c) { return kKeywordFilter.lead[static_cast<unsigned char>(c)]; }

// False when no keyword starts with the word s[i, word_end) (true: maybe).
inline bool MayBeKeyword(std::string_view s, size_t i, size_t word_end) {
  const size_t bit = FilterBit(WordKey(s, i, word_end));
  return (kKeywordFilter.bits[bit / 64] >> (bit % 64) & 1) != 0;
}

// The keyword at s[i], where the word s[i, word_end) starts, and its length;
// null when there is none.
const Keyword* MatchKeyword(std::string_view s, size_t i, size_t word_end, size_t* len) {
  if (!MayBeKeyword(s, i, word_end)) return nullptr;
  const uint32_t key = WordKey(s, i, word_end);
  for (size_t k = 0; k < kNumKeywords; ++k) {
    if (kKeywordFilter.key_of[k] != key) continue;
    const size_t n = MatchFolded(s, i, kKeywords[k].text);
    if (n > 0 && !WordCharAt(s, i + n)) {
      *len = n;
      return &kKeywords[k];
    }
  }
  return nullptr;
}

// The topic a label announces as a keyword on a second pass: "[STK]" reads
// as the keyword "STK".
Topic LabelTopic(Kind kind) {
  size_t len;
  const Keyword* k = MatchKeyword(kLabels[kind], 1, WordEnd(kLabels[kind], 1), &len);
  return k != nullptr ? k->topic : Topic::kNone;
}

// Words a phone number may be glued to ("ĐT0912345678").
constexpr std::string_view kPhoneWords[] = {"đt", "sđt", "dt", "sdt", "tel", "zalo", "hotline"};

constexpr std::string_view kCurrencies[] = {"đ",   "đồng",  "vnđ", "vnd", "usd",   "đô",   "k", "tr",
                                            "trđ", "triệu", "tỷ",  "tỉ",  "nghìn", "ngàn", "%", "$"};

// A currency word (a whole word) follows s[i] after optional spaces.
bool FollowedByCurrency(std::string_view s, size_t i) {
  while (i < s.size() && s[i] == ' ') ++i;
  if (i >= s.size()) return false;
  for (std::string_view c : kCurrencies) {
    const size_t n = MatchFolded(s, i, c);
    if (n > 0 && !WordCharAt(s, i + n)) return true;
  }
  return false;
}

// ---- E-mail ----------------------------------------------------------------

inline bool EmailLocal(char c) { return Alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }

// Start of the local part that ends at s[end]: ASCII [A-Za-z0-9._%+-] and
// letters of any script, not before lo, without leading dots.
size_t LocalPartStart(std::string_view s, size_t end, size_t lo) {
  size_t b = end;
  while (b > lo) {
    if (static_cast<unsigned char>(s[b - 1]) < 0x80) {
      if (!EmailLocal(s[b - 1])) break;
      --b;
      continue;
    }
    const size_t k = CodePointBefore(s, b, lo);
    if (!WordCharAt(s, k)) break;
    b = k;
  }
  while (b < end && s[b] == '.') ++b;
  return b;
}

// Length of "[at]" / "(at)" (or "dot"), any case, at s[i], or 0.
size_t Bracketed(std::string_view s, size_t i, std::string_view word) {
  if (i >= s.size() || (s[i] != '[' && s[i] != '(')) return 0;
  const char close = s[i] == '[' ? ']' : ')';
  if (s.size() - i < word.size() + 2) return 0;
  for (size_t k = 0; k < word.size(); ++k) {
    if ((s[i + 1 + k] | 0x20) != word[k]) return 0;
  }
  return s[i + 1 + word.size()] == close ? word.size() + 2 : 0;
}

// Length of a dot between domain labels at s[i]: "." or "[dot]" / "(dot)"
// with an optional space on each side; 0 when none.
size_t DotAt(std::string_view s, size_t i) {
  if (i < s.size() && s[i] == '.') return 1;
  size_t j = i;
  if (j < s.size() && s[j] == ' ') ++j;
  const size_t n = Bracketed(s, j, "dot");
  if (n == 0) return 0;
  j += n;
  if (j < s.size() && s[j] == ' ') ++j;
  return j - i;
}

// End of the domain starting at s[i]: labels of [A-Za-z0-9-] (not ending in
// '-') joined by DotAt, cut after the last label (the second or later) that
// is a top-level domain of two or more ASCII letters; 0 when there is none.
size_t DomainEnd(std::string_view s, size_t i) {
  size_t best = 0;
  int labels = 0;
  size_t j = i;
  while (j < s.size() && Alnum(s[j])) {
    const size_t b = j;
    while (j < s.size() && (Alnum(s[j]) || s[j] == '-')) ++j;
    while (s[j - 1] == '-') --j;
    bool letters = true;
    for (size_t k = b; k < j; ++k) letters = letters && Letter(s[k]);
    if (++labels >= 2 && letters && j - b >= 2) best = j;
    const size_t dot = DotAt(s, j);
    if (dot == 0) break;
    j += dot;
  }
  return best;
}

// The e-mail whose '@' (or "[at]", "(at)") is at s[a]: [*b, *e), the local
// part not starting before lo.
bool MatchEmail(std::string_view s, size_t a, size_t lo, size_t* b, size_t* e) {
  size_t local_end = a, domain = a + 1;
  if (s[a] == '@') {
    const bool before = a > lo && s[a - 1] == ' ';
    const bool after = a + 1 < s.size() && s[a + 1] == ' ';
    if (before != after) return false;  // "Chào @Lan.Anh" is a mention
    if (before) {
      local_end = a - 1;
      domain = a + 2;
    }
  } else {
    const size_t n = Bracketed(s, a, "at");
    if (n == 0) return false;
    if (a > lo && s[a - 1] == ' ') local_end = a - 1;
    domain = a + n;
    if (domain < s.size() && s[domain] == ' ') ++domain;
  }
  const size_t begin = LocalPartStart(s, local_end, lo);
  if (begin == local_end) return false;
  const size_t end = DomainEnd(s, domain);
  if (end == 0) return false;
  *b = begin;
  *e = end;
  return true;
}

// ---- Numbers ---------------------------------------------------------------

constexpr size_t kMaxDigits = 19;  // the longest number masked: a card
constexpr size_t kMaxGroups = 8;

// Digit groups read from a number's first digit.
struct Groups {
  char digits[kMaxDigits];
  size_t n = 0;              // groups read
  size_t total[kMaxGroups];  // digits in groups 0..k (may pass kMaxDigits)
  size_t end[kMaxGroups];    // byte offset after group k
  char sep[kMaxGroups];      // what joins group k to group k - 1 (k > 0)

  size_t Size(size_t k) const { return total[k] - (k > 0 ? total[k - 1] : 0); }
  // Groups 1..k are all joined by the same character.
  bool OneSeparator(size_t k) const {
    for (size_t g = 2; g <= k; ++g) {
      if (sep[g] != sep[1]) return false;
    }
    return true;
  }
};

// Reads runs of digits from s[p] joined by one ' ', '.' or '-' before a
// digit (after an area code in parentheses, by ")" or ") "), until
// kMaxGroups groups or more than kMaxDigits digits.
void ReadGroups(std::string_view s, size_t p, bool paren, Groups* g) {
  size_t count = 0;
  while (true) {
    while (p < s.size() && Digit(s[p])) {
      if (count < kMaxDigits) g->digits[count] = s[p];
      ++count;
      ++p;
    }
    g->total[g->n] = count;
    g->end[g->n] = p;
    if (++g->n == kMaxGroups || count > kMaxDigits || p + 1 >= s.size()) return;
    char sep = s[p];
    if (paren && g->n == 1) {
      sep = ')';  // the caller checked it
      if (s[++p] == ' ') ++p;
    } else if (sep == ' ' || sep == '.' || sep == '-') {
      ++p;
    } else {
      return;
    }
    if (p >= s.size() || !Digit(s[p])) return;
    g->sep[g->n] = sep;
  }
}

// Phone digits: 0 + 9 (mobile), 0 + 10 (02x landline, 01x old mobile), or
// 84 + the same without the 0. `intl`: written with '+' or as "(84)".
bool PhoneDigits(std::string_view d, bool intl) {
  if (d[0] == '0') {
    if (intl) return false;
    if (d.size() == 10) return d[1] != '0';
    return d.size() == 11 && (d[1] == '1' || d[1] == '2');
  }
  if (d.size() < 11 || d[0] != '8' || d[1] != '4') return false;
  if (d.size() == 11) return d[2] != '0';
  return d.size() == 12 && (d[2] == '1' || d[2] == '2');
}

// Groups 0..k read as thousands: 1-3 digits, then groups of exactly 3, joined
// by `sep` (or by anything when sep is 0).
bool Thousands(const Groups& g, size_t k, char sep) {
  if (k == 0 || g.Size(0) > 3) return false;
  for (size_t i = 1; i <= k; ++i) {
    if (g.Size(i) != 3 || (sep != 0 && g.sep[i] != sep)) return false;
  }
  return true;
}

bool Luhn(std::string_view d) {
  int sum = 0;
  bool twice = false;
  for (size_t k = d.size(); k-- > 0;) {
    int v = d[k] - '0';
    if (twice && (v *= 2) > 9) v -= 9;
    sum += v;
    twice = !twice;
  }
  return sum % 10 == 0;
}

// The digits start as a card issuer numbers its cards: Visa 4, Mastercard
// 51-55 and 2221-2720, American Express 34 and 37, JCB 3528-3589, Napas
// 9704, UnionPay 62, Discover 6011 and 65. A Luhn check alone passes one
// number in ten (ids of posts pasted in comments, order numbers). d holds at
// least 4 digits.
bool IssuerPrefix(std::string_view d) {
  const int two = (d[0] - '0') * 10 + (d[1] - '0');
  const int four = two * 100 + (d[2] - '0') * 10 + (d[3] - '0');
  return d[0] == '4' || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) || two == 34 || two == 37 ||
         (four >= 3528 && four <= 3589) || four == 9704 || two == 62 || four == 6011 || two == 65;
}

bool Card(std::string_view d, const Groups& g, size_t k) {
  if (d.size() < 13 || !IssuerPrefix(d) || !Luhn(d)) return false;
  if (k == 0) return true;
  if ((g.sep[1] != ' ' && g.sep[1] != '-') || !g.OneSeparator(k)) return false;
  if (k == 2 && g.Size(0) == 4 && g.Size(1) == 6 && g.Size(2) == 5) return true;  // Amex
  for (size_t i = 0; i < k; ++i) {
    if (g.Size(i) != 4) return false;
  }
  return g.Size(k) <= 4;
}

struct Match {
  size_t end;
  Kind kind;
};

// The phone, ID, card, account or insurance number starting at s[i] (a
// digit, '+' or '('), as the longest run of whole digit groups that is one.
// topic_at() gives the window's topic at s[i]; it is asked only for a run of
// digits that an ID, account or insurance window would mask, and at most
// once. phone_only: after a phone word.
template <typename TopicAt>
bool MatchNumber(std::string_view s, size_t i, TopicAt&& topic_at, bool phone_only, Match* m) {
  size_t p = i;
  const bool paren = s[p] == '(';
  if (paren) ++p;
  bool intl = p < s.size() && s[p] == '+';
  if (intl) ++p;
  if (p >= s.size() || !Digit(s[p])) return false;
  if (paren) {  // "(+84) 912 345 678", "(84) ...", "(028) 3823 4567"
    size_t q = p;
    while (q < s.size() && Digit(s[q])) ++q;
    if (q >= s.size() || s[q] != ')') return false;
    const std::string_view code = s.substr(p, q - p);
    if (code == "84") {
      intl = true;
    } else if (intl || code.size() < 2 || code.size() > 4 || code[0] != '0') {
      return false;
    }
  }
  Groups g;
  ReadGroups(s, p, paren, &g);
  Topic topic = Topic::kNone;
  bool topic_known = false;
  for (size_t k = g.n; k-- > 0;) {
    const size_t count = g.total[k];
    // Nothing shorter than 6 digits is masked (an account is the shortest).
    if (count > kMaxDigits || count < 6 || (paren && k == 0)) continue;
    const std::string_view d(g.digits, count);
    const size_t end = g.end[k];
    const bool phone = PhoneDigits(d, intl);
    if (end < s.size()) {
      const char r = s[end];
      if (Alnum(r)) continue;
      // Part of a longer number or a date; a phone may be followed by another.
      if ((r == '.' || r == ',' || r == '/') && end + 1 < s.size() && Digit(s[end + 1]) && !(r == '/' && phone)) {
        continue;
      }
    }
    if (intl || paren || phone_only) {
      if (phone) {
        *m = {end, kPhone};
        return true;
      }
      continue;
    }
    // An amount never starts with 0.
    const bool zero = d[0] == '0';
    const bool priced = !zero && FollowedByCurrency(s, end);
    const bool dotted = !zero && Thousands(g, k, '.');
    const bool id = (count == 9 || count == 12) && !priced;
    // A long unbroken run and another number are two numbers.
    const bool account = !priced && !dotted && (k == 0 || g.Size(0) < 6);
    const bool insurance = count == 10 && !priced && !dotted;
    if (id || account || insurance) {
      if (!topic_known) {
        topic = topic_at();
        topic_known = true;
      }
      if ((topic == Topic::kId && id) || (topic == Topic::kAccount && account) ||
          (topic == Topic::kInsurance && insurance)) {
        *m = {end, topic == Topic::kId ? kId : topic == Topic::kAccount ? kAccount : kInsurance};
        return true;
      }
    }
    if (Card(d, g, k)) {
      *m = {end, kCard};
      return true;
    }
    // 84.912.345.678 is a phone number, unless it is priced.
    if (phone && !(!zero && Thousands(g, k, 0) && priced)) {
      *m = {end, kPhone};
      return true;
    }
    const bool threes = (k == 2 || k == 3) && g.Size(0) == 3 && Thousands(g, k, 0) && g.OneSeparator(k);
    if ((count == 9 || count == 12) && (k == 0 ? !priced : zero && threes)) {
      *m = {end, kId};
      return true;
    }
  }
  return false;
}

// End of the number plate at s[i], or 0.
size_t MatchPlate(std::string_view s, size_t i) {
  size_t p = i;
  if (s.size() - p < 8 || s[p] == '0' || !Digit(s[p + 1])) return 0;
  p += 2;
  if (s[p] == '-') ++p;
  const size_t series = p;
  while (p < s.size() && Letter(s[p])) ++p;
  if (p == series || p - series > 2) return 0;
  if (p < s.size() && Digit(s[p])) ++p;  // "29B1"
  if (p + 1 >= s.size() || (s[p] != '-' && s[p] != ' ')) return 0;
  const char sep = s[p++];
  size_t q = p;
  while (q < s.size() && Digit(s[q])) ++q;
  if (q - p == 3 && q + 2 < s.size() && s[q] == '.' && Digit(s[q + 1]) && Digit(s[q + 2])) {
    q += 3;  // "123.45"
  } else if (sep != '-' || (q - p != 5 && q - p != 4)) {
    return 0;
  }
  if (q < s.size() && (Alnum(s[q]) || ((s[q] == '.' || s[q] == ',') && q + 1 < s.size() && Digit(s[q + 1])))) {
    return 0;
  }
  return q;
}

// End of the passport number (a letter and 7 or 8 digits) at s[i], or 0.
size_t MatchPassport(std::string_view s, size_t i) {
  size_t q = i + 1;
  while (q < s.size() && Digit(s[q])) ++q;
  if (q - i - 1 != 7 && q - i - 1 != 8) return 0;
  if (q < s.size() &&
      (Alnum(s[q]) || ((s[q] == '.' || s[q] == ',' || s[q] == '/') && q + 1 < s.size() && Digit(s[q + 1])))) {
    return 0;
  }
  return q;
}

// Characters that join a number to what comes before it: a number right
// after them is part of a word, URL, path or longer number.
bool JoinsNumber(char c) { return Alnum(c) || (c != '\0' && std::string_view(".,/_-=?&#+@%]").find(c) != kNotFound); }

// ---- The scan --------------------------------------------------------------

constexpr int kWindow = 6;  // a keyword reaches a number after up to kWindow - 1 other words

// The first ASCII digit in s[i, s.size()), or s.size().
size_t FindDigit(std::string_view s, size_t i) {
  const char* const p = s.data();
  const size_t n = s.size();
#if defined(__SSE2__)
  // '0'..'9' moved to -128..-119, the lowest signed bytes.
  const __m128i shift = _mm_set1_epi8(static_cast<char>(0x80 - '0'));
  const __m128i limit = _mm_set1_epi8(static_cast<char>(-128 + 10));
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_add_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), shift);
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, limit)));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  while (i < n && !Digit(p[i])) ++i;
  return i;
}

// The scan state at a position: the topic of the window open there, and how
// many more words close it.
struct Window {
  Topic topic = Topic::kNone;
  int left = 0;

  void Open(Topic t) {
    topic = t;
    left = kWindow;
  }
  // One more word between the keyword and the number.
  void CountWord() {
    if (topic != Topic::kNone && --left == 0) topic = Topic::kNone;
  }
};

// Words (runs of characters between spaces that hold an ASCII letter or
// digit) that Masker::WindowAt reads back from a number at most. A keyword
// is at most 4 words ("bảo hiểm xã hội"), so a keyword that starts before
// them ends within their first 3, and the 6 words after it close its window.
constexpr int kReadBack = kWindow + 3;

class Masker {
 public:
  explicit Masker(std::string_view in) : in_(in) {
    out_.reserve(in.size());
    for (size_t k = 0; k < kMarks.size(); ++k) next_mark_[k] = in_.find(kMarks[k]);
  }

  std::string Run(int* count) {
    size_t i = 0;
    while (true) {
      FindEmail(i);
      // Nothing looks past the next e-mail.
      const std::string_view s = in_.substr(0, email_b_);
      while (i < s.size()) i = NextNumber(s, i);
      if (email_b_ == kNotFound) break;
      Emit(email_b_, email_e_, kEmail);
      i = email_e_;
    }
    out_.append(in_.substr(copied_));
    if (count != nullptr) *count = masked_;
    return std::move(out_);
  }

 private:
  // The byte before in_[i] as output so far: ']' right after a label, 0 at
  // the start. i >= copied_.
  char Before(size_t i) const {
    if (i > copied_) return in_[i - 1];
    return copied_ > 0 ? ']' : '\0';
  }

  bool WordCharBefore(size_t i) const {
    const char c = Before(i);
    if (static_cast<unsigned char>(c) < 0x80) return Alnum(c);
    return WordCharAt(in_, CodePointBefore(in_, i, copied_));
  }

  // A number may start at in_[i]: no letter, digit or joining character
  // before it, except a '/' right after a label ("0912345678/0987654321").
  bool NumberBoundary(size_t i) const {
    const char c = Before(i);
    if (c == '/') return Before(i - 1) == ']';
    return !JoinsNumber(c);
  }

  // in_[i] ends a sentence: a newline, ';', '!', '?', or '.' before a space
  // or the end.
  bool SentenceEnd(size_t i) const {
    const char c = in_[i];
    return c == '\n' || c == ';' || c == '!' || c == '?' || (c == '.' && (i + 1 == in_.size() || in_[i + 1] == ' '));
  }

  // Start of a phone word glued to the digits at in_[i] ("ĐT0912345678",
  // "Tel.0912345678"), or kNotFound.
  size_t GluedPhoneWord(size_t i) const {
    size_t e = i;
    if (e > copied_ && in_[e - 1] == '.') --e;
    size_t w = e;
    while (w > copied_ && e - w < 8) {
      if (Letter(in_[w - 1])) {
        --w;
      } else if (w - 1 > copied_ && in_[w - 2] == '\xC4' && (in_[w - 1] == '\x90' || in_[w - 1] == '\x91')) {
        w -= 2;  // Đ, đ
      } else {
        break;
      }
    }
    const char before = Before(w);
    if (w == e || JoinsNumber(before) || static_cast<unsigned char>(before) >= 0x80) return kNotFound;
    for (std::string_view word : kPhoneWords) {
      if (MatchFolded(in_, w, word) == e - w) return w;
    }
    return kNotFound;
  }

  // The first e-mail at or after `from`, into [email_b_, email_e_); kNotFound
  // when there is none.
  void FindEmail(size_t from) {
    for (size_t a = from;;) {
      size_t mark = kNotFound;
      for (size_t k = 0; k < kMarks.size(); ++k) {
        if (next_mark_[k] < a) next_mark_[k] = in_.find(kMarks[k], a);
        mark = std::min(mark, next_mark_[k]);
      }
      if (mark == kNotFound) break;
      if (MatchEmail(in_, mark, from, &email_b_, &email_e_)) return;
      a = mark + 1;
    }
    email_b_ = email_e_ = kNotFound;
  }

  void Emit(size_t b, size_t e, Kind kind) {
    out_.append(in_.substr(copied_, b - copied_));
    out_.append(kLabels[kind]);
    copied_ = e;
    ++masked_;
    after_label_ = LabelTopic(kind);
  }

  // From the first digit at or after s[i] (`s` ends at the next e-mail):
  // the number that starts there or just before it ("(+84)", "+84",
  // "(028)", a passport's letter) or with a phone word glued to it, masked or
  // skipped; returns where to go on.
  size_t NextNumber(std::string_view s, size_t i) {
    const size_t d = FindDigit(s, i);
    if (d == s.size()) return d;
    for (size_t q = d - std::min<size_t>(d - i, 2); q < d; ++q) {
      Match m;
      if ((s[q] == '(' || (s[q] == '+' && NumberBoundary(q))) &&
          MatchNumber(s, q, [] { return Topic::kNone; }, false, &m)) {
        Emit(q, m.end, m.kind);  // a '(' or '+' number is a phone number: no window asked
        return m.end;
      }
    }
    if (d > i && Letter(s[d - 1])) {  // "C1234567" in a passport window
      const size_t l = d - 1;
      if (!WordCharBefore(l) && NumberBoundary(l)) {
        const size_t e = MatchPassport(s, l);
        if (e != 0 && WindowAt(s, l).topic == Topic::kPassport) {
          Emit(l, e, kPassport);
          return e;
        }
      }
    }
    return AtNumber(s, d);
  }

  // The digit run at s[i]: masked, or skipped.
  size_t AtNumber(std::string_view s, size_t i) {
    Match m;
    if (NumberBoundary(i)) {
      if (const size_t e = MatchPlate(s, i)) {
        Emit(i, e, kPlate);
        return e;
      }
      if (MatchNumber(s, i, [&] { return WindowAt(s, i).topic; }, false, &m)) {
        Emit(i, m.end, m.kind);
        return m.end;
      }
    } else {
      const size_t w = GluedPhoneWord(i);
      if (w != kNotFound && MatchNumber(s, i, [] { return Topic::kNone; }, true, &m)) {
        Emit(w, m.end, kPhone);
        return m.end;
      }
    }
    return SkipNumber(s, i);
  }

  // End of the digits and separators from the digit at s[i], so that the
  // tail of a number is not tried again.
  static size_t SkipNumber(std::string_view s, size_t i) {
    size_t j = i + 1;
    while (j < s.size() &&
           (Digit(s[j]) || ((s[j] == '.' || s[j] == ',' || s[j] == '/') && j + 1 < s.size() && Digit(s[j + 1])))) {
      ++j;
    }
    return j;
  }

  // The window at s[pos], a place the scan stops at (a digit, or the letter
  // before one), as a left-to-right reading of every word since the last
  // label gives it: keywords open a window, other words and numbers count
  // towards closing it, a sentence end closes it. Only the text back to the
  // nearest of the last label, the last sentence end, kReadBack words and the
  // place the window was last asked for is read: from there on the reading
  // is the same as from the start (a keyword that started before those words
  // had its window closed by them). So no byte is read more than twice,
  // however long a sentence is and however many numbers it holds.
  Window WindowAt(std::string_view s, size_t pos) {
    Window w;
    size_t from = pos;
    bool word = false;
    for (int words = 0;; --from) {
      if (from == copied_) {
        w.Open(after_label_);
        break;
      }
      if (from == known_at_) {
        w = known_;
        break;
      }
      const char c = in_[from - 1];
      if (c == ' ') {
        if (word && ++words == kReadBack) break;
        word = false;
      } else if (SentenceEnd(from - 1)) {
        break;
      } else if (Alnum(c)) {
        word = true;
      }
    }
    for (size_t i = from; i < pos;) {
      const char c = s[i];
      if (static_cast<unsigned char>(c) < 0x80 && !Letter(c)) {
        if (Digit(c)) {  // a number not masked: a word
          if (!WordCharBefore(i)) w.CountWord();
          i = SkipNumber(s, i);
          continue;
        }
        if (SentenceEnd(i)) w.topic = Topic::kNone;
        ++i;
        continue;
      }
      if (Continuation(c) || (static_cast<unsigned char>(c) >= 0x80 && !WordCharAt(s, i))) {
        ++i;
        continue;
      }
      const size_t end = WordEnd(s, i);
      if ((w.topic == Topic::kNone && !MayStartKeyword(c)) || WordCharBefore(i)) {
        i = end;
        continue;
      }
      // A word starts.
      size_t len;
      if (const Keyword* k = MayBeKeyword(s, i, end) ? MatchKeyword(s, i, end, &len) : nullptr) {
        w.Open(k->topic);
        i += len;
        continue;
      }
      w.CountWord();
      i = end;
    }
    known_at_ = pos;
    known_ = w;
    return w;
  }

  const std::string_view in_;
  std::string out_;
  size_t copied_ = 0;  // in_[0, copied_) is in out_
  int masked_ = 0;
  Topic after_label_ = Topic::kNone;  // what the last label opens, as a keyword
  size_t known_at_ = kNotFound;  // where WindowAt last read the window, known_
  Window known_;
  size_t email_b_ = kNotFound, email_e_ = kNotFound;  // the next e-mail
  // What an e-mail turns on: '@', "[at]", "(at)". next_mark_: where the next
  // of each is (kNotFound: no more), so the text is searched for each once.
  static constexpr std::array<char, 3> kMarks = {'@', '[', '('};
  std::array<size_t, 3> next_mark_;
};

}  // namespace

std::string MaskPii(std::string_view raw, int* count) {
  std::string clean;
  std::string_view in = raw;
  if (!IsValidUtf8(raw)) {
    SanitizeUtf8(raw, &clean);
    in = clean;
  }
  return Masker(in).Run(count);
}

}  // namespace vox::text
