// The claim matcher: which fact-check, if any, does a piece of text repeat?
//
// Features. A text's terms (terms.h: the text engine's tokens, words and
// numbers in their accent-folded, teencode-expanded form, with the claims
// lexicon's abbreviations expanded — "GD-ĐT", "HS", "VN" —, numbers read as
// values — "55,4 tr" = "55,4 triệu", "6k" = "6.000" — and framing at the
// ends dropped — "Nghe nói …", "… đúng không"), so "ko co dien", "hok có
// điện" and "không có điện" give the same features; URLs, hashtags, mentions,
// emoji and masked spans are dropped. The features are the distinct terms
// (unigrams) and the distinct pairs of adjacent terms (bigrams), each hashed
// to 64 bits with XXH3. Bigrams carry word order, which separates a post that
// repeats a claim from one that merely shares its topic. Numbers of two or
// more characters are also kept apart as the text's figures.
//
// Index. Every fact-check's claim + body is one document. A hash table maps
// each feature to a posting list (ascending document numbers) and its
// document frequency df, from which idf = ln(1 + (N - df + 0.5)/(df + 0.5)).
// Features in more than max(kMinStopDf, N * kStopShare) documents are stop
// features ("của", "là", "và"…, learned from the library itself): they are
// ignored by matching because they are everywhere and would make candidate
// generation walk most of the library.
//
// Lexical score. A post is usually one sentence of a long fact-check, so it
// measures how much of the POST the fact-check contains, not their overlap:
//   containment(p, d) = sum_{f in p and d} w(f) / sum_{f in p} w(f)
// over the post's non-stop features, with w(f) = idf(f) for a syllable and
// kBigramWeight * idf(f) for a bigram. A feature absent from the library
// weighs kUnknownShare of the rarest idf: it is evidence that the post says
// something else, but chatter around a repeated claim ("mọi người ơi") should
// not sink it. A post that repeats the CLAIM wrapped in more words is caught
// by the claim's coverage: coverage(p, d) = sum_{f in p and claim(d)} w(f) /
// sum_{f in claim(d)} w(f), for claims of at least kMinClaimSyllables
// syllables. lexical = max(containment, kClaimCoverageFactor * coverage), in
// [0, 1]; 1 means every informative syllable and syllable pair of the post
// appears in the fact-check.
//
// Search. Candidates are the documents sharing a (non-stop) bigram with the
// post: one pass over the bigrams' posting lists adds their weights to a
// dense per-document accumulator. A second pass over the syllables' posting
// lists adds syllable weights to candidates only (no new documents, no
// bookkeeping). A document with no shared bigram scores at most
// U = (syllable weight) / total (lexically); when U could reach the suggest
// threshold (texts of one or two words) syllables admit candidates too, so a
// document whose lexical score reaches the suggest threshold is never missed
// and the best document by lexical score is exact. Cost: the sum of the
// post's (stop-capped) posting-list lengths, plus one evidence pass over the
// post's features for the best document.
//
// Evidence and decision. The search above ranks by the lexical score
// max(containment, 0.9 × coverage). For the best document the matcher then
// weighs the evidence (MatchEvidence, Matcher::Explain):
//   containment  as above;
//   saturated    containment where each shared feature is credited by how
//                often the document has it, BM25's tf saturation
//                tf (k1 + 1) / (tf + k1) / (k1 + 1), k1 = 1.2 (one mention
//                0.45, two 0.63, five 0.81);
//   coverage     the share of the claim's weight the text covers;
//   figures      the text's figures the document has / lacks (at most 3
//                each): a retold claim keeps the fact-check's figures, a
//                related-but-different one brings other figures or dates;
//   claim share  the share of the text's weight the claim alone holds;
//   sentence,    the share of the text's weight the document's best sentence
//   passage      bucket / best two adjacent buckets hold (each posting keeps a
//                32-bit mask of the sentence buckets that have the feature;
//                bit 0 is the claim): a retold claim sits in one place of the
//                article, a different one gathers its words from all over;
//   novel, opposed, negated  what the text says that the document does not:
//                rare syllables it lacks; expressions of the claims lexicon it
//                has only the other way round ("giảm giá" / "tăng giá", heads
//                counted before the same next word on both sides); words the
//                text negates that the document has but never negates.
//                Reported for staff; not weighed (on the tune half they fire
//                as often on paraphrases as on hard negatives).
// The score is a logistic decision over them, score = 1 / (1 + e^-z), in two
// regimes: lexical >= kRetoldBelow (the text repeats the fact-check's words)
// uses kDecide*, fitted on the tune half of the hand-written paraphrase set
// and the copied-sentence development set; below, kRetold*, fitted on the
// retold examples of both (bench/claims_eval.cc --fit, docs/claims.md);
// never on holdout.
//
// States. score >= auto threshold, at least min_auto_syllables distinct
// syllables, lexical score >= min_auto_lexical and no figure the fact-check
// lacks -> auto; score >= suggest -> suggested; else no match. Texts with
// fewer than min_syllables distinct syllables are never matched.
//
// Invariants: the index is immutable after Build, so a Matcher is safe for
// concurrent const use (the accumulator is per thread). Ties go to the
// earlier document in library order (store order), so results are
// deterministic.
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <unordered_map>

