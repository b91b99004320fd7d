// Matching terms: what the claim matcher compares (internal to src/claims).
//
// A text's terms are the text engine's tokens (words and numbers, in their
// accent-folded, teencode-expanded form) with three rewrites that make a
// retold claim meet its fact-check:
//   abbreviations  the claims lexicon (terms.cc, kAbbreviations) expands the
//                  abbreviations of administrative and news language the text
//                  engine leaves alone or reads as teencode: "GD-ĐT" -> giao
//                  duc va dao tao (the engine reads "ĐT" as điện thoại), "KH-ĐT"
//                  -> ke hoach va dau tu, "VN" -> viet nam, "HS" -> hoc sinh,
//                  "ĐHQG" -> dai hoc quoc gia ... Keys are the written form,
//                  lower-cased and accent-folded, so "VN", "vn" and "Vn" agree;
//                  compounds joined by '-' or '&' are looked up whole.
//   numbers        a number token becomes its value: thousands separators
//                  dropped ("1.095" -> 1095), decimal comma read ("55,4" ->
//                  55.4), a multiplier after it applied ("6 nghìn", "6k",
//                  "6.000" -> 6000; "500tr", "500 triệu" -> 500000000; "97 tỷ"),
//                  and a unit after it named one way ("100 đô", "100 USD" ->
//                  100 usd; "2 ký" -> 2 kg; "1.800đ", "1.800 đồng" -> 1800 dong).
//   units          only right after a number, so "k" (không), "tr", "đô" keep
//                  their ordinary meaning elsewhere.
//   synonyms       a few phrases of news language read one way (terms.cc,
//                  kSynonyms): "chết", "qua đời", "thiệt mạng" -> tu vong,
//                  "vaccine" -> vac xin, "xe hơi" -> o to, "người bệnh" ->
//                  benh nhan.
// Everything else is the token's folded form. Terms are the same for a post
// and for a fact-check (both sides go through here), so an abbreviation
// written in the fact-check meets the long form in the post and vice versa.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vox::claims::internal {

struct Term {
  std::string text;     // folded, lower case; a number's canonical value
  bool number = false;  // a numeric value (figures, dates, years)
  uint32_t begin = 0;   // byte offset in the text of the word or number it was read from
};

// Appends the terms of `text` to *out (out is cleared first).
void Terms(std::string_view text, std::vector<Term>* out);

// The canonical value of a number token's folded form ("1.095" -> "1095",
// "55,4" -> "55.4", "1/10" unchanged), times `multiplier`; the letters after
// the digits, if any ("500tr" -> "tr"), go to *suffix.
std::string CanonicalNumber(std::string_view folded, double multiplier, std::string* suffix);

// Direction and polarity: the claims lexicon's opposed expressions (terms.cc,
// kOpposedHeads, kOpposedPhrases). A post that says one side where the
// fact-check says only the other tells a different story: "giảm giá" where
// the article says "tăng giá", "từ chối" where it says "đồng ý".
//   heads    single syllables that turn the word after them the other way
//            ("tăng X" / "giảm X", "nhập X" / "xuất X", "trên X" / "dưới X");
//            folded, a head can be another word too ("tang" is also tầng,
//            tặng; "dong" is also đồng), which is why a head counts only
//            before the same next word on both sides;
//   phrases  two-syllable expressions opposed as a whole ("đồng ý" / "từ
//            chối", "âm tính" / "dương tính", "xác nhận" / "phủ nhận").
// Expressions are kept in their terms form (Terms(), joined by one space, so
// "suy thoái" is "suy thoi" as every post's terms read it). The relation is
// symmetric; an expression may have several opposites.
// The opposites of the head `head` and of the phrase "first second", in terms form.
const std::vector<std::string>& OppositeHeads(std::string_view head);
const std::vector<std::string>& OppositePhrases(std::string_view phrase);
// Every (expression, opposite) pair of the lexicon, both ways round (for
// building hashed lookups once).
std::vector<std::pair<std::string, std::string>> OpposedHeadPairs();
std::vector<std::pair<std::string, std::string>> OpposedPhrasePairs();

// Negators, in terms form: syllables that negate the word after them
// ("không", "chưa", "chẳng"; teencode "ko", "k", "hok" read as không).
const std::vector<std::string>& Negators();
bool IsNegator(std::string_view term);

}  // namespace vox::claims::internal
