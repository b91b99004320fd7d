// FetchUrl against a real HTTP server on 127.0.0.1 (cpp-httplib), started
// per test on a free port.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <thread>

#include "ingest/reader.h"

namespace vox::ingest {
namespace {

class FetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Get("/feed.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<rss><channel></channel></rss>", "application/rss+xml");
    });
    server_.Get("/moved", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/feed.xml");
    });
    server_.Get(R"(/loop/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      res.set_redirect("/loop/" + std::to_string(std::stoi(req.matches[1]) + 1));
    });
    server_.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content("nope", "text/plain");
    });
    server_.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2500));
      res.set_content("late", "text/plain");
    });
    server_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(2 << 20, 'x'), "text/plain");
    });
    server_.Get("/big-chunked", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/plain", [](size_t, httplib::DataSink& sink) {
        const std::string chunk(64 << 10, 'y');
        for (int i = 0; i < 64; ++i) {
          if (!sink.write(chunk.data(), chunk.size())) return false;
        }
        sink.done();
        return true;
      });
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(FetchTest, FetchesBody) {
  auto r = FetchUrl(Url("/feed.xml"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, "<rss><channel></channel></rss>");
}

TEST_F(FetchTest, FollowsRedirects) {
  auto r = FetchUrl(Url("/moved"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, "<rss><channel></channel></rss>");
}

TEST_F(FetchTest, StopsAfterFiveRedirects) {
  auto r = FetchUrl(Url("/loop/0"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("redirect"), std::string::npos) << r.status().message();
}

TEST_F(FetchTest, Non2xxIsAnErrorWithStatus) {
  auto r = FetchUrl(Url("/missing"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  EXPECT_NE(r.status().message().find("404"), std::string::npos);
}

TEST_F(FetchTest, TotalTimeout) {
  FetchOptions opts;
  opts.total_timeout_s = 1;
  const auto start = std::chrono::steady_clock::now();
  auto r = FetchUrl(Url("/slow"), opts);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("timed out"), std::string::npos) << r.status().message();
  EXPECT_LT(elapsed, std::chrono::milliseconds(2400));
}

TEST_F(FetchTest, OverSizeWithContentLength) {
  FetchOptions opts;
  opts.max_bytes = 1 << 20;
  auto r = FetchUrl(Url("/big"), opts);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("larger than the limit of 1048576 bytes"),
            std::string::npos)
      << r.status().message();
}

TEST_F(FetchTest, OverSizeChunked) {
  FetchOptions opts;
  opts.max_bytes = 1 << 20;
  auto r = FetchUrl(Url("/big-chunked"), opts);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("larger than the limit"), std::string::npos)
      << r.status().message();
}

TEST(Fetch, RejectsOtherSchemes) {
  for (const char* url : {"file:///etc/passwd", "ftp://example.org/x", "gopher://x", "feed.xml"}) {
    auto r = FetchUrl(url);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << url;
  }
}

TEST(Fetch, ConnectionRefused) {
  FetchOptions opts;
  opts.connect_timeout_s = 2;
  opts.total_timeout_s = 5;
  auto r = FetchUrl("http://127.0.0.1:1/", opts);  // nothing listens on port 1
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace vox::ingest
