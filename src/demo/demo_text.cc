// The demo's text toolkit; see demo_text.h. The Vietnamese letter table
// below is the single source for accent stripping, upper-casing, NFD and
// tone-placement rewriting: 12 vowel rows (a ă â e ê i o ô ơ u ư y) times 6
// tones (none, huyền, sắc, hỏi, ngã, nặng), lower and upper case, plus đ/Đ.
#include "demo/demo_text.h"

#include <array>
#include <cmath>
#include <cstring>
#include <vector>

#include "text/text.h"

namespace vox::demo::internal {

double Rand::Exp(double mean) { return -std::log(1.0 - Unit()) * mean; }

int Rand::HeavyCount(double scale, int cap) {
  double u = 1.0 - Unit();  // (0, 1]
  double x = scale * (std::pow(u, -1.0 / 1.3) - 1.0);
  if (x > cap) return cap;
  return static_cast<int>(x);
}

int Rand::RoundP(double x) {
  if (x <= 0) return 0;
  double f = std::floor(x);
  return static_cast<int>(f) + (Chance(x - f) ? 1 : 0);
}

uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

namespace {

constexpr const char* kLowerRows[12] = {
    "aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
    "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ"};
constexpr const char* kUpperRows[12] = {
    "AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
    "OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ"};
constexpr char kBase[12] = {'a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 'o', 'u', 'u', 'y'};
// The mark a row adds to its base letter (0: none) and its combining class.
constexpr char32_t kRowMark[12] = {0, 0x306, 0x302, 0, 0x302, 0, 0, 0x302, 0x31B, 0, 0x31B, 0};
constexpr char32_t kToneMark[6] = {0, 0x300, 0x301, 0x309, 0x303, 0x323};
constexpr int kRowD = 12;

// Decodes one UTF-8 sequence at s[i]; advances i. Invalid bytes decode as
// themselves (the demo only feeds its own valid text through here).
char32_t Decode(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) { ++i; return c; }
  int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (i + static_cast<size_t>(len) > s.size() || len == 1) { ++i; return c; }
  char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += static_cast<size_t>(len);
  return cp;
}

void Encode(char32_t cp, std::string* out) { text::AppendUtf8(cp, out); }

struct Letter {
  int8_t row = -1;  // 0..11 vowel rows, 12 = đ, -1 = not a Vietnamese letter
  int8_t tone = 0;
  bool upper = false;
};

struct Table {
  static constexpr char32_t kLo = 0xC0, kHi = 0x1F00;
  std::array<Letter, kHi - kLo> at{};
  char32_t lower[12][6];
  char32_t upper[12][6];

  Table() {
    for (int r = 0; r < 12; ++r) {
      for (int pass = 0; pass < 2; ++pass) {
        std::string_view row = pass == 0 ? kLowerRows[r] : kUpperRows[r];
        size_t i = 0;
        for (int t = 0; t < 6; ++t) {
          char32_t cp = Decode(row, i);
          (pass == 0 ? lower : upper)[r][t] = cp;
          if (cp >= kLo && cp < kHi) at[cp - kLo] = Letter{static_cast<int8_t>(r), static_cast<int8_t>(t), pass == 1};
        }
      }
    }
    at[0x111 - kLo] = Letter{kRowD, 0, false};  // đ
    at[0x110 - kLo] = Letter{kRowD, 0, true};   // Đ
  }

  Letter Find(char32_t cp) const {
    if (cp >= 'a' && cp <= 'z') {
      for (int r = 0; r < 12; ++r) if (kBase[r] == static_cast<char>(cp) && kRowMark[r] == 0) return Letter{static_cast<int8_t>(r), 0, false};
      return Letter{};
    }
    if (cp >= 'A' && cp <= 'Z') {
      for (int r = 0; r < 12; ++r) if (kBase[r] == static_cast<char>(cp - 'A' + 'a') && kRowMark[r] == 0) return Letter{static_cast<int8_t>(r), 0, true};
      return Letter{};
    }
    if (cp < kLo || cp >= kHi) return Letter{};
    return at[cp - kLo];
  }
};

const Table& T() {
  static const Table table;
  return table;
}

bool IsLetter(char32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return true;
  return T().Find(cp).row >= 0;
}

bool IsWordByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string StripAccents(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const Table& t = T();
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    char32_t cp = Decode(s, i);
    if (cp < 0x80) { out.push_back(static_cast<char>(cp)); continue; }
    Letter l = t.Find(cp);
    if (l.row < 0) { out.append(s.substr(start, i - start)); continue; }
    char base = l.row == kRowD ? 'd' : kBase[l.row];
    out.push_back(l.upper ? static_cast<char>(base - 'a' + 'A') : base);
  }
  return out;
}

std::string ToUpper(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const Table& t = T();
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    char32_t cp = Decode(s, i);
    if (cp < 0x80) {
      out.push_back(cp >= 'a' && cp <= 'z' ? static_cast<char>(cp - 'a' + 'A') : static_cast<char>(cp));
      continue;
    }
    Letter l = t.Find(cp);
    if (l.row < 0 || l.upper) { out.append(s.substr(start, i - start)); continue; }
    Encode(l.row == kRowD ? 0x110 : t.upper[l.row][l.tone], &out);
  }
  return out;
}

