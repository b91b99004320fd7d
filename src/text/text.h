// The Vietnamese text engine: everything Vox does with text goes through here.
//
// Three levels of a text:
//   raw        what arrived (any bytes).
//   canonical  valid UTF-8, legacy encodings (TCVN3/ABC, VNI) converted, NFC,
//              look-alikes and invisibles fixed, ONE tone-mark placement.
//              Case, punctuation, emoji and spacing are kept: this is what is
//              stored and shown.
//   normalized canonical + case-folded + elongations collapsed + teencode and
//              abbreviations expanded. This is what is matched.
// and beside the normalized form, the folded key (no diacritics, đ -> d).
//
// Every function here is total: it accepts arbitrary bytes and never throws
// or crashes. Canonicalize and Normalize are idempotent.
// Thread safety: all functions are safe to call concurrently once the lexicon
// has been loaded (LoadExtraLexicon must not race with other calls).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace vox::text {

// Replaces every invalid UTF-8 sequence (overlong, surrogate, truncated,
// out of range) by U+FFFD. Returns the number of sequences replaced.
size_t SanitizeUtf8(std::string_view in, std::string* out);
bool IsValidUtf8(std::string_view in);

// Canonical form, see above. Output is valid UTF-8.
std::string Canonicalize(std::string_view in);

// Normalized form, see above. Normalize(Normalize(x)) == Normalize(x).
std::string Normalize(std::string_view in);

// Removes Vietnamese diacritics from (ideally normalized) text:
// "không" -> "khong", "đường" -> "duong". Other characters are kept.
std::string FoldAccents(std::string_view in);

// True when the text holds any Vietnamese diacritic (tone or vowel mark, đ).
bool HasDiacritics(std::string_view in);

// Masks personal data inside public text before it is stored, each span
// replaced by a label: phone numbers "[SĐT]", e-mail addresses "[EMAIL]",
// CMND/CCCD numbers "[CCCD]", bank accounts "[STK]", card numbers "[THẺ]"
// (an issuer's prefix and the Luhn check), social insurance numbers
// "[BHXH]", passport numbers "[HỘ CHIẾU]", number plates "[BIỂN SỐ]"; each
// label is one kMasked token when tokenized. Accounts, insurance and passport numbers only near
// their keywords ("STK", "BHXH", "hộ chiếu", ...). Amounts, dates, document
// numbers, names and addresses are kept; pii.cc lists every form. Masking
// twice gives the text masked once; the output is valid UTF-8. Returns the
// number of spans masked via *count when non-null.
std::string MaskPii(std::string_view in, int* count = nullptr);

enum class TokenKind : uint8_t {
  kWord,     // a syllable (or a Latin word)
  kNumber,   // 12, 3.5, 28/4, 50k
  kUrl,      // canonicalized link
  kHashtag,  // "#ngaplut" (norm keeps the '#')
  kMention,  // "@ubnd" (norm keeps the '@')
  kEmoji,    // one emoji (sequence), kept: emoji carry tone
  kMasked,   // a label MaskPii writes, as written: "[SĐT]", "[EMAIL]", "[CCCD]", "[STK]",
             // "[THẺ]", "[BHXH]", "[HỘ CHIẾU]", "[BIỂN SỐ]" (one token, space included)
};

struct Token {
  TokenKind kind = TokenKind::kWord;
  std::string norm;    // normalized form (lower case, canonical, teencode expanded)
  std::string folded;  // FoldAccents(norm)
  uint32_t begin = 0;  // byte offsets of the source span in the input as given
  uint32_t end = 0;    // (a teencode expansion gives several tokens one span)
};

// Tokenizes text as given (raw or canonical). Appends to *out.
void Tokenize(std::string_view text, std::vector<Token>* out);

// Appends code point `cp` as UTF-8; surrogates and values past U+10FFFF
// become U+FFFD.
void AppendUtf8(char32_t cp, std::string* out);

// Canonical form of a link for comparing: lower-case scheme/host, no "www.",
// no tracking parameters (utm_*, fbclid, gclid, ...), no fragment, no
// trailing slash.
std::string CanonicalUrl(std::string_view url);

// True for a query parameter that only tracks the click (utm_*, fbclid,
// gclid, zarsrc, ...), compared case-insensitively.
bool IsTrackingParam(std::string_view key);

// The teencode/abbreviation table is built in (data/teencode.tsv). An office
// extends it with a file of the same format: "from<TAB>to" per line, '#'
// comments. Entries in the file override built-in ones.
Status LoadExtraLexicon(const std::string& path);

}  // namespace vox::text
