#include "http/server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/tcp.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "search/search.h"
#include "store/store.h"

// The page's files (assets/), compiled in by CMake (vox_embed_file).
extern const char vox_embed_index_html[];
extern const unsigned long vox_embed_index_html_size;
extern const char vox_embed_app_js[];
extern const unsigned long vox_embed_app_js_size;
extern const char vox_embed_app_css[];
extern const unsigned long vox_embed_app_css_size;

namespace vox::http {
namespace {

using json = nlohmann::json;

std::mutex g_mu;
httplib::Server* g_server = nullptr;  // GUARDED_BY(g_mu)

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void SendError(httplib::Response& res, int code, const std::string& msg) {
  res.status = code;
  res.set_content(Dump({{"error", msg}}), "application/json");
}

// One read-only store connection per server thread.
Result<store::Store*> ThreadStore(const std::string& db) {
  thread_local std::unique_ptr<store::Store> st;
  if (!st) {
    auto opened = store::Store::Open(db, {.read_only = true});
    if (!opened.ok()) return opened.status();
    st = std::move(opened).value();
  }
  return st.get();
}

bool ParseInt(const std::string& s, int64_t lo, int64_t hi, int64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v < lo || v > hi) return false;
  *out = v;
  return true;
}

// One place maps a Status to an HTTP code.
int HttpCode(const Status& st) {
  switch (st.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kLimitExceeded: return 422;
    case StatusCode::kUnsupported: return 501;
    case StatusCode::kIoError:
    case StatusCode::kCorruption:
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

void SendStatus(httplib::Response& res, const Status& st) { SendError(res, HttpCode(st), st.message()); }

std::string HostPart(const std::string& host_header) {
  if (!host_header.empty() && host_header.front() == '[') {
    const size_t close = host_header.find(']');
    return close == std::string::npos ? host_header : host_header.substr(0, close + 1);
  }
  const size_t colon = host_header.rfind(':');
  std::string h = colon == std::string::npos ? host_header : host_header.substr(0, colon);
  for (char& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return h;
}

// Answers computed from items, shared by every worker and kept while the
// store's content version (Store::ContentVersion) stays the same: the
// dashboard's repeated stats and searches cost a look-up, and nothing stale
// is ever served. Bounded: cleared when full.
class ResponseCache {
 public:
  std::optional<std::string> Get(const std::string& version, const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    if (version != version_) return std::nullopt;
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }
  void Put(const std::string& version, const std::string& key, const std::string& value) {
    std::lock_guard<std::mutex> lock(mu_);
    if (version != version_ || entries_.size() >= kMaxEntries) {
      entries_.clear();
      version_ = version;
    }
    entries_[key] = value;
  }

 private:
  static constexpr size_t kMaxEntries = 4096;
  std::mutex mu_;
  std::string version_;                                 // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::string> entries_;  // GUARDED_BY(mu_)
};

// Admission for searches: at most N at once, so that a burst of expensive
// queries leaves the other workers free.
class SearchSlots {
 public:
  explicit SearchSlots(int n) : free_(n) {}
  bool Acquire(std::chrono::milliseconds wait) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, wait, [&] { return free_ > 0; })) return false;
    --free_;
    return true;
  }
  void Release() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++free_;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;  // GUARDED_BY(mu_)
};


}  // namespace

