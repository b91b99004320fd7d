// The desk service on a real store: who may do what, what a case may become,
// deadlines through the clock, stale versions, lockout, sealed contacts, and
// an audit entry for every change.
#include "desk/desk.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/time.h"
#include "desk/audit.h"
#include "store/store.h"

namespace vox::desk {
namespace {

constexpr int kTz = 7 * 3600;
int64_t Local(int64_t y, unsigned m, unsigned d, int h) { return DaysFromCivil(y, m, d) * 86400 + h * 3600 - kTz; }
int64_t EndOf(int64_t y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d) * 86400 + 86399 - kTz; }

class DeskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vox_desk_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    const std::string db = (dir_ / "vox.db").string();
    ASSERT_TRUE(store::Store::Open(db, {.clock = &clock_, .create = true}).ok());
    auto ds = store::DeskStore::Open(db, {.clock = &clock_});
    ASSERT_TRUE(ds.ok()) << ds.status().message();
    ds_ = std::move(ds).value();
    key_ = std::make_unique<ContactKey>(ContactKey::FromBytes(std::string(32, 'k')));
    DeskOptions o;
    o.contact_key = key_.get();
    desk_ = std::make_unique<Desk>(*ds_, o);
    unit_ = desk_->AddUnit(Actor::Cli(), "UBND phường An Hòa", "ward").value().id;
    for (const char* role : {"admin", "editor", "analyst", "collaborator", "viewer"}) {
      auto u = desk_->AddUser(Actor::Cli(), role, role, std::string("mật khẩu của ") + role, 0);
      ASSERT_TRUE(u.ok()) << u.status().message();
      Actor a;
      a.user_id = u->id;
      a.name = role;
      a.role = *ParseRole(role);
      actors_[role] = a;
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  store::Case Open(const std::string& kind = "request") {
    CaseDraft d;
    d.kind = kind;
    d.title = "Đường ngập sau mưa";
    auto c = desk_->OpenCase(actors_["analyst"], d);
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? *c : store::Case{};
  }
  Result<store::Case> Move(const store::Case& c, const std::string& to, const std::string& role = "analyst") {
    CasePatch p;
    p.version = c.version;
    p.state = to;
    return desk_->ChangeCase(actors_[role], c.id, p);
  }

  FixedClock clock_{Local(2026, 4, 29, 9)};  // Wednesday before 30/4 and 1/5
  std::filesystem::path dir_;
  std::unique_ptr<store::DeskStore> ds_;
  std::unique_ptr<ContactKey> key_;
  std::unique_ptr<Desk> desk_;
  int64_t unit_ = 0;
  std::map<std::string, Actor> actors_;
};

TEST(DeskRules, RolesMatchTheTable) {
  EXPECT_TRUE(Can(Role::kAdmin, Action::kManageUsers));
  EXPECT_FALSE(Can(Role::kEditor, Action::kManageUsers));
  EXPECT_TRUE(Can(Role::kEditor, Action::kApproveAnswer));
  EXPECT_FALSE(Can(Role::kAnalyst, Action::kApproveAnswer));
  EXPECT_TRUE(Can(Role::kAnalyst, Action::kHandleCase));
  EXPECT_FALSE(Can(Role::kViewer, Action::kHandleCase));
  EXPECT_TRUE(Can(Role::kViewer, Action::kReadCases));
  EXPECT_TRUE(Can(Role::kCollaborator, Action::kSubmitReport));
  for (Action a : {Action::kReadCases, Action::kReadItems, Action::kReadReports, Action::kReadAudit, Action::kOpenCase})
    EXPECT_FALSE(Can(Role::kCollaborator, a)) << ActionName(a);
}

TEST(DeskRules, Transitions) {
  EXPECT_TRUE(CanTransition("new", "triaged"));
  EXPECT_TRUE(CanTransition("answered", "published"));
  EXPECT_TRUE(CanTransition("closed", "reopened"));
  EXPECT_FALSE(CanTransition("new", "published"));
  EXPECT_FALSE(CanTransition("assigned", "closed"));
  EXPECT_FALSE(CanTransition("closed", "new"));
  // Every state but closed/published reaches "closed" or can be settled some way.
  for (std::string_view s : kCaseStates) {
    bool any = false;
    for (std::string_view t : kCaseStates) any = any || CanTransition(s, t);
    EXPECT_TRUE(any) << s << " is a dead end";
  }
}

TEST_F(DeskTest, DeadlineCountsWorkingDaysAcrossHolidays) {
  // Opened Wed 29/4 09:00: 30/4 and 1/5 are holidays, then a weekend.
  EXPECT_EQ(Open("rumour").due_at, EndOf(2026, 5, 5));
  // Ten working days: 4-8 May, then 11-15 May.
  EXPECT_EQ(Open("request").due_at, EndOf(2026, 5, 15));
}

TEST_F(DeskTest, WholeLife) {
  store::Case c = Open();
  auto r = Move(c, "triaged");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->version, 2);
  EXPECT_NE(r->first_response_at, 0);
  CasePatch assign;
  assign.version = r->version;
  assign.unit_id = unit_;
  r = desk_->ChangeCase(actors_["analyst"], c.id, assign);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->state, "assigned");
  CasePatch answer;
  answer.version = r->version;
  answer.state = "answered";
  answer.public_answer = "Đã nạo vét cống, gọi 0912345678 nếu còn ngập.";
  r = desk_->ChangeCase(actors_["analyst"], c.id, answer);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->public_answer.find("0912345678"), std::string::npos) << "answers are masked";
  EXPECT_EQ(Move(*r, "published", "analyst").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Move(*r, "published", "editor").status().code(), StatusCode::kInvalidArgument) << "not approved";
  CasePatch approve;
  approve.version = r->version;
  approve.approve_answer = true;
  r = desk_->ChangeCase(actors_["editor"], c.id, approve);
  ASSERT_TRUE(r.ok());
  r = Move(*r, "published", "editor");
  ASSERT_TRUE(r.ok()) << r.status().message();
  r = Move(*r, "closed", "editor");
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->closed_at, 0);
  auto events = desk_->Events(actors_["viewer"], c.id);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 7u);  // created, triaged, assigned, answered, approve, published, closed
  auto check = VerifyAudit(*ds_);
  ASSERT_TRUE(check.ok());
  EXPECT_FALSE(check->first_break.has_value());
}

