// Fuzzes the search query compiler: any bytes must compile to a query tree
// that the SQLite backend renders as an FTS5 expression, or to a clean
// InvalidArgument / LimitExceeded, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "search/search.h"
#include "store/sqlite/fts_query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view q(reinterpret_cast<const char*>(data), size);
  auto cq = vox::search::CompileQuery(q);
  if (!cq.ok()) return 0;
  auto fts = vox::store::RenderFts5(cq->tree);
  // A compiled query always has a phrase to match, and every phrase is listed.
  if (!fts.ok() || fts->match.empty() || fts->phrases.empty()) __builtin_trap();
  return 0;
}
