// The desk store's behaviour, written once against the DeskStore interface
// and run on every backend, as store_test.cc does for Store: a new backend
// is added to Backends() below and must pass the whole suite unchanged.
// What only SQLite has (its migration, its query plans) is in
// sqlite/sqlite_desk_test.cc.
#include "store/desk_store.h"

#include "store/backends_test_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <thread>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace vox::store {
namespace {

constexpr int64_t kNow = 1790000000;

class DeskSuite : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("vox_desk_suite_");
    uri_ = GetParam().uri(dir_);
    // `vox init`: the store is made (and migrated) by Store::Open.
    auto st = Store::Open(uri_, {.create = true});
    ASSERT_TRUE(st.ok()) << st.status().message();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<DeskStore> OpenOrDie(bool read_only = false) {
    OpenOptions o;
    o.clock = &clock_;
    o.read_only = read_only;
    auto ds = DeskStore::Open(uri_, o);
    EXPECT_TRUE(ds.ok()) << ds.status().message();
    return ds.ok() ? std::move(ds).value() : nullptr;
  }

  static User MakeUser(const std::string& name, const std::string& role = "editor") {
    User u;
    u.name = name;
    u.role = role;
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    u.created_at = kNow;
    return u;
  }

  static Case MakeCase(const std::string& title, const std::string& state = "new", const std::string& kind = "concern",
                       int64_t unit_id = 0, int64_t due_at = 0) {
    Case c;
    c.version = 1;
    c.kind = kind;
    c.state = state;
    c.title = title;
    c.description = "mất điện từ 7h";
    c.origin = "hand";
    c.unit_id = unit_id;
    c.due_at = due_at;
    c.created_at = kNow;
    c.updated_at = kNow;
    return c;
  }

  static AuditEntry MakeAudit(int64_t seq, int64_t at, const std::string& actor, const std::string& target) {
    AuditEntry e;
    e.seq = seq;
    e.at = at;
    e.actor = actor;
    e.action = "case.state";
    e.target = target;
    e.before = R"({"state":"new"})";
    e.after = R"({"state":"triaged"})";
    e.prev_hash = seq == 1 ? "" : "h" + std::to_string(seq - 1);
    e.hash = "h" + std::to_string(seq);
    return e;
  }

  static std::vector<int64_t> Ids(const std::vector<Case>& cases) {
    std::vector<int64_t> ids;
    for (const Case& c : cases) ids.push_back(c.id);
    return ids;
  }

  FixedClock clock_{kNow};
  std::filesystem::path dir_;
  std::string uri_;
};

TEST_P(DeskSuite, UsersInsertFindUpdateAndNamesAreUnique) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(*ds->CountUsers(), 0);
  auto id = ds->InsertUser(MakeUser("lan"));
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto id2 = ds->InsertUser(MakeUser("minh", "viewer"));
  ASSERT_TRUE(id2.ok());
  EXPECT_NE(*id, *id2);

  auto dup = ds->InsertUser(MakeUser("lan", "admin"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kConflict);
  EXPECT_NE(dup.status().message().find("lan"), std::string::npos) << dup.status().message();
  EXPECT_EQ(*ds->CountUsers(), 2);

  auto found = ds->FindUser("lan");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, *id);
  EXPECT_EQ((*found)->role, "editor");
  EXPECT_FALSE((*found)->disabled);
  EXPECT_FALSE(ds->FindUser("nobody")->has_value());
  EXPECT_FALSE(ds->GetUser(9999)->has_value());

  User u = **found;
  u.role = "admin";
  u.disabled = true;
  u.unit_id = 3;
  u.failed_logins = 4;
  u.locked_until = kNow + 900;
  ASSERT_TRUE(ds->UpdateUser(u).ok());
  auto got = ds->GetUser(*id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->role, "admin");
  EXPECT_TRUE((*got)->disabled);
  EXPECT_EQ((*got)->unit_id, 3);
  EXPECT_EQ((*got)->failed_logins, 4);
  EXPECT_EQ((*got)->locked_until, kNow + 900);
  EXPECT_EQ((*got)->password_hash, u.password_hash);

  // Renaming onto a taken name is a conflict too, and changes nothing.
  u.name = "minh";
  Status renamed = ds->UpdateUser(u);
  EXPECT_EQ(renamed.code(), StatusCode::kConflict);
  EXPECT_NE(renamed.message().find("minh"), std::string::npos);
  EXPECT_EQ((*ds->GetUser(*id))->name, "lan");

  User ghost = MakeUser("ghost");
  ghost.id = 9999;
  EXPECT_EQ(ds->UpdateUser(ghost).code(), StatusCode::kNotFound);

  std::vector<std::string> names;
  ASSERT_TRUE(ds->ForEachUser([&](const User& x) { names.push_back(x.name); return true; }).ok());
  EXPECT_EQ(names, (std::vector<std::string>{"lan", "minh"}));
}

