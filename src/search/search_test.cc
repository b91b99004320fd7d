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

}  // namespace
}  // namespace vox::search
