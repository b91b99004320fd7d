#include "search/search.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "ingest/pipeline.h"

namespace vox::search {
namespace {

// A small store with one item per spelling, so each rule can be checked by id.
class SearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("vox_search_test_" + std::to_string(getpid())));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    std::string db = (*dir_ / "vox.db").string();
    store_ = store::Store::Open(db, {.create = true}).value().release();
    auto p = ingest::Pseudonymizer::FromKeyFile(db + ".key", true).value();
    std::string data;
    auto add = [&](const std::string& id, const std::string& text) {
      data += R"({"id":")" + id + R"(","source":"t","text":")" + text +
              R"(","published_at":"2026-10-01T08:00:00+07:00"})" + "\n";
    };
    add("mua", "chợ này mua bán đông");
    add("mua-huyen", "đến mùa nước nổi");
    add("mua-sac", "các em múa hát rất đẹp");
    add("mua-nga", "hôm nay mưa to quá");
    add("khong", "nhà tôi không có điện");
    add("ko", "nha toi ko co dien tu sang");
    add("hoa-old", "phường An Hoà bị ngập");
    add("hoa-new", "phường Hòa Bình yên tĩnh");
    add("nfd", "mu\xcc\x80" "a le\xcc\x82\xcc\x83" " ho\xcc\x82\xcc\xa3" "i");  // "mùa lễ hội" in NFD
    add("phrase", "lịch cắt điện tuần này ở phường An Hòa");
    add("phrase-plain", "lich cat dien tuan nay o phuong Tan Hoa");
    add("scam", "cảnh báo lừa đảo giả danh công an");
    ingest::IngestOptions o;
    o.format = ingest::Format::kJsonl;
    auto r = ingest::IngestBuffer(*store_, p, data, "t.jsonl", o, nullptr);
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  static void TearDownTestSuite() {
    delete store_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  static std::vector<std::string> Ids(const std::string& q, SearchOptions o = {}) {
    o.limit = 50;
    auto hits = Search(*store_, q, o);
    EXPECT_TRUE(hits.ok()) << q << ": " << hits.status().message();
    std::vector<std::string> ids;
    if (hits.ok()) for (const auto& h : *hits) ids.push_back(h.id);
    return ids;
  }
  static std::vector<std::string> Sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  }

  static std::filesystem::path* dir_;
  static store::Store* store_;
};
std::filesystem::path* SearchTest::dir_ = nullptr;
store::Store* SearchTest::store_ = nullptr;

TEST_F(SearchTest, AccentlessQueryMatchesEveryAccentedForm) {
  EXPECT_EQ(Sorted(Ids("mua")), Sorted({"mua", "mua-huyen", "mua-sac", "mua-nga", "nfd"}));
}

TEST_F(SearchTest, AccentedQueryMatchesExactFormAndAccentlessOnly) {
  EXPECT_EQ(Sorted(Ids("múa")), Sorted({"mua-sac", "mua"}));
  // The exact accented form ranks first.
  EXPECT_EQ(Ids("múa").front(), "mua-sac");
  EXPECT_EQ(Sorted(Ids("mùa")), Sorted({"mua-huyen", "mua", "nfd"}));
}

TEST_F(SearchTest, TeencodeIsTransparent) {
  EXPECT_EQ(Sorted(Ids("ko")), Sorted({"khong", "ko"}));
  EXPECT_EQ(Sorted(Ids("không")), Sorted({"khong", "ko"}));
}

TEST_F(SearchTest, OldAndNewTonePlacementAreTheSame) {
  EXPECT_EQ(Sorted(Ids("hoà")), Sorted(Ids("hòa")));
  auto ids = Ids("hoà");
  EXPECT_NE(std::find(ids.begin(), ids.end(), "hoa-old"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "hoa-new"), ids.end());
}

TEST_F(SearchTest, NfdQueryBehavesLikeNfc) {
  EXPECT_EQ(Sorted(Ids("m\x75\xcc\x80\x61")), Sorted(Ids("mùa")));
}

