#include "store/postgres/pg_desk.h"

#include <string>
#include <utility>
#include <vector>

#include "store/postgres/pg_store.h"

namespace vox::store {

using pg::Params;
using pg::Rows;

namespace {

// A query's WHERE clause from the filters given, and its parameters ($1…).
class Filter {
 public:
  explicit Filter(std::string select) : sql(std::move(select)) {}
  void Where(const std::string& cond) {
    sql += glue_;
    sql += cond;
    glue_ = " AND ";
  }
  template <class T>
  std::string Arg(T v) {
    p.add(v);
    return "$" + std::to_string(p.count());
  }
  std::string sql;
  Params p;

 private:
  const char* glue_ = " WHERE ";
};

// The advisory lock key of the audit chain ("voxaudit" in ASCII).
constexpr int64_t kAuditLock = 0x766f786175646974;

// As the SQLite desk (and the index cases_open_due).
constexpr char kOpenDue[] =
    "due_at > 0 AND state NOT IN ('answered', 'published', 'closed', 'duplicate', 'not_responsible', 'referred')";

#define VOX_USER_COLUMNS \
  "SELECT id, name, role, password_hash, unit_id, disabled, created_at, failed_logins, locked_until FROM users"
#define VOX_CASE_COLUMNS                                                                                       \
  "SELECT id, version, kind, state, title, description, origin, origin_ref, category, place, unit_id, "       \
  "assignee_id, due_at, duplicate_of, responsible_body, internal_answer, public_answer, answer_approved_by, " \
  "contact_sealed, created_by, created_at, updated_at, first_response_at, answered_at, closed_at FROM cases"
#define VOX_TOKEN_COLUMNS \
  "SELECT id, name, token_hash, role, created_by, created_at, last_used, revoked FROM api_tokens"
#define VOX_UNIT_COLUMNS "SELECT id, name, kind, created_at FROM units"
#define VOX_REPORT_COLUMNS "SELECT id, created_by, created_at, text, link, place, concern, case_id FROM reports"
#define VOX_AUDIT_COLUMNS "SELECT seq, at, actor, action, target, before, after, prev_hash, hash FROM audit"

User ReadUser(const Rows& r, int i) {
  User u;
  u.id = r.i64(i, 0);
  u.name = r.str(i, 1);
  u.role = r.str(i, 2);
  u.password_hash = r.str(i, 3);
  u.unit_id = r.i64(i, 4);
  u.disabled = r.i64(i, 5) != 0;
  u.created_at = r.i64(i, 6);
  u.failed_logins = static_cast<int>(r.i64(i, 7));
  u.locked_until = r.i64(i, 8);
  return u;
}

ApiToken ReadToken(const Rows& r, int i) {
  ApiToken t;
  t.id = r.i64(i, 0);
  t.name = r.str(i, 1);
  t.token_hash = r.str(i, 2);
  t.role = r.str(i, 3);
  t.created_by = r.i64(i, 4);
  t.created_at = r.i64(i, 5);
  t.last_used = r.i64(i, 6);
  t.revoked = r.i64(i, 7) != 0;
  return t;
}

Unit ReadUnit(const Rows& r, int i) {
  Unit u;
  u.id = r.i64(i, 0);
  u.name = r.str(i, 1);
  u.kind = r.str(i, 2);
  u.created_at = r.i64(i, 3);
  return u;
}

Case ReadCase(const Rows& r, int i) {
  Case c;
  c.id = r.i64(i, 0);
  c.version = r.i64(i, 1);
  c.kind = r.str(i, 2);
  c.state = r.str(i, 3);
  c.title = r.str(i, 4);
  c.description = r.str(i, 5);
  c.origin = r.str(i, 6);
  c.origin_ref = r.str(i, 7);
  c.category = r.str(i, 8);
  c.place = r.str(i, 9);
  c.unit_id = r.i64(i, 10);
  c.assignee_id = r.i64(i, 11);
  c.due_at = r.i64(i, 12);
  c.duplicate_of = r.i64(i, 13);
  c.responsible_body = r.str(i, 14);
  c.internal_answer = r.str(i, 15);
  c.public_answer = r.str(i, 16);
  c.answer_approved_by = r.i64(i, 17);
  c.contact_sealed = r.str(i, 18);
  c.created_by = r.i64(i, 19);
  c.created_at = r.i64(i, 20);
  c.updated_at = r.i64(i, 21);
  c.first_response_at = r.i64(i, 22);
  c.answered_at = r.i64(i, 23);
  c.closed_at = r.i64(i, 24);
  return c;
}

// Every field of c but id and version, in the order of the case columns.
void AddCaseFields(Params& p, const Case& c) {
  p.add(c.kind).add(c.state).add(c.title).add(c.description).add(c.origin).add(c.origin_ref);
  p.add(c.category).add(c.place).add(c.unit_id).add(c.assignee_id).add(c.due_at).add(c.duplicate_of);
  p.add(c.responsible_body).add(c.internal_answer).add(c.public_answer).add(c.answer_approved_by);
  p.add(c.contact_sealed).add(c.created_by).add(c.created_at).add(c.updated_at).add(c.first_response_at);
  p.add(c.answered_at).add(c.closed_at);
}

Report ReadReport(const Rows& r, int i) {
  Report rep;
  rep.id = r.i64(i, 0);
  rep.created_by = r.i64(i, 1);
  rep.created_at = r.i64(i, 2);
  rep.text = r.str(i, 3);
  rep.link = r.str(i, 4);
  rep.place = r.str(i, 5);
  rep.concern = r.str(i, 6);
  rep.case_id = r.i64(i, 7);
  return rep;
}

AuditEntry ReadAudit(const Rows& r, int i) {
  AuditEntry e;
  e.seq = r.i64(i, 0);
  e.at = r.i64(i, 1);
  e.actor = r.str(i, 2);
  e.action = r.str(i, 3);
  e.target = r.str(i, 4);
  e.before = r.str(i, 5);
  e.after = r.str(i, 6);
  e.prev_hash = r.str(i, 7);
  e.hash = r.str(i, 8);
  return e;
}

Status Done(const Result<Rows>& r) { return r.ok() ? Status::Ok() : r.status(); }

}  // namespace

Result<std::unique_ptr<DeskStore>> PgDeskStore::Open(const std::string& uri, const OpenOptions& opts) {
  auto conn = pg::Conn::Connect(uri);
  if (!conn.ok()) return conn.status();
  auto store = std::unique_ptr<PgDeskStore>(new PgDeskStore());
  store->conn_ = std::move(conn).value();
  store->read_only_ = opts.read_only;
  store->clock_ = opts.clock != nullptr ? opts.clock : &DefaultClock();
  const std::string where = store->conn_->Where();
  bool exists = false;
  auto version = PgStore::StoredVersion(*store->conn_, &exists);
  if (!version.ok()) return version.status();
  if (!exists) return Status::NotFound("no store at " + where + " (run `vox init` first, or pass --db)");
  if (*version < kSchemaVersion) {
    return Status::Corruption("store " + where + " has schema version " + std::to_string(*version) +
                              ", the desk needs " + std::to_string(kSchemaVersion) +
                              ": run `vox init` to migrate it first");
  }
  if (*version > kSchemaVersion) {
    return Status::Corruption("store " + where + " has schema version " + std::to_string(*version) +
                              ", newer than this vox understands (" + std::to_string(kSchemaVersion) +
                              "); upgrade vox");
  }
  if (opts.read_only) VOX_RETURN_IF_ERROR(store->conn_->Exec("SET default_transaction_read_only = on"));
  return std::unique_ptr<DeskStore>(std::move(store));
}

Status PgDeskStore::Writable() const {
  if (!read_only_) return Status::Ok();
  return Status::Unsupported("the desk store " + conn_->Where() + " was opened read-only: it takes no writes");
}

Status PgDeskStore::Begin() {
  // A read-only handle reads one snapshot for the whole transaction.
  VOX_RETURN_IF_ERROR(conn_->Exec(read_only_ ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"));
  in_txn_ = true;
  return Status::Ok();
}

Status PgDeskStore::Commit() {
  in_txn_ = false;
  return conn_->Exec("COMMIT");
}

Status PgDeskStore::Rollback() {
  in_txn_ = false;
  return conn_->Exec("ROLLBACK");
}

// ---- Users.

Result<int64_t> PgDeskStore::InsertUser(const User& u) {
  VOX_RETURN_IF_ERROR(Writable());
  // ON CONFLICT DO NOTHING: a name taken is an answer, not an error that
  // would abort the caller's transaction.
  auto r = conn_->Run(
      "INSERT INTO users(name, role, password_hash, unit_id, disabled, created_at, failed_logins, locked_until) "
      "VALUES($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id",
      Params().add(u.name).add(u.role).add(u.password_hash).add(u.unit_id).add(u.disabled).add(u.created_at)
          .add(u.failed_logins).add(u.locked_until));
  if (!r.ok()) return r.status();
  if (r->size() == 0) return Status::Conflict("the user name '" + u.name + "' is already taken");
  return r->i64(0, 0);
}

Status PgDeskStore::UpdateUser(const User& u) {
  VOX_RETURN_IF_ERROR(Writable());
  auto taken = conn_->Run("SELECT 1 FROM users WHERE name = $1 AND id <> $2", Params().add(u.name).add(u.id));
  if (!taken.ok()) return taken.status();
  if (taken->size()) return Status::Conflict("the user name '" + u.name + "' is already taken");
  auto r = conn_->Run(
      "UPDATE users SET name=$2, role=$3, password_hash=$4, unit_id=$5, disabled=$6, created_at=$7, "
      "failed_logins=$8, locked_until=$9 WHERE id=$1",
      Params().add(u.id).add(u.name).add(u.role).add(u.password_hash).add(u.unit_id).add(u.disabled)
          .add(u.created_at).add(u.failed_logins).add(u.locked_until));
  if (!r.ok()) return r.status();
  if (r->affected() == 0) return Status::NotFound("no user " + std::to_string(u.id));
  return Status::Ok();
}

Result<std::optional<User>> PgDeskStore::GetUser(int64_t id) {
  auto r = conn_->Run(VOX_USER_COLUMNS " WHERE id = $1", Params().add(id));
  if (!r.ok()) return r.status();
  return r->size() ? std::optional<User>(ReadUser(*r, 0)) : std::nullopt;
}

Result<std::optional<User>> PgDeskStore::FindUser(const std::string& name) {
  auto r = conn_->Run(VOX_USER_COLUMNS " WHERE name = $1", Params().add(name));
  if (!r.ok()) return r.status();
  return r->size() ? std::optional<User>(ReadUser(*r, 0)) : std::nullopt;
}

Status PgDeskStore::ForEachUser(const std::function<bool(const User&)>& fn) {
  auto r = conn_->Run(VOX_USER_COLUMNS " ORDER BY id");
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->size(); ++i) {
    if (!fn(ReadUser(*r, i))) break;
  }
  return Status::Ok();
}

Result<int64_t> PgDeskStore::CountUsers() {
  auto r = conn_->Run("SELECT count(*) FROM users");
  if (!r.ok()) return r.status();
  return r->i64(0, 0);
}

// ---- Sessions.

Status PgDeskStore::PutSession(const Session& s) {
  VOX_RETURN_IF_ERROR(Writable());
  // Only for a user that exists: NotFound otherwise, without a foreign-key
  // error aborting the transaction.
  auto r = conn_->Run(
      "INSERT INTO sessions(token_hash, user_id, csrf, created_at, last_seen) "
      "SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM users WHERE id = $2) "
      "ON CONFLICT(token_hash) DO UPDATE SET user_id=excluded.user_id, csrf=excluded.csrf, "
      "created_at=excluded.created_at, last_seen=excluded.last_seen",
      Params().add(s.token_hash).add(s.user_id).add(s.csrf).add(s.created_at).add(s.last_seen));
  if (!r.ok()) return r.status();
  if (r->affected() == 0) return Status::NotFound("user " + std::to_string(s.user_id) + " does not exist");
  return Status::Ok();
}

Result<std::optional<Session>> PgDeskStore::GetSession(const std::string& token_hash) {
  auto r = conn_->Run("SELECT token_hash, user_id, csrf, created_at, last_seen FROM sessions WHERE token_hash = $1",
                      Params().add(token_hash));
  if (!r.ok()) return r.status();
  if (!r->size()) return std::optional<Session>();
  Session s;
  s.token_hash = r->str(0, 0);
  s.user_id = r->i64(0, 1);
  s.csrf = r->str(0, 2);
  s.created_at = r->i64(0, 3);
  s.last_seen = r->i64(0, 4);
  return std::optional<Session>(std::move(s));
}

Status PgDeskStore::TouchSession(const std::string& token_hash, int64_t last_seen) {
  VOX_RETURN_IF_ERROR(Writable());
  return Done(conn_->Run("UPDATE sessions SET last_seen = $2 WHERE token_hash = $1",
                         Params().add(token_hash).add(last_seen)));
}

Status PgDeskStore::DeleteSession(const std::string& token_hash) {
  VOX_RETURN_IF_ERROR(Writable());
  return Done(conn_->Run("DELETE FROM sessions WHERE token_hash = $1", Params().add(token_hash)));
}

Status PgDeskStore::DeleteSessionsOf(int64_t user_id) {
  VOX_RETURN_IF_ERROR(Writable());
  return Done(conn_->Run("DELETE FROM sessions WHERE user_id = $1", Params().add(user_id)));
}

Status PgDeskStore::DeleteSessionsIdleSince(int64_t before) {
  VOX_RETURN_IF_ERROR(Writable());
  return Done(conn_->Run("DELETE FROM sessions WHERE last_seen < $1", Params().add(before)));
}

// ---- API tokens.

Result<int64_t> PgDeskStore::InsertToken(const ApiToken& t) {
  VOX_RETURN_IF_ERROR(Writable());
  auto r = conn_->Run(
      "INSERT INTO api_tokens(name, token_hash, role, created_by, created_at, last_used, revoked) "
      "VALUES($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id",
      Params().add(t.name).add(t.token_hash).add(t.role).add(t.created_by).add(t.created_at).add(t.last_used)
          .add(t.revoked));
  if (!r.ok()) return r.status();
  if (r->size()) return r->i64(0, 0);
  // Two constraints can refuse the row: the live name, or (a token drawn
  // twice, which a random token never is) the hash.
  auto hash = conn_->Run("SELECT 1 FROM api_tokens WHERE token_hash = $1", Params().add(t.token_hash));
  if (!hash.ok()) return hash.status();
  return Status::Conflict((hash->size() ? std::string("the token's hash") : "the token name '" + t.name + "'") +
                          " is already taken");
}

Result<std::optional<ApiToken>> PgDeskStore::FindToken(const std::string& token_hash) {
  auto r = conn_->Run(VOX_TOKEN_COLUMNS " WHERE token_hash = $1", Params().add(token_hash));
  if (!r.ok()) return r.status();
  return r->size() ? std::optional<ApiToken>(ReadToken(*r, 0)) : std::nullopt;
}

Status PgDeskStore::TouchToken(int64_t id, int64_t last_used) {
  VOX_RETURN_IF_ERROR(Writable());
  return Done(conn_->Run("UPDATE api_tokens SET last_used = $2 WHERE id = $1", Params().add(id).add(last_used)));
}

Status PgDeskStore::RevokeToken(int64_t id) {
  VOX_RETURN_IF_ERROR(Writable());
  auto r = conn_->Run("UPDATE api_tokens SET revoked = 1 WHERE id = $1", Params().add(id));
  if (!r.ok()) return r.status();
  if (r->affected() == 0) return Status::NotFound("no API token " + std::to_string(id));
  return Status::Ok();
}

Status PgDeskStore::ForEachToken(const std::function<bool(const ApiToken&)>& fn) {
  auto r = conn_->Run(VOX_TOKEN_COLUMNS " ORDER BY id");
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->size(); ++i) {
    if (!fn(ReadToken(*r, i))) break;
  }
  return Status::Ok();
}

// ---- Login throttling.

Result<int> PgDeskStore::RecordLoginFailure(const std::string& address, int64_t at, int64_t window_start) {
  VOX_RETURN_IF_ERROR(Writable());
  // Failures before the window count for nobody (see the SQLite desk).
  VOX_RETURN_IF_ERROR(Done(conn_->Run("DELETE FROM login_failures WHERE at < $1", Params().add(window_start))));
  VOX_RETURN_IF_ERROR(
      Done(conn_->Run("INSERT INTO login_failures(address, at) VALUES($1, $2)", Params().add(address).add(at))));
  return LoginFailuresSince(address, window_start);
}

Result<int> PgDeskStore::LoginFailuresSince(const std::string& address, int64_t window_start) {
  auto r = conn_->Run("SELECT count(*) FROM login_failures WHERE address = $1 AND at >= $2",
                      Params().add(address).add(window_start));
  if (!r.ok()) return r.status();
  return static_cast<int>(r->i64(0, 0));
}

Status PgDeskStore::ClearLoginFailures(const std::string& address) {
  VOX_RETURN_IF_ERROR(Writable());
  return Done(conn_->Run("DELETE FROM login_failures WHERE address = $1", Params().add(address)));
}

// ---- Units.

Result<int64_t> PgDeskStore::InsertUnit(const Unit& u) {
  VOX_RETURN_IF_ERROR(Writable());
  auto r = conn_->Run("INSERT INTO units(name, kind, created_at) VALUES($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id",
                      Params().add(u.name).add(u.kind).add(u.created_at));
  if (!r.ok()) return r.status();
  if (!r->size()) return Status::Conflict("the unit name '" + u.name + "' is already taken");
  return r->i64(0, 0);
}

Result<std::optional<Unit>> PgDeskStore::GetUnit(int64_t id) {
  auto r = conn_->Run(VOX_UNIT_COLUMNS " WHERE id = $1", Params().add(id));
  if (!r.ok()) return r.status();
  return r->size() ? std::optional<Unit>(ReadUnit(*r, 0)) : std::nullopt;
}

Result<std::optional<Unit>> PgDeskStore::FindUnit(const std::string& name) {
  auto r = conn_->Run(VOX_UNIT_COLUMNS " WHERE name = $1", Params().add(name));
  if (!r.ok()) return r.status();
  return r->size() ? std::optional<Unit>(ReadUnit(*r, 0)) : std::nullopt;
}

Status PgDeskStore::ForEachUnit(const std::function<bool(const Unit&)>& fn) {
  auto r = conn_->Run(VOX_UNIT_COLUMNS " ORDER BY id");
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->size(); ++i) {
    if (!fn(ReadUnit(*r, i))) break;
  }
  return Status::Ok();
}

