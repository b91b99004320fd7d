// raw bytes -> canonical text.
//
// Pipeline (one pass per stage, all offset-preserving, see internal.h Unit):
//   1. UTF-8 decode; each invalid sequence becomes one U+FFFD.
//   2. Legacy encodings: only when the text looks like TCVN3/VNI read as
//      Latin-1 (legacy.cc decides, conservatively).
//   3. NFC without calling ICU on the common path: ASCII and code points that
//      are already NFC "boundaries" (< U+0300, precomposed Vietnamese, general
//      punctuation, emoji, variation selectors) pass straight through. A code
//      point followed by a non-boundary (a combining mark, ...) starts a
//      cluster: Vietnamese letter + Vietnamese marks are composed by table
//      (doubled or stray marks dropped); anything else goes through ICU NFC,
//      cluster by cluster (NFC of the whole = concatenation of NFC of clusters
//      split at boundaries).
//   4. Look-alikes and invisibles: Ð/ð -> Đ/đ, zero-width characters dropped
//      (ZWJ kept inside emoji sequences), Unicode spaces -> ' ', full-width
//      ASCII -> ASCII, C0/C1 controls other than \t \n \r dropped, combining
//      marks left without a base (or on a Vietnamese/ASCII letter after NFC)
//      dropped.
//   5. Tone placement per letter run (tone.cc), except runs glued to a
//      Latin-1 symbol ("qúa·"): in legacy-encoded text those symbols are
//      letters, and leaving such runs alone keeps the legacy decision
//      (legacy.cc) the same on a second pass.
// Invariant: the output is valid UTF-8 in NFC and Canonicalize is idempotent.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cstring>

#include "text/internal.h"
#include "text/text.h"

