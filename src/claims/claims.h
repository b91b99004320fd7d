// Claims: the fact-check library and matching what circulates against it.
//
// (The lead wrote this contract; the implementation's own header comments
// describe the algorithm, its invariants and thresholds.)
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ingest/pipeline.h"
#include "ingest/reader.h"
#include "store/store.h"

namespace vox::claims {

struct ImportReport {
  int64_t added = 0, updated = 0, unchanged = 0, rejected = 0;
};

// Reads fact-checks: JSON Lines {id, claim, verdict, body, url, published_at}
// or schema.org ClaimReview JSON-LD (one object, an array, or one per line).
// Bad records are reported through on_reject (where = "file:line" or
// "file: record N") and skipped; the rest are upserted (idempotent).
Result<ImportReport> ImportFactChecks(store::Store& store, std::string_view data, const std::string& input_name,
                                      const ingest::RejectSink& on_reject);

// The parsing half of ImportFactChecks, without a store (fuzzed on its own):
// every valid record reaches on_item as a FactCheck with canonical text, in
// input order; every bad one reaches on_reject. Returns non-OK only when the
// input as a whole is unusable (never for a bad record). Never throws.
using FactCheckSink = std::function<void(store::FactCheck&&)>;
Status ParseFactChecks(std::string_view data, const std::string& input_name, const FactCheckSink& on_item,
                       const ingest::RejectSink& on_reject);

// Adds or edits one fact-check (the library call behind `vox factcheck add`
// and, later, the API/UI): claim and verdict are required, text is
// canonicalized, an empty id gets a stable one derived from the claim
// ("own-<hex>"), written back to fc->id. Does not re-match; call RematchAll.
Result<store::Upsert> SaveFactCheck(store::Store& store, store::FactCheck* fc);

// The label of an item whose text was read from a screenshot (docs/channels.md
// "Screenshots"): matched whole, else paragraph by paragraph.
inline constexpr const char* kImageTextLabel = "from_image";

// One fact-check as a schema.org ClaimReview object (with its @context).
nlohmann::json ClaimReviewJson(const store::FactCheck& fc);
// The office's own fact-checks (FactCheck::own) as ClaimReview JSON-LD (an array).
Result<std::string> ExportClaimReviews(store::Store& store);

struct MatchResult {
  std::string factcheck_id;
  double score = 0;  // 0..1
  store::MatchState state = store::MatchState::kSuggested;
};

// Thresholds; defaults documented in the implementation, re-fitted by Calibrate
// and kept in the store's settings.
struct Thresholds {
  double suggest = 0;
  double autom = 0;
};

// Compiled-in defaults, fitted on the development set (docs/claims.md).
inline constexpr double kDefaultSuggest = 0.80;
inline constexpr double kDefaultAuto = 0.85;
inline constexpr Thresholds kDefaultThresholds{kDefaultSuggest, kDefaultAuto};
// Store settings keys holding the office's thresholds.
inline constexpr char kSuggestSetting[] = "match.suggest";
inline constexpr char kAutoSetting[] = "match.auto";

// The store's thresholds, or the defaults for keys not set. A malformed
// setting is kCorruption.
Result<Thresholds> LoadThresholds(store::Store& store);
Status SaveThresholds(store::Store& store, const Thresholds& t);

struct MatcherOptions {
  Thresholds thresholds = kDefaultThresholds;
  // Texts with fewer distinct syllables than this are never auto
  // matched (at most suggested).
  int min_auto_syllables = 6;
  // Auto also needs this much lexical evidence (MatchEvidence::lexical) and
  // every figure of the text found in the fact-check.
  double min_auto_lexical = 0.78;
  // Texts with fewer than this are not matched at all.
  int min_syllables = 4;
};

// One search hit in the library.
struct SearchHit {
  std::string factcheck_id;
  double score = 0;  // share of the query's IDF weight the fact-check holds, 0..1
};

// The evidence the matcher weighed for one (text, fact-check) pair.
struct MatchEvidence {
  double containment = 0;     // share of the text's term weight the fact-check holds, 0..1
  double syllables = 0, pairs = 0;  // the containment of syllables alone, of syllable pairs alone
  double saturated = 0;       // the same with each shared term credited by how often the fact-check has it
  double claim_coverage = 0;  // share of the claim's term weight the text covers (0: claim too short)
  int numbers = 0;            // distinct figures, dates and years in the text
  int numbers_missing = 0;    // of those, absent from the fact-check
  double claim_share = 0;     // share of the text's term weight the claim alone holds, 0..1
  double sentence = 0;        // the same for the fact-check's best single sentence (its claim, or one of the body)
  double passage = 0;         // the same for its best two adjacent sentences: a retold claim sits in one
                              // place of the article, a different one gathers its words from all over
  int novel = 0;              // distinct rare syllables of the text (in at most 1 % of the library, or in
                              // none of it; not numbers) the fact-check lacks: what the text says that it doesn't
  int opposed = 0;            // expressions of the text the fact-check has only the other way round
                              // ("giảm giá" where it says "tăng giá", "từ chối" / "đồng ý"; claims lexicon)
  int negated = 0;            // words the text negates ("không", "chưa", "chẳng" + word) that the
                              // fact-check has, but never negated
  double lexical = 0;         // max(containment, 0.9 * claim_coverage): the score before the decision
  double score = 0;           // the calibrated matching score, 0..1 (what thresholds apply to)
};

// An in-memory index over the library, built from the store.
class Matcher {
 public:
  // Loads the library and the thresholds (LoadThresholds) from the store.
  static Result<std::unique_ptr<Matcher>> Load(store::Store& store);
  // Builds over a library held in memory (benchmarks, evaluation, tests).
  static std::unique_ptr<Matcher> Build(const std::vector<store::FactCheck>& library, const MatcherOptions& opts = {});
  virtual ~Matcher() = default;
  // Best match for a text, if any passes the suggest threshold.
  virtual std::optional<MatchResult> MatchText(std::string_view text) const = 0;
  // The best-scoring fact-check whatever its score (state from the
  // thresholds; below suggest it is reported as kSuggested). For evaluation.
  virtual std::optional<MatchResult> BestCandidate(std::string_view text) const = 0;
  // The matching score of `text` against one fact-check (the scale staff
  // decisions are calibrated on); nullopt when the id is not in the library.
  virtual std::optional<double> ScorePair(std::string_view text, const std::string& factcheck_id) const = 0;
  // The evidence behind ScorePair (same score); nullopt when the id is not in the library.
  virtual std::optional<MatchEvidence> Explain(std::string_view text, const std::string& factcheck_id) const = 0;
  // Library search: fact-checks sharing the query's (folded) syllables and
  // bigrams, best first. Stop syllables count here, unlike in matching.
  virtual std::vector<SearchHit> Search(std::string_view query, size_t limit) const = 0;
  virtual size_t library_size() const = 0;
  virtual const Thresholds& thresholds() const = 0;
  // Safe for concurrent const use from several threads.
};

// An ingest observer that matches every added/changed item and records the match.
Result<std::unique_ptr<ingest::ItemObserver>> NewIngestMatcher(store::Store& store);

// Re-matches every stored item (after the library changed). Staff decisions are kept.
struct RematchReport {
  int64_t items = 0, matched = 0, autos = 0;
};
Result<RematchReport> RematchAll(store::Store& store);

// Calibration from staff decisions (accepted / rejected matches).
struct CalibrateOptions {
  double target_precision = 0.95;  // auto threshold: lowest score reaching this precision
  double target_recall = 0.95;     // suggest threshold: keeps this share of accepted matches
  int64_t min_decisions = 20;      // fewer: report, keep the thresholds
  bool apply = true;               // write fitted thresholds to the store settings
};
struct CalibrationReport {
  int64_t decisions = 0, accepted = 0, rejected = 0;
  bool fitted = false;  // false: too few decisions (see note)
  std::string note;
  Thresholds current, proposed;
  // Precision and recall of decided matches at the auto threshold
  // (accepted = relevant): at the current and at the proposed thresholds.
  double precision_current = 0, recall_current = 0;
  double precision_proposed = 0, recall_proposed = 0;
};
Result<CalibrationReport> Calibrate(store::Store& store, const CalibrateOptions& opts = {});

}  // namespace vox::claims
