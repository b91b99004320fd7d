#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>
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

namespace vox::claims {
namespace {

std::vector<store::FactCheck> Library2() {
  std::vector<store::FactCheck> lib = Library();
  store::FactCheck fc;
  fc.id = "hocphi";
  fc.claim = "Bộ Giáo dục và Đào tạo miễn học phí cho học sinh Hà Nội";
  fc.verdict = "Sai";
  fc.body = "Bộ Giáo dục và Đào tạo cho biết chỉ hỗ trợ học phí 1.200 học sinh vùng lũ, mỗi em 500 nghìn đồng. "
            "Hà Nội chưa có quyết định miễn học phí.";
  lib.push_back(fc);
  return lib;
}

TEST(MatcherEvidence, AbbreviationsMatchTheLongForm) {
  auto m = Matcher::Build(Library2());
  auto e = m->Explain("nghe nói Bộ GD-ĐT miễn học phí cho HS HN", "hocphi");
  ASSERT_TRUE(e.has_value());
  EXPECT_GT(e->containment, 0.95);  // every term is in the fact-check once expanded
  auto r = m->MatchText("nghe nói Bộ GD-ĐT miễn học phí cho HS HN");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->factcheck_id, "hocphi");
}

TEST(MatcherEvidence, FiguresCountForAndAgainst) {
  auto m = Matcher::Build(Library2());
  // 500k is the fact-check's 500 nghìn; 1200 its 1.200.
  auto right = m->Explain("BGD hỗ trợ 1200 học sinh vùng lũ mỗi em 500k", "hocphi");
  auto wrong = m->Explain("BGD hỗ trợ 3400 học sinh vùng lũ mỗi em 900k", "hocphi");
  ASSERT_TRUE(right && wrong);
  EXPECT_EQ(right->numbers, 2);
  EXPECT_EQ(right->numbers_missing, 0);
  EXPECT_EQ(wrong->numbers_missing, 2);
  EXPECT_GT(right->score, wrong->score + 0.2);
}

TEST(MatcherEvidence, OtherFiguresAreNeverAuto) {
  auto m = Matcher::Build(Library2());
  const std::string copied = "chỉ hỗ trợ học phí 1.200 học sinh vùng lũ, mỗi em 500 nghìn đồng";
  auto r = m->MatchText(copied);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->state, store::MatchState::kAuto);
  // The same sentence with a figure the fact-check does not have.
  auto o = m->MatchText("chỉ hỗ trợ học phí 1.200 học sinh vùng lũ, mỗi em 700 nghìn đồng");
  if (o) {
    EXPECT_NE(o->state, store::MatchState::kAuto);
  }
}

TEST(MatcherEvidence, RepeatedTermsSaturate) {
  std::vector<store::FactCheck> lib;
  for (int i = 0; i < 2; ++i) {
    store::FactCheck fc;
    fc.id = i ? "often" : "once";
    fc.claim = "Cầu Bến Thủy sập";
    fc.verdict = "Sai";
    fc.body = i ? "Cầu Bến Thủy vẫn thông xe. Cầu Bến Thủy được kiểm tra. Cầu Bến Thủy an toàn."
                : "Cầu Bến Thủy vẫn thông xe. Đường tỉnh được kiểm tra. Người dân an toàn.";
    lib.push_back(fc);
  }
  auto m = Matcher::Build(lib);
  auto once = m->Explain("cầu bến thủy", "once");
  auto often = m->Explain("cầu bến thủy", "often");
  ASSERT_TRUE(once && often);
  EXPECT_NEAR(once->containment, often->containment, 1e-9);
  // BM25's saturation: more mentions give more credit, never more than the containment.
  EXPECT_GT(often->saturated, once->saturated);
  EXPECT_LE(often->saturated, often->containment + 1e-9);
}

TEST(MatcherEvidence, ScoreIsTheDecisionOfTheEvidence) {
  auto m = Matcher::Build(Library2());
  const char* post = "nuoc may o phuong an hoa bi nhiem doc ko dc uong";
  auto e = m->Explain(post, "nuoc");
  auto r = m->MatchText(post);
  ASSERT_TRUE(e && r);
  EXPECT_NEAR(e->score, r->score, 1e-9);
  EXPECT_NEAR(*m->ScorePair(post, "nuoc"), e->score, 1e-9);
  EXPECT_GE(e->lexical, e->containment);
  EXPECT_FALSE(m->Explain(post, "nope").has_value());
}

}  // namespace
}  // namespace vox::claims

