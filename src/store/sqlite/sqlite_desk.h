// SQLite backend of the DeskStore: the desk's tables (migration 6 -> 7 in
// sqlite_store.cc) in the same file as the items, through a connection of
// its own opened the way SqliteStore opens one (WAL, busy timeout, foreign
// keys). It never creates or migrates a store: that is `vox init`'s, through
// Store::Open.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "store/desk_store.h"

namespace vox::store {

class SqliteDeskStore final : public DeskStore {
 public:
  // `path` is the store's file. NotFound when there is none; Corruption when
  // its schema is not kSchemaVersion (older: run `vox init`; newer: upgrade).
  static Result<std::unique_ptr<DeskStore>> Open(const std::string& path, const OpenOptions& opts);
  ~SqliteDeskStore() override;
  SqliteDeskStore(const SqliteDeskStore&) = delete;
  SqliteDeskStore& operator=(const SqliteDeskStore&) = delete;

  const Clock& clock() const override { return *clock_; }
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;

  Result<int64_t> InsertUser(const User& u) override;
  Status UpdateUser(const User& u) override;
  Result<std::optional<User>> GetUser(int64_t id) override;
  Result<std::optional<User>> FindUser(const std::string& name) override;
  Status ForEachUser(const std::function<bool(const User&)>& fn) override;
  Result<int64_t> CountUsers() override;

  Status PutSession(const Session& s) override;
  Result<std::optional<Session>> GetSession(const std::string& token_hash) override;
  Status TouchSession(const std::string& token_hash, int64_t last_seen) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteSessionsOf(int64_t user_id) override;
  Status DeleteSessionsIdleSince(int64_t before) override;

  Result<int64_t> InsertToken(const ApiToken& t) override;
  Result<std::optional<ApiToken>> FindToken(const std::string& token_hash) override;
  Status TouchToken(int64_t id, int64_t last_used) override;
  Status RevokeToken(int64_t id) override;
  Status ForEachToken(const std::function<bool(const ApiToken&)>& fn) override;

  Result<int> RecordLoginFailure(const std::string& address, int64_t at, int64_t window_start) override;
  Result<int> LoginFailuresSince(const std::string& address, int64_t window_start) override;
  Status ClearLoginFailures(const std::string& address) override;

  Result<int64_t> InsertUnit(const Unit& u) override;
  Result<std::optional<Unit>> GetUnit(int64_t id) override;
  Result<std::optional<Unit>> FindUnit(const std::string& name) override;
  Status ForEachUnit(const std::function<bool(const Unit&)>& fn) override;

  Result<int64_t> InsertCase(const Case& c) override;
  Result<std::optional<Case>> GetCase(int64_t id) override;
  Status UpdateCase(const Case& c, int64_t expected_version) override;
  Result<std::vector<Case>> ListCases(const CaseQuery& q) override;
  Result<int64_t> CountCases() override;
  Result<std::vector<OpenCaseCount>> CountOpenCases(int64_t now, int64_t soon) override;
  Result<int64_t> PurgeContacts(int64_t closed_before) override;
  Result<int64_t> AppendCaseEvent(const CaseEvent& e) override;
  Result<std::vector<CaseEvent>> CaseEvents(int64_t case_id) override;
  Status AddCaseLink(const CaseLink& l) override;
  Result<std::vector<CaseLink>> CaseLinks(int64_t case_id) override;

  Result<int64_t> InsertReport(const Report& r) override;
  Result<std::optional<Report>> GetReport(int64_t id) override;
  Status SetReportCase(int64_t report_id, int64_t case_id) override;
  Result<std::vector<Report>> ListReports(int64_t created_by, int64_t after_id, int limit) override;

  Status PutCaseReply(int64_t case_id, const std::string& sealed) override;
  Result<std::optional<std::string>> GetCaseReply(int64_t case_id) override;
  Result<int64_t> InsertSend(const OutboxSend& s) override;
  Result<std::optional<OutboxSend>> GetSend(int64_t id) override;
  Status UpdateSend(const OutboxSend& s) override;
  Result<std::vector<OutboxSend>> ListSends(const OutboxQuery& q) override;
  Result<std::optional<OutboxSend>> NextSend(int64_t now) override;
  Result<int64_t> InsertReachSnapshot(const ReachSnapshot& r) override;
  Result<std::optional<ReachSnapshot>> LastReachSnapshot(int64_t send_id) override;
  Result<std::vector<ReachSnapshot>> ReachSnapshots(int64_t case_id, int limit) override;

  Result<AuditEntry> LastAudit() override;
  Status AppendAudit(const AuditEntry& e) override;
  Status ForEachAudit(const AuditQuery& q, const std::function<bool(const AuditEntry&)>& fn) override;

  // SQLite's plan for the statement ListCases(q) runs, one line per step
  // ("SEARCH cases USING INDEX cases_state (state=? AND rowid<?)"): tests
  // check that case lists stay index reads.
  Result<std::string> ExplainListCases(const CaseQuery& q);

  // A statement in use (sqlite_desk.cc's own; public only so that the row
  // readers there can name it).
  class Query;

 private:
  SqliteDeskStore() = default;
  // A cached statement (prepared once per SQL text), or a fresh one for the
  // ForEach* walks, whose callbacks may call back into the store.
  Query Prepare(const std::string& sql);
  Query PrepareFresh(const std::string& sql);
  Status Exec(const char* sql);
  Status Error(const std::string& what) const;
  // Unsupported when the store was opened read-only: every write asks first.
  Status Writable() const;
  // The error of a failed write: Conflict for a unique name (`name`),
  // NotFound for a parent row that does not exist (`parent`), else IoError.
  Status WriteError(const std::string& what, const std::string& name, const std::string& parent) const;
  struct Statement;
  // The case list's SQL for q's filters and the values to bind.
  Status ListCasesSql(const CaseQuery& q, Statement* out) const;

  sqlite3* db_ = nullptr;
  std::string path_;
  bool read_only_ = false;
  const Clock* clock_ = nullptr;
  // Keyed by SQL text: the case list's statements are built from the query's
  // filters, one text per combination.
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace vox::store
