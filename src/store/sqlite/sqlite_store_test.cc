#include "store/sqlite/sqlite_store.h"

#include "store/sqlite/fts_tokenizer.h"

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

TEST_F(StoreTest, CreatesSchemaAndReopensIdempotently) {
  { auto s = OpenOrDie(); EXPECT_EQ(s->schema_version(), kSchemaVersion); }
  auto s = OpenOrDie(false);
  auto v = s->GetSetting("schema_version");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->value(), std::to_string(kSchemaVersion));
}

TEST_F(StoreTest, RefusesNewerSchema) {
  { auto s = OpenOrDie(); ASSERT_TRUE(s->SetSetting("schema_version", "999").ok()); }
  auto st = Store::Open(path_, {});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().code(), StatusCode::kCorruption);
  EXPECT_NE(st.status().message().find("newer"), std::string::npos);
}

TEST_F(StoreTest, UpsertAddsThenUnchangedThenUpdatesWithRevision) {
  auto s = OpenOrDie();
  ASSERT_TRUE(s->Begin().ok());
  auto a = s->UpsertItem(MakeItem("1", "mất điện ở phường An Hòa"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, Upsert::kAdded);
  auto b = s->UpsertItem(MakeItem("1", "mất điện ở phường An Hòa"));
  EXPECT_EQ(*b, Upsert::kUnchanged);
  auto c = s->UpsertItem(MakeItem("1", "mất điện ở phường An Hòa từ 7h"));
  EXPECT_EQ(*c, Upsert::kUpdated);
  ASSERT_TRUE(s->Commit().ok());
  auto stats = s->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->items, 1);
  EXPECT_EQ(stats->revisions, 1);
  int seen = 0;
  ASSERT_TRUE(s->ForEachItem({}, [&](const StoredItem& si) {
    EXPECT_EQ(si.item.text, "mất điện ở phường An Hòa từ 7h");
    EXPECT_EQ(si.revisions, 1);
    ++seen;
    return true;
  }).ok());
  EXPECT_EQ(seen, 1);
}

TEST_F(StoreTest, SameIdInAnotherSourceIsAnotherItem) {
  auto s = OpenOrDie();
  Item a = MakeItem("1", "x"), b = MakeItem("1", "x");
  b.source = "other";
  ASSERT_TRUE(s->Begin().ok());
  EXPECT_EQ(*s->UpsertItem(a), Upsert::kAdded);
  EXPECT_EQ(*s->UpsertItem(b), Upsert::kAdded);
  ASSERT_TRUE(s->Commit().ok());
  EXPECT_EQ(s->GetStats()->items, 2);
}

TEST_F(StoreTest, RollbackKeepsNothing) {
  auto s = OpenOrDie();
  ASSERT_TRUE(s->Begin().ok());
  ASSERT_TRUE(s->UpsertItem(MakeItem("1", "a")).ok());
  ASSERT_TRUE(s->Rollback().ok());
  EXPECT_EQ(s->GetStats()->items, 0);
}

TEST_F(StoreTest, PurgeDeletesItemsRevisionsAndIndexEntries) {
  auto s = OpenOrDie();
  ASSERT_TRUE(s->Begin().ok());
  ASSERT_TRUE(s->UpsertItem(MakeItem("old", "ngập nước đường Trần Phú", 1000)).ok());
  ASSERT_TRUE(s->UpsertItem(MakeItem("old", "ngập nước sâu đường Trần Phú", 1000)).ok());
  ASSERT_TRUE(s->UpsertItem(MakeItem("new", "ngập nước chợ", 2000)).ok());
  ASSERT_TRUE(s->Commit().ok());
  SearchRequest req;
  req.query = QueryNode::Phrase({{"ngap", false}}, false, 0);
  EXPECT_EQ(s->Search(req)->size(), 2u);
  auto pc = s->Purge(1500);
  ASSERT_TRUE(pc.ok()) << pc.status().message();
  EXPECT_EQ(pc->items, 1);
  EXPECT_EQ(pc->revisions, 1);
  auto stats = s->GetStats();
  EXPECT_EQ(stats->items, 1);
  EXPECT_EQ(stats->revisions, 0);
  auto rows = s->Search(req);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].id, "new");
  req.query = QueryNode::Phrase({{"phu", false}}, false, 0);
  EXPECT_EQ(s->Search(req)->size(), 0u);
}

TEST_F(StoreTest, ForEachItemFilters) {
  auto s = OpenOrDie();
  ASSERT_TRUE(s->Begin().ok());
  for (int i = 0; i < 10; ++i) {
    Item it = MakeItem(std::to_string(i), "t", 1000 + i);
    it.kind = i % 2 ? "comment" : "post";
    ASSERT_TRUE(s->UpsertItem(it).ok());
  }
  ASSERT_TRUE(s->Commit().ok());
  ItemQuery q;
  q.kind = "comment";
  q.since = 1003;
  q.until = 1008;
  std::vector<std::string> ids;
  ASSERT_TRUE(s->ForEachItem(q, [&](const StoredItem& si) { ids.push_back(si.item.id); return true; }).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"3", "5", "7"}));
  q = {};
  q.limit = 2;
  q.newest_first = true;
  ids.clear();
  ASSERT_TRUE(s->ForEachItem(q, [&](const StoredItem& si) { ids.push_back(si.item.id); return true; }).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"9", "8"}));
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
                      " VALUES(1, '1', 'post', 'giữ lại sau khi nâng cấp', 1790000000, 1790000000, 7);";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto s = OpenOrDie(false);
  EXPECT_EQ(s->schema_version(), kSchemaVersion);
  EXPECT_EQ(s->GetStats()->items, 1);
  FactCheck fc;
  fc.id = "fc1";
  fc.claim = "nước máy bị nhiễm độc";
  EXPECT_EQ(*s->UpsertFactCheck(fc), Upsert::kAdded);
  SearchRequest req;
  req.query = QueryNode::Phrase({{"nang", false}}, false, 0);
  EXPECT_EQ(s->Search(req)->size(), 1u);
}

TEST_F(StoreTest, StaffDecisionsSurviveTheMatcher) {
  auto s = OpenOrDie();
  ASSERT_TRUE(s->Begin().ok());
  int64_t rowid = 0;
  ASSERT_TRUE(s->UpsertItem(MakeItem("1", "nước máy nhiễm độc"), &rowid).ok());
  FactCheck fc;
  fc.id = "fc1";
  fc.claim = "nước máy bị nhiễm độc";
  ASSERT_TRUE(s->UpsertFactCheck(fc).ok());
  EXPECT_EQ(*s->UpsertFactCheck(fc), Upsert::kUnchanged);
  ASSERT_TRUE(s->PutMatch({rowid, "", "", "fc1", 0.7, MatchState::kSuggested, 0}).ok());
  ASSERT_TRUE(s->DecideMatch("test", "1", "fc1", MatchState::kRejected, 0.7).ok());
  ASSERT_TRUE(s->PutMatch({rowid, "", "", "fc1", 0.9, MatchState::kAuto, 0}).ok());
  ASSERT_TRUE(s->ClearMachineMatches(rowid).ok());
  ASSERT_TRUE(s->Commit().ok());
  std::vector<Match> all;
  ASSERT_TRUE(s->ForEachMatch([&](const Match& m) { all.push_back(m); return true; }).ok());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].state, MatchState::kRejected);
  EXPECT_EQ(all[0].item_id, "1");
  EXPECT_EQ(s->DecideMatch("test", "nope", "fc1", MatchState::kAccepted, 0).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace vox::store
