// SQLite backend of the DeskStore (see sqlite_desk.h; the tables are
// migration 6 -> 7 in sqlite_store.cc, which explains their indexes).
//
// Every statement runs through a Query, which resets it when it goes out of
// scope: a cached statement left stepped keeps its read transaction open,
// and a long-lived server connection would then go on reading the snapshot
// it pinned (and keep the WAL from being checkpointed).
#include "store/sqlite/sqlite_desk.h"
#include "store/sqlite/mem_budget.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace vox::store {

class SqliteDeskStore::Query {
 public:
  Query(sqlite3_stmt* s, bool owned) : s_(s), owned_(owned) {}
  Query(Query&& o) noexcept : s_(std::exchange(o.s_, nullptr)), owned_(o.owned_), n_(o.n_) {}
  Query& operator=(Query&& o) noexcept {
    if (this != &o) {
      Release();
      s_ = std::exchange(o.s_, nullptr);
      owned_ = o.owned_;
      n_ = o.n_;
    }
    return *this;
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() { Release(); }

  bool ok() const { return s_ != nullptr; }
  sqlite3_stmt* get() const { return s_; }
  // Binds the next parameter (?1, ?2, ... in the order of the calls).
  Query& Bind(int64_t v) {
    sqlite3_bind_int64(s_, ++n_, v);
    return *this;
  }
  Query& Bind(const std::string& v) {
    sqlite3_bind_text(s_, ++n_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  int Step() { return sqlite3_step(s_); }
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  int Int32(int col) const { return sqlite3_column_int(s_, col); }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(s_, col);
    return t != nullptr ? std::string(reinterpret_cast<const char*>(t),
                                      static_cast<size_t>(sqlite3_column_bytes(s_, col)))
                        : std::string();
  }

 private:
  void Release() {
    if (s_ == nullptr) return;
    if (owned_) {
      sqlite3_finalize(s_);
    } else {
      sqlite3_reset(s_);
      sqlite3_clear_bindings(s_);
    }
    s_ = nullptr;
  }
  sqlite3_stmt* s_;
  bool owned_;
  int n_ = 0;
};

namespace {
using Param = std::variant<int64_t, std::string>;
}  // namespace

// A statement's text with the values to bind, in order (lists are built
// from their filters).
struct SqliteDeskStore::Statement {
  std::string sql;
  std::vector<Param> params;
};

namespace {

// States in which a case is done with (no longer overdue). The text must stay
// the same as the WHERE of the index cases_open_due (migration 6 -> 7).
constexpr char kOpenDue[] =
    "due_at > 0 AND state NOT IN ('answered', 'published', 'closed', 'duplicate', 'not_responsible', 'referred')";

constexpr char kUserColumns[] =
    "SELECT id, name, role, password_hash, unit_id, disabled, created_at, failed_logins, locked_until FROM users";

constexpr char kCaseColumns[] =
    "SELECT id, version, kind, state, title, description, origin, origin_ref, category, place, unit_id, "
    "assignee_id, due_at, duplicate_of, responsible_body, internal_answer, public_answer, answer_approved_by, "
    "contact_sealed, created_by, created_at, updated_at, first_response_at, answered_at, closed_at FROM cases";

constexpr char kTokenColumns[] =
    "SELECT id, name, token_hash, role, created_by, created_at, last_used, revoked FROM api_tokens";
constexpr char kUnitColumns[] = "SELECT id, name, kind, created_at FROM units";
constexpr char kReportColumns[] =
    "SELECT id, created_by, created_at, text, link, place, concern, case_id FROM reports";
constexpr char kAuditColumns[] =
    "SELECT seq, at, actor, action, target, before, after, prev_hash, hash FROM audit";

// Readers of one row each, in the column order of the k*Columns above.

User ReadUser(const SqliteDeskStore::Query& q) {
  User u;
  u.id = q.Int(0);
  u.name = q.Text(1);
  u.role = q.Text(2);
  u.password_hash = q.Text(3);
  u.unit_id = q.Int(4);
  u.disabled = q.Int(5) != 0;
  u.created_at = q.Int(6);
  u.failed_logins = q.Int32(7);
  u.locked_until = q.Int(8);
  return u;
}

ApiToken ReadToken(const SqliteDeskStore::Query& q) {
  ApiToken t;
  t.id = q.Int(0);
  t.name = q.Text(1);
  t.token_hash = q.Text(2);
  t.role = q.Text(3);
  t.created_by = q.Int(4);
  t.created_at = q.Int(5);
  t.last_used = q.Int(6);
  t.revoked = q.Int(7) != 0;
  return t;
}

Unit ReadUnit(const SqliteDeskStore::Query& q) {
  Unit u;
  u.id = q.Int(0);
  u.name = q.Text(1);
  u.kind = q.Text(2);
  u.created_at = q.Int(3);
  return u;
}

Case ReadCase(const SqliteDeskStore::Query& q) {
  Case c;
  c.id = q.Int(0);
  c.version = q.Int(1);
  c.kind = q.Text(2);
  c.state = q.Text(3);
  c.title = q.Text(4);
  c.description = q.Text(5);
  c.origin = q.Text(6);
  c.origin_ref = q.Text(7);
  c.category = q.Text(8);
  c.place = q.Text(9);
  c.unit_id = q.Int(10);
  c.assignee_id = q.Int(11);
  c.due_at = q.Int(12);
  c.duplicate_of = q.Int(13);
  c.responsible_body = q.Text(14);
  c.internal_answer = q.Text(15);
  c.public_answer = q.Text(16);
  c.answer_approved_by = q.Int(17);
  c.contact_sealed = q.Text(18);
  c.created_by = q.Int(19);
  c.created_at = q.Int(20);
  c.updated_at = q.Int(21);
  c.first_response_at = q.Int(22);
  c.answered_at = q.Int(23);
  c.closed_at = q.Int(24);
  return c;
}

// Binds every field of c but id and version, in the order of kCaseColumns.
void BindCaseFields(SqliteDeskStore::Query& q, const Case& c) {
  q.Bind(c.kind).Bind(c.state).Bind(c.title).Bind(c.description).Bind(c.origin).Bind(c.origin_ref);
  q.Bind(c.category).Bind(c.place).Bind(c.unit_id).Bind(c.assignee_id).Bind(c.due_at).Bind(c.duplicate_of);
  q.Bind(c.responsible_body).Bind(c.internal_answer).Bind(c.public_answer).Bind(c.answer_approved_by);
  q.Bind(c.contact_sealed).Bind(c.created_by).Bind(c.created_at).Bind(c.updated_at).Bind(c.first_response_at);
  q.Bind(c.answered_at).Bind(c.closed_at);
}

Report ReadReport(const SqliteDeskStore::Query& q) {
  Report r;
  r.id = q.Int(0);
  r.created_by = q.Int(1);
  r.created_at = q.Int(2);
  r.text = q.Text(3);
  r.link = q.Text(4);
  r.place = q.Text(5);
  r.concern = q.Text(6);
  r.case_id = q.Int(7);
  return r;
}

AuditEntry ReadAudit(const SqliteDeskStore::Query& q) {
  AuditEntry e;
  e.seq = q.Int(0);
  e.at = q.Int(1);
  e.actor = q.Text(2);
  e.action = q.Text(3);
  e.target = q.Text(4);
  e.before = q.Text(5);
  e.after = q.Text(6);
  e.prev_hash = q.Text(7);
  e.hash = q.Text(8);
  return e;
}

constexpr char kSendColumns[] =
    "SELECT id, case_id, channel, target_sealed, text, idempotency_key, state, attempts, attempt_key, next_at, "
    "platform_id, error, created_at, updated_at, sent_at FROM outbox";

OutboxSend ReadSend(const SqliteDeskStore::Query& q) {
  OutboxSend s;
  s.id = q.Int(0);
  s.case_id = q.Int(1);
  s.channel = q.Text(2);
  s.target_sealed = q.Text(3);
  s.text = q.Text(4);
  s.idempotency_key = q.Text(5);
  s.state = q.Text(6);
  s.attempts = q.Int32(7);
  s.attempt_key = q.Text(8);
  s.next_at = q.Int(9);
  s.platform_id = q.Text(10);
  s.error = q.Text(11);
  s.created_at = q.Int(12);
  s.updated_at = q.Int(13);
  s.sent_at = q.Int(14);
  return s;
}

void BindAll(SqliteDeskStore::Query& q, const std::vector<Param>& params) {
  for (const Param& p : params) {
    if (std::holds_alternative<int64_t>(p)) {
      q.Bind(std::get<int64_t>(p));
    } else {
      q.Bind(std::get<std::string>(p));
    }
  }
}

}  // namespace

// ---- Opening, statements, transactions.

SqliteDeskStore::~SqliteDeskStore() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Status SqliteDeskStore::Error(const std::string& what) const {
  return Status::IoError(what + ": " + (db_ != nullptr ? sqlite3_errmsg(db_) : "no database") + " (" + path_ + ")");
}

Status SqliteDeskStore::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err != nullptr ? err : "unknown error";
    sqlite3_free(err);
    return Status::IoError("SQLite: " + msg + " (" + path_ + ")");
  }
  return Status::Ok();
}

