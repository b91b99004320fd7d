// ShortLinks against a real HTTP server on 127.0.0.1 (cpp-httplib) playing a
// link shortener: redirects, chains of short links, failures, HEAD refused.
#include "ingest/links.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "common/clock.h"
#include "ingest/html.h"

namespace vox::ingest {
namespace {

constexpr char kPage[] = R"(<!doctype html><html><head><title>Ngập sâu</title>
<script>var ads = "<p>quảng cáo không phải bài</p>";</script></head><body>
<header><p>Trang chủ | Thời sự | Kinh tế | Giáo dục</p></header>
<nav><p>Tin mới nhất hôm nay trên báo</p></nav>
<article class="detail">
<h1>Đường Lê Lợi ngập sâu sau mưa lớn</h1>
<p class="lead">Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường trung tâm ngập sâu.</p>
<figure><img src="a.jpg"><figcaption><p>Ảnh: người dân lội nước qua đường</p></figcaption></figure>
<p>Theo <b>UBND phường</b>, nước rút chậm do cống thoát nước bị rác bịt kín ở ba điểm.</p>
<p>Xem thêm</p>
<p>Lực lượng chức năng đã huy động 40 người khơi thông cống trong đêm.</p>
</article>
<aside><p>Bài liên quan: giá xăng tăng mạnh từ hôm nay</p></aside>
<footer><p>Bản quyền thuộc về tòa soạn báo điện tử</p></footer>
</body></html>)";

TEST(ArticleText, ParagraphsOfTheArticleWithoutThePagesChrome) {
  EXPECT_EQ(ArticleText(kPage),
            "Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường trung tâm ngập sâu.\n"
            "Theo UBND phường, nước rút chậm do cống thoát nước bị rác bịt kín ở ba điểm.\n"
            "Lực lượng chức năng đã huy động 40 người khơi thông cống trong đêm.");
  // No <article>: the page's paragraphs, chrome still left out.
  EXPECT_EQ(ArticleText("<body><nav><p>Trang chủ và chuyên mục</p></nav><div><p>Điện lực thông báo cắt điện "
                        "khu phố 3 ngày mai.</p></div></body>"),
            "Điện lực thông báo cắt điện khu phố 3 ngày mai.");
  EXPECT_EQ(ArticleText("not html at all"), "");
  const std::string big = "<p>" + std::string(100, 'x') + "</p><p>" + std::string(100, 'y') + "</p>";
  EXPECT_EQ(ArticleText(big, 150), std::string(100, 'x')) << "whole paragraphs up to max_bytes";
  EXPECT_EQ(ArticleText(big, 50), std::string(50, 'x')) << "a first paragraph longer than max_bytes is cut";
  std::string nested;
  for (int i = 0; i < 50000; ++i) nested += "<div>";
  nested += "<p>sâu trong năm mươi nghìn thẻ div lồng nhau</p>";
  EXPECT_EQ(ArticleText(nested), "sâu trong năm mươi nghìn thẻ div lồng nhau");
}

class ShortLinksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Get("/a1", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      res.set_redirect("https://baodiaphuong.vn/thoi-su/ngap-duong-le-loi.html?utm_source=fb", 301);
    });
    // A short link that leads to another short link, then to the page.
    server_.Get("/chain", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      res.set_redirect("http://127.0.0.1:" + std::to_string(port_) + "/a1", 302);
    });
    server_.Get("/gone", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      res.status = 404;
    });
    server_.Get("/self", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      res.set_redirect("http://127.0.0.1:" + std::to_string(port_) + "/self", 302);
    });
    // This server answers no HEAD request (404), as some shorteners refuse
    // HEAD: every link here is found by the GET asked after it.
    server_.Get("/nohead", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      res.set_redirect("https://baodiaphuong.vn/kinh-te/gia-dien.html", 302);
    });
    server_.Get("/js", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      res.set_redirect("javascript:alert(1)", 302);
    });
    server_.Get("/bai-viet.htm", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      res.set_content(kPage, "text/html; charset=utf-8");
    });
    server_.Get("/chuyen-trang.htm", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/bai-viet.htm", 301);
    });
    server_.Get("/anh.jpg", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string("\xFF\xD8\xFF\xE0", 4), "image/jpeg");
    });
    server_.Get("/lon.htm", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<p>" + std::string(3 << 20, 'a') + "</p>", "text/html");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

    dir_ = std::filesystem::temp_directory_path() /
           ("vox_links_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto st = store::Store::Open((dir_ / "vox.db").string(), {.clock = &clock_, .create = true});
    ASSERT_TRUE(st.ok()) << st.status().message();
    store_ = std::move(st).value();
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  LinkOptions Local() {
    LinkOptions o;
    o.fetch = true;
    o.allow_private = true;
    o.extra_hosts = {"127.0.0.1:" + std::to_string(port_)};
    o.timeout_seconds = 3;
    return o;
  }
  std::string Url(const char* path) { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> hits_{0};
  FixedClock clock_{1'790'000'000};
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(ShortLinksTest, KnowsTheShortenersByHost) {
  EXPECT_TRUE(IsShortLink("https://bit.ly/3xYz12"));
  EXPECT_TRUE(IsShortLink("http://www.TinyURL.com/abc"));
  EXPECT_TRUE(IsShortLink("https://shorten.asia/Qw3rTy"));
  EXPECT_FALSE(IsShortLink("https://baodiaphuong.vn/bit.ly/abc"));
  EXPECT_FALSE(IsShortLink("https://notbit.ly/abc"));
  EXPECT_TRUE(IsShortLink("bit.ly/abc")) << "typed without a scheme";
  EXPECT_TRUE(IsShortLink("http://127.0.0.1:8/x", {"127.0.0.1:8"}));
  EXPECT_FALSE(IsShortLink("http://127.0.0.1:9/x", {"127.0.0.1:8"}));
}

TEST_F(ShortLinksTest, FollowsRedirectsToThePageAndAsksOnce) {
  ShortLinks links(*store_, Local());
  EXPECT_EQ(links.Target(Url("/a1")), "https://baodiaphuong.vn/thoi-su/ngap-duong-le-loi.html?utm_source=fb");
  EXPECT_EQ(links.Target(Url("/a1")), "https://baodiaphuong.vn/thoi-su/ngap-duong-le-loi.html?utm_source=fb");
  EXPECT_EQ(hits_.load(), 1);
  EXPECT_EQ(links.asked(), 1);
  // A second process (or a rebuild) finds it in the store without asking.
  LinkOptions offline = Local();
  offline.fetch = false;
  ShortLinks later(*store_, offline);
  EXPECT_EQ(later.Target(Url("/a1")), "https://baodiaphuong.vn/thoi-su/ngap-duong-le-loi.html?utm_source=fb");
  EXPECT_EQ(hits_.load(), 1);
  EXPECT_EQ(later.Target(Url("/chain")), "") << "not known, and not asked when expansion is off";
  EXPECT_EQ(hits_.load(), 1);
}

TEST_F(ShortLinksTest, ChainsOfShortLinksLeadToThePage) {
  ShortLinks links(*store_, Local());
  EXPECT_EQ(links.Target(Url("/chain")), "https://baodiaphuong.vn/thoi-su/ngap-duong-le-loi.html?utm_source=fb");
  EXPECT_EQ(hits_.load(), 2);
  EXPECT_EQ(links.Target(Url("/nohead")), "https://baodiaphuong.vn/kinh-te/gia-dien.html");
}

TEST_F(ShortLinksTest, FailuresAreRememberedAndAskedAgainLater) {
  LinkOptions o = Local();
  o.max_hops = 3;
  ShortLinks links(*store_, o);
  EXPECT_EQ(links.Target(Url("/gone")), "");
  EXPECT_EQ(links.Target(Url("/self")), "") << "a loop ends after max_hops";
  EXPECT_EQ(links.Target(Url("/js")), "") << "only http(s) targets";
  EXPECT_EQ(links.failed(), 3);
  const int hits = hits_.load();
  ShortLinks again(*store_, o);
  EXPECT_EQ(again.Target(Url("/gone")), "");
  EXPECT_EQ(hits_.load(), hits) << "a failure is not asked again at once";
  clock_.Set(clock_.Now() + o.retry_seconds + 1);
  ShortLinks next_day(*store_, o);
  EXPECT_EQ(next_day.Target(Url("/gone")), "");
  EXPECT_GT(hits_.load(), hits) << "asked again after retry_seconds";
}

TEST_F(ShortLinksTest, RefusesPrivateAddressesUnlessAllowed) {
  LinkOptions o = Local();
  o.allow_private = false;
  ShortLinks links(*store_, o);
  EXPECT_EQ(links.Target(Url("/a1")), "");
  EXPECT_EQ(hits_.load(), 0) << "a link in a stranger's post never reaches the machine's own services";
  EXPECT_EQ(links.failed(), 1);
}

TEST_F(ShortLinksTest, SettingsTurnItOnAndNameBadValues) {
  auto o = LinkOptionsFromSettings(*store_);
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o->fetch) << "off unless the office turns it on";
  EXPECT_FALSE(o->allow_private);
  ASSERT_TRUE(store_->SetSetting("links.expand", "on").ok());
  ASSERT_TRUE(store_->SetSetting("links.shorteners", "go.example.vn, 127.0.0.1:81 HTTPS://Link.Tinh.gov.vn/").ok());
  o = LinkOptionsFromSettings(*store_);
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->fetch);
  EXPECT_EQ(o->extra_hosts, (std::vector<std::string>{"go.example.vn", "127.0.0.1:81", "link.tinh.gov.vn"}));
  ASSERT_TRUE(store_->SetSetting("links.expand", "maybe").ok());
  o = LinkOptionsFromSettings(*store_);
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("links.expand"), std::string::npos);
}

TEST_F(ShortLinksTest, ArticlePagesAreFetchedOnceAndKept) {
  LinkOptions o = Local();
  o.fetch_pages = true;
  LinkPages pages(*store_, o);
  Item article;
  article.kind = "article";
  article.url = Url("/chuyen-trang.htm");  // a redirect to the page
  const std::string text = pages.Text(article);
  EXPECT_NE(text.find("cống thoát nước bị rác bịt kín"), std::string::npos) << text;
  EXPECT_EQ(text.find("Bản quyền"), std::string::npos);
  EXPECT_EQ(pages.Text(article), text);
  EXPECT_EQ(hits_.load(), 1) << "kept in the store, fetched once";
  Item post = article;
  post.kind = "post";
  EXPECT_EQ(pages.Text(post), "") << "only articles";
  // Off: what the store has is still read; nothing is fetched.
  LinkOptions off = Local();
  LinkPages offline(*store_, off);
  EXPECT_EQ(offline.Text(article), text);
  article.url = Url("/bai-viet.htm?utm_source=x");
  EXPECT_EQ(offline.Text(article), "") << "a page never fetched";
}

TEST_F(ShortLinksTest, PagesThatAreNotPagesAreRefused) {
  LinkOptions o = Local();
  EXPECT_FALSE(FetchPage(Url("/anh.jpg"), o).ok()) << "an image is not a page";
  auto big = FetchPage(Url("/lon.htm"), o);
  ASSERT_FALSE(big.ok()) << "over 2 MiB";
  EXPECT_FALSE(FetchPage("file:///etc/passwd", o).ok());
  o.allow_private = false;
  EXPECT_FALSE(FetchPage(Url("/bai-viet.htm"), o).ok()) << "private addresses refused";
  EXPECT_EQ(hits_.load(), 0);
}

}  // namespace
}  // namespace vox::ingest