TEST_P(DeskSuite, SessionsPutGetTouchAndDelete) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  const int64_t lan = *ds->InsertUser(MakeUser("lan"));
  const int64_t minh = *ds->InsertUser(MakeUser("minh"));
  auto put = [&](const std::string& hash, int64_t user, int64_t last_seen) {
    Session s;
    s.token_hash = hash;
    s.user_id = user;
    s.csrf = "csrf-" + hash;
    s.created_at = kNow;
    s.last_seen = last_seen;
    return ds->PutSession(s);
  };
  ASSERT_TRUE(put("a1", lan, kNow).ok());
  ASSERT_TRUE(put("a2", lan, kNow - 7200).ok());
  ASSERT_TRUE(put("b1", minh, kNow - 7200).ok());
  EXPECT_EQ(put("x", 9999, kNow).code(), StatusCode::kNotFound);

  auto s = ds->GetSession("a1");
  ASSERT_TRUE(s.ok() && s->has_value());
  EXPECT_EQ((*s)->user_id, lan);
  EXPECT_EQ((*s)->csrf, "csrf-a1");
  EXPECT_FALSE(ds->GetSession("nope")->has_value());

  ASSERT_TRUE(ds->TouchSession("a2", kNow - 60).ok());
  EXPECT_EQ((*ds->GetSession("a2"))->last_seen, kNow - 60);
  EXPECT_TRUE(ds->TouchSession("gone", kNow).ok());

  // Idle purge: b1 was last seen two hours ago.
  ASSERT_TRUE(ds->DeleteSessionsIdleSince(kNow - 3600).ok());
  EXPECT_FALSE(ds->GetSession("b1")->has_value());
  EXPECT_TRUE(ds->GetSession("a2")->has_value());

  ASSERT_TRUE(ds->DeleteSession("a1").ok());
  EXPECT_FALSE(ds->GetSession("a1")->has_value());
  EXPECT_TRUE(ds->DeleteSession("a1").ok());

  ASSERT_TRUE(put("b2", minh, kNow).ok());
  ASSERT_TRUE(ds->DeleteSessionsOf(lan).ok());
  EXPECT_FALSE(ds->GetSession("a2")->has_value());
  EXPECT_TRUE(ds->GetSession("b2")->has_value());
}

TEST_P(DeskSuite, TokensInsertFindRevokeAndList) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  ApiToken t;
  t.name = "zalo bridge";
  t.token_hash = "hash-1";
  t.role = "collaborator";
  t.created_by = 0;  // made from the CLI
  t.created_at = kNow;
  auto id = ds->InsertToken(t);
  ASSERT_TRUE(id.ok()) << id.status().message();

  auto found = ds->FindToken("hash-1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, *id);
  EXPECT_EQ((*found)->name, "zalo bridge");
  EXPECT_FALSE((*found)->revoked);
  EXPECT_FALSE(ds->FindToken("hash-2")->has_value());

  // A live token's name is taken...
  ApiToken same = t;
  same.token_hash = "hash-2";
  auto dup = ds->InsertToken(same);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kConflict);
  EXPECT_NE(dup.status().message().find("zalo bridge"), std::string::npos);

  ASSERT_TRUE(ds->TouchToken(*id, kNow + 5).ok());
  EXPECT_EQ((*ds->FindToken("hash-1"))->last_used, kNow + 5);

  ASSERT_TRUE(ds->RevokeToken(*id).ok());
  EXPECT_TRUE((*ds->FindToken("hash-1"))->revoked);
  EXPECT_EQ(ds->RevokeToken(9999).code(), StatusCode::kNotFound);

  // ...until it is revoked: its replacement takes the name.
  auto replacement = ds->InsertToken(same);
  ASSERT_TRUE(replacement.ok()) << replacement.status().message();
  EXPECT_GT(*replacement, *id);

  std::vector<std::pair<std::string, bool>> listed;
  ASSERT_TRUE(ds->ForEachToken([&](const ApiToken& x) {
    listed.emplace_back(x.token_hash, x.revoked);
    return true;
  }).ok());
  EXPECT_EQ(listed, (std::vector<std::pair<std::string, bool>>{{"hash-1", true}, {"hash-2", false}}));
}

TEST_P(DeskSuite, LoginFailuresAreCountedInTheWindow) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  const int64_t window = 900;
  EXPECT_EQ(*ds->LoginFailuresSince("10.0.0.1", kNow - window), 0);
  EXPECT_EQ(*ds->RecordLoginFailure("10.0.0.1", kNow - 2000, kNow - 2000 - window), 1);
  // The first failure is outside the next window (and forgotten).
  EXPECT_EQ(*ds->RecordLoginFailure("10.0.0.1", kNow - 100, kNow - 100 - window), 1);
  EXPECT_EQ(*ds->RecordLoginFailure("10.0.0.1", kNow, kNow - window), 2);
  EXPECT_EQ(*ds->RecordLoginFailure("10.0.0.2", kNow, kNow - window), 1);
  EXPECT_EQ(*ds->LoginFailuresSince("10.0.0.1", kNow - window), 2);
  EXPECT_EQ(*ds->LoginFailuresSince("10.0.0.1", kNow - 50), 1);
  ASSERT_TRUE(ds->ClearLoginFailures("10.0.0.1").ok());
  EXPECT_EQ(*ds->LoginFailuresSince("10.0.0.1", 0), 0);
  EXPECT_EQ(*ds->LoginFailuresSince("10.0.0.2", kNow - window), 1);
}