// ---- Cases.

Result<int64_t> PgDeskStore::InsertCase(const Case& c) {
  VOX_RETURN_IF_ERROR(Writable());
  Params p;
  p.add(c.version);
  AddCaseFields(p, c);
  auto r = conn_->Run(
      "INSERT INTO cases(version, kind, state, title, description, origin, origin_ref, category, place, unit_id, "
      "assignee_id, due_at, duplicate_of, responsible_body, internal_answer, public_answer, answer_approved_by, "
      "contact_sealed, created_by, created_at, updated_at, first_response_at, answered_at, closed_at) "
      "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, "
      "$23, $24) RETURNING id",
      std::move(p));
  if (!r.ok()) return r.status();
  return r->i64(0, 0);
}

Result<std::optional<Case>> PgDeskStore::GetCase(int64_t id) {
  auto r = conn_->Run(VOX_CASE_COLUMNS " WHERE id = $1", Params().add(id));
  if (!r.ok()) return r.status();
  return r->size() ? std::optional<Case>(ReadCase(*r, 0)) : std::nullopt;
}

Status PgDeskStore::UpdateCase(const Case& c, int64_t expected_version) {
  VOX_RETURN_IF_ERROR(Writable());
  Params p;
  p.add(expected_version + 1);
  AddCaseFields(p, c);
  p.add(c.id).add(expected_version);
  // Under READ COMMITTED a concurrent writer of the same case waits for the
  // row, then re-checks `version` against the committed row: only one of
  // two writers holding the same version writes.
  auto r = conn_->Run(
      "UPDATE cases SET version=$1, kind=$2, state=$3, title=$4, description=$5, origin=$6, origin_ref=$7, "
      "category=$8, place=$9, unit_id=$10, assignee_id=$11, due_at=$12, duplicate_of=$13, responsible_body=$14, "
      "internal_answer=$15, public_answer=$16, answer_approved_by=$17, contact_sealed=$18, created_by=$19, "
      "created_at=$20, updated_at=$21, first_response_at=$22, answered_at=$23, closed_at=$24 "
      "WHERE id=$25 AND version=$26",
      std::move(p));
  if (!r.ok()) return r.status();
  if (r->affected() == 1) return Status::Ok();
  auto v = conn_->Run("SELECT version FROM cases WHERE id = $1", Params().add(c.id));
  if (!v.ok()) return v.status();
  if (!v->size()) return Status::NotFound("no case " + std::to_string(c.id));
  return Status::Conflict("case " + std::to_string(c.id) + " is at version " + std::to_string(v->i64(0, 0)) +
                          ", not " + std::to_string(expected_version) + ": someone changed it since; reload it");
}