namespace vox::claims {
namespace {

// The expectations of tests/e2e/claims.sh, on its library, at the defaults.
TEST(MatcherDecision, EndToEndExpectationsHold) {
  std::vector<store::FactCheck> lib(3);
  auto set = [](store::FactCheck* fc, const char* id, const char* claim, const char* body) {
    fc->id = id;
    fc->claim = claim;
    fc->verdict = "Sai";
    fc->body = body;
  };
  set(&lib[0], "fc-nuoc", "Nước máy ở phường An Hòa bị nhiễm độc, không được uống",
      "Kết quả xét nghiệm của Trung tâm kiểm soát bệnh tật cho thấy nước máy đạt quy chuẩn an toàn.");
  set(&lib[1], "fc-dien", "Toàn thành phố sẽ mất điện ba ngày liên tục từ thứ hai",
      "Điện lực chỉ cắt điện bảo trì tại hai phường trong bốn giờ sáng chủ nhật.");
  set(&lib[2], "gia-lua", "Giá lúa giảm một nửa vì thương lái ngừng thu mua",
      "Sở Nông nghiệp cho biết giá lúa tuần này chỉ giảm nhẹ, thương lái vẫn thu mua bình thường.");
  {  // the first import: two fact-checks, three items, two matches
    auto two = Matcher::Build({lib[0], lib[1]});
    auto a = two->MatchText("nuoc may o phuong an hoa bi nhiem doc ko dc uong 😱 #canhbao");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->factcheck_id, "fc-nuoc");
    EXPECT_FALSE(two->MatchText("Đội bóng thiếu niên của tỉnh vừa thắng trận chung kết giải bóng đá hôm qua"));
    auto c = two->MatchText("nghe nói toàn thành phố sẽ mất điện ba ngày liên tục từ thứ hai");
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->factcheck_id, "fc-dien");
  }
  auto m = Matcher::Build(lib);
  auto p1 = m->MatchText("nuoc may o phuong an hoa bi nhiem doc ko dc uong 😱 #canhbao");
  ASSERT_TRUE(p1.has_value());
  EXPECT_EQ(p1->factcheck_id, "fc-nuoc");
  EXPECT_EQ(p1->state, store::MatchState::kAuto);
  EXPECT_GE(p1->score, 0.8);
  EXPECT_FALSE(m->MatchText("Đội bóng thiếu niên của tỉnh vừa thắng trận chung kết giải bóng đá hôm qua").has_value());
  auto p3 = m->MatchText("nghe nói toàn thành phố sẽ mất điện ba ngày liên tục từ thứ hai");
  ASSERT_TRUE(p3.has_value());
  EXPECT_EQ(p3->factcheck_id, "fc-dien");
  auto p4 = m->MatchText("GIA LUA GIAM MOT NUA VI THUONG LAI NGUNG THU MUA ‼️");
  ASSERT_TRUE(p4.has_value());
  EXPECT_EQ(p4->factcheck_id, "gia-lua");
  auto t = m->MatchText("Nuoc may phuong An Hoa bi nhiem doc khong uong duoc");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->factcheck_id, "fc-nuoc");
  auto s = m->MatchText("mất điện");
  EXPECT_TRUE(!s || s->state != store::MatchState::kAuto);
  EXPECT_FALSE(m->MatchText("Lễ hội hoa xuân khai mạc tại công viên trung tâm").has_value());
}

}  // namespace
}  // namespace vox::claims

namespace vox::claims {
namespace {

// Golden cases of direction and negation (testdata/polarity.tsv): the
// fact-check is the line's claim, among the fixtures of Library().
TEST(MatcherPolarity, GoldenCases) {
  std::ifstream in("src/claims/testdata/polarity.tsv");
  ASSERT_TRUE(in.good()) << "run from the repository root";
  std::string line;
  int cases = 0, n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> col;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, '\t');) col.push_back(c);
    ASSERT_EQ(col.size(), 4u) << "polarity.tsv:" << n;
    auto lib = Library();
    store::FactCheck fc;
    fc.id = "golden";
    fc.claim = col[1];
    fc.verdict = "Sai";
    lib.push_back(fc);
    auto m = Matcher::Build(lib);
    auto e = m->Explain(col[0], "golden");
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->opposed, std::stoi(col[2])) << "polarity.tsv:" << n << ": " << col[0];
    EXPECT_EQ(e->negated, std::stoi(col[3])) << "polarity.tsv:" << n << ": " << col[0];
    ++cases;
  }
  EXPECT_GE(cases, 20);
}

