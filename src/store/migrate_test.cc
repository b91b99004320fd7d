// MigrateStore's contract on in-memory backends: chunks bounded by rows and
// bytes, each committed with its position; a run that stops part-way resumes
// after its last committed chunk; a non-empty target is refused unless
// replace; a count that differs at the end fails naming the table.
#include "store/migrate.h"

#include <gtest/gtest.h>

#include <map>

namespace vox::store {
namespace {

CellValue Int(int64_t v) { return {CellValue::Type::kInteger, std::to_string(v)}; }
CellValue Text(std::string v) { return {CellValue::Type::kText, std::move(v)}; }

class FakeSource final : public TableSource {
 public:
  std::map<std::string, std::vector<TableRow>> tables;  // rows: id, body
  std::string Describe() const override { return "fake:source"; }
  Result<std::vector<SourceTable>> Tables() override {
    std::vector<SourceTable> out;
    for (const auto& [name, rows] : tables) {
      out.push_back({name, {"id", "body"}, {"rowid"}, static_cast<int64_t>(rows.size())});
    }
    return out;
  }
  Status Scan(const SourceTable& t, const std::vector<std::string>&, const TableRow& after, int64_t limit,
              const std::function<bool(TableRow&&)>& fn) override {
    const int64_t from = after.empty() ? 0 : std::stoll(after[0].data);
    int64_t n = 0;
    for (const TableRow& r : tables[t.name]) {
      if (std::stoll(r[0].data) <= from) continue;
      if (n++ == limit) break;
      TableRow out = r;
      out.push_back(r[0]);  // the key
      if (!fn(std::move(out))) break;
    }
    return Status::Ok();
  }
  Result<std::vector<std::pair<std::string, std::string>>> Settings() override {
    return std::vector<std::pair<std::string, std::string>>{{"retention", "365d"}};
  }
};

class FakeSink final : public TableSink {
 public:
  std::map<std::string, std::vector<TableRow>> rows;
  std::map<std::string, TableRow> positions;
  std::vector<size_t> chunk_sizes;
  std::map<std::string, std::string> settings;
  int fail_after_writes = -1;  // a write that fails (the run is "killed" there)
  bool cleared = false;
  int64_t extra_rows = 0;  // rows the target has of its own (in "a")