Status SqliteDeskStore::Writable() const {
  if (!read_only_) return Status::Ok();
  return Status::Unsupported("the desk store " + path_ + " was opened read-only: it takes no writes");
}

Status SqliteDeskStore::WriteError(const std::string& what, const std::string& name,
                                   const std::string& parent) const {
  const int rc = sqlite3_extended_errcode(db_);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Status::Conflict(name + " is already taken");
  }
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return Status::NotFound(parent + " does not exist");
  return Error(what);
}

SqliteDeskStore::Query SqliteDeskStore::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Query(it->second, false);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                         nullptr) != SQLITE_OK) {
    return Query(nullptr, false);
  }
  cache_.emplace(sql, stmt);
  return Query(stmt, false);
}

SqliteDeskStore::Query SqliteDeskStore::PrepareFresh(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Query(nullptr, true);
  }
  return Query(stmt, true);
}

Result<std::unique_ptr<DeskStore>> SqliteDeskStore::Open(const std::string& path, const OpenOptions& opts) {
  struct stat sb;
  if (stat(path.c_str(), &sb) != 0) {
    return Status::NotFound("no store at " + path + " (run `vox init` first, or pass --db)");
  }
  InstallMemoryBudget();  // before the process's first connection (mem_budget.h)
  auto store = std::unique_ptr<SqliteDeskStore>(new SqliteDeskStore());
  store->path_ = path;
  store->read_only_ = opts.read_only;
  store->clock_ = opts.clock != nullptr ? opts.clock : &DefaultClock();
  // Never SQLITE_OPEN_CREATE: the store is `vox init`'s to make.
  const int flags = (opts.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &store->db_, flags, nullptr) != SQLITE_OK) {
    return store->Error("cannot open store");
  }
  sqlite3_busy_timeout(store->db_, 10000);
  sqlite3_extended_result_codes(store->db_, 1);
  // The desk's tables are small next to the items: the smaller page cache of
  // SqliteStore's read-only handles is enough for either kind.
  if (opts.read_only) {
    VOX_RETURN_IF_ERROR(store->Exec("PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8192;"
                                    "PRAGMA mmap_size=268435456;"));
  } else {
    VOX_RETURN_IF_ERROR(store->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                                    "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8192; PRAGMA mmap_size=268435456;"));
  }
  // The desk neither creates nor migrates: a store without its tables (or
  // without a meta table at all) is sent to `vox init`.
  int version = 0;
  {
    Query q = store->Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
    if (q.ok() && q.Step() == SQLITE_ROW) version = std::atoi(q.Text(0).c_str());
  }
  if (version < kSchemaVersion) {
    return Status::Corruption("store " + path + " has schema version " + std::to_string(version) +
                              ", the desk needs " + std::to_string(kSchemaVersion) +
                              ": run `vox init` to migrate it first");
  }
  if (version > kSchemaVersion) {
    return Status::Corruption("store " + path + " has schema version " + std::to_string(version) +
                              ", newer than this vox understands (" + std::to_string(kSchemaVersion) +
                              "); upgrade vox");
  }
  return std::unique_ptr<DeskStore>(std::move(store));
}

