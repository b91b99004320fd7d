#include "store/work_queue.h"

#include "store/postgres/pg_queue.h"
#include "store/uri_internal.h"

namespace vox::store {

Result<std::unique_ptr<WorkQueue>> WorkQueue::Open(const std::string& uri, const Clock* clock) {
  if (internal::IsServerUri(uri)) return OpenPgWorkQueue(uri, clock);
  return Status::Unsupported(
      "the ingest queue needs a PostgreSQL store: a SQLite store has one writer, so run one `vox ingest` with "
      "every input instead");
}

}  // namespace vox::store