namespace vox::text {
namespace internal {

char32_t DecodeUtf8(const unsigned char* s, size_t n, size_t i, size_t* len) {
  unsigned char c = s[i];
  if (c < 0x80) { *len = 1; return c; }
  auto cont = [&](size_t k) { return i + k < n && (s[i + k] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) {
    if (cont(1)) { *len = 2; return ((c & 0x1F) << 6) | (s[i + 1] & 0x3F); }
  } else if (c >= 0xE0 && c <= 0xEF) {
    if (i + 1 < n) {
      unsigned char c1 = s[i + 1];
      bool ok1 = (c == 0xE0) ? (c1 >= 0xA0 && c1 <= 0xBF)
                 : (c == 0xED) ? (c1 >= 0x80 && c1 <= 0x9F)
                               : (c1 & 0xC0) == 0x80;
      if (ok1) {
        if (cont(2)) {
          *len = 3;
          return ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (s[i + 2] & 0x3F);
        }
        *len = 2;
        return 0xFFFD;
      }
    }
  } else if (c >= 0xF0 && c <= 0xF4) {
    if (i + 1 < n) {
      unsigned char c1 = s[i + 1];
      bool ok1 = (c == 0xF0) ? (c1 >= 0x90 && c1 <= 0xBF)
                 : (c == 0xF4) ? (c1 >= 0x80 && c1 <= 0x8F)
                               : (c1 & 0xC0) == 0x80;
      if (ok1) {
        if (cont(2)) {
          if (cont(3)) {
            *len = 4;
            return ((c & 0x07) << 18) | ((c1 & 0x3F) << 12) |
                   ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
          }
          *len = 3;
          return 0xFFFD;
        }
        *len = 2;
        return 0xFFFD;
      }
    }
  }
  *len = 1;
  return 0xFFFD;
}

void AppendUtf8(char32_t cp, std::string* out) {
  char buf[4];
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
    return;
  }
  size_t n;
  if (cp < 0x800) {
    buf[0] = static_cast<char>(0xC0 | (cp >> 6));
    buf[1] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    buf[0] = static_cast<char>(0xE0 | (cp >> 12));
    buf[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    buf[0] = static_cast<char>(0xF0 | (cp >> 18));
    buf[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 4;
  }
  out->append(buf, n);
}

void EncodeUnits(const Unit* u, size_t n, std::string* out) {
  const size_t old = out->size();
  out->resize(old + 4 * n);
  char* w = out->data() + old;
  for (size_t i = 0; i < n; ++i) {
    char32_t cp = u[i].cp;
    if (cp < 0x80) {
      *w++ = static_cast<char>(cp);
    } else if (cp < 0x800) {
      *w++ = static_cast<char>(0xC0 | (cp >> 6));
      *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *w++ = static_cast<char>(0xE0 | (cp >> 12));
      *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *w++ = static_cast<char>(0xF0 | (cp >> 18));
      *w++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  out->resize(static_cast<size_t>(w - out->data()));
}

bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
         cp == '\v';
}

bool IsLetter(char32_t cp) {
  if (cp < 0x80) return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
  if (LookupLetter(cp) != kNotLetter) return true;
  return u_isalpha(static_cast<UChar32>(cp));
}

bool IsWordChar(char32_t cp) {
  if (cp < 0x80) {
    return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= '0' && cp <= '9');
  }
  if (LookupLetter(cp) != kNotLetter) return true;
  if (cp == 0xFFFD) return false;
  if (u_isalnum(static_cast<UChar32>(cp))) return true;
  int8_t t = u_charType(static_cast<UChar32>(cp));
  return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK ||
         t == U_ENCLOSING_MARK;
}

bool IsEmojiBase(char32_t cp) {
  if (cp < 0xA9) return false;
  if (cp >= 0x1F1E6 && cp <= 0x1F1FF) return true;
  return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_EXTENDED_PICTOGRAPHIC);
}

char32_t ToLower(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  Packed p = LookupLetter(cp);
  if (p != kNotLetter) return PUpper(p) ? ComposeLetter(PVowel(p), PTone(p), false) : cp;
  // Latin-1 letters Vietnamese does not use (Ñ Ö Ü ...) keep their case:
  // TCVN3/VNI read upper and lower case differently (legacy.cc).
  if (cp <= 0xFF) return cp;
  char32_t l = static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
  // Never lower-case into Latin-1 from outside it (ẞ -> ß, Ÿ -> ÿ): that
  // would create legacy-encoding evidence on a second pass.
  return (l >= 0x80 && l <= 0xFF && cp > 0xFF) ? cp : l;
}

namespace {

const icu::Normalizer2* Nfc() {
  static const icu::Normalizer2* nfc = [] {
    UErrorCode st = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
    return U_SUCCESS(st) ? n : nullptr;
  }();
  return nfc;
}

}  // namespace

namespace {

// True when no normalization interacts across the point before cp.
inline bool BoundaryBefore(char32_t cp) {
  if (cp < 0x300) return true;
  if (cp >= 0x1EA0 && cp <= 0x1EFF) return true;
  if (cp >= 0x2000 && cp <= 0x206F) return true;
  if (cp >= 0xFE00 && cp <= 0xFE0F) return true;
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return true;
  const icu::Normalizer2* n = Nfc();
  return n == nullptr || n->hasBoundaryBefore(static_cast<UChar32>(cp));
}

// Code points known to be unchanged by NFC on their own (NFC_QC=Yes).
inline bool KnownNfcStable(char32_t cp) {
  return cp < 0x300 || (cp >= 0x1EA0 && cp <= 0x1EFF) || (cp >= 0x2000 && cp <= 0x206F) ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFF01 && cp <= 0xFF5E) ||
         (cp >= 0x1F000 && cp <= 0x1FAFF) || cp == 0x3000 || cp == 0xFFFD;
}

inline bool IsEmojiPart(char32_t cp) {
  return IsEmojiBase(cp) || cp == 0xFE0F || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
         (cp >= 0xE0020 && cp <= 0xE007F) || cp == 0x20E3;
}

// Source of Units: raw bytes decoded on the fly, or a converted vector.
class Source {
 public:
  Source(std::string_view raw, size_t* invalid)
      : s_(reinterpret_cast<const unsigned char*>(raw.data())), n_(raw.size()),
        invalid_(invalid) {}
  explicit Source(const std::vector<Unit>* v) : vec_(v) {}

  bool Peek(Unit* u) {
    if (vec_) {
      if (vi_ >= vec_->size()) return false;
      *u = (*vec_)[vi_];
      return true;
    }
    if (i_ >= n_) return false;
    if (cached_at_ == i_) {
      *u = cached_;
      return true;
    }
    size_t len;
    char32_t cp = s_[i_] < 0x80 ? (len = 1, s_[i_]) : DecodeUtf8(s_, n_, i_, &len);
    *u = Unit{cp, static_cast<uint32_t>(i_), static_cast<uint32_t>(i_ + len)};
    cached_ = *u;
    cached_at_ = i_;
    return true;
  }
  void Advance(const Unit& u) {
    if (vec_) { ++vi_; return; }
    if (u.cp == 0xFFFD && invalid_ != nullptr && !(u.e - u.b == 3 && s_[u.b] == 0xEF)) {
      ++*invalid_;
    }
    i_ = u.e;
  }

 private:
  const unsigned char* s_ = nullptr;
  size_t n_ = 0, i_ = 0;
  size_t* invalid_ = nullptr;
  const std::vector<Unit>* vec_ = nullptr;
  size_t vi_ = 0;
  Unit cached_{};
  size_t cached_at_ = static_cast<size_t>(-1);
};

class Canonicalizer {
 public:
  explicit Canonicalizer(std::vector<Unit>* out, bool place_tones = true)
      : out_(out), place_tones_(place_tones) {}

  void Run(Source* src) {
    Unit u, next;
    while (src->Peek(&u)) {
      src->Advance(u);
      bool has_next = src->Peek(&next);
      if (!has_next || BoundaryBefore(next.cp)) {
        if (u.cp == 0x200D) {  // ZWJ: keep only between emoji
          if (has_next && prev_emoji_ && IsEmojiBase(next.cp)) Emit(u);
          continue;
        }
        if (ToneOfMark(u.cp) || (u.cp >= 0x300 && !BoundaryBefore(u.cp))) {
          continue;  // a mark without a base (text start or after a drop)
        }
        if (!KnownNfcStable(u.cp)) {  // e.g. singletons: U+1FEF -> '`'
          cluster_.clear();
          cluster_.push_back(u);
          ProcessCluster();
          continue;
        }
        EmitMapped(u, /*base_kept=*/nullptr);
        continue;
      }
      cluster_.clear();
      cluster_.push_back(u);
      while (src->Peek(&next) && !BoundaryBefore(next.cp)) {
        src->Advance(next);
        cluster_.push_back(next);
      }
      ProcessCluster();
    }
    FlushWord();
  }

 private:
  void ProcessCluster() {
    const uint32_t b = cluster_.front().b, e = cluster_.back().e;
    // Vietnamese letter + Vietnamese marks: compose by table.
    if (const char32_t letter = ComposeVietnamese(cluster_[0].cp, cluster_.size() - 1,
                                                  [&](size_t i) { return cluster_[i + 1].cp; })) {
      EmitLetter(Unit{letter, b, e});
      return;
    }
    // General case: ICU NFC on the cluster.
    icu::UnicodeString us;
    for (const Unit& c : cluster_) us.append(static_cast<UChar32>(c.cp));
    UErrorCode st = U_ZERO_ERROR;
    icu::UnicodeString nfc = Nfc() ? Nfc()->normalize(us, st) : us;
    if (U_FAILURE(st)) nfc = us;
    bool base_kept = false;
    bool first = true;
    for (int32_t i = 0; i < nfc.length();) {
      UChar32 c = nfc.char32At(i);
      i += U16_LENGTH(c);
      char32_t cp = static_cast<char32_t>(c);
      // Marks, and code points that combine with what precedes them although
      // their class is 0 (U+0B57): kept only after a kept base, as a text's
      // first code point drops them too (else a second pass would differ).
      if (u_getCombiningClass(c) != 0 || !BoundaryBefore(cp)) {
        if (!first && base_kept) Emit(Unit{cp, b, e});
        first = false;
        continue;
      }
      first = false;
      EmitMapped(Unit{cp, b, e}, &base_kept);
    }
  }

  // Emits one code point after look-alike/invisible mapping. *base_kept
  // (when non-null) tells whether combining marks may follow it.
  void EmitMapped(Unit u, bool* base_kept) {
    char32_t cp = u.cp;
    if (base_kept) *base_kept = false;
    if (cp < 0x80) {
      if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') return;
      if (cp == 0x7F) return;
      if (IsLetter(cp)) EmitLetter(u); else Emit(u);
      return;
    }
    if (LookupLetter(cp) != kNotLetter) { EmitLetter(u); return; }
    switch (cp) {
      case 0x00D0: u.cp = 0x0110; EmitLetter(u); return;  // Ð -> Đ
      case 0x00F0: u.cp = 0x0111; EmitLetter(u); return;  // ð -> đ
      case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
      case 0x00AD: case 0x180E:
        return;
      case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
        u.cp = ' '; Emit(u); return;
      case 0x2028: case 0x2029: case 0x0085:
        u.cp = '\n'; Emit(u); return;
      default: break;
    }
    if (cp >= 0x2000 && cp <= 0x200A) { u.cp = ' '; Emit(u); return; }
    if (cp >= 0x80 && cp < 0xA0) return;  // C1 controls
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      u.cp = cp - 0xFEE0;
      if (IsLetter(u.cp)) EmitLetter(u); else Emit(u);
      return;
    }
    if (base_kept) *base_kept = true;
    if (IsLetter(cp)) EmitLetter(u); else Emit(u);
  }

  void EmitLetter(const Unit& u) {
    if (word_start_ == kNoWord) {
      word_start_ = out_->size();
      word_vowels_ = 0;
      word_tone_ = false;
    }
    Packed p = LookupLetter(u.cp);
    if (p != kNotLetter && PVowel(p) != kD) {
      ++word_vowels_;
      word_tone_ |= PTone(p) != 0;
    }
    out_->push_back(u);
    prev_emoji_ = false;
  }
  void Emit(const Unit& u) {
    FlushWord(u.cp);
    out_->push_back(u);
    prev_emoji_ = IsEmojiPart(u.cp) || (u.cp == 0x200D && prev_emoji_);
  }
  // next: the code point after the run (0 at the end of the text).
  void FlushWord(char32_t next = 0) {
    if (word_start_ == kNoWord) return;
    size_t n = out_->size() - word_start_;
    if (!place_tones_ || IsLegacyGlue(next) ||
        (word_start_ > 0 && IsLegacyGlue((*out_)[word_start_ - 1].cp))) {
      word_start_ = kNoWord;
      return;
    }
    // Only a toned syllable with several vowels can have its tone misplaced.
    if (word_tone_ && word_vowels_ >= 2 && n <= 8) PlaceTone(out_->data() + word_start_, n);
    word_start_ = kNoWord;
  }

  static constexpr size_t kNoWord = static_cast<size_t>(-1);
  std::vector<Unit>* out_;
  const bool place_tones_;
  std::vector<Unit> cluster_;
  size_t word_start_ = kNoWord;
  int word_vowels_ = 0;
  bool word_tone_ = false;
  bool prev_emoji_ = false;
};

}  // namespace

// Could this be legacy-encoded text? Needs Latin-1 code points (or what can
// become one: combining marks, Ÿ) and no letter that only Vietnamese has
// whatever its tone: ă ơ ư đ and the toned â ê ô (tone placement may move
// a tone, so ĩ, ũ, ạ, ... do not count: the answer must not change on a
// second pass).
bool MaybeLegacy(std::string_view raw) {
  bool latin1 = false;
  const auto* s = reinterpret_cast<const unsigned char*>(raw.data());
  const size_t n = raw.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = s[i];
    if (c < 0x80) continue;
    if (i + 1 >= n) break;
    unsigned char c1 = s[i + 1];
    if (c == 0xCC && i >= 1) {
      // ă, ơ, ư written decomposed: a modifier right after its ASCII base
      // always composes (nothing can come between them), so the text is
      // Unicode Vietnamese, as for their precomposed forms below.
      const unsigned char base = s[i - 1] | 0x20;
      if ((c1 == 0x86 && base == 'a') || (c1 == 0x9B && (base == 'o' || base == 'u'))) return false;
    }
    if (c == 0xC2 || c == 0xC3 || c == 0xCC || c == 0xCD || (c == 0xC5 && c1 == 0xB8)) {
      latin1 = true;
      ++i;
      continue;
    }
    if (c == 0xC4 || c == 0xC6 || (c == 0xE1 && (c1 == 0xBA || c1 == 0xBB))) {
      size_t len;
      char32_t cp = DecodeUtf8(s, n, i, &len);
      Packed p = LookupLetter(cp);
      if (p != kNotLetter) {
        uint8_t v = PVowel(p);
        if (v == kD || v == kAbreve || v == kOhorn || v == kUhorn ||
            ((v == kAcirc || v == kEcirc || v == kOcirc) && PTone(p) != 0)) {
          return false;
        }
      }
      i += len - 1;
    }
  }
  return latin1;
}