TEST_F(DeskTest, StaleVersionIsAConflictAndChangesNothing) {
  store::Case c = Open();
  ASSERT_TRUE(Move(c, "triaged").ok());
  auto stale = Move(c, "closed");  // based on version 1
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);
  EXPECT_NE(stale.status().message().find("version 2"), std::string::npos) << stale.status().message();
  EXPECT_EQ(desk_->GetCase(actors_["viewer"], c.id)->state, "triaged");
}

TEST_F(DeskTest, RolesAreEnforcedByTheDesk) {
  CaseDraft d;
  d.kind = "question";
  d.title = "x";
  EXPECT_EQ(desk_->OpenCase(actors_["viewer"], d).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(desk_->OpenCase(actors_["collaborator"], d).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(desk_->ListUsers(actors_["editor"]).status().code(), StatusCode::kPermissionDenied);
  store::CaseQuery q;
  EXPECT_EQ(desk_->ListCases(actors_["collaborator"], q).status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(desk_->ListCases(actors_["viewer"], q).ok());
}

TEST_F(DeskTest, LockoutAfterRepeatedFailures) {
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(desk_->Login("viewer", "wrong password", "10.0.0.1").ok());
  auto locked = desk_->Login("viewer", "mật khẩu của viewer", "10.0.0.2");
  EXPECT_EQ(locked.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(locked.status().message().find("locked"), std::string::npos);
  clock_.Advance(16 * 60);
  EXPECT_TRUE(desk_->Login("viewer", "mật khẩu của viewer", "10.0.0.2").ok()) << "the lock expires";
}

TEST_F(DeskTest, SessionsExpireWhenIdle) {
  auto login = desk_->Login("analyst", "mật khẩu của analyst", "127.0.0.1");
  ASSERT_TRUE(login.ok()) << login.status().message();
  EXPECT_TRUE(desk_->SessionActor(login->session_token).ok());
  clock_.Advance(9 * 3600);
  EXPECT_EQ(desk_->SessionActor(login->session_token).status().code(), StatusCode::kUnauthenticated);
}

TEST_F(DeskTest, ContactIsSealedAndReadingItIsAudited) {
  CaseDraft d;
  d.kind = "concern";
  d.title = "Ngập";
  d.contact = "Chị Lan 0912 345 678";
  auto c = desk_->OpenCase(actors_["analyst"], d);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->contact_sealed.find("0912"), std::string::npos);
  EXPECT_EQ(desk_->ReadContact(actors_["viewer"], c->id).status().code(), StatusCode::kPermissionDenied);
  auto plain = desk_->ReadContact(actors_["analyst"], c->id);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, "Chị Lan 0912 345 678");
  auto log = desk_->Audit(Actor::Cli(), {});
  ASSERT_TRUE(log.ok());
  bool read_logged = false;
  for (const auto& e : *log) {
    EXPECT_EQ(e.after.find("0912"), std::string::npos) << "the log never holds the contact";
    read_logged = read_logged || e.action == "case.contact.read";
  }
  EXPECT_TRUE(read_logged);
}

TEST_F(DeskTest, ReportsHaveContentOnlyAndOpenOneCase) {
  store::Report r;
  r.text = "Tin nhắn lừa đảo, gọi 0987654321";
  r.link = "https://example.vn/bai";
  auto saved = desk_->SubmitReport(actors_["collaborator"], r);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->text.find("0987654321"), std::string::npos);
  r.link = "javascript:alert(1)";
  EXPECT_FALSE(desk_->SubmitReport(actors_["collaborator"], r).ok());
  auto own = desk_->ListReports(actors_["collaborator"], 0, 50);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->size(), 1u);
  auto c = desk_->OpenCaseFromReport(actors_["analyst"], saved->id, "rumour");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->origin, "report");
  EXPECT_EQ(desk_->OpenCaseFromReport(actors_["analyst"], saved->id, "rumour").status().code(), StatusCode::kConflict);
}

}  // namespace
}  // namespace vox::desk