TEST_F(SearchTest, PhrasesExclusionAndPrefix) {
  EXPECT_EQ(Sorted(Ids("\"cắt điện\"")), Sorted({"phrase", "phrase-plain"}));
  EXPECT_EQ(Ids("\"điện tuần\" -\"an hòa\""), std::vector<std::string>{"phrase-plain"});
  EXPECT_TRUE(Ids("\"điện tuần\" -hòa").empty());  // -hòa also excludes "Hoa" typed without marks
  EXPECT_EQ(Sorted(Ids("lừ*")), Sorted({"scam"}));
  // Long phrases, typed with or without marks, match both spellings.
  EXPECT_EQ(Sorted(Ids("\"lich cat dien tuan nay\"")), Sorted({"phrase", "phrase-plain"}));
  EXPECT_EQ(Sorted(Ids("\"lịch cắt điện tuần này\"")), Sorted({"phrase", "phrase-plain"}));
  EXPECT_TRUE(Ids("\"lịch cắt điện tuần sau\"").empty());
  EXPECT_EQ(Sorted(Ids("canh bao lua*")), Sorted({"scam"}));
}

TEST_F(SearchTest, OnlyExclusionsIsAUsageError) {
  auto hits = Search(*store_, "-mua", {});
  ASSERT_FALSE(hits.ok());
  EXPECT_EQ(hits.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(Search(*store_, "   ", {}).ok());
}

TEST_F(SearchTest, HostileQueriesAreJustText) {
  for (const char* q : {"\"", "\"\"", "a OR", "NEAR(", "*", "-", "(x", "mua\" OR \"x", "^mua", "col:mua"}) {
    auto hits = Search(*store_, q, {});
    if (!hits.ok()) {
      EXPECT_EQ(hits.status().code(), StatusCode::kInvalidArgument) << q;
    }
  }
}

// Regression: "n* n* n* ..." (150 prefixes) took seconds and hundreds of MB.
TEST_F(SearchTest, QueryCostIsBounded) {
  auto code = [](const std::string& q) {
    auto c = CompileQuery(q);
    return c.ok() ? StatusCode::kOk : c.status().code();
  };
  std::string many_prefixes;
  for (int i = 0; i < 150; ++i) many_prefixes += "n* ";
  EXPECT_EQ(code(many_prefixes), StatusCode::kLimitExceeded);
  EXPECT_EQ(code("n*"), StatusCode::kLimitExceeded) << "one-letter prefix";
  EXPECT_EQ(code("mu*"), StatusCode::kOk);
  EXPECT_EQ(code("ca* mu* lu* di* ph*"), StatusCode::kLimitExceeded) << "five prefixes";
  std::string long_phrase = "\"";
  for (int i = 0; i < 11; ++i) long_phrase += "mua ";
  EXPECT_EQ(code(long_phrase + "\""), StatusCode::kLimitExceeded);
  std::string many_words;
  for (int i = 0; i < 17; ++i) many_words += "w" + std::to_string(i) + " ";
  EXPECT_EQ(code(many_words), StatusCode::kLimitExceeded);
  EXPECT_EQ(code(std::string(1001, 'a')), StatusCode::kLimitExceeded);
  // The message names the bound.
  auto c = CompileQuery("n*");
  EXPECT_NE(c.status().message().find("at least 2 letters"), std::string::npos) << c.status().message();
}

TEST_F(SearchTest, RepeatedAndImpliedTermsAreMerged) {
  // 150 copies of one word are one term, within every bound.
  std::string same;
  for (int i = 0; i < 150; ++i) same += "mua ";
  auto c = CompileQuery(same);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->words.size(), 1u);
  // A prefix implied by a longer word of the query is dropped; so is a
  // shorter prefix implied by a longer one.
  auto implied = CompileQuery("mu* mua");
  ASSERT_TRUE(implied.ok());
  EXPECT_EQ(implied->words.size(), 1u);
  EXPECT_FALSE(implied->words[0].prefix);
  auto nested = CompileQuery("mu* mua* lu* lua*");
  ASSERT_TRUE(nested.ok());
  EXPECT_EQ(nested->words.size(), 2u);
  // Merging changes no result.
  EXPECT_EQ(Sorted(Ids("mưa mưa mưa")), Sorted(Ids("mưa")));
  EXPECT_EQ(Sorted(Ids("lừ* lừa lừa")), Sorted(Ids("lừa")));
  // An accented prefix is not implied by a word without those marks.
  auto accented = CompileQuery("mù* mua");
  ASSERT_TRUE(accented.ok());
  EXPECT_EQ(accented->words.size(), 2u);
}

