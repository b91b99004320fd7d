#include "store/sqlite/sqlite_store.h"

#include "store/sqlite/fts_tokenizer.h"
#include "store/sqlite/mem_budget.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

namespace vox::store {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vox_store_test_" + std::to_string(getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "vox.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Store> OpenOrDie(bool create = true) {
    auto st = Store::Open(path_, {.create = create});
    EXPECT_TRUE(st.ok()) << st.status().message();
    return std::move(st).value();
  }

  static Item MakeItem(const std::string& id, const std::string& text, int64_t t = 1790000000) {
    Item it;
    it.source = "test";
    it.id = id;
    it.text = text;
    it.published_at = t;
    it.author_pseudonym = "p" + id;
    return it;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(StoreTest, MissingStoreIsNotFoundWithoutCreate) {
  auto st = Store::Open(path_, {});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().code(), StatusCode::kNotFound);
  EXPECT_NE(st.status().message().find("vox init"), std::string::npos);
}

TEST_F(StoreTest, RefusesNewerSchema) {
  { auto s = OpenOrDie(); ASSERT_TRUE(s->SetSetting("schema_version", "999").ok()); }
  auto st = Store::Open(path_, {});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().code(), StatusCode::kCorruption);
  EXPECT_NE(st.status().message().find("newer"), std::string::npos);
}

TEST_F(StoreTest, WalModeAndForeignKeysAreOn) {
  auto s = OpenOrDie();
  sqlite3* db = static_cast<SqliteStore*>(s.get())->handle();
  sqlite3_stmt* st;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA foreign_keys", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
}

}  // namespace
}  // namespace vox::store

