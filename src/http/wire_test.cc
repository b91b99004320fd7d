#include "http/wire.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <vector>
#include <stdexcept>
#include <string>
#include <thread>

namespace vox::http {
namespace {

ParseResult Parse(std::string_view raw, Request* req, ParseLimits limits = {}) { return ParseRequest(raw, limits, req); }

TEST(ParseRequestTest, ReadsMethodPathQueryAndHeaders) {
  Request req;
  const std::string raw = "GET /api/search?q=gi%E1%BA%A3i+ph%C3%B3ng&limit=5&flag HTTP/1.1\r\nHost: x\r\nX-A:  b \r\n\r\n";
  const ParseResult p = Parse(raw, &req);
  ASSERT_EQ(p.state, ParseState::kComplete);
  EXPECT_EQ(p.consumed, raw.size());
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.path, "/api/search");
  EXPECT_EQ(req.get_param_value("q"), "giải phóng");
  EXPECT_EQ(req.get_param_value("limit"), "5");
  EXPECT_TRUE(req.has_param("flag"));
  EXPECT_EQ(req.get_header_value("host"), "x");
  EXPECT_EQ(req.get_header_value("X-A"), "b");
}

TEST(ParseRequestTest, WaitsForTheHeadAndTheBody) {
  Request req;
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\nHost: x\r\n", &req).state, ParseState::kIncomplete);
  const ParseResult p = Parse("POST /p HTTP/1.1\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\nabc", &req);
  EXPECT_EQ(p.state, ParseState::kIncomplete);
  EXPECT_TRUE(p.head_complete);
  EXPECT_TRUE(p.expect_continue);
}

TEST(ParseRequestTest, SeparatesPipelinedRequests) {
  const std::string first = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz";
  const std::string raw = first + "GET /b HTTP/1.1\r\n\r\n";
  Request req;
  const ParseResult p = Parse(raw, &req);
  ASSERT_EQ(p.state, ParseState::kComplete);
  EXPECT_EQ(p.consumed, first.size());
  EXPECT_EQ(req.body, "xyz");
  ASSERT_EQ(Parse(std::string_view(raw).substr(p.consumed), &req).state, ParseState::kComplete);
  EXPECT_EQ(req.path, "/b");
}

TEST(ParseRequestTest, DecodesChunkedBodies) {
  Request req;
  const std::string raw = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\nT: v\r\n\r\n";
  const ParseResult p = Parse(raw, &req);
  ASSERT_EQ(p.state, ParseState::kComplete);
  EXPECT_EQ(req.body, "Wikipedia");
  EXPECT_EQ(p.consumed, raw.size());
  EXPECT_EQ(Parse(raw.substr(0, raw.size() - 3), &req).state, ParseState::kIncomplete);
}

TEST(ParseRequestTest, ARouteMayTakeALargerBody) {
  ParseLimits lim;
  lim.max_body_bytes = 8;
  lim.route_body_bytes.push_back({"POST", "/form", 16});
  EXPECT_EQ(lim.LargestBody(), 16u);
  Request req;
  const std::string body(12, 'x');
  auto with = [&](const std::string& line) { return line + "\r\nContent-Length: 12\r\n\r\n" + body; };
  EXPECT_EQ(ParseRequest(with("POST /form HTTP/1.1"), lim, &req).state, ParseState::kComplete);
  EXPECT_EQ(ParseRequest(with("POST /form?x=1 HTTP/1.1"), lim, &req).state, ParseState::kComplete);
  EXPECT_EQ(ParseRequest(with("POST /other HTTP/1.1"), lim, &req).error_code, 413);
  EXPECT_EQ(ParseRequest(with("PUT /form HTTP/1.1"), lim, &req).error_code, 413);
  EXPECT_EQ(ParseRequest("POST /form HTTP/1.1\r\nContent-Length: 17\r\n\r\n", lim, &req).error_code, 413);
}

TEST(ParseRequestTest, RefusesWhatItMustWithTheRightStatus) {
  Request req;
  ParseLimits small;
  small.max_head_bytes = 96;
  small.max_body_bytes = 8;
  struct Case {
    std::string raw;
    int code;
  };
  const Case cases[] = {
      {"GET / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", 400},  // smuggling
      {"GET / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
      {"GET / HTTP/1.1\r\nContent-Length: 9\r\n\r\n", 413},
      {"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nX: " + std::string(100, 'a') + "\r\n\r\n", 431},
      {std::string(100, 'a'), 431},
      {"GET / HTTP/2.0\r\n\r\n", 505},
      {"GET / FOO\r\n\r\n", 400},
      {"GET  / HTTP/1.1\r\n\r\n", 400},
      {"GET http://x/ HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nBad Name: b\r\n\r\n", 400},
      {"GET /%zz HTTP/1.1\r\n\r\n", 400},
      {"GET /a%00b HTTP/1.1\r\n\r\n", 400},
      {"GET /?q=%e HTTP/1.1\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n123456789\r\n", 413},
      {"G\x01T / HTTP/1.1\r\n\r\n", 400},
  };
  for (const Case& c : cases) {
    const ParseResult p = Parse(c.raw, &req, small);
    EXPECT_EQ(p.state, ParseState::kError) << c.raw;
    EXPECT_EQ(p.error_code, c.code) << c.raw;
    EXPECT_FALSE(p.error.empty());
  }
}

// A client on a raw socket.
class Client {
 public:
  explicit Client(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect");
  }
  ~Client() { close(fd_); }
  void Send(std::string_view s) {
    while (!s.empty()) {
      const ssize_t n = send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      s.remove_prefix(static_cast<size_t>(n));
    }
  }
  // One answer: status, and the body by Content-Length; -1 when the
  // connection closed first.
  int Read(std::string* body = nullptr, std::string* head_out = nullptr, bool no_body = false) {
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return -1;
    }
    const std::string head = buf_.substr(0, end);
    size_t length = 0;
    const size_t cl = head.find("Content-Length: ");
    if (cl != std::string::npos && !no_body) length = std::stoul(head.substr(cl + 16));
    while (buf_.size() < end + 4 + length) {
      if (!Fill()) return -1;
    }
    if (body) *body = buf_.substr(end + 4, length);
    if (head_out) *head_out = head;
    buf_.erase(0, end + 4 + length);
    return std::stoi(head.substr(9, 3));
  }
  bool Closed() {
    char c;
    return recv(fd_, &c, 1, 0) == 0;
  }
  int fd() const { return fd_; }

 private:
  bool Fill() {
    char tmp[4096];
    const ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }
  int fd_;
  std::string buf_;
};

class WireServerTest : public ::testing::Test {
 protected:
  void Start(ServerOptions opts = {}) {
    opts.threads = 4;
    opts.default_headers.add("X-Default", "1");
    server_ = std::make_unique<Server>(std::move(opts));
    server_->Get("/echo", [](const Request& req, Response& res) {
      res.set_content(req.get_param_value("q"), "text/plain");
    });
    server_->Post("/echo", [](const Request& req, Response& res) { res.set_content(req.body, "text/plain"); });
    server_->Get(R"(/n/(\d+))", [](const Request& req, Response& res) { res.set_content(req.matches[1].str(), "text/plain"); });
    server_->Get("/throw", [](const Request&, Response&) { throw std::runtime_error("boom"); });
    server_->Get("/slow", [](const Request&, Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      res.set_content("done", "text/plain");
    });
    server_->SetErrorHandler([](const Request&, Response& res) { res.set_content("{\"error\":\"x\"}", "application/json"); });
    auto port = server_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok());
    port_ = *port;
    thread_ = std::thread([this] { ASSERT_TRUE(server_->Listen().ok()); });
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(WireServerTest, AnswersEveryPipelinedRequestInOrder) {
  Start();
  Client c(port_);
  c.Send("GET /echo?q=1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\ntwoGET /n/3 HTTP/1.1\r\n\r\n");
  std::string body;
  ASSERT_EQ(c.Read(&body), 200);
  EXPECT_EQ(body, "1");
  ASSERT_EQ(c.Read(&body), 200);
  EXPECT_EQ(body, "two");
  ASSERT_EQ(c.Read(&body), 200);
  EXPECT_EQ(body, "3");
  // The connection stays open for the next one.
  c.Send("GET /echo?q=4 HTTP/1.1\r\n\r\n");
  ASSERT_EQ(c.Read(&body), 200);
  EXPECT_EQ(body, "4");
}

TEST_F(WireServerTest, AnswersExpectContinueAndChunkedBodies) {
  Start();
  Client c(port_);
  c.Send("POST /echo HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  ASSERT_EQ(c.Read(), 100);
  c.Send("hello");
  std::string body;
  ASSERT_EQ(c.Read(&body), 200);
  EXPECT_EQ(body, "hello");
  c.Send("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  ASSERT_EQ(c.Read(&body), 200);
  EXPECT_EQ(body, "abc");
}

TEST_F(WireServerTest, HeadMethodsErrorsAndDefaultHeaders) {
  Start();
  Client c(port_);
  std::string body, head;
  c.Send("HEAD /echo?q=abc HTTP/1.1\r\n\r\n");
  ASSERT_EQ(c.Read(&body, &head, /*no_body=*/true), 200);
  EXPECT_EQ(body, "");
  EXPECT_NE(head.find("Content-Length: 3"), std::string::npos);
  EXPECT_NE(head.find("X-Default: 1"), std::string::npos);
  Client c2(port_);
  c2.Send("DELETE /echo HTTP/1.1\r\n\r\n");
  ASSERT_EQ(c2.Read(&body, &head), 405);
  EXPECT_NE(head.find("Allow: GET, POST"), std::string::npos);
  EXPECT_EQ(body, "{\"error\":\"x\"}");
  c2.Send("GET /nowhere HTTP/1.1\r\n\r\n");
  EXPECT_EQ(c2.Read(&body), 404);
  c2.Send("GET /throw HTTP/1.1\r\n\r\n");
  ASSERT_EQ(c2.Read(&body), 500);
  EXPECT_NE(body.find("internal error"), std::string::npos);
  c2.Send("GET /a%zz HTTP/1.1\r\n\r\n");
  EXPECT_EQ(c2.Read(&body), 400);
  EXPECT_TRUE(c2.Closed());
}

TEST_F(WireServerTest, ClosesWhenAskedAndForHttp10) {
  Start();
  Client c(port_);
  std::string head;
  c.Send("GET /echo HTTP/1.1\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(c.Read(nullptr, &head), 200);
  EXPECT_NE(head.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(c.Closed());
  Client c10(port_);
  c10.Send("GET /echo HTTP/1.0\r\n\r\n");
  ASSERT_EQ(c10.Read(), 200);
  EXPECT_TRUE(c10.Closed());
}

TEST_F(WireServerTest, ASlowClientGets408AndDoesNotHoldOthersUp) {
  ServerOptions opts;
  opts.request_timeout_ms = 400;
  Start(opts);
  std::vector<std::unique_ptr<Client>> slow;
  for (int i = 0; i < 8; ++i) {
    slow.push_back(std::make_unique<Client>(port_));
    slow.back()->Send("GET /echo HTTP/1.1\r\nX-Trickle: 1\r\n");
  }
  // Four workers, eight slow clients: a whole request is still answered at once.
  Client fast(port_);
  const auto t0 = std::chrono::steady_clock::now();
  fast.Send("GET /echo?q=ok HTTP/1.1\r\n\r\n");
  std::string body;
  ASSERT_EQ(fast.Read(&body), 200);
  EXPECT_EQ(body, "ok");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(300));
  for (auto& s : slow) {
    s->Send("X-More: 1\r\n");  // still no end of the head
    EXPECT_EQ(s->Read(&body), 408);
    EXPECT_NE(body.find("did not arrive"), std::string::npos);
  }
}

TEST_F(WireServerTest, ClosesIdleConnections) {
  ServerOptions opts;
  opts.idle_timeout_ms = 200;
  Start(opts);
  Client c(port_);
  c.Send("GET /echo HTTP/1.1\r\n\r\n");
  ASSERT_EQ(c.Read(), 200);
  EXPECT_TRUE(c.Closed());  // within the client's 5 s receive timeout
}

TEST_F(WireServerTest, CapsConnectionsPerClient) {
  ServerOptions opts;
  opts.max_per_client = 3;
  Start(opts);
  std::vector<std::unique_ptr<Client>> held;
  for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<Client>(port_));
  for (auto& h : held) {  // all three are served
    h->Send("GET /echo?q=x HTTP/1.1\r\n\r\n");
    EXPECT_EQ(h->Read(), 200);
  }
  Client over(port_);
  std::string body;
  EXPECT_EQ(over.Read(&body), 503);
  EXPECT_NE(body.find("too many connections from this address"), std::string::npos);
  held.pop_back();  // one closes: a new one is served again
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  Client again(port_);
  again.Send("GET /echo?q=y HTTP/1.1\r\n\r\n");
  EXPECT_EQ(again.Read(&body), 200);
}

TEST_F(WireServerTest, StopFinishesAnswersInFlight) {
  Start();
  Client idle(port_);
  idle.Send("GET /echo HTTP/1.1\r\n");  // never finishes
  Client busy(port_);
  busy.Send("GET /slow HTTP/1.1\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto t0 = std::chrono::steady_clock::now();
  server_->Stop();
  std::string body;
  ASSERT_EQ(busy.Read(&body), 200);
  EXPECT_EQ(body, "done");
  thread_.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
  EXPECT_TRUE(idle.Closed());
}

// A stream (Response::stream) takes the connection: the head has no length,
// the first bytes follow, the taker writes the rest on its own descriptor
// after the worker has gone back to serving, and the server's Stop does not
// wait for it. With one worker, a held stream still leaves it free.
TEST_F(WireServerTest, AStreamTakesItsConnectionAndNoWorker) {
  ServerOptions opts;
  opts.threads = 1;
  server_ = std::make_unique<Server>(std::move(opts));
  std::mutex mu;
  std::vector<int> taken;
  server_->Get("/stream", [&](const Request&, Response& res) {
    res.set_header("Content-Type", "text/event-stream");
    res.body = "retry: 1000\n\n";
    res.stream = [&](int fd) {
      std::lock_guard<std::mutex> lock(mu);
      taken.push_back(fd);
    };
  });
  server_->Get("/echo", [](const Request& req, Response& res) { res.set_content(req.get_param_value("q"), "text/plain"); });
  auto port = server_->Bind("127.0.0.1", 0);
  ASSERT_TRUE(port.ok());
  port_ = *port;
  thread_ = std::thread([this] { ASSERT_TRUE(server_->Listen().ok()); });
  Client watcher(port_);
  watcher.Send("GET /stream HTTP/1.1\r\nHost: a\r\n\r\n");
  std::string body;
  int fd = -1;
  for (int i = 0; i < 100 && fd < 0; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!taken.empty()) fd = taken[0];
    }
    if (fd < 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_GE(fd, 0) << "the stream was given the connection";
  // The one worker serves others while the stream is held.
  Client other(port_);
  other.Send("GET /echo?q=free HTTP/1.1\r\n\r\n");
  ASSERT_EQ(other.Read(&body), 200);
  EXPECT_EQ(body, "free");
  // What the taker writes reaches the client, after the first bytes.
  const std::string event = "event: x\ndata: 1\n\n";
  ASSERT_EQ(send(fd, event.data(), event.size(), MSG_NOSIGNAL), static_cast<ssize_t>(event.size()));
  std::string got;
  char buf[256];
  while (got.find("data: 1") == std::string::npos) {
    const ssize_t n = recv(watcher.fd(), buf, sizeof buf, 0);
    ASSERT_GT(n, 0);
    got.append(buf, static_cast<size_t>(n));
  }
  const size_t end = got.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos) << got;
  const std::string head = got.substr(0, end);
  EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  EXPECT_NE(head.find("Connection: close"), std::string::npos) << head;
  EXPECT_EQ(got.substr(end + 4), "retry: 1000\n\n" + event);
  // Stop does not wait for the stream; closing it ends the client's read.
  server_->Stop();
  thread_.join();
  close(fd);
  EXPECT_TRUE(watcher.Closed());
}

}  // namespace
}  // namespace vox::http
