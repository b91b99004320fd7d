// PostgreSQL's monthly partitions of items: made when a write needs one,
// dropped whole by retention, and the conversion of a store written before
// them (schema 9). Runs when VOX_TEST_PG names a database (skipped otherwise);
// what both backends share is in store_test.cc.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "store/backends_test_util.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/pg_store.h"
#include "store/store.h"

namespace vox::store {
namespace {

// 2026-09-01, 2026-10-01, 2026-11-01 UTC.
constexpr int64_t kSep = 1788220800, kOct = 1790812800, kNov = 1793491200;

class PgPartitions : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* pg = std::getenv("VOX_TEST_PG");
    if (pg == nullptr || *pg == 0) GTEST_SKIP() << "VOX_TEST_PG is not set";
    dir_ = FreshTestDir("vox_pg_partitions_");
    uri_ = FreshPgSchemaUri(pg, dir_);
    auto c = pg::Conn::Connect(uri_);
    ASSERT_TRUE(c.ok()) << c.status().message();
    conn_ = std::move(c).value();
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<Store> Open() {
    OpenOptions o;
    o.create = true;
    auto st = Store::Open(uri_, o);
    EXPECT_TRUE(st.ok()) << st.status().message();
    return std::move(st).value();
  }

  std::vector<std::string> Column(const std::string& sql) {
    std::vector<std::string> out;
    auto r = conn_->RunText(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().message();
    if (r.ok()) {
      for (int i = 0; i < r->size(); ++i) out.push_back(r->str(i, 0));
    }
    return out;
  }

  // The partitions of items, by name.
  std::vector<std::string> Partitions() {
    return Column(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        " WHERE i.inhparent = 'items'::regclass ORDER BY c.relname");
  }

  static Item MakeItem(const std::string& id, int64_t t) {
    Item it;
    it.source = "test";
    it.id = id;
    it.text = "ngập nước đường " + id;
    it.published_at = t;
    it.author_pseudonym = "p" + id;
    return it;
  }

  std::filesystem::path dir_;
  std::string uri_;
  std::unique_ptr<pg::Conn> conn_;
};

TEST_F(PgPartitions, AMonthsPartitionIsMadeWhenAnItemNeedsItAndRowsLandThere) {
  auto s = Open();
  EXPECT_EQ(Partitions(), (std::vector<std::string>{"items_after", "items_before"}));
  {
    auto txn = Transaction::Begin(*s);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(s->UpsertItem(MakeItem("a", kSep + 10)).ok());
    ASSERT_TRUE(s->UpsertItem(MakeItem("b", kOct - 1)).ok());  // the last second of September
    ASSERT_TRUE(s->UpsertItem(MakeItem("c", kOct)).ok());
    ASSERT_TRUE(s->UpsertItem(MakeItem("old", -86400)).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_EQ(Partitions(),
            (std::vector<std::string>{"items_2026_09", "items_2026_10", "items_after", "items_before"}));
  EXPECT_EQ(Column("SELECT string_agg(ext_id, ',' ORDER BY ext_id) FROM items_2026_09"),
            std::vector<std::string>{"a,b"});
  EXPECT_EQ(Column("SELECT string_agg(ext_id, ',') FROM items_2026_10"), std::vector<std::string>{"c"});
  EXPECT_EQ(Column("SELECT string_agg(ext_id, ',') FROM items_before"), std::vector<std::string>{"old"});
  EXPECT_EQ(Column("SELECT lo || '-' || hi FROM item_partitions WHERE name = 'items_2026_10'"),
            std::vector<std::string>{std::to_string(kOct) + "-" + std::to_string(kNov)});
  // A rolled-back batch leaves no item (its partition may go with it).
  {
    auto txn = Transaction::Begin(*s);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(s->UpsertItem(MakeItem("d", kNov + 5)).ok());
    ASSERT_TRUE(txn->Rollback().ok());
  }
  EXPECT_EQ(s->GetStats()->items, 4);
  EXPECT_EQ(Column("SELECT count(*) FROM item_partitions WHERE name = 'items_2026_11'"),
            std::vector<std::string>{"0"});
  // Moving an item's time moves its row.
  Item moved = MakeItem("c", kSep + 20);
  ASSERT_EQ(*s->UpsertItem(moved), Upsert::kUpdated);
  EXPECT_EQ(Column("SELECT count(*) FROM items_2026_10"), std::vector<std::string>{"0"});
  EXPECT_EQ(Column("SELECT count(*) FROM items WHERE ext_id = 'c'"), std::vector<std::string>{"1"});
}

TEST_F(PgPartitions, RetentionDropsWholeMonthsAndDeletesRowsOnlyInTheCutoffsMonth) {
  auto s = Open();
  {
    auto txn = Transaction::Begin(*s);
    ASSERT_TRUE(txn.ok());
    int64_t r = 0;
    ASSERT_TRUE(s->UpsertItem(MakeItem("s1", kSep + 100), &r).ok());
    ASSERT_TRUE(s->SetItemAnnotations(r, {"ngập:0.9"}, {"An Hòa"}).ok());
    ASSERT_TRUE(s->UpsertItem(MakeItem("o1", kOct + 100)).ok());
    ASSERT_TRUE(s->UpsertItem(MakeItem("o2", kOct + 20 * 86400)).ok());
    ASSERT_TRUE(s->UpsertItem(MakeItem("n1", kNov + 100)).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  const std::vector<std::string> oct_oid = Column("SELECT 'items_2026_10'::regclass::oid::text");
  auto pc = s->Purge(kOct + 86400);
  ASSERT_TRUE(pc.ok()) << pc.status().message();
  EXPECT_EQ(pc->items, 2);
  EXPECT_EQ(pc->partitions, 1);
  EXPECT_EQ(Partitions(),
            (std::vector<std::string>{"items_2026_10", "items_2026_11", "items_after", "items_before"}));
  EXPECT_EQ(Column("SELECT count(*) FROM item_partitions WHERE name = 'items_2026_09'"),
            std::vector<std::string>{"0"});
  // October is the same table (not rebuilt), holding what is after the cutoff.
  EXPECT_EQ(Column("SELECT 'items_2026_10'::regclass::oid::text"), oct_oid);
  EXPECT_EQ(Column("SELECT string_agg(ext_id, ',') FROM items_2026_10"), std::vector<std::string>{"o2"});
  EXPECT_EQ(Column("SELECT count(*) FROM item_tags"), std::vector<std::string>{"0"});
  EXPECT_EQ(Column("SELECT rows FROM index_totals"), std::vector<std::string>{"2"});
  EXPECT_EQ(s->GetStats()->items, 2);
  // A purge before every month drops none.
  pc = s->Purge(kOct);
  ASSERT_TRUE(pc.ok());
  EXPECT_EQ(pc->items, 0);
  EXPECT_EQ(pc->partitions, 0);
}

// A store written before partitions (schema 9, items in one table) is
// converted by the 9 -> 10 step: same rows, same ids, ids continue after
// them, revisions and matches still found.
TEST_F(PgPartitions, MigrationFromOneTableKeepsEveryRowAndId) {
  int found = 0;
  ASSERT_TRUE(PgStore::Migrate(*conn_, /*create=*/true, &found, /*target=*/9).ok());
  EXPECT_EQ(Column("SELECT value FROM meta WHERE key = 'schema_version'"), std::vector<std::string>{"9"});
  EXPECT_EQ(Column("SELECT relkind::text FROM pg_class WHERE oid = 'items'::regclass"),
            std::vector<std::string>{"r"});
  ASSERT_TRUE(conn_->Exec(
      "INSERT INTO sources(id, name) VALUES (1, 'test');"
      "INSERT INTO items(id, source_id, ext_id, kind, text, published_at, ingested_at, content_hash, terms, term_count)"
      " VALUES (5, 1, 'a', 'post', 'mất điện', 1788220900, 1, 1, '''mat'':1 ''dien'':2', 2),"
      "        (9, 1, 'b', 'post', 'mất điện', 1790812900, 1, 2, '''mat'':1 ''dien'':2', 2),"
      "        (12, 1, 'c', 'post', 'mất nước', 1790812950, 1, 3, '''mat'':1 ''nuoc'':2', 2);"
      "INSERT INTO item_revisions(item_id, title, text, replaced_at) VALUES (9, '', 'cũ', 1);"
      "INSERT INTO factchecks(id, ext_id, claim, content_hash) VALUES (1, 'f', 'x', 1);"
      "INSERT INTO matches VALUES (12, 1, 0.9, 'suggested', 1);"
      "UPDATE index_totals SET rows = 3, positions = 6").ok());
  auto s = Open();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->schema_version(), kSchemaVersion);
  EXPECT_EQ(Column("SELECT relkind::text FROM pg_class WHERE oid = 'items'::regclass"),
            std::vector<std::string>{"p"});
  EXPECT_EQ(Partitions(),
            (std::vector<std::string>{"items_2026_09", "items_2026_10", "items_after", "items_before"}));
  EXPECT_EQ(Column("SELECT string_agg(id || ext_id, ',' ORDER BY id) FROM items"), std::vector<std::string>{"5a,9b,12c"});
  EXPECT_EQ(s->GetItem("test", "b")->revisions, 1);
  int matches = 0;
  ASSERT_TRUE(s->ForEachMatch([&](const Match&) {
    ++matches;
    return true;
  }).ok());
  EXPECT_EQ(matches, 1);
  // New ids continue after the copied ones; the same item is not added twice.
  int64_t id = 0;
  ASSERT_TRUE(s->UpsertItem(MakeItem("d", kNov + 1), &id).ok());
  EXPECT_GT(id, 12);
  Item again = MakeItem("a", 1788220900);
  again.text = "mất điện";
  auto u = s->UpsertItem(again);
  ASSERT_TRUE(u.ok());
  EXPECT_NE(*u, Upsert::kAdded);
  EXPECT_EQ(s->GetStats()->items, 4);
  SearchRequest req;
  req.query = QueryNode::Phrase({{"mat", false}}, false, 0);
  auto rows = s->Search(req);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows->size(), 3u);  // the copied rows' terms are searched
  req.query = QueryNode::Phrase({{"ngap", false}}, false, 0);
  rows = s->Search(req);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 1u);  // and the new one's
  EXPECT_EQ((*rows)[0].id, "d");
  // Purging September and the October rows takes their revisions and matches.
  auto pc = s->Purge(kNov);
  ASSERT_TRUE(pc.ok()) << pc.status().message();
  EXPECT_EQ(pc->items, 3);
  EXPECT_EQ(pc->revisions, 1);
  EXPECT_EQ(pc->partitions, 2);
  EXPECT_EQ(Column("SELECT count(*) FROM matches"), std::vector<std::string>{"0"});
  EXPECT_EQ(Column("SELECT count(*) FROM item_revisions"), std::vector<std::string>{"0"});
}

}  // namespace
}  // namespace vox::store
