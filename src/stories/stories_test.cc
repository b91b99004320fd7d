#include "stories/stories.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <map>
#include <set>

#include "common/time.h"
#include "ingest/pipeline.h"
#include "text/text.h"

namespace vox::stories {
namespace {

constexpr char kPost[] =
    "UBND phường An Hòa thông báo: do sự cố đường dây, khu vực tổ 3 và tổ 4 sẽ bị cắt điện từ 7h đến 17h "
    "ngày 28/4. Người dân chủ động sắp xếp công việc, tích trữ nước sinh hoạt và không đến gần khu vực sửa chữa. "
    "Mọi thắc mắc xin liên hệ tổng đài chăm sóc khách hàng của điện lực để được hỗ trợ.";
constexpr char kLink[] = "https://baodiaphuong.vn/xa-hoi/an-hoa-cat-dien-ngay-28-4-123.html";

struct Feed {
  Clusterer c;
  int64_t next = 1;
  int64_t t = 1'700'000'000;
  int64_t Add(std::string_view text, std::string_view url = "", bool comment = false) {
    std::string canon = text::Canonicalize(text);
    Assignment a = c.Add(ExtractFeatures("", canon, url, comment), t += 60, next);
    if (a.created) ++next;
    return a.story_id;
  }
};

TEST(Clusterer, RepostVariantsJoinTheirStory) {
  Feed f;
  const int64_t s = f.Add(kPost, kLink);
  const std::string post = kPost;
  EXPECT_EQ(f.Add(text::FoldAccents(post)), s) << "accents removed";
  EXPECT_EQ(f.Add("Chia sẻ: " + post + " 😱😱 #matdien #anhoa"), s) << "prefix, emoji, hashtags";
  EXPECT_EQ(f.Add("NÓNG: " + post + " https://bit.ly/3abc"), s) << "prefix and another url";
  EXPECT_EQ(f.Add(post.substr(0, post.find("Người dân")) + "… xem thêm"), s) << "truncated";
  EXPECT_EQ(f.Add("Thật không thể tin được: \"Người dân chủ động sắp xếp công việc, tích trữ nước sinh hoạt và "
                  "không đến gần khu vực sửa chữa\""),
            s)
      << "a quote of part of the post";
  EXPECT_EQ(f.Add("Mọi người ơi mat dien tu 7h den 17h ngay 28/4 o to 3 va to 4 phuong An Hoa do su co duong day, "
                  "ko den gan khu vuc sua chua nha, tich tru nuoc sinh hoat"),
            s)
      << "retold without accents, teencode";
  EXPECT_EQ(f.Add("Đọc đi http://www.baodiaphuong.vn/xa-hoi/an-hoa-cat-dien-ngay-28-4-123.html?utm_source=fb"
                  "&fbclid=IwAR0xyz#top",
                  "", true),
            s)
      << "a short comment whose only tie is the canonical link";
}

// People share every article with the same few words; the words identify
// nothing, the link does.
TEST(Clusterer, GenericCommentsWithLinksFollowTheirLinkNotEachOther) {
  Feed f;
  const char* kGeneric[] = {"Chia sẻ cho mọi người cùng biết", "Buồn ghê", "Cái này có thật không vậy?",
                            "Đề nghị cơ quan chức năng vào cuộc làm rõ, xử lý nghiêm"};
  std::vector<int64_t> articles;
  for (int i = 0; i < 5; ++i) {
    const std::string url = "https://baodiaphuong.vn/xa-hoi/bai-" + std::to_string(i) + ".html";
    articles.push_back(f.Add("Bài số " + std::to_string(i) + ": " + std::string(kPost).substr(0, 60 + 20 * i) +
                                 " chuyện riêng của bài " + std::to_string(i) + " mưa lũ đê điều cầu cống",
                             url));
  }
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 5; ++i) {
      for (const char* g : kGeneric) {
        const std::string url =
            "https://m.baodiaphuong.vn/xa-hoi/bai-" + std::to_string(i) + ".html?utm_source=fb&fbclid=x" +
            std::to_string(round);
        EXPECT_EQ(f.Add(std::string(g) + " " + url), articles[i]) << g << " -> article " << i;
      }
    }
  }
  // Without a link the generic words start stories nothing joins by text.
  const int64_t a = f.Add("Buồn ghê");
  const int64_t b = f.Add("Buồn ghê");
  EXPECT_NE(a, b);
}

TEST(Clusterer, LinkSharesBeforeTheArticleJoinItAndItBecomesTheRepresentative) {
  Feed f;
  const std::string url = "https://baodiaphuong.vn/xa-hoi/an-hoa-cat-dien-ngay-28-4-123.html";
  const int64_t s = f.Add(url + "?utm_source=zalo");
  EXPECT_EQ(f.Add("Ghê quá 😱 https://amp.baodiaphuong.vn/xa-hoi/an-hoa-cat-dien-ngay-28-4-123.html"), s);
  EXPECT_EQ(f.Add("https://l.facebook.com/l.php?u=https%3A%2F%2Fbaodiaphuong.vn%2Fxa-hoi%2Fan-hoa-cat-dien-ngay-28-4-"
                  "123.html&h=AT0"),
            s)
      << "Facebook's redirector";
  EXPECT_EQ(f.Add(kPost, url), s) << "the article, as a feed item with its url";
  // Its text now represents the story: a copy without the link joins by text.
  EXPECT_EQ(f.Add(text::FoldAccents(kPost)), s);
}