Result<std::vector<Case>> PgDeskStore::ListCases(const CaseQuery& q) {
  if (q.limit <= 0) return Status::InvalidArgument("a case list needs a limit above 0");
  Filter f(VOX_CASE_COLUMNS);
  std::string& sql = f.sql;
  Params& p = f.p;
  auto where = [&](const std::string& cond) { f.Where(cond); };
  auto arg = [&](auto v) { return f.Arg(v); };
  if (!q.state.empty()) where("state = " + arg(q.state));
  if (!q.kind.empty()) where("kind = " + arg(q.kind));
  if (q.unit_id != 0) where("unit_id = " + arg(q.unit_id) + "::bigint");
  if (q.overdue_only) {
    where(kOpenDue);
    where("due_at < " + arg(q.now != 0 ? q.now : clock_->Now()) + "::bigint");
  }
  if (q.after_id > 0) where("id < " + arg(q.after_id) + "::bigint");
  sql += " ORDER BY id DESC LIMIT " + arg(int64_t{q.limit}) + "::bigint";
  auto r = conn_->RunText(sql, std::move(p));
  if (!r.ok()) return r.status();
  std::vector<Case> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(ReadCase(*r, i));
  return out;
}

Result<int64_t> PgDeskStore::CountCases() {
  auto r = conn_->Run("SELECT count(*) FROM cases");
  if (!r.ok()) return r.status();
  return r->i64(0, 0);
}

