// Claims against a real SQLite store: import, re-import, add/edit, export,
// ingest-time matching, re-matching that keeps staff decisions, calibration.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "claims/claims.h"
#include "ingest/pipeline.h"

namespace vox::claims {
namespace {

class ClaimsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vox_claims_test_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto st = store::Store::Open((dir_ / "vox.db").string(), {.create = true});
    ASSERT_TRUE(st.ok()) << st.status().message();
    store_ = std::move(*st);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  Result<ImportReport> Import(std::string_view data, std::vector<ingest::Rejection>* rejects = nullptr) {
    return ImportFactChecks(*store_, data, "fc.jsonl", [&](const ingest::Rejection& r) {
      if (rejects) rejects->push_back(r);
    });
  }
  void Ingest(std::string_view jsonl, ingest::ItemObserver* obs) {
    auto key = ingest::Pseudonymizer::FromKeyFile((dir_ / "vox.key").string(), true);
    ASSERT_TRUE(key.ok()) << key.status().message();
    ingest::IngestOptions io;
    if (obs) io.observers.push_back(obs);
    auto r = ingest::IngestBuffer(*store_, *key, jsonl, "items.jsonl", io, nullptr);
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  std::vector<store::Match> Matches() {
    std::vector<store::Match> out;
    EXPECT_TRUE(store_
                    ->ForEachMatch([&](const store::Match& m) {
                      out.push_back(m);
                      return true;
                    })
                    .ok());
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

constexpr char kLibrary[] =
    R"({"id":"fc-nuoc","claim":"Nước máy ở phường An Hòa bị nhiễm độc, không được uống","verdict":"Sai","body":"Kết quả xét nghiệm cho thấy nước máy đạt quy chuẩn an toàn.","url":"https://ubnd.example/fc/nuoc","published_at":"2026-10-02T08:00:00+07:00","own":true}
{"id":"fc-dien","claim":"Toàn thành phố sẽ mất điện ba ngày liên tục từ thứ hai","verdict":"Sai","body":"Điện lực chỉ cắt điện bảo trì tại hai phường trong bốn giờ.","url":"https://ubnd.example/fc/dien"}
{"id":"fc-bad","verdict":"Sai"}
)";

constexpr char kItems[] =
    R"({"id":"p1","source":"fb","text":"nuoc may o phuong an hoa bi nhiem doc ko dc uong nha moi nguoi","published_at":"2026-10-03T08:00:00+07:00"}
{"id":"p2","source":"fb","text":"Đội bóng thiếu niên của tỉnh vừa thắng trận chung kết hôm qua","published_at":"2026-10-03T09:00:00+07:00"}
{"id":"p3","source":"fb","text":"nghe nói toàn thành phố sẽ mất điện ba ngày liên tục từ thứ hai hả mọi người","published_at":"2026-10-03T10:00:00+07:00"}
)";

TEST_F(ClaimsTest, ImportRejectsBadRecordsAndIsIdempotent) {
  std::vector<ingest::Rejection> rejects;
  auto r = Import(kLibrary, &rejects);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->added, 2);
  EXPECT_EQ(r->rejected, 1);
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0].where, "fc.jsonl:3");
  auto again = Import(kLibrary);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->unchanged, 2);
}

TEST_F(ClaimsTest, IngestMatchesAndRematchKeepsDecisions) {
  ASSERT_TRUE(Import(kLibrary).ok());
  auto obs = NewIngestMatcher(*store_);
  ASSERT_TRUE(obs.ok());
  Ingest(kItems, obs->get());
  auto ms = Matches();
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].item_id, "p1");
  EXPECT_EQ(ms[0].factcheck_id, "fc-nuoc");
  EXPECT_EQ(ms[1].item_id, "p3");
  EXPECT_EQ(ms[1].factcheck_id, "fc-dien");

  ASSERT_TRUE(store_->DecideMatch("fb", "p3", "fc-dien", store::MatchState::kRejected, ms[1].score).ok());
  auto rr = RematchAll(*store_);
  ASSERT_TRUE(rr.ok()) << rr.status().message();
  EXPECT_EQ(rr->items, 3);
  ms = Matches();
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[1].state, store::MatchState::kRejected);
}

