// Vietnamese letters and the ONE canonical tone-mark placement.
//
// What: every Vietnamese vowel letter is handled as (vowel-with-modifier,
// tone, case) through two small tables, so lower-casing, folding and moving a
// tone are table operations, with no ICU call on the hot path.
//
// Tone placement. Vietnamese is written in two styles that differ only for
// the open syllables with the clusters oa, oe, uy: "hòa, khỏe, thúy" (tone on
// the first vowel, the traditional placement) and "hoà, khoẻ, thuý". Vox
// stores the first: it is what the press uses (in unc-dev.jsonl, 4387 of 4425
// toned open oa/oe/uy syllables are written that way) and what most
// keyboards produce, so the fewest stored texts change. Rule, from the
// orthography, applied to nucleus = the vowels after the onset, where "qu"
// and "gi" (before another vowel) are onsets (quý, quà, giữ, già):
//   1. one vowel: on it;
//   2. a vowel with a modifier (â ă ê ô ơ ư) present: on the LAST such vowel
//      (ươ -> ơ: người; ưu -> ư: cứu; iê/yê -> ê; uô -> ô; ươi -> ơ);
//   3. a final consonant follows: on the last vowel (hoàng, toán, huỳnh);
//   4. three vowels: on the middle one (ngoại, xoáy, khuỷu);
//   5. two vowels, open syllable: on the first (hòa, khỏe, thúy, mùa, kìa).
// Invariants: only letter runs that parse as onset + known nucleus + coda
// and carry exactly one tone are touched; the result is a fixpoint, so
// Canonicalize stays idempotent. Case is kept letter by letter.
#include <string_view>

#include "text/internal.h"

namespace vox::text::internal {
namespace {

// Onsets, codas and nuclei are compared as packed integers (one byte per
// letter, first letter lowest). Onsets/codas by lower-case base letters
// ("đ" written as 'D'); nuclei one char per vowel id: a=a ă=A â=B e=e ê=E
// i=i o=o ô=O ơ=P u=u ư=U y=y.
constexpr uint32_t Pack(std::string_view s) {
  uint32_t v = 0;
  for (size_t i = 0; i < s.size(); ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(s[i])) << (8 * i);
  return v;
}
inline uint32_t Pack(const char* s, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(s[i])) << (8 * i);
  return v;
}
constexpr uint32_t kOnsets[] = {
    Pack(""), Pack("b"), Pack("c"), Pack("ch"), Pack("d"), Pack("D"), Pack("g"),
    Pack("gh"), Pack("gi"), Pack("h"), Pack("k"), Pack("kh"), Pack("l"), Pack("m"),
    Pack("n"), Pack("ng"), Pack("ngh"), Pack("nh"), Pack("p"), Pack("ph"), Pack("q"),
    Pack("qu"), Pack("r"), Pack("s"), Pack("t"), Pack("th"), Pack("tr"), Pack("v"),
    Pack("x")};
constexpr uint32_t kCodas[] = {Pack(""), Pack("c"), Pack("ch"), Pack("m"), Pack("n"),
                               Pack("ng"), Pack("nh"), Pack("p"), Pack("t")};
constexpr uint32_t kNuclei[] = {
    Pack("a"), Pack("A"), Pack("B"), Pack("e"), Pack("E"), Pack("i"), Pack("o"),
    Pack("O"), Pack("P"), Pack("u"), Pack("U"), Pack("y"), Pack("ai"), Pack("ao"),
    Pack("au"), Pack("ay"), Pack("Bu"), Pack("By"), Pack("eo"), Pack("Eu"), Pack("ia"),
    Pack("iE"), Pack("iu"), Pack("oa"), Pack("oA"), Pack("oe"), Pack("oi"), Pack("oo"),
    Pack("Oi"), Pack("Pi"), Pack("ua"), Pack("uB"), Pack("uE"), Pack("ui"), Pack("uO"),
    Pack("uP"), Pack("uy"), Pack("Ua"), Pack("Ui"), Pack("UP"), Pack("Uu"), Pack("yE"),
    Pack("iEu"), Pack("oai"), Pack("oay"), Pack("oeo"), Pack("uBy"), Pack("uOi"),
    Pack("uya"), Pack("uyE"), Pack("uyu"), Pack("UPi"), Pack("UPu"), Pack("yEu")};
template <size_t N>
inline bool In(const uint32_t (&set)[N], uint32_t v) {
  for (uint32_t x : set) if (x == v) return true;
  return false;
}
bool IsOnset(const char* s, size_t n) { return n <= 3 && In(kOnsets, Pack(s, n)); }
bool IsCoda(const char* s, size_t n) { return n <= 2 && In(kCodas, Pack(s, n)); }
char NucleusChar(uint8_t v) { return "aABeEioOPuUy"[v]; }
bool IsNucleus(const char* s, size_t n) { return n <= 3 && In(kNuclei, Pack(s, n)); }

struct Parse {
  size_t nb = 0, ne = 0;  // nucleus [nb, ne) in the run
  bool ok = false;
};

// Parses letters (packed or ASCII consonants) of a run.
// validate=false skips the onset/coda/nucleus table checks (positions only).
Parse ParseSyllable(const Unit* u, size_t n, Packed* p, bool validate = true) {
  Parse r;
  if (n == 0 || n > 8) return r;
  char base[8];
  for (size_t i = 0; i < n; ++i) {
    char32_t cp = u[i].cp;
    p[i] = LookupLetter(cp);
    if (p[i] != kNotLetter) {
      base[i] = PVowel(p[i]) == kD ? 'D' : BaseChar(PVowel(p[i]));
    } else if (cp < 0x80 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) {
      base[i] = static_cast<char>(cp | 0x20);
    } else {
      return r;
    }
  }
  auto is_vowel = [&](size_t i) { return p[i] != kNotLetter && PVowel(p[i]) != kD; };
  size_t v0 = 0;
  while (v0 < n && !is_vowel(v0)) ++v0;
  if (v0 == n) return r;
  if (v0 == 1 && base[0] == 'q' && PVowel(p[v0]) == kU) {
    ++v0;
  } else if (v0 == 1 && base[0] == 'g' && base[v0] == 'i' && v0 + 1 < n && is_vowel(v0 + 1)) {
    ++v0;
  }
  if (validate && !IsOnset(base, v0)) return r;
  size_t v1 = v0;
  while (v1 < n && is_vowel(v1)) ++v1;
  if (v1 == v0 || v1 - v0 > 3) return r;
  if (validate) {
    if (!IsCoda(base + v1, n - v1)) return r;
    char nuc[3];
    for (size_t i = v0; i < v1; ++i) nuc[i - v0] = NucleusChar(PVowel(p[i]));
    if (!IsNucleus(nuc, v1 - v0)) return r;
  }
  r.nb = v0;
  r.ne = v1;
  r.ok = true;
  return r;
}

bool HasModifier(uint8_t v) {
  return v == kAbreve || v == kAcirc || v == kEcirc || v == kOcirc ||
         v == kOhorn || v == kUhorn;
}

}  // namespace

