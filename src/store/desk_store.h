// The desk's part of the store (records in desk_records.h). It lives in the
// same database as the items, in tables of its own, and is opened as a
// connection of its own: `vox serve` reads items read-only but writes cases.
// Like Store, a DeskStore is used by one thread at a time.
//
// Invariants whatever the backend:
//  - user and unit names are unique, and so is a token's name among the
//    tokens not revoked (a revoked token's replacement may take its name):
//    a name already taken is kConflict (Status::Conflict) naming it;
//  - UpdateCase writes only when the stored version equals `expected_version`,
//    then stores version + 1 (a stale write changes nothing: kConflict);
//  - audit entries are append-only from the store's side: AppendAudit takes
//    the next seq; nothing here edits or deletes one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "store/desk_records.h"
#include "store/store.h"

namespace vox::store {

class DeskStore {
 public:
  virtual ~DeskStore() = default;

  // Opens the desk tables of the store at `uri` (the same URI as Store::Open).
  // The store must already be at kSchemaVersion (`vox init` migrates; an
  // older store is kCorruption saying so); it is never created here.
  // read_only refuses every write with kUnsupported, and Begin then opens a
  // read transaction (one snapshot for several reads).
  static Result<std::unique_ptr<DeskStore>> Open(const std::string& uri, const OpenOptions& opts);

  virtual const Clock& clock() const = 0;
  virtual Status Begin() = 0;     // BEGIN IMMEDIATE: one writer at a time
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // ---- Users.
  virtual Result<int64_t> InsertUser(const User& u) = 0;  // returns the new id
  virtual Status UpdateUser(const User& u) = 0;           // by id; NotFound when absent
  virtual Result<std::optional<User>> GetUser(int64_t id) = 0;
  virtual Result<std::optional<User>> FindUser(const std::string& name) = 0;
  virtual Status ForEachUser(const std::function<bool(const User&)>& fn) = 0;
  virtual Result<int64_t> CountUsers() = 0;

  // ---- Sessions (keyed by the token's hash).
  // Touching or deleting a session that is gone is not an error.
  virtual Status PutSession(const Session& s) = 0;  // inserts or replaces; NotFound for an unknown user
  virtual Result<std::optional<Session>> GetSession(const std::string& token_hash) = 0;
  virtual Status TouchSession(const std::string& token_hash, int64_t last_seen) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteSessionsOf(int64_t user_id) = 0;          // on disable / password change
  virtual Status DeleteSessionsIdleSince(int64_t before) = 0;    // last_seen < before

  // ---- API tokens.
  virtual Result<int64_t> InsertToken(const ApiToken& t) = 0;
  virtual Result<std::optional<ApiToken>> FindToken(const std::string& token_hash) = 0;
  virtual Status TouchToken(int64_t id, int64_t last_used) = 0;
  virtual Status RevokeToken(int64_t id) = 0;                    // NotFound when absent
  virtual Status ForEachToken(const std::function<bool(const ApiToken&)>& fn) = 0;

  // ---- Login throttling per client address: failures counted in a window.
  // Returns the failures recorded for `address` since `window_start` after
  // adding this one. It also forgets every address's failures before
  // `window_start`, so the table never holds more than one window.
  virtual Result<int> RecordLoginFailure(const std::string& address, int64_t at, int64_t window_start) = 0;
  virtual Result<int> LoginFailuresSince(const std::string& address, int64_t window_start) = 0;
  virtual Status ClearLoginFailures(const std::string& address) = 0;

  // ---- Units.
  virtual Result<int64_t> InsertUnit(const Unit& u) = 0;
  virtual Result<std::optional<Unit>> GetUnit(int64_t id) = 0;
  virtual Result<std::optional<Unit>> FindUnit(const std::string& name) = 0;
  virtual Status ForEachUnit(const std::function<bool(const Unit&)>& fn) = 0;