TEST_P(DeskSuite, UnitsAreFoundByIdAndUniqueName) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  Unit u;
  u.name = "UBND phường Bến Nghé";
  u.kind = "ward";
  u.created_at = kNow;
  auto id = ds->InsertUnit(u);
  ASSERT_TRUE(id.ok()) << id.status().message();
  Unit water;
  water.name = "Công ty Cấp nước";
  water.kind = "agency";
  water.created_at = kNow;
  ASSERT_TRUE(ds->InsertUnit(water).ok());
  auto dup = ds->InsertUnit(u);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kConflict);
  EXPECT_NE(dup.status().message().find("UBND phường Bến Nghé"), std::string::npos);

  auto got = ds->GetUnit(*id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->name, "UBND phường Bến Nghé");
  EXPECT_EQ((*got)->kind, "ward");
  EXPECT_EQ((*ds->FindUnit("Công ty Cấp nước"))->kind, "agency");
  EXPECT_FALSE(ds->FindUnit("nowhere")->has_value());
  EXPECT_FALSE(ds->GetUnit(9999)->has_value());
  int n = 0;
  ASSERT_TRUE(ds->ForEachUnit([&](const Unit&) { return ++n < 1; }).ok());  // stops when told
  EXPECT_EQ(n, 1);
}

TEST_P(DeskSuite, CaseUpdateNeedsTheCurrentVersion) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  Case c = MakeCase("mất điện ở phường An Hòa");
  c.category = "power";
  c.place = "An Hòa";
  c.origin = "story";
  c.origin_ref = "story:12";
  c.contact_sealed = "c2VhbGVk";
  c.created_by = 2;
  auto id = ds->InsertCase(c);
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_EQ(*ds->CountCases(), 1);

  auto got = ds->GetCase(*id);
  ASSERT_TRUE(got.ok() && got->has_value());
  Case stored = **got;
  EXPECT_EQ(stored.id, *id);
  EXPECT_EQ(stored.version, 1);
  EXPECT_EQ(stored.title, "mất điện ở phường An Hòa");
  EXPECT_EQ(stored.origin_ref, "story:12");
  EXPECT_EQ(stored.contact_sealed, "c2VhbGVk");
  EXPECT_EQ(stored.created_by, 2);

  // Every field goes through.
  Case next = stored;
  next.state = "answered";
  next.unit_id = 4;
  next.assignee_id = 7;
  next.due_at = kNow + 86400;
  next.duplicate_of = 0;
  next.responsible_body = "EVN";
  next.internal_answer = "đã báo EVN";
  next.public_answer = "Điện có lại lúc 11h";
  next.answer_approved_by = 3;
  next.updated_at = kNow + 10;
  next.first_response_at = kNow + 5;
  next.answered_at = kNow + 10;
  ASSERT_TRUE(ds->UpdateCase(next, 1).ok());
  Case after = **ds->GetCase(*id);
  EXPECT_EQ(after.version, 2);
  EXPECT_EQ(after.state, "answered");
  EXPECT_EQ(after.unit_id, 4);
  EXPECT_EQ(after.assignee_id, 7);
  EXPECT_EQ(after.due_at, kNow + 86400);
  EXPECT_EQ(after.responsible_body, "EVN");
  EXPECT_EQ(after.internal_answer, "đã báo EVN");
  EXPECT_EQ(after.public_answer, "Điện có lại lúc 11h");
  EXPECT_EQ(after.answer_approved_by, 3);
  EXPECT_EQ(after.first_response_at, kNow + 5);
  EXPECT_EQ(after.answered_at, kNow + 10);

  // A second editor still holding version 1 is refused and changes nothing.
  Case stale = stored;
  stale.title = "ghi đè";
  Status st = ds->UpdateCase(stale, 1);
  EXPECT_EQ(st.code(), StatusCode::kConflict);
  EXPECT_NE(st.message().find("is at version 2"), std::string::npos) << st.message();
  EXPECT_EQ((*ds->GetCase(*id))->title, "mất điện ở phường An Hòa");
  EXPECT_EQ((*ds->GetCase(*id))->version, 2);

  Case ghost = stored;
  ghost.id = 9999;
  EXPECT_EQ(ds->UpdateCase(ghost, 1).code(), StatusCode::kNotFound);
  EXPECT_FALSE(ds->GetCase(9999)->has_value());
}

