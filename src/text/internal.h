// Private to src/text: the pieces the public functions in text.h share.
//
// The engine works on a stream of Units: one canonical code point plus the
// byte span [b, e) of the raw input it came from. Every public entry point
// decodes the raw bytes once into Units (DecodeCanonical), so offsets for
// search highlighting stay exact through UTF-8 repair, legacy-encoding
// conversion, NFC and tone-mark movement.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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
inline uint8_t PVowel(Packed p) { return p & 0x0F; }
inline uint8_t PTone(Packed p) { return (p >> 4) & 0x07; }
inline bool PUpper(Packed p) { return (p & 0x80) != 0; }
inline Packed MakePacked(uint8_t vowel, uint8_t tone, bool upper) {
  return static_cast<Packed>(vowel | (tone << 4) | (upper ? 0x80 : 0));
}

// Looks up a code point among the Vietnamese vowels (plain ASCII a e i o u y
// included, with tone 0) and đ/Đ. Returns kNotLetter for anything else.
Packed LookupLetter(char32_t cp);
// The precomposed code point for a letter (always exists).
char32_t ComposeLetter(uint8_t vowel, uint8_t tone, bool upper);
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
void DecodeCanonical(std::string_view raw, std::vector<Unit>* out,
                     size_t* invalid = nullptr);
void EncodeUnits(const Unit* u, size_t n, std::string* out);

// Moves the tone mark of the syllable u[0..n) to its canonical vowel (see
// tone.cc). Letters only; no-op when the run is not a Vietnamese syllable.
void PlaceTone(Unit* u, size_t n);
// True when the letters (lower-case bases) form onset + valid nucleus + coda.
bool IsVietSyllable(const Unit* u, size_t n);

// Legacy encodings (legacy.cc). Returns true and fills *out when the text is
// confidently TCVN3 or VNI read as Latin-1/Windows-1252.
bool ConvertLegacy(const std::vector<Unit>& in, std::vector<Unit>* out);

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
size_t LexiconMaxKeyBytes();

// ---- Segments of canonical text (scan.cc) ---------------------------------

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
void NormalizeWordText(const Unit* u, size_t n, bool is_number, std::string* out);

// Lexicon match for the word segment u[b,e) whose normalized text is
// `lower`. May consume a following '.' (abbreviations like "P."): *end is
// the unit index after what the entry covers. Null when nothing matches.
const LexEntry* MatchLexicon(const std::vector<Unit>& u, size_t b, size_t e,
                             std::string_view lower, size_t* end);

}  // namespace vox::text::internal
