// Claims: the fact-check library and matching what circulates against it.
//
// (The lead wrote this contract; the implementation's own header comments
// describe the algorithm, its invariants and thresholds.)
#pragma once

#include <cstdint>
#include <memory>
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

// An in-memory index over the library, built from the store.
class Matcher {
 public:
  static Result<std::unique_ptr<Matcher>> Load(store::Store& store);
  virtual ~Matcher() = default;
  // Best match for a text, if any passes the suggest threshold.
  virtual std::optional<MatchResult> MatchText(std::string_view text) const = 0;
  virtual size_t library_size() const = 0;
};

// An ingest observer that matches every added/changed item and records the match.
Result<std::unique_ptr<ingest::ItemObserver>> NewIngestMatcher(store::Store& store);

// Re-matches every stored item (after the library changed). Staff decisions are kept.
struct RematchReport {
  int64_t items = 0, matched = 0, autos = 0;
};
Result<RematchReport> RematchAll(store::Store& store);

}  // namespace vox::claims