Status SqliteDeskStore::Begin() {
  // A read-only handle takes a read transaction: one snapshot for several reads.
  if (read_only_) return Exec("BEGIN");
  // Desk writes come from people waiting on a page: an ingest batch holding
  // the write lock is waited for three busy timeouts (30 s), not the ten
  // minutes a second ingest waits in SqliteStore::Begin.
  for (int attempt = 0;; ++attempt) {
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK) return Status::Ok();
    const int rc = sqlite3_extended_errcode(db_) & 0xff;
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) return Error("starting a transaction");
    if (attempt == 2) {
      return Status::IoError("another process has been writing to " + path_ +
                             " for 30 seconds; try again when it has finished");
    }
  }
}

Status SqliteDeskStore::Commit() {
  // As SqliteStore::Commit: a commit that meets a busy lock is retried, never lost.
  for (int attempt = 0;; ++attempt) {
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) return Status::Ok();
    const int rc = sqlite3_extended_errcode(db_) & 0xff;
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt == 20) return Error("commit");
    sqlite3_sleep(100);
  }
}

Status SqliteDeskStore::Rollback() { return Exec("ROLLBACK"); }

// ---- Users.

Result<int64_t> SqliteDeskStore::InsertUser(const User& u) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare(
      "INSERT INTO users(name, role, password_hash, unit_id, disabled, created_at, failed_logins, locked_until) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!q.ok()) return Error("preparing user insert");
  q.Bind(u.name).Bind(u.role).Bind(u.password_hash).Bind(u.unit_id).Bind(int64_t{u.disabled});
  q.Bind(u.created_at).Bind(int64_t{u.failed_logins}).Bind(u.locked_until);
  if (q.Step() != SQLITE_DONE) return WriteError("adding user " + u.name, "the user name '" + u.name + "'", "");
  return sqlite3_last_insert_rowid(db_);
}

Status SqliteDeskStore::UpdateUser(const User& u) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare(
      "UPDATE users SET name=?2, role=?3, password_hash=?4, unit_id=?5, disabled=?6, created_at=?7, "
      "failed_logins=?8, locked_until=?9 WHERE id=?1");
  if (!q.ok()) return Error("preparing user update");
  q.Bind(u.id).Bind(u.name).Bind(u.role).Bind(u.password_hash).Bind(u.unit_id).Bind(int64_t{u.disabled});
  q.Bind(u.created_at).Bind(int64_t{u.failed_logins}).Bind(u.locked_until);
  if (q.Step() != SQLITE_DONE) return WriteError("updating user " + u.name, "the user name '" + u.name + "'", "");
  if (sqlite3_changes(db_) == 0) return Status::NotFound("no user " + std::to_string(u.id));
  return Status::Ok();
}

Result<std::optional<User>> SqliteDeskStore::GetUser(int64_t id) {
  Query q = Prepare(std::string(kUserColumns) + " WHERE id = ?1");
  if (!q.ok()) return Error("preparing user read");
  q.Bind(id);
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<User>(ReadUser(q));
  if (rc != SQLITE_DONE) return Error("reading user " + std::to_string(id));
  return std::optional<User>();
}

Result<std::optional<User>> SqliteDeskStore::FindUser(const std::string& name) {
  Query q = Prepare(std::string(kUserColumns) + " WHERE name = ?1");
  if (!q.ok()) return Error("preparing user read");
  q.Bind(name);
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<User>(ReadUser(q));
  if (rc != SQLITE_DONE) return Error("reading user " + name);
  return std::optional<User>();
}

Status SqliteDeskStore::ForEachUser(const std::function<bool(const User&)>& fn) {
  Query q = PrepareFresh(std::string(kUserColumns) + " ORDER BY id");
  if (!q.ok()) return Error("preparing user list");
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    if (!fn(ReadUser(q))) return Status::Ok();
  }
  return rc == SQLITE_DONE ? Status::Ok() : Error("listing users");
}

Result<int64_t> SqliteDeskStore::CountUsers() {
  Query q = Prepare("SELECT count(*) FROM users");
  if (!q.ok() || q.Step() != SQLITE_ROW) return Error("counting users");
  return q.Int(0);
}

// ---- Sessions.

Status SqliteDeskStore::PutSession(const Session& s) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare(
      "INSERT INTO sessions(token_hash, user_id, csrf, created_at, last_seen) VALUES(?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT(token_hash) DO UPDATE SET user_id=excluded.user_id, csrf=excluded.csrf, "
      "created_at=excluded.created_at, last_seen=excluded.last_seen");
  if (!q.ok()) return Error("preparing session write");
  q.Bind(s.token_hash).Bind(s.user_id).Bind(s.csrf).Bind(s.created_at).Bind(s.last_seen);
  if (q.Step() != SQLITE_DONE) {
    return WriteError("writing a session", "the session", "user " + std::to_string(s.user_id));
  }
  return Status::Ok();
}

Result<std::optional<Session>> SqliteDeskStore::GetSession(const std::string& token_hash) {
  Query q = Prepare("SELECT token_hash, user_id, csrf, created_at, last_seen FROM sessions WHERE token_hash = ?1");
  if (!q.ok()) return Error("preparing session read");
  q.Bind(token_hash);
  const int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<Session>();
  if (rc != SQLITE_ROW) return Error("reading a session");
  Session s;
  s.token_hash = q.Text(0);
  s.user_id = q.Int(1);
  s.csrf = q.Text(2);
  s.created_at = q.Int(3);
  s.last_seen = q.Int(4);
  return std::optional<Session>(std::move(s));
}

// Touching or deleting a session that is already gone (purged by another
// request a moment before) is not an error: the outcome is the same.
Status SqliteDeskStore::TouchSession(const std::string& token_hash, int64_t last_seen) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare("UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1");
  if (!q.ok()) return Error("preparing session touch");
  q.Bind(token_hash).Bind(last_seen);
  return q.Step() == SQLITE_DONE ? Status::Ok() : Error("touching a session");
}

