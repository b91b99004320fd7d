#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/time.h"
#include "http/http_internal.h"
#include "ingest/reader.h"
#include "ocr/ocr.h"
#include "query/query.h"
#include "search/search.h"
#include "stories/stories.h"
#include "store/store.h"

// The page's files (assets/), compiled in by CMake (vox_embed_file).
extern const char vox_embed_index_html[];
extern const unsigned long vox_embed_index_html_size;
extern const char vox_embed_app_js[];
extern const unsigned long vox_embed_app_js_size;
extern const char vox_embed_app_css[];
extern const unsigned long vox_embed_app_css_size;
extern const char vox_embed_openapi_json[];
extern const unsigned long vox_embed_openapi_json_size;

namespace vox::http {
namespace {

using json = nlohmann::json;

std::mutex g_mu;
Server* g_server = nullptr;  // GUARDED_BY(g_mu)

using query::Dump;
using internal::SendError;
using internal::SendStatus;


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

  // One computation per answer at a time: Claim is true for the request that
  // computes (it calls Release when done, answer kept or not); a request that
  // finds the same answer being computed waits for it (Wait) and looks in the
  // cache again, so a burst of identical first requests costs one
  // computation, not one per worker.
  bool Claim(const std::string& version, const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    return computing_.insert(version + '\x1e' + key).second;
  }
  void Release(const std::string& version, const std::string& key) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      computing_.erase(version + '\x1e' + key);
    }
    done_.notify_all();
  }
  void Wait(const std::string& version, const std::string& key, std::chrono::milliseconds at_most) {
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait_for(lock, at_most, [&] { return computing_.count(version + '\x1e' + key) == 0; });
  }

 private:
  static constexpr size_t kMaxEntries = 4096;
  std::mutex mu_;
  std::condition_variable done_;                          // a computation ended
  std::string version_;                                   // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::string> entries_;  // GUARDED_BY(mu_)
  std::unordered_set<std::string> computing_;             // GUARDED_BY(mu_)
};

