#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "claims/claims.h"

namespace vox::claims {
namespace {

std::vector<store::FactCheck> Library() {
  std::vector<store::FactCheck> lib;
  auto add = [&](std::string id, std::string claim, std::string body) {
    store::FactCheck fc;
    fc.id = std::move(id);
    fc.claim = std::move(claim);
    fc.verdict = "Sai";
    fc.body = std::move(body);
    lib.push_back(std::move(fc));
  };
  add("nuoc", "Nước máy ở phường An Hòa bị nhiễm độc, không được uống",
      "Trung tâm kiểm soát bệnh tật tỉnh đã lấy mẫu nước tại nhà máy và các hộ dân. Kết quả xét nghiệm cho thấy "
      "nước máy đạt quy chuẩn an toàn, người dân có thể yên tâm sử dụng.");
  add("dien", "Toàn thành phố sẽ mất điện ba ngày liên tục từ thứ hai",
      "Công ty điện lực khẳng định chỉ cắt điện bảo trì lưới điện tại hai phường trong bốn giờ sáng chủ nhật. "
      "Lịch cắt điện được đăng trên trang của công ty.");
  add("lua", "Giá lúa giảm một nửa vì thương lái ngừng thu mua",
      "Sở nông nghiệp cho biết giá lúa tuần này chỉ giảm nhẹ, thương lái vẫn thu mua bình thường tại các xã.");
  add("truong", "Trường tiểu học Lê Lợi cho học sinh nghỉ học cả tuần vì dịch bệnh",
      "Phòng giáo dục xác nhận trường vẫn dạy học bình thường; chỉ một lớp nghỉ một ngày để vệ sinh khử khuẩn.");
  return lib;
}

TEST(Matcher, MatchesAccentedUnaccentedAndTeencode) {
  auto m = Matcher::Build(Library());
  for (const char* post : {"Nước máy ở phường An Hòa bị nhiễm độc, không được uống!!",
                           "nuoc may o phuong an hoa bi nhiem doc, ko dc uong 😱",
                           "NUOC MAY O PHUONG AN HOA BI NHIEM DOC KHONG DUOC UONG #canhbao"}) {
    auto r = m->MatchText(post);
    ASSERT_TRUE(r.has_value()) << post;
    EXPECT_EQ(r->factcheck_id, "nuoc") << post;
    EXPECT_EQ(r->state, store::MatchState::kAuto) << post;
  }
}

TEST(Matcher, SentenceOfTheBodyMatches) {
  auto m = Matcher::Build(Library());
  auto r = m->MatchText("ket qua xet nghiem cho thay nuoc may dat quy chuan an toan");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->factcheck_id, "nuoc");
}

TEST(Matcher, UnrelatedTextDoesNotMatch) {
  auto m = Matcher::Build(Library());
  EXPECT_FALSE(m->MatchText("Đội bóng của tỉnh vừa thắng trận chung kết giải bóng đá thiếu niên hôm qua").has_value());
}

TEST(Matcher, ShortTextIsNeverAuto) {
  auto m = Matcher::Build(Library());
  auto r = m->MatchText("mất điện ba ngày");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->factcheck_id, "dien");
  EXPECT_EQ(r->state, store::MatchState::kSuggested);
  EXPECT_FALSE(m->MatchText("điện").has_value());
}

TEST(Matcher, ScorePairAgreesWithMatchText) {
  auto m = Matcher::Build(Library());
  const char* post = "ket qua xet nghiem cho thay nuoc may dat quy chuan an toan";
  auto r = m->MatchText(post);
  ASSERT_TRUE(r.has_value());
  auto s = m->ScorePair(post, "nuoc");
  ASSERT_TRUE(s.has_value());
  EXPECT_NEAR(*s, r->score, 1e-6);
  EXPECT_LT(*m->ScorePair(post, "lua"), 0.3);
  EXPECT_FALSE(m->ScorePair(post, "nope").has_value());
}

TEST(Matcher, ClaimWrappedInChatterIsFoundByClaimCoverage) {
  auto m = Matcher::Build(Library());
  const char* post =
      "Trời ơi cả xóm đang hoang mang lắm, hàng xóm gửi tin nhắn bảo toàn thành phố sẽ mất điện ba ngày liên tục "
      "từ thứ hai, có ai ở đây biết thông tin chính thức chưa, tui phải đi mua đèn sạc với máy phát";
  auto r = m->MatchText(post);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->factcheck_id, "dien");
}

TEST(Matcher, ConcurrentUseGivesTheSameAnswers) {
  auto m = Matcher::Build(Library());
  const std::vector<std::string> posts = {"nuoc may o phuong an hoa bi nhiem doc ko dc uong",
                                          "gia lua giam mot nua vi thuong lai ngung thu mua",
                                          "Đội bóng của tỉnh vừa thắng trận chung kết giải bóng đá thiếu niên"};
  std::vector<std::optional<MatchResult>> want;
  for (const auto& p : posts) want.push_back(m->MatchText(p));
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        size_t k = static_cast<size_t>(i) % posts.size();
        auto r = m->MatchText(posts[k]);
        if (r.has_value() != want[k].has_value() ||
            (r && (r->factcheck_id != want[k]->factcheck_id || r->score != want[k]->score))) {
          ++mismatches;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(Matcher, EmptyLibraryMatchesNothing) {
  auto m = Matcher::Build({});
  EXPECT_FALSE(m->MatchText("nước máy nhiễm độc").has_value());
  EXPECT_TRUE(m->Search("nước", 5).empty());
}

TEST(Matcher, SearchIsAccentInsensitive) {
  auto m = Matcher::Build(Library());
  auto hits = m->Search("gia lua", 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].factcheck_id, "lua");
}

}  // namespace
}  // namespace vox::claims
