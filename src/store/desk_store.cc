#include "store/desk_store.h"

#include "store/postgres/pg_desk.h"
#include "store/sqlite/sqlite_desk.h"
#include "store/uri_internal.h"

namespace vox::store {

// As Store::Open: the same --db value names the same store.
Result<std::unique_ptr<DeskStore>> DeskStore::Open(const std::string& uri, const OpenOptions& opts) {
  if (internal::IsServerUri(uri)) return PgDeskStore::Open(uri, opts);
  const std::string path = internal::FilePath(uri);
  if (path.empty()) return Status::InvalidArgument("empty --db path");
  return SqliteDeskStore::Open(path, opts);
}

}  // namespace vox::store
