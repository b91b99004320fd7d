#include "http/wire.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace vox::http {

size_t ParseLimits::LargestBody() const {
  size_t n = max_body_bytes;
  for (const RouteBody& r : route_body_bytes) n = std::max(n, r.bytes);
  return n;
}
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// RFC 9110 token characters (method and field names).
bool IsTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A header value or name as it may be written: no CR, LF or NUL.
std::string Clean(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; }), s.end());
  return s;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

ParseResult Error(int code, std::string why) {
  ParseResult r;
  r.state = ParseState::kError;
  r.error_code = code;
  r.error = std::move(why);
  return r;
}

// The next line of `buf` from `pos`: its end (before CR LF or LF) and where
// the following line starts; false when no LF has arrived yet.
bool NextLine(std::string_view buf, size_t pos, size_t* end, size_t* next) {
  const size_t lf = buf.find('\n', pos);
  if (lf == std::string_view::npos) return false;
  *next = lf + 1;
  *end = (lf > pos && buf[lf - 1] == '\r') ? lf - 1 : lf;
  return true;
}

bool ParseQuery(std::string_view query, std::multimap<std::string, std::string>* out) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string key, value;
    if (!PercentDecode(pair.substr(0, eq), true, &key)) return false;
    if (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), true, &value)) return false;
    out->emplace(std::move(key), std::move(value));
  }
  return true;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

bool Headers::has(std::string_view name) const {
  return std::any_of(fields_.begin(), fields_.end(), [&](const auto& f) { return IEquals(f.first, name); });
}

std::string Headers::get(std::string_view name) const {
  for (const auto& f : fields_) {
    if (IEquals(f.first, name)) return f.second;
  }
  return "";
}

void Headers::set(std::string name, std::string value) {
  erase(name);
  add(std::move(name), std::move(value));
}

void Headers::add(std::string name, std::string value) { fields_.emplace_back(Clean(std::move(name)), Clean(std::move(value))); }

void Headers::erase(std::string_view name) {
  fields_.erase(std::remove_if(fields_.begin(), fields_.end(), [&](const auto& f) { return IEquals(f.first, name); }),
                fields_.end());
}

