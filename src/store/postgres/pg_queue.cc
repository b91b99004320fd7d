#include "store/postgres/pg_queue.h"

#include "store/postgres/pg_conn.h"
#include "store/postgres/pg_store.h"

namespace vox::store {

using pg::Params;

namespace {

class PgWorkQueue final : public WorkQueue {
 public:
  PgWorkQueue(std::unique_ptr<pg::Conn> conn, const Clock* clock) : conn_(std::move(conn)), clock_(clock) {}
  ~PgWorkQueue() override {
    if (held_) conn_->Exec("ROLLBACK").PermitUncheckedError();
  }

  Result<int64_t> Add(const std::string& input, const std::string& format, const std::string& source) override {
    auto r = conn_->Run("INSERT INTO ingest_queue(input, format, source, added_at) VALUES($1, $2, $3, $4) RETURNING id",
                        Params().add(input).add(format).add(source).add(clock_->Now()));
    if (!r.ok()) return r.status();
    return r->i64(0, 0);
  }

  Result<std::optional<QueuedInput>> Claim() override {
    if (held_) return Status::Internal("a queued input is already held");
    VOX_RETURN_IF_ERROR(conn_->Exec("BEGIN"));
    auto r = conn_->Run(
        "SELECT id, input, format, source, added_at FROM ingest_queue WHERE state = 'queued'"
        " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED");
    if (!r.ok()) {
      conn_->Exec("ROLLBACK").PermitUncheckedError();
      return r.status();
    }
    std::optional<QueuedInput> out;
    if (!r->size()) {
      VOX_RETURN_IF_ERROR(conn_->Exec("ROLLBACK"));
      return out;
    }
    QueuedInput q;
    q.id = r->i64(0, 0);
    q.input = r->str(0, 1);
    q.format = r->str(0, 2);
    q.source = r->str(0, 3);
    q.state = "queued";
    q.added_at = r->i64(0, 4);
    held_ = true;
    out = std::move(q);
    return out;
  }

  Status Finish(const QueuedInput& o) override {
    if (!held_) return Status::Internal("no queued input is held");
    auto r = conn_->Run(
        "UPDATE ingest_queue SET state = $2, finished_at = $3, added = $4, updated = $5, unchanged = $6,"
        " rejected = $7, error = $8 WHERE id = $1",
        Params().add(o.id).add(o.state == "done" ? "done" : "failed").add(clock_->Now()).add(o.added)
            .add(o.updated).add(o.unchanged).add(o.rejected).add(o.error));
    Status st = r.ok() ? conn_->Exec("COMMIT") : r.status();
    if (!st.ok()) conn_->Exec("ROLLBACK").PermitUncheckedError();
    held_ = false;
    return st;
  }

  Status ForEach(const std::function<bool(const QueuedInput&)>& fn) override {
    auto r = conn_->Run(
        "SELECT id, input, format, source, state, added_at, finished_at, added, updated, unchanged, rejected, error"
        " FROM ingest_queue ORDER BY id");
    if (!r.ok()) return r.status();
    for (int i = 0; i < r->size(); ++i) {
      QueuedInput q;
      q.id = r->i64(i, 0);
      q.input = r->str(i, 1);
      q.format = r->str(i, 2);
      q.source = r->str(i, 3);
      q.state = r->str(i, 4);
      q.added_at = r->i64(i, 5);
      q.finished_at = r->i64(i, 6);
      q.added = r->i64(i, 7);
      q.updated = r->i64(i, 8);
      q.unchanged = r->i64(i, 9);
      q.rejected = r->i64(i, 10);
      q.error = r->str(i, 11);
      if (!fn(q)) break;
    }
    return Status::Ok();
  }

 private:
  std::unique_ptr<pg::Conn> conn_;
  const Clock* clock_;
  bool held_ = false;
};

}  // namespace

Result<std::unique_ptr<WorkQueue>> OpenPgWorkQueue(const std::string& uri, const Clock* clock) {
  auto conn = pg::Conn::Connect(uri);
  if (!conn.ok()) return conn.status();
  bool exists = false;
  auto v = PgStore::StoredVersion(**conn, &exists);
  if (!v.ok()) return v.status();
  if (!exists) return Status::NotFound("no store at " + (*conn)->Where() + " (run `vox init` first, or pass --db)");
  if (*v != kSchemaVersion) {
    return Status::Corruption("store " + (*conn)->Where() + " has schema version " + std::to_string(*v) +
                              ", this vox uses " + std::to_string(kSchemaVersion) + ": run `vox init` first");
  }
  return std::unique_ptr<WorkQueue>(
      new PgWorkQueue(std::move(conn).value(), clock != nullptr ? clock : &DefaultClock()));
}

}  // namespace vox::store
