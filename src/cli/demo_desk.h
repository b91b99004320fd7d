// The demo workspace's desk (units, staff, a month of cases, reports).
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "store/store.h"

namespace vox::cli {

// Seeds the desk of the demo store at `db` (already ingested) unless it has
// cases already. Deterministic for a seed.
Status SeedDemoDesk(store::Store& st, const std::string& db, uint64_t seed);

}  // namespace vox::cli