#include "claims/claims.h"
#include "claims/terms.h"
#include "text/text.h"

namespace vox::claims {
namespace {

constexpr double kBigramWeight = 2.0;
constexpr uint32_t kMinStopDf = 64;
constexpr double kStopShare = 0.05;
constexpr double kUnknownShare = 0.25;
constexpr uint32_t kMinClaimSyllables = 6;
constexpr double kClaimCoverageFactor = 0.9;
constexpr double kSatK1 = 1.2;  // BM25's k1: how fast repeated mentions saturate
// The decision's weights (Decide): z = bias + Σ weight × evidence, score = 1/(1+e^-z).
// Two regimes, split by the lexical score: a text that repeats most of the
// fact-check's words (lexical >= kRetoldBelow: copies, retyped copies, claims
// in chatter) keeps the decision fitted for copies; a retold one (below) is
// weighed by the paraphrase decision, which also reads where in the article
// its words are and how they pair.
constexpr double kRetoldBelow = 0.8;
// Copies (lexical >= kRetoldBelow).
constexpr double kDecideBias = -3.846;
constexpr double kDecideContainment = 5.654;
constexpr double kDecideSaturated = 1.165;
constexpr double kDecideClaim = 2.344;
constexpr double kDecideMissing = -1.093;  // per figure the fact-check lacks (at most 3)
constexpr double kDecideFound = 0.747;     // per figure the fact-check has (at most 3)
// Retold claims (lexical < kRetoldBelow): the same evidence and the claim's
// share, the best sentence and passage, syllables and pairs apart.
constexpr double kRetoldBias = -4.79;
constexpr double kRetoldContainment = 7.951;
constexpr double kRetoldSaturated = -13.331;
constexpr double kRetoldClaim = 5.459;
constexpr double kRetoldMissing = -0.746;
constexpr double kRetoldFound = 0.752;
constexpr double kRetoldClaimShare = -0.231;
constexpr double kRetoldSentence = -3.723;
constexpr double kRetoldPassage = 4.933;
constexpr double kRetoldSyllables = 1.826;
constexpr double kRetoldPairs = 3.952;
constexpr uint32_t kBuckets = 32;        // sentence buckets per document (MatchEvidence::sentence, ::passage)
constexpr double kRareShare = 0.01;     // "rare" syllables: in at most this share of the library

struct Features {
  std::vector<uint64_t> uni;  // distinct, sorted
  std::vector<uint64_t> bi;   // distinct, sorted
  std::vector<uint64_t> num;  // the syllables that are numbers, distinct, sorted
  std::vector<uint8_t> uni_tf, bi_tf;  // occurrences of uni[i] / bi[i] (capped 255)
  std::vector<uint64_t> seq;           // the terms in text order (direction and negation read pairs of it)
};

uint64_t HashSyllable(std::string_view s) {
  uint64_t h = XXH3_64bits(s.data(), s.size());
  return h ? h : 1;  // 0 marks an empty hash-table slot
}

uint64_t HashBigram(uint64_t a, uint64_t b) {
  uint64_t pair[2] = {a, b};
  uint64_t h = XXH3_64bits_withSeed(pair, sizeof pair, 0x62696772616d);  // "bigram"
  return h ? h : 1;
}

void SortUnique(std::vector<uint64_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// Sorts and makes *v distinct; (*tf)[i] = occurrences of (*v)[i], capped at 255.
void SortCount(std::vector<uint64_t>* v, std::vector<uint8_t>* tf) {
  std::sort(v->begin(), v->end());
  tf->clear();
  size_t w = 0;
  for (size_t i = 0; i < v->size(); ++i) {
    if (w > 0 && (*v)[w - 1] == (*v)[i]) {
      if (tf->back() < 255) ++tf->back();
      continue;
    }
    (*v)[w++] = (*v)[i];
    tf->push_back(1);
  }
  v->resize(w);
}

// Sorts v (hash, bit) pairs by hash and merges them: the distinct hashes
// into *keys, their occurrences (capped 255) into *tf, the OR of their bits
// into *mask (when given).
void SortMerge(std::vector<std::pair<uint64_t, uint32_t>>* v, std::vector<uint64_t>* keys, std::vector<uint8_t>* tf,
               std::vector<uint32_t>* mask) {
  std::sort(v->begin(), v->end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  keys->clear();
  tf->clear();
  if (mask) mask->clear();
  for (const auto& [h, bit] : *v) {
    if (!keys->empty() && keys->back() == h) {
      if (tf->back() < 255) ++tf->back();
      if (mask) mask->back() |= bit;
      continue;
    }
    keys->push_back(h);
    tf->push_back(1);
    if (mask) mask->push_back(bit);
  }
}

// Where the terms of a fact-check are: sentence starts (byte offsets; the
// first is the claim's) and the number of body sentences; each sentence's
// bucket bit (MatchEvidence::sentence, ::passage).
struct Placement {
  const std::vector<uint32_t>* starts = nullptr;
  size_t body_sentences = 0;
  std::vector<uint32_t>* uni_mask = nullptr;  // out, beside Features::uni
  std::vector<uint32_t>* bi_mask = nullptr;   // out, beside Features::bi
};

// The features of `text`; with `place`, also where each feature is (bit b of
// its mask for the sentences of bucket b: the claim is bucket 0, the body's
// sentences fill buckets 1-31 in order, neighbours sharing a bucket when
// there are more than 31; a pair across two sentences is in neither).
void Extract(std::string_view text, Features* f, const Placement* place = nullptr) {
  thread_local std::vector<internal::Term> terms;
  thread_local std::vector<std::pair<uint64_t, uint32_t>> uni, bi;
  internal::Terms(text, &terms);
  uni.clear();
  bi.clear();
  f->uni.clear();
  f->bi.clear();
  f->num.clear();
  f->seq.clear();
  uint64_t prev = 0;
  size_t sentence = 0, prev_sentence = 0;
  for (const internal::Term& t : terms) {
    const uint64_t h = HashSyllable(t.text);
    f->seq.push_back(h);
    // Figures: numbers other than the digits 0-9 (small counts are often
    // spelled out, "hai", "ba", and say little about which claim it is).
    if (t.number && t.text.size() > 1) f->num.push_back(h);
    if (!place) {  // a post: no placement, plain hashes
      f->uni.push_back(h);
      if (prev) f->bi.push_back(HashBigram(prev, h));
      prev = h;
      continue;
    }
    const std::vector<uint32_t>& starts = *place->starts;
    while (sentence + 1 < starts.size() && starts[sentence + 1] <= t.begin) ++sentence;
    while (sentence > 0 && starts[sentence] > t.begin) --sentence;
    const uint32_t bit =
        1u << (sentence == 0 ? 0
                             : 1 + (sentence - 1) * (kBuckets - 1) / std::max<size_t>(kBuckets - 1, place->body_sentences));
    uni.emplace_back(h, bit);
    if (prev) bi.emplace_back(HashBigram(prev, h), prev_sentence == sentence ? bit : 0);
    prev = h;
    prev_sentence = sentence;
  }
  if (place) {
    SortMerge(&uni, &f->uni, &f->uni_tf, place->uni_mask);
    SortMerge(&bi, &f->bi, &f->bi_tf, place->bi_mask);
  } else {
    SortCount(&f->uni, &f->uni_tf);
    SortCount(&f->bi, &f->bi_tf);
  }
  SortUnique(&f->num);
}

// Splits a text into sentences: after '.', '!', '?', ';' or a line break
// followed by white space or the end ("1.095" and "TP.HCM" stay whole).
void SplitSentences(std::string_view text, std::vector<std::string_view>* out) {
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool end = c == '\n' || ((c == '.' || c == '!' || c == '?' || c == ';') &&
                                   (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n'));
    if (!end) continue;
    if (i + 1 > start) out->push_back(text.substr(start, i + 1 - start));
    start = i + 1;
  }
  if (start < text.size()) out->push_back(text.substr(start));
}

// The claims lexicon's direction words and negators (terms.h), hashed as
// the matcher's features are: a head's opposites by syllable hash, a phrase's
// opposites by bigram hash.
struct Polarity {
  std::unordered_map<uint64_t, std::vector<uint64_t>> heads, phrases;
  std::vector<uint64_t> negators;
};

uint64_t HashPhrase(const std::string& phrase) {
  const size_t sp = phrase.find(' ');
  return HashBigram(HashSyllable(std::string_view(phrase).substr(0, sp)),
                    HashSyllable(std::string_view(phrase).substr(sp + 1)));
}

const Polarity& PolarityLexicon() {
  static const Polarity* p = [] {
    auto* out = new Polarity;
    for (const auto& [a, b] : internal::OpposedHeadPairs()) out->heads[HashSyllable(a)].push_back(HashSyllable(b));
    for (const auto& [a, b] : internal::OpposedPhrasePairs()) out->phrases[HashPhrase(a)].push_back(HashPhrase(b));
    for (const std::string& n : internal::Negators()) out->negators.push_back(HashSyllable(n));
    return out;
  }();
  return *p;
}

// Open-addressing hash table: feature hash -> feature number.
class FeatureTable {
 public:
  void Reserve(size_t n) {
    size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    keys_.assign(cap, 0);
    vals_.assign(cap, 0);
    mask_ = cap - 1;
    size_ = 0;
  }
  // Returns the number of `key`, inserting it as `next` when absent.
  uint32_t FindOrInsert(uint64_t key, uint32_t next, bool* inserted) {
    if ((size_ + 1) * 2 > keys_.size()) Grow();
    size_t i = key & mask_;
    while (keys_[i] != 0) {
      if (keys_[i] == key) {
        *inserted = false;
        return vals_[i];
      }
      i = (i + 1) & mask_;
    }
    keys_[i] = key;
    vals_[i] = next;
    ++size_;
    *inserted = true;
    return next;
  }
  // Feature number, or -1.
  int64_t Find(uint64_t key) const {
    if (keys_.empty()) return -1;
    size_t i = key & mask_;
    while (keys_[i] != 0) {
      if (keys_[i] == key) return vals_[i];
      i = (i + 1) & mask_;
    }
    return -1;
  }

 private:
  void Grow() {
    std::vector<uint64_t> keys = std::move(keys_);
    std::vector<uint32_t> vals = std::move(vals_);
    Reserve(std::max<size_t>(16, keys.size()));
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == 0) continue;
      bool ins;
      FindOrInsert(keys[i], vals[i], &ins);
    }
  }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> vals_;
  size_t mask_ = 0, size_ = 0;
};

class IndexMatcher final : public Matcher {
 public:
  IndexMatcher(const std::vector<store::FactCheck>& library, const MatcherOptions& opts) : opts_(opts) {
    Build(library);
  }

  std::optional<MatchResult> MatchText(std::string_view text) const override {
    auto r = BestCandidate(text);
    if (!r || r->score < opts_.thresholds.suggest) return std::nullopt;
    return r;
  }

  std::optional<MatchResult> BestCandidate(std::string_view text) const override {
    if (ids_.empty()) return std::nullopt;
    thread_local Features f;
    thread_local std::vector<std::pair<uint32_t, float>> unigrams;  // (feature, weight)
    Extract(text, &f);
    // The short-text guards count distinct syllables, stop ones included.
    const int content = static_cast<int>(f.uni.size());
    if (content < opts_.min_syllables) return std::nullopt;
    Accumulator& acc = Scratch();
    double total = 0, uni_total = 0;
    unigrams.clear();
    // Weight of a feature, or 0 for a stop feature; -1 when not in the library.
    auto weigh = [&](uint64_t h, double mult, int64_t* fi) -> float {
      *fi = table_.Find(h);
      if (*fi < 0) {
        total += mult * unknown_idf_;
        return -1;
      }
      if (offsets_[*fi + 1] - offsets_[*fi] > stop_df_) return 0;
      const float w = static_cast<float>(mult * idf_[*fi]);
      total += w;
      return w;
    };
    for (uint64_t h : f.uni) {
      int64_t fi;
      float w = weigh(h, 1.0, &fi);
      if (w > 0) {
        unigrams.emplace_back(static_cast<uint32_t>(fi), w);
        uni_total += w;
      }
    }
    // Candidates: the documents sharing a bigram with the text.
    for (uint64_t h : f.bi) {
      int64_t fi;
      float w = weigh(h, kBigramWeight, &fi);
      if (w <= 0) continue;
      for (uint32_t p = offsets_[fi]; p < offsets_[fi + 1]; ++p) acc.Add(postings_[p], w);
      for (uint32_t p = claim_offsets_[fi]; p < claim_offsets_[fi + 1]; ++p) acc.claim[claim_postings_[p]] += w;
    }
    if (total <= 0) {
      acc.Reset();
      return std::nullopt;
    }
    int64_t best = -1;
    double best_sum = 0;
    if (acc.touched.empty() || uni_total >= opts_.thresholds.suggest * total) {
      // No bigram evidence, or syllables alone could reach the suggest
      // threshold (texts of one or two words): score every document sharing
      // anything by walking the syllables' posting lists too.
      for (const auto& [fi, w] : unigrams) {
        for (uint32_t p = offsets_[fi]; p < offsets_[fi + 1]; ++p) acc.Add(postings_[p], w);
        for (uint32_t p = claim_offsets_[fi]; p < claim_offsets_[fi + 1]; ++p) acc.claim[claim_postings_[p]] += w;
      }
    } else {
      // Any document scoring >= suggest shares a bigram (uni_total < suggest
      // * total), so only the bigram candidates get their syllable weight;
      // matching stays exact and BestCandidate's choice below the suggest
      // threshold is the best among bigram-sharing documents.
      for (const auto& [fi, w] : unigrams) {
        for (uint32_t p = offsets_[fi]; p < offsets_[fi + 1]; ++p) {
          float& sum = acc.sum[postings_[p]];
          if (sum != 0) sum += w;
        }
        for (uint32_t p = claim_offsets_[fi]; p < claim_offsets_[fi + 1]; ++p) {
          const uint32_t d = claim_postings_[p];
          if (acc.sum[d] != 0) acc.claim[d] += w;
        }
      }
    }
    for (uint32_t d : acc.touched) {
      const double sc = Combine(acc.sum[d] / total, d, acc.claim[d]);
      if (best < 0 || sc > best_sum || (sc == best_sum && d < best)) {
        best = d;
        best_sum = sc;
      }
    }
    acc.Reset();
    if (best < 0) return std::nullopt;
    const MatchEvidence e = Evaluate(f, static_cast<uint32_t>(best));
    MatchResult r;
    r.factcheck_id = ids_[best];
    r.score = e.score;
    r.state = AutoOk(e, content) ? store::MatchState::kAuto : store::MatchState::kSuggested;
    return r;
  }

  std::optional<double> ScorePair(std::string_view text, const std::string& factcheck_id) const override {
    auto e = Explain(text, factcheck_id);
    if (!e) return std::nullopt;
    return e->score;
  }

  std::optional<MatchEvidence> Explain(std::string_view text, const std::string& factcheck_id) const override {
    auto it = std::find(ids_.begin(), ids_.end(), factcheck_id);
    if (it == ids_.end()) return std::nullopt;
    Features f;
    Extract(text, &f);
    return Evaluate(f, static_cast<uint32_t>(it - ids_.begin()));
  }

  std::vector<SearchHit> Search(std::string_view query, size_t limit) const override {
    std::vector<SearchHit> hits;
    if (ids_.empty() || limit == 0) return hits;
    Features f;
    Extract(query, &f);
    Accumulator& acc = Scratch();
    double total = 0;
    auto add = [&](uint64_t h, double mult) {
      int64_t fi = table_.Find(h);
      if (fi < 0) {
        total += mult * unknown_idf_;
        return;
      }
      const float w = static_cast<float>(mult * idf_[fi]);
      total += w;
      for (uint32_t p = offsets_[fi]; p < offsets_[fi + 1]; ++p) acc.Add(postings_[p], w);
    };
    for (uint64_t h : f.uni) add(h, 1.0);
    for (uint64_t h : f.bi) add(h, kBigramWeight);
    std::vector<uint32_t> docs = acc.touched;
    std::sort(docs.begin(), docs.end(),
              [&](uint32_t a, uint32_t b) { return acc.sum[a] != acc.sum[b] ? acc.sum[a] > acc.sum[b] : a < b; });
    if (docs.size() > limit) docs.resize(limit);
    for (uint32_t d : docs) hits.push_back({ids_[d], total > 0 ? std::min(1.0, acc.sum[d] / total) : 0});
    acc.Reset();
    return hits;
  }

  size_t library_size() const override { return ids_.size(); }
  const Thresholds& thresholds() const override { return opts_.thresholds; }

 private:
  // The score from the post's containment in the document and the share of
  // the document's claim the post covers (claims of at least
  // kMinClaimSyllables syllables only, discounted by kClaimCoverageFactor).
  double Combine(double containment, uint32_t d, float claim_shared) const {
    if (claim_total_[d] <= 0) return containment;
    return std::max(containment, kClaimCoverageFactor * claim_shared / claim_total_[d]);
  }

  // Position of document d in feature fi's posting list, or -1.
  int64_t Posting(int64_t fi, uint32_t d) const {
    auto b = postings_.begin() + offsets_[fi], e = postings_.begin() + offsets_[fi + 1];
    auto p = std::lower_bound(b, e, d);
    return p != e && *p == d ? p - postings_.begin() : -1;
  }

  // Every piece of evidence for text features f against document d, and the
  // decision's score (Decide).
  MatchEvidence Evaluate(const Features& f, uint32_t d) const {
    MatchEvidence e;
    double total = 0, shared = 0, sat = 0, claim = 0;
    double kind_total[2] = {0, 0}, kind_shared[2] = {0, 0};
    double sentence[kBuckets] = {}, passage[kBuckets] = {};
    auto add = [&](uint64_t h, double mult) {
      const int kind = mult == 1.0 ? 0 : 1;
      int64_t fi = table_.Find(h);
      if (fi < 0) {
        total += mult * unknown_idf_;
        kind_total[kind] += mult * unknown_idf_;
        return;
      }
      if (offsets_[fi + 1] - offsets_[fi] > stop_df_) return;
      const double w = static_cast<float>(mult * idf_[fi]);
      total += w;
      kind_total[kind] += w;
      if (int64_t p = Posting(fi, d); p >= 0) {
        shared += w;
        kind_shared[kind] += w;
        const double tf = tf_[p];
        sat += w * tf * (1 + kSatK1) / (tf + kSatK1) / (1 + kSatK1);
        for (uint32_t m = mask_[p]; m; m &= m - 1) sentence[std::countr_zero(m)] += w;
        // Passage b: buckets b and b + 1.
        for (uint32_t m = mask_[p] | (mask_[p] >> 1); m; m &= m - 1) passage[std::countr_zero(m)] += w;
      }
      if (std::binary_search(claim_postings_.begin() + claim_offsets_[fi],
                             claim_postings_.begin() + claim_offsets_[fi + 1], d)) {
        claim += w;
      }
    };
    for (uint64_t h : f.uni) add(h, 1.0);
    for (uint64_t h : f.bi) add(h, kBigramWeight);
    for (uint64_t h : f.num) {
      ++e.numbers;
      int64_t fi = table_.Find(h);
      if (fi < 0 || Posting(fi, d) < 0) ++e.numbers_missing;
    }
    // What the text says that the fact-check does not: rare syllables it
    // lacks, expressions it has only the other way round, negations it
    // never makes.
    auto doc_has = [&](uint64_t h) {
      const int64_t fi = table_.Find(h);
      return fi >= 0 && Posting(fi, d) >= 0;
    };
    for (uint64_t h : f.uni) {
      if (std::binary_search(f.num.begin(), f.num.end(), h)) continue;
      const int64_t fi = table_.Find(h);
      if (fi < 0 || (offsets_[fi + 1] - offsets_[fi] <= rare_df_ && Posting(fi, d) < 0)) ++e.novel;
    }
    const Polarity& pol = PolarityLexicon();
    for (size_t i = 0; i + 1 < f.seq.size(); ++i) {
      const uint64_t a = f.seq[i], x = f.seq[i + 1];
      const uint64_t ax = HashBigram(a, x);
      if (auto it = pol.heads.find(a); it != pol.heads.end() && !doc_has(ax)) {
        for (uint64_t b : it->second) {
          if (doc_has(HashBigram(b, x))) {
            ++e.opposed;
            break;
          }
        }
      }
      if (auto it = pol.phrases.find(ax); it != pol.phrases.end() && !doc_has(ax)) {
        for (uint64_t b : it->second) {
          if (doc_has(b)) {
            ++e.opposed;
            break;
          }
        }
      }
      const auto& neg = pol.negators;
      if (std::find(neg.begin(), neg.end(), a) == neg.end() || std::find(neg.begin(), neg.end(), x) != neg.end() ||
          std::binary_search(f.num.begin(), f.num.end(), x)) {
        continue;
      }
      const int64_t xi = table_.Find(x);
      if (xi < 0 || offsets_[xi + 1] - offsets_[xi] > stop_df_ || Posting(xi, d) < 0) continue;
      bool negated_there = false;
      for (uint64_t n : neg) negated_there = negated_there || doc_has(HashBigram(n, x));
      if (!negated_there) ++e.negated;
    }
    if (kind_total[0] > 0) e.syllables = kind_shared[0] / kind_total[0];
    if (kind_total[1] > 0) e.pairs = kind_shared[1] / kind_total[1];
    if (total > 0) {
      e.containment = shared / total;
      e.saturated = sat / total;
      e.claim_share = std::min(1.0, claim / total);
      e.sentence = *std::max_element(sentence, sentence + kBuckets) / total;
      e.passage = *std::max_element(passage, passage + kBuckets) / total;
    }
    if (claim_total_[d] > 0) e.claim_coverage = std::min(1.0, claim / claim_total_[d]);
    e.lexical = std::min(1.0, Combine(e.containment, d, static_cast<float>(claim)));
    e.score = Decide(e);
    return e;
  }

  // The calibrated decision (see the file comment): a logistic model of the
  // evidence, fitted on the tune half of the paraphrase set together with the
  // copied-sentence development set (bench/claims_eval.cc), never on holdout.
  static double Decide(const MatchEvidence& e) {
    const double missing = std::min(e.numbers_missing, 3);
    const double found = std::min(e.numbers - e.numbers_missing, 3);
    double z;
    if (e.lexical >= kRetoldBelow) {
      z = kDecideBias + kDecideContainment * e.containment + kDecideSaturated * e.saturated +
          kDecideClaim * e.claim_coverage + kDecideMissing * missing + kDecideFound * found;
    } else {
      z = kRetoldBias + kRetoldContainment * e.containment + kRetoldSaturated * e.saturated +
          kRetoldClaim * e.claim_coverage + kRetoldMissing * missing + kRetoldFound * found +
          kRetoldClaimShare * e.claim_share + kRetoldSentence * e.sentence + kRetoldPassage * e.passage +
          kRetoldSyllables * e.syllables + kRetoldPairs * e.pairs;
    }
    return 1.0 / (1.0 + std::exp(-z));
  }

  // Auto needs, besides score >= auto threshold: enough syllables, lexical
  // evidence of a repeat (lexical >= min_auto_lexical) and no figure the
  // fact-check lacks.
  bool AutoOk(const MatchEvidence& e, int syllables) const {
    return e.score >= opts_.thresholds.autom && syllables >= opts_.min_auto_syllables &&
           e.lexical >= opts_.min_auto_lexical && e.numbers_missing == 0;
  }

  struct Accumulator {
    std::vector<float> sum;    // shared weight with the whole document
    std::vector<float> claim;  // shared weight with the document's claim
    std::vector<uint32_t> touched;
    void Add(uint32_t d, float w) {
      if (sum[d] == 0) touched.push_back(d);
      sum[d] += w;
    }
    void Reset() {
      for (uint32_t d : touched) sum[d] = claim[d] = 0;
      touched.clear();
    }
  };

  // Per-thread scratch sized for this library. Reset after every use.
  Accumulator& Scratch() const {
    thread_local Accumulator acc;
    if (acc.sum.size() < ids_.size()) {
      acc.sum.assign(ids_.size(), 0);
      acc.claim.assign(ids_.size(), 0);
    }
    acc.touched.clear();
    return acc;
  }

  void Build(const std::vector<store::FactCheck>& library) {
    const size_t n = library.size();
    ids_.reserve(n);
    // Pass 1: number the features, count df, keep each document's feature
    // numbers (distinct within the document).
    std::vector<uint32_t> doc_features;
    std::vector<uint8_t> doc_tf;  // beside doc_features
    std::vector<uint64_t> doc_offsets{0};
    std::vector<uint32_t> df;
    // The claim's own features (a subset of the document's), with their
    // multiplier: 1 for syllables, kBigramWeight for bigrams.
    std::vector<std::pair<uint32_t, float>> claim_features;
    std::vector<uint64_t> claim_doc_offsets{0};
    std::vector<uint32_t> claim_df;
    std::vector<uint32_t> claim_syllables;
    table_.Reserve(1024);
    Features f, cf;
    std::string doc;
    std::vector<uint32_t> doc_mask;  // beside doc_features: the feature's sentence buckets
    std::vector<uint32_t> uni_mask, bi_mask;
    std::vector<std::string_view> sentences;
    std::vector<uint32_t> starts;
    for (const store::FactCheck& fc : library) {
      ids_.push_back(fc.id);
      doc.assign(fc.claim);
      doc += "\n";
      doc += fc.body;
      sentences.clear();
      SplitSentences(fc.body, &sentences);
      starts.assign(1, 0);
      for (std::string_view sv : sentences) {
        starts.push_back(static_cast<uint32_t>(fc.claim.size() + 1 + (sv.data() - fc.body.data())));
      }
      const Placement place{&starts, sentences.size(), &uni_mask, &bi_mask};
      Extract(doc, &f, &place);
      for (int kind = 0; kind < 2; ++kind) {
        const auto& list = kind ? f.bi : f.uni;
        const auto& tf = kind ? f.bi_tf : f.uni_tf;
        const auto& mask = kind ? bi_mask : uni_mask;
        for (size_t k = 0; k < list.size(); ++k) {
          bool inserted;
          uint32_t fi = table_.FindOrInsert(list[k], static_cast<uint32_t>(df.size()), &inserted);
          if (inserted) df.push_back(0);
          ++df[fi];
          doc_features.push_back(fi);
          doc_tf.push_back(tf[k]);
          doc_mask.push_back(mask[k]);
        }
      }
      doc_offsets.push_back(doc_features.size());
      Extract(fc.claim, &cf);
      claim_syllables.push_back(static_cast<uint32_t>(cf.uni.size()));
      for (int kind = 0; kind < 2; ++kind) {
        for (uint64_t h : kind ? cf.bi : cf.uni) {
          int64_t fi = table_.Find(h);  // present: the claim is part of the document
          if (fi >= 0) claim_features.emplace_back(static_cast<uint32_t>(fi), kind ? kBigramWeight : 1.0f);
        }
      }
      claim_doc_offsets.push_back(claim_features.size());
    }
    // Pass 2: posting lists in document order (CSR layout).
    offsets_.assign(df.size() + 1, 0);
    for (size_t i = 0; i < df.size(); ++i) offsets_[i + 1] = offsets_[i] + df[i];
    postings_.resize(offsets_.back());
    tf_.resize(offsets_.back());
    mask_.resize(offsets_.back());
    std::vector<uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (size_t d = 0; d < n; ++d) {
      for (uint64_t p = doc_offsets[d]; p < doc_offsets[d + 1]; ++p) {
        tf_[fill[doc_features[p]]] = doc_tf[p];
        mask_[fill[doc_features[p]]] = doc_mask[p];
        postings_[fill[doc_features[p]]++] = static_cast<uint32_t>(d);
      }
    }
    idf_.resize(df.size());
    const double nd = static_cast<double>(n);
    for (size_t i = 0; i < df.size(); ++i) idf_[i] = std::log(1.0 + (nd - df[i] + 0.5) / (df[i] + 0.5));
    unknown_idf_ = kUnknownShare * std::log(1.0 + (nd - 1 + 0.5) / 1.5);
    stop_df_ = std::max<uint32_t>(kMinStopDf, static_cast<uint32_t>(nd * kStopShare));
    rare_df_ = std::max<uint32_t>(1, static_cast<uint32_t>(nd * kRareShare));
    // Claim index: posting lists of claim features (stop features left out)
    // and each claim's total weight.
    claim_offsets_.assign(df.size() + 1, 0);
    claim_total_.assign(n, 0);
    for (const auto& [fi, mult] : claim_features) {
      if (df[fi] <= stop_df_) ++claim_offsets_[fi + 1];
    }
    for (size_t i = 0; i < df.size(); ++i) claim_offsets_[i + 1] += claim_offsets_[i];
    claim_postings_.resize(claim_offsets_.back());
    std::vector<uint32_t> cfill(claim_offsets_.begin(), claim_offsets_.end() - 1);
    for (size_t d = 0; d < n; ++d) {
      double t = 0;
      for (uint64_t p = claim_doc_offsets[d]; p < claim_doc_offsets[d + 1]; ++p) {
        const auto& [fi, mult] = claim_features[p];
        if (df[fi] > stop_df_) continue;
        claim_postings_[cfill[fi]++] = static_cast<uint32_t>(d);
        t += mult * idf_[fi];
      }
      if (claim_syllables[d] >= kMinClaimSyllables) claim_total_[d] = static_cast<float>(t);
    }
  }

  MatcherOptions opts_;
  std::vector<std::string> ids_;          // document number -> fact-check id
  FeatureTable table_;                    // feature hash -> feature number
  std::vector<uint32_t> offsets_;         // feature number -> postings range
  std::vector<uint32_t> postings_;        // document numbers, ascending per feature
  std::vector<uint8_t> tf_;               // beside postings_: occurrences in the document (capped 255)
  std::vector<uint32_t> mask_;            // beside postings_: the sentence buckets that have it (bit 0: the claim)
  std::vector<double> idf_;               // feature number -> idf
  std::vector<uint32_t> claim_offsets_;   // feature number -> claim postings range
  std::vector<uint32_t> claim_postings_;  // documents whose CLAIM has the feature
  std::vector<float> claim_total_;        // document -> claim weight (0: claim too short)
  double unknown_idf_ = 0;
  uint32_t stop_df_ = kMinStopDf;
  uint32_t rare_df_ = 1;  // df of "rare" syllables (MatchEvidence::novel): at most this
};

}  // namespace

std::unique_ptr<Matcher> Matcher::Build(const std::vector<store::FactCheck>& library, const MatcherOptions& opts) {
  return std::make_unique<IndexMatcher>(library, opts);
}

Result<std::unique_ptr<Matcher>> Matcher::Load(store::Store& store) {
  auto t = LoadThresholds(store);
  if (!t.ok()) return t.status();
  std::vector<store::FactCheck> library;
  Status s = store.ForEachFactCheck([&](const store::FactCheck& fc) {
    library.push_back(fc);
    return true;
  });
  if (!s.ok()) return s;
  MatcherOptions opts;
  opts.thresholds = *t;
  return Build(library, opts);
}

}  // namespace vox::claims
