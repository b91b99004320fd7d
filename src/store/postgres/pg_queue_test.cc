// The ingest queue on PostgreSQL (store/work_queue.h): two workers never hold
// the same input, a holder that goes away without finishing lets go of it,
// outcomes are kept. Runs when VOX_TEST_PG names a database (skipped otherwise).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "store/backends_test_util.h"
#include "store/store.h"
#include "store/work_queue.h"

namespace vox::store {
namespace {

class PgQueue : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* pg = std::getenv("VOX_TEST_PG");
    if (pg == nullptr || *pg == 0) GTEST_SKIP() << "VOX_TEST_PG is not set";
    dir_ = FreshTestDir("vox_pg_queue_");
    uri_ = FreshPgSchemaUri(pg, dir_);
    OpenOptions o;
    o.create = true;
    auto st = Store::Open(uri_, o);
    ASSERT_TRUE(st.ok()) << st.status().message();
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::unique_ptr<WorkQueue> Worker() {
    auto q = WorkQueue::Open(uri_, nullptr);
    EXPECT_TRUE(q.ok()) << q.status().message();
    return std::move(q).value();
  }
  std::filesystem::path dir_;
  std::string uri_;
};

TEST_F(PgQueue, TwoWorkersNeverHoldTheSameInputAndAGoneHolderLetsGo) {
  auto a = Worker(), b = Worker();
  ASSERT_EQ(*a->Add("/in/1.jsonl", "", ""), 1);
  ASSERT_EQ(*a->Add("/in/2.jsonl", "jsonl", "zalo"), 2);
  auto ha = a->Claim();
  ASSERT_TRUE(ha.ok() && ha->has_value());
  EXPECT_EQ((*ha)->input, "/in/1.jsonl");
  auto hb = b->Claim();
  ASSERT_TRUE(hb.ok() && hb->has_value());
  EXPECT_EQ((*hb)->input, "/in/2.jsonl");  // skipped the one a holds
  EXPECT_EQ((*hb)->format, "jsonl");
  EXPECT_EQ((*hb)->source, "zalo");
  // A third worker finds nothing free.
  {
    auto c = Worker();
    auto hc = c->Claim();
    ASSERT_TRUE(hc.ok());
    EXPECT_FALSE(hc->has_value());
  }
  // b finishes; a goes away without finishing: its input is free again.
  QueuedInput done = **hb;
  done.state = "done";
  done.added = 7;
  ASSERT_TRUE(b->Finish(done).ok());
  a.reset();
  auto again = b->Claim();
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((*again)->input, "/in/1.jsonl");
  QueuedInput failed = **again;
  failed.state = "failed";
  failed.error = "cannot read /in/1.jsonl";
  ASSERT_TRUE(b->Finish(failed).ok());
  // Nothing is queued any more; the outcomes are kept, oldest first.
  auto none = b->Claim();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  std::vector<std::string> seen;
  ASSERT_TRUE(b->ForEach([&](const QueuedInput& q) {
    seen.push_back(q.input + " " + q.state + " " + std::to_string(q.added) + " " + q.error);
    EXPECT_GT(q.finished_at, 0);
    return true;
  }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"/in/1.jsonl failed 0 cannot read /in/1.jsonl", "/in/2.jsonl done 7 "}));
}

TEST(WorkQueue, ASqliteStoreHasNone) {
  auto q = WorkQueue::Open("/tmp/none.db", nullptr);
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().code(), StatusCode::kUnsupported);
}

}  // namespace
}  // namespace vox::store