std::string Request::get_param_value(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

void Response::set_content(std::string content, std::string_view content_type) {
  body = std::move(content);
  headers.set("Content-Type", std::string(content_type));
}

void Response::set_content(const char* data, size_t size, std::string_view content_type) {
  set_content(std::string(data, size), content_type);
}

bool ParseForm(std::string_view body, std::multimap<std::string, std::string>* out) { return ParseQuery(body, out); }

bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = HexValue(in[i + 1]);
      const int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      const char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return false;
      out->push_back(decoded);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

ParseResult ParseRequest(std::string_view buf, const ParseLimits& limits, Request* out) {
  // Empty lines before a request line are ignored (RFC 9112 2.2).
  size_t pos = 0;
  while (pos < buf.size() && (buf[pos] == '\r' || buf[pos] == '\n') && pos < 8) ++pos;
  // The head: request line, fields, an empty line.
  size_t end = 0, next = 0;
  if (!NextLine(buf, pos, &end, &next)) {
    if (buf.size() > limits.max_head_bytes) return Error(431, "the request head is over " + std::to_string(limits.max_head_bytes) + " bytes");
    return {};
  }
  const std::string_view line = buf.substr(pos, end - pos);
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return Error(400, "malformed request line");
  }
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (method.empty() || method.size() > 16 || !std::all_of(method.begin(), method.end(), [](char c) {
        return IsTokenChar(static_cast<unsigned char>(c));
      })) {
    return Error(400, "malformed request method");
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    if (version.rfind("HTTP/", 0) == 0) return Error(505, "only HTTP/1.1 and HTTP/1.0 are served");
    return Error(400, "malformed request line");
  }
  if (target.empty() || target.front() != '/' || std::any_of(target.begin(), target.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
      })) {
    return Error(400, "the request target must be a path starting with /");
  }
  size_t max_body = limits.max_body_bytes;
  const std::string_view target_path = target.substr(0, target.find('?'));
  for (const ParseLimits::RouteBody& r : limits.route_body_bytes) {
    if (r.method == method && r.path == target_path) max_body = std::max(max_body, r.bytes);
  }
  Request req;
  size_t content_length = 0;
  bool has_length = false, chunked = false;
  size_t fields = 0;
  pos = next;
  for (;;) {
    if (!NextLine(buf, pos, &end, &next)) {
      if (buf.size() > limits.max_head_bytes) return Error(431, "the request head is over " + std::to_string(limits.max_head_bytes) + " bytes");
      return {};
    }
    if (next > limits.max_head_bytes) return Error(431, "the request head is over " + std::to_string(limits.max_head_bytes) + " bytes");
    const std::string_view field = buf.substr(pos, end - pos);
    pos = next;
    if (field.empty()) break;
    if (++fields > limits.max_headers) return Error(431, "more than " + std::to_string(limits.max_headers) + " header fields");
    if (field.front() == ' ' || field.front() == '\t') return Error(400, "folded header lines are not accepted");
    const size_t colon = field.find(':');
    if (colon == std::string_view::npos || colon == 0) return Error(400, "malformed header field");
    const std::string_view name = field.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), [](char c) { return IsTokenChar(static_cast<unsigned char>(c)); })) {
      return Error(400, "malformed header field name");
    }
    const std::string_view value = Trim(field.substr(colon + 1));
    if (std::any_of(value.begin(), value.end(), [](char c) { return c == '\0' || c == '\r'; })) {
      return Error(400, "malformed value of header " + std::string(name));
    }
    if (IEquals(name, "Content-Length")) {
      if (value.empty() || value.size() > 18 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Error(400, "Content-Length must be a number");
      }
      const size_t n = std::stoull(std::string(value));
      if (has_length && n != content_length) return Error(400, "two different Content-Length fields");
      content_length = n;
      has_length = true;
    } else if (IEquals(name, "Transfer-Encoding")) {
      if (!IEquals(value, "chunked")) return Error(501, "only the chunked transfer coding is accepted");
      chunked = true;
    }
    req.headers.add(std::string(name), std::string(value));
  }
  if (chunked && has_length) return Error(400, "Content-Length together with Transfer-Encoding is not accepted");
  const size_t head_end = pos;
  ParseResult result;
  result.head_complete = true;
  result.expect_continue = IEquals(req.headers.get("Expect"), "100-continue");
  if (has_length) {
    if (content_length > max_body) {
      return Error(413, "the body is over " + std::to_string(max_body) + " bytes");
    }
    if (buf.size() - head_end < content_length) return result;
    req.body.assign(buf.substr(head_end, content_length));
    result.consumed = head_end + content_length;
  } else if (chunked) {
    size_t p = head_end;
    for (;;) {
      if (!NextLine(buf, p, &end, &next)) {
        if (buf.size() - p > 1024) return Error(400, "malformed chunk size");
        return result;
      }
      std::string_view size_line = buf.substr(p, end - p);
      size_line = Trim(size_line.substr(0, size_line.find(';')));
      if (size_line.empty() || size_line.size() > 8) return Error(400, "malformed chunk size");
      size_t size = 0;
      for (char c : size_line) {
        const int h = HexValue(c);
        if (h < 0) return Error(400, "malformed chunk size");
        size = size * 16 + static_cast<size_t>(h);
      }
      p = next;
      if (size == 0) {
        // Trailer fields, then an empty line; their content is not used.
        for (;;) {
          if (!NextLine(buf, p, &end, &next)) {
            if (buf.size() - p > 8192) return Error(431, "the trailer fields are over 8192 bytes");
            return result;
          }
          const bool empty = end == p;
          p = next;
          if (empty) break;
        }
        break;
      }
      if (req.body.size() + size > max_body) {
        return Error(413, "the body is over " + std::to_string(max_body) + " bytes");
      }
      if (buf.size() - p < size + 1) return result;
      req.body.append(buf.substr(p, size));
      p += size;
      if (buf[p] == '\n') {
        p += 1;
      } else if (buf[p] == '\r') {
        if (p + 1 >= buf.size()) return result;
        if (buf[p + 1] != '\n') return Error(400, "malformed chunk");
        p += 2;
      } else {
        return Error(400, "malformed chunk");
      }
    }
    result.consumed = p;
  } else {
    result.consumed = head_end;
  }
  const size_t q = target.find('?');
  if (!PercentDecode(target.substr(0, q), false, &req.path)) return Error(400, "malformed percent-encoding in the path");
  if (q != std::string_view::npos && !ParseQuery(target.substr(q + 1), &req.params)) {
    return Error(400, "malformed percent-encoding in the query");
  }
  req.method.assign(method);
  req.target.assign(target);
  req.version.assign(version);
  *out = std::move(req);
  result.state = ParseState::kComplete;
  result.head_complete = true;
  return result;
}