Result<int64_t> PgDeskStore::PurgeContacts(int64_t closed_before) {
  VOX_RETURN_IF_ERROR(Writable());
  auto r = conn_->Run(
      "UPDATE cases SET contact_sealed = '', version = version + 1 "
      "WHERE state = 'closed' AND closed_at < $1 AND contact_sealed <> ''",
      Params().add(closed_before));
  if (!r.ok()) return r.status();
  // A closed case's reply address goes under the same retention.
  auto replies = conn_->Run(
      "DELETE FROM case_replies WHERE case_id IN (SELECT id FROM cases WHERE state = 'closed' AND closed_at < $1)",
      Params().add(closed_before));
  if (!replies.ok()) return replies.status();
  return r->affected();
}

Result<int64_t> PgDeskStore::AppendCaseEvent(const CaseEvent& e) {
  VOX_RETURN_IF_ERROR(Writable());
  auto r = conn_->Run(
      "INSERT INTO case_events(case_id, at, actor_id, action, from_state, to_state, note) "
      "SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM cases WHERE id = $1) RETURNING id",
      Params().add(e.case_id).add(e.at).add(e.actor_id).add(e.action).add(e.from_state).add(e.to_state).add(e.note));
  if (!r.ok()) return r.status();
  if (!r->size()) return Status::NotFound("case " + std::to_string(e.case_id) + " does not exist");
  return r->i64(0, 0);
}

