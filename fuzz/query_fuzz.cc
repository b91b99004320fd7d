// Fuzzes the search query compiler: any bytes must compile to an FTS5
// expression or a clean InvalidArgument, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "search/search.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view q(reinterpret_cast<const char*>(data), size);
  auto cq = vox::search::CompileQuery(q);
  if (cq.ok() && cq->fts_match.empty()) __builtin_trap();
  return 0;
}