bool IsLoopback(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  in_addr a{};
  return inet_pton(AF_INET, host.c_str(), &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

Status Serve(const ServeOptions& opts) {
  if (!IsLoopback(opts.host) && !opts.allow_remote) {
    return Status::InvalidArgument(
        "refusing to listen on " + opts.host + ": Vox has no accounts yet, so every endpoint would be open to "
        "anyone who reaches this address. Listen on 127.0.0.1 (behind a reverse proxy with authentication), "
        "or pass --allow-remote if this network is trusted");
  }
  httplib::Server server;
  const int threads = std::max(opts.threads, 4);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server.set_payload_max_length(1 << 20);
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_keep_alive_timeout(5);
  server.set_keep_alive_max_count(1000);
  server.set_socket_options([](socket_t sock) {
    int one = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  });
  server.set_default_headers({
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    SendError(res, 500, "internal error");
  });
  std::vector<std::string> hosts = {"localhost", "127.0.0.1", "[::1]"};
  hosts.push_back(opts.host.find(':') != std::string::npos ? "[" + opts.host + "]" : opts.host);
  for (const std::string& h : opts.allowed_hosts) hosts.push_back(HostPart(h));
  server.set_pre_routing_handler([hosts](const httplib::Request& req, httplib::Response& res) {
    const std::string host = HostPart(req.get_header_value("Host"));
    if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) {
      SendError(res, 421, "unknown Host '" + req.get_header_value("Host") +
                              "': this server answers only for its own names (serve --allow-host NAME)");
      return httplib::Server::HandlerResponse::Handled;
    }
    // Answers are small and made per request: a Range header is ignored
    // rather than multiplying one answer into hundreds of parts. The request
    // object is the library's own, mutable one, passed here as const.
    const_cast<httplib::Request&>(req).ranges.clear();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const std::string db = opts.db;
  auto slots = std::make_shared<SearchSlots>(std::max(opts.max_concurrent_searches, 1));
  const int64_t deadline_ms = opts.search_deadline_ms;

  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(vox_embed_index_html, vox_embed_index_html_size, "text/html; charset=utf-8");
  });
  server.Get("/app.js", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(vox_embed_app_js, vox_embed_app_js_size, "text/javascript; charset=utf-8");
  });
  server.Get("/app.css", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(vox_embed_app_css, vox_embed_app_css_size, "text/css; charset=utf-8");
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"ok\":true}", "application/json");
  });
  auto cache = std::make_shared<ResponseCache>();
  server.Get("/api/stats", [db, cache](const httplib::Request&, httplib::Response& res) {
    auto st = ThreadStore(db);
    if (!st.ok()) return SendError(res, 503, st.status().message());
    auto version = (*st)->ContentVersion();
    if (!version.ok()) return SendStatus(res, version.status());
    if (auto hit = cache->Get(*version, "stats")) return res.set_content(*hit, "application/json");
    auto s = (*st)->GetStats();
    if (!s.ok()) return SendStatus(res, s.status());
    json sources = json::array();
    for (const auto& src : s->sources) sources.push_back({{"name", src.name}, {"items", src.items}});
    json kinds = json::object();
    for (const auto& [k, n] : s->kinds) kinds[k] = n;
    const std::string body = Dump({{"items", s->items}, {"revisions", s->revisions}, {"voices", s->voices},
                                   {"sources", sources}, {"kinds", kinds}, {"schema_version", s->schema_version}});
    cache->Put(*version, "stats", body);
    res.set_content(body, "application/json");
  });
  server.Get("/api/search", [db, slots, deadline_ms, cache](const httplib::Request& req, httplib::Response& res) {
    std::string q = req.get_param_value("q");
    if (q.empty()) return SendError(res, 400, "missing parameter q");
    search::SearchOptions so;
    so.deadline_ms = deadline_ms;
    if (q.size() > so.limits.max_bytes) {
      return SendError(res, 422, "parameter q is " + std::to_string(q.size()) + " bytes, longer than the limit of " +
                                     std::to_string(so.limits.max_bytes));
    }
    if (req.has_param("limit") && !ParseInt(req.get_param_value("limit"), 1, 200, &so.limit)) {
      return SendError(res, 400, "parameter limit must be an integer from 1 to 200");
    }
    if (req.has_param("window") && !ParseInt(req.get_param_value("window"), 0, 100000, &so.window)) {
      return SendError(res, 400, "parameter window must be an integer from 0 to 100000");
    }
    so.source = req.get_param_value("source");
    so.kind = req.get_param_value("kind");
    auto st = ThreadStore(db);
    if (!st.ok()) return SendError(res, 503, st.status().message());
    auto version = (*st)->ContentVersion();
    if (!version.ok()) return SendStatus(res, version.status());
    const std::string key = "search\x1f" + q + "\x1f" + std::to_string(so.limit) + "\x1f" + std::to_string(so.window) +
                            "\x1f" + so.source + "\x1f" + so.kind;
    if (auto hit = cache->Get(*version, key)) return res.set_content(*hit, "application/json");
    if (!slots->Acquire(std::chrono::seconds(2))) {
      res.set_header("Retry-After", "1");
      return SendError(res, 503, "every search slot is busy; try again in a moment");
    }
    auto hits = search::Search(**st, q, so);
    slots->Release();
    if (!hits.ok()) return SendStatus(res, hits.status());
    json out = json::array();
    for (const auto& h : *hits) {
      out.push_back({{"id", h.id}, {"source", h.source}, {"score", h.score}, {"snippet", h.snippet}});
    }
    const std::string body = Dump(out);
    cache->Put(*version, key, body);
    res.set_content(body, "application/json");
  });
  server.Get("/api/items", [db](const httplib::Request& req, httplib::Response& res) {
    store::ItemQuery q;
    q.limit = 50;
    if (req.has_param("limit") && !ParseInt(req.get_param_value("limit"), 1, 1000, &q.limit)) {
      return SendError(res, 400, "parameter limit must be an integer from 1 to 1000");
    }
    q.source = req.get_param_value("source");
    q.kind = req.get_param_value("kind");
    q.newest_first = true;
    auto st = ThreadStore(db);
    if (!st.ok()) return SendError(res, 503, st.status().message());
    json out = json::array();
    Status s = (*st)->ForEachItem(q, [&](const store::StoredItem& si) {
      out.push_back({{"id", si.item.id}, {"source", si.item.source}, {"kind", si.item.kind},
                     {"title", si.item.title}, {"text", si.item.text}, {"url", si.item.url},
                     {"published_at", FormatTimestamp(si.item.published_at)}});
      return true;
    });
    if (!s.ok()) return SendStatus(res, s);
    res.set_content(Dump(out), "application/json");
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      res.set_content(Dump({{"error", "HTTP " + std::to_string(res.status)}}), "application/json");
    }
  });

  int port = opts.port;
  if (port == 0) {
    port = server.bind_to_any_port(opts.host);
    if (port < 0) return Status::IoError("cannot bind " + opts.host);
  } else if (!server.bind_to_port(opts.host, port)) {
    return Status::IoError("cannot listen on " + opts.host + ":" + std::to_string(port) +
                           " (in use? pass --listen HOST:PORT)");
  }
  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_server = &server;
  }
  if (opts.on_listening) opts.on_listening(port);
  bool ok = server.listen_after_bind();
  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_server = nullptr;
  }
  return ok ? Status::Ok() : Status::IoError("server stopped with an error");
}

void Stop() {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_server) g_server->stop();
}

}  // namespace vox::http