// ---- The outbox and the cases' reply addresses, as on SQLite. Conflicts
// and unknown cases are answers (ON CONFLICT DO NOTHING, WHERE EXISTS), never
// errors that would abort the caller's transaction.

#define VOX_SEND_COLUMNS                                                                                     \
  "SELECT id, case_id, channel, target_sealed, text, idempotency_key, state, attempts, attempt_key, next_at, " \
  "platform_id, error, created_at, updated_at, sent_at FROM outbox"

namespace {
OutboxSend ReadSend(const pg::Rows& r, int i) {
  OutboxSend s;
  s.id = r.i64(i, 0);
  s.case_id = r.i64(i, 1);
  s.channel = r.str(i, 2);
  s.target_sealed = r.str(i, 3);
  s.text = r.str(i, 4);
  s.idempotency_key = r.str(i, 5);
  s.state = r.str(i, 6);
  s.attempts = static_cast<int>(r.i64(i, 7));
  s.attempt_key = r.str(i, 8);
  s.next_at = r.i64(i, 9);
  s.platform_id = r.str(i, 10);
  s.error = r.str(i, 11);
  s.created_at = r.i64(i, 12);
  s.updated_at = r.i64(i, 13);
  s.sent_at = r.i64(i, 14);
  return s;
}
}  // namespace

