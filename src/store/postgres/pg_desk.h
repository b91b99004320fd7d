// PostgreSQL backend of the DeskStore: the desk's tables (created with the
// store's, pg_store.cc) through a connection of its own. Like the SQLite
// desk it never creates or migrates a store (`vox init` does, through
// Store::Open).
//
// Several writers: a case update writes only at the expected version (the
// row lock makes a concurrent second writer see the new version and write
// nothing: kConflict); the audit log is appended under a transaction-scoped
// advisory lock, taken by LastAudit inside a transaction too, so that the
// entry a writer chains onto is still the last when it appends.
#pragma once

#include <memory>
#include <string>

#include "store/desk_store.h"
#include "store/postgres/pg_conn.h"

namespace vox::store {

class PgDeskStore final : public DeskStore {
 public:
  static Result<std::unique_ptr<DeskStore>> Open(const std::string& uri, const OpenOptions& opts);

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

 private:
  PgDeskStore() = default;
  Status Writable() const;
  Status LockAudit();

  std::unique_ptr<pg::Conn> conn_;
  bool read_only_ = false;
  bool in_txn_ = false;
  const Clock* clock_ = nullptr;
};

}  // namespace vox::store
