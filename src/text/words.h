// Multi-syllable words, learned from text (no dictionary).
//
// Vietnamese writes a space between the syllables of one word ("bệnh viện",
// "thành phố"), so which neighbours belong together is not visible in the
// text. A WordModel learns it from how often syllables occur side by side in
// a corpus - the office's own store, say (`vox words learn`) - with the
// normalized pointwise mutual information of each adjacent pair:
//     npmi(a, b) = log(p(a b) / (p(a) p(b))) / -log p(a b)      in [-1, 1]
// A pair seen at least `min_count` times with npmi above `threshold` is a
// word candidate. Segmentation goes left to right and joins a pair when it
// is a candidate and binds at least as strongly as the pair that would
// start at its second syllable; a run of capitalized syllables after the
// first of the sentence is one proper name ("Hồ Chí Minh").
// Counting is on normalized syllables (lower case, canonical tones,
// teencode expanded): "Bệnh viện", "benh vien" and "bệnh viện" count as
// what they are written as after normalization; accentless text learns
// accentless pairs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.h"

namespace vox::text {

class WordModel {
 public:
  struct Options {
    double threshold = 0.45;  // chosen on UD VTB dev (BENCHMARKS.md)
    uint32_t min_count = 2;
  };

  WordModel() = default;
  explicit WordModel(Options o) : opts_(o) {}

  // Counts the syllables of `text` (any form) and their adjacent pairs;
  // punctuation, links and emoji break adjacency.
  void Learn(std::string_view text);
  // Counts one run of syllables (already normalized, adjacent).
  void LearnRun(const std::vector<std::string>& syllables);

  // npmi of the adjacent normalized syllables a b; -1 when unknown or rare.
  double Npmi(std::string_view a, std::string_view b) const;

  // Words of a sentence given as its syllables in order (as written; case is
  // used for names): [begin, end) index ranges covering every syllable.
  std::vector<std::pair<size_t, size_t>> Segment(const std::vector<std::string>& syllables) const;

  // Normalized text with the syllables of each detected word joined by '_'
  // ("bệnh_viện đa_khoa tỉnh"); what breaks adjacency is kept.
  std::string Annotate(std::string_view text) const;

  uint64_t syllables() const { return total_; }
  size_t pairs() const { return pairs_.size(); }
  const Options& options() const { return opts_; }
  void set_options(Options o) { opts_ = o; }

  // A model file: TSV, "#" header lines, then "0<TAB>syllables counted",
  // "2<TAB>a<TAB>b<TAB>count" for the pairs seen at least min_count times and
  // "1<TAB>syllable<TAB>count" for their syllables only (nothing else is
  // needed, so nothing else is kept).
  Status Save(const std::string& path) const;
  static Result<WordModel> Load(const std::string& path);

 private:
  Options opts_;
  std::unordered_map<std::string, uint32_t> unigrams_;
  std::unordered_map<std::string, uint32_t> pairs_;  // "a\tb"
  uint64_t total_ = 0;
};

}  // namespace vox::text