Status PgDeskStore::PutCaseReply(int64_t case_id, const std::string& sealed) {
  VOX_RETURN_IF_ERROR(Writable());
  auto r = conn_->Run(
      "INSERT INTO case_replies(case_id, sealed) SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM cases WHERE id = $1) "
      "ON CONFLICT(case_id) DO UPDATE SET sealed = excluded.sealed RETURNING case_id",
      Params().add(case_id).add(sealed));
  if (!r.ok()) return r.status();
  if (!r->size()) return Status::NotFound("case " + std::to_string(case_id) + " does not exist");
  return Status::Ok();
}

Result<std::optional<std::string>> PgDeskStore::GetCaseReply(int64_t case_id) {
  auto r = conn_->Run("SELECT sealed FROM case_replies WHERE case_id = $1", Params().add(case_id));
  if (!r.ok()) return r.status();
  if (!r->size()) return std::optional<std::string>();
  return std::optional<std::string>(r->str(0, 0));
}

Result<int64_t> PgDeskStore::InsertSend(const OutboxSend& s) {
  VOX_RETURN_IF_ERROR(Writable());
  auto r = conn_->Run(
      "INSERT INTO outbox(case_id, channel, target_sealed, text, idempotency_key, state, attempts, attempt_key, "
      "next_at, platform_id, error, created_at, updated_at, sent_at) "
      "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 "
      "WHERE EXISTS (SELECT 1 FROM cases WHERE id = $1) ON CONFLICT DO NOTHING RETURNING id",
      Params().add(s.case_id).add(s.channel).add(s.target_sealed).add(s.text).add(s.idempotency_key).add(s.state)
          .add(int64_t{s.attempts}).add(s.attempt_key).add(s.next_at).add(s.platform_id).add(s.error)
          .add(s.created_at).add(s.updated_at).add(s.sent_at));
  if (!r.ok()) return r.status();
  if (r->size()) return r->i64(0, 0);
  auto exists = conn_->Run("SELECT 1 FROM cases WHERE id = $1", Params().add(s.case_id));
  if (!exists.ok()) return exists.status();
  if (!exists->size()) return Status::NotFound("case " + std::to_string(s.case_id) + " does not exist");
  return Status::Conflict("the send '" + s.idempotency_key + "' is already taken");
}

Result<std::optional<OutboxSend>> PgDeskStore::GetSend(int64_t id) {
  auto r = conn_->Run(VOX_SEND_COLUMNS " WHERE id = $1", Params().add(id));
  if (!r.ok()) return r.status();
  if (!r->size()) return std::optional<OutboxSend>();
  return std::optional<OutboxSend>(ReadSend(*r, 0));
}

Status PgDeskStore::UpdateSend(const OutboxSend& s) {
  VOX_RETURN_IF_ERROR(Writable());
  auto r = conn_->Run(
      "UPDATE outbox SET state=$1, attempts=$2, attempt_key=$3, next_at=$4, platform_id=$5, error=$6, "
      "updated_at=$7, sent_at=$8 WHERE id=$9 RETURNING id",
      Params().add(s.state).add(int64_t{s.attempts}).add(s.attempt_key).add(s.next_at).add(s.platform_id)
          .add(s.error).add(s.updated_at).add(s.sent_at).add(s.id));
  if (!r.ok()) return r.status();
  if (!r->size()) return Status::NotFound("no send " + std::to_string(s.id));
  return Status::Ok();
}

Result<std::vector<OutboxSend>> PgDeskStore::ListSends(const OutboxQuery& q) {
  if (q.limit <= 0) return Status::InvalidArgument("an outbox list needs a limit above 0");
  Filter f(VOX_SEND_COLUMNS);
  std::string& sql = f.sql;
  Params& p = f.p;
  auto where = [&](const std::string& cond) { f.Where(cond); };
  auto arg = [&](auto v) { return f.Arg(v); };
  if (!q.state.empty()) where("state = " + arg(q.state));
  if (q.case_id != 0) where("case_id = " + arg(q.case_id) + "::bigint");
  if (!q.channel.empty()) where("channel = " + arg(q.channel));
  if (q.after_id != 0) where("id < " + arg(q.after_id) + "::bigint");
  sql += " ORDER BY id DESC LIMIT " + arg(int64_t{q.limit}) + "::bigint";
  auto r = conn_->RunText(sql, std::move(p));
  if (!r.ok()) return r.status();
  std::vector<OutboxSend> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(ReadSend(*r, i));
  return out;
}