// Searches and whole-store scans run here, on `n` threads of their own at a
// lower scheduling priority (nice +10), never on a worker: the worker waits
// for the answer, and while every search thread is busy the kernel still
// gives the workers (and the I/O thread) the CPU first, so that /healthz and
// cheap reads stay fast whatever the searches cost. A task that no search
// thread has taken within `wait` is withdrawn (the caller answers 503).
class SearchPool {
 public:
  explicit SearchPool(int n) {
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { Loop(); });
  }
  ~SearchPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  SearchPool(const SearchPool&) = delete;
  SearchPool& operator=(const SearchPool&) = delete;

  // Runs `fn` on a search thread and returns once it has run; false, with
  // `fn` not run, when no thread was free within `wait`.
  bool Run(const std::function<void()>& fn, std::chrono::milliseconds wait) {
    Task task{&fn};
    std::unique_lock<std::mutex> lock(mu_);
    queue_.push_back(&task);
    cv_.notify_one();
    if (!done_cv_.wait_for(lock, wait, [&] { return task.state != Task::kQueued; })) {
      queue_.erase(std::find(queue_.begin(), queue_.end(), &task));
      return false;
    }
    done_cv_.wait(lock, [&] { return task.state == Task::kDone; });
    return true;
  }

 private:
  struct Task {
    const std::function<void()>* fn;
    enum { kQueued, kRunning, kDone } state = kQueued;
  };
  void Loop() {
    // Linux gives each thread its own nice value (setpriority on its id).
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      Task* task = queue_.front();
      queue_.pop_front();
      task->state = Task::kRunning;
      done_cv_.notify_all();
      lock.unlock();
      (*task->fn)();
      lock.lock();
      task->state = Task::kDone;
      done_cv_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;       // a task was queued, or stopping
  std::condition_variable done_cv_;  // a task started or finished
  std::deque<Task*> queue_;          // GUARDED_BY(mu_)
  bool stopping_ = false;            // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};


// What every route shares: the store's URI, the search threads, the cache.
struct Context {
  std::string db;
  bool require_login = false;               // the read API needs a session or token
  const internal::DeskContext* desk = nullptr;
  std::shared_ptr<SearchPool> searches;
  std::shared_ptr<ResponseCache> cache;
  int64_t search_deadline_ms;
};

// A JSON answer: the value, or its Status as an error (HttpCode).
void Reply(Response& res, const Result<json>& answer) {
  if (!answer.ok()) return SendStatus(res, answer.status());
  res.set_content(Dump(*answer), "application/json");
}

// The worker's store, or a 503 when it cannot be opened.
store::Store* StoreOr503(const Context& ctx, Response& res) {
  auto st = internal::ThreadStore(ctx.db);
  if (!st.ok()) {
    SendError(res, 503, st.status().message());
    return nullptr;
  }
  return *st;
}

Status IntParam(const Request& req, const char* name, int64_t lo, int64_t hi, int64_t* out) {
  if (!req.has_param(name) || ParseInt(req.get_param_value(name), lo, hi, out)) return Status::Ok();
  return Status::InvalidArgument(std::string("parameter ") + name + " must be an integer from " +
                                 std::to_string(lo) + " to " + std::to_string(hi));
}

void GetIndex(const Request&, Response& res, const Context&) {
  res.set_content(vox_embed_index_html, vox_embed_index_html_size, "text/html; charset=utf-8");
}
void GetAppJs(const Request&, Response& res, const Context&) {
  res.set_content(vox_embed_app_js, vox_embed_app_js_size, "text/javascript; charset=utf-8");
}
void GetAppCss(const Request&, Response& res, const Context&) {
  res.set_content(vox_embed_app_css, vox_embed_app_css_size, "text/css; charset=utf-8");
}
void GetHealth(const Request&, Response& res, const Context&) {
  res.set_content("{\"ok\":true}", "application/json");
}

// Answers a read that depends only on the items and `key` (the route and its
// parameters): from the cache while the store's content version stays the
// same, else computed by `compute` and kept.
void ReplyCached(Response& res, const Context& ctx, const std::string& key,
                 const std::function<Result<json>(store::Store&)>& compute) {
  store::Store* st = StoreOr503(ctx, res);
  if (!st) return;
  auto version = st->ContentVersion();
  if (!version.ok()) return SendStatus(res, version.status());
  for (;;) {
    if (auto hit = ctx.cache->Get(*version, key)) return res.set_content(*hit, "application/json");
    if (ctx.cache->Claim(*version, key)) break;
    ctx.cache->Wait(*version, key, std::chrono::seconds(10));
  }
  struct Release {
    ResponseCache& cache;
    const std::string& version;
    const std::string& key;
    ~Release() { cache.Release(version, key); }
  } release{*ctx.cache, *version, key};
  auto answer = compute(*st);
  if (!answer.ok()) return SendStatus(res, answer.status());
  const std::string body = Dump(*answer);
  ctx.cache->Put(*version, key, body);
  res.set_content(body, "application/json");
}

// Answers a read of the whole store that the content version does not cover
// (stories are rebuilt, concerns re-classified and labelled, matches decided
// without an item changing): computed each time, on a search thread (the
// search thread's own store connection) so that such scans cannot crowd out
// the other workers.
void ReplyScan(Response& res, const Context& ctx,
               const std::function<Result<json>(store::Store&)>& compute) {
  const bool ran = ctx.searches->Run(
      [&] {
        store::Store* st = StoreOr503(ctx, res);
        if (st) Reply(res, compute(*st));
      },
      std::chrono::seconds(2));
  if (!ran) {
    res.set_header("Retry-After", "1");
    return SendError(res, 503, "every slot for searches and scans is busy; try again in a moment");
  }
}

// GET /api/stats: query::StatsJson.
void GetStats(const Request&, Response& res, const Context& ctx) {
  ReplyCached(res, ctx, "stats", [](store::Store& st) -> Result<json> {
    auto s = st.GetStats();
    if (!s.ok()) return s.status();
    return query::StatsJson(*s);
  });
}

// GET /api/search?q&limit&window&source&kind: query::SearchHitsJson.
void GetSearch(const Request& req, Response& res, const Context& ctx) {
  std::string q = req.get_param_value("q");
  if (q.empty()) return SendStatus(res, Status::InvalidArgument("missing parameter q"));
  search::SearchOptions so;
  so.deadline_ms = ctx.search_deadline_ms;
  if (q.size() > so.limits.max_bytes) {
    return SendStatus(res, Status::LimitExceeded("parameter q is " + std::to_string(q.size()) +
                                                 " bytes, longer than the limit of " +
                                                 std::to_string(so.limits.max_bytes)));
  }
  Status params = IntParam(req, "limit", 1, 200, &so.limit);
  if (params.ok()) params = IntParam(req, "window", 0, 100000, &so.window);
  if (!params.ok()) return SendStatus(res, params);
  so.source = req.get_param_value("source");
  so.kind = req.get_param_value("kind");
  store::Store* st = StoreOr503(ctx, res);
  if (!st) return;
  auto version = st->ContentVersion();
  if (!version.ok()) return SendStatus(res, version.status());
  const std::string key = "search\x1f" + q + "\x1f" + std::to_string(so.limit) + "\x1f" + std::to_string(so.window) +
                          "\x1f" + so.source + "\x1f" + so.kind;
  if (auto hit = ctx.cache->Get(*version, key)) return res.set_content(*hit, "application/json");
  Result<std::vector<search::Hit>> hits = Status::Internal("search did not run");
  const bool ran = ctx.searches->Run(
      [&] {
        // The search thread's own connection: the worker's stays free.
        auto own = internal::ThreadStore(ctx.db);
        hits = own.ok() ? search::Search(**own, q, so) : Result<std::vector<search::Hit>>(own.status());
      },
      std::chrono::seconds(2));
  if (!ran) {
    res.set_header("Retry-After", "1");
    return SendError(res, 503, "every search slot is busy; try again in a moment");
  }
  if (!hits.ok()) return SendStatus(res, hits.status());
  const std::string body = Dump(query::SearchHitsJson(*hits));
  ctx.cache->Put(*version, key, body);
  res.set_content(body, "application/json");
}

// GET /api/items?limit&source&kind&category&place&label&cursor:
// query::ItemsJson, newest first. A full page names the next one in the
// X-Next-Cursor header (pass it back as `cursor`).
void GetItems(const Request& req, Response& res, const Context& ctx) {
  store::ItemQuery q;
  q.limit = 50;
  if (Status s = IntParam(req, "limit", 1, 1000, &q.limit); !s.ok()) return SendStatus(res, s);
  q.source = req.get_param_value("source");
  q.kind = req.get_param_value("kind");
  q.category = req.get_param_value("category");
  q.place = req.get_param_value("place");
  q.label = req.get_param_value("label");
  const std::string cursor = req.get_param_value("cursor");
  if (!cursor.empty() && !store::DecodeItemCursor(cursor, &q.after)) {
    return SendStatus(res, Status::InvalidArgument("parameter cursor is not a cursor this API gave (X-Next-Cursor)"));
  }
  q.newest_first = true;
  store::Store* st = StoreOr503(ctx, res);
  if (!st) return;
  std::string next;
  auto page = query::ItemsJson(*st, q, &next);
  if (page.ok() && !next.empty()) res.set_header("X-Next-Cursor", next);
  Reply(res, std::move(page));
}

Status TimeParam(const Request& req, const char* name, int64_t* out);

// GET /api/stories?limit&sort&with_items&since&until&days&source&concern&place&min_size&rising&cursor:
// query::StoriesJson; a full page names the next one in X-Next-Cursor.
void GetStories(const Request& req, Response& res, const Context& ctx) {
  stories::StoryListOptions opts;
  if (Status s = IntParam(req, "limit", 1, 1000, &opts.limit); !s.ok()) return SendStatus(res, s);
  const std::string sort = req.has_param("sort") ? req.get_param_value("sort") : "recent";
  if (!query::ParseStorySort(sort, &opts.sort)) {
    return SendStatus(res, Status::InvalidArgument("parameter sort must be recent, size or rising"));
  }
  const std::string with_items = req.get_param_value("with_items");
  if (!with_items.empty() && with_items != "0" && with_items != "1") {
    return SendStatus(res, Status::InvalidArgument("parameter with_items must be 0 or 1"));
  }
  opts.with_items = with_items == "1";
  // Filters (docs/api.md): the period, a member's source, concern or place,
  // a least size, the rising stories only; keyset pages by cursor.
  Status params = TimeParam(req, "since", &opts.since);
  if (params.ok()) params = TimeParam(req, "until", &opts.until);
  if (params.ok()) params = IntParam(req, "days", 1, 3660, &opts.days);
  if (params.ok()) params = IntParam(req, "min_size", 1, 100000000, &opts.min_size);
  if (!params.ok()) return SendStatus(res, params);
  if (opts.days > 0 && req.has_param("since")) {
    return SendStatus(res, Status::InvalidArgument("days: give either days or since, not both"));
  }
  if (opts.until != 0 && opts.since >= opts.until) {
    return SendStatus(res, Status::InvalidArgument("until: must be later than since"));
  }
  for (const char* name : {"source", "concern", "place"}) {
    if (req.has_param(name) && (req.get_param_value(name).empty() || req.get_param_value(name).size() > 200)) {
      return SendStatus(res, Status::InvalidArgument(std::string(name) + ": must be 1 to 200 bytes"));
    }
  }
  opts.source = req.get_param_value("source");
  opts.category = req.get_param_value("concern");
  opts.place = req.get_param_value("place");
  const std::string rising = req.get_param_value("rising");
  if (!rising.empty() && rising != "0" && rising != "1") {
    return SendStatus(res, Status::InvalidArgument("rising: must be 0 or 1"));
  }
  opts.rising_only = rising == "1";
  const std::string cursor = req.get_param_value("cursor");
  if (!cursor.empty() && !stories::DecodeStoryCursor(cursor, &opts.after)) {
    return SendStatus(res, Status::InvalidArgument("cursor: not a cursor this API gave (X-Next-Cursor)"));
  }
  stories::StoryCursor next;
  opts.next = &next;
  ReplyScan(res, ctx, [&opts](store::Store& st) -> Result<json> {
    auto list = stories::ListStories(st, opts);
    if (!list.ok()) return list.status();
    return query::StoriesJson(*list, opts.with_items);
  });
  if (res.status == 200 && next.id != 0) res.set_header("X-Next-Cursor", stories::EncodeStoryCursor(next));
}

// GET /api/trends?limit&hours: query::TrendsJson, the window ending at the newest item.
void GetTrends(const Request& req, Response& res, const Context& ctx) {
  stories::TrendOptions opts;
  int64_t hours = 24;
  Status params = IntParam(req, "limit", 1, 200, &opts.limit);
  if (params.ok()) params = IntParam(req, "hours", 1, 24 * 90, &hours);
  if (!params.ok()) return SendStatus(res, params);
  opts.window = hours * 3600;
  ReplyScan(res, ctx, [&opts](store::Store& st) -> Result<json> {
    auto trends = stories::ComputeTrends(st, opts);
    if (!trends.ok()) return trends.status();
    return query::TrendsJson(*trends);
  });
}

// A time parameter (RFC 3339); absent leaves *out as it is.
Status TimeParam(const Request& req, const char* name, int64_t* out) {
  if (!req.has_param(name) || ParseTimestamp(req.get_param_value(name), out)) return Status::Ok();
  return Status::InvalidArgument(std::string("parameter ") + name + " must be an RFC 3339 time");
}

// GET /api/concerns?places&since&until: query::ConcernsJson over the items
// published in [since, until); places 0-1000 (default 20, 0: all).
void GetConcerns(const Request& req, Response& res, const Context& ctx) {
  int64_t places = 20;
  query::ConcernsRequest creq;
  Status params = IntParam(req, "places", 0, 1000, &places);
  if (params.ok()) params = TimeParam(req, "since", &creq.items.since);
  if (params.ok()) params = TimeParam(req, "until", &creq.items.until);
  if (!params.ok()) return SendStatus(res, params);
  creq.place_limit = static_cast<size_t>(places);
  ReplyScan(res, ctx, [&ctx, &creq](store::Store& st) -> Result<json> {
    auto c = query::CountConcerns(st, ctx.db, creq);
    if (!c.ok()) return c.status();
    return query::ConcernsJson(*c);
  });
}

// GET /api/volumes?since&until: query::VolumesJson over the items published
// in [since, until), days in the office's zone (the reports' volumes).
void GetVolumes(const Request& req, Response& res, const Context& ctx) {
  store::ItemQuery q;
  Status params = TimeParam(req, "since", &q.since);
  if (params.ok()) params = TimeParam(req, "until", &q.until);
  if (!params.ok()) return SendStatus(res, params);
  const std::string key = "volumes\x1f" + std::to_string(q.since) + "\x1f" + std::to_string(q.until);
  ReplyCached(res, ctx, key, [&q](store::Store& st) -> Result<json> {
    auto v = query::CountVolumes(st, q, kOfficeOffsetSeconds);
    if (!v.ok()) return v.status();
    return query::VolumesJson(*v);
  });
}

// GET /api/matches?state: query::MatchesJson, the best match per item.
void GetMatches(const Request& req, Response& res, const Context& ctx) {
  std::optional<store::MatchState> state;
  const std::string name = req.get_param_value("state");
  if (!name.empty()) {
    store::MatchState st{};
    if (!store::ParseMatchState(name, &st)) {
      return SendStatus(res, Status::InvalidArgument("parameter state must be suggested, auto, accepted or rejected"));
    }
    state = st;
  }
  ReplyScan(res, ctx, [&state](store::Store& st) -> Result<json> {
    auto best = query::BestMatches(st, state);
    if (!best.ok()) return best.status();
    return query::MatchesJson(*best);
  });
}

void GetOpenApi(const Request&, Response& res, const Context&) {
  res.set_content(vox_embed_openapi_json, vox_embed_openapi_json_size, "application/json");
}

// Who may read: anyone who reaches the server, anyone signed in (the public
// aggregates a collaborator sees too), or staff who may read items.
enum class Access { kOpen, kSignedIn, kItems };

// Every GET path the server answers besides the desk's (desk_routes.cc);
// each /api/NAME is also /api/v1/NAME. Anything else is a JSON 404.
struct Route {
  const char* path;
  void (*handler)(const Request&, Response&, const Context&);
  Access access;
};
constexpr Route kRoutes[] = {
    {"/", GetIndex, Access::kOpen},
    {"/app.js", GetAppJs, Access::kOpen},
    {"/app.css", GetAppCss, Access::kOpen},
    {"/healthz", GetHealth, Access::kOpen},
    {"/api/v1/openapi.json", GetOpenApi, Access::kOpen},
    {"/api/stats", GetStats, Access::kSignedIn},
    {"/api/search", GetSearch, Access::kItems},
    {"/api/items", GetItems, Access::kItems},
    {"/api/stories", GetStories, Access::kItems},
    {"/api/trends", GetTrends, Access::kSignedIn},
    {"/api/concerns", GetConcerns, Access::kSignedIn},
    {"/api/volumes", GetVolumes, Access::kSignedIn},
    {"/api/matches", GetMatches, Access::kItems},
};

// Whether a read may go on; answers 401/403 when not.
bool Admit(const Context& ctx, Access access, const Request& req, Response& res) {
  if (access == Access::kOpen || !ctx.require_login) return true;
  std::string csrf;
  auto actor = internal::RequestActor(*ctx.desk, req, &csrf);
  if (!actor.ok()) {
    SendStatus(res, actor.status());
    return false;
  }
  if (access == Access::kItems && !desk::Can(actor->role, desk::Action::kReadItems)) {
    SendStatus(res, Status::PermissionDenied("the " + std::string(desk::RoleName(actor->role)) +
                                             " role may not read items"));
    return false;
  }
  return true;
}

}  // namespace

