// Inputs handed out to several `vox ingest --queue` workers through the
// store (docs/deployment.md "Work handed out through the database"). An
// input (a path or URL every worker can read) is added once; a worker claims
// the oldest one nobody holds and keeps it held while it ingests it; then it
// records the outcome. A worker that dies holding one lets go of it with its
// connection (nothing recorded), so the next worker ingests it again: items
// are upserted by (source, id), so what the dead worker committed is found
// unchanged and nothing is doubled or lost.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/status.h"

namespace vox::store {

struct QueuedInput {
  int64_t id = 0;
  std::string input;   // path or URL
  std::string format;  // empty: the worker's --format
  std::string source;  // empty: the worker's --source
  std::string state;   // queued, done, failed
  int64_t added_at = 0;
  int64_t finished_at = 0;
  int64_t added = 0, updated = 0, unchanged = 0, rejected = 0;  // what ingesting it did
  std::string error;   // why it failed
};

class WorkQueue {
 public:
  virtual ~WorkQueue() = default;
  // The queue of the store at `uri` (which must exist: `vox init`). A
  // PostgreSQL store only: Unsupported for a SQLite file (one writer; run
  // one `vox ingest`). `clock`: nullptr for DefaultClock().
  static Result<std::unique_ptr<WorkQueue>> Open(const std::string& uri, const Clock* clock);

  // Queues an input; returns its id.
  virtual Result<int64_t> Add(const std::string& input, const std::string& format, const std::string& source) = 0;
  // Takes the oldest queued input that no other worker holds, and holds it
  // until Finish (or this object's end: it is queued again). nullopt: none.
  virtual Result<std::optional<QueuedInput>> Claim() = 0;
  // Records the held input's outcome (done: state "done", else "failed" with
  // its error and counts) and lets go of it.
  virtual Status Finish(const QueuedInput& outcome) = 0;
  // Every input, oldest first; held ones are "queued" still.
  virtual Status ForEach(const std::function<bool(const QueuedInput&)>& fn) = 0;
};

}  // namespace vox::store
