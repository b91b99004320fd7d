// The fact-check library and item <-> fact-check matches as the store keeps
// them (written by claims/).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vox::store {

// A published verdict on a claim (schema.org ClaimReview).
struct FactCheck {
  std::string id;            // unique external id (JSONL id, else the ClaimReview url)
  std::string claim;         // the claim as it circulates
  std::string verdict;       // as published: "Sai", "Gây hiểu lầm", "False"...
  std::string body;          // the explanation, with its sources
  std::string url;
  std::string author;        // the fact-checking organisation (its name, else its URL)
  std::optional<int64_t> published_at;  // absent when the source gives no date
  std::optional<double> rating;         // reviewRating.ratingValue; absent when not given
  std::string appearance;    // where the claim was seen (itemReviewed.appearance url)
  bool own = false;          // written by this office (exported as ClaimReview)
};

enum class MatchState { kSuggested, kAuto, kAccepted, kRejected };
const char* MatchStateName(MatchState s);
bool ParseMatchState(const std::string& name, MatchState* out);

// An item <-> fact-check link. The matcher writes suggested/auto; staff
// decide accepted/rejected, and the matcher never overwrites a decision.
struct Match {
  int64_t item_rowid = 0;
  std::string item_source;   // filled when read
  std::string item_id;       // filled when read
  std::string factcheck_id;
  double score = 0;
  MatchState state = MatchState::kSuggested;
  int64_t updated_at = 0;
};

}  // namespace vox::store