TEST_F(SearchTest, SnippetHighlightsOnlyMatchingForms) {
  SearchOptions o;
  o.mark_open = "[";
  o.mark_close = "]";
  auto hits = Search(*store_, "múa", o);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->front().snippet, "các em [múa] hát rất đẹp");
  auto ko = Search(*store_, "không", o);
  ASSERT_TRUE(ko.ok());
  for (const auto& h : *ko) {
    if (h.id == "ko") {
      EXPECT_EQ(h.snippet, "nha toi [ko] co dien tu sang");
    }
  }
}

TEST_F(SearchTest, FiltersBySourceAndKind) {
  SearchOptions o;
  o.source = "nope";
  EXPECT_TRUE(Ids("mua", o).empty());
  o.source = "t";
  o.kind = "post";
  EXPECT_FALSE(Ids("mua", o).empty());
}


TEST_F(SearchTest, CompiledQueryIsATreeOverIndexTerms) {
  using Op = store::QueryNode::Op;
  auto cq = CompileQuery("múa \"cắt điện\" -mưa ubnd");
  ASSERT_TRUE(cq.ok());
  // (múa AND "cắt điện" AND ubnd) AND NOT mưa
  ASSERT_EQ(cq->tree.op, Op::kAndNot);
  ASSERT_EQ(cq->tree.children.size(), 2u);
  const store::QueryNode& all = cq->tree.children[0];
  ASSERT_EQ(all.op, Op::kAnd);
  ASSERT_EQ(all.children.size(), 3u);
  // múa: its exact form carries word 0; the form typed without marks nothing.
  const store::QueryNode& mua = all.children[0];
  ASSERT_EQ(mua.op, Op::kOr);
  ASSERT_EQ(mua.children.size(), 2u);
  ASSERT_EQ(mua.children[0].terms.size(), 1u);
  EXPECT_EQ(mua.children[0].terms[0].text, "múa");
  EXPECT_TRUE(mua.children[0].terms[0].as_written);
  EXPECT_EQ(mua.children[0].exact_mask, 1u);
  EXPECT_EQ(mua.children[1].terms[0].text, "mua");
  EXPECT_TRUE(mua.children[1].terms[0].as_written);
  EXPECT_EQ(mua.children[1].exact_mask, 0u);
  // "cắt điện": every combination of the two forms of each word, in a row.
  const store::QueryNode& phrase = all.children[1];
  ASSERT_EQ(phrase.op, Op::kOr);
  EXPECT_EQ(phrase.children.size(), 4u);
  for (const auto& alt : phrase.children) EXPECT_EQ(alt.terms.size(), 2u);
  // ubnd expands to the words of "ủy ban nhân dân": exact or all typed without marks.
  const store::QueryNode& ubnd = all.children[2];
  ASSERT_EQ(ubnd.op, Op::kOr);
  ASSERT_EQ(ubnd.children.size(), 2u);
  EXPECT_EQ(ubnd.children[0].terms.size(), 4u);
  // The excluded word carries no word bits.
  const store::QueryNode& mua2 = cq->tree.children[1];
  for (const auto& alt : mua2.children) EXPECT_EQ(alt.exact_mask, 0u);
}