TEST_P(DeskSuite, CaseListFiltersAndPagesWithoutGapsOrRepeats) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  const std::vector<std::string> states = {"new", "triaged", "closed"};
  const std::vector<std::string> kinds = {"concern", "request"};
  ASSERT_TRUE(ds->Begin().ok());
  std::vector<int64_t> all;
  for (int i = 0; i < 47; ++i) {
    auto id = ds->InsertCase(MakeCase("case " + std::to_string(i), states[static_cast<size_t>(i) % 3],
                                      kinds[static_cast<size_t>(i) % 2], i % 4));
    ASSERT_TRUE(id.ok());
    all.push_back(*id);
  }
  ASSERT_TRUE(ds->Commit().ok());
  std::reverse(all.begin(), all.end());  // newest first

  // Pages of 10 through everything, then through one state.
  auto pages = [&](CaseQuery q) {
    std::vector<int64_t> seen;
    q.limit = 10;
    for (int guard = 0; guard < 20; ++guard) {
      auto page = ds->ListCases(q);
      EXPECT_TRUE(page.ok()) << page.status().message();
      if (!page.ok() || page->empty()) break;
      EXPECT_LE(page->size(), 10u);
      for (const Case& c : *page) seen.push_back(c.id);
      q.after_id = page->back().id;
    }
    return seen;
  };
  EXPECT_EQ(pages({}), all);
  std::vector<int64_t> triaged;
  for (size_t i = 0; i < all.size(); ++i) {
    if ((*ds->GetCase(all[i]))->state == "triaged") triaged.push_back(all[i]);
  }
  CaseQuery by_state;
  by_state.state = "triaged";
  EXPECT_EQ(pages(by_state), triaged);
  EXPECT_EQ(std::set<int64_t>(triaged.begin(), triaged.end()).size(), triaged.size());

  // Each filter, and filters together.
  CaseQuery by_kind;
  by_kind.kind = "request";
  auto requests = ds->ListCases(by_kind);
  ASSERT_TRUE(requests.ok());
  for (const Case& c : *requests) EXPECT_EQ(c.kind, "request");
  EXPECT_EQ(requests->size(), 23u);
  CaseQuery by_unit;
  by_unit.unit_id = 2;
  auto unit2 = ds->ListCases(by_unit);
  ASSERT_TRUE(unit2.ok());
  for (const Case& c : *unit2) EXPECT_EQ(c.unit_id, 2);
  EXPECT_EQ(unit2->size(), 12u);
  CaseQuery both;
  both.state = "new";
  both.kind = "concern";
  both.unit_id = 0;
  auto listed = ds->ListCases(both);
  ASSERT_TRUE(listed.ok());
  for (const Case& c : *listed) {
    EXPECT_EQ(c.state, "new");
    EXPECT_EQ(c.kind, "concern");
  }
  EXPECT_EQ(listed->size(), 8u);  // i % 6 == 0
  EXPECT_TRUE(std::is_sorted(listed->begin(), listed->end(),
                             [](const Case& a, const Case& b) { return a.id > b.id; }));
  CaseQuery none;
  none.state = "published";
  EXPECT_TRUE(ds->ListCases(none)->empty());
  CaseQuery no_limit;
  no_limit.limit = 0;
  EXPECT_EQ(ds->ListCases(no_limit).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(DeskSuite, OverdueListsOnlyOpenCasesPastTheirDeadline) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  const int64_t past = kNow - 3600, later = kNow + 3600;
  const int64_t overdue = *ds->InsertCase(MakeCase("quá hạn", "assigned", "request", 1, past));
  ASSERT_TRUE(ds->InsertCase(MakeCase("chưa đến hạn", "assigned", "request", 1, later)).ok());
  ASSERT_TRUE(ds->InsertCase(MakeCase("không hạn", "new", "request", 1, 0)).ok());
  for (const char* done : {"answered", "published", "closed", "duplicate", "not_responsible", "referred"}) {
    ASSERT_TRUE(ds->InsertCase(MakeCase(done, done, "request", 1, past)).ok());
  }
  const int64_t reopened = *ds->InsertCase(MakeCase("mở lại", "reopened", "concern", 2, past));

  CaseQuery q;
  q.overdue_only = true;
  q.now = kNow;
  EXPECT_EQ(Ids(*ds->ListCases(q)), (std::vector<int64_t>{reopened, overdue}));
  q.unit_id = 1;
  EXPECT_EQ(Ids(*ds->ListCases(q)), (std::vector<int64_t>{overdue}));
  q.unit_id = 0;
  q.after_id = reopened;
  EXPECT_EQ(Ids(*ds->ListCases(q)), (std::vector<int64_t>{overdue}));
  // Without `now` the store's clock decides; two hours on, the second is late too.
  CaseQuery by_clock;
  by_clock.overdue_only = true;
  clock_.Advance(7200);
  EXPECT_EQ(ds->ListCases(by_clock)->size(), 3u);
}

TEST_P(DeskSuite, OpenCasesAreCountedPerUnitWithDueSoonAndOverdue) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  const int64_t day = 24 * 3600;
  ASSERT_TRUE(ds->InsertCase(MakeCase("quá hạn", "assigned", "request", 1, kNow - 1)).ok());
  ASSERT_TRUE(ds->InsertCase(MakeCase("sắp đến hạn", "in_progress", "request", 1, kNow)).ok());
  ASSERT_TRUE(ds->InsertCase(MakeCase("còn lâu", "triaged", "request", 1, kNow + day)).ok());
  ASSERT_TRUE(ds->InsertCase(MakeCase("không hạn", "new", "request", 0, 0)).ok());
  ASSERT_TRUE(ds->InsertCase(MakeCase("mở lại", "reopened", "concern", 2, kNow + day - 1)).ok());
  for (const char* done : {"answered", "published", "closed", "duplicate", "not_responsible", "referred"}) {
    ASSERT_TRUE(ds->InsertCase(MakeCase(done, done, "request", 1, kNow - 1)).ok());
  }
  auto counts = ds->CountOpenCases(kNow, day);
  ASSERT_TRUE(counts.ok()) << counts.status().message();
  ASSERT_EQ(counts->size(), 3u);
  auto row = [&](size_t i) {
    const OpenCaseCount& k = (*counts)[i];
    return std::vector<int64_t>{k.unit_id, k.open, k.due_soon, k.overdue};
  };
  EXPECT_EQ(row(0), (std::vector<int64_t>{0, 1, 0, 0}));
  EXPECT_EQ(row(1), (std::vector<int64_t>{1, 3, 1, 1}));
  EXPECT_EQ(row(2), (std::vector<int64_t>{2, 1, 1, 0}));
  // The store's own count and the default one (paging the case list) agree.
  auto paged = ds->DeskStore::CountOpenCases(kNow, day);
  ASSERT_TRUE(paged.ok());
  ASSERT_EQ(paged->size(), counts->size());
  for (size_t i = 0; i < counts->size(); ++i) {
    EXPECT_EQ((*paged)[i].unit_id, (*counts)[i].unit_id);
    EXPECT_EQ((*paged)[i].open, (*counts)[i].open);
    EXPECT_EQ((*paged)[i].due_soon, (*counts)[i].due_soon);
    EXPECT_EQ((*paged)[i].overdue, (*counts)[i].overdue);
  }
}