char BaseChar(uint8_t vowel) { return "aaaeeiooouuyd"[vowel]; }

uint8_t StripModifier(uint8_t v) {
  static constexpr uint8_t kStrip[kNumLetters] = {kA, kA, kA, kE, kE, kI, kO,
                                                  kO, kO, kU, kU, kY, kD};
  return kStrip[v];
}

uint8_t ApplyModifier(uint8_t v, char32_t mark) {
  switch (mark) {
    case 0x0302:
      if (v == kA) return kAcirc;
      if (v == kE) return kEcirc;
      if (v == kO) return kOcirc;
      break;
    case 0x0306:
      if (v == kA) return kAbreve;
      break;
    case 0x031B:
      if (v == kO) return kOhorn;
      if (v == kU) return kUhorn;
      break;
  }
  return kNotLetter;
}

uint8_t ToneOfMark(char32_t cp) {
  switch (cp) {
    case 0x0300: case 0x0340: return 1;
    case 0x0301: case 0x0341: return 2;
    case 0x0309: return 3;
    case 0x0303: return 4;
    case 0x0323: return 5;
  }
  return 0;
}

bool IsVietMark(char32_t cp) {
  return ToneOfMark(cp) != 0 || cp == 0x0302 || cp == 0x0306 || cp == 0x031B;
}

bool IsVietSyllable(const Unit* u, size_t n) {
  Packed p[8];
  return ParseSyllable(u, n, p).ok;
}

void PlaceTone(Unit* u, size_t n) {
  Packed p[8];
  // Positions first; the table checks only when the tone would move.
  Parse r = ParseSyllable(u, n, p, /*validate=*/false);
  if (!r.ok) return;
  size_t tone_at = n;
  uint8_t tone = 0;
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != kNotLetter && PTone(p[i]) != 0) {
      if (tone != 0) return;  // two tones: not ours to fix
      tone = PTone(p[i]);
      tone_at = i;
    }
  }
  if (tone == 0) return;
  const size_t len = r.ne - r.nb;
  size_t target = r.nb;
  size_t last_mod = n;
  for (size_t i = r.nb; i < r.ne; ++i) {
    if (HasModifier(PVowel(p[i]))) last_mod = i;
  }
  if (len == 1) {
    target = r.nb;
  } else if (last_mod != n) {
    target = last_mod;
  } else if (r.ne < n) {
    target = r.ne - 1;
  } else if (len == 3) {
    target = r.nb + 1;
  } else {
    target = r.nb;
  }
  if (target == tone_at) return;
  if (!ParseSyllable(u, n, p, /*validate=*/true).ok) return;
  u[tone_at].cp = ComposeLetter(PVowel(p[tone_at]), 0, PUpper(p[tone_at]));
  u[target].cp = ComposeLetter(PVowel(p[target]), tone, PUpper(p[target]));
}

}  // namespace vox::text::internal
