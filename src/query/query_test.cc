#include "query/query.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "classify/classify.h"
#include "desk/desk.h"
#include "common/time.h"
#include "ingest/pipeline.h"
#include "query/overview.h"

namespace vox::query {
namespace {

std::set<std::string> Keys(const Json& j) {
  std::set<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.insert(k);
  return keys;
}

// A real store in a temporary folder, ingested through the pipeline with the
// stages that observe ingest (matches, stories, concerns), as `vox ingest` does.
class QueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("vox_query_test_" + std::to_string(getpid())));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    db_ = new std::string((*dir_ / "vox.db").string());
    store_ = store::Store::Open(*db_, {.create = true}).value().release();
    auto key = ingest::Pseudonymizer::FromKeyFile(*db_ + ".key", true).value();

    const std::string factchecks =
        R"({"id":"fc-nuoc","claim":"Nước máy phường Bến Cũ bị nhiễm độc, người dân không được dùng",)"
        R"("verdict":"Sai","url":"https://example.vn/fc-nuoc","published_at":"2026-09-30T08:00:00+07:00"})"
        "\n";
    auto imp = claims::ImportFactChecks(*store_, factchecks, "fc.jsonl", nullptr);
    ASSERT_TRUE(imp.ok()) << imp.status().message();

    std::string data;
    auto add = [&](const std::string& id, const std::string& author, const std::string& text,
                   const std::string& at) {
      data += R"({"id":")" + id + R"(","source":"fb","author":")" + author + R"(","text":")" + text +
              R"(","published_at":")" + at + R"("})" + "\n";
    };
    const std::string outage =
        "Thông báo lịch cắt điện phường Bến Cũ ngày 2/10 từ 7 giờ đến 17 giờ để bảo trì đường dây, "
        "người dân chủ động sắp xếp công việc";
    add("1", "a", outage, "2026-10-01T08:00:00+07:00");
    add("2", "b", outage + " nhé", "2026-10-01T09:00:00+07:00");
    add("3", "c", "Nước máy phường Bến Cũ bị nhiễm độc, người dân không được dùng", "2026-10-01T10:00:00+07:00");
    add("4", "a", "Hôm nay trời đẹp quá, đi chơi thôi mọi người ơi", "2026-10-01T11:00:00+07:00");

    std::vector<std::unique_ptr<ingest::ItemObserver>> owned;
    owned.push_back(claims::NewIngestMatcher(*store_).value());
    owned.push_back(stories::NewStoryObserver(*store_).value());
    owned.push_back(classify::NewIngestClassifier(*store_, *db_).value());
    ingest::IngestOptions o;
    o.format = ingest::Format::kJsonl;
    for (auto& obs : owned) o.observers.push_back(obs.get());
    auto r = ingest::IngestBuffer(*store_, key, data, "t.jsonl", o, nullptr);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->added, 4);
  }
  static void TearDownTestSuite() {
    delete store_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete db_;
  }

  static std::filesystem::path* dir_;
  static std::string* db_;
  static store::Store* store_;
};

std::filesystem::path* QueryTest::dir_ = nullptr;
std::string* QueryTest::db_ = nullptr;
store::Store* QueryTest::store_ = nullptr;