namespace vox::store {
namespace {

TEST_F(StoreTest, OlderStoreIsMigratedForwardKeepingItsItems) {
  {
    // A version-1 store, as the first release wrote it, holding one item.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(RegisterVoxTokenizer(db).ok());
    std::string sql = std::string("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);") +
                      SqliteStore::MigrationSql(0) +
                      "INSERT INTO meta VALUES('schema_version', '1');"
                      "INSERT INTO sources(name) VALUES('test');"
                      "INSERT INTO items(source_id, ext_id, kind, text, published_at, ingested_at, content_hash)"
                      " VALUES(1, '1', 'post', 'giữ lại sau khi nâng cấp', 1790000000, 1790000000, 7);"
                      // Lists as versions 1-4 kept them, joined by U+001F.
                      "INSERT INTO items(source_id, ext_id, kind, text, published_at, ingested_at, content_hash,"
                      " labels, categories, places)"
                      " VALUES(1, '2', 'post', 'mất điện', 1790000001, 1790000001, 8,"
                      " 'điện' || char(31) || 'khẩn', 'power:0.91' || char(31) || 'price:0.4', 'An Hòa');";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto s = OpenOrDie(false);
  EXPECT_EQ(s->schema_version(), kSchemaVersion);
  EXPECT_EQ(s->GetStats()->items, 2);
  auto tagged = s->GetItem("test", "2");
  ASSERT_TRUE(tagged.ok()) << tagged.status().message();
  EXPECT_EQ(tagged->item.labels, (std::vector<std::string>{"điện", "khẩn"}));
  EXPECT_EQ(tagged->categories, (std::vector<std::string>{"power:0.91", "price:0.40"}));
  EXPECT_EQ(tagged->places, (std::vector<std::string>{"An Hòa"}));
  ItemQuery by_category;
  by_category.category = "price";
  int n = 0;
  ASSERT_TRUE(s->ForEachItem(by_category, [&](const StoredItem&) { ++n; return true; }).ok());
  EXPECT_EQ(n, 1);
  FactCheck fc;
  fc.id = "fc1";
  fc.claim = "nước máy bị nhiễm độc";
  EXPECT_EQ(*s->UpsertFactCheck(fc), Upsert::kAdded);
  SearchRequest req;
  req.query = QueryNode::Phrase({{"nang", false}}, false, 0);
  EXPECT_EQ(s->Search(req)->size(), 1u);
}

// Version 5 lets a fact-check's date and rating be absent: a version-4 store's
// zeros (which meant "not given") become absent, given values and the
// matches (which reference the rebuilt table) are kept.
TEST_F(StoreTest, FactChecksMigrateToAbsentDateAndRatingKeepingMatches) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(RegisterVoxTokenizer(db).ok());
    std::string sql = "PRAGMA foreign_keys=ON; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);";
    for (int v = 0; v < 4; ++v) sql += SqliteStore::MigrationSql(v);
    sql +=
        "INSERT INTO meta VALUES('schema_version', '4');"
        "INSERT INTO sources(name) VALUES('test');"
        "INSERT INTO items(source_id, ext_id, kind, text, published_at, ingested_at, content_hash)"
        " VALUES(1, '1', 'post', 'cắt điện cả tuần', 1790000000, 1790000000, 7);"
        "INSERT INTO factchecks(ext_id, claim, verdict, content_hash) VALUES('bare', 'cắt điện', 'Sai', 1);"
        "INSERT INTO factchecks(ext_id, claim, verdict, published_at, rating, content_hash)"
        " VALUES('rated', 'nước máy', 'Sai', 1790899200, 2, 2);"
        "INSERT INTO matches VALUES(1, 1, 0.8, 'accepted', 1790000000);"
        "INSERT INTO matches VALUES(1, 2, 0.4, 'suggested', 1790000000);";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto s = OpenOrDie(false);
  EXPECT_EQ(s->schema_version(), kSchemaVersion);
  auto bare = s->GetFactCheck("bare");
  ASSERT_TRUE(bare.ok() && bare->has_value());
  EXPECT_FALSE((*bare)->rating.has_value());
  EXPECT_FALSE((*bare)->published_at.has_value());
  auto rated = s->GetFactCheck("rated");
  ASSERT_TRUE(rated.ok() && rated->has_value());
  EXPECT_EQ((*rated)->rating, 2.0);
  EXPECT_EQ((*rated)->published_at, 1790899200);
  std::vector<Match> matches;
  ASSERT_TRUE(s->ForEachMatch([&](const Match& m) { matches.push_back(m); return true; }).ok());
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].factcheck_id, "bare");
  EXPECT_EQ(matches[0].state, MatchState::kAccepted);
  EXPECT_EQ(matches[1].factcheck_id, "rated");
  // The rebuilt matches still cascade from the rebuilt fact-checks.
  sqlite3* db = static_cast<SqliteStore*>(s.get())->handle();
  ASSERT_EQ(sqlite3_exec(db, "DELETE FROM factchecks WHERE ext_id='bare'", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM matches", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
}

// A search past its memory limit is stopped with a message naming the bound;
// the same connection then answers the next search, and the process's other
// allocations are not counted against it.
TEST_F(StoreTest, SearchPastItsMemoryLimitIsRefusedAndTheConnectionGoesOn) {
  auto s = OpenOrDie();
  ASSERT_TRUE(s->Begin().ok());
  for (int i = 0; i < 3000; ++i) {
    ASSERT_TRUE(s->UpsertItem(MakeItem(std::to_string(i), "thông báo thu phí thứ " + std::to_string(i) +
                                                              " tháng này thời hạn thanh toán",
                                       1790000000 + i))
                    .ok());
  }
  ASSERT_TRUE(s->Commit().ok());
  SearchRequest req;
  req.query = QueryNode::Phrase({{"th", false}}, /*prefix=*/true, 0);
  req.limit = 10;
  auto whole = s->Search(req);
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_EQ(whole->size(), 10u);

  req.memory_limit_bytes = 64 * 1024;
  auto refused = s->Search(req);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kLimitExceeded);
  EXPECT_NE(refused.status().message().find("memory limit"), std::string::npos) << refused.status().message();

  req.memory_limit_bytes = int64_t{256} << 20;
  auto again = s->Search(req);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->size(), 10u);
  EXPECT_EQ(s->GetStats()->items, 3000);
}

TEST(MemoryBudgetTest, CountsOnlyThisThreadsAllocationsWhileAlive) {
  ASSERT_TRUE(InstallMemoryBudget());
  void* before = sqlite3_malloc(1 << 20);  // outside any budget: never refused
  ASSERT_NE(before, nullptr);
  {
    MemoryBudget budget(512 * 1024, {});
    sqlite3_free(before);  // freeing older memory leaves room, never a debt
    void* small = sqlite3_malloc(100 * 1024);
    EXPECT_NE(small, nullptr);
    void* big = sqlite3_malloc(600 * 1024);
    EXPECT_EQ(big, nullptr);
    EXPECT_TRUE(budget.memory_exceeded());
    EXPECT_FALSE(budget.time_exceeded());
    EXPECT_GE(budget.peak_bytes(), 100 * 1024);
    sqlite3_free(small);
  }
  void* after = sqlite3_malloc(4 << 20);
  EXPECT_NE(after, nullptr);
  sqlite3_free(after);
  {
    MemoryBudget late(0, std::chrono::steady_clock::now() - std::chrono::milliseconds(1));
    bool refused = false;
    for (int i = 0; i < 100 && !refused; ++i) {
      void* p = sqlite3_malloc(16);
      refused = p == nullptr;
      sqlite3_free(p);
    }
    EXPECT_TRUE(refused);
    EXPECT_TRUE(late.time_exceeded());
  }
}

}  // namespace
}  // namespace vox::store
