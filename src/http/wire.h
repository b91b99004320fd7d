// HTTP/1.1 on the wire: the connection layer of `vox serve`.
//
// One I/O thread reads every connection without blocking (epoll) and hands a
// request to a worker only once it has arrived whole, so a slow or silent
// client costs a buffer and a descriptor, never a worker. What it promises
// (docs/api.md "Connections"):
//   - pipelined requests are answered in order, all of them;
//   - a request's head and body must arrive within `request_timeout_ms` of
//     its first byte (408 otherwise), an idle keep-alive connection is closed
//     after `idle_timeout_ms`, an answer that cannot be written within
//     `write_timeout_ms` closes the connection;
//   - at most `max_connections` connections, `max_per_client` of them from one
//     address; past either, a 503 and close;
//   - heads over `max_head_bytes` get 431, bodies over `max_body_bytes` 413
//     (from Content-Length before reading them), malformed requests 400,
//     a Transfer-Encoding other than chunked 501, Content-Length together
//     with Transfer-Encoding 400 (request smuggling); `Expect: 100-continue`
//     is answered;
//   - HEAD is answered by the GET route without a body; a path that exists
//     for other methods answers 405 with Allow.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace vox::http {

// Header fields, names compared without regard to case.
class Headers {
 public:
  bool has(std::string_view name) const;
  std::string get(std::string_view name) const;  // the first one, or ""
  void set(std::string name, std::string value);   // replaces every field of that name
  void add(std::string name, std::string value);
  void erase(std::string_view name);
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  std::string method;
  std::string target;   // as sent: path and query
  std::string path;     // percent-decoded
  std::string version;  // "HTTP/1.1" or "HTTP/1.0"
  Headers headers;
  std::multimap<std::string, std::string> params;  // the query's, decoded
  std::string body;
  std::smatch matches;  // the route's pattern against `path`
  std::string remote_addr;
  int remote_port = 0;

  bool has_header(std::string_view name) const { return headers.has(name); }
  std::string get_header_value(std::string_view name) const { return headers.get(name); }
  bool has_param(const std::string& name) const { return params.count(name) > 0; }
  std::string get_param_value(const std::string& name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // A stream (server-sent events): when set on a 200 answer to a GET, the
  // head goes out without a length and with `Connection: close`, `body` as
  // the first bytes, and the connection then leaves this server: `stream`
  // is given a descriptor of it (non-blocking, close-on-exec) to write the
  // rest to and close. The worker is free at once; the connection no longer
  // counts against max_connections, so whoever takes it bounds how many it
  // keeps.
  std::function<void(int fd)> stream;

  void set_header(std::string name, std::string value) { headers.set(std::move(name), std::move(value)); }
  void set_content(std::string content, std::string_view content_type);
  void set_content(const char* data, size_t size, std::string_view content_type);
};

using Handler = std::function<void(const Request&, Response&)>;

// How a request arrived in a buffer (ParseRequest).
enum class ParseState { kIncomplete, kComplete, kError };

struct ParseLimits {
  size_t max_head_bytes = 16 * 1024;
  size_t max_headers = 100;
  size_t max_body_bytes = 1 << 20;
  // A larger body for one route (method and path as sent, the query aside):
  // a form with a file. Every other request has max_body_bytes.
  struct RouteBody {
    std::string method, path;
    size_t bytes = 0;
  };
  std::vector<RouteBody> route_body_bytes;
  // The largest body any request may have.
  size_t LargestBody() const;
};

struct ParseResult {
  ParseState state = ParseState::kIncomplete;
  size_t consumed = 0;          // kComplete: the request's bytes, head and body
  bool head_complete = false;   // kIncomplete: the head has arrived, the body not yet
  bool expect_continue = false;  // the head asks for 100 Continue
  int error_code = 0;           // kError: the status to answer
  std::string error;            // kError: why, for the answer's body
};

// Parses the request at the start of `buf` into *out (filled when complete).
// Pure: the same bytes give the same answer, whatever was read before.
ParseResult ParseRequest(std::string_view buf, const ParseLimits& limits, Request* out);

// An application/x-www-form-urlencoded body (or a query) into fields;
// false on malformed percent-encoding.
bool ParseForm(std::string_view body, std::multimap<std::string, std::string>* out);

// Percent-decoding; false on a malformed escape or an encoded NUL.
bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out);

struct ServerOptions {
  int threads = 64;
  ParseLimits limits;
  int request_timeout_ms = 10000;
  int idle_timeout_ms = 5000;
  int write_timeout_ms = 5000;
  int max_connections = 4096;   // lowered to what the process's descriptor limit allows
  int max_per_client = 128;
  int max_requests_per_connection = 1000;
  Headers default_headers;      // on every answer, unless the handler removed or replaced them
};

class Server {
 public:
  explicit Server(ServerOptions opts);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void Get(const std::string& pattern, Handler h) { Route("GET", pattern, std::move(h)); }
  void Post(const std::string& pattern, Handler h) { Route("POST", pattern, std::move(h)); }
  void Put(const std::string& pattern, Handler h) { Route("PUT", pattern, std::move(h)); }
  void Patch(const std::string& pattern, Handler h) { Route("PATCH", pattern, std::move(h)); }
  void Delete(const std::string& pattern, Handler h) { Route("DELETE", pattern, std::move(h)); }
  // Runs before routing; returning true means it answered.
  void SetPreRouting(std::function<bool(Request&, Response&)> f) { pre_routing_ = std::move(f); }
  // Fills the body of an error answer a handler left empty.
  void SetErrorHandler(Handler h) { error_handler_ = std::move(h); }

  // Binds `host`:`port` (0: any free port); returns the port.
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop(); answers in flight are finished first.
  Status Listen();
  // Safe from any thread, and from a signal-waiting thread.
  void Stop();

  // Routes and answers one parsed request (what a worker does), for tests.
  void Dispatch(Request& req, Response& res) const;

 private:
  struct RouteEntry {
    std::string method;
    std::regex pattern;
  };
  void Route(const std::string& method, const std::string& pattern, Handler h);

  ServerOptions opts_;
  std::vector<std::pair<RouteEntry, Handler>> routes_;
  std::function<bool(Request&, Response&)> pre_routing_;
  Handler error_handler_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  struct Loop;
  std::unique_ptr<Loop> loop_;
};

// "200 OK": the reason phrase of a status.
const char* StatusReason(int status);

}  // namespace vox::http
