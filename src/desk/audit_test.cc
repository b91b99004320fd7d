// The audit chain against a small in-memory DeskStore that keeps only the
// audit log (every other method is Unsupported): the chain's logic does not
// depend on the backend, and tampering is done by editing the fake's vector
// the way someone with write access to the database would edit its rows.
#include "desk/audit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace vox::desk {
namespace {

using store::AuditEntry;

class AuditOnlyDeskStore final : public store::DeskStore {
 public:
  explicit AuditOnlyDeskStore(int64_t now) : clock_(now) {}

  FixedClock& mutable_clock() { return clock_; }
  std::vector<AuditEntry>& rows() { return rows_; }
  void FailReads(bool fail) { fail_reads_ = fail; }

  const Clock& clock() const override { return clock_; }
  Status Begin() override { return Status::Ok(); }
  Status Commit() override { return Status::Ok(); }
  Status Rollback() override { return Status::Ok(); }

  Result<AuditEntry> LastAudit() override {
    if (fail_reads_) return Status::IoError("disk I/O error");
    AuditEntry last;
    for (const auto& e : rows_) {
      if (e.seq > last.seq) last = e;
    }
    return last;
  }
  Status AppendAudit(const AuditEntry& e) override {
    rows_.push_back(e);
    return Status::Ok();
  }
  // Oldest first, that is by seq, like the SQL backend's ORDER BY seq.
  Status ForEachAudit(const store::AuditQuery& q, const std::function<bool(const AuditEntry&)>& fn) override {
    if (fail_reads_) return Status::IoError("disk I/O error");
    std::vector<AuditEntry> sorted = rows_;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
    for (const auto& e : sorted) {
      if (e.seq <= q.after_seq) continue;
      if (!fn(e)) break;
    }
    return Status::Ok();
  }

  // ---- Not needed by the audit chain.
  Result<int64_t> InsertUser(const store::User&) override { return No(); }
  Status UpdateUser(const store::User&) override { return No(); }
  Result<std::optional<store::User>> GetUser(int64_t) override { return No(); }
  Result<std::optional<store::User>> FindUser(const std::string&) override { return No(); }
  Status ForEachUser(const std::function<bool(const store::User&)>&) override { return No(); }
  Result<int64_t> CountUsers() override { return No(); }
  Status PutSession(const store::Session&) override { return No(); }
  Result<std::optional<store::Session>> GetSession(const std::string&) override { return No(); }
  Status TouchSession(const std::string&, int64_t) override { return No(); }
  Status DeleteSession(const std::string&) override { return No(); }
  Status DeleteSessionsOf(int64_t) override { return No(); }
  Status DeleteSessionsIdleSince(int64_t) override { return No(); }
  Result<int64_t> InsertToken(const store::ApiToken&) override { return No(); }
  Result<std::optional<store::ApiToken>> FindToken(const std::string&) override { return No(); }
  Status TouchToken(int64_t, int64_t) override { return No(); }
  Status RevokeToken(int64_t) override { return No(); }
  Status ForEachToken(const std::function<bool(const store::ApiToken&)>&) override { return No(); }
  Result<int> RecordLoginFailure(const std::string&, int64_t, int64_t) override { return No(); }
  Result<int> LoginFailuresSince(const std::string&, int64_t) override { return No(); }
  Status ClearLoginFailures(const std::string&) override { return No(); }
  Result<int64_t> InsertUnit(const store::Unit&) override { return No(); }
  Result<std::optional<store::Unit>> GetUnit(int64_t) override { return No(); }
  Result<std::optional<store::Unit>> FindUnit(const std::string&) override { return No(); }
  Status ForEachUnit(const std::function<bool(const store::Unit&)>&) override { return No(); }
  Result<int64_t> InsertCase(const store::Case&) override { return No(); }
  Result<std::optional<store::Case>> GetCase(int64_t) override { return No(); }
  Status UpdateCase(const store::Case&, int64_t) override { return No(); }
  Result<std::vector<store::Case>> ListCases(const store::CaseQuery&) override { return No(); }
  Result<int64_t> CountCases() override { return No(); }
  Result<int64_t> PurgeContacts(int64_t) override { return No(); }
  Result<int64_t> AppendCaseEvent(const store::CaseEvent&) override { return No(); }
  Result<std::vector<store::CaseEvent>> CaseEvents(int64_t) override { return No(); }
  Status AddCaseLink(const store::CaseLink&) override { return No(); }
  Result<std::vector<store::CaseLink>> CaseLinks(int64_t) override { return No(); }
  Result<int64_t> InsertReport(const store::Report&) override { return No(); }
  Result<std::optional<store::Report>> GetReport(int64_t) override { return No(); }
  Status SetReportCase(int64_t, int64_t) override { return No(); }
  Result<std::vector<store::Report>> ListReports(int64_t, int64_t, int) override { return No(); }

