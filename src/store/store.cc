#include "store/store.h"

#include "store/sqlite/sqlite_store.h"

namespace vox::store {

Result<std::unique_ptr<Store>> Store::Open(const std::string& uri, const OpenOptions& opts) {
  if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0) {
    return Status::Unsupported("PostgreSQL stores are not available in this version of vox; use a SQLite path");
  }
  std::string path = uri.rfind("sqlite:", 0) == 0 ? uri.substr(7) : uri;
  if (path.empty()) return Status::InvalidArgument("empty --db path");
  return SqliteStore::Open(path, opts);
}

}  // namespace vox::store
