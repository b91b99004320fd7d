// FetchUrl against a real HTTP server on 127.0.0.1 (cpp-httplib), started
// per test on a free port.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
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
    // Three pieces; the second only once the client has read the first
    // (or after 5 s): a client that buffers the whole body never sees the
    // first piece before the second is sent.
    // application/octet-stream: not compressed by the server (a gzip stream
    // holds its output back), so what is written is what is sent.
    server_.Get("/paced", [this](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/octet-stream", [this](size_t, httplib::DataSink& sink) {
        const std::string first(100 << 10, 'a');
        if (!sink.write(first.data(), first.size())) return false;
        {
          std::unique_lock<std::mutex> lock(mu_);
          read_first_in_time_ = cv_.wait_for(lock, std::chrono::seconds(5), [this] { return read_first_; });
        }
        const std::string second(3 << 20, 'b');
        if (!sink.write(second.data(), second.size())) return false;
        if (!sink.write("end", 3)) return false;
        sink.done();
        return true;
      });
    });
    // 64 KiB, a pause, then 4 MiB more: over a 1 MiB limit only after the
    // body has started.
    server_.Get("/big-later", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/octet-stream", [](size_t, httplib::DataSink& sink) {
        const std::string chunk(64 << 10, 'z');
        if (!sink.write(chunk.data(), chunk.size())) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
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

  void SayFirstRead() {
    std::lock_guard<std::mutex> lock(mu_);
    read_first_ = true;
    cv_.notify_all();
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  bool read_first_ = false;          // guarded by mu_
  bool read_first_in_time_ = false;  // guarded by mu_
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

// OpenUrl hands the body on as it arrives: the first piece is read while
// the server still holds back the rest, and the whole body comes through.
TEST_F(FetchTest, OpenUrlHandsTheBodyOnAsItArrives) {
  auto body = OpenUrl(Url("/paced"));
  ASSERT_TRUE(body.ok()) << body.status().message();
  std::istream& in = (*body)->stream();
  std::string first(100 << 10, '\0');
  ASSERT_TRUE(in.read(first.data(), static_cast<std::streamsize>(first.size())));
  EXPECT_EQ(first, std::string(100 << 10, 'a'));
  SayFirstRead();
  std::string rest;
  char buf[4096];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) rest.append(buf, static_cast<size_t>(in.gcount()));
  EXPECT_FALSE(in.bad());
  EXPECT_TRUE((*body)->status().ok()) << (*body)->status().message();
  EXPECT_EQ(rest.size(), (3u << 20) + 3);
  EXPECT_EQ(rest.substr(rest.size() - 3), "end");
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_TRUE(read_first_in_time_);
}

// The total timeout counts the time spent waiting for the network, not the
// reader's own time between reads.
TEST_F(FetchTest, ReaderTimeIsNotTheTransfersTime) {
  FetchOptions opts;
  opts.total_timeout_s = 1;
  auto body = OpenUrl(Url("/big-later"), opts);
  ASSERT_TRUE(body.ok()) << body.status().message();
  std::istream& in = (*body)->stream();
  size_t got = 0;
  char buf[256 << 10];
  for (int i = 0; in.read(buf, sizeof buf) || in.gcount() > 0; ++i) {
    got += static_cast<size_t>(in.gcount());
    if (i < 3) std::this_thread::sleep_for(std::chrono::milliseconds(500));  // 1.5 s of "ingest"
  }
  EXPECT_TRUE((*body)->status().ok()) << (*body)->status().message();
  EXPECT_EQ(got, 65u * (64 << 10));
}

// Errors known before the body: at OpenUrl, with FetchUrl's messages; the
// size limit passed while reading: the read fails and status() says why.
TEST_F(FetchTest, OpenUrlErrors) {
  auto missing = OpenUrl(Url("/missing"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("HTTP status 404"), std::string::npos);
  FetchOptions small;
  small.max_bytes = 1 << 20;
  auto declared = OpenUrl(Url("/big"), small);
  ASSERT_FALSE(declared.ok());
  EXPECT_NE(declared.status().message().find("larger than the limit of 1048576 bytes"), std::string::npos);
  auto chunked = OpenUrl(Url("/big-later"), small);
  ASSERT_TRUE(chunked.ok()) << chunked.status().message();
  std::istream& in = (*chunked)->stream();
  size_t got = 0;
  char buf[64 << 10];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) got += static_cast<size_t>(in.gcount());
  EXPECT_TRUE(in.bad());
  EXPECT_LE(got, 1u << 20);
  EXPECT_NE((*chunked)->status().message().find("larger than the limit of 1048576 bytes"), std::string::npos)
      << (*chunked)->status().message();
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