const char* StatusReason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
  }
}

namespace {

std::string Serialize(const Response& res, bool keep_alive, bool head, bool stream = false) {
  const bool no_body = res.status == 204 || res.status == 304 || (res.status >= 100 && res.status < 200);
  std::string out;
  out.reserve(res.body.size() + 512);
  out += "HTTP/1.1 ";
  out += std::to_string(res.status);
  out += ' ';
  out += StatusReason(res.status);
  out += "\r\n";
  for (const auto& [name, value] : res.headers.fields()) {
    if (IEquals(name, "Content-Length") || IEquals(name, "Connection") || IEquals(name, "Transfer-Encoding")) continue;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!no_body && !stream) {
    out += "Content-Length: ";
    out += std::to_string(res.body.size());
    out += "\r\n";
  }
  out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  if (!head && !no_body) out += res.body;
  return out;
}

// An error answer the I/O thread writes itself (malformed or timed-out
// requests, connections over the caps): JSON, then the connection closes.
std::string ErrorAnswer(const Headers& defaults, int code, const std::string& why) {
  Response res;
  res.headers = defaults;
  res.status = code;
  std::string body = "{\"error\":\"";
  for (char c : why) {
    if (c == '"' || c == '\\') body += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) body += c;
  }
  body += "\"}";
  res.set_content(std::move(body), "application/json");
  return Serialize(res, false, false);
}

// Writes all of `data` to a non-blocking socket within `timeout_ms`.
bool WriteAll(int fd, std::string_view data, int timeout_ms) {
  const int64_t deadline = NowMs() + timeout_ms;
  while (!data.empty()) {
    const ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      const int64_t left = deadline - NowMs();
      if (left <= 0) return false;
      pollfd p{fd, POLLOUT, 0};
      if (poll(&p, 1, static_cast<int>(left)) < 0 && errno != EINTR) return false;
      continue;
    }
    return false;
  }
  return true;
}