Status SqliteDeskStore::DeleteSession(const std::string& token_hash) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare("DELETE FROM sessions WHERE token_hash = ?1");
  if (!q.ok()) return Error("preparing session delete");
  q.Bind(token_hash);
  return q.Step() == SQLITE_DONE ? Status::Ok() : Error("deleting a session");
}

Status SqliteDeskStore::DeleteSessionsOf(int64_t user_id) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare("DELETE FROM sessions WHERE user_id = ?1");
  if (!q.ok()) return Error("preparing session delete");
  q.Bind(user_id);
  return q.Step() == SQLITE_DONE ? Status::Ok() : Error("deleting the sessions of user " + std::to_string(user_id));
}

Status SqliteDeskStore::DeleteSessionsIdleSince(int64_t before) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare("DELETE FROM sessions WHERE last_seen < ?1");
  if (!q.ok()) return Error("preparing session purge");
  q.Bind(before);
  return q.Step() == SQLITE_DONE ? Status::Ok() : Error("deleting idle sessions");
}

// ---- API tokens.

Result<int64_t> SqliteDeskStore::InsertToken(const ApiToken& t) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare(
      "INSERT INTO api_tokens(name, token_hash, role, created_by, created_at, last_used, revoked) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!q.ok()) return Error("preparing token insert");
  q.Bind(t.name).Bind(t.token_hash).Bind(t.role).Bind(t.created_by).Bind(t.created_at).Bind(t.last_used);
  q.Bind(int64_t{t.revoked});
  if (q.Step() == SQLITE_DONE) return sqlite3_last_insert_rowid(db_);
  // Two constraints can refuse the row: the live name, or (a token drawn
  // twice, which a random token never is) the hash.
  const bool hash = std::string(sqlite3_errmsg(db_)).find("token_hash") != std::string::npos;
  return WriteError("adding token " + t.name, hash ? "the token's hash" : "the token name '" + t.name + "'", "");
}

Result<std::optional<ApiToken>> SqliteDeskStore::FindToken(const std::string& token_hash) {
  Query q = Prepare(std::string(kTokenColumns) + " WHERE token_hash = ?1");
  if (!q.ok()) return Error("preparing token read");
  q.Bind(token_hash);
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<ApiToken>(ReadToken(q));
  if (rc != SQLITE_DONE) return Error("reading a token");
  return std::optional<ApiToken>();
}

Status SqliteDeskStore::TouchToken(int64_t id, int64_t last_used) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare("UPDATE api_tokens SET last_used = ?2 WHERE id = ?1");
  if (!q.ok()) return Error("preparing token touch");
  q.Bind(id).Bind(last_used);
  return q.Step() == SQLITE_DONE ? Status::Ok() : Error("touching token " + std::to_string(id));
}

Status SqliteDeskStore::RevokeToken(int64_t id) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare("UPDATE api_tokens SET revoked = 1 WHERE id = ?1");
  if (!q.ok()) return Error("preparing token revoke");
  q.Bind(id);
  if (q.Step() != SQLITE_DONE) return Error("revoking token " + std::to_string(id));
  if (sqlite3_changes(db_) == 0) return Status::NotFound("no API token " + std::to_string(id));
  return Status::Ok();
}

Status SqliteDeskStore::ForEachToken(const std::function<bool(const ApiToken&)>& fn) {
  Query q = PrepareFresh(std::string(kTokenColumns) + " ORDER BY id");
  if (!q.ok()) return Error("preparing token list");
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    if (!fn(ReadToken(q))) return Status::Ok();
  }
  return rc == SQLITE_DONE ? Status::Ok() : Error("listing tokens");
}

// ---- Login throttling.

Result<int> SqliteDeskStore::RecordLoginFailure(const std::string& address, int64_t at, int64_t window_start) {
  VOX_RETURN_IF_ERROR(Writable());
  {
    // Failures before the window count for nobody: forgetting them (for
    // every address) keeps the table as small as one window's failures,
    // however many addresses an attacker tries from.
    Query q = Prepare("DELETE FROM login_failures WHERE at < ?1");
    if (!q.ok()) return Error("preparing login failure purge");
    q.Bind(window_start);
    if (q.Step() != SQLITE_DONE) return Error("forgetting old login failures");
  }
  {
    Query q = Prepare("INSERT INTO login_failures(address, at) VALUES(?1, ?2)");
    if (!q.ok()) return Error("preparing login failure insert");
    q.Bind(address).Bind(at);
    if (q.Step() != SQLITE_DONE) return Error("recording a login failure");
  }
  return LoginFailuresSince(address, window_start);
}

Result<int> SqliteDeskStore::LoginFailuresSince(const std::string& address, int64_t window_start) {
  Query q = Prepare("SELECT count(*) FROM login_failures WHERE address = ?1 AND at >= ?2");
  if (!q.ok()) return Error("preparing login failure count");
  q.Bind(address).Bind(window_start);
  if (q.Step() != SQLITE_ROW) return Error("counting login failures");
  return q.Int32(0);
}

Status SqliteDeskStore::ClearLoginFailures(const std::string& address) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare("DELETE FROM login_failures WHERE address = ?1");
  if (!q.ok()) return Error("preparing login failure delete");
  q.Bind(address);
  return q.Step() == SQLITE_DONE ? Status::Ok() : Error("clearing login failures");
}

// ---- Units.

Result<int64_t> SqliteDeskStore::InsertUnit(const Unit& u) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare("INSERT INTO units(name, kind, created_at) VALUES(?1, ?2, ?3)");
  if (!q.ok()) return Error("preparing unit insert");
  q.Bind(u.name).Bind(u.kind).Bind(u.created_at);
  if (q.Step() != SQLITE_DONE) return WriteError("adding unit " + u.name, "the unit name '" + u.name + "'", "");
  return sqlite3_last_insert_rowid(db_);
}

