// The search score of one matching row, the same for every backend (SQLite
// computes it in its FTS5 function "voxrank", PostgreSQL in the store from
// the rows its index returns):
//
// score = exact + rel / (1 + rel), where
//   exact = number of query words found in their exact accented form: the
//           union of the `exact_mask` bits of the phrases that hit the row;
//   rel   = Okapi BM25 (k1 1.2, b 0.75, title counted twice) with the IDF of
//           each phrase given by the caller.
// A row's length is its number of index positions (index_terms.h) in title
// and text together, capped at 65535.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

namespace vox::store {

inline constexpr double kRankK1 = 1.2;
inline constexpr double kRankB = 0.75;
inline constexpr double kRankColumnWeight[2] = {2.0, 1.0};  // title, text
inline constexpr int kRankMaxLength = 65535;

struct RankPhrase {
  double idf = 0;          // inverse document frequency of the phrase
  uint64_t exact_mask = 0; // query words this phrase carries in exact form
};

// tf[p]: phrase p's instances in the row, each weighted by its column.
inline double VoxScore(const double* tf, const RankPhrase* phrases, int n, int len, double avg_len) {
  const double norm = kRankK1 * (1.0 - kRankB + kRankB * len / avg_len);
  double rel = 0;
  uint64_t exact = 0;
  for (int p = 0; p < n; ++p) {
    if (tf[p] == 0) continue;
    rel += phrases[p].idf * tf[p] * (kRankK1 + 1.0) / (tf[p] + norm);
    exact |= phrases[p].exact_mask;
  }
  return std::popcount(exact) + rel / (1.0 + rel);
}

// BM25 inverse document frequency, as FTS5 computes it (never <= 0).
inline double Bm25Idf(double rows, double docs) {
  double idf = std::log((rows - docs + 0.5) / (docs + 0.5));
  return idf > 1e-6 ? idf : 1e-6;
}

}  // namespace vox::store