// Ranking on a store large enough for sampled frequencies (> 128 matches).
class RankTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vox_rank_test_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "vox.db").string();
    store_ = store::Store::Open(db_, {.create = true}).value();
    key_ = db_ + ".key";
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Add(store::Store& st, const std::vector<std::pair<std::string, std::string>>& items,
           const std::string& published_at = "2026-10-01T08:00:00+07:00") {
    auto p = ingest::Pseudonymizer::FromKeyFile(key_, true).value();
    std::string data;
    for (const auto& [id, text] : items) {
      data += R"({"id":")" + id + R"(","source":"t","text":")" + text + R"(","published_at":")" + published_at +
              "\"}\n";
    }
    ingest::IngestOptions o;
    o.format = ingest::Format::kJsonl;
    auto r = ingest::IngestBuffer(st, p, data, "t.jsonl", o, nullptr);
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  std::vector<std::string> Ids(const std::string& q, SearchOptions o = {}) {
    o.limit = 50;
    auto hits = Search(*store_, q, o);
    EXPECT_TRUE(hits.ok()) << hits.status().message();
    std::vector<std::string> ids;
    if (hits.ok()) for (const auto& h : *hits) ids.push_back(h.id);
    return ids;
  }
  std::filesystem::path dir_;
  std::string db_, key_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(RankTest, RareWordsWeighMoreThanCommonOnes) {
  std::vector<std::pair<std::string, std::string>> items;
  for (int i = 0; i < 400; ++i) items.push_back({"filler" + std::to_string(i), "tin tức chung hôm nay số " + std::to_string(i)});
  // Both hold both words; "ngập" is rare, "tin" is in every item.
  items.push_back({"rare-twice", "ngập ngập tin"});
  items.push_back({"common-twice", "ngập tin tin"});
  Add(*store_, items);
  auto ids = Ids("ngap tin");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], "rare-twice");
}

TEST_F(RankTest, ShorterTextRanksFirstAndEditsElsewhereAreSeen) {
  Add(*store_, {{"short", "mất điện"}, {"long", "mất điện cả khu phố từ sáng đến chiều mà chưa ai báo"}});
  EXPECT_EQ(Ids("mat dien"), (std::vector<std::string>{"short", "long"}));
  // Another connection (another process, in real use) rewrites the short
  // item into a long one: this handle's remembered lengths must not keep
  // ranking it as short.
  {
    auto other = store::Store::Open(db_, {}).value();
    Add(*other, {{"short", "mất điện cả khu phố từ sáng đến chiều hôm qua mà chưa ai báo gì cho dân cả"},
                 {"long", "mất điện cả khu"}});
  }
  EXPECT_EQ(Ids("mat dien"), (std::vector<std::string>{"long", "short"}));
}

TEST_F(RankTest, RowidsReusedAfterAPurgeElsewhereAreNotRankedWithOldLengths) {
  Add(*store_, {{"x", "mất điện"}});
  Add(*store_, {{"old", "mất điện"}}, "2020-01-01T08:00:00+07:00");  // the highest rowid
  EXPECT_EQ(Ids("mat dien").size(), 2u);  // remembers both lengths
  {
    auto other = store::Store::Open(db_, {}).value();
    ASSERT_TRUE(other->Purge(1600000000).ok());  // 2020-09-13: "old" goes
    // SQLite gives the next row the purged item's rowid.
    Add(*other, {{"new", "mất điện cả khu phố từ sáng đến chiều mà chưa ai báo gì"}});
  }
  EXPECT_EQ(Ids("mat dien"), (std::vector<std::string>{"x", "new"}));
}

TEST_F(RankTest, WindowRanksTheNewestMatches) {
  std::vector<std::pair<std::string, std::string>> items;
  items.push_back({"old-best", "ngập"});
  for (int i = 0; i < 30; ++i) items.push_back({"new" + std::to_string(i), "đường này ngập nước sau mưa lớn chiều nay " + std::to_string(i)});
  Add(*store_, items);
  SearchOptions o;
  o.window = 10;
  auto ids = Ids("ngap", o);
  EXPECT_EQ(ids.size(), 10u);
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "old-best"), ids.end());
  o.window = 0;  // every match
  EXPECT_EQ(Ids("ngap", o).front(), "old-best");
}

}  // namespace
}  // namespace vox::search