Result<std::optional<Unit>> SqliteDeskStore::GetUnit(int64_t id) {
  Query q = Prepare(std::string(kUnitColumns) + " WHERE id = ?1");
  if (!q.ok()) return Error("preparing unit read");
  q.Bind(id);
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<Unit>(ReadUnit(q));
  if (rc != SQLITE_DONE) return Error("reading unit " + std::to_string(id));
  return std::optional<Unit>();
}

Result<std::optional<Unit>> SqliteDeskStore::FindUnit(const std::string& name) {
  Query q = Prepare(std::string(kUnitColumns) + " WHERE name = ?1");
  if (!q.ok()) return Error("preparing unit read");
  q.Bind(name);
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<Unit>(ReadUnit(q));
  if (rc != SQLITE_DONE) return Error("reading unit " + name);
  return std::optional<Unit>();
}

Status SqliteDeskStore::ForEachUnit(const std::function<bool(const Unit&)>& fn) {
  Query q = PrepareFresh(std::string(kUnitColumns) + " ORDER BY id");
  if (!q.ok()) return Error("preparing unit list");
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    if (!fn(ReadUnit(q))) return Status::Ok();
  }
  return rc == SQLITE_DONE ? Status::Ok() : Error("listing units");
}

// ---- Cases.

Result<int64_t> SqliteDeskStore::InsertCase(const Case& c) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare(
      "INSERT INTO cases(version, kind, state, title, description, origin, origin_ref, category, place, unit_id, "
      "assignee_id, due_at, duplicate_of, responsible_body, internal_answer, public_answer, answer_approved_by, "
      "contact_sealed, created_by, created_at, updated_at, first_response_at, answered_at, closed_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
      "?23, ?24)");
  if (!q.ok()) return Error("preparing case insert");
  q.Bind(c.version);
  BindCaseFields(q, c);
  if (q.Step() != SQLITE_DONE) return Error("adding a case");
  return sqlite3_last_insert_rowid(db_);
}

Result<std::optional<Case>> SqliteDeskStore::GetCase(int64_t id) {
  Query q = Prepare(std::string(kCaseColumns) + " WHERE id = ?1");
  if (!q.ok()) return Error("preparing case read");
  q.Bind(id);
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<Case>(ReadCase(q));
  if (rc != SQLITE_DONE) return Error("reading case " + std::to_string(id));
  return std::optional<Case>();
}

Status SqliteDeskStore::UpdateCase(const Case& c, int64_t expected_version) {
  VOX_RETURN_IF_ERROR(Writable());
  {
    Query q = Prepare(
        "UPDATE cases SET version=?1, kind=?2, state=?3, title=?4, description=?5, origin=?6, origin_ref=?7, "
        "category=?8, place=?9, unit_id=?10, assignee_id=?11, due_at=?12, duplicate_of=?13, responsible_body=?14, "
        "internal_answer=?15, public_answer=?16, answer_approved_by=?17, contact_sealed=?18, created_by=?19, "
        "created_at=?20, updated_at=?21, first_response_at=?22, answered_at=?23, closed_at=?24 "
        "WHERE id=?25 AND version=?26");
    if (!q.ok()) return Error("preparing case update");
    q.Bind(expected_version + 1);
    BindCaseFields(q, c);
    q.Bind(c.id).Bind(expected_version);
    if (q.Step() != SQLITE_DONE) return Error("updating case " + std::to_string(c.id));
    if (sqlite3_changes(db_) == 1) return Status::Ok();
  }
  // Nothing written: either there is no such case or someone else wrote it
  // since the caller read it.
  Query q = Prepare("SELECT version FROM cases WHERE id = ?1");
  if (!q.ok()) return Error("preparing case version read");
  q.Bind(c.id);
  const int rc = q.Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no case " + std::to_string(c.id));
  if (rc != SQLITE_ROW) return Error("reading case " + std::to_string(c.id));
  return Status::Conflict("case " + std::to_string(c.id) + " is at version " + std::to_string(q.Int(0)) +
                          ", not " + std::to_string(expected_version) + ": someone changed it since; reload it");
}

// One statement text per combination of filters, so that SQLite plans each
// with the index that fits (a generic `(?1 = '' OR state = ?1)` would plan
// as a scan). Parameters are bound in the order the conditions are written.
Status SqliteDeskStore::ListCasesSql(const CaseQuery& q, Statement* out) const {
  if (q.limit <= 0) return Status::InvalidArgument("a case list needs a limit above 0");
  out->sql = kCaseColumns;
  out->params.clear();
  const char* glue = " WHERE ";
  auto where = [&](const char* cond) {
    out->sql += glue;
    out->sql += cond;
    glue = " AND ";
  };
  if (!q.state.empty()) {
    where("state = ?");
    out->params.emplace_back(q.state);
  }
  if (!q.kind.empty()) {
    where("kind = ?");
    out->params.emplace_back(q.kind);
  }
  if (q.unit_id != 0) {
    where("unit_id = ?");
    out->params.emplace_back(q.unit_id);
  }
  if (q.overdue_only) {
    where(kOpenDue);
    where("due_at < ?");
    out->params.emplace_back(q.now != 0 ? q.now : clock_->Now());
  }
  if (q.after_id > 0) {
    where("id < ?");
    out->params.emplace_back(q.after_id);
  }
  out->sql += " ORDER BY id DESC LIMIT ?";
  out->params.emplace_back(int64_t{q.limit});
  return Status::Ok();
}

Result<std::vector<Case>> SqliteDeskStore::ListCases(const CaseQuery& q) {
  Statement st;
  VOX_RETURN_IF_ERROR(ListCasesSql(q, &st));
  Query s = Prepare(st.sql);
  if (!s.ok()) return Error("preparing case list");
  BindAll(s, st.params);
  std::vector<Case> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadCase(s));
  if (rc != SQLITE_DONE) return Error("listing cases");
  return out;
}