TEST(Clusterer, ALinkToAnotherPageKeepsShortTextApart) {
  Feed f;
  const std::string quote =
      "Người dân chủ động sắp xếp công việc, tích trữ nước sinh hoạt và không đến gần khu vực sửa chữa";
  const int64_t s = f.Add(kPost, kLink);
  EXPECT_EQ(f.Add("Đáng sợ thật: " + quote), s) << "a quote without a link joins by text";
  EXPECT_NE(f.Add("Đáng sợ thật: " + quote + " https://baokhac.vn/thoi-su/bai-khac-999.html"), s)
      << "the same words pointing at another page are not this story";
  EXPECT_EQ(f.Add(std::string(kPost) + " https://baokhac.vn/thoi-su/dang-lai-888.html"), s)
      << "a whole copy of the text overrides the other link";
}

TEST(Clusterer, CandidatesPerItemAreBoundedOnSmallVocabularyText) {
  // 40-word items drawn from 22 common words: every item shares bands and
  // anchors with most stories. The verified candidates per item are capped,
  // so this stays fast whatever the number of stories.
  const char* kWords[] = {"điện", "nước", "mất", "ngập", "đường", "phường", "xã", "dân", "hỏi", "giá", "tiền",
                          "nhà", "đất", "cấp", "sổ", "cháy", "trường", "học", "bệnh", "viện", "xe", "chợ"};
  Options o;
  o.max_verify = 8;
  Clusterer c(o);
  uint64_t rng = 42;
  auto next = [&] { return (rng = rng * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  int64_t id = 1;
  for (int i = 0; i < 5000; ++i) {
    std::string s;
    for (int w = 0; w < 40; ++w) s += std::string(kWords[next() % 22]) + " ";
    Assignment a = c.Add(ExtractFeatures("", text::Canonicalize(s), "", false), 1'700'000'000 + i, id);
    if (a.created) ++id;
  }
  EXPECT_GT(c.live_stories(), 0u);
}

TEST(Features, PageKeysFoldMobileAmpAndRedirectors) {
  const std::string k = PageKey("https://dantri.com.vn/xa-hoi/bai-1.htm");
  EXPECT_EQ(PageKey("http://m.dantri.com.vn/xa-hoi/bai-1.htm?utm_source=fb&fbclid=abc"), k);
  EXPECT_EQ(PageKey("https://amp.dantri.com.vn/xa-hoi/bai-1.htm"), k);
  EXPECT_EQ(PageKey("https://dantri.com.vn/amp/xa-hoi/bai-1.htm"), k);
  EXPECT_EQ(PageKey("https://dantri.com.vn/xa-hoi/bai-1.htm/amp"), k);
  EXPECT_EQ(PageKey("https://l.facebook.com/l.php?u=https%3A%2F%2Fdantri.com.vn%2Fxa-hoi%2Fbai-1.htm&h=x"), k);
  EXPECT_EQ(PageKey("https://www.google.com/amp/s/dantri.com.vn/xa-hoi/bai-1.htm"), k);
  EXPECT_EQ(PageKey("https://dantri-com-vn.cdn.ampproject.org/c/s/dantri.com.vn/xa-hoi/bai-1.htm"), k);
  EXPECT_EQ(PageKey("https://dantri.com.vn/"), "") << "a home page names no page";
  EXPECT_NE(PageKey("https://dantri.com.vn/xa-hoi/bai-2.htm"), k);
  EXPECT_NE(PageKey("https://m.me/abc"), "") << "a short host keeps its m.";
}

TEST(Features, AShortLinkIsTheKeyOfThePageItLeadsTo) {
  std::vector<std::string> asked;
  auto target = [&](std::string_view url) -> std::string {
    asked.emplace_back(url);
    return url == "https://bit.ly/3xYz12" ? std::string(kLink) + "?utm_source=zalo" : std::string();
  };
  const Features page = ExtractFeatures("", "Buồn ghê", kLink, false);
  const Features shared = ExtractFeatures("", "Chia sẻ cho mọi người cùng biết https://bit.ly/3xYz12", "", false, target);
  // (the code's upper-case letters matter: a shortener's codes are case-sensitive)
  EXPECT_EQ(shared.links, page.links) << "the share names the article";
  EXPECT_EQ(asked, std::vector<std::string>{"https://bit.ly/3xYz12"}) << "asked as the person wrote it";
  const Features unknown = ExtractFeatures("", "Xem ngay https://bit.ly/zzzz", "", false, target);
  const Features plain = ExtractFeatures("", "Xem ngay https://bit.ly/zzzz", "", false);
  EXPECT_EQ(unknown.links, plain.links) << "an unknown short link stays a key of its own";
  EXPECT_NE(unknown.links, page.links);
}

TEST(Clusterer, AShareThroughAShortLinkJoinsTheArticle) {
  auto target = [](std::string_view url) -> std::string {
    return url == "https://bit.ly/3xYz12" ? std::string(kLink) : std::string();
  };
  Clusterer c;
  const Assignment article = c.Add(ExtractFeatures("", text::Canonicalize(kPost), kLink, false), 1'700'000'000, 1);
  ASSERT_TRUE(article.created);
  const Assignment other = c.Add(
      ExtractFeatures("", text::Canonicalize("Chia sẻ cho mọi người cùng biết https://bit.ly/OTHER1"), "", false, target),
      1'700'000'060, 2);
  EXPECT_NE(other.story_id, article.story_id) << "a short link nobody resolved joins nothing";
  const Assignment share = c.Add(
      ExtractFeatures("", text::Canonicalize("Chia sẻ cho mọi người cùng biết https://bit.ly/3xYz12"), "", false, target),
      1'700'000'120, 3);
  EXPECT_EQ(share.story_id, article.story_id);
  EXPECT_EQ(share.reason, JoinReason::kLink);
}

TEST(Clusterer, AQuoteOfTheBodyJoinsAnArticleWhosePageIsKnown) {
  const std::string lead = "Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường trung tâm thành phố ngập sâu.";
  const std::string body = lead +
                           "\nTheo UBND phường, nước rút chậm do cống thoát nước bị rác bịt kín ở ba điểm dọc đường "
                           "Lê Lợi và Hùng Vương.\nLực lượng chức năng đã huy động 40 người khơi thông cống trong đêm.";
  const std::string quote = "Trời ơi: nước rút chậm do cống thoát nước bị rác bịt kín ở ba điểm dọc đường Lê Lợi và "
                            "Hùng Vương";
  for (bool page_known : {false, true}) {
    Clusterer c;
    const Assignment article =
        c.Add(ExtractFeatures("Đường Lê Lợi ngập sâu", text::Canonicalize(lead), kLink, false, {},
                              page_known ? text::Canonicalize(body) : std::string()),
              1'700'000'000, 1);
    const Assignment q = c.Add(ExtractFeatures("", text::Canonicalize(quote), "", false), 1'700'000'600, 2);
    if (page_known) {
      EXPECT_EQ(q.story_id, article.story_id) << "the page's paragraphs hold the quoted words";
    } else {
      EXPECT_NE(q.story_id, article.story_id) << "the lead alone does not";
    }
  }
}

TEST(Features, StateKeepsContentAndReadsTheOldLayout) {
  Features f = ExtractFeatures("", "Buồn ghê https://baodiaphuong.vn/a/b.html", "", false);
  Features g;
  ASSERT_TRUE(DecodeFeatures(EncodeFeatures(f), &g));
  EXPECT_EQ(g.content, f.content);
  EXPECT_FALSE(TextCounts(g, Options()));
  // Layout 1 (no content field) decodes as "unknown", which counts.
  std::string v1 = EncodeFeatures(f);
  v1[0] = 1;
  v1.erase(17, 4);
  ASSERT_TRUE(DecodeFeatures(v1, &g));
  EXPECT_EQ(g.content, -1);
  EXPECT_TRUE(TextCounts(g, Options()));
}

TEST(Clusterer, DatedTemplatesAreDifferentEvents) {
  Feed f;
  const int64_t a = f.Add("Sáng 28/4, tỉnh ghi nhận 12 ca mắc mới, trong đó 9 ca trong khu cách ly, 3 ca tại cộng đồng. "
                          "Sở Y tế đề nghị người dân thực hiện nghiêm quy định phòng dịch.");
  const int64_t b = f.Add("Sáng 29/4, tỉnh ghi nhận 8 ca mắc mới, trong đó 6 ca trong khu cách ly, 2 ca tại cộng đồng. "
                          "Sở Y tế đề nghị người dân thực hiện nghiêm quy định phòng dịch.");
  EXPECT_NE(a, b);
  std::string other = kPost;
  other.replace(other.find("An Hòa"), 6, "Phú Hội");
  other.replace(other.find("28/4"), 4, "2/5");
  EXPECT_NE(f.Add(kPost), f.Add(other)) << "a power cut for another ward and day";
  // and each still collects its own reposts
  EXPECT_EQ(f.Add(text::FoldAccents("Sáng 29/4, tỉnh ghi nhận 8 ca mắc mới, trong đó 6 ca trong khu cách ly, 2 ca "
                                    "tại cộng đồng. Sở Y tế đề nghị người dân thực hiện nghiêm quy định phòng dịch.")),
            b);
}

TEST(Clusterer, ShortUnrelatedCommentsStayApart) {
  Feed f;
  const int64_t s = f.Add(kPost, kLink);
  EXPECT_NE(f.Add("Cảm ơn ad đã thông tin cho người dân"), s);
  EXPECT_NE(f.Add("Đường Lê Lợi ngập sâu sau mưa lớn, xe máy chết máy hàng loạt"), s);
  EXPECT_NE(f.Add("Xem trang chủ https://baodiaphuong.vn/"), s) << "a site's home page is not a story key";
}

TEST(Clusterer, DeterministicIds) {
  auto run = [] {
    Feed f;
    std::vector<int64_t> ids;
    for (int i = 0; i < 3; ++i) {
      ids.push_back(f.Add(kPost));
      ids.push_back(f.Add("Tin " + std::to_string(i) + ": chợ đầu mối phường Tây Lộc tạm đóng cửa để sửa mái che"));
    }
    return ids;
  };
  EXPECT_EQ(run(), run());
}

TEST(Features, EncodeDecodeRoundTrip) {
  Features f = ExtractFeatures("Tiêu đề", kPost, kLink, false);
  ASSERT_FALSE(f.shingles.empty());
  ASSERT_EQ(f.links.size(), 1u);
  ASSERT_FALSE(f.numbers.empty());
  Features g;
  ASSERT_TRUE(DecodeFeatures(EncodeFeatures(f), &g));
  EXPECT_EQ(f.shingles, g.shingles);
  EXPECT_EQ(f.numbers, g.numbers);
  EXPECT_EQ(f.links, g.links);
  EXPECT_FALSE(DecodeFeatures("garbage", &g));
}

TEST(Features, AccentsCaseAndNfdDoNotChangeShingles) {
  const std::string post = kPost;
  auto a = ExtractFeatures("", text::Canonicalize(post), "", false);
  auto b = ExtractFeatures("", text::Canonicalize(text::FoldAccents(post)), "", false);
  EXPECT_EQ(a.shingles, b.shingles);
  EXPECT_EQ(a.numbers, b.numbers);
}

TEST(Label, UsesTheAccentedFormEvenWhenMostMembersHaveNone) {
  std::vector<std::string> members = {"Mất điện ở phường An Hòa từ 7h sáng",
                                      "mat dien o phuong An Hoa tu 7h sang", "mat dien phuong an hoa ca ngay",
                                      "mat dien o phuong An Hoa roi"};
  std::vector<std::string> background = {"giá rau tăng mạnh ở chợ", "ngập nước đường Lê Lợi", "phường Tây Lộc họp dân"};
  std::string label = LabelFor(members, background);
  EXPECT_NE(label.find("mất điện"), std::string::npos) << label;
  EXPECT_NE(label.find("an hòa"), std::string::npos) << label;
}

// Golden headlines: src/stories/testdata/headlines.tsv.
TEST(Label, GoldenHeadlines) {
  std::ifstream in("src/stories/testdata/headlines.tsv");
  ASSERT_TRUE(in) << "run from the source directory";
  auto unescape = [](std::string s) {
    for (size_t p = 0; (p = s.find("\\n", p)) != std::string::npos;) s.replace(p, 2, "\n");
    return s;
  };
  std::string line;
  int n = 0, lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << "headlines.tsv:" << lineno;
    std::vector<LabelMember> members;
    std::string rest = line.substr(0, tab);
    for (size_t at = 0; at <= rest.size();) {
      size_t sep = rest.find(" || ", at);
      if (sep == std::string::npos) sep = rest.size();
      std::string m = rest.substr(at, sep - at);
      LabelMember lm;
      if (!m.empty() && m[0] == '*') {
        lm.representative = true;
        m.erase(0, 1);
      }
      const size_t a = m.find('|'), b = m.find('|', a + 1);
      lm.kind = m.substr(0, a);
      lm.title = unescape(m.substr(a + 1, b - a - 1));
      lm.text = unescape(m.substr(b + 1));
      members.push_back(lm);
      at = sep + 4;
    }
    EXPECT_EQ(HeadlineFor(members), line.substr(tab + 1)) << "headlines.tsv:" << lineno;
    ++n;
  }
  EXPECT_GE(n, 7);
}

TEST(Trends, PoissonTail) {
  EXPECT_DOUBLE_EQ(PoissonTail(0, 3.0), 1.0);
  EXPECT_NEAR(PoissonTail(1, 2.0), 1 - std::exp(-2.0), 1e-12);
  EXPECT_NEAR(PoissonTail(3, 1.0), 1 - std::exp(-1.0) * (1 + 1 + 0.5), 1e-12);
  EXPECT_LT(PoissonTail(14, 0.6), 1e-12);
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vox_stories_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "vox.db").string();
    Reopen();
    auto p = ingest::Pseudonymizer::FromKeyFile(db_ + ".key", true);
    ASSERT_TRUE(p.ok()) << p.status().message();
    pseudo_ = std::make_unique<ingest::Pseudonymizer>(*p);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    store_.reset();
    auto st = store::Store::Open(db_, {.create = true});
    ASSERT_TRUE(st.ok()) << st.status().message();
    store_ = std::move(st).value();
  }
  void Ingest(const std::string& jsonl) {
    auto obs = NewStoryObserver(*store_);
    ASSERT_TRUE(obs.ok()) << obs.status().message();
    ingest::IngestOptions opts;
    opts.format = ingest::Format::kJsonl;
    opts.batch_size = 3;
    opts.observers.push_back(obs->get());
    auto r = ingest::IngestBuffer(*store_, *pseudo_, jsonl, "in.jsonl", opts, [](const ingest::Rejection& rj) {
      ADD_FAILURE() << rj.where << ": " << rj.reason;
    });
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  int64_t StoryOf(const std::string& id) {
    auto it = store_->GetItem("fb", id);
    EXPECT_TRUE(it.ok()) << it.status().message();
    return it.ok() ? it->story_id : -1;
  }
  static std::string Line(const std::string& id, const std::string& text, const std::string& time,
                          const std::string& author) {
    nlohmann::json j = {{"id", id}, {"source", "fb"}, {"text", text}, {"published_at", time}, {"author", author}};
    return j.dump() + "\n";
  }

  static std::string Reply(const std::string& id, const std::string& parent, const std::string& text,
                           const std::string& time, const std::string& author) {
    nlohmann::json j = {{"id", id},     {"source", "fb"}, {"kind", "comment"}, {"parent_id", parent},
                        {"text", text}, {"published_at", time}, {"author", author}};
    return j.dump() + "\n";
  }

  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<ingest::Pseudonymizer> pseudo_;
};

TEST_F(StoreTest, ObserverAssignsPersistsAndKeepsJoiningAfterRestart) {
  const std::string post = kPost;
  Ingest(Line("1", post, "2026-04-27T08:00:00+07:00", "a") +
         Line("2", text::FoldAccents(post), "2026-04-27T08:30:00+07:00", "b") +
         Line("3", "Đường Lê Lợi ngập sâu sau mưa lớn, xe máy chết máy hàng loạt", "2026-04-27T09:00:00+07:00", "a") +
         Line("4", "Chia sẻ: " + post, "2026-04-27T09:10:00+07:00", "b"));
  const int64_t s = StoryOf("1");
  EXPECT_GT(s, 0);
  EXPECT_EQ(StoryOf("2"), s);
  EXPECT_EQ(StoryOf("4"), s);
  EXPECT_NE(StoryOf("3"), s);
  Reopen();  // a new process: the observer reloads the window from the store
  Ingest(Line("5", "NÓNG: " + text::FoldAccents(post) + " 😱", "2026-04-28T07:00:00+07:00", "c"));
  EXPECT_EQ(StoryOf("5"), s);
  // Re-ingesting the same input changes nothing.
  Ingest(Line("5", "NÓNG: " + text::FoldAccents(post) + " 😱", "2026-04-28T07:00:00+07:00", "c"));
  StoryListOptions lo;
  lo.with_items = true;
  auto list = ListStories(*store_, lo);
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->size(), 2u);
  const StorySummary* big = list->at(0).story.id == s ? &list->at(0) : &list->at(1);
  EXPECT_EQ(big->story.size, 4);
  EXPECT_EQ(big->story.voices, 3);
  EXPECT_EQ(big->items, (std::vector<std::string>{"1", "2", "4", "5"}));
  EXPECT_TRUE(text::HasDiacritics(big->label)) << big->label;
}

// Two ingest processes on one store, each with its own index in memory,
// their batches taking turns: each batch sees what the other committed.
TEST(StoryCursor, RoundTripsAndRefusesWhatItDidNotWrite) {
  StoryCursor c{42, 1790000000, 7}, back;
  ASSERT_TRUE(DecodeStoryCursor(EncodeStoryCursor(c), &back));
  EXPECT_EQ(back.key, 42);
  EXPECT_EQ(back.last_seen, 1790000000);
  EXPECT_EQ(back.id, 7);
  ASSERT_TRUE(DecodeStoryCursor("0.-5.3", &back));
  EXPECT_EQ(back.last_seen, -5);
  for (const char* bad : {"", "1.2", "1.2.3.4", "a.b.c", "1..3", "1.2.0", "1.2.-3", "1.2.3.", " 1.2.3", "-.1.2",
                          "99999999999999999999.1.1"}) {
    EXPECT_FALSE(DecodeStoryCursor(bad, &back)) << bad;
  }
}

// The list's filters (source, period, least size) and keyset pages, each
// against what the items say.
TEST_F(StoreTest, ListStoriesFiltersOnMembersAndPagesByCursor) {
  auto At = [](const char* text) {
    int64_t t = 0;
    EXPECT_TRUE(ParseTimestamp(text, &t)) << text;
    return t;
  };
  const std::string post = kPost;
  const std::string flood = "Đường Lê Lợi ngập sâu sau mưa lớn, xe máy chết máy hàng loạt, người dân phải dắt bộ";
  auto line = [](const std::string& id, const std::string& source, const std::string& text, const std::string& time) {
    nlohmann::json j = {{"id", id}, {"source", source}, {"text", text}, {"published_at", time}, {"author", id}};
    return j.dump() + "\n";
  };
  Ingest(line("1", "fb", post, "2026-04-27T08:00:00+07:00") +
         line("2", "zalo", "Chia sẻ: " + post, "2026-04-27T08:30:00+07:00") +
         line("3", "fb", flood, "2026-04-28T09:00:00+07:00") +
         line("4", "fb", "NÓNG: " + flood, "2026-04-28T09:10:00+07:00") +
         line("5", "fb", "NÓNG: " + flood + " 😱", "2026-04-28T09:20:00+07:00") +
         line("6", "rss", "Giá rau tăng mạnh ở chợ Đông Ba sau đợt mưa kéo dài nhiều ngày liền", "2026-04-29T07:00:00+07:00"));
  const int64_t power = StoryOf("1"), water = StoryOf("3");
  ASSERT_GT(power, 0);
  ASSERT_NE(power, water);
  auto ids = [&](StoryListOptions lo) {
    std::vector<int64_t> out;
    auto list = ListStories(*store_, lo);
    EXPECT_TRUE(list.ok()) << list.status().message();
    if (list.ok())
      for (const auto& s : *list) out.push_back(s.story.id);
    return out;
  };
  StoryListOptions lo;
  lo.source = "zalo";
  EXPECT_EQ(ids(lo), (std::vector<int64_t>{power})) << "only the power cut has a member from zalo";
  lo = {};
  lo.min_size = 3;
  EXPECT_EQ(ids(lo), (std::vector<int64_t>{water}));
  lo = {};
  lo.until = At("2026-04-28T00:00:00+07:00");
  EXPECT_EQ(ids(lo), (std::vector<int64_t>{power})) << "first seen before the 28th";
  lo = {};
  lo.source = "fb";
  lo.since = At("2026-04-28T00:00:00+07:00");
  EXPECT_EQ(ids(lo), (std::vector<int64_t>{water})) << "a member from fb inside the period";
  // Pages of one story, by each sort, hold the whole list in order.
  for (StorySort sort : {StorySort::kRecent, StorySort::kSize, StorySort::kRising}) {
    StoryListOptions all;
    all.sort = sort;
    all.limit = 100;
    const auto whole = ids(all);
    ASSERT_EQ(whole.size(), 3u);
    std::vector<int64_t> paged;
    StoryListOptions page;
    page.sort = sort;
    page.limit = 1;
    StoryCursor next;
    page.next = &next;
    for (int i = 0; i < 10; ++i) {
      const auto got = ids(page);
      paged.insert(paged.end(), got.begin(), got.end());
      if (next.id == 0) break;
      page.after = next;
    }
    EXPECT_EQ(paged, whole) << static_cast<int>(sort);
  }
}

TEST_F(StoreTest, TwoIngestProcessesJoinEachOthersStoriesAndParents) {
  auto other = store::Store::Open(db_, {});
  ASSERT_TRUE(other.ok()) << other.status().message();
  auto obs_a = NewStoryObserver(*store_);
  auto obs_b = NewStoryObserver(**other);  // both loaded while the store is empty
  ASSERT_TRUE(obs_a.ok() && obs_b.ok());
  auto run = [&](store::Store& st, ingest::ItemObserver* obs, const std::string& jsonl) {
    ingest::IngestOptions opts;
    opts.format = ingest::Format::kJsonl;
    opts.observers.push_back(obs);
    auto r = ingest::IngestBuffer(st, *pseudo_, jsonl, "in.jsonl", opts, [](const ingest::Rejection& rj) {
      ADD_FAILURE() << rj.where << ": " << rj.reason;
    });
    ASSERT_TRUE(r.ok()) << r.status().message();
  };
  const std::string post = kPost;
  run(*store_, obs_a->get(), Line("1", post, "2026-04-27T08:00:00+07:00", "a"));
  run(**other, obs_b->get(), Line("2", "Chia sẻ: " + post, "2026-04-27T08:01:00+07:00", "b"));
  EXPECT_EQ(StoryOf("2"), StoryOf("1")) << "the second process joins the story the first one started";
  // A reply whose parent neither process has seen yet, then the parent
  // through the other process, then another reply through the first.
  run(*store_, obs_a->get(), Reply("r1", "p9", "cảm ơn ad", "2026-04-27T09:00:00+07:00", "c"));
  run(**other, obs_b->get(),
      Line("p9", "Đường Lê Lợi ngập sâu sau mưa lớn, xe máy chết máy hàng loạt", "2026-04-27T09:05:00+07:00", "d"));
  run(*store_, obs_a->get(), Reply("r2", "p9", "cảm ơn ad nhiều", "2026-04-27T09:10:00+07:00", "e"));
  EXPECT_EQ(StoryOf("r2"), StoryOf("p9")) << "the parent the other process stored is found";
  // A larger member through one process becomes the representative the
  // other one matches against.
  const std::string longer = post + " Điện lực khu vực sẽ thông báo ngay khi việc sửa chữa xong, dự kiến sớm hơn "
                                    "kế hoạch nếu thời tiết thuận lợi, và xin lỗi người dân vì sự bất tiện này.";
  run(**other, obs_b->get(), Line("3", longer, "2026-04-27T10:00:00+07:00", "f"));
  run(*store_, obs_a->get(), Line("4", "NÓNG: " + longer, "2026-04-27T10:05:00+07:00", "g"));
  EXPECT_EQ(StoryOf("3"), StoryOf("1"));
  EXPECT_EQ(StoryOf("4"), StoryOf("1"));
  auto story = store_->GetStory(StoryOf("1"), false);
  ASSERT_TRUE(story.ok() && story->has_value());
  EXPECT_EQ((*story)->size, 4) << "counters read from the store, not from either process's memory";
}

// A story another process deleted (its only member edited into something
// else) while this process's index still held it.
TEST_F(StoreTest, AStoryAnotherProcessDeletedIsNotJoined) {
  auto other = store::Store::Open(db_, {});
  ASSERT_TRUE(other.ok()) << other.status().message();
  auto obs_a = NewStoryObserver(*store_);
  auto obs_b = NewStoryObserver(**other);
  ASSERT_TRUE(obs_a.ok() && obs_b.ok());
  auto run = [&](store::Store& st, ingest::ItemObserver* obs, const std::string& jsonl) {
    ingest::IngestOptions opts;
    opts.format = ingest::Format::kJsonl;
    opts.observers.push_back(obs);
    auto r = ingest::IngestBuffer(st, *pseudo_, jsonl, "in.jsonl", opts, [](const ingest::Rejection& rj) {
      ADD_FAILURE() << rj.where << ": " << rj.reason;
    });
    ASSERT_TRUE(r.ok()) << r.status().message();
  };
  const std::string post = kPost;
  run(*store_, obs_a->get(),
      Line("1", post, "2026-04-27T08:00:00+07:00", "a") +
          Line("x", "Giá xăng tăng mạnh từ chiều nay, nhiều cây xăng trong thị xã xếp hàng dài đến tối",
               "2026-04-27T08:01:00+07:00", "c"));
  const int64_t first = StoryOf("1");
  run(**other, obs_b->get(),
      Line("1", "Đường Lê Lợi ngập sâu sau mưa lớn, xe máy chết máy hàng loạt, người dân phải dắt bộ về nhà",
           "2026-04-27T08:00:00+07:00", "a"));
  EXPECT_NE(StoryOf("1"), first);
  auto gone = store_->GetStory(first, false);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value()) << "its only member left it";
  run(*store_, obs_a->get(), Line("2", "Chia sẻ: " + post, "2026-04-27T09:00:00+07:00", "b"));
  const int64_t now = StoryOf("2");
  EXPECT_GT(now, 0);
  EXPECT_NE(now, first);
  auto story = store_->GetStory(now, false);
  ASSERT_TRUE(story.ok() && story->has_value());
  EXPECT_EQ((*story)->size, 1);
}

TEST_F(StoreTest, GenericShortRepliesFollowTheirParentNotEachOther) {
  const std::string flood = "Đường Lê Lợi ngập sâu sau mưa lớn, xe máy chết máy hàng loạt, người dân phải dắt bộ về nhà";
  Ingest(Line("p1", kPost, "2026-04-27T08:00:00+07:00", "a") +
         Line("p2", flood, "2026-04-27T08:05:00+07:00", "b") +
         Reply("c1", "p1", "Cảm ơn chị đã chia sẻ", "2026-04-27T08:10:00+07:00", "c") +
         Reply("c2", "p2", "Cảm ơn chị đã chia sẻ", "2026-04-27T08:11:00+07:00", "d") +
         Reply("c3", "c1", "cam on chi da chia se nha", "2026-04-27T08:12:00+07:00", "e") +
         Reply("c4", "nobody", "Cảm ơn chị đã chia sẻ", "2026-04-27T08:13:00+07:00", "f") +
         Reply("c5", "nobody-else", "Cảm ơn chị đã chia sẻ", "2026-04-27T08:14:00+07:00", "g"));
  const int64_t s1 = StoryOf("p1"), s2 = StoryOf("p2");
  ASSERT_NE(s1, s2);
  EXPECT_EQ(StoryOf("c1"), s1) << "a generic comment joins its post's story";
  EXPECT_EQ(StoryOf("c2"), s2) << "the same words under another post join that post's story";
  EXPECT_EQ(StoryOf("c3"), s1) << "a reply to a comment follows the comment's story";
  const int64_t s4 = StoryOf("c4"), s5 = StoryOf("c5");
  EXPECT_NE(s4, s1);
  EXPECT_NE(s4, s2);
  EXPECT_NE(s4, s5) << "replies to unknown parents start their own stories, never joined by text";
  // A new run: the parent is found in the store.
  Reopen();
  Ingest(Reply("c6", "p2", "Cảm ơn chị đã chia sẻ", "2026-04-27T09:00:00+07:00", "h"));
  EXPECT_EQ(StoryOf("c6"), s2);
  auto got = store_->GetStory(s2, /*with_counts=*/true);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->size, 3);
}

TEST_F(StoreTest, LongQuotingReplyStillJoinsTheQuotedPostByText) {
  const std::string flood = "Đường Lê Lợi ngập sâu sau mưa lớn, xe máy chết máy hàng loạt, người dân phải dắt bộ về nhà";
  Ingest(Line("p1", kPost, "2026-04-27T08:00:00+07:00", "a") +
         Line("p2", flood, "2026-04-27T08:05:00+07:00", "b") +
         Reply("c1", "p2",
               "Thật không thể tin được: \"Người dân chủ động sắp xếp công việc, tích trữ nước sinh hoạt và "
               "không đến gần khu vực sửa chữa\"",
               "2026-04-27T08:10:00+07:00", "c") +
         Reply("c2", "p2", std::string("Báo đăng rồi nè ") + kLink, "2026-04-27T08:11:00+07:00", "d"));
  EXPECT_EQ(StoryOf("c1"), StoryOf("p1")) << "a quote of the post joins it, whatever thread it is in";
  EXPECT_NE(StoryOf("p1"), StoryOf("p2"));
}

TEST_F(StoreTest, AnEditedItemLeavesAStoryItNoLongerMatches) {
  const std::string flood = "Đường Lê Lợi ngập sâu sau mưa lớn, xe máy chết máy hàng loạt, người dân phải dắt bộ về nhà";
  Ingest(Line("1", kPost, "2026-04-27T08:00:00+07:00", "a") + Line("2", flood, "2026-04-27T08:05:00+07:00", "b") +
         Line("3", "Chia sẻ: " + std::string(kPost), "2026-04-27T08:10:00+07:00", "c"));
  const int64_t s1 = StoryOf("1"), s2 = StoryOf("2");
  ASSERT_EQ(StoryOf("3"), s1);
  // A typo fixed: it stays.
  Ingest(Line("3", "Chia sẻ lại: " + std::string(kPost), "2026-04-27T08:10:00+07:00", "c"));
  EXPECT_EQ(StoryOf("3"), s1);
  // Edited into a repost of the other story: it moves, and the counts follow.
  Ingest(Line("3", "Chia sẻ: " + flood, "2026-04-27T08:10:00+07:00", "c"));
  EXPECT_EQ(StoryOf("3"), s2);
  auto a = store_->GetStory(s1, false);
  auto b = store_->GetStory(s2, false);
  ASSERT_TRUE(a.ok() && a->has_value() && b.ok() && b->has_value());
  EXPECT_EQ((*a)->size, 1);
  EXPECT_EQ((*b)->size, 2);
  // The only member of a story edited away: the story goes.
  Ingest(Line("1", "Chia sẻ nữa: " + flood, "2026-04-27T08:00:00+07:00", "a"));
  EXPECT_EQ(StoryOf("1"), s2);
  auto gone = store_->GetStory(s1, false);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

TEST_F(StoreTest, RebuildAssignsTheSameStoriesAndNeverReusesIds) {
  const std::string flood = "Đường Lê Lợi ngập sâu sau mưa lớn, xe máy chết máy hàng loạt, người dân phải dắt bộ về nhà";
  std::string data;
  for (int i = 0; i < 30; ++i) {
    char time[40];
    std::snprintf(time, sizeof time, "2026-04-%02dT%02d:00:00+07:00", 1 + i / 3, 8 + i % 3);
    data += Line("x" + std::to_string(i), (i % 2 ? text::FoldAccents(kPost) : flood + " lần " + std::to_string(i % 3)),
                 time, "a" + std::to_string(i));
  }
  Ingest(data);
  std::map<std::string, int64_t> before;
  for (int i = 0; i < 30; ++i) before["x" + std::to_string(i)] = StoryOf("x" + std::to_string(i));
  auto max_before = store_->MaxStoryId();
  ASSERT_TRUE(max_before.ok());
  RebuildOptions ro;
  int64_t last_progress = 0;
  auto rep = RebuildStories(*store_, ro, [&](int64_t done, int64_t total) {
    EXPECT_LE(done, total);
    last_progress = done;
  });
  ASSERT_TRUE(rep.ok()) << rep.status().message();
  EXPECT_EQ(rep->items, 30);
  EXPECT_EQ(rep->assigned, 30);
  EXPECT_EQ(last_progress, 30);
  // The same partition, under new ids.
  std::map<int64_t, int64_t> old_to_new;
  for (const auto& [id, old] : before) {
    const int64_t now = StoryOf(id);
    EXPECT_GT(now, *max_before) << "ids continue after the old ones";
    auto [it, fresh] = old_to_new.emplace(old, now);
    EXPECT_EQ(it->second, now) << id;
  }
  std::set<int64_t> distinct;
  for (const auto& [o, n] : old_to_new) distinct.insert(n);
  EXPECT_EQ(distinct.size(), old_to_new.size());
  EXPECT_EQ(rep->stories, static_cast<int64_t>(distinct.size()));
  // --continue with nothing left to do assigns nothing.
  ro.keep_existing = true;
  auto again = RebuildStories(*store_, ro, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->assigned, 0);
}

// A batch that fails is rolled back; the in-memory index must not keep the
// stories that batch created, or later items would join stories the store
// does not have.
class FailingObserver final : public ingest::ItemObserver {
 public:
  explicit FailingObserver(std::string fail_on) : fail_on_(std::move(fail_on)) {}
  Status OnItem(store::Store&, int64_t, const Item& item) override {
    return item.id == fail_on_ ? Status::Internal("refused " + item.id) : Status::Ok();
  }
  std::string fail_on_;
};

TEST_F(StoreTest, ARolledBackBatchLeavesTheIndexAsTheStoreIs) {
  auto obs = NewStoryObserver(*store_);
  ASSERT_TRUE(obs.ok());
  FailingObserver fail("boom");
  ingest::IngestOptions opts;
  opts.format = ingest::Format::kJsonl;
  opts.batch_size = 100;
  opts.observers = {obs->get(), &fail};
  auto r = ingest::IngestBuffer(*store_, *pseudo_,
                                Line("1", kPost, "2026-04-27T08:00:00+07:00", "a") +
                                    Line("boom", "anything", "2026-04-27T08:01:00+07:00", "b"),
                                "in.jsonl", opts, nullptr);
  ASSERT_FALSE(r.ok());
  // Same observer, next input: the repost must start a story in the store,
  // not "join" the rolled-back one.
  opts.observers = {obs->get()};
  auto r2 = ingest::IngestBuffer(*store_, *pseudo_, Line("2", text::FoldAccents(kPost), "2026-04-27T08:02:00+07:00", "c"),
                                 "in2.jsonl", opts, nullptr);
  ASSERT_TRUE(r2.ok()) << r2.status().message();
  const int64_t s = StoryOf("2");
  auto got = store_->GetStory(s, false);
  ASSERT_TRUE(got.ok() && got->has_value()) << "story " << s << " is in the store";
  EXPECT_EQ((*got)->size, 1);
}

TEST_F(StoreTest, TwoObserversOnOneStoreNeverShareAnId) {
  // Two ingest processes: each loaded the store before the other wrote.
  auto a = NewStoryObserver(*store_);
  ASSERT_TRUE(a.ok());
  auto other = store::Store::Open(db_, {});
  ASSERT_TRUE(other.ok());
  auto b = NewStoryObserver(**other);
  ASSERT_TRUE(b.ok());
  auto run = [&](store::Store& st, ingest::ItemObserver* o, const std::string& data) {
    ingest::IngestOptions opts;
    opts.format = ingest::Format::kJsonl;
    opts.observers = {o};
    auto r = ingest::IngestBuffer(st, *pseudo_, data, "in.jsonl", opts, nullptr);
    ASSERT_TRUE(r.ok()) << r.status().message();
  };
  const std::string flood = "Đường Lê Lợi ngập sâu sau mưa lớn, xe máy chết máy hàng loạt, người dân phải dắt bộ về nhà";
  run(*store_, a->get(), Line("1", kPost, "2026-04-27T08:00:00+07:00", "a"));
  run(**other, b->get(), Line("2", flood, "2026-04-27T08:01:00+07:00", "b"));
  run(*store_, a->get(), Line("3", "Chợ Đông Ba cháy lớn lúc nửa đêm, tiểu thương mất trắng hàng hóa", "2026-04-27T08:02:00+07:00", "c"));
  std::set<int64_t> ids = {StoryOf("1"), StoryOf("2"), StoryOf("3")};
  EXPECT_EQ(ids.size(), 3u);
}

TEST(Features, ShortRepliesCountContentSyllables) {
  Options o;
  EXPECT_TRUE(IsShortReply(ExtractFeatures("", "Cảm ơn chị đã chia sẻ", "", true), true, o));
  EXPECT_TRUE(IsShortReply(ExtractFeatures("", "bác sĩ ở đó tận tình mà", "", true), true, o));
  EXPECT_FALSE(IsShortReply(ExtractFeatures("", "Cảm ơn chị đã chia sẻ", "", true), false, o)) << "not a reply";
  EXPECT_FALSE(IsShortReply(ExtractFeatures("", std::string("Báo đăng rồi nè ") + kLink, "", true), true, o))
      << "a link key";
  EXPECT_FALSE(IsShortReply(ExtractFeatures("", kPost, "", true), true, o));
}

TEST_F(StoreTest, TrendsFlagABurstAndExplainIt) {
  std::string data;
  // A quiet baseline: one unrelated post a day.
  for (int d = 1; d <= 10; ++d) {
    char time[40];
    std::snprintf(time, sizeof time, "2026-04-%02dT10:00:00+07:00", d);
    data += Line("q" + std::to_string(d), "Tin thường ngày số " + std::to_string(d) + " về chợ phường Tây Lộc " +
                                              std::string(d % 2 ? "họp dân" : "sửa đường"),
                 time, "z" + std::to_string(d));
  }
  // 14 reposts from 11 voices in 3 hours.
  const std::string post = kPost;
  for (int i = 0; i < 14; ++i) {
    char time[40];
    std::snprintf(time, sizeof time, "2026-04-27T%02d:%02d:00+07:00", 8 + i / 5, (i % 5) * 10);
    data += Line("b" + std::to_string(i), (i % 2 ? text::FoldAccents(post) : post), time, "v" + std::to_string(i % 11));
  }
  Ingest(data);
  TrendOptions to;
  auto trends = ComputeTrends(*store_, to);
  ASSERT_TRUE(trends.ok()) << trends.status().message();
  ASSERT_FALSE(trends->empty());
  const Trend& t = trends->front();
  EXPECT_EQ(t.kind, "story");
  EXPECT_EQ(t.count, 14);
  EXPECT_EQ(t.voices, 11);
  EXPECT_NE(t.explanation.find("14 posts from 11 voices in 3 h"), std::string::npos) << t.explanation;
  EXPECT_GT(t.score, 5);
}

}  // namespace
}  // namespace vox::stories