void DecodeCanonical(std::string_view raw, std::vector<Unit>* out, size_t* invalid,
                     bool allow_legacy) {
  out->clear();
  out->reserve(raw.size());
  if (allow_legacy) {
    // Judge the text as NFC, with invisibles dropped and spaces mapped, but
    // before tone placement: exactly what a second pass would see.
    std::vector<Unit> stage1, converted;
    {
      Canonicalizer c1(&stage1, /*place_tones=*/false);
      Source s(raw, invalid);
      c1.Run(&s);
    }
    std::string text1;
    EncodeUnits(stage1.data(), stage1.size(), &text1);
    // Decided on stage 1, not on the raw bytes: NFC can create Latin-1
    // (U+0387 -> ·, n + U+0303 -> ñ) and must not change the answer later.
    const bool legacy = MaybeLegacy(text1) && ConvertLegacy(stage1, &converted);
    Canonicalizer c(out);
    Source vs(legacy ? &converted : &stage1);
    c.Run(&vs);
    return;
  }
  Canonicalizer c(out);
  Source s(raw, invalid);
  c.Run(&s);
}

}  // namespace internal

using internal::Unit;

size_t SanitizeUtf8(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  size_t n = in.size(), i = 0, bad = 0;
  while (i < n) {
    size_t run = i;
    while (run < n && s[run] < 0x80) ++run;
    out->append(in.data() + i, run - i);
    i = run;
    if (i >= n) break;
    size_t len;
    char32_t cp = internal::DecodeUtf8(s, n, i, &len);
    if (cp == 0xFFFD && !(len == 3 && s[i] == 0xEF)) ++bad;
    if (cp == 0xFFFD) internal::AppendUtf8(cp, out); else out->append(in.data() + i, len);
    i += len;
  }
  return bad;
}