TEST_P(DeskSuite, PurgeContactsSealsOnlyClosedCasesClosedBeforeTheCutoff) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  auto with_contact = [&](const std::string& state, int64_t closed_at) {
    Case c = MakeCase(state, state);
    c.contact_sealed = "c2VhbGVk";
    c.closed_at = closed_at;
    return *ds->InsertCase(c);
  };
  const int64_t old_closed = with_contact("closed", kNow - 100 * 86400);
  const int64_t recent_closed = with_contact("closed", kNow - 86400);
  const int64_t open = with_contact("in_progress", 0);
  auto purged = ds->PurgeContacts(kNow - 30 * 86400);
  ASSERT_TRUE(purged.ok()) << purged.status().message();
  EXPECT_EQ(*purged, 1);
  Case gone = **ds->GetCase(old_closed);
  EXPECT_EQ(gone.contact_sealed, "");
  // The version moved: an editor's copy from before cannot write it back.
  EXPECT_EQ(gone.version, 2);
  Case stale = gone;
  stale.contact_sealed = "c2VhbGVk";
  EXPECT_EQ(ds->UpdateCase(stale, 1).code(), StatusCode::kConflict);
  EXPECT_EQ((*ds->GetCase(recent_closed))->contact_sealed, "c2VhbGVk");
  EXPECT_EQ((*ds->GetCase(open))->contact_sealed, "c2VhbGVk");
  EXPECT_EQ(*ds->PurgeContacts(kNow - 30 * 86400), 0);
}

TEST_P(DeskSuite, EventsComeOldestFirstAndLinksAreIdempotent) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  const int64_t a = *ds->InsertCase(MakeCase("a"));
  const int64_t b = *ds->InsertCase(MakeCase("b"));
  auto event = [&](int64_t case_id, const std::string& action, const std::string& to) {
    CaseEvent e;
    e.case_id = case_id;
    e.at = kNow;
    e.actor_id = 3;
    e.action = action;
    e.from_state = "new";
    e.to_state = to;
    e.note = "vì sao";
    return ds->AppendCaseEvent(e);
  };
  ASSERT_TRUE(event(a, "created", "new").ok());
  ASSERT_TRUE(event(b, "created", "new").ok());
  ASSERT_TRUE(event(a, "state", "triaged").ok());
  ASSERT_TRUE(event(a, "comment", "").ok());
  EXPECT_EQ(event(9999, "comment", "").status().code(), StatusCode::kNotFound);
  auto events = ds->CaseEvents(a);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].action, "created");
  EXPECT_EQ((*events)[1].action, "state");
  EXPECT_EQ((*events)[1].to_state, "triaged");
  EXPECT_EQ((*events)[2].action, "comment");
  EXPECT_EQ((*events)[2].note, "vì sao");
  EXPECT_EQ((*events)[2].actor_id, 3);
  EXPECT_LT((*events)[0].id, (*events)[1].id);
  EXPECT_EQ(ds->CaseEvents(b)->size(), 1u);

  ASSERT_TRUE(ds->AddCaseLink({a, "story", "12"}).ok());
  ASSERT_TRUE(ds->AddCaseLink({a, "story", "12"}).ok());
  ASSERT_TRUE(ds->AddCaseLink({a, "item", "fb/123"}).ok());
  ASSERT_TRUE(ds->AddCaseLink({a, "case", std::to_string(b)}).ok());
  EXPECT_EQ(ds->AddCaseLink({9999, "story", "1"}).code(), StatusCode::kNotFound);
  auto links = ds->CaseLinks(a);
  ASSERT_TRUE(links.ok());
  ASSERT_EQ(links->size(), 3u);
  std::set<std::string> refs;
  for (const CaseLink& l : *links) refs.insert(l.kind + ":" + l.ref);
  EXPECT_EQ(refs, (std::set<std::string>{"story:12", "item:fb/123", "case:" + std::to_string(b)}));
  EXPECT_TRUE(ds->CaseLinks(b)->empty());
}