bool KeepAlive(const Request& req) {
  const std::string conn = req.get_header_value("Connection");
  auto has = [&](std::string_view word) {
    size_t start = 0;
    while (start <= conn.size()) {
      const size_t comma = conn.find(',', start);
      const std::string_view part = Trim(std::string_view(conn).substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (IEquals(part, word)) return true;
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return false;
  };
  if (req.version == "HTTP/1.0") return has("keep-alive");
  return !has("close");
}

constexpr uint64_t kListenId = 0;
constexpr uint64_t kWakeId = 1;

struct Conn {
  int fd = -1;
  uint64_t id = 0;
  std::string peer;
  int peer_port = 0;
  std::string in;
  int64_t request_start = 0;  // when the pending request's first byte arrived; 0: none pending
  int64_t last_active = 0;
  bool busy = false;           // a worker owns it
  bool continue_sent = false;  // 100 Continue answered for the pending request
  // The first whole request, as the I/O thread parsed it (the worker takes
  // it rather than parsing the same bytes again); `ready_bytes` 0: none.
  Request ready;
  size_t ready_bytes = 0;
  int served = 0;
  // After an error answer: what the client still sends is read and dropped
  // until it stops or `drain_until`, so that it reads the answer instead of
  // a reset (a lingering close).
  bool draining = false;
  int64_t drain_until = 0;
  size_t drained = 0;
  bool handed_over = false;  // a stream took the connection (Response::stream): close our descriptor
};

}  // namespace

// A worker thread's slot: the idle ones wait on their own condition, and the
// one that went idle last is woken first, so the threads that serve stay few
// and warm (each keeps its own store connection and caches).
struct IdleWorker {
  std::condition_variable cv;
  std::shared_ptr<Conn> task;  // GUARDED_BY(Loop::mu)
};

struct Server::Loop {
  int epfd = -1;
  uint64_t next_id = 2;
  int max_connections = 0;
  std::unordered_map<uint64_t, std::shared_ptr<Conn>> conns;  // I/O thread only
  std::unordered_map<std::string, int> per_client;            // I/O thread only
  std::mutex mu;
  std::vector<std::unique_ptr<IdleWorker>> slots;
  std::vector<IdleWorker*> idle;                                // GUARDED_BY(mu): a stack
  std::deque<std::shared_ptr<Conn>> work;                      // GUARDED_BY(mu): none idle
  void Dispatch(std::shared_ptr<Conn> c) {
    std::lock_guard<std::mutex> lock(mu);
    if (idle.empty()) {
      work.push_back(std::move(c));
      return;
    }
    IdleWorker* w = idle.back();
    idle.pop_back();
    w->task = std::move(c);
    w->cv.notify_one();
  }
  std::vector<std::pair<std::shared_ptr<Conn>, bool>> done;   // GUARDED_BY(mu)
  bool closing = false;                                        // GUARDED_BY(mu)
  std::vector<std::thread> workers;
};

Server::Server(ServerOptions opts) : opts_(std::move(opts)) {}

Server::~Server() {
  if (listen_fd_ >= 0) close(listen_fd_);
  if (wake_fd_ >= 0) close(wake_fd_);
}

void Server::Route(const std::string& method, const std::string& pattern, Handler h) {
  routes_.push_back({RouteEntry{method, std::regex(pattern)}, std::move(h)});
}

void Server::Dispatch(Request& req, Response& res) const {
  try {
    if (!pre_routing_ || !pre_routing_(req, res)) {
      const std::string method = req.method == "HEAD" ? "GET" : req.method;
      bool answered = false;
      std::string allow;
      for (const auto& [route, handler] : routes_) {
        std::smatch m;
        if (!std::regex_match(req.path, m, route.pattern)) continue;
        if (route.method == method) {
          req.matches = std::move(m);
          handler(req, res);
          answered = true;
          break;
        }
        if (allow.find(route.method) == std::string::npos) allow += (allow.empty() ? "" : ", ") + route.method;
      }
      if (!answered) {
        if (allow.empty()) {
          res.status = 404;
        } else {
          res.status = 405;
          res.set_header("Allow", allow);
        }
      }
    }
  } catch (...) {
    Response fresh;
    fresh.headers = opts_.default_headers;
    fresh.status = 500;
    fresh.set_content("{\"error\":\"internal error\"}", "application/json");
    res = std::move(fresh);
  }
  if (res.status >= 400 && res.body.empty() && error_handler_) error_handler_(req, res);
}

Result<int> Server::Bind(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  std::string h = host;
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  addrinfo* res = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(h.c_str(), service.c_str(), &hints, &res); rc != 0) {
    return Status::IoError("cannot resolve " + host + ": " + gai_strerror(rc));
  }
  int fd = -1;
  std::string why = "no address";
  for (addrinfo* a = res; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (a->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
      why = std::strerror(errno);
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(res);
  if (fd < 0) return Status::IoError("cannot listen on " + host + ":" + std::to_string(port) + ": " + why);
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int bound = addr.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                                               : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = fd;
  return bound;
}

void Server::Stop() {
  stopping_.store(true);
  if (wake_fd_ >= 0) {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = write(wake_fd_, &one, sizeof one);
  }
}

Status Server::Listen() {
  if (listen_fd_ < 0) return Status::Internal("Listen before Bind");
  // As many connections as the descriptor limit allows, less a margin for
  // the store's files.
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
  }
  loop_ = std::make_unique<Loop>();
  Loop& L = *loop_;
  L.max_connections = std::max(8, std::min<int>(opts_.max_connections, static_cast<int>(rl.rlim_cur) - 256));
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  L.epfd = epoll_create1(EPOLL_CLOEXEC);
  if (wake_fd_ < 0 || L.epfd < 0) return Status::IoError(std::string("epoll: ") + std::strerror(errno));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenId;
  epoll_ctl(L.epfd, EPOLL_CTL_ADD, listen_fd_, &ev);
  ev.data.u64 = kWakeId;
  epoll_ctl(L.epfd, EPOLL_CTL_ADD, wake_fd_, &ev);
  if (stopping_.load()) {
    // Stop() came before the wake descriptor existed.
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = write(wake_fd_, &one, sizeof one);
  }

  auto wake = [this] {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = write(wake_fd_, &one, sizeof one);
  };
  auto close_conn = [&L](const std::shared_ptr<Conn>& c) {
    close(c->fd);
    if (auto it = L.per_client.find(c->peer); it != L.per_client.end() && --it->second <= 0) L.per_client.erase(it);
    L.conns.erase(c->id);
  };
  auto arm = [&L](const Conn& c) {
    epoll_event e{};
    e.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    e.data.u64 = c.id;
    epoll_ctl(L.epfd, EPOLL_CTL_MOD, c.fd, &e);
  };
  // Over a cap at accept: the answer, then close at once.
  auto refuse = [&](const std::shared_ptr<Conn>& c, const std::string& why) {
    const std::string answer = ErrorAnswer(opts_.default_headers, 503, why);
    [[maybe_unused]] ssize_t n = send(c->fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    shutdown(c->fd, SHUT_WR);
    close_conn(c);
  };
  auto send_and_close = [&](const std::shared_ptr<Conn>& c, int code, const std::string& why) {
    const std::string answer = ErrorAnswer(opts_.default_headers, code, why);
    [[maybe_unused]] ssize_t n = send(c->fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    shutdown(c->fd, SHUT_WR);
    c->draining = true;
    c->drain_until = NowMs() + 2000;
    c->in.clear();
    c->request_start = 0;
    arm(*c);
  };
  // What has arrived on a connection the I/O thread owns: a whole request
  // goes to a worker, a malformed one is answered, a partial one waits.
  auto advance = [&](const std::shared_ptr<Conn>& c, bool eof) {
    if (c->in.empty()) {
      c->request_start = 0;
      if (eof) return close_conn(c);
      return arm(*c);
    }
    const ParseResult p = ParseRequest(c->in, opts_.limits, &c->ready);
    if (p.state == ParseState::kError) return send_and_close(c, p.error_code, p.error);
    if (p.state == ParseState::kComplete) {
      c->ready_bytes = p.consumed;
      c->busy = true;
      L.Dispatch(c);
      return;
    }
    if (eof) return close_conn(c);
    if (p.head_complete && p.expect_continue && !c->continue_sent) {
      static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
      [[maybe_unused]] ssize_t n = send(c->fd, kContinue, sizeof kContinue - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      c->continue_sent = true;
    }
    arm(*c);
  };

  // Workers: answer every whole request in the connection's buffer
  // (pipelining), then give the connection back.
  const size_t threads = static_cast<size_t>(std::max(opts_.threads, 1));
  for (size_t i = 0; i < threads; ++i) {
    L.slots.push_back(std::make_unique<IdleWorker>());
    L.workers.emplace_back([this, &L, &wake, self = L.slots.back().get()] {
      for (;;) {
        std::shared_ptr<Conn> c;
        {
          std::unique_lock<std::mutex> lock(L.mu);
          if (!self->task && L.work.empty() && !L.closing) {
            L.idle.push_back(self);
            self->cv.wait(lock, [&] { return self->task || L.closing; });
            if (!self->task) L.idle.erase(std::find(L.idle.begin(), L.idle.end(), self));
          }
          if (self->task) {
            c = std::move(self->task);
          } else if (!L.work.empty()) {
            c = std::move(L.work.front());
            L.work.pop_front();
          } else {
            return;  // closing
          }
        }
        bool keep = true;
        for (;;) {
          Request req;
          ParseResult p;
          if (c->ready_bytes != 0) {  // parsed by the I/O thread
            req = std::move(c->ready);
            p.state = ParseState::kComplete;
            p.consumed = c->ready_bytes;
            c->ready = Request();
            c->ready_bytes = 0;
          } else {
            p = ParseRequest(c->in, opts_.limits, &req);
          }
          if (p.state == ParseState::kIncomplete) break;
          if (p.state == ParseState::kError) {
            WriteAll(c->fd, ErrorAnswer(opts_.default_headers, p.error_code, p.error), opts_.write_timeout_ms);
            keep = false;
            break;
          }
          c->in.erase(0, p.consumed);
          c->continue_sent = false;
          req.remote_addr = c->peer;
          req.remote_port = c->peer_port;
          Response res;
          res.headers = opts_.default_headers;
          Dispatch(req, res);
          ++c->served;
          if (res.stream && res.status == 200 && req.method == "GET") {
            // The head and the first bytes, then the connection is the stream's.
            keep = false;
            if (WriteAll(c->fd, Serialize(res, false, false, true), opts_.write_timeout_ms)) {
              const int fd = fcntl(c->fd, F_DUPFD_CLOEXEC, 0);
              if (fd >= 0) {
                epoll_ctl(L.epfd, EPOLL_CTL_DEL, c->fd, nullptr);
                c->handed_over = true;
                res.stream(fd);
              }
            }
            break;
          }
          keep = KeepAlive(req) && c->served < opts_.max_requests_per_connection && !stopping_.load();
          if (!WriteAll(c->fd, Serialize(res, keep, req.method == "HEAD"), opts_.write_timeout_ms)) keep = false;
          if (!keep) break;
        }
        if (!keep && !c->handed_over) shutdown(c->fd, SHUT_WR);
        {
          std::lock_guard<std::mutex> lock(L.mu);
          L.done.emplace_back(std::move(c), keep);
        }
        wake();
      }
    });
  }

  auto accept_all = [&] {
    for (;;) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      const int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        return;  // EAGAIN, or out of descriptors until one closes
      }
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      char host[INET6_ADDRSTRLEN] = {0};
      int port = 0;
      if (addr.ss_family == AF_INET6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        port = ntohs(a->sin6_port);
      } else {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        port = ntohs(a->sin_port);
      }
      auto c = std::make_shared<Conn>();
      c->fd = fd;
      c->id = L.next_id++;
      c->peer = host;
      c->peer_port = port;
      c->last_active = NowMs();
      L.conns[c->id] = c;
      int& mine = L.per_client[c->peer];
      ++mine;
      if (static_cast<int>(L.conns.size()) > L.max_connections) {
        refuse(c, "the server has too many connections open; try again in a moment");
        continue;
      }
      if (mine > opts_.max_per_client) {
        refuse(c, "too many connections from this address (at most " +
                                   std::to_string(opts_.max_per_client) + ")");
        continue;
      }
      epoll_event e{};
      e.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
      e.data.u64 = c->id;
      epoll_ctl(L.epfd, EPOLL_CTL_ADD, fd, &e);
    }
  };

  auto read_conn = [&](const std::shared_ptr<Conn>& c) {
    if (c->draining) {
      char sink[16384];
      for (;;) {
        const ssize_t n = recv(c->fd, sink, sizeof sink, 0);
        if (n > 0 && (c->drained += static_cast<size_t>(n)) < (16u << 20)) continue;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return arm(*c);
        return close_conn(c);  // the client is done, or sent too much
      }
    }
    const size_t cap = opts_.limits.max_head_bytes + 2 * opts_.limits.LargestBody() + 65536;
    bool eof = false;
    const bool was_empty = c->in.empty();
    char buf[16384];
    for (;;) {
      const ssize_t n = recv(c->fd, buf, sizeof buf, 0);
      if (n > 0) {
        c->in.append(buf, static_cast<size_t>(n));
        if (c->in.size() > cap) return send_and_close(c, 413, "the request is too large");
        continue;
      }
      if (n == 0) {
        eof = true;
        break;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      return close_conn(c);
    }
    const int64_t now = NowMs();
    c->last_active = now;
    if (was_empty && !c->in.empty()) c->request_start = now;
    advance(c, eof);
  };

  auto take_done = [&] {
    std::vector<std::pair<std::shared_ptr<Conn>, bool>> done;
    {
      std::lock_guard<std::mutex> lock(L.mu);
      done.swap(L.done);
    }
    const int64_t now = NowMs();
    for (auto& [c, keep] : done) {
      c->busy = false;
      if (stopping_.load() || c->handed_over) {
        close_conn(c);
        continue;
      }
      if (!keep) {  // the worker has shut its side: read what still comes, then close
        c->draining = true;
        c->drain_until = now + 2000;
        c->in.clear();
        arm(*c);
        continue;
      }
      c->last_active = now;
      c->request_start = c->in.empty() ? 0 : now;
      advance(c, false);
    }
  };

  auto sweep = [&] {
    const int64_t now = NowMs();
    std::vector<std::shared_ptr<Conn>> late, idle;
    for (const auto& [id, c] : L.conns) {
      if (c->busy) continue;
      if (c->draining) {
        if (now > c->drain_until) idle.push_back(c);
        continue;
      }
      if (c->request_start != 0 && now - c->request_start > opts_.request_timeout_ms) late.push_back(c);
      else if (c->in.empty() && now - c->last_active > opts_.idle_timeout_ms) idle.push_back(c);
    }
    for (const auto& c : late) {
      send_and_close(c, 408, "the request did not arrive within " + std::to_string(opts_.request_timeout_ms / 1000) + " s");
    }
    for (const auto& c : idle) close_conn(c);
  };

  epoll_event events[256];
  int64_t last_sweep = NowMs();
  while (!stopping_.load()) {
    const int n = epoll_wait(L.epfd, events, 256, 100);
    for (int i = 0; i < n; ++i) {
      const uint64_t id = events[i].data.u64;
      if (id == kListenId) {
        accept_all();
      } else if (id == kWakeId) {
        uint64_t v = 0;
        [[maybe_unused]] ssize_t r = read(wake_fd_, &v, sizeof v);
      } else if (auto it = L.conns.find(id); it != L.conns.end() && !it->second->busy) {
        read_conn(it->second);
      }
    }
    take_done();
    if (NowMs() - last_sweep >= 100) {
      sweep();
      last_sweep = NowMs();
    }
  }

  // Stopping: no new connections; idle ones close now, answers in flight finish.
  close(listen_fd_);
  listen_fd_ = -1;
  for (;;) {
    take_done();
    std::vector<std::shared_ptr<Conn>> idle;
    bool busy = false;
    for (const auto& [id, c] : L.conns) {
      if (c->busy) busy = true;
      else idle.push_back(c);
    }
    for (const auto& c : idle) close_conn(c);
    if (!busy) break;
    pollfd p{wake_fd_, POLLIN, 0};
    poll(&p, 1, 100);
    uint64_t v = 0;
    [[maybe_unused]] ssize_t r = read(wake_fd_, &v, sizeof v);
  }
  {
    std::lock_guard<std::mutex> lock(L.mu);
    L.closing = true;
    for (auto& w : L.slots) w->cv.notify_one();
  }
  for (auto& t : L.workers) t.join();
  close(L.epfd);
  loop_.reset();
  return Status::Ok();
}

}  // namespace vox::http