bool IsValidUtf8(std::string_view in) {
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  size_t n = in.size(), i = 0;
  while (i < n) {
    if (s[i] < 0x80) { ++i; continue; }
    size_t len;
    char32_t cp = internal::DecodeUtf8(s, n, i, &len);
    if (cp == 0xFFFD && !(len == 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] == 0xBD)) {
      return false;
    }
    i += len;
  }
  return true;
}

namespace internal {
bool Stage1MaybeLegacy(std::string_view raw) {
  // Stage 1 only creates Latin-1 from combining sequences (U+0300..U+03FF
  // leads CC CD CE), Greek extended singletons (E1 BF ..) and U+212B (E2 84
  // AB); without those its answer is the raw answer.
  const auto* b = reinterpret_cast<const unsigned char*>(raw.data());
  const size_t n = raw.size();
  bool possible = false;
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time: any of CC CD CE, or E1 BF / E2 84 pairs.
  const __m128i kcc = _mm_set1_epi8(static_cast<char>(0xCC)), k2 = _mm_set1_epi8(2);
  const __m128i ke1 = _mm_set1_epi8(static_cast<char>(0xE1)), kbf = _mm_set1_epi8(static_cast<char>(0xBF));
  const __m128i ke2 = _mm_set1_epi8(static_cast<char>(0xE2)), k84 = _mm_set1_epi8(static_cast<char>(0x84));
  for (; i + 17 <= n && !possible; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i + 1));
    const __m128i d = _mm_sub_epi8(v, kcc);
    const __m128i marks = _mm_cmpeq_epi8(_mm_min_epu8(d, k2), d);
    const __m128i greek = _mm_and_si128(_mm_cmpeq_epi8(v, ke1), _mm_cmpeq_epi8(next, kbf));
    const __m128i angstrom = _mm_and_si128(_mm_cmpeq_epi8(v, ke2), _mm_cmpeq_epi8(next, k84));
    possible = _mm_movemask_epi8(_mm_or_si128(marks, _mm_or_si128(greek, angstrom))) != 0;
  }
