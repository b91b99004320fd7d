// Keyword rules: every keyword of every category goes into one
// PhraseMatcher; a text's score per category sums the weights of the
// keyword occurrences found (a keyword counts at most twice, so one phrase
// repeated in a long text does not dominate) and squashes the sum into 0..1.
#include <algorithm>
#include <cmath>

#include "classify/classify.h"
#include "classify/matcher.h"

namespace vox::classify {

namespace {
constexpr double kSquash = 0.8;
constexpr int kMaxRepeats = 2;
}  // namespace

struct RuleClassifier::Impl {
  struct Keyword {
    int category;
    double weight;
  };
  std::vector<std::string> ids;
  std::vector<Keyword> keywords;
  internal::PhraseMatcher matcher;
};

RuleClassifier::RuleClassifier(const Taxonomy& taxonomy) : impl_(std::make_unique<Impl>()) {
  for (size_t c = 0; c < taxonomy.categories.size(); ++c) {
    const Category& cat = taxonomy.categories[c];
    impl_->ids.push_back(cat.id);
    auto add = [&](const std::string& kw, double w) {
      int id = static_cast<int>(impl_->keywords.size());
      if (impl_->matcher.Add(kw, id)) impl_->keywords.push_back({static_cast<int>(c), w});
    };
    for (const auto& kw : cat.keywords) add(kw, 1.0);
    for (const auto& kw : cat.strong) add(kw, 2.0);
  }
}

RuleClassifier::~RuleClassifier() = default;
RuleClassifier::RuleClassifier(RuleClassifier&&) noexcept = default;
RuleClassifier& RuleClassifier::operator=(RuleClassifier&&) noexcept = default;

std::vector<Score> RuleClassifier::Classify(const std::vector<text::Token>& tokens) const {
  // Small texts match few keywords: a flat vector beats a map here.
  std::vector<std::pair<int, int>> hits;  // (keyword, count)
  impl_->matcher.FindAll(tokens, [&](size_t, size_t, int kw) {
    for (auto& h : hits) {
      if (h.first == kw) {
        ++h.second;
        return;
      }
    }
    hits.emplace_back(kw, 1);
  });
  std::vector<double> sum(impl_->ids.size(), 0.0);
  bool any = false;
  for (const auto& [kw, n] : hits) {
    const auto& k = impl_->keywords[kw];
    sum[k.category] += k.weight * std::min(n, kMaxRepeats);
    any = true;
  }
  std::vector<Score> out;
  if (!any) return out;
  for (size_t c = 0; c < sum.size(); ++c) {
    if (sum[c] > 0) out.push_back({impl_->ids[c], 1.0 - std::exp(-kSquash * sum[c])});
  }
  std::stable_sort(out.begin(), out.end(), [](const Score& a, const Score& b) { return a.score > b.score; });
  return out;
}

std::vector<Score> RuleClassifier::ClassifyText(std::string_view text) const {
  std::vector<text::Token> toks;
  text::Tokenize(text, &toks);
  return Classify(toks);
}

}  // namespace vox::classify