// Volumes, concerns and trends read whole hours from the store's hourly
// rollups and the partial hours item by item: the figures must be those of
// a scan of every item, for periods that start and end inside an hour.
TEST(RollupsTest, VolumesConcernsAndTrendsEqualAScanOfTheItems) {
  const auto dir = std::filesystem::temp_directory_path() / ("vox_rollups_test_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "vox.db").string();
  auto st = store::Store::Open(db, {.create = true}).value();
  const int64_t t0 = 1790000000 + 1234;  // not on an hour
  uint64_t seed = 12345;
  auto rnd = [&](uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % n;
  };
  ASSERT_TRUE(st->Begin().ok());
  for (int64_t id = 1; id <= 40; ++id) {
    store::Story s;
    s.id = id;
    s.first_seen = s.last_seen = t0;
    ASSERT_TRUE(st->InsertStory(s).ok());
  }
  const char* cats[] = {"dien", "nuoc", "giao_thong", "y_te"};
  for (int i = 0; i < 1500; ++i) {
    Item it;
    it.source = rnd(3) == 0 ? "zalo" : "fb";
    it.id = std::to_string(i);
    it.text = "tin số " + std::to_string(i);
    it.author_pseudonym = "a" + std::to_string(rnd(200));
    // 16 days, and a burst of story 3 in the last three hours.
    it.published_at = i < 1400 ? t0 + static_cast<int64_t>(rnd(16 * 86400)) : t0 + 16 * 86400 - static_cast<int64_t>(rnd(3 * 3600));
    if (rnd(10) == 0) it.labels = {cats[rnd(4)]};
    int64_t rowid = 0;
    ASSERT_TRUE(st->UpsertItem(it, &rowid).ok());
    std::vector<std::string> c;
    if (rnd(2)) c.push_back(std::string(cats[rnd(4)]) + ":0." + std::to_string(10 + rnd(90)));
    ASSERT_TRUE(st->SetItemAnnotations(rowid, c, {}).ok());
    const int64_t story = i >= 1400 ? 3 : static_cast<int64_t>(rnd(41));
    if (story) {
      ASSERT_TRUE(st->SetItemStory(rowid, story).ok());
    }
  }
  ASSERT_TRUE(st->Commit().ok());

  const int64_t since = t0 + 2 * 86400 + 1777, until = t0 + 12 * 86400 + 99;
  store::ItemQuery q;
  q.since = since;
  q.until = until;
  auto v = CountVolumes(*st, q, 7 * 3600);
  ASSERT_TRUE(v.ok());
  VolumesCounter vc(7 * 3600);
  ASSERT_TRUE(st->ForEachItem(q, [&](const store::StoredItem& si) {
    vc.Add(si);
    return true;
  }).ok());
  EXPECT_EQ(VolumesJson(*v), VolumesJson(vc.Finish()));
  EXPECT_GT(v->items, 500);

  auto cats_fast = CountCategories(*st, db, since, until);
  ASSERT_TRUE(cats_fast.ok());
  ConcernsRequest cr;
  cr.items = q;
  auto full = CountConcerns(*st, db, cr);
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(cats_fast->size(), full->categories.size());
  for (size_t i = 0; i < cats_fast->size(); ++i) {
    EXPECT_EQ((*cats_fast)[i].id, full->categories[i].id);
    EXPECT_EQ((*cats_fast)[i].items, full->categories[i].items);
  }

  stories::TrendOptions to;
  to.now = t0 + 16 * 86400 + 1;
  to.limit = 0;
  auto fast = stories::ComputeTrends(*st, to);
  ASSERT_TRUE(fast.ok());
  stories::TrendCounter tc(to);
  store::ItemQuery all;
  all.counts_only = true;
  ASSERT_TRUE(st->ForEachItem(all, [&](const store::StoredItem& si) {
    tc.Add(si);
    return true;
  }).ok());
  auto slow = tc.Finish(*st);
  ASSERT_TRUE(slow.ok());
  EXPECT_EQ(TrendsJson(*fast), TrendsJson(*slow));
  EXPECT_FALSE(fast->empty());

  // Rising stories with a limit (rollups) are the head of the full ranking (every story read).
  stories::StoryListOptions lo;
  lo.sort = stories::StorySort::kRising;
  lo.limit = 0;
  auto every = stories::ListStories(*st, lo);
  ASSERT_TRUE(every.ok());
  for (int64_t limit : {1, 5, 39, 45}) {
    lo.limit = limit;
    auto head = stories::ListStories(*st, lo);
    ASSERT_TRUE(head.ok());
    ASSERT_EQ(head->size(), std::min<size_t>(static_cast<size_t>(limit), every->size()));
    for (size_t i = 0; i < head->size(); ++i) EXPECT_EQ((*head)[i].story.id, (*every)[i].story.id) << limit << " " << i;
  }
  EXPECT_EQ((*every)[0].story.id, 3);
  std::filesystem::remove_all(dir);
}

// The overview's cases from the store's counts are the cases from the list.
TEST(CasesByUnitTest, CountsGiveTheAnswerOfTheCaseList) {
  const int64_t now = 1790000000;
  std::vector<store::Case> cases;
  auto add = [&](int64_t unit, const char* state, int64_t due) {
    store::Case c;
    c.id = static_cast<int64_t>(cases.size()) + 1;
    c.unit_id = unit;
    c.state = state;
    c.due_at = due;
    cases.push_back(c);
  };
  add(2, "assigned", now - 5);
  add(2, "new", now + 100);
  add(1, "in_progress", now + 90000);
  add(1, "triaged", 0);
  add(0, "reopened", now - 1);
  add(3, "closed", now - 1);
  add(1, "new", now + 10);
  std::vector<store::Unit> units(3);
  for (int i = 0; i < 3; ++i) {
    units[i].id = i + 1;
    units[i].name = "Đơn vị " + std::to_string(i + 1);
  }
  std::map<int64_t, store::OpenCaseCount> by_unit;
  for (const auto& c : cases) {
    if (desk::IsSettled(c.state)) continue;
    auto& k = by_unit[c.unit_id];
    k.unit_id = c.unit_id;
    ++k.open;
    k.overdue += c.due_at != 0 && c.due_at < now;
    k.due_soon += c.due_at >= now && c.due_at < now + 24 * 3600;
  }
  std::vector<store::OpenCaseCount> counts;
  for (auto it = by_unit.rbegin(); it != by_unit.rend(); ++it) counts.push_back(it->second);  // any order
  EXPECT_EQ(CasesByUnitJson(counts, units), CasesByUnitJson(cases, units, now));
  EXPECT_EQ(CasesByUnitJson(counts, units)["open"], 6);
}

TEST(DumpTest, CompactAndInvalidUtf8Replaced) {
  EXPECT_EQ(Dump({{"a", 1}, {"b", "x"}}), R"({"a":1,"b":"x"})");
  EXPECT_EQ(Dump(Json("ab\xff")), "\"ab\xef\xbf\xbd\"");
}

TEST_F(QueryTest, StatsCountVoicesAndKeepEveryField) {
  auto s = store_->GetStats();
  ASSERT_TRUE(s.ok());
  Json j = StatsJson(*s);
  EXPECT_EQ(Keys(j), (std::set<std::string>{"items", "revisions", "voices", "first_published", "last_published",
                                            "sources", "kinds", "schema_version", "bytes"}));
  EXPECT_EQ(j["items"], 4);
  EXPECT_EQ(j["voices"], 3);  // authors a, b, c: a count, never a list
  EXPECT_EQ(j["first_published"], "2026-10-01T01:00:00Z");
  EXPECT_EQ(j["sources"], Json::parse(R"([{"name":"fb","items":4}])"));
  EXPECT_EQ(j["kinds"], Json::parse(R"({"post":4})"));
}

TEST_F(QueryTest, VolumesCountThePeriodBySourceAndByTheOfficesDay) {
  store::ItemQuery q;
  ASSERT_TRUE(ParseTimestamp("2026-10-01T08:00:00+07:00", &q.since));
  ASSERT_TRUE(ParseTimestamp("2026-10-01T10:00:00+07:00", &q.until));  // exclusive: items 1 and 2
  auto v = CountVolumes(*store_, q, 7 * 3600);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(VolumesJson(*v), Json::parse(R"({"items":2,"sources":[{"name":"fb","items":2}],)"
                                         R"("days":[{"date":"2026-10-01","items":2}]})"));
  // 01:00 UTC is the previous day two hours west of Greenwich: days follow the zone.
  auto west = CountVolumes(*store_, q, -2 * 3600);
  ASSERT_TRUE(west.ok());
  EXPECT_EQ(west->days.front().first, "2026-09-30");
}

TEST(StatsJsonTest, EmptyStoreHasNoPeriod) {
  Json j = StatsJson(store::Stats{});
  EXPECT_TRUE(j["first_published"].is_null());
  EXPECT_TRUE(j["last_published"].is_null());
  EXPECT_EQ(j["sources"], Json::array());
  EXPECT_EQ(j["kinds"], Json::object());
}

TEST_F(QueryTest, ItemsCarryEveryFieldAndNoAuthor) {
  store::ItemQuery q;
  q.newest_first = true;
  q.limit = 2;
  auto items = ItemsJson(*store_, q);
  ASSERT_TRUE(items.ok()) << items.status().message();
  ASSERT_EQ(items->size(), 2u);
  const Json& first = (*items)[0];
  EXPECT_EQ(first["id"], "4");
  EXPECT_EQ(Keys(first), (std::set<std::string>{"id", "source", "kind", "title", "text", "url", "published_at",
                                                "parent_id", "metrics", "place", "labels", "categories", "places",
                                                "story_id", "revisions"}));
  EXPECT_EQ(Keys(first["metrics"]), (std::set<std::string>{"reactions", "shares", "comments", "views"}));
  EXPECT_FALSE(first["story_id"].is_null());
  const std::string all = Dump(*items);
  EXPECT_EQ(all.find("author"), std::string::npos);
}

TEST_F(QueryTest, SearchHitsHaveTheirFourFields) {
  auto hits = search::Search(*store_, "cat dien", {});
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  Json j = SearchHitsJson(*hits);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(Keys(j[0]), (std::set<std::string>{"id", "source", "score", "snippet"}));
  EXPECT_NE(j[0]["snippet"].get<std::string>().find("<mark>"), std::string::npos);
}

TEST_F(QueryTest, RepostsAreOneStory) {
  stories::StoryListOptions o;
  o.with_items = true;
  o.sort = stories::StorySort::kSize;
  auto list = stories::ListStories(*store_, o);
  ASSERT_TRUE(list.ok()) << list.status().message();
  Json j = StoriesJson(*list, true);
  ASSERT_FALSE(j.empty());
  EXPECT_EQ(j[0]["size"], 2);
  EXPECT_EQ(j[0]["voices"], 2);
  EXPECT_EQ(j[0]["items"], Json::parse(R"(["1","2"])"));
  EXPECT_EQ(Keys(StoryJson((*list)[0], false)),
            (std::set<std::string>{"id", "size", "voices", "sources", "engagement", "label", "key_phrases",
                                   "first_seen", "last_seen"}));
}

TEST_F(QueryTest, OverviewCountsTodayCasesByUnitAndNamesNoOne) {
  OverviewRequest req;
  req.db_uri = *db_;
  const int64_t t0 = 1759300000;  // 2026-10-01 13:26 +07:00
  store::Case open_late, open_soon, done;
  open_late.id = 1, open_late.state = "assigned", open_late.unit_id = 7, open_late.due_at = t0 - 10;
  open_soon.id = 2, open_soon.state = "new", open_soon.due_at = t0 + 3600;
  done.id = 3, done.state = "published", done.unit_id = 7, done.due_at = t0 - 100;
  req.cases = std::vector<store::Case>{open_late, open_soon, done};
  req.units = {{7, "UBND phường Bến Cũ", "ward", 0}};
  req.desk_now = t0;
  auto o = OverviewJson(*store_, req);
  ASSERT_TRUE(o.ok()) << o.status().message();
  const Json& j = *o;
  EXPECT_EQ(Keys(j), (std::set<std::string>{"day", "now", "volumes", "rising", "concerns", "matches", "cases"}));
  // "Today" is the newest item's day in the office's zone; the 4 items are all of it.
  EXPECT_EQ(j["day"], "2026-10-01");
  EXPECT_EQ(j["volumes"]["today"], 4);
  EXPECT_EQ(j["volumes"]["usual"], 0.0);
  EXPECT_EQ(j["volumes"]["sources"][0], Json::parse(R"({"name":"fb","today":4,"usual":0.0})"));
  EXPECT_EQ(j["volumes"]["days"].size(), 15u);
  EXPECT_EQ(j["volumes"]["days"].back(), Json::parse(R"({"date":"2026-10-01","items":4})"));
  // The claim about poisoned water matched the fact-check and waits.
  EXPECT_EQ(j["matches"]["waiting"], 1);
  EXPECT_EQ(j["matches"]["top"][0]["verdict"], "Sai");
  // Cases still running, by unit: the published one does not count.
  EXPECT_EQ(j["cases"]["open"], 2);
  EXPECT_EQ(j["cases"]["overdue"], 1);
  EXPECT_EQ(j["cases"]["due_soon"], 1);
  EXPECT_EQ(j["cases"]["units"][0], Json::parse(R"({"unit_id":7,"name":"UBND phường Bến Cũ","open":1,"due_soon":0,"overdue":1})"));
  EXPECT_EQ(j["cases"]["units"][1]["unit_id"], nullptr);
  // Counts of items and sources only: no voices, no author anywhere.
  const std::string text = Dump(j);
  EXPECT_EQ(text.find("voices"), std::string::npos);
  EXPECT_EQ(text.find("author"), std::string::npos);
  // A reader who may not read cases or items gets null for them.
  req.cases.reset();
  req.with_matches = false;
  auto limited = OverviewJson(*store_, req);
  ASSERT_TRUE(limited.ok());
  EXPECT_TRUE((*limited)["cases"].is_null());
  EXPECT_TRUE((*limited)["matches"].is_null());
}

TEST_F(QueryTest, StoryPageHasTimelineSourcesAndTextNeverTheAuthor) {
  stories::StoryListOptions o;
  o.sort = stories::StorySort::kSize;
  auto list = stories::ListStories(*store_, o);
  ASSERT_TRUE(list.ok() && !list->empty());
  auto page = StoryPageJson(*store_, (*list)[0].story.id);
  ASSERT_TRUE(page.ok()) << page.status().message();
  const Json& j = *page;
  EXPECT_EQ(j["story"]["size"], 2);
  EXPECT_EQ(j["timeline"]["bucket"], "hour");
  // 08:00 and 09:00 (+07:00): two hours of one item each.
  EXPECT_EQ(j["timeline"]["points"], Json::parse(R"([{"t":"2026-10-01T01:00:00Z","items":1},{"t":"2026-10-01T02:00:00Z","items":1}])"));
  EXPECT_EQ(j["sources"], Json::parse(R"([{"name":"fb","items":2}])"));
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][0]["id"], "2");  // newest first
  EXPECT_EQ(Dump(j).find("author"), std::string::npos);
  EXPECT_EQ(StoryPageJson(*store_, 999999).status().code(), StatusCode::kNotFound);
}