  // ---- Cases.
  virtual Result<int64_t> InsertCase(const Case& c) = 0;  // c.id is ignored; c.version is stored as given (1)
  virtual Result<std::optional<Case>> GetCase(int64_t id) = 0;
  // Writes c (by id) when the stored version is expected_version, storing
  // c.version = expected_version + 1. kConflict (Status::Conflict) when stale,
  // NotFound when absent.
  virtual Status UpdateCase(const Case& c, int64_t expected_version) = 0;
  // Newest first (by id), filtered (CaseQuery).
  virtual Result<std::vector<Case>> ListCases(const CaseQuery& q) = 0;
  virtual Result<int64_t> CountCases() = 0;
  // OpenCaseCount per unit with an open case, by unit id. The default pages
  // through ListCases; a backend may count in place.
  virtual Result<std::vector<OpenCaseCount>> CountOpenCases(int64_t now, int64_t soon);
  // Cases whose contact details must go under retention: sets contact_sealed
  // to "" on closed cases (state "closed") closed before `cutoff`, moving
  // their version on (an editor's stale copy cannot write it back); returns
  // how many.
  virtual Result<int64_t> PurgeContacts(int64_t closed_before) = 0;

  virtual Result<int64_t> AppendCaseEvent(const CaseEvent& e) = 0;  // NotFound for an unknown case
  virtual Result<std::vector<CaseEvent>> CaseEvents(int64_t case_id) = 0;  // oldest first
  virtual Status AddCaseLink(const CaseLink& l) = 0;  // idempotent; NotFound for an unknown case
  virtual Result<std::vector<CaseLink>> CaseLinks(int64_t case_id) = 0;

  // ---- Collaborators' reports.
  virtual Result<int64_t> InsertReport(const Report& r) = 0;
  virtual Result<std::optional<Report>> GetReport(int64_t id) = 0;
  virtual Status SetReportCase(int64_t report_id, int64_t case_id) = 0;  // NotFound when absent
  // Newest first; created_by != 0 keeps one collaborator's own reports;
  // after_id > 0 keeps ids below it (keyset paging); limit must be above 0.
  virtual Result<std::vector<Report>> ListReports(int64_t created_by, int64_t after_id, int limit) = 0;

  // ---- The outbox (OutboxSend) and where a case's reply goes. SQLite keeps
  // them; other backends answer kUnsupported for now (docs/channels.md).
  // A case's reply address: sealed, one per case, gone with the case.
  virtual Status PutCaseReply(int64_t case_id, const std::string& sealed);
  virtual Result<std::optional<std::string>> GetCaseReply(int64_t case_id);
  // kConflict when idempotency_key is taken (nothing written); returns the new id.
  virtual Result<int64_t> InsertSend(const OutboxSend& s);
  virtual Result<std::optional<OutboxSend>> GetSend(int64_t id);
  virtual Status UpdateSend(const OutboxSend& s);  // by id; NotFound when absent
  // Newest first, filtered.
  virtual Result<std::vector<OutboxSend>> ListSends(const OutboxQuery& q);
  // The oldest send that needs work at `now`: "sending" (interrupted) first,
  // then "queued", then "retrying" whose next_at has come.
  virtual Result<std::optional<OutboxSend>> NextSend(int64_t now);

  // ---- Reach snapshots (ReachSnapshot), taken on a schedule. SQLite and
  // PostgreSQL keep them; other backends answer kUnsupported.
  // NotFound for an unknown case; returns the new id.
  virtual Result<int64_t> InsertReachSnapshot(const ReachSnapshot& r);
  // A send's newest snapshot, if any.
  virtual Result<std::optional<ReachSnapshot>> LastReachSnapshot(int64_t send_id);
  // A case's snapshots, oldest first: the newest `limit` of them.
  virtual Result<std::vector<ReachSnapshot>> ReachSnapshots(int64_t case_id, int limit);

  // ---- Audit log.
  // The last entry (seq 0 and empty hashes when the log is empty).
  virtual Result<AuditEntry> LastAudit() = 0;
  // Appends e as given (the caller computed seq = last + 1 and the hashes
  // inside the same transaction). kConflict, writing nothing, when e.seq is
  // not the last seq + 1: the log stays gap-free.
  virtual Status AppendAudit(const AuditEntry& e) = 0;
  // Oldest first; filtered by AuditQuery.
  virtual Status ForEachAudit(const AuditQuery& q, const std::function<bool(const AuditEntry&)>& fn) = 0;
};

// Runs `fn` inside Begin/Commit: a failing `fn` or Commit rolls back and
// returns its status (every desk write and its audit entry go through this).
template <typename Fn>
Status InTransaction(DeskStore& ds, Fn&& fn) {
  VOX_RETURN_IF_ERROR(ds.Begin());
  Status st = fn();
  if (!st.ok()) {
    ds.Rollback().PermitUncheckedError();
    return st;
  }
  Status c = ds.Commit();
  if (!c.ok()) ds.Rollback().PermitUncheckedError();
  return c;
}

}  // namespace vox::store