TEST_P(DeskSuite, OutboxSendsAreKeyedOnceAndComeDueInOrder) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  Case c = MakeCase("x", "closed", "question");
  c.closed_at = 100;
  const int64_t case_id = *ds->InsertCase(c);
  ASSERT_TRUE(ds->PutCaseReply(case_id, "sealed-1").ok());
  ASSERT_TRUE(ds->PutCaseReply(case_id, "sealed-2").ok());
  EXPECT_EQ(ds->GetCaseReply(case_id).value().value_or(""), "sealed-2");
  EXPECT_FALSE(ds->GetCaseReply(case_id + 99).value().has_value());
  EXPECT_EQ(ds->PutCaseReply(case_id + 99, "s").code(), StatusCode::kNotFound);

  OutboxSend s;
  s.case_id = case_id;
  s.channel = "zalo";
  s.target_sealed = "t";
  s.text = "trả lời";
  s.idempotency_key = "case:1:v5";
  s.state = "queued";
  s.created_at = 100;
  const int64_t a = ds->InsertSend(s).value();
  ASSERT_TRUE(ds->Begin().ok());  // a refused send leaves the caller's transaction usable
  EXPECT_EQ(ds->InsertSend(s).status().code(), StatusCode::kConflict);  // the same key: never twice
  OutboxSend orphan = s;
  orphan.case_id = case_id + 99;
  orphan.idempotency_key = "case:99:v1";
  EXPECT_EQ(ds->InsertSend(orphan).status().code(), StatusCode::kNotFound);
  s.idempotency_key = "case:1:v9";
  s.state = "retrying";
  s.next_at = 500;
  const int64_t b = ds->InsertSend(s).value();
  ASSERT_TRUE(ds->Commit().ok());
  s.idempotency_key = "case:1:v12";
  s.state = "sending";
  s.next_at = 400;  // its lease
  const int64_t d = ds->InsertSend(s).value();

  EXPECT_EQ(ds->NextSend(300).value()->id, a);  // the lease of d has not run out
  EXPECT_EQ(ds->NextSend(450).value()->id, d);  // an interrupted send first
  OutboxSend got = *ds->GetSend(d).value();
  EXPECT_EQ(got.text, "trả lời");
  EXPECT_EQ(got.next_at, 400);
  got.state = "sent";
  got.platform_id = "p-1";
  got.attempts = 2;
  got.sent_at = 420;
  ASSERT_TRUE(ds->UpdateSend(got).ok());
  got = *ds->GetSend(d).value();
  EXPECT_EQ(got.attempts, 2);
  EXPECT_EQ(got.sent_at, 420);
  got = *ds->GetSend(a).value();
  got.state = "failed";
  ASSERT_TRUE(ds->UpdateSend(got).ok());
  got.id = 999999;
  EXPECT_EQ(ds->UpdateSend(got).code(), StatusCode::kNotFound);
  EXPECT_FALSE(ds->GetSend(999999).value().has_value());
  EXPECT_FALSE(ds->NextSend(450).value().has_value());
  EXPECT_EQ(ds->NextSend(500).value()->id, b);
  OutboxQuery q;
  q.state = "sent";
  auto sent = ds->ListSends(q).value();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].platform_id, "p-1");
  q.state.clear();
  q.channel = "messenger";
  EXPECT_TRUE(ds->ListSends(q).value().empty());
  q.channel = "zalo";
  q.case_id = case_id;
  q.limit = 2;
  auto page = ds->ListSends(q).value();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, d);  // newest first
  q.after_id = page[1].id;
  EXPECT_EQ(ds->ListSends(q).value().size(), 1u);

  EXPECT_TRUE(ds->PurgeContacts(200).ok());  // a closed case's reply address goes with its contact
  EXPECT_FALSE(ds->GetCaseReply(case_id).value().has_value());
}

TEST_P(DeskSuite, ReachSnapshotsAreKeptPerCaseOldestFirst) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  const int64_t a = *ds->InsertCase(MakeCase("a"));
  const int64_t b = *ds->InsertCase(MakeCase("b"));
  auto snap = [&](int64_t case_id, int64_t send_id, int64_t at, int64_t reactions, int64_t impressions = -1) {
    ReachSnapshot r;
    r.case_id = case_id;
    r.send_id = send_id;
    r.taken_at = at;
    r.reactions = reactions;
    r.comments = reactions / 2;
    r.shares = 0;
    r.impressions = impressions;
    if (impressions < 0) r.error = "insights: không có";
    return ds->InsertReachSnapshot(r);
  };
  EXPECT_TRUE(ds->ReachSnapshots(a, 10)->empty());
  EXPECT_FALSE(ds->LastReachSnapshot(7)->has_value());
  ASSERT_TRUE(snap(a, 7, kNow + 3600, 12, 400).ok());
  ASSERT_TRUE(snap(a, 7, kNow, 3).ok());
  ASSERT_TRUE(snap(a, 8, kNow + 7200, 30, 900).ok());
  ASSERT_TRUE(snap(b, 9, kNow, 1).ok());
  EXPECT_EQ(snap(9999, 1, kNow, 1).status().code(), StatusCode::kNotFound);
  auto all = ds->ReachSnapshots(a, 10);
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].taken_at, kNow);  // oldest first, whatever the order written
  EXPECT_EQ((*all)[0].reactions, 3);
  EXPECT_EQ((*all)[0].impressions, -1);
  EXPECT_EQ((*all)[0].error, "insights: không có");
  EXPECT_EQ((*all)[1].taken_at, kNow + 3600);
  EXPECT_EQ((*all)[1].comments, 6);
  EXPECT_EQ((*all)[1].impressions, 400);
  EXPECT_EQ((*all)[2].send_id, 8);
  auto newest = ds->ReachSnapshots(a, 2);
  ASSERT_TRUE(newest.ok());
  ASSERT_EQ(newest->size(), 2u);  // the newest two, still oldest first
  EXPECT_EQ((*newest)[0].taken_at, kNow + 3600);
  EXPECT_EQ((*newest)[1].taken_at, kNow + 7200);
  EXPECT_EQ(ds->ReachSnapshots(a, 0).status().code(), StatusCode::kInvalidArgument);
  auto last = ds->LastReachSnapshot(7);
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->taken_at, kNow + 3600);
  EXPECT_EQ((*last)->reactions, 12);
  EXPECT_EQ(ds->ReachSnapshots(b, 10)->size(), 1u);
  auto ro = OpenOrDie(/*read_only=*/true);
  ASSERT_NE(ro, nullptr);
  ReachSnapshot r;
  r.case_id = a;
  r.send_id = 7;
  EXPECT_EQ(ro->InsertReachSnapshot(r).status().code(), StatusCode::kUnsupported);
}