namespace internal {

Result<store::Store*> ThreadStore(const std::string& db) {
  thread_local std::unique_ptr<store::Store> st;
  if (!st) {
    auto opened = store::Store::Open(db, {.read_only = true});
    if (!opened.ok()) return opened.status();
    st = std::move(opened).value();
  }
  return st.get();
}

void SendError(Response& res, int code, const std::string& msg) {
  res.status = code;
  json body = {{"error", msg}};
  // "title: required" names the field "title".
  const size_t colon = msg.find(": ");
  if (code == 400 && colon != std::string::npos && colon > 0 && colon <= 40 &&
      std::all_of(msg.begin(), msg.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
        return (c >= 'a' && c <= 'z') || c == '_' || c == '.' || (c >= 'A' && c <= 'Z') || c == '-';
      })) {
    body["field"] = msg.substr(0, colon);
  }
  res.set_content(Dump(body), "application/json");
}

int HttpCode(const Status& st) {
  switch (st.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kConflict: return 409;
    case StatusCode::kLimitExceeded: return 422;
    case StatusCode::kUnsupported: return 501;
    case StatusCode::kIoError:
    case StatusCode::kCorruption:
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

void SendStatus(Response& res, const Status& st) { SendError(res, HttpCode(st), st.message()); }

}  // namespace internal

bool IsLoopback(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  in_addr a{};
  return inet_pton(AF_INET, host.c_str(), &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

std::vector<std::pair<std::string, std::string>> ApiRoutes() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Route& r : kRoutes) {
    const std::string path = r.path;
    if (path.rfind("/api/v1/", 0) == 0) out.emplace_back("GET", path);
    else if (path.rfind("/api/", 0) == 0) out.emplace_back("GET", "/api/v1/" + path.substr(5));
  }
  for (const internal::RouteDoc& d : internal::DeskRouteDocs()) out.emplace_back(d.method, d.path);
  for (const internal::RouteDoc& d : internal::HookRouteDocs()) out.emplace_back(d.method, d.path);
  return out;
}

Status Serve(const ServeOptions& opts) {
  if (!IsLoopback(opts.host) && !opts.allow_remote && !opts.require_login) {
    return Status::InvalidArgument(
        "refusing to listen on " + opts.host + ": this store has no accounts, so every endpoint would be open to "
        "anyone who reaches this address. Add an admin (vox user add NAME --role admin) so that the API asks "
        "for a sign-in, listen on 127.0.0.1, or pass --allow-remote if this network is trusted");
  }
  ServerOptions wire;
  wire.threads = std::max(opts.threads, 4);
  wire.limits.max_body_bytes = 1 << 20;
  wire.limits.route_body_bytes.push_back({"POST", "/gop-y", internal::kTiplineMaxBody});
  wire.default_headers.add("Content-Security-Policy",
                           "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  wire.default_headers.add("X-Content-Type-Options", "nosniff");
  wire.default_headers.add("X-Frame-Options", "DENY");
  wire.default_headers.add("Referrer-Policy", "no-referrer");
  wire.default_headers.add("Cache-Control", "no-store");
  Server server(std::move(wire));
  std::vector<std::string> hosts = {"localhost", "127.0.0.1", "[::1]"};
  hosts.push_back(opts.host.find(':') != std::string::npos ? "[" + opts.host + "]" : opts.host);
  for (const std::string& h : opts.allowed_hosts) hosts.push_back(HostPart(h));
  server.SetPreRouting([hosts](Request& req, Response& res) {
    const std::string host = HostPart(req.get_header_value("Host"));
    if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) {
      SendError(res, 421, "unknown Host '" + req.get_header_value("Host") +
                              "': this server answers only for its own names (serve --allow-host NAME)");
      return true;
    }
    return false;
  });
  internal::DeskContext desk_ctx;
  desk_ctx.db = opts.db;
  desk_ctx.secure_cookies = opts.secure_cookies;
  desk_ctx.contact_key = opts.desk.contact_key;
  desk_ctx.options = opts.desk;
  desk_ctx.channels = opts.channels;
  // The dashboard's event streams: one thread, started with the server.
  internal::EventHub events(opts.db, {});
  events.Start();
  desk_ctx.events = &events;
  Context ctx{opts.db, opts.require_login, &desk_ctx,
              std::make_shared<SearchPool>(std::max(opts.max_concurrent_searches, 1)),
              std::make_shared<ResponseCache>(), opts.search_deadline_ms};
  for (const Route& route : kRoutes) {
    auto handler = [&ctx, route](const Request& req, Response& res) {
      if (Admit(ctx, route.access, req, res)) route.handler(req, res, ctx);
    };
    server.Get(route.path, handler);
    const std::string path = route.path;
    if (path.rfind("/api/", 0) == 0 && path.rfind("/api/v1/", 0) != 0) server.Get("/api/v1/" + path.substr(5), handler);
  }
  internal::AddDeskRoutes(server, desk_ctx);
  // The webhooks' ingest thread: started before the first request, stopped
  // (after ingesting what is queued) when the server has stopped.
  std::unique_ptr<HookIngest> hooks;
  internal::HookContext hook_ctx;
  hook_ctx.channels = opts.channels;
  hook_ctx.clock = &DefaultClock();
  if (opts.hook_store != nullptr && opts.pseudonymizer != nullptr) {
    hook_ctx.clock = &opts.hook_store->clock();
    hooks = std::make_unique<HookIngest>(*opts.hook_store, *opts.pseudonymizer, opts.hook_ingest, 1024, opts.hook_spool);
    // A message to the office opens its case, with where to answer sealed
    // on it (on the ingest thread, through that thread's own desk).
    if (desk_ctx.contact_key != nullptr) {
      hooks->OnMessage([&desk_ctx](const HookIngest::Message& m) {
        auto d = internal::ThreadDesk(desk_ctx);
        if (!d.ok()) {
          std::fprintf(stderr, "vox serve: %s message: no case opened: %s\n", m.channel.c_str(), d.status().message().c_str());
          return;
        }
        desk::CaseDraft draft;
        draft.kind = m.text.find('?') != std::string::npos ? "question" : "concern";
        std::string title = m.text;
        for (char& c : title)
          if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        size_t n = std::min<size_t>(title.size(), 120);
        while (n < title.size() && n > 0 && (static_cast<unsigned char>(title[n]) & 0xC0) == 0x80) --n;
        draft.title = title.substr(0, n);
        draft.description = m.text;
        draft.origin = "message";
        draft.origin_ref = "item:" + m.item_ref;
        draft.links.push_back({0, "item", m.item_ref});
        desk::ReplyAddress reply{m.channel, m.sender, m.channel == "zalo" ? m.msg_id : ""};
        draft.reply = reply.Encode();
        auto opened = (*d)->OpenCase(desk::Actor::Channel(m.channel), draft);
        // Never the sender or the text in the log: the item's reference only.
        if (!opened.ok())
          std::fprintf(stderr, "vox serve: %s: no case opened for item %s: %s\n", m.channel.c_str(), m.item_ref.c_str(),
                       opened.status().message().c_str());
      });
    }
    // Screenshots sent to the OA are read (src/ocr): fetched from the
    // platform's URL with a size and time limit, never kept.
    hooks->OnImage([](const std::string& url) -> Result<std::string> {
      ingest::FetchOptions fo;
      fo.max_bytes = ocr::Options{}.max_bytes;
      fo.total_timeout_s = 20;
      auto bytes = ingest::FetchUrl(url, fo);
      if (!bytes.ok()) return bytes.status();
      auto read = ocr::ReadText(*bytes);
      if (!read.ok()) return read.status();
      return read->text;
    });
    if (Status s = hooks->Start(); !s.ok()) return s;
    hook_ctx.ingest = hooks.get();
  }
  internal::AddHookRoutes(server, hook_ctx);
  {
    auto read = internal::ThreadStore(opts.db);
    internal::AddTiplineRoutes(server, desk_ctx, hooks.get(), hook_ctx.clock, read.ok() ? *read : nullptr);
  }
  internal::AddPublishRoutes(server, desk_ctx, opts.channels.public_base_url);
  server.SetErrorHandler([](const Request& req, Response& res) {
    std::string why = "HTTP " + std::to_string(res.status);
    if (res.status == 404) why += ": unknown path " + req.path;
    if (res.status == 405) why += ": " + req.method + " is not answered on " + req.path + " (" + res.headers.get("Allow") + " is)";
    res.set_content(Dump({{"error", why}}), "application/json");
  });

  // The outbox's sender: one thread, a write connection of its own, a
  // pass every second (and at once when it has just sent something).
  std::atomic<bool> outbox_stop{false};
  std::mutex outbox_mu;
  std::condition_variable outbox_cv;
  std::thread outbox_thread;
  if (opts.outbox && opts.desk.contact_key != nullptr) {
    auto ds = store::DeskStore::Open(opts.db, {});
    if (!ds.ok()) {
      std::fprintf(stderr, "vox serve: the outbox is off: %s\n", ds.status().message().c_str());
    } else {
      outbox_thread = std::thread([&, ds = std::shared_ptr<store::DeskStore>(std::move(ds).value())] {
        std::unique_ptr<desk::Transport> http = desk::CurlTransport();
        desk::Outbox box(*ds, *opts.desk.contact_key, opts.channels, *http, opts.outbox_options);
        std::string last_error;
        while (!outbox_stop.load()) {
          auto ran = box.RunDue(50);
          if (!ran.ok() && ran.status().message() != last_error) {
            last_error = ran.status().message();
            std::fprintf(stderr, "vox serve: outbox: %s\n", last_error.c_str());
          }
          std::unique_lock<std::mutex> lock(outbox_mu);
          outbox_cv.wait_for(lock, std::chrono::seconds(1), [&] { return outbox_stop.load(); });
        }
      });
    }
  }
  // Reach on a schedule (docs/channels.md "Reach"): a thread with a write
  // connection of its own reads the Page's answers every
  // reach.interval_minutes; it looks for what is due every kReachCheck
  // seconds (one small query), so a new answer gets its first reading soon
  // after it is posted. Off without a Page token or with the interval 0.
  std::thread reach_thread;
  desk::ReachPollOptions reach;
  reach.interval_seconds = int64_t{opts.outbox_options.reach_interval_minutes} * 60;
  if (reach.interval_seconds > 0 && !opts.channels.facebook_page_token.empty()) {
    auto ds = store::DeskStore::Open(opts.db, {});
    if (!ds.ok()) {
      std::fprintf(stderr, "vox serve: reach is not read on a schedule: %s\n", ds.status().message().c_str());
    } else {
      reach_thread = std::thread([&, reach, ds = std::shared_ptr<store::DeskStore>(std::move(ds).value())] {
        constexpr int kReachCheck = 10;
        std::unique_ptr<desk::Transport> http = desk::CurlTransport();
        std::string last_error;
        while (!outbox_stop.load()) {
          auto polled = desk::PollReach(*ds, opts.channels, *http, ds->clock().Now(), reach);
          if (!polled.ok() && polled.status().message() != last_error) {
            last_error = polled.status().message();
            std::fprintf(stderr, "vox serve: reach: %s\n", last_error.c_str());
          }
          std::unique_lock<std::mutex> lock(outbox_mu);
          outbox_cv.wait_for(lock, std::chrono::seconds(kReachCheck), [&] { return outbox_stop.load(); });
        }
      });
    }
  }
  auto stop_outbox = [&] {
    outbox_stop.store(true);
    outbox_cv.notify_all();
    if (outbox_thread.joinable()) outbox_thread.join();
    if (reach_thread.joinable()) reach_thread.join();
  };

  auto port = server.Bind(opts.host, opts.port);
  if (!port.ok()) {
    stop_outbox();
    if (hooks) hooks->Stop();
    return Status::IoError(port.status().message() + (opts.port != 0 ? " (in use? pass --listen HOST:PORT)" : ""));
  }
  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_server = &server;
  }
  if (opts.on_listening) opts.on_listening(*port);
  Status served = server.Listen();
  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_server = nullptr;
  }
  stop_outbox();
  if (hooks) hooks->Stop();
  events.Stop();
  return served;
}

void Stop() {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_server) g_server->Stop();
}

}  // namespace vox::http
