// canonical -> normalized text (what is matched).
//
// Normalized = canonical, then per segment (scan.cc): words lower-cased,
// elongations collapsed ("quáaaaa" -> "quá": a run of 3+ of the same letter,
// tones aside, becomes one; a word that is one letter repeated, "kkkkk",
// becomes two, "kk", so laughter never turns into the teencode "k"; Roman
// numerals like "XIII" are left alone), teencode/abbreviations expanded;
// a word touching a Latin-1 symbol or holding a non-Vietnamese Latin-1
// letter may be legacy-encoded text and is kept exactly as is;
// numbers, hashtags and mentions lower-cased; URLs, emoji, placeholders and
// punctuation kept; runs of white space become one ' ', trimmed.
// Invariant: Normalize(Normalize(x)) == Normalize(x).
#include <cstring>

#include "text/internal.h"
#include "text/text.h"

namespace vox::text {
namespace internal {
namespace {

constexpr size_t kMaxCollapse = 64;

uint32_t CollapseKey(char32_t cp, size_t i) {
  Packed p = LookupLetter(cp);
  if (p != kNotLetter) return 0x200000u + PVowel(p);
  if (IsLetter(cp)) return cp;
  return 0x400000u + static_cast<uint32_t>(i);  // never equal to a neighbour
}

bool IsRoman(const Unit* u, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    switch (u[i].cp) {
      case 'i': case 'v': case 'x': case 'l': case 'c': case 'd': case 'm': break;
      default: return false;
    }
  }
  return true;
}

// Appends; white space at the start continues the output's spacing.
void NormalizeImpl(std::string_view in, bool use_lexicon, std::string* out,
                   bool allow_legacy = true) {
  std::vector<Unit> u;
  DecodeCanonical(in, &u, nullptr, allow_legacy);
  out->reserve(out->size() + in.size() + in.size() / 8);
  const size_t n = u.size();
  bool pending_space = false;
  std::string word;
  size_t pos = 0;
  while (pos < n) {
    Segment s = NextSegment(u, pos);
    if (s.kind == Seg::kSpace) {
      pending_space = !out->empty();
      pos = s.e;
      continue;
    }
    if (pending_space) {
      out->push_back(' ');
      pending_space = false;
    }
    switch (s.kind) {
      case Seg::kWord: {
        if (NearLegacyGlue(u, s.b, s.e)) {
          // Possibly legacy-encoded: kept as is, so a second pass judges
          // the text exactly as this one did (legacy.cc).
          EncodeUnits(u.data() + s.b, s.e - s.b, out);
          break;
        }
        word.clear();
        NormalizeWordText(u.data() + s.b, s.e - s.b, false, &word);
        size_t end = s.e;
        const LexEntry* e = use_lexicon ? MatchLexicon(u, s.b, s.e, word, &end) : nullptr;
        if (e != nullptr) {
          out->append(e->to);
          // A consumed '.' was a boundary: keep one ("Q.1" -> "quận 1",
          // "TP.#x" -> "thành phố #x") so a second pass segments alike.
          if (end > s.e && end < n && !IsSpace(u[end].cp)) out->push_back(' ');
          s.e = end;
        } else {
          out->append(word);
        }
        break;
      }
      case Seg::kNumber:
        NormalizeWordText(u.data() + s.b, s.e - s.b, true, out);
        break;
      case Seg::kHashtag:
      case Seg::kMention:
        for (size_t i = s.b; i < s.e; ++i) AppendUtf8(ToLower(u[i].cp), out);
        break;
      default:
        EncodeUnits(u.data() + s.b, s.e - s.b, out);
        break;
    }
    pos = s.e;
  }
}

}  // namespace

bool NearLegacyGlue(const std::vector<Unit>& u, size_t b, size_t e) {
  if (b > 0 && IsLegacyGlue(u[b - 1].cp)) return true;
  if (e < u.size() && IsLegacyGlue(u[e].cp)) return true;
  for (size_t i = b; i < e; ++i) {
    if (u[i].cp >= 0x80 && u[i].cp <= 0xFF && LookupLetter(u[i].cp) == kNotLetter) return true;
  }
  return false;
}

void NormalizeWordText(const Unit* u, size_t n, bool is_number, std::string* out) {
  Unit stack[kMaxCollapse];
  std::vector<Unit> heap;
  Unit* buf = stack;
  if (n > kMaxCollapse) {
    heap.resize(n);
    buf = heap.data();
  }
  // Lower-casing a non-Vietnamese letter (İ -> i) can complete a syllable
  // whose tone must then be re-placed, as a second pass would.
  bool relower = false;
  for (size_t i = 0; i < n; ++i) {
    buf[i] = u[i];
    buf[i].cp = ToLower(u[i].cp);
    relower |= buf[i].cp != u[i].cp && u[i].cp >= 0x80 && LookupLetter(u[i].cp) == kNotLetter;
  }
  size_t m = n;
  bool collapsed = false;
  if (!is_number && n >= 3 && n <= kMaxCollapse && !IsRoman(buf, n)) {
    bool collapse = false;
    uint32_t prev_key = 0;
    size_t run = 0;
    for (size_t i = 0; i < n; ++i) {
      uint32_t k = CollapseKey(buf[i].cp, i);
      run = (i > 0 && k == prev_key) ? run + 1 : 1;
      if (run >= 3) collapse = true;
      prev_key = k;
    }
    if (collapse) {
      collapsed = true;
      m = 0;
      if (run == n) {  // one letter repeated: keep two
        m = 2;
      } else {
        size_t i = 0;
        while (i < n) {
          uint32_t k = CollapseKey(buf[i].cp, i);
          size_t j = i + 1;
          while (j < n && CollapseKey(buf[j].cp, j) == k) ++j;
          if (j - i >= 3) {
            Packed p = LookupLetter(buf[i].cp);
            Unit one = buf[i];
            if (p != kNotLetter) {
              uint8_t tone = 0;
              for (size_t t = i; t < j && tone == 0; ++t) tone = PTone(LookupLetter(buf[t].cp));
              one.cp = ComposeLetter(PVowel(p), tone, false);
            }
            buf[m++] = one;
          } else {
            for (size_t t = i; t < j; ++t) buf[m++] = buf[t];
          }
          i = j;
        }
      }
    }
  }
  if (collapsed || relower) {
    // Re-place the tone on the changed letter runs.
    size_t ws = 0;
    for (size_t i = 0; i <= m; ++i) {
      if (i == m || !IsLetter(buf[i].cp)) {
        if (i - ws >= 2 && i - ws <= 8) PlaceTone(buf + ws, i - ws);
        ws = i + 1;
      }
    }
  }
  EncodeUnits(buf, m, out);
}

void SlowNormalizeAppend(std::string_view in, bool allow_legacy, std::string* out) {
  NormalizeImpl(in, true, out, allow_legacy);
}

// Lower-casing a non-Vietnamese capital can leave a pair that NFC composes
// (Greek Ϊ + grave has no precomposed form, ϊ + grave has: U+1FD2), so a
// second pass would differ. Such output still holds a combining mark (rare:
// Vietnamese letters are always precomposed); iterate to the fixed point.
bool HasCombiningMark(const std::string& s) {
  // U+0300..U+036F are CC 80..CD AF; lead bytes CC/CD are rare in normalized
  // text (Vietnamese letters are precomposed), so search for them with memchr.
  for (const char lead : {'\xCC', '\xCD'}) {
    const char* p = s.data();
    const char* const end = s.data() + s.size();
    while ((p = static_cast<const char*>(std::memchr(p, lead, end - p))) != nullptr) {
      if (p + 1 >= end) break;
      const unsigned char d = static_cast<unsigned char>(p[1]);
      if (d >= 0x80 && (lead == '\xCC' ? d <= 0xBF : d <= 0xAF)) return true;
      ++p;
    }
  }
  return false;
}

template <typename Once>
std::string ToFixedPoint(std::string out, Once once) {
  for (int k = 0; k < 4 && HasCombiningMark(out); ++k) {
    std::string next = once(out);
    if (next == out) break;
    out.swap(next);
  }
  return out;
}

std::string SlowNormalizeOnce(std::string_view in) {
  std::string out;
  NormalizeImpl(in, true, &out);
  return out;
}

std::string SlowNormalizeForTest(std::string_view in) {
  return ToFixedPoint(SlowNormalizeOnce(in), [](const std::string& s) { return SlowNormalizeOnce(s); });
}

std::string NormalizeNoLexicon(std::string_view in) {
  std::string out;
  NormalizeImpl(in, false, &out);
  return out;
}

}  // namespace internal

namespace {
std::string NormalizeOnce(std::string_view in);
}  // namespace

std::string Normalize(std::string_view in) {
  return internal::ToFixedPoint(NormalizeOnce(in), [](const std::string& s) { return NormalizeOnce(s); });
}

namespace {
std::string NormalizeOnce(std::string_view in) {
  std::string out;
  if (internal::MaybeLegacy(in)) {
    internal::SlowNormalizeAppend(in, true, &out);
    return out;
  }
  out.reserve(in.size() + in.size() / 8);
  const bool whole = internal::RunChunked(
      in, &out, [&](size_t a, size_t b) { return internal::FastNormalize(in, a, b, &out); },
      [&](size_t a, size_t b) { internal::SlowNormalizeAppend(in.substr(a, b - a), false, &out); });
  if (!whole) {
    out.clear();
    internal::SlowNormalizeAppend(in, true, &out);
  }
  return out;
}
}  // namespace

}  // namespace vox::text