TEST_F(QueryTest, StorySpreadCountsItemsPerHourBeforeAndAfterAMoment) {
  stories::StoryListOptions o;
  o.sort = stories::StorySort::kSize;
  auto list = stories::ListStories(*store_, o);
  ASSERT_TRUE(list.ok() && !list->empty());
  const int64_t id = (*list)[0].story.id;
  // Its items: 08:00 and 09:00 +07:00 (01:00 and 02:00 UTC) on 2026-10-01.
  int64_t at = 0;
  ASSERT_TRUE(ParseTimestamp("2026-10-01T01:30:00Z", &at));
  auto spread = StorySpreadJson(*store_, id, at, 2 * 3600);
  ASSERT_TRUE(spread.ok()) << spread.status().message();
  EXPECT_EQ((*spread)["items"], 2);
  EXPECT_DOUBLE_EQ((*spread)["before_per_hour"].get<double>(), 0.5);  // one item in two hours
  // One item after, the newest: half an hour after the moment, counted as an hour.
  EXPECT_DOUBLE_EQ((*spread)["after_per_hour"].get<double>(), 1.0);
  EXPECT_EQ(Dump(*spread).find("author"), std::string::npos);
  // After its newest item: nothing came after.
  auto later = StorySpreadJson(*store_, id, at + 86400, 2 * 3600);
  ASSERT_TRUE(later.ok());
  EXPECT_DOUBLE_EQ((*later)["hours_after"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ((*later)["after_per_hour"].get<double>(), 0.0);
  EXPECT_EQ(StorySpreadJson(*store_, 999999, at).status().code(), StatusCode::kNotFound);
}

TEST(StorySortTest, ParsesTheThreeNames) {
  stories::StorySort s{};
  EXPECT_TRUE(ParseStorySort("size", &s));
  EXPECT_EQ(s, stories::StorySort::kSize);
  EXPECT_TRUE(ParseStorySort("rising", &s));
  EXPECT_EQ(s, stories::StorySort::kRising);
  EXPECT_TRUE(ParseStorySort("recent", &s));
  EXPECT_EQ(s, stories::StorySort::kRecent);
  EXPECT_FALSE(ParseStorySort("Size", &s));
}

TEST(TrendJsonTest, AConcernHasNoStoryId) {
  stories::Trend t;
  t.kind = "concern";
  t.story_id = 7;
  t.span_seconds = 5400;
  Json j = TrendJson(t);
  EXPECT_TRUE(j["story_id"].is_null());
  EXPECT_DOUBLE_EQ(j["hours"].get<double>(), 1.5);
  t.kind = "story";
  EXPECT_EQ(TrendJson(t)["story_id"], 7);
}

TEST_F(QueryTest, ConcernsCountItemsPerCategoryAndPlace) {
  auto c = CountConcerns(*store_, *db_, {});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->items, 4);
  EXPECT_EQ(c->with_concern, 3);
  EXPECT_EQ(c->with_place, 3);
  ASSERT_FALSE(c->categories.empty());
  EXPECT_EQ(c->categories[0].id, "dien_nuoc");
  EXPECT_EQ(c->categories[0].name, "Điện, nước");
  EXPECT_EQ(c->categories[0].items, 3);
  ASSERT_FALSE(c->places.empty());
  EXPECT_EQ(c->places[0].name, "phường Bến Cũ");
  EXPECT_EQ(c->places[0].type, "ward");
  EXPECT_EQ(c->places[0].categories.at("dien_nuoc"), 3);

  Json j = ConcernsJson(*c);
  EXPECT_EQ(Keys(j), (std::set<std::string>{"items", "with_concern", "with_place", "categories", "places"}));
  EXPECT_EQ(Keys(j["places"][0]), (std::set<std::string>{"name", "type", "items", "categories"}));

  ConcernsRequest one;
  one.place_limit = 1;
  auto limited = CountConcerns(*store_, *db_, one);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->places.size(), 1u);

  ConcernsRequest later;
  ASSERT_TRUE(ParseTimestamp("2026-10-01T11:00:00+07:00", &later.items.since));  // the last item only
  auto after = CountConcerns(*store_, *db_, later);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->items, 1);
  EXPECT_EQ(after->with_concern, 0);
}