Result<std::string> SqliteDeskStore::ExplainListCases(const CaseQuery& q) {
  Statement st;
  VOX_RETURN_IF_ERROR(ListCasesSql(q, &st));
  Query plan = PrepareFresh("EXPLAIN QUERY PLAN " + st.sql);
  if (!plan.ok()) return Error("preparing a query plan");
  BindAll(plan, st.params);
  std::string out;
  int rc;
  while ((rc = plan.Step()) == SQLITE_ROW) {
    if (!out.empty()) out += '\n';
    out += plan.Text(3);
  }
  if (rc != SQLITE_DONE) return Error("reading a query plan");
  return out;
}

Result<std::vector<OpenCaseCount>> SqliteDeskStore::CountOpenCases(int64_t now, int64_t soon) {
  // The WHERE is cases_open_unit's: the count reads that index alone.
  Query q = Prepare(
      "SELECT unit_id, count(*), sum(due_at >= ?1 AND due_at < ?1 + ?2),"
      " sum(due_at > 0 AND due_at < ?1) FROM cases"
      " WHERE state NOT IN ('answered', 'published', 'closed', 'duplicate', 'not_responsible', 'referred')"
      " GROUP BY unit_id ORDER BY unit_id");
  if (!q.ok()) return Error("preparing the open cases' count");
  q.Bind(now).Bind(soon);
  std::vector<OpenCaseCount> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back({q.Int(0), q.Int(1), q.Int(2), q.Int(3)});
  if (rc != SQLITE_DONE) return Error("counting open cases");
  return out;
}

Result<int64_t> SqliteDeskStore::CountCases() {
  Query q = Prepare("SELECT count(*) FROM cases");
  if (!q.ok() || q.Step() != SQLITE_ROW) return Error("counting cases");
  return q.Int(0);
}

Result<int64_t> SqliteDeskStore::PurgeContacts(int64_t closed_before) {
  VOX_RETURN_IF_ERROR(Writable());
  // The version moves too: an editor holding the case from before the purge
  // would otherwise write the sealed contact back with their next change.
  Query q = Prepare(
      "UPDATE cases SET contact_sealed = '', version = version + 1 "
      "WHERE state = 'closed' AND closed_at < ?1 AND contact_sealed <> ''");
  if (!q.ok()) return Error("preparing contact purge");
  q.Bind(closed_before);
  if (q.Step() != SQLITE_DONE) return Error("purging contact details");
  const int64_t purged = sqlite3_changes(db_);
  // A closed case's reply address goes under the same retention.
  Query r = Prepare(
      "DELETE FROM case_replies WHERE case_id IN "
      "(SELECT id FROM cases WHERE state = 'closed' AND closed_at < ?1)");
  if (!r.ok()) return Error("preparing reply address purge");
  r.Bind(closed_before);
  if (r.Step() != SQLITE_DONE) return Error("purging reply addresses");
  return purged;
}

// ---- The outbox.

Status SqliteDeskStore::PutCaseReply(int64_t case_id, const std::string& sealed) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare(
      "INSERT INTO case_replies(case_id, sealed) VALUES(?1, ?2) "
      "ON CONFLICT(case_id) DO UPDATE SET sealed = excluded.sealed");
  if (!q.ok()) return Error("preparing case reply write");
  q.Bind(case_id).Bind(sealed);
  if (q.Step() != SQLITE_DONE) return WriteError("keeping a case's reply address", "", "case " + std::to_string(case_id));
  return Status::Ok();
}

Result<std::optional<std::string>> SqliteDeskStore::GetCaseReply(int64_t case_id) {
  Query q = Prepare("SELECT sealed FROM case_replies WHERE case_id = ?1");
  if (!q.ok()) return Error("preparing case reply read");
  q.Bind(case_id);
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(q.Text(0));
  if (rc != SQLITE_DONE) return Error("reading case reply " + std::to_string(case_id));
  return std::optional<std::string>();
}

Result<int64_t> SqliteDeskStore::InsertSend(const OutboxSend& s) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare(
      "INSERT INTO outbox(case_id, channel, target_sealed, text, idempotency_key, state, attempts, attempt_key, "
      "next_at, platform_id, error, created_at, updated_at, sent_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  if (!q.ok()) return Error("preparing outbox insert");
  q.Bind(s.case_id).Bind(s.channel).Bind(s.target_sealed).Bind(s.text).Bind(s.idempotency_key).Bind(s.state);
  q.Bind(int64_t{s.attempts}).Bind(s.attempt_key).Bind(s.next_at).Bind(s.platform_id).Bind(s.error);
  q.Bind(s.created_at).Bind(s.updated_at).Bind(s.sent_at);
  if (q.Step() != SQLITE_DONE)
    return WriteError("queueing a send", "the send '" + s.idempotency_key + "'", "case " + std::to_string(s.case_id));
  return sqlite3_last_insert_rowid(db_);
}

Result<std::optional<OutboxSend>> SqliteDeskStore::GetSend(int64_t id) {
  Query q = Prepare(std::string(kSendColumns) + " WHERE id = ?1");
  if (!q.ok()) return Error("preparing outbox read");
  q.Bind(id);
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<OutboxSend>(ReadSend(q));
  if (rc != SQLITE_DONE) return Error("reading send " + std::to_string(id));
  return std::optional<OutboxSend>();
}

Status SqliteDeskStore::UpdateSend(const OutboxSend& s) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare(
      "UPDATE outbox SET state=?1, attempts=?2, attempt_key=?3, next_at=?4, platform_id=?5, error=?6, "
      "updated_at=?7, sent_at=?8 WHERE id=?9");
  if (!q.ok()) return Error("preparing outbox update");
  q.Bind(s.state).Bind(int64_t{s.attempts}).Bind(s.attempt_key).Bind(s.next_at).Bind(s.platform_id).Bind(s.error);
  q.Bind(s.updated_at).Bind(s.sent_at).Bind(s.id);
  if (q.Step() != SQLITE_DONE) return Error("updating send " + std::to_string(s.id));
  if (sqlite3_changes(db_) != 1) return Status::NotFound("no send " + std::to_string(s.id));
  return Status::Ok();
}

