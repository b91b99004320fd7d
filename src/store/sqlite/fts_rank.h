// The "voxrank" FTS5 auxiliary function: the search score of one matching row.
//
//   voxrank(items_fts, ?)   -- ? = EncodeRankPhrases(...) as a blob
//
// score = exact + rel / (1 + rel), where
//   exact = number of query words found in their exact accented form: the
//           union of the `exact_mask` bits of the phrases that hit the row;
//   rel   = Okapi BM25 (k1 1.2, b 0.75, title counted twice) with the IDF of
//           each phrase given by the caller.
// Why not FTS5's own bm25(): it computes every phrase's document frequency by
// reading the phrase's whole doclist on each query, which for a common word in
// a store of a million items costs 10-30 ms. The store estimates frequencies
// from a short sample instead and caches them (SqliteStore::PhraseIdf).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/voxrank.h"

namespace vox::store {


std::string EncodeRankPhrases(const std::vector<RankPhrase>& phrases);

// Row lengths (tokens) remembered by rowid. FTS5 keeps them in a table and
// reading one costs a B-tree lookup per ranked row, which was most of the
// cost of ranking 1,000 matches; a row's length changes only when its text
// does, and the store forgets the lengths of rows it rewrites (see
// SqliteStore::Search for rows other connections rewrite).
class DocLengths {
 public:
  int Get(int64_t rowid) const {
    return rowid >= 0 && static_cast<uint64_t>(rowid) < len_.size() ? len_[rowid] : 0;
  }
  void Put(int64_t rowid, int len);
  void Forget(int64_t rowid) {
    if (rowid >= 0 && static_cast<uint64_t>(rowid) < len_.size()) len_[rowid] = 0;
  }
  void ForgetFrom(int64_t rowid);
  void Clear() { len_.clear(); }

 private:
  std::vector<uint16_t> len_;  // 0: unknown; saturates at 65535
};

// Registers "voxrank" on this connection (needs FTS5). `lengths` (may be
// null) must outlive the connection.
Status RegisterVoxRank(sqlite3* db, DocLengths* lengths);


}  // namespace vox::store