TEST_P(DeskSuite, ReportsListOwnOnlyNewestFirst) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  auto report = [&](int64_t by, const std::string& text) {
    Report r;
    r.created_by = by;
    r.created_at = kNow;
    r.text = text;
    r.link = "https://fb.example/p/1";
    r.place = "An Hòa";
    r.concern = "power";
    return *ds->InsertReport(r);
  };
  const int64_t r1 = report(5, "một"), r2 = report(6, "hai"), r3 = report(5, "ba"), r4 = report(5, "bốn");
  auto own = ds->ListReports(5, 0, 10);
  ASSERT_TRUE(own.ok()) << own.status().message();
  std::vector<int64_t> ids;
  for (const Report& r : *own) ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<int64_t>{r4, r3, r1}));
  auto page = ds->ListReports(5, r4, 1);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().id, r3);
  EXPECT_EQ(ds->ListReports(0, 0, 10)->size(), 4u);
  EXPECT_EQ(ds->ListReports(0, 0, 0).status().code(), StatusCode::kInvalidArgument);

  auto got = ds->GetReport(r2);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->text, "hai");
  EXPECT_EQ((*got)->place, "An Hòa");
  EXPECT_EQ((*got)->case_id, 0);
  const int64_t c = *ds->InsertCase(MakeCase("from a report"));
  ASSERT_TRUE(ds->SetReportCase(r2, c).ok());
  EXPECT_EQ((*ds->GetReport(r2))->case_id, c);
  EXPECT_EQ(ds->SetReportCase(9999, c).code(), StatusCode::kNotFound);
  EXPECT_FALSE(ds->GetReport(9999)->has_value());
}

TEST_P(DeskSuite, AuditAppendsInOrderAndFilters) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  auto empty = ds->LastAudit();
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  EXPECT_EQ(empty->seq, 0);
  EXPECT_EQ(empty->hash, "");
  EXPECT_EQ(empty->prev_hash, "");

  const std::vector<std::pair<std::string, std::string>> who_what = {
      {"user:1", "case:1"}, {"user:2", "case:1"}, {"user:1", "case:2"}, {"cli", "user:4"}, {"user:1", "case:1"}};
  ASSERT_TRUE(ds->Begin().ok());
  for (size_t i = 0; i < who_what.size(); ++i) {
    const int64_t seq = static_cast<int64_t>(i) + 1;
    ASSERT_TRUE(ds->AppendAudit(MakeAudit(seq, kNow + seq * 10, who_what[i].first, who_what[i].second)).ok());
  }
  ASSERT_TRUE(ds->Commit().ok());
  // A gap or a repeat is refused.
  EXPECT_EQ(ds->AppendAudit(MakeAudit(7, kNow, "cli", "x")).code(), StatusCode::kConflict);
  EXPECT_EQ(ds->AppendAudit(MakeAudit(5, kNow, "cli", "x")).code(), StatusCode::kConflict);

  auto last = ds->LastAudit();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->seq, 5);
  EXPECT_EQ(last->hash, "h5");
  EXPECT_EQ(last->prev_hash, "h4");
  EXPECT_EQ(last->before, R"({"state":"new"})");
  EXPECT_EQ(last->after, R"({"state":"triaged"})");

  auto seqs = [&](const AuditQuery& q) {
    std::vector<int64_t> out;
    EXPECT_TRUE(ds->ForEachAudit(q, [&](const AuditEntry& e) {
      out.push_back(e.seq);
      return true;
    }).ok());
    return out;
  };
  EXPECT_EQ(seqs({}), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  AuditQuery since;
  since.since = kNow + 30;
  EXPECT_EQ(seqs(since), (std::vector<int64_t>{3, 4, 5}));
  AuditQuery actor;
  actor.actor = "user:1";
  EXPECT_EQ(seqs(actor), (std::vector<int64_t>{1, 3, 5}));
  AuditQuery target;
  target.target = "case:1";
  EXPECT_EQ(seqs(target), (std::vector<int64_t>{1, 2, 5}));
  AuditQuery after;
  after.after_seq = 2;
  after.limit = 2;
  EXPECT_EQ(seqs(after), (std::vector<int64_t>{3, 4}));
  AuditQuery together;
  together.actor = "user:1";
  together.target = "case:1";
  together.after_seq = 1;
  EXPECT_EQ(seqs(together), (std::vector<int64_t>{5}));
  int visited = 0;
  ASSERT_TRUE(ds->ForEachAudit({}, [&](const AuditEntry&) { return ++visited < 2; }).ok());
  EXPECT_EQ(visited, 2);
}

// Several writers append to one chain: each reads the last entry and appends
// the next inside its transaction; none is refused and the chain has no gap.
TEST_P(DeskSuite, AuditStaysOneChainWithSeveralWriters) {
  constexpr int kWriters = 3, kEach = 15;
  std::vector<std::unique_ptr<DeskStore>> handles;
  for (int w = 0; w < kWriters; ++w) {
    handles.push_back(OpenOrDie());
    ASSERT_NE(handles.back(), nullptr);
  }
  std::vector<std::string> errors(kWriters);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      DeskStore& ds = *handles[static_cast<size_t>(w)];
      for (int i = 0; i < kEach && errors[static_cast<size_t>(w)].empty(); ++i) {
        Status st = ds.Begin();
        if (st.ok()) {
          auto last = ds.LastAudit();
          st = last.ok() ? ds.AppendAudit(MakeAudit(last->seq + 1, kNow, "user:" + std::to_string(w), "x"))
                         : last.status();
          st = st.ok() ? ds.Commit() : (ds.Rollback().PermitUncheckedError(), st);
        }
        if (!st.ok()) errors[static_cast<size_t>(w)] = st.message();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  std::vector<int64_t> seqs;
  ASSERT_TRUE(handles[0]->ForEachAudit({}, [&](const AuditEntry& e) {
    seqs.push_back(e.seq);
    return true;
  }).ok());
  ASSERT_EQ(seqs.size(), static_cast<size_t>(kWriters * kEach));
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], static_cast<int64_t>(i) + 1);
}

