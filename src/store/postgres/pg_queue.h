// PostgreSQL's WorkQueue (store/work_queue.h): the table ingest_queue; a
// claim is a row lock taken with FOR UPDATE SKIP LOCKED in a transaction kept
// open on a connection of its own until Finish, so that it ends with the
// worker: a killed worker's connection closes, its transaction rolls back and
// the row is free and still queued.
#pragma once

#include <memory>
#include <string>

#include "store/work_queue.h"

namespace vox::store {

Result<std::unique_ptr<WorkQueue>> OpenPgWorkQueue(const std::string& uri, const Clock* clock);

}  // namespace vox::store
