#include "classify/matcher.h"

namespace vox::classify::internal {

namespace {

bool SyllableMatches(const text::Token& t, const std::string& norm, const std::string& folded) {
  if (t.folded != folded) return false;
  return t.norm == t.folded || t.norm == norm;
}

}  // namespace

bool PhraseMatcher::Add(std::string_view phrase, int payload) {
  std::vector<text::Token> toks;
  text::Tokenize(phrase, &toks);
  if (toks.empty()) return false;
  Phrase p;
  p.payload = payload;
  for (auto& t : toks) p.syllables.push_back({std::move(t.norm), std::move(t.folded)});
  by_first_[p.syllables[0].folded].push_back(static_cast<int>(phrases_.size()));
  phrases_.push_back(std::move(p));
  return true;
}

bool PhraseMatcher::MatchesAt(const Phrase& p, const std::vector<text::Token>& tokens, size_t pos) const {
  if (pos + p.syllables.size() > tokens.size()) return false;
  for (size_t k = 0; k < p.syllables.size(); ++k) {
    if (!SyllableMatches(tokens[pos + k], p.syllables[k].norm, p.syllables[k].folded)) return false;
  }
  return true;
}

void PhraseMatcher::FindAll(const std::vector<text::Token>& tokens,
                            const std::function<void(size_t, size_t, int)>& fn) const {
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto it = by_first_.find(tokens[i].folded);
    if (it == by_first_.end()) continue;
    for (int id : it->second) {
      const Phrase& p = phrases_[id];
      if (MatchesAt(p, tokens, i)) fn(i, i + p.syllables.size(), p.payload);
    }
  }
}

void PhraseMatcher::FindLongest(const std::vector<text::Token>& tokens,
                                const std::function<void(size_t, size_t, int)>& fn) const {
  size_t i = 0;
  while (i < tokens.size()) {
    auto it = by_first_.find(tokens[i].folded);
    size_t best_len = 0;
    int best_payload = 0;
    if (it != by_first_.end()) {
      for (int id : it->second) {
        const Phrase& p = phrases_[id];
        if (p.syllables.size() > best_len && MatchesAt(p, tokens, i)) {
          best_len = p.syllables.size();
          best_payload = p.payload;
        }
      }
    }
    if (best_len == 0) {
      ++i;
      continue;
    }
    fn(i, i + best_len, best_payload);
    i += best_len;
  }
}

}  // namespace vox::classify::internal
