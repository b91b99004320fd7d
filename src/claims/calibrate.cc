// Calibration: the office's thresholds from its own staff decisions.
//
// Every accepted or rejected match is a labelled example (score, relevant?).
// For a threshold t, precision(t) is the share of accepted among decided
// matches scoring >= t and recall(t) the share of all accepted ones scoring
// >= t. The proposed auto threshold is the lowest decided score at which
// precision reaches the target (and stays there for every higher decided
// score), so auto matches are as right as the office asked for; the proposed
// suggest threshold is the highest score that still keeps target_recall of
// the accepted matches, never above the auto threshold. Decisions only exist
// for matches the machine proposed, so the suggest threshold can be raised
// from them but not lowered below what staff were shown.
#include <algorithm>

#include "claims/claims.h"

namespace vox::claims {
namespace {

struct Decided {
  double score;
  bool accepted;
};

void PrecisionRecall(const std::vector<Decided>& d, double t, int64_t accepted_total, double* precision,
                     double* recall) {
  int64_t above = 0, good = 0;
  for (const Decided& x : d) {
    if (x.score + 1e-9 < t) continue;
    ++above;
    good += x.accepted;
  }
  *precision = above ? static_cast<double>(good) / above : 1.0;
  *recall = accepted_total ? static_cast<double>(good) / accepted_total : 0.0;
}

}  // namespace

Result<CalibrationReport> Calibrate(store::Store& store, const CalibrateOptions& opts) {
  CalibrationReport rep;
  auto cur = LoadThresholds(store);
  if (!cur.ok()) return cur.status();
  rep.current = rep.proposed = *cur;
  std::vector<Decided> d;
  Status s = store.ForEachMatch([&](const store::Match& m) {
    if (m.state == store::MatchState::kAccepted || m.state == store::MatchState::kRejected) {
      d.push_back({m.score, m.state == store::MatchState::kAccepted});
    }
    return true;
  });
  if (!s.ok()) return s;
  rep.decisions = static_cast<int64_t>(d.size());
  for (const Decided& x : d) (x.accepted ? rep.accepted : rep.rejected)++;
  PrecisionRecall(d, rep.current.autom, rep.accepted, &rep.precision_current, &rep.recall_current);
  rep.precision_proposed = rep.precision_current;
  rep.recall_proposed = rep.recall_current;
  if (rep.decisions < opts.min_decisions) {
    rep.note = "only " + std::to_string(rep.decisions) + " staff decisions (need " +
               std::to_string(opts.min_decisions) + "); thresholds kept";
    return rep;
  }
  if (rep.accepted == 0) {
    rep.note = "no accepted matches among the decisions; thresholds kept";
    return rep;
  }
  // Auto: scan decided scores from the top; the lowest score where the
  // precision of everything at or above it still meets the target, with no
  // higher score breaking it.
  std::sort(d.begin(), d.end(), [](const Decided& a, const Decided& b) { return a.score > b.score; });
  double auto_t = 1.0;
  int64_t above = 0, good = 0;
  bool reached = false;
  for (size_t i = 0; i < d.size(); ++i) {
    ++above;
    good += d[i].accepted;
    // Only cut between distinct scores.
    if (i + 1 < d.size() && d[i + 1].score == d[i].score) continue;
    double p = static_cast<double>(good) / above;
    if (p >= opts.target_precision) {
      auto_t = d[i].score;
      reached = true;
    } else {
      break;
    }
  }
  // Suggest: keep target_recall of the accepted matches.
  std::vector<double> acc_scores;
  for (const Decided& x : d) {
    if (x.accepted) acc_scores.push_back(x.score);
  }
  std::sort(acc_scores.begin(), acc_scores.end());
  size_t drop = static_cast<size_t>((1.0 - opts.target_recall) * acc_scores.size());
  double suggest_t = std::max(rep.current.suggest, acc_scores[std::min(drop, acc_scores.size() - 1)]);
  rep.proposed.autom = auto_t;
  rep.proposed.suggest = std::min(suggest_t, auto_t);
  rep.fitted = true;
  if (!reached) {
    rep.note = "no score reaches the target precision; auto matching is limited to perfect scores";
  }
  PrecisionRecall(d, rep.proposed.autom, rep.accepted, &rep.precision_proposed, &rep.recall_proposed);
  if (opts.apply) VOX_RETURN_IF_ERROR(SaveThresholds(store, rep.proposed));
  return rep;
}

}  // namespace vox::claims