  std::string Describe() const override { return "fake:target"; }
  Result<std::vector<std::string>> TablesInOrder() override { return std::vector<std::string>{"a", "b"}; }
  Result<std::vector<std::string>> Columns(const std::string&) override {
    return std::vector<std::string>{"id", "body"};
  }
  Result<bool> HoldsData(const std::string&, bool* resumable) override {
    *resumable = !positions.empty();
    return positions.empty() && extra_rows > 0;
  }
  Status Clear() override {
    rows.clear();
    positions.clear();
    extra_rows = 0;
    cleared = true;
    return Status::Ok();
  }
  Result<TableRow> Position(const std::string&, const std::string& table) override {
    auto it = positions.find(table);
    return it == positions.end() ? TableRow{} : it->second;
  }
  Status Write(const std::string&, const std::string& table, const std::vector<std::string>&,
               const std::vector<TableRow>& chunk, const TableRow& position) override {
    if (fail_after_writes == 0) return Status::IoError("connection lost");
    if (fail_after_writes > 0) --fail_after_writes;
    for (const TableRow& r : chunk) rows[table].push_back(r);
    positions[table] = position;
    chunk_sizes.push_back(chunk.size());
    return Status::Ok();
  }
  Status PutSettings(const std::vector<std::pair<std::string, std::string>>& s) override {
    for (const auto& [k, v] : s) settings[k] = v;
    return Status::Ok();
  }
  Status Finish() override { return Status::Ok(); }
  Result<int64_t> Count(const std::string& table) override {
    return static_cast<int64_t>(rows[table].size()) + (table == "a" ? extra_rows : 0);
  }
};

FakeSource Source(int rows_a, int rows_b, size_t body_bytes) {
  FakeSource s;
  for (int i = 1; i <= rows_a; ++i) s.tables["a"].push_back({Int(i), Text(std::string(body_bytes, 'x'))});
  for (int i = 1; i <= rows_b; ++i) s.tables["b"].push_back({Int(i), Text("b")});
  return s;
}

TEST(MigrateStore, CopiesEveryTableInChunksAndVerifies) {
  FakeSource src = Source(25, 3, 10);
  FakeSink dst;
  MigrateOptions o;
  o.chunk_rows = 10;
  auto r = MigrateStore(src, dst, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(dst.rows["a"].size(), 25u);
  EXPECT_EQ(dst.rows["b"].size(), 3u);
  EXPECT_EQ(dst.chunk_sizes, (std::vector<size_t>{10, 10, 5, 3}));
  EXPECT_EQ(dst.rows["a"][24][0].data, "25");
  EXPECT_EQ(dst.rows["a"][0].size(), 2u) << "the key values are not written as columns";
  EXPECT_EQ(dst.settings["retention"], "365d");
  ASSERT_EQ(r->tables.size(), 2u);
  EXPECT_EQ(r->tables[0].copied, 25);
}

TEST(MigrateStore, ChunksAreBoundedByBytesToo) {
  FakeSource src = Source(10, 0, 1000);
  FakeSink dst;
  MigrateOptions o;
  o.chunk_rows = 100;
  o.chunk_bytes = 2500;  // a chunk ends after the row that reaches it: 3 rows
  auto r = MigrateStore(src, dst, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(dst.chunk_sizes, (std::vector<size_t>{3, 3, 3, 1}));
  EXPECT_EQ(dst.rows["a"].size(), 10u);
}

TEST(MigrateStore, AnInterruptedRunResumesAfterItsLastChunk) {
  FakeSource src = Source(25, 3, 10);
  FakeSink dst;
  MigrateOptions o;
  o.chunk_rows = 10;
  dst.fail_after_writes = 1;  // the second chunk never commits
  auto first = MigrateStore(src, dst, o);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(dst.rows["a"].size(), 10u);
  dst.fail_after_writes = -1;
  auto again = MigrateStore(src, dst, o);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->resumed);
  EXPECT_EQ(dst.rows["a"].size(), 25u) << "no row twice";
  EXPECT_EQ(again->tables[0].copied, 15);
  auto third = MigrateStore(src, dst, o);
  ASSERT_TRUE(third.ok()) << third.status().message();
  EXPECT_EQ(third->tables[0].copied + third->tables[1].copied, 0) << "a finished run copies nothing again";
}

TEST(MigrateStore, ATargetWithDataOfItsOwnIsRefusedUnlessReplace) {
  FakeSource src = Source(5, 1, 10);
  FakeSink dst;
  dst.extra_rows = 2;
  auto refused = MigrateStore(src, dst, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  EXPECT_NE(refused.status().message().find("--replace"), std::string::npos);
  EXPECT_TRUE(dst.rows.empty());
  MigrateOptions o;
  o.replace = true;
  auto r = MigrateStore(src, dst, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(dst.cleared);
  EXPECT_EQ(dst.rows["a"].size(), 5u);
}

TEST(MigrateStore, ACountThatDiffersFailsNamingTheTable) {
  FakeSource src = Source(5, 1, 10);
  FakeSink dst;
  auto r0 = MigrateStore(src, dst, {});
  ASSERT_TRUE(r0.ok());
  dst.rows["b"].push_back({Int(99), Text("written since")});
  auto r = MigrateStore(src, dst, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("table b"), std::string::npos) << r.status().message();
}

TEST(MigrateStore, ASourceTableTheTargetLacksIsRefused) {
  FakeSource src = Source(1, 1, 10);
  src.tables["c"].push_back({Int(1), Text("c")});
  FakeSink dst;
  auto r = MigrateStore(src, dst, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no table for c "), std::string::npos) << r.status().message();
  EXPECT_TRUE(dst.rows.empty());
}

}  // namespace
}  // namespace vox::store
