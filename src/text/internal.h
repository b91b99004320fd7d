// Private to src/text: the pieces the public functions in text.h share.
//
// The engine works on a stream of Units: one canonical code point plus the
// byte span [b, e) of the raw input it came from. Every public entry point
// decodes the raw bytes once into Units (DecodeCanonical), so offsets for
// search highlighting stay exact through UTF-8 repair, legacy-encoding
// conversion, NFC and tone-mark movement.
#pragma once

#include <atomic>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/text.h"

namespace vox::text::internal {

// ---- Vietnamese letters as (vowel, modifier, tone, case) -------------------

// Vowel ids. The modifier is part of the id (a, ă, â are different vowels);
// kD is đ. Tone 0 = none, 1 huyền (grave), 2 sắc (acute), 3 hỏi (hook),
// 4 ngã (tilde), 5 nặng (dot below).
enum Vowel : uint8_t {
  kA = 0, kAbreve, kAcirc, kE, kEcirc, kI, kO, kOcirc, kOhorn, kU, kUhorn, kY,
  kD, kNumLetters
};

// A packed letter: bits 0-3 vowel id, 4-6 tone, 7 upper case. 0xFF = none.
using Packed = uint8_t;
inline constexpr Packed kNotLetter = 0xFF;
constexpr uint8_t PVowel(Packed p) { return p & 0x0F; }
constexpr uint8_t PTone(Packed p) { return (p >> 4) & 0x07; }
constexpr bool PUpper(Packed p) { return (p & 0x80) != 0; }
constexpr Packed MakePacked(uint8_t vowel, uint8_t tone, bool upper) {
  return static_cast<Packed>(vowel | (tone << 4) | (upper ? 0x80 : 0));
}

// The letter tables, built at compile time from the rows in tone.cc's
// comment order: row = vowel id, column = tone, lower then upper case.
struct LetterTables {
  char32_t compose[kNumLetters][6][2];
  Packed low[0x200];  // U+0000..U+01FF
  Packed ext[0x60];   // U+1EA0..U+1EFF
};
constexpr char32_t kLetterRows[2][kNumLetters][6] = {
   {{U'a', U'à', U'á', U'ả', U'ã', U'ạ'}, {U'ă', U'ằ', U'ắ', U'ẳ', U'ẵ', U'ặ'},
    {U'â', U'ầ', U'ấ', U'ẩ', U'ẫ', U'ậ'}, {U'e', U'è', U'é', U'ẻ', U'ẽ', U'ẹ'},
    {U'ê', U'ề', U'ế', U'ể', U'ễ', U'ệ'}, {U'i', U'ì', U'í', U'ỉ', U'ĩ', U'ị'},
    {U'o', U'ò', U'ó', U'ỏ', U'õ', U'ọ'}, {U'ô', U'ồ', U'ố', U'ổ', U'ỗ', U'ộ'},
    {U'ơ', U'ờ', U'ớ', U'ở', U'ỡ', U'ợ'}, {U'u', U'ù', U'ú', U'ủ', U'ũ', U'ụ'},
    {U'ư', U'ừ', U'ứ', U'ử', U'ữ', U'ự'}, {U'y', U'ỳ', U'ý', U'ỷ', U'ỹ', U'ỵ'},
    {U'đ', U'đ', U'đ', U'đ', U'đ', U'đ'}},
   {{U'A', U'À', U'Á', U'Ả', U'Ã', U'Ạ'}, {U'Ă', U'Ằ', U'Ắ', U'Ẳ', U'Ẵ', U'Ặ'},
    {U'Â', U'Ầ', U'Ấ', U'Ẩ', U'Ẫ', U'Ậ'}, {U'E', U'È', U'É', U'Ẻ', U'Ẽ', U'Ẹ'},
    {U'Ê', U'Ề', U'Ế', U'Ể', U'Ễ', U'Ệ'}, {U'I', U'Ì', U'Í', U'Ỉ', U'Ĩ', U'Ị'},
    {U'O', U'Ò', U'Ó', U'Ỏ', U'Õ', U'Ọ'}, {U'Ô', U'Ồ', U'Ố', U'Ổ', U'Ỗ', U'Ộ'},
    {U'Ơ', U'Ờ', U'Ớ', U'Ở', U'Ỡ', U'Ợ'}, {U'U', U'Ù', U'Ú', U'Ủ', U'Ũ', U'Ụ'},
    {U'Ư', U'Ừ', U'Ứ', U'Ử', U'Ữ', U'Ự'}, {U'Y', U'Ỳ', U'Ý', U'Ỷ', U'Ỹ', U'Ỵ'},
    {U'Đ', U'Đ', U'Đ', U'Đ', U'Đ', U'Đ'}}};
constexpr LetterTables BuildLetterTables() {
  LetterTables t{};
  for (auto& p : t.low) p = kNotLetter;
  for (auto& p : t.ext) p = kNotLetter;
  for (int up = 0; up < 2; ++up) {
    for (int v = 0; v < kNumLetters; ++v) {
      for (int tone = 0; tone < 6; ++tone) {
        char32_t cp = kLetterRows[up][v][tone];
        t.compose[v][tone][up] = cp;
        Packed p = MakePacked(static_cast<uint8_t>(v), v == kD ? 0 : tone, up != 0);
        if (cp < 0x200) t.low[cp] = p;
        else if (cp >= 0x1EA0 && cp < 0x1F00) t.ext[cp - 0x1EA0] = p;
      }
    }
  }
  return t;
}
inline constexpr LetterTables kLetters = BuildLetterTables();

// Looks up a code point among the Vietnamese vowels (plain ASCII a e i o u y
// included, with tone 0) and đ/Đ. Returns kNotLetter for anything else.
inline Packed LookupLetter(char32_t cp) {
  if (cp < 0x200) return kLetters.low[cp];
  if (cp - 0x1EA0 < 0x60) return kLetters.ext[cp - 0x1EA0];
  return kNotLetter;
}
// The precomposed code point for a letter (always exists).
inline char32_t ComposeLetter(uint8_t vowel, uint8_t tone, bool upper) {
  return kLetters.compose[vowel][tone][upper ? 1 : 0];
}
// ASCII base of a vowel id ('a' for a/ă/â, 'd' for đ).
char BaseChar(uint8_t vowel);
// Base vowel id without modifier (kAbreve -> kA, kOhorn -> kO, ...).
uint8_t StripModifier(uint8_t vowel);
// Applies a modifier mark (U+0302, U+0306, U+031B) to a vowel id; returns
// kNotLetter when Vietnamese has no such letter.
uint8_t ApplyModifier(uint8_t vowel, char32_t mark);
// Tone for a combining tone mark, 0 if cp is not one.
uint8_t ToneOfMark(char32_t cp);
bool IsVietMark(char32_t cp);  // one of the 5 tone marks or 3 modifier marks
// The letter a Vietnamese vowel `base` and its n combining marks mark_at(0..n)
// make, as canonicalization composes them ("a" U+0302 U+0301 -> "ấ", "ư"
// U+0323 -> "ự"; a doubled tone or modifier is dropped), or 0 when they make
// none (a mark that is not Vietnamese, a modifier the vowel cannot take):
// then ICU's NFC decides. Shared by the canonicalizer and the fast path, so
// both compose alike.
template <typename MarkAt>
char32_t ComposeVietnamese(char32_t base, size_t n, MarkAt mark_at) {
  const Packed p = LookupLetter(base);
  if (p == kNotLetter || PVowel(p) == kD) return 0;
  uint8_t v = PVowel(p), tone = PTone(p);
  for (size_t i = 0; i < n; ++i) {
    const char32_t m = mark_at(i);
    if (const uint8_t t = ToneOfMark(m)) {
      if (tone == 0) tone = t;  // else: doubled tone, dropped
    } else if (m == 0x0302 || m == 0x0306 || m == 0x031B) {
      const uint8_t nv = ApplyModifier(v, m);
      if (nv != kNotLetter) {
        v = nv;
      } else if (ApplyModifier(StripModifier(v), m) != v) {
        return 0;  // not a Vietnamese letter
      }            // else: the modifier is already there, dropped
    } else {
      return 0;
    }
  }
  return ComposeLetter(v, tone, PUpper(p));
}

// ---- Units ---------------------------------------------------------------

struct Unit {
  char32_t cp;
  uint32_t b;  // raw byte span
  uint32_t e;
};

// Decodes one UTF-8 sequence at s[i]; invalid sequences yield U+FFFD and a
// length covering the maximal invalid prefix (at least 1). Never reads past n.
char32_t DecodeUtf8(const unsigned char* s, size_t n, size_t i, size_t* len);
void AppendUtf8(char32_t cp, std::string* out);

// raw -> canonical Units (see text.h "canonical"). *invalid counts U+FFFD
// substitutions for invalid bytes when non-null.
// allow_legacy=false: never convert (a chunk of a text judged as a whole).
void DecodeCanonical(std::string_view raw, std::vector<Unit>* out,
                     size_t* invalid = nullptr, bool allow_legacy = true);
void EncodeUnits(const Unit* u, size_t n, std::string* out);

// Moves the tone mark of the syllable u[0..n) to its canonical vowel (see
// tone.cc). Letters only; no-op when the run is not a Vietnamese syllable.
void PlaceTone(Unit* u, size_t n);
// True when the letters (lower-case bases) form onset + valid nucleus + coda.
bool IsVietSyllable(const Unit* u, size_t n);

// Legacy encodings (legacy.cc). Returns true and fills *out when the text is
// confidently TCVN3 or VNI read as Latin-1/Windows-1252.
bool ConvertLegacy(const std::vector<Unit>& in, std::vector<Unit>* out);

// Latin-1 symbols (U+00A1..U+00BF, ×, ÷): letters in TCVN3/VNI text.
inline bool IsLegacyGlue(char32_t cp) {
  return (cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7;
}

// Character classes on canonical code points.
bool IsWordChar(char32_t cp);   // letters, digits, marks of any script
bool IsLetter(char32_t cp);
bool IsSpace(char32_t cp);
bool IsEmojiBase(char32_t cp);  // Extended_Pictographic or regional indicator
char32_t ToLower(char32_t cp);

// Lexicon (lexicon.cc).
struct LexEntry {
  std::string to;                  // normalized expansion
  std::vector<std::string> words;  // expansion split on spaces
  bool case_sensitive = false;
  bool needs_context = false;      // only before a capitalized word / number
};
// Case-sensitive then case-insensitive lookup. `exact` is the word as
// written, `lower` its normalized lower-case form. Null if none.
const LexEntry* LookupLexicon(std::string_view exact, std::string_view lower);
size_t LexiconMaxKeyBytes();  // also loads the lexicon
// A cheap first filter: (first byte, last byte, length) of every key, so
// most words skip hashing. Valid once LexiconMaxKeyBytes() was called.
inline constexpr uint32_t kQuickBits = 4096;
extern uint64_t g_quick_filter[kQuickBits / 64];
inline uint32_t QuickHash(std::string_view k) {
  if (k.empty()) return 0;
  return (static_cast<unsigned char>(k.front()) * 31u +
          static_cast<unsigned char>(k.back()) * 7u + static_cast<uint32_t>(k.size()) * 131u) &
         (kQuickBits - 1);
}
// Bumped whenever the lexicon changes (caches of its results check it).
extern std::atomic<uint32_t> g_lexicon_generation;
inline bool QuickMayHave(std::string_view k) {
  uint32_t h = QuickHash(k);
  return (g_quick_filter[h >> 6] >> (h & 63)) & 1;
}
// Context rule of "ctx" entries: after spaces, a digit or a capital.
bool ContextOk(const std::vector<Unit>& u, size_t i);

// MaybeLegacy of the text after NFC and look-alike mapping (no tones).
bool Stage1MaybeLegacy(std::string_view raw);

// Fast paths (fast.cc) for text made only of ASCII, Vietnamese letters and
// plain punctuation. They return false, leaving *out unspecified, as soon as
// the input needs the general path; when they return true the result is
// identical to the general path (checked by tests and the fuzz target).
// They process in[b, e) and append; on false the caller truncates back.
bool FastCanonicalize(std::string_view in, size_t b, size_t e, std::string* out);
bool FastNormalize(std::string_view in, size_t b, size_t e, std::string* out);
bool FastTokenize(std::string_view in, size_t b, size_t e, std::vector<Token>* out);
// For tests: the fast paths' bit masks of s[at, at + 64) (at + 80 <= s.size(),
// `end` the chunk's end), from the classifier built for this CPU: bytes that
// end a word-cache key, spaces, spaces followed by a byte that does not.
void ClassifyForTest(std::string_view s, size_t at, size_t end, uint64_t* stop, uint64_t* space,
                     uint64_t* space_next);
// End of the chunk starting at `from`, at least `size` bytes on: a
// white-space position, or `limit` (in.size() when 0).
size_t NextCut(std::string_view in, size_t from, size_t size = 512, size_t limit = 0);
// Runs fast(a, b) (appends to *out; false = bailed) over the chunks of `in`,
// slow(a, b) where it bails. A chunk it bails on is retried in chunks of ~32
// bytes so that one odd word (a decomposed letter, an e-mail address) sends a
// few words to the general path, not the whole chunk. Returns false when the
// text as a whole may be in a legacy encoding (decided after NFC, once,
// when the fast path first bails): then the caller redoes all of it.
template <typename Out, typename Fast, typename Slow>
bool RunChunked(std::string_view in, Out* out, Fast fast, Slow slow) {
  bool checked = false;
  for (size_t a = 0; a < in.size();) {
    const size_t b = NextCut(in, a), mark = out->size();
    if (!fast(a, b)) {
      if (!checked && Stage1MaybeLegacy(in)) return false;
      checked = true;
      out->resize(mark);
      for (size_t x = a; x < b;) {
        const size_t y = NextCut(in, x, 32, b), m = out->size();
        if (!fast(x, y)) {
          out->resize(m);
          slow(x, y);
        }
        x = y;
      }
    }
    a = b;
  }
  return true;
}
bool MaybeLegacy(std::string_view raw);
// The general paths alone, for tests comparing them with the fast paths.
std::string SlowCanonicalize(std::string_view in, bool allow_legacy = true);
std::string SlowNormalizeForTest(std::string_view in);
void SlowNormalizeAppend(std::string_view in, bool allow_legacy, std::string* out);
void SlowTokenize(std::string_view text, std::vector<Token>* out, bool allow_legacy = true,
                  uint32_t base = 0);

// ---- Segments of canonical text (scan.cc) ---------------------------------

// The labels MaskPii writes in place of personal data (pii.cc, in the order
// of its kinds). Each is one masked segment (scan.cc) and one kMasked token;
// the fast paths leave a '[' followed by the first letter of any of them to
// the general path (fast.cc). Two hold a space: it follows a non-ASCII
// letter, so no chunk cut falls inside them (NextCut cuts only after visible
// ASCII).
inline constexpr std::string_view kMaskLabels[] = {"[SĐT]", "[EMAIL]", "[CCCD]",     "[STK]",
                                                   "[THẺ]", "[BHXH]",  "[HỘ CHIẾU]", "[BIỂN SỐ]"};

enum class Seg : uint8_t {
  kSpace, kWord, kNumber, kUrl, kHashtag, kMention, kEmoji, kMasked, kOther
};
struct Segment {
  Seg kind;
  size_t b, e;  // unit indices [b, e)
};
// Reads the segment starting at u[pos]; pos < u.size().
Segment NextSegment(const std::vector<Unit>& u, size_t pos);

// Normalized form of the word/number segment u[b,e): lower-cased,
// elongations collapsed (words only), tone re-placed. Appends UTF-8.
// is_number (or no_collapse) = lower-case only.
void NormalizeWordText(const Unit* u, size_t n, bool is_number, std::string* out);
// True when elongations of the word u[b,e) must not be collapsed.
bool NearLegacyGlue(const std::vector<Unit>& u, size_t b, size_t e);

// Lexicon match for the word segment u[b,e) whose normalized text is
// `lower`. May consume a following '.' (abbreviations like "P."): *end is
// the unit index after what the entry covers. Null when nothing matches.
const LexEntry* MatchLexicon(const std::vector<Unit>& u, size_t b, size_t e,
                             std::string_view lower, size_t* end);

}  // namespace vox::text::internal