#endif
  for (; i < n && !possible; ++i) {
    unsigned char c = b[i];
    if (c == 0xCC || c == 0xCD || c == 0xCE) possible = true;
    if (i + 1 < n && ((c == 0xE1 && b[i + 1] == 0xBF) || (c == 0xE2 && b[i + 1] == 0x84))) {
      possible = true;
    }
  }
  if (!possible) return MaybeLegacy(raw);
  // Stage 1 keeps đ and Đ (NFC-stable, no look-alike, a lead byte C4 that no
  // invalid sequence swallows), and MaybeLegacy rejects any text holding one:
  // most decomposed Vietnamese is settled here without running stage 1.
  if (raw.find("\xC4\x91") != std::string_view::npos || raw.find("\xC4\x90") != std::string_view::npos) {
    return false;
  }
  std::vector<Unit> stage1;
  Canonicalizer c1(&stage1, /*place_tones=*/false);
  Source s(raw, nullptr);
  c1.Run(&s);
  std::string text1;
  EncodeUnits(stage1.data(), stage1.size(), &text1);
  return MaybeLegacy(text1);
}

std::string SlowCanonicalize(std::string_view in, bool allow_legacy) {
  std::vector<Unit> u;
  DecodeCanonical(in, &u, nullptr, allow_legacy);
  std::string out;
  EncodeUnits(u.data(), u.size(), &out);
  return out;
}
}  // namespace internal