TEST_F(QueryTest, BestMatchPerItemPrefersStaffAcceptance) {
  auto best = BestMatches(*store_, std::nullopt);
  ASSERT_TRUE(best.ok()) << best.status().message();
  ASSERT_EQ(best->size(), 1u);
  EXPECT_EQ((*best)[0].item_id, "3");
  Json j = MatchesJson(*best);
  EXPECT_EQ(Keys(j[0]), (std::set<std::string>{"item_id", "source", "factcheck_id", "score", "state"}));
  EXPECT_EQ(j[0]["factcheck_id"], "fc-nuoc");

  auto none = BestMatches(*store_, store::MatchState::kRejected);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(FactCheckJsonTest, AbsentDateAndRatingAreNull) {
  store::FactCheck fc;
  fc.id = "x";
  Json j = FactCheckJson(fc);
  EXPECT_EQ(Keys(j), (std::set<std::string>{"id", "claim", "verdict", "body", "url", "author", "published_at",
                                            "rating", "appearance", "own"}));
  EXPECT_TRUE(j["published_at"].is_null());
  EXPECT_TRUE(j["rating"].is_null());
  fc.rating = 1.0;
  fc.published_at = 0;  // a date given as the epoch is a date
  j = FactCheckJson(fc);
  EXPECT_EQ(j["rating"], 1.0);
  EXPECT_EQ(j["published_at"], "1970-01-01T00:00:00Z");
}

TEST(TextMatchJsonTest, FactCheckFieldsOnlyWhenFound) {
  store::FactCheck fc;
  fc.id = "x";
  fc.verdict = "Sai";
  claims::MatchResult r{"x", 0.9, store::MatchState::kAuto};
  EXPECT_EQ(Keys(TextMatchJson(r, std::nullopt)), (std::set<std::string>{"factcheck_id", "score", "state"}));
  EXPECT_EQ(TextMatchJson(r, fc)["verdict"], "Sai");
  EXPECT_EQ(Keys(TextMatchJson(r, fc)),
            (std::set<std::string>{"factcheck_id", "score", "state", "verdict", "claim", "url"}));
  EXPECT_EQ(TextMatchJson(r, std::nullopt)["state"], "auto");
}

}  // namespace
}  // namespace vox::query
