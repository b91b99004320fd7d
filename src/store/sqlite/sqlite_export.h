// The SQLite store as a migration's source (store/migrate.h).
#pragma once

#include <memory>
#include <string>

#include "store/migrate.h"

namespace vox::store {

// Opens the store at `path` read-only; it must be at kSchemaVersion.
Result<std::unique_ptr<TableSource>> OpenSqliteTableSource(const std::string& path);

}  // namespace vox::store