std::string LowerFirst(std::string_view s) {
  if (s.empty()) return std::string(s);
  size_t i = 0;
  char32_t cp = Decode(s, i);
  std::string out;
  if (cp >= 'A' && cp <= 'Z') {
    out.push_back(static_cast<char>(cp - 'A' + 'a'));
  } else {
    Letter l = cp < 0x80 ? Letter{} : T().Find(cp);
    if (l.row < 0 || !l.upper) return std::string(s);
    Encode(l.row == kRowD ? 0x111 : T().lower[l.row][l.tone], &out);
  }
  out.append(s.substr(i));
  return out;
}

std::string ToNfd(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 2);
  const Table& t = T();
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    char32_t cp = Decode(s, i);
    Letter l = cp < 0x80 ? Letter{} : t.Find(cp);
    if (l.row < 0 || l.row == kRowD) { out.append(s.substr(start, i - start)); continue; }
    out.push_back(l.upper ? static_cast<char>(kBase[l.row] - 'a' + 'A') : kBase[l.row]);
    char32_t row_mark = kRowMark[l.row];
    char32_t tone = kToneMark[l.tone];
    // Canonical order: horn (ccc 216) < dot below (220) < the others (230).
    if (tone == 0x323 && row_mark != 0 && row_mark != 0x31B) {
      Encode(tone, &out);
      Encode(row_mark, &out);
    } else {
      if (row_mark) Encode(row_mark, &out);
      if (tone) Encode(tone, &out);
    }
  }
  return out;
}

std::string OldStyleTones(std::string_view s) {
  std::vector<char32_t> cps;
  cps.reserve(s.size());
  for (size_t i = 0; i < s.size();) cps.push_back(Decode(s, i));
  const Table& t = T();
  for (size_t i = 0; i + 1 < cps.size(); ++i) {
    Letter a = t.Find(cps[i]);
    if (a.row < 0 || a.upper || a.tone == 0) continue;
    char32_t next = cps[i + 1];
    bool end = i + 2 >= cps.size() || !IsLetter(cps[i + 2]);
    if (!end) continue;
    // The syllable must not start with "q" (quý is already old and new style).
    if (i > 0 && (cps[i - 1] == 'q' || cps[i - 1] == 'Q')) continue;
    int second = -1;
    if (a.row == 6 && next == 'a') second = 0;
    else if (a.row == 6 && next == 'e') second = 3;
    else if (a.row == 9 && next == 'y') second = 11;
    if (second < 0) continue;
    cps[i] = t.lower[a.row][0];
    cps[i + 1] = t.lower[second][a.tone];
  }
  std::string out;
  out.reserve(s.size());
  for (char32_t cp : cps) Encode(cp, &out);
  return out;
}

namespace {

struct Teen {
  const char* word;
  const char* alts[4];
};

constexpr Teen kTeen[] = {
    {"mọi người", {"mn", "mng", "mn", nullptr}},
    {"bình thường", {"bt", "bthg", nullptr, nullptr}},
    {"không", {"ko", "k", "hok", "hông"}},
    {"được", {"dc", "đc", "đk", nullptr}},
    {"người", {"ng", nullptr, nullptr, nullptr}},
    {"với", {"vs", nullptr, nullptr, nullptr}},
    {"gì", {"j", nullptr, nullptr, nullptr}},
    {"rồi", {"r", "rùi", nullptr, nullptr}},
    {"cũng", {"cx", "cũm", nullptr, nullptr}},
    {"trước", {"trc", nullptr, nullptr, nullptr}},
    {"mới", {"ms", nullptr, nullptr, nullptr}},
    {"vậy", {"z", "v", "zậy", nullptr}},
    {"biết", {"bít", "bik", nullptr, nullptr}},
    {"thôi", {"thui", nullptr, nullptr, nullptr}},
    {"quá", {"wá", "qá", nullptr, nullptr}},
    {"anh chị", {"ac", nullptr, nullptr, nullptr}},
    {"gia đình", {"gđ", nullptr, nullptr, nullptr}},
    {"nhé", {"nha", "nhe", nullptr, nullptr}},
    {"điện thoại", {"đt", "dt", nullptr, nullptr}},
    {"tin nhắn", {"tn", nullptr, nullptr, nullptr}},
    {"chồng", {"ck", nullptr, nullptr, nullptr}},
    {"vợ", {"vk", nullptr, nullptr, nullptr}},
};

struct Stretch {
  const char* word;
  const char* tail;
};

constexpr Stretch kStretch[] = {
    {"quá", "aaa"}, {"luôn", "nnn"}, {"ơi", "iii"}, {"nha", "aaa"}, {"trời", "iii"},
    {"ghê", "êê"},  {"lắm", "mmm"},  {"gấp", "ppp"}, {"nhé", "éé"},  {"thôi", "iii"},
};

}  // namespace