Result<std::vector<OutboxSend>> SqliteDeskStore::ListSends(const OutboxQuery& oq) {
  if (oq.limit <= 0) return Status::InvalidArgument("an outbox list needs a limit above 0");
  std::string sql = std::string(kSendColumns) + " WHERE 1";
  std::vector<Param> params;
  if (!oq.state.empty()) {
    params.emplace_back(oq.state);
    sql += " AND state = ?" + std::to_string(params.size());
  }
  if (oq.case_id != 0) {
    params.emplace_back(oq.case_id);
    sql += " AND case_id = ?" + std::to_string(params.size());
  }
  if (!oq.channel.empty()) {
    params.emplace_back(oq.channel);
    sql += " AND channel = ?" + std::to_string(params.size());
  }
  if (oq.after_id != 0) {
    params.emplace_back(oq.after_id);
    sql += " AND id < ?" + std::to_string(params.size());
  }
  params.emplace_back(int64_t{oq.limit});
  sql += " ORDER BY id DESC LIMIT ?" + std::to_string(params.size());
  Query q = Prepare(sql);
  if (!q.ok()) return Error("preparing outbox list");
  BindAll(q, params);
  std::vector<OutboxSend> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back(ReadSend(q));
  if (rc != SQLITE_DONE) return Error("listing the outbox");
  return out;
}

Result<std::optional<OutboxSend>> SqliteDeskStore::NextSend(int64_t now) {
  Query q = Prepare(std::string(kSendColumns) +
                    " WHERE state IN ('queued', 'sending', 'retrying') AND next_at <= ?1 "
                    "ORDER BY CASE state WHEN 'sending' THEN 0 WHEN 'queued' THEN 1 ELSE 2 END, next_at, id LIMIT 1");
  if (!q.ok()) return Error("preparing outbox due read");
  q.Bind(now);
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<OutboxSend>(ReadSend(q));
  if (rc != SQLITE_DONE) return Error("reading the outbox");
  return std::optional<OutboxSend>();
}

// ---- Reach snapshots.

namespace {
constexpr const char* kReachColumns =
    "SELECT id, case_id, send_id, taken_at, reactions, comments, shares, impressions, error FROM reach_snapshots";

ReachSnapshot ReadReach(const SqliteDeskStore::Query& q) {
  ReachSnapshot r;
  r.id = q.Int(0);
  r.case_id = q.Int(1);
  r.send_id = q.Int(2);
  r.taken_at = q.Int(3);
  r.reactions = q.Int(4);
  r.comments = q.Int(5);
  r.shares = q.Int(6);
  r.impressions = q.Int(7);
  r.error = q.Text(8);
  return r;
}
}  // namespace

Result<int64_t> SqliteDeskStore::InsertReachSnapshot(const ReachSnapshot& r) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare(
      "INSERT INTO reach_snapshots(case_id, send_id, taken_at, reactions, comments, shares, impressions, error) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!q.ok()) return Error("preparing reach snapshot insert");
  q.Bind(r.case_id).Bind(r.send_id).Bind(r.taken_at).Bind(r.reactions).Bind(r.comments).Bind(r.shares);
  q.Bind(r.impressions).Bind(r.error);
  if (q.Step() != SQLITE_DONE) {
    return WriteError("storing a reach snapshot", "the snapshot", "case " + std::to_string(r.case_id));
  }
  return sqlite3_last_insert_rowid(db_);
}

Result<std::optional<ReachSnapshot>> SqliteDeskStore::LastReachSnapshot(int64_t send_id) {
  Query q = Prepare(std::string(kReachColumns) + " WHERE send_id = ?1 ORDER BY taken_at DESC, id DESC LIMIT 1");
  if (!q.ok()) return Error("preparing reach snapshot read");
  q.Bind(send_id);
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<ReachSnapshot>(ReadReach(q));
  if (rc != SQLITE_DONE) return Error("reading the reach of send " + std::to_string(send_id));
  return std::optional<ReachSnapshot>();
}

Result<std::vector<ReachSnapshot>> SqliteDeskStore::ReachSnapshots(int64_t case_id, int limit) {
  if (limit <= 0) return Status::InvalidArgument("a reach list needs a limit above 0");
  Query q = Prepare("SELECT * FROM (" + std::string(kReachColumns) +
                    " WHERE case_id = ?1 ORDER BY taken_at DESC, id DESC LIMIT ?2) ORDER BY taken_at, id");
  if (!q.ok()) return Error("preparing reach snapshot list");
  q.Bind(case_id).Bind(int64_t{limit});
  std::vector<ReachSnapshot> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back(ReadReach(q));
  if (rc != SQLITE_DONE) return Error("listing the reach of case " + std::to_string(case_id));
  return out;
}

Result<int64_t> SqliteDeskStore::AppendCaseEvent(const CaseEvent& e) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare(
      "INSERT INTO case_events(case_id, at, actor_id, action, from_state, to_state, note) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!q.ok()) return Error("preparing case event insert");
  q.Bind(e.case_id).Bind(e.at).Bind(e.actor_id).Bind(e.action).Bind(e.from_state).Bind(e.to_state).Bind(e.note);
  if (q.Step() != SQLITE_DONE) {
    return WriteError("recording an event of case " + std::to_string(e.case_id), "the event",
                      "case " + std::to_string(e.case_id));
  }
  return sqlite3_last_insert_rowid(db_);
}

Result<std::vector<CaseEvent>> SqliteDeskStore::CaseEvents(int64_t case_id) {
  Query q = Prepare(
      "SELECT id, case_id, at, actor_id, action, from_state, to_state, note FROM case_events "
      "WHERE case_id = ?1 ORDER BY id");
  if (!q.ok()) return Error("preparing case event list");
  q.Bind(case_id);
  std::vector<CaseEvent> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    CaseEvent e;
    e.id = q.Int(0);
    e.case_id = q.Int(1);
    e.at = q.Int(2);
    e.actor_id = q.Int(3);
    e.action = q.Text(4);
    e.from_state = q.Text(5);
    e.to_state = q.Text(6);
    e.note = q.Text(7);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return Error("listing the events of case " + std::to_string(case_id));
  return out;
}