Result<std::optional<OutboxSend>> PgDeskStore::NextSend(int64_t now) {
  auto r = conn_->Run(VOX_SEND_COLUMNS
                      " WHERE state IN ('queued', 'sending', 'retrying') AND next_at <= $1 "
                      "ORDER BY CASE state WHEN 'sending' THEN 0 WHEN 'queued' THEN 1 ELSE 2 END, next_at, id LIMIT 1",
                      Params().add(now));
  if (!r.ok()) return r.status();
  if (!r->size()) return std::optional<OutboxSend>();
  return std::optional<OutboxSend>(ReadSend(*r, 0));
}

#undef VOX_SEND_COLUMNS

// ---- Reach snapshots: the same table and calls as on SQLite.

namespace {
ReachSnapshot ReadReach(const pg::Rows& r, int i) {
  ReachSnapshot s;
  s.id = r.i64(i, 0);
  s.case_id = r.i64(i, 1);
  s.send_id = r.i64(i, 2);
  s.taken_at = r.i64(i, 3);
  s.reactions = r.i64(i, 4);
  s.comments = r.i64(i, 5);
  s.shares = r.i64(i, 6);
  s.impressions = r.i64(i, 7);
  s.error = r.str(i, 8);
  return s;
}
}  // namespace

Result<int64_t> PgDeskStore::InsertReachSnapshot(const ReachSnapshot& s) {
  VOX_RETURN_IF_ERROR(Writable());
  auto r = conn_->Run(
      "INSERT INTO reach_snapshots(case_id, send_id, taken_at, reactions, comments, shares, impressions, error) "
      "SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE EXISTS (SELECT 1 FROM cases WHERE id = $1) "
      "RETURNING id",
      Params().add(s.case_id).add(s.send_id).add(s.taken_at).add(s.reactions).add(s.comments).add(s.shares)
          .add(s.impressions).add(s.error));
  if (!r.ok()) return r.status();
  if (!r->size())
    return Status::NotFound("case " + std::to_string(s.case_id) + " does not exist");
  return r->i64(0, 0);
}

Result<std::optional<ReachSnapshot>> PgDeskStore::LastReachSnapshot(int64_t send_id) {
  auto r = conn_->Run(
      "SELECT id, case_id, send_id, taken_at, reactions, comments, shares, impressions, error FROM reach_snapshots "
      "WHERE send_id = $1 ORDER BY taken_at DESC, id DESC LIMIT 1",
      Params().add(send_id));
  if (!r.ok()) return r.status();
  if (!r->size()) return std::optional<ReachSnapshot>();
  return std::optional<ReachSnapshot>(ReadReach(*r, 0));
}

Result<std::vector<ReachSnapshot>> PgDeskStore::ReachSnapshots(int64_t case_id, int limit) {
  if (limit <= 0) return Status::InvalidArgument("a reach list needs a limit above 0");
  auto r = conn_->Run(
      "SELECT * FROM (SELECT id, case_id, send_id, taken_at, reactions, comments, shares, impressions, error "
      "FROM reach_snapshots WHERE case_id = $1 ORDER BY taken_at DESC, id DESC LIMIT $2) s ORDER BY taken_at, id",
      Params().add(case_id).add(int64_t{limit}));
  if (!r.ok()) return r.status();
  std::vector<ReachSnapshot> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(ReadReach(*r, i));
  return out;
}

Result<std::vector<CaseEvent>> PgDeskStore::CaseEvents(int64_t case_id) {
  auto r = conn_->Run(
      "SELECT id, case_id, at, actor_id, action, from_state, to_state, note FROM case_events "
      "WHERE case_id = $1 ORDER BY id",
      Params().add(case_id));
  if (!r.ok()) return r.status();
  std::vector<CaseEvent> out;
  for (int i = 0; i < r->size(); ++i) {
    CaseEvent e;
    e.id = r->i64(i, 0);
    e.case_id = r->i64(i, 1);
    e.at = r->i64(i, 2);
    e.actor_id = r->i64(i, 3);
    e.action = r->str(i, 4);
    e.from_state = r->str(i, 5);
    e.to_state = r->str(i, 6);
    e.note = r->str(i, 7);
    out.push_back(std::move(e));
  }
  return out;
}

Status PgDeskStore::AddCaseLink(const CaseLink& l) {
  VOX_RETURN_IF_ERROR(Writable());
  auto exists = conn_->Run("SELECT 1 FROM cases WHERE id = $1", Params().add(l.case_id));
  if (!exists.ok()) return exists.status();
  if (!exists->size()) return Status::NotFound("case " + std::to_string(l.case_id) + " does not exist");
  return Done(conn_->Run("INSERT INTO case_links(case_id, kind, ref) VALUES($1, $2, $3) ON CONFLICT DO NOTHING",
                         Params().add(l.case_id).add(l.kind).add(l.ref)));
}

Result<std::vector<CaseLink>> PgDeskStore::CaseLinks(int64_t case_id) {
  auto r = conn_->Run(
      "SELECT case_id, kind, ref FROM case_links WHERE case_id = $1 ORDER BY kind COLLATE \"C\", ref COLLATE \"C\"",
      Params().add(case_id));
  if (!r.ok()) return r.status();
  std::vector<CaseLink> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(CaseLink{r->i64(i, 0), r->str(i, 1), r->str(i, 2)});
  return out;
}