std::string Teencode(std::string_view s, double p, Rand& rng) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    bool at_start = i == 0 || !IsWordByte(s[i - 1]);
    bool done = false;
    if (at_start) {
      for (const Teen& t : kTeen) {
        size_t n = std::strlen(t.word);
        if (s.compare(i, n, t.word) != 0) continue;
        if (i + n < s.size() && IsWordByte(s[i + n])) continue;
        if (!rng.Chance(p)) break;
        int count = 0;
        while (count < 4 && t.alts[count]) ++count;
        out.append(t.alts[rng.Int(count)]);
        i += n;
        done = true;
        break;
      }
    }
    if (!done) out.push_back(s[i++]);
  }
  return out;
}

std::string Elongate(std::string_view s, Rand& rng) {
  int found = 0;
  size_t pos[16];
  const char* tails[16];
  for (const Stretch& w : kStretch) {
    size_t n = std::strlen(w.word);
    for (size_t at = s.find(w.word); at != std::string_view::npos && found < 16; at = s.find(w.word, at + 1)) {
      bool left = at == 0 || !IsWordByte(s[at - 1]);
      bool right = at + n >= s.size() || !IsWordByte(s[at + n]);
      if (left && right) {
        pos[found] = at + n;
        tails[found] = w.tail;
        ++found;
      }
    }
  }
  if (found == 0) return std::string(s);
  int k = rng.Int(found);
  std::string out(s.substr(0, pos[k]));
  out.append(tails[k]);
  if (rng.Chance(0.4)) {
    std::string_view tail(tails[k]);
    size_t len = 1;
    while (len < tail.size() && (static_cast<unsigned char>(tail[len]) & 0xC0) == 0x80) ++len;
    out.append(tail.substr(0, len));
  }
  out.append(s.substr(pos[k]));
  return out;
}

void AppendJsonString(std::string* out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        if (u < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[u >> 4]);
          out->push_back(kHex[u & 15]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

std::string Slugify(std::string_view s, size_t max_words) {
  std::string plain = StripAccents(s);
  std::string out;
  size_t words = 0;
  bool pending = false;
  for (char c : plain) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (!alnum) {
      if (!out.empty()) pending = true;
      continue;
    }
    if (pending) {
      if (++words >= max_words) break;
      out.push_back('-');
      pending = false;
    }
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

bool HasCombiningMarks(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    unsigned char a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if ((a == 0xCC && b >= 0x80) || (a == 0xCD && b < 0xB0)) return true;
  }
  return false;
}

bool HasNonAscii(std::string_view s) {
  for (char c : s) if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

namespace {

// Returns the end of the bracket group starting at open (which is '['):
// the index of its matching ']' (or s.size() if unbalanced).
size_t MatchBracket(std::string_view s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '[') ++depth;
    else if (s[i] == ']' && --depth == 0) return i;
  }
  return s.size();
}

void ExpandInto(std::string_view t, SlotSource& slots, Rand& rng, std::string* out) {
  size_t i = 0;
  while (i < t.size()) {
    char c = t[i];
    if (c == '[') {
      size_t close = MatchBracket(t, i);
      std::string_view inner = t.substr(i + 1, close - i - 1);
      // Split at depth-0 '|'.
      size_t starts[32];
      size_t ends[32];
      int n = 0;
      int depth = 0;
      size_t begin = 0;
      for (size_t k = 0; k < inner.size(); ++k) {
        if (inner[k] == '[') ++depth;
        else if (inner[k] == ']') --depth;
        else if (inner[k] == '|' && depth == 0 && n < 31) {
          starts[n] = begin;
          ends[n] = k;
          ++n;
          begin = k + 1;
        }
      }
      starts[n] = begin;
      ends[n] = inner.size();
      ++n;
      int pick = rng.Int(n);
      ExpandInto(inner.substr(starts[pick], ends[pick] - starts[pick]), slots, rng, out);
      i = close + 1;
    } else if (c == '{') {
      size_t close = t.find('}', i);
      if (close == std::string_view::npos) { out->append(t.substr(i)); return; }
      slots.Slot(t.substr(i + 1, close - i - 1), out);
      i = close + 1;
    } else {
      out->push_back(c);
      ++i;
    }
  }
}

}  // namespace

std::string Expand(std::string_view tmpl, SlotSource& slots, Rand& rng) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  ExpandInto(tmpl, slots, rng, &out);
  // Collapse double spaces left by empty optional parts, and " ," / " .".
  std::string clean;
  clean.reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (c == ' ' && (clean.empty() || clean.back() == ' ' || clean.back() == '\n')) continue;
    if ((c == ',' || c == '.' || c == '?' || c == '!') && !clean.empty() && clean.back() == ' ') clean.pop_back();
    clean.push_back(c);
  }
  while (!clean.empty() && clean.back() == ' ') clean.pop_back();
  return clean;
}

}  // namespace vox::demo::internal