Status SqliteDeskStore::AddCaseLink(const CaseLink& l) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare("INSERT INTO case_links(case_id, kind, ref) VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING");
  if (!q.ok()) return Error("preparing case link insert");
  q.Bind(l.case_id).Bind(l.kind).Bind(l.ref);
  if (q.Step() != SQLITE_DONE) {
    return WriteError("linking case " + std::to_string(l.case_id), "the link", "case " + std::to_string(l.case_id));
  }
  return Status::Ok();
}

Result<std::vector<CaseLink>> SqliteDeskStore::CaseLinks(int64_t case_id) {
  Query q = Prepare("SELECT case_id, kind, ref FROM case_links WHERE case_id = ?1 ORDER BY kind, ref");
  if (!q.ok()) return Error("preparing case link list");
  q.Bind(case_id);
  std::vector<CaseLink> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back(CaseLink{q.Int(0), q.Text(1), q.Text(2)});
  if (rc != SQLITE_DONE) return Error("listing the links of case " + std::to_string(case_id));
  return out;
}

// ---- Reports.

Result<int64_t> SqliteDeskStore::InsertReport(const Report& r) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare(
      "INSERT INTO reports(created_by, created_at, text, link, place, concern, case_id) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!q.ok()) return Error("preparing report insert");
  q.Bind(r.created_by).Bind(r.created_at).Bind(r.text).Bind(r.link).Bind(r.place).Bind(r.concern).Bind(r.case_id);
  if (q.Step() != SQLITE_DONE) return Error("adding a report");
  return sqlite3_last_insert_rowid(db_);
}

Result<std::optional<Report>> SqliteDeskStore::GetReport(int64_t id) {
  Query q = Prepare(std::string(kReportColumns) + " WHERE id = ?1");
  if (!q.ok()) return Error("preparing report read");
  q.Bind(id);
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<Report>(ReadReport(q));
  if (rc != SQLITE_DONE) return Error("reading report " + std::to_string(id));
  return std::optional<Report>();
}

Status SqliteDeskStore::SetReportCase(int64_t report_id, int64_t case_id) {
  VOX_RETURN_IF_ERROR(Writable());
  Query q = Prepare("UPDATE reports SET case_id = ?2 WHERE id = ?1");
  if (!q.ok()) return Error("preparing report update");
  q.Bind(report_id).Bind(case_id);
  if (q.Step() != SQLITE_DONE) return Error("updating report " + std::to_string(report_id));
  if (sqlite3_changes(db_) == 0) return Status::NotFound("no report " + std::to_string(report_id));
  return Status::Ok();
}

Result<std::vector<Report>> SqliteDeskStore::ListReports(int64_t created_by, int64_t after_id, int limit) {
  if (limit <= 0) return Status::InvalidArgument("a report list needs a limit above 0");
  std::string sql = kReportColumns;
  std::vector<Param> params;
  const char* glue = " WHERE ";
  if (created_by != 0) {
    sql += glue + std::string("created_by = ?");
    glue = " AND ";
    params.emplace_back(created_by);
  }
  if (after_id > 0) {
    sql += glue + std::string("id < ?");
    params.emplace_back(after_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(int64_t{limit});
  Query q = Prepare(sql);
  if (!q.ok()) return Error("preparing report list");
  BindAll(q, params);
  std::vector<Report> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back(ReadReport(q));
  if (rc != SQLITE_DONE) return Error("listing reports");
  return out;
}

// ---- Audit log.

Result<AuditEntry> SqliteDeskStore::LastAudit() {
  Query q = Prepare(std::string(kAuditColumns) + " ORDER BY seq DESC LIMIT 1");
  if (!q.ok()) return Error("preparing audit read");
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return ReadAudit(q);
  if (rc != SQLITE_DONE) return Error("reading the last audit entry");
  return AuditEntry{};
}

Status SqliteDeskStore::AppendAudit(const AuditEntry& e) {
  VOX_RETURN_IF_ERROR(Writable());
  // The row goes in only as the next seq: the chain stays gap-free even when
  // a caller computed its seq outside the transaction.
  Query q = Prepare(
      "INSERT INTO audit(seq, at, actor, action, target, before, after, prev_hash, hash) "
      "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE ?1 = (SELECT coalesce(max(seq), 0) + 1 FROM audit)");
  if (!q.ok()) return Error("preparing audit insert");
  q.Bind(e.seq).Bind(e.at).Bind(e.actor).Bind(e.action).Bind(e.target).Bind(e.before).Bind(e.after);
  q.Bind(e.prev_hash).Bind(e.hash);
  if (q.Step() != SQLITE_DONE) return Error("appending audit entry " + std::to_string(e.seq));
  if (sqlite3_changes(db_) == 1) return Status::Ok();
  auto last = LastAudit();
  if (!last.ok()) return last.status();
  return Status::Conflict("audit entry " + std::to_string(e.seq) + " does not follow the last one (" +
                          std::to_string(last->seq) + ")");
}

Status SqliteDeskStore::ForEachAudit(const AuditQuery& q, const std::function<bool(const AuditEntry&)>& fn) {
  std::string sql = kAuditColumns;
  std::vector<Param> params;
  const char* glue = " WHERE ";
  auto where = [&](const char* cond, Param p) {
    sql += glue;
    sql += cond;
    glue = " AND ";
    params.push_back(std::move(p));
  };
  if (q.since != 0) where("at >= ?", q.since);
  if (!q.actor.empty()) where("actor = ?", q.actor);
  if (!q.target.empty()) where("target = ?", q.target);
  if (q.after_seq > 0) where("seq > ?", q.after_seq);
  sql += " ORDER BY seq";
  if (q.limit > 0) {
    sql += " LIMIT ?";
    params.emplace_back(int64_t{q.limit});
  }
  Query s = PrepareFresh(sql);
  if (!s.ok()) return Error("preparing audit list");
  BindAll(s, params);
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    if (!fn(ReadAudit(s))) return Status::Ok();
  }
  return rc == SQLITE_DONE ? Status::Ok() : Error("reading the audit log");
}

}  // namespace vox::store