 private:
  static Status No() { return Status::Unsupported("not part of the audit fake"); }

  FixedClock clock_;
  std::vector<AuditEntry> rows_;
  bool fail_reads_ = false;
};

constexpr int64_t kT0 = 1'790'000'000;

// Five entries, one a minute.
void FillFive(AuditOnlyDeskStore& ds) {
  const char* actions[] = {"login", "user.add", "case.state", "setting.set", "purge"};
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(AppendAudit(ds, "user:1", actions[i], "case:" + std::to_string(i + 10), "{\"state\":\"new\"}",
                            "{\"state\":\"triaged\"}")
                    .ok());
    ds.mutable_clock().Advance(60);
  }
}

AuditCheck MustVerify(AuditOnlyDeskStore& ds) {
  auto r = VerifyAudit(ds);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : AuditCheck{};
}

TEST(AuditCanonical, FieldsAreLengthPrefixed) {
  AuditEntry a, b;
  a.actor = "ab";
  a.action = "c";
  b.actor = "a";
  b.action = "bc";
  EXPECT_NE(CanonicalAudit(a), CanonicalAudit(b));
  EXPECT_NE(ChainHash("", a), ChainHash("", b));
  // Moving text between before and after changes the hash too.
  AuditEntry c, d;
  c.before = "{\"x\":1}";
  d.after = "{\"x\":1}";
  EXPECT_NE(ChainHash("", c), ChainHash("", d));
}

TEST(AuditCanonical, HashesCoverEveryFieldButTheHashes) {
  AuditEntry e;
  e.seq = 3;
  e.at = kT0;
  e.actor = "user:3";
  e.action = "case.state";
  e.target = "case:12";
  e.before = "{}";
  e.after = "{\"state\":\"closed\"}";
  const std::string h = ChainHash("prev", e);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos) << h;
  EXPECT_NE(ChainHash("prev2", e), h);
  for (int field = 0; field < 7; ++field) {
    AuditEntry x = e;
    switch (field) {
      case 0: x.seq = 4; break;
      case 1: x.at = kT0 + 1; break;
      case 2: x.actor = "user:4"; break;
      case 3: x.action = "case.edit"; break;
      case 4: x.target = "case:13"; break;
      case 5: x.before = "{ }"; break;
      case 6: x.after = "{\"state\":\"open\"}"; break;
    }
    EXPECT_NE(ChainHash("prev", x), h) << "field " << field;
  }
  // The stored hashes are not part of what is hashed.
  AuditEntry y = e;
  y.prev_hash = "something";
  y.hash = "else";
  EXPECT_EQ(ChainHash("prev", y), h);
}

TEST(AuditChain, AppendFillsSeqTimeAndHashes) {
  AuditOnlyDeskStore ds(kT0);
  FillFive(ds);
  const auto& rows = ds.rows();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].seq, 1);
  EXPECT_EQ(rows[0].at, kT0);
  EXPECT_EQ(rows[0].prev_hash, "");
  EXPECT_EQ(rows[0].hash, ChainHash("", rows[0]));
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].seq, static_cast<int64_t>(i) + 1);
    EXPECT_EQ(rows[i].at, kT0 + 60 * static_cast<int64_t>(i));
    EXPECT_EQ(rows[i].prev_hash, rows[i - 1].hash);
    EXPECT_EQ(rows[i].hash, ChainHash(rows[i].prev_hash, rows[i]));
  }
  EXPECT_EQ(rows[2].action, "case.state");
  EXPECT_EQ(rows[2].target, "case:12");
}

TEST(AuditChain, EmptyAndIntactChainsVerify) {
  AuditOnlyDeskStore ds(kT0);
  AuditCheck empty = MustVerify(ds);
  EXPECT_EQ(empty.entries, 0);
  EXPECT_FALSE(empty.first_break.has_value());

  FillFive(ds);
  AuditCheck c = MustVerify(ds);
  EXPECT_EQ(c.entries, 5);
  EXPECT_FALSE(c.first_break.has_value()) << c.first_break->why;
}

TEST(AuditChain, AnEditedFieldIsFound) {
  AuditOnlyDeskStore ds(kT0);
  FillFive(ds);
  ds.rows()[2].after = "{\"state\":\"closed\"}";
  AuditCheck c = MustVerify(ds);
  EXPECT_EQ(c.entries, 5);
  ASSERT_TRUE(c.first_break.has_value());
  EXPECT_EQ(c.first_break->seq, 3);
  EXPECT_EQ(c.first_break->why, "entry 3: hash does not match (its fields were edited)");
}

