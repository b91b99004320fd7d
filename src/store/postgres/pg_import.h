// The PostgreSQL store as a migration's target (store/migrate.h).
#pragma once

#include <memory>
#include <string>

#include "store/migrate.h"

namespace vox::store {

// Connects to `uri` and creates the store there, or brings it to
// kSchemaVersion.
Result<std::unique_ptr<TableSink>> OpenPgTableSink(const std::string& uri);

}  // namespace vox::store