// ---- Reports.

Result<int64_t> PgDeskStore::InsertReport(const Report& rep) {
  VOX_RETURN_IF_ERROR(Writable());
  auto r = conn_->Run(
      "INSERT INTO reports(created_by, created_at, text, link, place, concern, case_id) "
      "VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      Params().add(rep.created_by).add(rep.created_at).add(rep.text).add(rep.link).add(rep.place).add(rep.concern)
          .add(rep.case_id));
  if (!r.ok()) return r.status();
  return r->i64(0, 0);
}

Result<std::optional<Report>> PgDeskStore::GetReport(int64_t id) {
  auto r = conn_->Run(VOX_REPORT_COLUMNS " WHERE id = $1", Params().add(id));
  if (!r.ok()) return r.status();
  return r->size() ? std::optional<Report>(ReadReport(*r, 0)) : std::nullopt;
}

Status PgDeskStore::SetReportCase(int64_t report_id, int64_t case_id) {
  VOX_RETURN_IF_ERROR(Writable());
  auto r = conn_->Run("UPDATE reports SET case_id = $2 WHERE id = $1", Params().add(report_id).add(case_id));
  if (!r.ok()) return r.status();
  if (r->affected() == 0) return Status::NotFound("no report " + std::to_string(report_id));
  return Status::Ok();
}

Result<std::vector<Report>> PgDeskStore::ListReports(int64_t created_by, int64_t after_id, int limit) {
  if (limit <= 0) return Status::InvalidArgument("a report list needs a limit above 0");
  std::string sql = VOX_REPORT_COLUMNS;
  Params p;
  auto arg = [&](int64_t v) {
    p.add(v);
    return "$" + std::to_string(p.count()) + "::bigint";
  };
  const char* glue = " WHERE ";
  if (created_by != 0) {
    sql += glue + ("created_by = " + arg(created_by));
    glue = " AND ";
  }
  if (after_id > 0) sql += glue + ("id < " + arg(after_id));
  sql += " ORDER BY id DESC LIMIT " + arg(limit);
  auto r = conn_->RunText(sql, std::move(p));
  if (!r.ok()) return r.status();
  std::vector<Report> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(ReadReport(*r, i));
  return out;
}

// ---- Audit log.

Status PgDeskStore::LockAudit() {
  // Held until the transaction ends; outside one it is released at once and
  // the append's own check (and the seq key) keep the chain gap-free.
  if (read_only_ || !in_txn_) return Status::Ok();
  return Done(conn_->Run("SELECT pg_advisory_xact_lock($1)", Params().add(kAuditLock)));
}

Result<AuditEntry> PgDeskStore::LastAudit() {
  VOX_RETURN_IF_ERROR(LockAudit());
  auto r = conn_->Run(VOX_AUDIT_COLUMNS " ORDER BY seq DESC LIMIT 1");
  if (!r.ok()) return r.status();
  return r->size() ? ReadAudit(*r, 0) : AuditEntry{};
}

Status PgDeskStore::AppendAudit(const AuditEntry& e) {
  VOX_RETURN_IF_ERROR(Writable());
  VOX_RETURN_IF_ERROR(LockAudit());
  auto r = conn_->Run(
      "INSERT INTO audit(seq, at, actor, action, target, before, after, prev_hash, hash) "
      "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE $1 = (SELECT coalesce(max(seq), 0) + 1 FROM audit) "
      "ON CONFLICT DO NOTHING",
      Params().add(e.seq).add(e.at).add(e.actor).add(e.action).add(e.target).add(e.before).add(e.after)
          .add(e.prev_hash).add(e.hash));
  if (!r.ok()) return r.status();
  if (r->affected() == 1) return Status::Ok();
  auto last = LastAudit();
  if (!last.ok()) return last.status();
  return Status::Conflict("audit entry " + std::to_string(e.seq) + " does not follow the last one (" +
                          std::to_string(last->seq) + ")");
}

Status PgDeskStore::ForEachAudit(const AuditQuery& q, const std::function<bool(const AuditEntry&)>& fn) {
  Filter f(VOX_AUDIT_COLUMNS);
  std::string& sql = f.sql;
  Params& p = f.p;
  auto where = [&](const std::string& cond) { f.Where(cond); };
  auto arg = [&](auto v) { return f.Arg(v); };
  if (q.since != 0) where("at >= " + arg(q.since) + "::bigint");
  if (!q.actor.empty()) where("actor = " + arg(q.actor));
  if (!q.target.empty()) where("target = " + arg(q.target));
  if (q.after_seq > 0) where("seq > " + arg(q.after_seq) + "::bigint");
  sql += " ORDER BY seq";
  if (q.limit > 0) sql += " LIMIT " + arg(int64_t{q.limit}) + "::bigint";
  auto r = conn_->RunText(sql, std::move(p));
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->size(); ++i) {
    if (!fn(ReadAudit(*r, i))) break;
  }
  return Status::Ok();
}

}  // namespace vox::store