TEST_F(ClaimsTest, LibraryAddedAfterIngestIsMatchedByRematch) {
  Ingest(kItems, nullptr);
  EXPECT_TRUE(Matches().empty());
  store::FactCheck fc;
  fc.claim = "Toàn thành phố sẽ mất điện ba ngày liên tục từ thứ hai";
  fc.verdict = "Sai";
  fc.own = true;
  auto u = SaveFactCheck(*store_, &fc);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(*u, store::Upsert::kAdded);
  EXPECT_EQ(fc.id.rfind("own-", 0), 0u);
  auto rr = RematchAll(*store_);
  ASSERT_TRUE(rr.ok());
  EXPECT_EQ(rr->matched, 1);
  // Edit: the same id, a new verdict.
  fc.verdict = "Sai sự thật";
  auto e = SaveFactCheck(*store_, &fc);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e, store::Upsert::kUpdated);
  store::FactCheck empty;
  EXPECT_FALSE(SaveFactCheck(*store_, &empty).ok());
}

TEST_F(ClaimsTest, ExportIsClaimReviewOfOwnFactChecks) {
  ASSERT_TRUE(Import(kLibrary).ok());
  auto out = ExportClaimReviews(*store_);
  ASSERT_TRUE(out.ok());
  auto j = nlohmann::json::parse(*out);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["@type"], "ClaimReview");
  EXPECT_EQ(j[0]["@context"], "https://schema.org");
  EXPECT_EQ(j[0]["claimReviewed"], "Nước máy ở phường An Hòa bị nhiễm độc, không được uống");
  EXPECT_EQ(j[0]["reviewRating"]["alternateName"], "Sai");
  EXPECT_EQ(j[0]["url"], "https://ubnd.example/fc/nuoc");
  // Round trip: the export imports as the same fact-check.
  std::vector<store::FactCheck> back;
  ASSERT_TRUE(ParseFactChecks(
                  *out, "export.json", [&](store::FactCheck&& fc) { back.push_back(fc); }, nullptr)
                  .ok());
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].id, "fc-nuoc");
  EXPECT_EQ(back[0].body, "Kết quả xét nghiệm cho thấy nước máy đạt quy chuẩn an toàn.");
}

TEST_F(ClaimsTest, ThresholdsLiveInSettings) {
  auto t = LoadThresholds(*store_);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->suggest, kDefaultSuggest);
  EXPECT_EQ(t->autom, kDefaultAuto);
  ASSERT_TRUE(SaveThresholds(*store_, {0.4, 0.9}).ok());
  t = LoadThresholds(*store_);
  EXPECT_DOUBLE_EQ(t->autom, 0.9);
  ASSERT_TRUE(store_->SetSetting(kAutoSetting, "lots").ok());
  EXPECT_FALSE(LoadThresholds(*store_).ok());
}

TEST_F(ClaimsTest, CalibrateNeedsEnoughDecisions) {
  auto r = Calibrate(*store_);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->fitted);
  EXPECT_NE(r->note.find("need 20"), std::string::npos);
}

TEST_F(ClaimsTest, CalibrateFitsTheAutoThresholdToTargetPrecision) {
  // 30 fact-checks and 30 items; staff accept high scores and reject low ones.
  std::string lib, items;
  for (int i = 0; i < 30; ++i) {
    lib += R"({"id":"f)" + std::to_string(i) +
           R"(","claim":"c","verdict":"Sai"})"
           "\n";
    items += R"({"id":"i)" + std::to_string(i) +
             R"(","source":"fb","text":"t","published_at":"2026-10-03T08:00:00Z"})"
             "\n";
  }
  ASSERT_TRUE(Import(lib).ok());
  Ingest(items, nullptr);
  for (int i = 0; i < 30; ++i) {
    double score = 0.5 + i / 60.0;        // 0.50 .. 0.98
    bool accept = i >= 12 || i % 3 == 0;  // mostly right above 0.70
    ASSERT_TRUE(store_
                    ->DecideMatch("fb", "i" + std::to_string(i), "f" + std::to_string(i),
                                  accept ? store::MatchState::kAccepted : store::MatchState::kRejected, score)
                    .ok());
  }
  auto r = Calibrate(*store_);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->fitted) << r->note;
  EXPECT_EQ(r->decisions, 30);
  EXPECT_GE(r->precision_proposed, 0.95);
  // Everything from i = 12 (0.70) up is accepted; adding i = 11 (rejected)
  // drops precision to 18/19 < 0.95.
  EXPECT_NEAR(r->proposed.autom, 0.70, 1e-9);
  EXPECT_EQ(r->recall_proposed, 18.0 / 22.0);
  auto t = LoadThresholds(*store_);
  EXPECT_NEAR(t->autom, r->proposed.autom, 1e-4);
}

}  // namespace
}  // namespace vox::claims
