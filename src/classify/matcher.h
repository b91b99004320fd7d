// Private to src/classify: multi-syllable phrase matching over the text
// engine's tokens, shared by the keyword rules and the gazetteer.
//
// A phrase is tokenized with text::Tokenize, so it is normalized exactly like
// the text it is matched against (case, tone placement, teencode). A token
// matches a phrase syllable when their folded forms are equal AND either the
// token was typed without diacritics (norm == folded) or its normalized form
// equals the syllable's. So "mat dien" and "Mất Điện" match "mất điện", but
// "mắt điên" does not: accents are optional, wrong accents are not.
//
// Phrases are indexed by their first folded syllable; a lookup is one hash
// probe per token plus a check of the few phrases starting there.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/text.h"

namespace vox::classify::internal {

class PhraseMatcher {
 public:
  // Adds a phrase carrying `payload`. False when the phrase has no tokens.
  bool Add(std::string_view phrase, int payload);

  // Every phrase occurrence (overlapping allowed): fn(begin, end, payload)
  // with [begin, end) token indices.
  void FindAll(const std::vector<text::Token>& tokens,
               const std::function<void(size_t, size_t, int)>& fn) const;

  // Leftmost-longest, non-overlapping occurrences.
  void FindLongest(const std::vector<text::Token>& tokens,
                   const std::function<void(size_t, size_t, int)>& fn) const;

  size_t size() const { return phrases_.size(); }

 private:
  struct Syllable {
    std::string norm;
    std::string folded;
  };
  struct Phrase {
    std::vector<Syllable> syllables;
    int payload = 0;
  };
  // Length of the phrase matched at `pos`, 0 when none.
  bool MatchesAt(const Phrase& p, const std::vector<text::Token>& tokens, size_t pos) const;

  std::vector<Phrase> phrases_;
  std::unordered_map<std::string, std::vector<int>> by_first_;  // folded first syllable -> phrases
};

}  // namespace vox::classify::internal
