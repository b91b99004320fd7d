#include "store/sqlite/fts_rank.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "store/sqlite/fts_tokenizer.h"

namespace vox::store {
namespace {

constexpr int kMaxPhrases = 256;

// Average row length in tokens, computed once per query (FTS5 auxdata lives
// as long as the statement's current MATCH).
double AverageLength(const Fts5ExtensionApi* api, Fts5Context* fts) {
  if (auto* avg = static_cast<double*>(api->xGetAuxdata(fts, 0))) return *avg;
  sqlite3_int64 rows = 0, total = 0;
  api->xRowCount(fts, &rows);
  api->xColumnTotalSize(fts, -1, &total);
  auto* avg = new double(rows > 0 && total > 0 ? static_cast<double>(total) / rows : 1.0);
  if (api->xSetAuxdata(fts, avg, [](void* p) { delete static_cast<double*>(p); }) != SQLITE_OK) {
    return 1.0;  // xSetAuxdata freed it
  }
  return *avg;
}

void VoxRank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int nval,
             sqlite3_value** vals) {
  const int np = std::min(api->xPhraseCount(fts), kMaxPhrases);
  const unsigned char* blob = nullptr;
  int given = 0;
  if (nval >= 1 && sqlite3_value_type(vals[0]) == SQLITE_BLOB) {
    blob = static_cast<const unsigned char*>(sqlite3_value_blob(vals[0]));
    given = sqlite3_value_bytes(vals[0]) / static_cast<int>(sizeof(RankPhrase));
  }
  double tf[kMaxPhrases] = {};
  int ninst = 0;
  if (api->xInstCount(fts, &ninst) != SQLITE_OK) {
    sqlite3_result_error(ctx, "voxrank: cannot read phrase instances", -1);
    return;
  }
  for (int i = 0; i < ninst; ++i) {
    int phrase = 0, col = 0, off = 0;
    if (api->xInst(fts, i, &phrase, &col, &off) != SQLITE_OK) continue;
    if (phrase < np) tf[phrase] += col >= 0 && col < 2 ? kRankColumnWeight[col] : 1.0;
  }
  auto* lengths = static_cast<DocLengths*>(api->xUserData(fts));
  const int64_t rowid = api->xRowid(fts);
  int len = lengths ? lengths->Get(rowid) : 0;
  if (len == 0) {
    api->xColumnSize(fts, -1, &len);
    len = std::min(len, kRankMaxLength);  // as remembered, so a row scores the same every time
    if (lengths) lengths->Put(rowid, len);
  }
  RankPhrase given_phrases[kMaxPhrases];
  for (int p = 0; p < np; ++p) {
    given_phrases[p].idf = 1.0;
    // Blobs are unaligned: copied out.
    if (p < given) std::memcpy(&given_phrases[p], blob + p * sizeof(RankPhrase), sizeof(RankPhrase));
  }
  sqlite3_result_double(ctx, VoxScore(tf, given_phrases, np, len, AverageLength(api, fts)));
}

}  // namespace

std::string EncodeRankPhrases(const std::vector<RankPhrase>& phrases) {
  std::string out(phrases.size() * sizeof(RankPhrase), '\0');
  if (!phrases.empty()) std::memcpy(out.data(), phrases.data(), out.size());
  return out;
}

void DocLengths::Put(int64_t rowid, int len) {
  constexpr int64_t kMaxRowid = int64_t{1} << 26;  // 128 MB of lengths at most
  if (rowid < 0 || rowid >= kMaxRowid || len <= 0) return;
  if (static_cast<uint64_t>(rowid) >= len_.size()) len_.resize(static_cast<size_t>(rowid) + rowid / 2 + 1024, 0);
  len_[rowid] = static_cast<uint16_t>(std::min(len, 65535));
}

void DocLengths::ForgetFrom(int64_t rowid) {
  if (rowid >= 0 && static_cast<uint64_t>(rowid) < len_.size()) len_.resize(static_cast<size_t>(rowid));
}

Status RegisterVoxRank(sqlite3* db, DocLengths* lengths) {
  fts5_api* api = GetFts5Api(db);
  if (api == nullptr) return Status::Unsupported("this SQLite has no FTS5");
  if (api->xCreateFunction(api, "voxrank", lengths, VoxRank, nullptr) != SQLITE_OK) {
    return Status::Internal("cannot register the voxrank FTS5 function");
  }
  return Status::Ok();
}

}  // namespace vox::store