std::string Canonicalize(std::string_view in) {
  if (internal::MaybeLegacy(in)) return internal::SlowCanonicalize(in);
  std::string out;
  out.reserve(in.size() + 16);
  const bool whole = internal::RunChunked(
      in, &out, [&](size_t a, size_t b) { return internal::FastCanonicalize(in, a, b, &out); },
      [&](size_t a, size_t b) { out += internal::SlowCanonicalize(in.substr(a, b - a), false); });
  if (!whole) return internal::SlowCanonicalize(in);
  return out;
}

std::string FoldAccents(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  size_t n = in.size(), i = 0;
  while (i < n) {
    size_t run = i;
    while (run < n && s[run] < 0x80) ++run;
    out.append(in.data() + i, run - i);
    i = run;
    if (i >= n) break;
    size_t len;
    char32_t cp = internal::DecodeUtf8(s, n, i, &len);
    i += len;
    internal::Packed p = internal::LookupLetter(cp);
    if (p != internal::kNotLetter) {
      char c = internal::BaseChar(internal::PVowel(p));
      out.push_back(internal::PUpper(p) ? static_cast<char>(c - 32) : c);
    } else if (internal::IsVietMark(cp)) {
      // dropped (decomposed input)
    } else {
      internal::AppendUtf8(cp, &out);
    }
  }
  return out;
}

bool HasDiacritics(std::string_view in) {
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  size_t n = in.size(), i = 0;
  while (i < n) {
    if (s[i] < 0x80) { ++i; continue; }
    size_t len;
    char32_t cp = internal::DecodeUtf8(s, n, i, &len);
    i += len;
    if (internal::IsVietMark(cp)) return true;
    internal::Packed p = internal::LookupLetter(cp);
    if (p != internal::kNotLetter) return true;  // non-ASCII table letter
  }
  return false;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  internal::AppendUtf8(cp, out);
}

}  // namespace vox::text