TEST(MatcherEvidence, RareWordsTheFactCheckLacksAreNovel) {
  auto m = Matcher::Build(Library());
  // Retold with the fact-check's own words: nothing novel.
  auto same = m->Explain("Giá lúa giảm một nửa vì thương lái ngừng thu mua", "lua");
  // Another crop and another place: words the fact-check lacks ("cà phê" is in
  // no fact-check, "Lê Lợi" in another one).
  auto other = m->Explain("Giá cà phê giảm một nửa ở Lê Lợi", "lua");
  ASSERT_TRUE(same && other);
  EXPECT_EQ(same->novel, 0);
  EXPECT_GE(other->novel, 3);
  EXPECT_GT(same->score, other->score);
}

TEST(MatcherEvidence, ClaimShareIsTheClaimsPartOfTheText) {
  auto m = Matcher::Build(Library());
  auto claim = m->Explain("Giá lúa giảm một nửa vì thương lái ngừng thu mua", "lua");
  auto body = m->Explain("Sở nông nghiệp cho biết giá lúa tuần này chỉ giảm nhẹ", "lua");
  ASSERT_TRUE(claim && body);
  EXPECT_GT(claim->claim_share, 0.9);
  EXPECT_LT(body->claim_share, claim->claim_share);
  EXPECT_LE(body->claim_share, body->containment + 1e-9);
}

TEST(MatcherEvidence, PassageIsWhereTheWordsSit) {
  std::vector<store::FactCheck> lib = Library();
  store::FactCheck fc;
  fc.id = "cau";
  fc.claim = "Cầu Rồng đóng cửa một tháng để sửa chữa";
  fc.verdict = "Sai";
  fc.body = "Sở Giao thông vận tải cho biết cầu Rồng vẫn thông xe bình thường. Đơn vị thi công chỉ sơn lại "
            "lan can vào ban đêm. Người dân phản ánh kẹt xe ở chợ Hàn dịp cuối tuần. Lễ hội pháo hoa quốc tế "
            "diễn ra vào tháng sáu.";
  lib.push_back(fc);
  auto m = Matcher::Build(lib);
  // Retold from one sentence of the body, and the same words gathered from three.
  auto one = m->Explain("cầu Rồng vẫn thông xe, chỉ sơn lại lan can ban đêm", "cau");
  auto spread = m->Explain("kẹt xe ở cầu Rồng vì lễ hội pháo hoa ban đêm", "cau");
  ASSERT_TRUE(one && spread);
  EXPECT_GT(one->passage, 0.8);
  EXPECT_LT(spread->passage, one->passage);
  EXPECT_LE(one->sentence, one->passage + 1e-9);
  EXPECT_LE(one->passage, one->containment + 1e-9);
  // A text that repeats the claim has it all in the claim's bucket.
  auto claim = m->Explain("Cầu Rồng đóng cửa một tháng để sửa chữa", "cau");
  ASSERT_TRUE(claim.has_value());
  EXPECT_NEAR(claim->sentence, claim->containment, 1e-9);
}

TEST(MatcherDecision, OppositeDirectionScoresLower) {
  std::vector<store::FactCheck> lib = Library();
  store::FactCheck fc;
  fc.id = "xang";
  fc.claim = "Giá xăng tăng mạnh từ chiều nay, mỗi lít thêm hai nghìn đồng";
  fc.verdict = "Sai";
  fc.body = "Liên bộ Công Thương - Tài chính điều chỉnh giá xăng tăng mạnh từ chiều nay.";
  lib.push_back(fc);
  auto m = Matcher::Build(lib);
  auto same = m->Explain("nghe nói giá xăng tăng mạnh từ chiều nay", "xang");
  auto opposite = m->Explain("nghe nói giá xăng giảm mạnh từ chiều nay", "xang");
  auto negated = m->Explain("nghe nói giá xăng không tăng từ chiều nay", "xang");
  ASSERT_TRUE(same && opposite && negated);
  EXPECT_EQ(opposite->opposed, 1);
  EXPECT_EQ(negated->negated, 1);
  EXPECT_GT(same->score, opposite->score);
  EXPECT_GT(same->score, negated->score);
}

}  // namespace
}  // namespace vox::claims
