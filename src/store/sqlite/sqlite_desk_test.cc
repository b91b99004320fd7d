// What only the SQLite desk store has: the migration that makes its tables
// and the query plans of case lists. Its behaviour is desk_store_test.cc's.
#include "store/sqlite/sqlite_desk.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <algorithm>
#include <string>
#include <vector>

#include "store/sqlite/fts_tokenizer.h"
#include "store/sqlite/sqlite_store.h"

namespace vox::store {
namespace {

class SqliteDeskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vox_sqlite_desk_test_" + std::to_string(getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "vox.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A version-6 store, as the release before the desk wrote it, holding one item.
  void WriteVersion6Store() {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(RegisterVoxTokenizer(db).ok());
    std::string sql = "PRAGMA foreign_keys=ON; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);";
    for (int v = 0; v < 6; ++v) sql += SqliteStore::MigrationSql(v);
    sql +=
        "INSERT INTO meta VALUES('schema_version', '6');"
        "INSERT INTO sources(name) VALUES('test');"
        "INSERT INTO items(source_id, ext_id, kind, text, published_at, ingested_at, content_hash)"
        " VALUES(1, '1', 'post', 'mất điện ở phường An Hòa', 1790000000, 1790000000, 7);";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  // Runs one query on the file through a connection of the test's own.
  std::vector<std::string> Column(const std::string& sql) {
    sqlite3* db = nullptr;
    std::vector<std::string> out;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    while (st != nullptr && sqlite3_step(st) == SQLITE_ROW) {
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SqliteDeskTest, Version6StoreIsRefusedUntilInitMigratesIt) {
  WriteVersion6Store();
  auto refused = DeskStore::Open(path_, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kCorruption);
  EXPECT_NE(refused.status().message().find("run `vox init`"), std::string::npos) << refused.status().message();
  // Refusing leaves the store as it was.
  EXPECT_EQ(Column("SELECT value FROM meta WHERE key = 'schema_version'"), (std::vector<std::string>{"6"}));
  EXPECT_TRUE(Column("SELECT name FROM sqlite_master WHERE name = 'cases'").empty());

  // `vox init` opens it read-write, which migrates.
  {
    auto s = Store::Open(path_, {});
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_EQ((*s)->schema_version(), kSchemaVersion);
    EXPECT_EQ((*s)->GetStats()->items, 1);
  }
  const std::vector<std::string> tables = Column("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  for (const char* t : {"users", "sessions", "api_tokens", "login_failures", "units", "cases", "case_events",
                        "case_links", "reports", "audit", "case_replies", "outbox"}) {
    EXPECT_NE(std::find(tables.begin(), tables.end(), t), tables.end()) << t;
  }
  auto ds = DeskStore::Open(path_, {});
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  Case c;
  c.version = 1;
  c.kind = "concern";
  c.state = "new";
  c.title = "mất điện";
  c.origin = "item";
  c.origin_ref = "item:test/1";
  auto id = (*ds)->InsertCase(c);
  ASSERT_TRUE(id.ok()) << id.status().message();
  ASSERT_TRUE((*ds)->AddCaseLink({*id, "item", "test/1"}).ok());
  EXPECT_EQ((*ds)->CaseLinks(*id)->size(), 1u);
}

// The case list must stay an index read as the desk grows: with 20,000
// cases, listing 50 under each single filter reads an index (or the rowid
// range) in id order, with no sort, and stops at 50. (Measured on 100,000
// cases: 0.06-1.5 ms a list, the slowest a filter that matches nothing.)
TEST_F(SqliteDeskTest, CaseListsReadAnIndex) {
  ASSERT_TRUE(Store::Open(path_, {.create = true}).ok());
  FixedClock clock(1790000000);
  auto opened = SqliteDeskStore::Open(path_, {.clock = &clock});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto* ds = static_cast<SqliteDeskStore*>(opened->get());
  const std::vector<std::string> states = {"new", "triaged", "assigned", "in_progress", "answered", "closed",
                                           "closed", "closed", "duplicate", "reopened"};
  const std::vector<std::string> kinds = {"concern", "request", "question", "rumour", "incident"};
  ASSERT_TRUE(ds->Begin().ok());
  for (int i = 0; i < 20000; ++i) {
    Case c;
    c.version = 1;
    c.state = states[static_cast<size_t>(i) % states.size()];
    c.kind = kinds[static_cast<size_t>(i) % kinds.size()];
    c.unit_id = i % 30;
    c.due_at = i % 4 == 0 ? 0 : 1790000000 + (i % 7 - 3) * 86400;
    c.title = "case " + std::to_string(i);
    c.created_at = 1790000000;
    ASSERT_TRUE(ds->InsertCase(c).ok());
  }
  ASSERT_TRUE(ds->Commit().ok());

  struct Listing {
    const char* name;
    CaseQuery q;
  };
  CaseQuery all, by_state, by_kind, by_unit, overdue, next_page, state_page;
  by_state.state = "in_progress";
  by_kind.kind = "rumour";
  by_unit.unit_id = 7;
  overdue.overdue_only = true;
  next_page.after_id = 12345;
  state_page.state = "closed";
  state_page.after_id = 12345;
  for (const Listing& t : std::vector<Listing>{{"all", all},
                                               {"state", by_state},
                                               {"kind", by_kind},
                                               {"unit", by_unit},
                                               {"overdue", overdue},
                                               {"next page", next_page},
                                               {"state, next page", state_page}}) {
    auto plan = ds->ExplainListCases(t.q);
    ASSERT_TRUE(plan.ok()) << plan.status().message();
    if (std::string(t.name) == "all") {
      // No filter: the table itself, read backwards by rowid until 50.
      EXPECT_EQ(*plan, "SCAN cases") << t.name;
    } else {
      EXPECT_TRUE(plan->find("USING INDEX") != std::string::npos ||
                  plan->find("USING INTEGER PRIMARY KEY") != std::string::npos)
          << t.name << ": " << *plan;
    }
    EXPECT_EQ(plan->find("TEMP B-TREE"), std::string::npos) << t.name << ": " << *plan;
    auto listed = ds->ListCases(t.q);
    ASSERT_TRUE(listed.ok()) << listed.status().message();
    EXPECT_EQ(listed->size(), 50u) << t.name;
  }
  // The overdue list reads the partial index of open cases with a deadline.
  EXPECT_NE(ds->ExplainListCases(overdue)->find("cases_open_due"), std::string::npos);
}

}  // namespace
}  // namespace vox::store

namespace vox::store {
namespace {

TEST(SqliteOutbox, OneSendPerKeyNextDueFirstAndRepliesGoWithRetention) {
  const auto dir = std::filesystem::temp_directory_path() / ("vox_sqlite_outbox_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "vox.db").string();
  ASSERT_TRUE(Store::Open(path, {.create = true}).ok());
  auto ds = DeskStore::Open(path, {});
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  Case c;
  c.version = 1;
  c.kind = "question";
  c.state = "closed";
  c.title = "x";
  c.created_at = 100;
  c.closed_at = 100;
  const int64_t case_id = (*ds)->InsertCase(c).value();
  ASSERT_TRUE((*ds)->PutCaseReply(case_id, "sealed-1").ok());
  ASSERT_TRUE((*ds)->PutCaseReply(case_id, "sealed-2").ok());
  EXPECT_EQ((*ds)->GetCaseReply(case_id).value().value_or(""), "sealed-2");
  EXPECT_EQ((*ds)->PutCaseReply(case_id + 99, "s").code(), StatusCode::kNotFound);

  OutboxSend s;
  s.case_id = case_id;
  s.channel = "zalo";
  s.target_sealed = "t";
  s.text = "answer";
  s.idempotency_key = "case:1:v5";
  s.state = "queued";
  s.created_at = 100;
  const int64_t a = (*ds)->InsertSend(s).value();
  EXPECT_EQ((*ds)->InsertSend(s).status().code(), StatusCode::kConflict);  // the same key: never twice
  s.idempotency_key = "case:1:v9";
  s.state = "retrying";
  s.next_at = 500;
  const int64_t b = (*ds)->InsertSend(s).value();
  s.idempotency_key = "case:1:v12";
  s.state = "sending";
  s.next_at = 400;  // its lease
  const int64_t d = (*ds)->InsertSend(s).value();

  EXPECT_EQ((*ds)->NextSend(300).value()->id, a);  // the lease of d has not run out
  EXPECT_EQ((*ds)->NextSend(450).value()->id, d);  // an interrupted send first
  OutboxSend got = *(*ds)->GetSend(d).value();
  got.state = "sent";
  got.platform_id = "p-1";
  ASSERT_TRUE((*ds)->UpdateSend(got).ok());
  got = *(*ds)->GetSend(a).value();
  got.state = "failed";
  ASSERT_TRUE((*ds)->UpdateSend(got).ok());
  EXPECT_FALSE((*ds)->NextSend(450).value().has_value());
  EXPECT_EQ((*ds)->NextSend(500).value()->id, b);
  OutboxQuery q;
  q.state = "sent";
  auto sent = (*ds)->ListSends(q).value();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].platform_id, "p-1");
  q.state.clear();
  q.limit = 2;
  auto page = (*ds)->ListSends(q).value();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, d);  // newest first
  q.after_id = page[1].id;
  EXPECT_EQ((*ds)->ListSends(q).value().size(), 1u);

  EXPECT_TRUE((*ds)->PurgeContacts(200).ok());
  EXPECT_FALSE((*ds)->GetCaseReply(case_id).value().has_value());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vox::store