TEST_P(DeskSuite, RollbackKeepsNothing) {
  auto ds = OpenOrDie();
  ASSERT_NE(ds, nullptr);
  ASSERT_TRUE(ds->Begin().ok());
  ASSERT_TRUE(ds->InsertUser(MakeUser("lan")).ok());
  ASSERT_TRUE(ds->InsertCase(MakeCase("a")).ok());
  ASSERT_TRUE(ds->Rollback().ok());
  EXPECT_EQ(*ds->CountUsers(), 0);
  EXPECT_EQ(*ds->CountCases(), 0);
}

TEST_P(DeskSuite, ReadOnlyRefusesEveryWrite) {
  {
    auto ds = OpenOrDie();
    ASSERT_NE(ds, nullptr);
    ASSERT_TRUE(ds->InsertUser(MakeUser("lan")).ok());
    ASSERT_TRUE(ds->InsertCase(MakeCase("a")).ok());
  }
  auto ro = OpenOrDie(/*read_only=*/true);
  ASSERT_NE(ro, nullptr);
  // Reads work, inside a read transaction too.
  ASSERT_TRUE(ro->Begin().ok());
  EXPECT_EQ(*ro->CountUsers(), 1);
  EXPECT_EQ(ro->ListCases({})->size(), 1u);
  ASSERT_TRUE(ro->Commit().ok());

  EXPECT_EQ(ro->InsertUser(MakeUser("minh")).status().code(), StatusCode::kUnsupported);
  User u = **ro->FindUser("lan");
  u.role = "admin";
  EXPECT_EQ(ro->UpdateUser(u).code(), StatusCode::kUnsupported);
  Case c = **ro->GetCase(1);
  EXPECT_EQ(ro->UpdateCase(c, c.version).code(), StatusCode::kUnsupported);
  EXPECT_EQ(ro->InsertCase(MakeCase("b")).status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(ro->PurgeContacts(kNow).status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(ro->DeleteSessionsIdleSince(kNow).code(), StatusCode::kUnsupported);
  EXPECT_EQ(ro->RecordLoginFailure("10.0.0.1", kNow, kNow - 900).status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(ro->AppendAudit(MakeAudit(1, kNow, "cli", "x")).code(), StatusCode::kUnsupported);
  EXPECT_EQ(ro->AddCaseLink({1, "story", "1"}).code(), StatusCode::kUnsupported);
  EXPECT_EQ(*ro->CountUsers(), 1);
  EXPECT_EQ(ro->LastAudit()->seq, 0);
}

// The desk never migrates: a store `vox init` has not brought to this
// version is sent there, and left as it was.
TEST_P(DeskSuite, StoreBelowTheDeskSchemaIsSentToVoxInit) {
  {
    auto s = Store::Open(uri_, {});
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->SetSetting("schema_version", "6").ok());
  }
  auto ds = DeskStore::Open(uri_, {});
  ASSERT_FALSE(ds.ok());
  EXPECT_EQ(ds.status().code(), StatusCode::kCorruption);
  EXPECT_NE(ds.status().message().find("run `vox init`"), std::string::npos) << ds.status().message();
  EXPECT_NE(ds.status().message().find("schema version 6"), std::string::npos) << ds.status().message();
}

TEST_P(DeskSuite, NewerStoreIsRefused) {
  {
    auto s = Store::Open(uri_, {});
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->SetSetting("schema_version", std::to_string(kSchemaVersion + 1)).ok());
  }
  auto ds = DeskStore::Open(uri_, {});
  ASSERT_FALSE(ds.ok());
  EXPECT_EQ(ds.status().code(), StatusCode::kCorruption);
  EXPECT_NE(ds.status().message().find("upgrade vox"), std::string::npos) << ds.status().message();
}

TEST_P(DeskSuite, MissingStoreIsNotCreated) {
  GetParam().remove(dir_);
  auto ds = DeskStore::Open(uri_, {.create = true});
  ASSERT_FALSE(ds.ok());
  EXPECT_EQ(ds.status().code(), StatusCode::kNotFound);
  EXPECT_NE(ds.status().message().find("vox init"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, DeskSuite, ::testing::ValuesIn(Backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

TEST(DeskStoreOpen, UnreachableServerIsAnIoError) {
  auto ds = DeskStore::Open("postgresql://vox@127.0.0.1:1/vox?connect_timeout=2", {});
  ASSERT_FALSE(ds.ok());
  EXPECT_EQ(ds.status().code(), StatusCode::kIoError);
  EXPECT_NE(ds.status().message().find("cannot connect to PostgreSQL"), std::string::npos) << ds.status().message();
  EXPECT_EQ(DeskStore::Open("sqlite:", {}).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace vox::store