TEST(AuditChain, AnEditedTimeIsFound) {
  AuditOnlyDeskStore ds(kT0);
  FillFive(ds);
  ds.rows()[3].at -= 3600;
  AuditCheck c = MustVerify(ds);
  ASSERT_TRUE(c.first_break.has_value());
  EXPECT_EQ(c.first_break->seq, 4);
}

TEST(AuditChain, ADeletedMiddleEntryIsFound) {
  AuditOnlyDeskStore ds(kT0);
  FillFive(ds);
  ds.rows().erase(ds.rows().begin() + 2);  // seq 3
  AuditCheck c = MustVerify(ds);
  EXPECT_EQ(c.entries, 4);
  ASSERT_TRUE(c.first_break.has_value());
  EXPECT_EQ(c.first_break->seq, 4);
  EXPECT_EQ(c.first_break->why, "entry 4: seq jumps from 2 to 4 (an entry was deleted)");
}

TEST(AuditChain, ADeletionHiddenByRenumberingIsFound) {
  AuditOnlyDeskStore ds(kT0);
  FillFive(ds);
  ds.rows().erase(ds.rows().begin() + 2);
  ds.rows()[2].seq = 3;
  ds.rows()[3].seq = 4;
  AuditCheck c = MustVerify(ds);
  ASSERT_TRUE(c.first_break.has_value());
  // Entry 4 (was 4) now sits at seq 3: its prev_hash is entry 3's old hash.
  EXPECT_EQ(c.first_break->seq, 3);
  EXPECT_EQ(c.first_break->why, "entry 3: prev_hash is not the hash of entry 2 (reordered or an entry before it was removed)");
}

TEST(AuditChain, TheFirstEntryDeletedIsFound) {
  AuditOnlyDeskStore ds(kT0);
  FillFive(ds);
  ds.rows().erase(ds.rows().begin());
  AuditCheck c = MustVerify(ds);
  ASSERT_TRUE(c.first_break.has_value());
  EXPECT_EQ(c.first_break->seq, 2);
  EXPECT_EQ(c.first_break->why, "entry 2: the log starts at seq 2 (the entries before it were deleted)");
}

TEST(AuditChain, TwoSwappedEntriesAreFound) {
  AuditOnlyDeskStore ds(kT0);
  FillFive(ds);
  // Swap what entries 2 and 3 say, keeping their places (their seq).
  std::swap(ds.rows()[1], ds.rows()[2]);
  std::swap(ds.rows()[1].seq, ds.rows()[2].seq);
  AuditCheck c = MustVerify(ds);
  EXPECT_EQ(c.entries, 5);
  ASSERT_TRUE(c.first_break.has_value());
  EXPECT_EQ(c.first_break->seq, 2);
  EXPECT_EQ(c.first_break->why,
            "entry 2: prev_hash is not the hash of entry 1 (reordered or an entry before it was removed)");
}

TEST(AuditChain, DuplicatedSeqIsFound) {
  AuditOnlyDeskStore ds(kT0);
  FillFive(ds);
  ds.rows().push_back(ds.rows()[1]);  // seq 2 again, after 5 in storage; sorted after the first 2
  AuditCheck c = MustVerify(ds);
  ASSERT_TRUE(c.first_break.has_value());
  EXPECT_EQ(c.first_break->seq, 2);
  EXPECT_EQ(c.first_break->why, "entry 2: seq 2 follows 2 (entries were renumbered or duplicated)");
}

// A known limit, documented in audit.h: a log cut after entry k is a valid
// chain of k entries. Only the last seq and hash kept somewhere else (a
// backup, a report) show that entries 5.. existed.
TEST(AuditChain, DeletingTheLastEntryIsNotDetectableByTheChainAlone) {
  AuditOnlyDeskStore ds(kT0);
  FillFive(ds);
  const std::string last_hash = ds.rows().back().hash;
  ds.rows().pop_back();
  AuditCheck c = MustVerify(ds);
  EXPECT_EQ(c.entries, 4);
  EXPECT_FALSE(c.first_break.has_value());
  // What a copy of the last hash would have told.
  EXPECT_NE(ds.rows().back().hash, last_hash);
  // The next append continues from entry 4 as if 5 had never been.
  ASSERT_TRUE(AppendAudit(ds, "cli", "setting.set", "setting:retention", "{}", "{}").ok());
  EXPECT_EQ(ds.rows().back().seq, 5);
  EXPECT_FALSE(MustVerify(ds).first_break.has_value());
}

TEST(AuditChain, StoreErrorsAreReturned) {
  AuditOnlyDeskStore ds(kT0);
  FillFive(ds);
  ds.FailReads(true);
  auto r = VerifyAudit(ds);
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  Status st = AppendAudit(ds, "cli", "purge", "", "", "");
  EXPECT_EQ(st.code(), StatusCode::kIoError);
  EXPECT_EQ(ds.rows().size(), 5u);
}

}  // namespace
}  // namespace vox::desk
