// Splitting canonical text into segments, shared by Normalize and Tokenize.
//
// A segment is a run of spaces, a word (letters/digits/marks of any script),
// a number (starts with a digit; "3,5", "28/4", "1.200.000đ", "50k" are one
// number: . , / : join digits), a URL (scheme, "www." or a bare host with a
// known top-level domain; trailing punctuation is not part of it), a
// hashtag/mention ('#'/'@' at a word start followed by word characters), an
// emoji sequence (ZWJ sequences, skin tones, keycaps, tags, flag pairs), a
// masked placeholder (each label MaskPii writes, kMaskLabels: "[SĐT]", "[EMAIL]",
// "[CCCD]", "[STK]", "[THẺ]", "[BHXH]", "[HỘ CHIẾU]", "[BIỂN SỐ]", exactly as
// written), or one other character.
// Segments tile the text: each unit belongs to exactly one segment.
#include <unicode/uchar.h>

#include "text/internal.h"

namespace vox::text::internal {
namespace {

inline bool AsciiAlnum(char32_t c) {
  return c < 0x80 && (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9'));
}
inline bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }

bool MatchAscii(const std::vector<Unit>& u, size_t pos, std::string_view lit) {
  if (pos + lit.size() > u.size()) return false;
  for (size_t k = 0; k < lit.size(); ++k) {
    char32_t c = u[pos + k].cp;
    if (c >= 'A' && c <= 'Z') c += 32;
    if (c != static_cast<unsigned char>(lit[k])) return false;
  }
  return true;
}

// Units matching the UTF-8 text `lit` from u[pos]: how many, or 0.
size_t MatchUtf8(const std::vector<Unit>& u, size_t pos, std::string_view lit) {
  const auto* p = reinterpret_cast<const unsigned char*>(lit.data());
  size_t k = pos;
  for (size_t i = 0; i < lit.size(); ++k) {
    size_t len;
    if (k >= u.size() || u[k].cp != DecodeUtf8(p, lit.size(), i, &len)) return 0;
    i += len;
  }
  return k - pos;
}

bool KnownTld(const std::vector<Unit>& u, size_t b, size_t e) {
  static constexpr std::string_view kTlds[] = {
      "vn", "com", "net", "org", "gov", "edu", "info", "io", "me", "ly",
      "co", "tv", "biz", "asia", "app", "site", "online", "link", "gl"};
  if (e - b > 6) return false;
  char buf[8];
  for (size_t i = b; i < e; ++i) {
    char32_t c = u[i].cp;
    buf[i - b] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  std::string_view t(buf, e - b);
  for (auto k : kTlds) if (k == t) return true;
  return false;
}

// End of a URL starting at pos (after its prefix was recognized).
size_t UrlEnd(const std::vector<Unit>& u, size_t pos) {
  size_t i = pos;
  bool paren = false;
  while (i < u.size()) {
    char32_t c = u[i].cp;
    if (IsSpace(c) || c == '<' || c == '>' || c == '"' || c == 0x201C ||
        c == 0x201D || c < 0x20 || IsEmojiBase(c)) {
      break;
    }
    if (c == '(') paren = true;
    ++i;
  }
  while (i > pos) {
    char32_t c = u[i - 1].cp;
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
        c == ']' || c == '}' || c == '\'' || c == 0x2019 || c == 0x2026 ||
        (c == ')' && !paren)) {
      --i;
    } else {
      break;
    }
  }
  return i;
}

// Bare host "abc.com.vn" at pos: returns the URL end or 0.
size_t BareHostUrl(const std::vector<Unit>& u, size_t pos) {
  size_t i = pos, label_start = pos, labels = 0;
  bool has_letter = false;
  while (true) {
    size_t ls = i;
    while (i < u.size() && (AsciiAlnum(u[i].cp) || u[i].cp == '-')) {
      if (!IsDigit(u[i].cp)) has_letter = true;
      ++i;
    }
    if (i == ls) return 0;
    ++labels;
    label_start = ls;
    if (i + 1 < u.size() && u[i].cp == '.' && AsciiAlnum(u[i + 1].cp)) {
      ++i;
      continue;
    }
    break;
  }
  if (labels < 2 || !has_letter || !KnownTld(u, label_start, i)) return 0;
  if (i < u.size()) {
    char32_t c = u[i].cp;
    if (c == '@') return 0;
    if (IsWordChar(c)) return 0;
    if (c == '/' || c == '?' || c == '#' || c == ':') return UrlEnd(u, pos);
  }
  return i;
}

}  // namespace

Segment NextSegment(const std::vector<Unit>& u, size_t pos) {
  const size_t n = u.size();
  const char32_t c = u[pos].cp;
  const bool at_start = pos == 0 || !IsWordChar(u[pos - 1].cp);
  if (IsSpace(c)) {
    size_t i = pos + 1;
    while (i < n && IsSpace(u[i].cp)) ++i;
    return {Seg::kSpace, pos, i};
  }
  if (c == '[') {
    for (std::string_view label : kMaskLabels) {
      if (const size_t len = MatchUtf8(u, pos, label)) return {Seg::kMasked, pos, pos + len};
    }
  }
  if ((c == '#' || c == '@') && at_start && pos + 1 < n && IsWordChar(u[pos + 1].cp)) {
    size_t i = pos + 1;
    while (i < n && (IsWordChar(u[i].cp) || u[i].cp == '_' ||
                     (c == '@' && u[i].cp == '.' && i + 1 < n && IsWordChar(u[i + 1].cp)))) {
      ++i;
    }
    return {c == '#' ? Seg::kHashtag : Seg::kMention, pos, i};
  }
  if (at_start && AsciiAlnum(c)) {
    if (MatchAscii(u, pos, "http://") || MatchAscii(u, pos, "https://")) {
      return {Seg::kUrl, pos, UrlEnd(u, pos)};
    }
    if (MatchAscii(u, pos, "www.") && pos + 4 < n && AsciiAlnum(u[pos + 4].cp)) {
      return {Seg::kUrl, pos, UrlEnd(u, pos)};
    }
    if (size_t e = BareHostUrl(u, pos)) return {Seg::kUrl, pos, e};
  }
  if (c >= 0xA9 && IsEmojiBase(c)) {
    size_t i = pos + 1;
    if (c >= 0x1F1E6 && c <= 0x1F1FF) {
      if (i < n && u[i].cp >= 0x1F1E6 && u[i].cp <= 0x1F1FF) ++i;
      return {Seg::kEmoji, pos, i};
    }
    while (true) {
      while (i < n && (u[i].cp == 0xFE0F || (u[i].cp >= 0x1F3FB && u[i].cp <= 0x1F3FF) ||
                       (u[i].cp >= 0xE0020 && u[i].cp <= 0xE007F) || u[i].cp == 0x20E3)) {
        ++i;
      }
      if (i + 1 < n && u[i].cp == 0x200D && IsEmojiBase(u[i + 1].cp)) {
        i += 2;
        continue;
      }
      break;
    }
    return {Seg::kEmoji, pos, i};
  }
  if (IsWordChar(c)) {
    size_t i = pos + 1;
    while (i < n) {
      char32_t d = u[i].cp;
      if (IsWordChar(d)) { ++i; continue; }
      if ((d == '.' || d == ',' || d == '/' || d == ':') && IsDigit(u[i - 1].cp) &&
          i + 1 < n && IsDigit(u[i + 1].cp)) {
        i += 2;
        continue;
      }
      break;
    }
    bool number = IsDigit(c) || (c >= 0x80 && u_isdigit(static_cast<UChar32>(c)));
    return {number ? Seg::kNumber : Seg::kWord, pos, i};
  }
  return {Seg::kOther, pos, pos + 1};
}

}  // namespace vox::text::internal
