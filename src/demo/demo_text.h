// Private to src/demo: the small text toolkit the demo generator uses to make
// citizen writing look like real Vietnamese social media (accentless text,
// teencode, old-style tone marks, NFD-decomposed Unicode, elongations), plus a
// JSON string escaper and a template expander. Self-contained on purpose: the
// demo must not depend on the text engine it is meant to exercise.
//
// All functions are pure and deterministic (randomness comes in through the
// caller's Rand), so the demo output is byte-identical for a given seed.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>

namespace vox::demo::internal {

// Portable randomness on top of std::mt19937_64 (whose output sequence is
// fixed by the standard). The std distributions are implementation-defined,
// so none of them is used.
class Rand {
 public:
  explicit Rand(uint64_t seed) : gen_(seed) {}
  uint64_t Next() { return gen_(); }
  // Uniform in [0, n); n > 0.
  int Int(int n) {
    return static_cast<int>((static_cast<unsigned __int128>(gen_()) * static_cast<uint64_t>(n)) >> 64);
  }
  // Uniform in [lo, hi].
  int Range(int lo, int hi) { return lo + Int(hi - lo + 1); }
  double Unit() { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  double Exp(double mean);
  // Heavy-tailed count >= 0 with the given scale (Pareto, alpha 1.3).
  int HeavyCount(double scale, int cap);
  // Rounds x up with probability frac(x).
  int RoundP(double x);
  template <typename T>
  const T& Pick(std::span<const T> v) { return v[static_cast<size_t>(Int(static_cast<int>(v.size())))]; }

 private:
  std::mt19937_64 gen_;
};

// Bijective 64-bit mix (splitmix64 finalizer): distinct inputs, distinct ids.
uint64_t Mix64(uint64_t x);

// Diacritics removed, đ -> d, case kept ("Phường Vân Hà" -> "Phuong Van Ha").
std::string StripAccents(std::string_view s);
// Upper case for ASCII and the Vietnamese letters.
std::string ToUpper(std::string_view s);
// Lower-cases the first letter of s (ASCII or Vietnamese).
std::string LowerFirst(std::string_view s);
// Canonical decomposition (NFD) of the Vietnamese precomposed letters.
std::string ToNfd(std::string_view s);
// Modern tone placement -> old style at a syllable end: hòa -> hoà,
// thúy -> thuý, khỏe -> khoẻ.
std::string OldStyleTones(std::string_view s);
// Word-level teencode (không -> ko/k/hok, được -> dc/đc, ...), each
// occurrence replaced with probability p.
std::string Teencode(std::string_view s, double p, Rand& rng);
// Stretches one intensifier ("quá" -> "quáaaa", "ơi" -> "ơiii"), if any.
std::string Elongate(std::string_view s, Rand& rng);
// Appends s as a JSON string literal (with quotes) to out.
void AppendJsonString(std::string* out, std::string_view s);
// Lower-case accentless slug for URLs ("Mất điện ở Vân Hà" -> "mat-dien-o-van-ha").
std::string Slugify(std::string_view s, size_t max_words);
// True if s contains a combining diacritic (U+0300..U+036F).
bool HasCombiningMarks(std::string_view s);
// True if s contains a byte >= 0x80.
bool HasNonAscii(std::string_view s);

// Template expansion. "[a|b|c]" picks one alternative (nesting allowed, an
// empty alternative makes the part optional); "{name}" asks `slot` for a
// value. Anything else is copied.
class SlotSource {
 public:
  virtual ~SlotSource() = default;
  virtual void Slot(std::string_view name, std::string* out) = 0;
};
std::string Expand(std::string_view tmpl, SlotSource& slots, Rand& rng);

}  // namespace vox::demo::internal
