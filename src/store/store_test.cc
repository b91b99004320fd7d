// The store's behaviour, written once against the Store interface and run on
// every backend (one test, every backend): a new backend is added to
// Backends() below and must pass the whole suite unchanged.
#include "store/store.h"

#include "store/backends_test_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <thread>
#include <string>
#include <vector>

namespace vox::store {
namespace {

class StoreSuite : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("vox_store_suite_");
    uri_ = GetParam().uri(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Store> OpenOrDie(bool create = true, const Clock* clock = nullptr) {
    OpenOptions o;
    o.create = create;
    o.clock = clock;
    auto st = Store::Open(uri_, o);
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
  std::string uri_;
};

TEST_P(StoreSuite, CreatesSchemaAndReopensIdempotently) {
  { auto s = OpenOrDie(); EXPECT_EQ(s->schema_version(), kSchemaVersion); }
  auto s = OpenOrDie(false);
  auto v = s->GetSetting("schema_version");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->value(), std::to_string(kSchemaVersion));
}


TEST_P(StoreSuite, UpsertAddsThenUnchangedThenUpdatesWithRevision) {
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


TEST_P(StoreSuite, SameIdInAnotherSourceIsAnotherItem) {
  auto s = OpenOrDie();
  Item a = MakeItem("1", "x"), b = MakeItem("1", "x");
  b.source = "other";
  ASSERT_TRUE(s->Begin().ok());
  EXPECT_EQ(*s->UpsertItem(a), Upsert::kAdded);
  EXPECT_EQ(*s->UpsertItem(b), Upsert::kAdded);
  ASSERT_TRUE(s->Commit().ok());
  EXPECT_EQ(s->GetStats()->items, 2);
}


TEST_P(StoreSuite, RollbackKeepsNothing) {
  auto s = OpenOrDie();
  ASSERT_TRUE(s->Begin().ok());
  ASSERT_TRUE(s->UpsertItem(MakeItem("1", "a")).ok());
  ASSERT_TRUE(s->Rollback().ok());
  EXPECT_EQ(s->GetStats()->items, 0);
}


TEST_P(StoreSuite, PurgeDeletesItemsRevisionsAndIndexEntries) {
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


TEST_P(StoreSuite, ForEachItemFilters) {
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


// A counting scan (counts_only) reads every field but the texts and the
// revision count exactly as a full scan does: labels, categories and places
// in their order, an empty label, items with no tags.
TEST_P(StoreSuite, CountsOnlyScanReadsTheTagsAsAFullScan) {
  auto s = OpenOrDie();
  ASSERT_TRUE(s->Begin().ok());
  std::vector<int64_t> rowids;
  for (int i = 0; i < 4; ++i) {
    Item it = MakeItem(std::to_string(i), "văn bản " + std::to_string(i), 1000 + i);
    it.title = "tiêu đề";
    it.url = "https://example.vn/" + std::to_string(i);
    if (i == 1) it.labels = {"khẩn", "điện", "a:b"};
    if (i == 3) it.labels = {""};
    int64_t rowid = 0;
    ASSERT_TRUE(s->UpsertItem(it, &rowid).ok());
    rowids.push_back(rowid);
  }
  ASSERT_TRUE(s->SetItemAnnotations(rowids[1], {"dien_nuoc:0.91", "gia_ca:0.4"}, {"Vân Hà", "An Hòa"}).ok());
  ASSERT_TRUE(s->SetItemAnnotations(rowids[2], {"moi_truong:1"}, {}).ok());
  ASSERT_TRUE(s->Commit().ok());
  Item changed = MakeItem("0", "đã sửa", 1000);
  ASSERT_TRUE(s->UpsertItem(changed).ok());  // a revision
  ItemQuery q;
  std::vector<StoredItem> full, counted;
  ASSERT_TRUE(s->ForEachItem(q, [&](const StoredItem& si) { full.push_back(si); return true; }).ok());
  q.counts_only = true;
  ASSERT_TRUE(s->ForEachItem(q, [&](const StoredItem& si) { counted.push_back(si); return true; }).ok());
  ASSERT_EQ(full.size(), 4u);
  ASSERT_EQ(counted.size(), 4u);
  EXPECT_EQ(full[0].revisions, 1);
  EXPECT_EQ(full[1].item.labels, (std::vector<std::string>{"khẩn", "điện", "a:b"}));
  EXPECT_EQ(full[1].places, (std::vector<std::string>{"Vân Hà", "An Hòa"}));
  for (size_t i = 0; i < full.size(); ++i) {
    const StoredItem& f = full[i];
    const StoredItem& c = counted[i];
    EXPECT_EQ(c.rowid, f.rowid);
    EXPECT_EQ(c.item.source, f.item.source);
    EXPECT_EQ(c.item.id, f.item.id);
    EXPECT_EQ(c.item.kind, f.item.kind);
    EXPECT_EQ(c.item.published_at, f.item.published_at);
    EXPECT_EQ(c.item.author_pseudonym, f.item.author_pseudonym);
    EXPECT_EQ(c.item.labels, f.item.labels) << i;
    EXPECT_EQ(c.categories, f.categories) << i;
    EXPECT_EQ(c.places, f.places) << i;
    EXPECT_EQ(c.story_id, f.story_id);
    EXPECT_TRUE(c.item.text.empty());
    EXPECT_TRUE(c.item.title.empty());
    EXPECT_TRUE(c.item.url.empty());
    EXPECT_EQ(c.revisions, 0);
  }
}

TEST_P(StoreSuite, StaffDecisionsSurviveTheMatcher) {
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


// A fact-check's date and rating round-trip absent, and absent is not 0.
TEST_P(StoreSuite, FactCheckDateAndRatingStayAbsent) {
  auto s = OpenOrDie();
  FactCheck none;
  none.id = "none";
  none.claim = "cắt điện cả tuần";
  none.verdict = "Sai";
  FactCheck zero = none;
  zero.id = "zero";
  zero.rating = 0;
  zero.published_at = 0;
  FactCheck given = none;
  given.id = "given";
  given.rating = 1.5;
  given.published_at = 1790899200;
  for (const FactCheck* fc : {&none, &zero, &given}) ASSERT_EQ(*s->UpsertFactCheck(*fc), Upsert::kAdded);
  auto back = s->GetFactCheck("none");
  ASSERT_TRUE(back.ok() && back->has_value());
  EXPECT_FALSE((*back)->rating.has_value());
  EXPECT_FALSE((*back)->published_at.has_value());
  back = s->GetFactCheck("zero");
  ASSERT_TRUE(back.ok() && back->has_value());
  EXPECT_EQ((*back)->rating, 0.0);
  EXPECT_EQ((*back)->published_at, 0);
  back = s->GetFactCheck("given");
  ASSERT_TRUE(back.ok() && back->has_value());
  EXPECT_EQ((*back)->rating, 1.5);
  EXPECT_EQ((*back)->published_at, 1790899200);
  // Giving a rating to a fact-check without one, or taking it away, is a change.
  FactCheck rated = none;
  rated.rating = 0;
  EXPECT_EQ(*s->UpsertFactCheck(rated), Upsert::kUpdated);
  EXPECT_EQ(*s->UpsertFactCheck(none), Upsert::kUpdated);
  EXPECT_EQ(*s->UpsertFactCheck(none), Upsert::kUnchanged);
}

TEST_P(StoreSuite, TransactionGuardRollsBackUnlessCommitted) {
  auto s = OpenOrDie();
  {
    auto txn = Transaction::Begin(*s);
    ASSERT_TRUE(txn.ok()) << txn.status().message();
    ASSERT_TRUE(s->UpsertItem(MakeItem("dropped", "a")).ok());
  }  // left without Commit: rolled back
  EXPECT_EQ(s->GetStats()->items, 0);
  {
    auto txn = Transaction::Begin(*s);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(s->UpsertItem(MakeItem("kept", "b")).ok());
    ASSERT_TRUE(txn->Commit().ok());
    EXPECT_FALSE(txn->active());
  }
  EXPECT_EQ(s->GetStats()->items, 1);
  // A new transaction can begin once the guard is done.
  auto again = Transaction::Begin(*s);
  ASSERT_TRUE(again.ok()) << again.status().message();
  ASSERT_TRUE(again->Rollback().ok());
}

// Retention at a chosen time: the store's clock decides what is old.
TEST_P(StoreSuite, RetentionFollowsTheStoresClock) {
  constexpr int64_t kDay = 86400;
  const int64_t t0 = 1'790'000'000;
  FixedClock clock(t0);
  auto s = OpenOrDie(true, &clock);
  {
    auto txn = Transaction::Begin(*s);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(s->UpsertItem(MakeItem("100d", "cũ", t0 - 100 * kDay)).ok());
    ASSERT_TRUE(s->UpsertItem(MakeItem("10d", "mới", t0 - 10 * kDay)).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  int64_t cutoff = 0;
  auto pc = PurgeOlderThan(*s, 90 * kDay, &cutoff);
  ASSERT_TRUE(pc.ok()) << pc.status().message();
  EXPECT_EQ(cutoff, t0 - 90 * kDay);
  EXPECT_EQ(pc->items, 1);
  // Eighty-five days later the other item is past the window too.
  clock.Advance(85 * kDay);
  pc = PurgeOlderThan(*s, 90 * kDay);
  ASSERT_TRUE(pc.ok());
  EXPECT_EQ(pc->items, 1);
  EXPECT_EQ(s->GetStats()->items, 0);
  EXPECT_FALSE(PurgeOlderThan(*s, -1).ok());
}

TEST_P(StoreSuite, TimesWrittenComeFromTheClock) {
  FixedClock clock(1'800'000'000);
  auto s = OpenOrDie(true, &clock);
  EXPECT_EQ(s->clock().Now(), 1'800'000'000);
  {
    auto txn = Transaction::Begin(*s);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(s->UpsertItem(MakeItem("1", "nước máy nhiễm độc")).ok());
    FactCheck fc;
    fc.id = "fc1";
    fc.claim = "nước máy bị nhiễm độc";
    ASSERT_TRUE(s->UpsertFactCheck(fc).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto got = s->GetItem("test", "1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->ingested_at, 1'800'000'000);
  clock.Advance(60);
  ASSERT_TRUE(s->DecideMatch("test", "1", "fc1", MatchState::kAccepted, 0.9).ok());
  std::vector<Match> all;
  ASSERT_TRUE(s->ForEachMatch([&](const Match& m) { all.push_back(m); return true; }).ok());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].updated_at, 1'800'000'060);
}

TEST_P(StoreSuite, SettingsRoundTrip) {
  auto s = OpenOrDie();
  auto missing = s->GetSetting("retention");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  ASSERT_TRUE(s->SetSetting("retention", "90d").ok());
  ASSERT_TRUE(s->SetSetting("retention", "30d").ok());
  EXPECT_EQ(s->GetSetting("retention")->value_or(""), "30d");
}

TEST_P(StoreSuite, ContentVersionChangesWithItems) {
  auto s = OpenOrDie();
  auto v0 = s->ContentVersion();
  ASSERT_TRUE(v0.ok());
  {
    auto txn = Transaction::Begin(*s);
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(s->UpsertItem(MakeItem("1", "a")).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto v1 = s->ContentVersion();
  EXPECT_NE(*v0, *v1);
  EXPECT_EQ(*v1, *s->ContentVersion());
  ASSERT_TRUE(s->Purge(2'000'000'000).ok());
  EXPECT_NE(*v1, *s->ContentVersion());
}

TEST_P(StoreSuite, StoriesKeepIdsCountersAndState) {
  auto s = OpenOrDie();
  auto txn = Transaction::Begin(*s);
  ASSERT_TRUE(txn.ok());
  int64_t r1 = 0, r2 = 0;
  ASSERT_TRUE(s->UpsertItem(MakeItem("1", "mất điện phường An Hòa", 1000), &r1).ok());
  ASSERT_TRUE(s->UpsertItem(MakeItem("2", "phường An Hòa mất điện", 2000), &r2).ok());
  Story st;
  st.id = 7;
  st.first_seen = 1000;
  st.last_seen = 2000;
  st.size = 2;
  st.representative = r1;
  st.label = "Mất điện phường An Hòa";
  ASSERT_TRUE(s->InsertStory(st).ok());
  ASSERT_TRUE(s->PutStoryState(7, std::string("\x01\x00state", 7)).ok());
  ASSERT_TRUE(s->SetItemStory(r1, 7).ok());
  ASSERT_TRUE(s->SetItemStory(r2, 7).ok());
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(*s->MaxStoryId(), 7);
  EXPECT_EQ(*s->ItemStory(r2), 7);
  auto got = s->GetStory(7, true);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->size, 2);
  EXPECT_EQ((*got)->voices, 2);
  EXPECT_EQ((*got)->label, "Mất điện phường An Hòa");
  std::string state;
  ASSERT_TRUE(s->ForEachStory({}, [&](const Story&, const std::string& st_bytes) {
    state = st_bytes;
    return true;
  }).ok());
  EXPECT_EQ(state, std::string("\x01\x00state", 7));
  // Cleared stories leave their ids used: the next one continues after them.
  auto txn2 = Transaction::Begin(*s);
  ASSERT_TRUE(txn2.ok());
  ASSERT_TRUE(s->ClearStories().ok());
  ASSERT_TRUE(txn2->Commit().ok());
  EXPECT_EQ(*s->ItemStory(r1), 0);
  EXPECT_GE(*s->MaxStoryId(), 7);
  EXPECT_FALSE(s->GetStory(7, false)->has_value());
}

// A deleted story (its only member edited away) leaves its id used, also
// for another process that never saw it: a case linked to it never comes to
// name another story.
TEST_P(StoreSuite, ADeletedStoryLeavesItsIdUsed) {
  auto s = OpenOrDie();
  for (int64_t id : {3, 4}) {
    auto txn = Transaction::Begin(*s);
    ASSERT_TRUE(txn.ok());
    Story st;
    st.id = id;
    st.first_seen = st.last_seen = 1000;
    st.size = 1;
    ASSERT_TRUE(s->InsertStory(st).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto txn = Transaction::Begin(*s);
  ASSERT_TRUE(txn.ok());
  ASSERT_TRUE(s->DeleteStory(4).ok());
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(*s->MaxStoryId(), 4);
  auto other = OpenOrDie();
  EXPECT_EQ(*other->MaxStoryId(), 4);
}

TEST_P(StoreSuite, SearchTakesTheQueryTree) {
  auto s = OpenOrDie();
  auto txn = Transaction::Begin(*s);
  ASSERT_TRUE(txn.ok());
  ASSERT_TRUE(s->UpsertItem(MakeItem("accented", "mưa lớn gây ngập", 1000)).ok());
  ASSERT_TRUE(s->UpsertItem(MakeItem("plain", "mua lon gay ngap", 2000)).ok());
  ASSERT_TRUE(s->UpsertItem(MakeItem("other", "mùa lúa chín", 3000)).ok());
  ASSERT_TRUE(txn->Commit().ok());
  auto ids = [&](QueryNode q) {
    SearchRequest req;
    req.query = std::move(q);
    std::vector<std::string> out;
    auto rows = s->Search(req);
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    if (rows.ok()) for (const auto& r : *rows) out.push_back(r.id);
    std::sort(out.begin(), out.end());
    return out;
  };
  using V = std::vector<std::string>;
  // Folded "mua": every form written with marks; as written: only "mua" itself.
  EXPECT_EQ(ids(QueryNode::Phrase({{"mua", false}}, false, 0)), (V{"accented", "other"}));
  EXPECT_EQ(ids(QueryNode::Phrase({{"mua", true}}, false, 0)), (V{"plain"}));
  EXPECT_EQ(ids(QueryNode::Phrase({{"mưa", true}}, false, 0)), (V{"accented"}));
  std::vector<QueryNode> any;
  any.push_back(QueryNode::Phrase({{"mưa", true}}, false, 1));
  any.push_back(QueryNode::Phrase({{"mua", true}}, false, 0));
  EXPECT_EQ(ids(QueryNode::Of(QueryNode::Op::kOr, std::move(any))), (V{"accented", "plain"}));
  std::vector<QueryNode> parts;
  parts.push_back(QueryNode::Phrase({{"mua", false}}, false, 0));
  parts.push_back(QueryNode::Phrase({{"lua", false}}, false, 0));
  EXPECT_EQ(ids(QueryNode::Of(QueryNode::Op::kAndNot, std::move(parts))), (V{"accented"}));
  EXPECT_EQ(ids(QueryNode::Phrase({{"ng", false}}, true, 0)), (V{"accented"}));
  // An empty tree is a clear error, not every item.
  SearchRequest empty;
  EXPECT_FALSE(s->Search(empty).ok());
}

TEST_P(StoreSuite, LabelsCategoriesAndPlacesAreFilters) {
  auto s = OpenOrDie();
  auto txn = Transaction::Begin(*s);
  ASSERT_TRUE(txn.ok());
  std::vector<int64_t> rows(4);
  for (int i = 0; i < 4; ++i) {
    Item it = MakeItem(std::to_string(i), "mất điện", 1000 + i);
    if (i == 1) it.labels = {"điện", "khẩn"};
    ASSERT_TRUE(s->UpsertItem(it, &rows[static_cast<size_t>(i)]).ok());
  }
  ASSERT_TRUE(s->SetItemAnnotations(rows[0], {"power:0.91", "price:0.40"}, {"An Hòa"}).ok());
  ASSERT_TRUE(s->SetItemAnnotations(rows[2], {"power:0.77"}, {"Bình Minh", "An Hòa"}).ok());
  ASSERT_TRUE(s->SetItemAnnotations(rows[3], {"flooding:0.66"}, {}).ok());
  ASSERT_TRUE(txn->Commit().ok());
  auto ids = [&](ItemQuery q) {
    std::vector<std::string> out;
    EXPECT_TRUE(s->ForEachItem(q, [&](const StoredItem& si) { out.push_back(si.item.id); return true; }).ok());
    return out;
  };
  using V = std::vector<std::string>;
  ItemQuery q;
  q.category = "power";
  EXPECT_EQ(ids(q), (V{"0", "2"}));
  q = {};
  q.place = "An Hòa";
  EXPECT_EQ(ids(q), (V{"0", "2"}));
  q.category = "power";
  q.place = "Bình Minh";
  EXPECT_EQ(ids(q), (V{"2"}));
  q = {};
  q.label = "khẩn";
  EXPECT_EQ(ids(q), (V{"1"}));
  q = {};
  q.category = "price:0.40";  // the name, not the stored form
  EXPECT_TRUE(ids(q).empty());
  // Read back in the order given, categories with their scores.
  auto got = s->GetItem("test", "0");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->categories, (V{"power:0.91", "price:0.40"}));
  EXPECT_EQ(got->places, (V{"An Hòa"}));
  EXPECT_EQ(s->GetItem("test", "1")->item.labels, (V{"điện", "khẩn"}));
  // New annotations replace the old; labels not given with an item keep the stored ones.
  auto txn2 = Transaction::Begin(*s);
  ASSERT_TRUE(txn2.ok());
  ASSERT_TRUE(s->SetItemAnnotations(rows[0], {"flooding:0.80"}, {}).ok());
  ASSERT_TRUE(s->UpsertItem(MakeItem("1", "mất điện cả ngày", 1001)).ok());
  ASSERT_TRUE(txn2->Commit().ok());
  EXPECT_EQ(s->GetItem("test", "0")->categories, (V{"flooding:0.80"}));
  EXPECT_TRUE(s->GetItem("test", "0")->places.empty());
  EXPECT_EQ(s->GetItem("test", "1")->item.labels, (V{"điện", "khẩn"}));
  ASSERT_TRUE(s->SetItemLabels("test", "1", {"đã xử lý"}).ok());
  EXPECT_EQ(s->GetItem("test", "1")->item.labels, (V{"đã xử lý"}));
  EXPECT_EQ(s->SetItemLabels("test", "nope", {"x"}).code(), StatusCode::kNotFound);
  // Purged items take their tags with them.
  ASSERT_TRUE(s->Purge(2000).ok());
  q = {};
  q.place = "An Hòa";
  EXPECT_TRUE(ids(q).empty());
}

TEST_P(StoreSuite, CursorPagesThroughItemsWithoutGapsOrRepeats) {
  auto s = OpenOrDie();
  auto txn = Transaction::Begin(*s);
  ASSERT_TRUE(txn.ok());
  // Several items share a second: the cursor must still split between them.
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(s->UpsertItem(MakeItem(std::to_string(i), "x", 1000 + i / 4)).ok());
  ASSERT_TRUE(txn->Commit().ok());
  for (bool newest : {false, true}) {
    std::vector<std::string> seen;
    ItemQuery q;
    q.limit = 7;
    q.newest_first = newest;
    for (int page = 0; page < 10; ++page) {
      StoredItem last;
      int n = 0;
      ASSERT_TRUE(s->ForEachItem(q, [&](const StoredItem& si) {
        seen.push_back(si.item.id);
        last = si;
        ++n;
        return true;
      }).ok());
      if (n < 7) break;
      const std::string cursor = EncodeItemCursor({last.item.published_at, last.rowid});
      ASSERT_TRUE(DecodeItemCursor(cursor, &q.after)) << cursor;
    }
    ASSERT_EQ(seen.size(), 25u) << (newest ? "newest first" : "oldest first");
    std::vector<std::string> sorted = seen;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());
    EXPECT_EQ(seen.front(), newest ? "24" : "0");
  }
}

// Two handles writing the same store: the second write transaction begins
// only once the first has committed, and both batches are kept.
TEST_P(StoreSuite, WritersTakeTurns) {
  auto a = OpenOrDie();
  auto b = OpenOrDie(false);
  ASSERT_TRUE(a->Begin().ok());
  ASSERT_TRUE(a->UpsertItem(MakeItem("a", "mất điện")).ok());
  std::atomic<bool> b_began{false};
  Status b_status = Status::Ok();
  std::thread other([&] {
    b_status = b->Begin();
    b_began = true;
    if (!b_status.ok()) return;
    b_status = b->UpsertItem(MakeItem("b", "mất nước")).status();
    if (b_status.ok()) b_status = b->Commit();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(b_began.load()) << "the second writer began while the first was writing";
  ASSERT_TRUE(a->Commit().ok());
  other.join();
  EXPECT_TRUE(b_status.ok()) << b_status.message();
  EXPECT_EQ(a->GetStats()->items, 2);
}

// Retention over several months (on PostgreSQL the months before the
// cutoff's go whole, the cutoff's month row by row): what is left, stories
// and their counters, and a re-run of the same input, are the same on both.
TEST_P(StoreSuite, PurgeAcrossMonthsKeepsStoriesRightAndReingestDoesNotDouble) {
  // 2026-09-01, 2026-10-01, 2026-11-01 UTC.
  constexpr int64_t kSep = 1788220800, kOct = 1790812800, kNov = 1793491200;
  auto s = OpenOrDie();
  std::vector<Item> items;
  for (int m = 0; m < 3; ++m) {
    const int64_t base = m == 0 ? kSep : m == 1 ? kOct : kNov;
    for (int d = 0; d < 4; ++d) {
      Item it = MakeItem("m" + std::to_string(m) + "d" + std::to_string(d), "ngập nước đường số " + std::to_string(d),
                         base + d * 7 * 86400 + 3600);
      it.metrics.reactions = 1 + d;
      it.labels = {"ngập"};
      items.push_back(it);
    }
  }
  std::vector<int64_t> rows(items.size());
  {
    auto txn = Transaction::Begin(*s);
    ASSERT_TRUE(txn.ok());
    for (size_t i = 0; i < items.size(); ++i) {
      ASSERT_TRUE(s->UpsertItem(items[i], &rows[i]).ok());
    }
    // A revision of the first September item; story 1 is September's alone,
    // story 2 runs from September into October, story 3 is November's.
    Item changed = items[0];
    changed.text += " sâu";
    ASSERT_EQ(*s->UpsertItem(changed), Upsert::kUpdated);
    auto story = [&](int64_t id, std::vector<size_t> members) {
      Story st;
      st.id = id;
      st.first_seen = items[members.front()].published_at;
      st.last_seen = items[members.back()].published_at;
      st.size = static_cast<int64_t>(members.size());
      st.representative = rows[members.front()];
      for (size_t m : members) {
        st.engagement += items[m].metrics.reactions;
        ASSERT_TRUE(s->SetItemStory(rows[m], id).ok());
      }
      ASSERT_TRUE(s->InsertStory(st).ok());
    };
    story(1, {0, 1});
    story(2, {2, 3, 4, 5});
    story(3, {8, 9});
    ASSERT_TRUE(txn->Commit().ok());
  }
  // The cutoff falls in October, after its first item: September and
  // October's first item go.
  auto pc = s->Purge(kOct + 86400);
  ASSERT_TRUE(pc.ok()) << pc.status().message();
  EXPECT_EQ(pc->items, 5);
  EXPECT_EQ(pc->revisions, 1);
  EXPECT_EQ(pc->stories, 1);
  EXPECT_EQ(s->GetStats()->items, 7);
  EXPECT_FALSE(s->GetStory(1, false)->has_value());
  auto two = s->GetStory(2, true);
  ASSERT_TRUE(two.ok() && two->has_value());
  EXPECT_EQ((*two)->size, 1);
  EXPECT_EQ((*two)->first_seen, items[5].published_at);
  EXPECT_EQ((*two)->last_seen, items[5].published_at);
  EXPECT_EQ((*two)->engagement, items[5].metrics.reactions);
  EXPECT_EQ((*two)->representative, rows[5]);
  EXPECT_EQ((*s->GetStory(3, false))->size, 2);
  // Counts agree with the items left.
  int64_t left = 0;
  ASSERT_TRUE(s->ForEachItem({}, [&](const StoredItem& si) {
    EXPECT_GE(si.item.published_at, kOct + 86400);
    EXPECT_EQ(si.item.labels, std::vector<std::string>{"ngập"});
    ++left;
    return true;
  }).ok());
  EXPECT_EQ(left, 7);
  int64_t counted = 0;
  HourCountQuery hq;
  hq.from_hour = 0;
  hq.to_hour = kNov / 3600 + 24 * 60;
  ASSERT_TRUE(s->ForEachHourCount(hq, [&](const HourCount& c) {
    counted += c.n;
    return true;
  }).ok());
  EXPECT_EQ(counted, 7);
  // The same input again: the purged items come back once, the others are
  // unchanged; nothing is doubled.
  {
    auto txn = Transaction::Begin(*s);
    ASSERT_TRUE(txn.ok());
    int added = 0, unchanged = 0;
    for (const Item& it : items) {
      auto u = s->UpsertItem(it);
      ASSERT_TRUE(u.ok()) << u.status().message();
      added += *u == Upsert::kAdded;
      unchanged += *u == Upsert::kUnchanged;
    }
    ASSERT_TRUE(txn->Commit().ok());
    EXPECT_EQ(added, 5);
    EXPECT_EQ(unchanged, 7);
  }
  EXPECT_EQ(s->GetStats()->items, 12);
  // An item moved to another month stays one item.
  Item moved = items[11];
  moved.published_at = kSep + 5;
  ASSERT_EQ(*s->UpsertItem(moved), Upsert::kUpdated);
  EXPECT_EQ(s->GetStats()->items, 12);
  auto got = s->GetItem(moved.source, moved.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->item.published_at, kSep + 5);
  // Everything purged: nothing left, every story gone.
  pc = s->Purge(kNov + 60 * 86400);
  ASSERT_TRUE(pc.ok()) << pc.status().message();
  EXPECT_EQ(pc->items, 12);
  EXPECT_EQ(s->GetStats()->items, 0);
  EXPECT_EQ(s->GetStory(2, false)->has_value() + s->GetStory(3, false)->has_value(), 0);
  // And a month that was dropped takes items again.
  ASSERT_EQ(*s->UpsertItem(items[0]), Upsert::kAdded);
  EXPECT_EQ(s->GetStats()->items, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreSuite, ::testing::ValuesIn(Backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

// The hourly rollups against a scan of the items, for every kind: what the
// rollups say must be what counting the items says, after each kind of write.
std::map<std::tuple<int, std::string, int64_t>, int64_t> ScanCounts(Store& s) {
  std::map<std::tuple<int, std::string, int64_t>, int64_t> out;
  EXPECT_TRUE(s.ForEachItem({}, [&](const StoredItem& si) {
    const int64_t h = si.item.published_at >= 0 ? si.item.published_at / 3600 : (si.item.published_at - 3599) / 3600;
    ++out[{0, si.item.source, h}];
    if (si.story_id) ++out[{1, std::to_string(si.story_id), h}];
    std::set<std::string> concerns;
    for (const std::string& c : si.categories) {
      const size_t colon = c.rfind(':');
      const std::string name = c.substr(0, colon);
      ++out[{2, name, h}];
      if (!name.empty() && std::atof(c.c_str() + colon + 1) >= 0.5) concerns.insert(name);
    }
    for (const std::string& l : si.item.labels) {
      if (!l.empty()) concerns.insert(l);
    }
    for (const std::string& c : concerns) ++out[{3, c, h}];
    return true;
  }).ok());
  return out;
}

std::map<std::tuple<int, std::string, int64_t>, int64_t> RollupCounts(Store& s) {
  std::map<std::tuple<int, std::string, int64_t>, int64_t> out;
  for (int kind = 0; kind < 4; ++kind) {
    HourCountQuery q;
    q.kind = static_cast<HourCountKind>(kind);
    q.from_hour = 0;
    q.to_hour = int64_t{1} << 40;
    q.by_hour = true;
    EXPECT_TRUE(s.ForEachHourCount(q, [&](const HourCount& c) {
      out[{kind, c.key, c.hour}] += c.n;
      return true;
    }).ok());
  }
  return out;
}

TEST_P(StoreSuite, HourlyRollupsAgreeWithTheItemsAfterEveryKindOfWrite) {
  auto s = OpenOrDie();
  const int64_t t0 = 1790000000;  // 12:53:20 UTC
  ASSERT_TRUE(s->Begin().ok());
  std::vector<int64_t> rows;
  for (int i = 0; i < 12; ++i) {
    Item it = MakeItem(std::to_string(i), "tin " + std::to_string(i), t0 + i * 1500);
    it.source = i % 3 ? "fb" : "zalo";
    if (i % 4 == 0) it.labels = {"an_ninh"};
    int64_t rowid = 0;
    ASSERT_TRUE(s->UpsertItem(it, &rowid).ok());
    rows.push_back(rowid);
    ASSERT_TRUE(s->SetItemAnnotations(rowid, {i % 2 ? "dien:0.90" : "nuoc:0.30", "giao_thong:0.495"}, {"phường An Hòa"}).ok());
  }
  Story st;
  st.id = 7;
  st.first_seen = t0;
  st.last_seen = t0;
  ASSERT_TRUE(s->InsertStory(st).ok());
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(s->SetItemStory(rows[i], 7).ok());
  ASSERT_TRUE(s->Commit().ok());
  EXPECT_EQ(RollupCounts(*s), ScanCounts(*s)) << "after ingest";
  EXPECT_FALSE(ScanCounts(*s).empty());

  // A rolled-back transaction changes nothing.
  ASSERT_TRUE(s->Begin().ok());
  ASSERT_TRUE(s->UpsertItem(MakeItem("gone", "không giữ", t0)).ok());
  ASSERT_TRUE(s->SetItemStory(rows[7], 7).ok());
  ASSERT_TRUE(s->Rollback().ok());
  EXPECT_EQ(RollupCounts(*s), ScanCounts(*s)) << "after a rollback";

  // Changes to existing items: a new time (another hour), a new story,
  // re-classified, relabelled (outside a transaction too).
  ASSERT_TRUE(s->Begin().ok());
  Item moved = MakeItem("3", "tin 3 sửa", t0 + 5 * 3600);
  moved.source = "fb";
  ASSERT_TRUE(s->UpsertItem(moved).ok());
  ASSERT_TRUE(s->SetItemStory(rows[0], 0).ok());
  ASSERT_TRUE(s->SetItemStory(rows[8], 7).ok());
  ASSERT_TRUE(s->SetItemAnnotations(rows[1], {"nuoc:0.80"}, {}).ok());
  ASSERT_TRUE(s->Commit().ok());
  ASSERT_TRUE(s->SetItemLabels("zalo", "6", {"dien", "y_te"}).ok());
  EXPECT_EQ(RollupCounts(*s), ScanCounts(*s)) << "after changes";

  // A story rebuild starts from no story.
  ASSERT_TRUE(s->Begin().ok());
  ASSERT_TRUE(s->ClearStories().ok());
  ASSERT_TRUE(s->Commit().ok());
  EXPECT_EQ(RollupCounts(*s), ScanCounts(*s)) << "after ClearStories";

  // A purge whose cutoff falls inside an hour.
  auto purged = s->Purge(t0 + 2 * 3600 + 600);
  ASSERT_TRUE(purged.ok()) << purged.status().message();
  EXPECT_GT(purged->items, 0);
  EXPECT_EQ(RollupCounts(*s), ScanCounts(*s)) << "after a purge";

  // Summed per key over a range, and for chosen keys only.
  HourCountQuery q;
  q.kind = HourCountKind::kSource;
  q.from_hour = 0;
  q.to_hour = int64_t{1} << 40;
  q.keys = {"zalo"};
  int64_t zalo = 0, rows_seen = 0;
  ASSERT_TRUE(s->ForEachHourCount(q, [&](const HourCount& c) {
    EXPECT_EQ(c.key, "zalo");
    zalo += c.n;
    ++rows_seen;
    return true;
  }).ok());
  int64_t want = 0;
  for (const auto& [k, n] : ScanCounts(*s)) {
    if (std::get<0>(k) == 0 && std::get<1>(k) == "zalo") want += n;
  }
  EXPECT_EQ(zalo, want);
  EXPECT_EQ(rows_seen, 1);
}

TEST(ItemCursor, RoundTripsAndRefusesOtherText) {
  ItemCursor c;
  ASSERT_TRUE(DecodeItemCursor(EncodeItemCursor({1790000000, 42}), &c));
  EXPECT_EQ(c.published_at, 1790000000);
  EXPECT_EQ(c.rowid, 42);
  for (const char* bad : {"", ".", "1.", ".1", "a.1", "1.b", "1.0", "1.-4", "1.2.3", "99999999999999999999.1",
                          "1 .2", "1.2 "}) {
    EXPECT_FALSE(DecodeItemCursor(bad, &c)) << bad;
  }
}

TEST(ShownUri, HidesTheServerPasswordOnly) {
  EXPECT_EQ(ShownUri("postgresql://vox:s3cret@db.example/vox?sslmode=require"),
            "postgresql://vox@db.example/vox?sslmode=require");
  EXPECT_EQ(ShownUri("postgres://db/vox?user=vox&password=s3cret&sslmode=verify-full"),
            "postgres://db/vox?user=vox&password=***&sslmode=verify-full");
  EXPECT_EQ(ShownUri("postgresql:///vox?host=/run/postgresql"), "postgresql:///vox?host=/run/postgresql");
  EXPECT_EQ(ShownUri("/tmp/a:b@c.db"), "/tmp/a:b@c.db");
}

TEST(FileBeside, NamesAFileBesideTheStoreFile) {
  EXPECT_EQ(FileBeside("/tmp/vox.db", ".key").value(), "/tmp/vox.db.key");
  EXPECT_EQ(FileBeside("sqlite:/tmp/vox.db", ".classifier.bin").value(), "/tmp/vox.db.classifier.bin");
  EXPECT_FALSE(FileBeside("postgresql://localhost/vox", ".key").ok());
  EXPECT_FALSE(FileBeside("", ".key").ok());
}

}  // namespace
}  // namespace vox::store
