// GET /api/v1/events: server-sent events that tell the dashboard something
// new is there (docs/api.md "Live"). One thread, the hub's, owns every
// stream: the request's worker checks the sign-in and hands the connection
// over (Response::stream), so a watching screen never holds a worker.
//
// What is watched, by one poll every poll_ms while a stream is open (none
// while nobody watches), on the hub's own read connections:
//   - cases: the audit log after the last sequence number seen (every change
//     to a case is audited with the target "case:N"; an index read);
//   - items: the store's content version; only when it moved are the rising
//     stories (ComputeTrends, 24 h) and the matches waiting for staff
//     (suggested, auto) computed again and compared with the last ones.
// A stream gets only what its role may read (cases: kReadCases; stories and
// matches: kReadItems). Events carry ids and counts of stories, matches and
// cases, never an author. A comment line after heartbeat_ms keeps proxies
// from closing an idle stream and finds the clients that left; a stream
// whose client does not read (kMaxPending bytes waiting) is closed, and every
// stream is closed after max_age_ms (the browser reconnects after `retry`).
// The bounds are EventHubOptions (http_internal.h).
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "desk/auth.h"
#include "http/http_internal.h"
#include "query/query.h"
#include "stories/stories.h"

namespace vox::http::internal {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxPending = 64 * 1024;
// While items keep arriving, stories and matches are compared at most this often.
constexpr int64_t kItemsEveryMs = 6000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct EventHub::Stream {
  int fd = -1;
  std::string peer;
  bool cases = false;  // the role may read cases
  bool items = false;  // the role may read items (stories, matches)
  int64_t opened = 0;
  int64_t last_write = 0;
  std::string pending;  // what the socket did not take yet
};

EventHub::EventHub(std::string db, EventHubOptions opts) : db_(std::move(db)), opts_(opts) {}

EventHub::~EventHub() { Stop(); }

void EventHub::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void EventHub::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& s : streams_) close(s->fd);
  streams_.clear();
  for (auto& s : incoming_) close(s->fd);
  incoming_.clear();
}

bool EventHub::HasRoom(const std::string& peer) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_ || count_ >= opts_.max_streams) return false;
  auto it = per_client_.find(peer);
  return it == per_client_.end() || it->second < opts_.max_per_client;
}

size_t EventHub::Streams() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<size_t>(count_);
}

void EventHub::Add(int fd, const std::string& peer, bool cases, bool items) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_ || count_ >= opts_.max_streams || per_client_[peer] >= opts_.max_per_client) {
    close(fd);  // over a bound after all (a race with another request)
    return;
  }
  auto s = std::make_unique<Stream>();
  s->fd = fd;
  s->peer = peer;
  s->cases = cases;
  s->items = items;
  s->opened = s->last_write = NowMs();
  ++count_;
  ++per_client_[peer];
  incoming_.push_back(std::move(s));
  cv_.notify_all();
}

// Writes what is pending on a stream; false when the stream is to close
// (the client left, or reads too slowly).
bool EventHub::Flush(Stream& s) {
  while (!s.pending.empty()) {
    const ssize_t n = send(s.fd, s.pending.data(), s.pending.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      s.pending.erase(0, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return s.pending.size() <= kMaxPending;
    return false;
  }
  return true;
}

// Whether the client is still there: what it sends is read and dropped, its
// end of the connection closes the stream.
bool EventHub::Alive(Stream& s) {
  char buf[4096];
  for (;;) {
    const ssize_t n = recv(s.fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) continue;
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

void EventHub::Loop() {
  int64_t last_poll = 0;
  std::vector<std::unique_ptr<Stream>> mine;  // this thread's only
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(250), [&] { return stopping_ || !incoming_.empty(); });
      if (stopping_) {
        for (auto& s : mine) streams_.push_back(std::move(s));  // Stop closes them
        return;
      }
      for (auto& s : incoming_) mine.push_back(std::move(s));
      incoming_.clear();
    }
    const int64_t now = NowMs();
    std::string events_cases, events_items;
    if (mine.empty()) {
      watched_ = false;  // nobody watches: the next stream starts from what is then
    } else if (now - last_poll >= opts_.poll_ms) {
      last_poll = now;
      Poll(&events_cases, &events_items);
    }
    std::vector<std::string> gone;
    for (auto it = mine.begin(); it != mine.end();) {
      Stream& s = **it;
      if (!events_cases.empty() && s.cases) s.pending += events_cases;
      if (!events_items.empty() && s.items) s.pending += events_items;
      if (s.pending.empty() && now - s.last_write >= opts_.heartbeat_ms) s.pending = ": ping\n\n";
      if (!s.pending.empty()) s.last_write = now;
      const bool keep = Alive(s) && Flush(s) && now - s.opened < opts_.max_age_ms;
      if (keep) {
        ++it;
        continue;
      }
      close(s.fd);
      gone.push_back(s.peer);
      it = mine.erase(it);
    }
    if (!gone.empty()) {
      std::lock_guard<std::mutex> lock(mu_);
      for (const std::string& peer : gone) {
        --count_;
        if (--per_client_[peer] <= 0) per_client_.erase(peer);
      }
    }
  }
}

// One event in the wire's form.
std::string EventHub::Event(const char* name, const std::string& data) {
  return "id: " + std::to_string(++event_id_) + "\nevent: " + name + "\ndata: " + data + "\n\n";
}

void EventHub::Poll(std::string* cases_out, std::string* items_out) {
  if (!desk_) {
    auto ds = store::DeskStore::Open(db_, {});
    if (!ds.ok()) return;
    desk_ = std::move(ds).value();
  }
  if (!items_store_) {
    auto st = store::Store::Open(db_, {.read_only = true});
    if (!st.ok()) return;
    items_store_ = std::move(st).value();
  }
  const bool first = !watched_;
  watched_ = true;
  // Cases: audit entries after the last one seen.
  if (first) {
    auto last = desk_->LastAudit();
    audit_seq_ = last.ok() ? last->seq : 0;
  } else {
    store::AuditQuery q;
    q.after_seq = audit_seq_;
    q.limit = 1000;
    std::set<int64_t> opened, changed;
    Status s = desk_->ForEachAudit(q, [&](const store::AuditEntry& e) {
      audit_seq_ = std::max(audit_seq_, e.seq);
      const bool read = e.action.size() >= 5 && e.action.compare(e.action.size() - 5, 5, ".read") == 0;
      if (e.target.rfind("case:", 0) != 0 || read) return true;  // a read changes nothing
      const int64_t id = std::strtoll(e.target.c_str() + 5, nullptr, 10);
      if (e.action == "case.open")
        opened.insert(id);
      else
        changed.insert(id);
      return true;
    });
    for (int64_t id : opened) changed.erase(id);
    if (s.ok() && (!opened.empty() || !changed.empty())) {
      *cases_out =
          Event("cases",
                query::Dump(Json{{"opened", opened}, {"changed", changed}, {"new", opened.size() + changed.size()}}));
    }
  }
  // Items: only when the content version moved, and at most every kItemsEveryMs.
  const int64_t now = NowMs();
  if (!first && now - items_at_ < kItemsEveryMs) return;
  auto version = items_store_->ContentVersion();
  if (!version.ok() || (!first && *version == version_)) return;
  version_ = *version;
  items_at_ = now;
  std::set<int64_t> rising;
  stories::TrendOptions to;
  to.limit = 200;
  to.name_stories = false;
  if (auto trends = stories::ComputeTrends(*items_store_, to); trends.ok()) {
    for (const stories::Trend& t : *trends)
      if (t.kind == "story") rising.insert(t.story_id);
  } else {
    return;
  }
  std::set<std::string> waiting;
  for (auto state : {store::MatchState::kSuggested, store::MatchState::kAuto}) {
    auto best = query::BestMatches(*items_store_, state);
    if (!best.ok()) return;
    for (const store::Match& m : *best) waiting.insert(m.item_source + '\x1f' + m.item_id + '\x1f' + m.factcheck_id);
  }
  if (!first) {
    std::vector<int64_t> new_rising;
    for (int64_t id : rising)
      if (!rising_.count(id)) new_rising.push_back(id);
    int64_t new_waiting = 0;
    for (const std::string& k : waiting) new_waiting += waiting_.count(k) ? 0 : 1;
    if (!new_rising.empty()) {
      *items_out += Event("stories", query::Dump(Json{{"rising", new_rising}, {"new", new_rising.size()}}));
    }
    if (new_waiting > 0) {
      *items_out += Event("matches", query::Dump(Json{{"new", new_waiting}, {"waiting", waiting.size()}}));
    }
  }
  rising_ = std::move(rising);
  waiting_ = std::move(waiting);
}

namespace {

// GET /api/v1/events: a session or token; 503 past the streams' bounds.
void GetEventsStream(const DeskContext& ctx, const Request& req, Response& res) {
  std::string csrf;
  auto actor = RequestActor(ctx, req, &csrf);
  if (!actor.ok()) return SendStatus(res, actor.status());
  const bool cases = desk::Can(actor->role, desk::Action::kReadCases);
  const bool items = desk::Can(actor->role, desk::Action::kReadItems);
  if (!cases && !items)
    return SendStatus(res, Status::PermissionDenied("the " + std::string(desk::RoleName(actor->role)) +
                                                    " role may not read cases or stories"));
  EventHub* hub = ctx.events;
  if (hub == nullptr) return SendStatus(res, Status::Unsupported("this server sends no events"));
  if (!hub->HasRoom(req.remote_addr)) {
    res.set_header("Retry-After", "30");
    return SendError(res, 503, "too many event streams are open; try again later");
  }
  res.set_header("Content-Type", "text/event-stream; charset=utf-8");
  res.set_header("X-Accel-Buffering", "no");
  // The browser waits `retry` ms before it reconnects.
  res.body = "retry: 5000\n: vox events\n\n";
  const std::string peer = req.remote_addr;
  res.stream = [hub, peer, cases, items](int fd) { hub->Add(fd, peer, cases, items); };
}

}  // namespace

void AddEventRoutes(Server& server, const DeskContext& ctx) {
  server.Get("/api/v1/events", [&ctx](const Request& req, Response& res) { GetEventsStream(ctx, req, res); });
}

}  // namespace vox::http::internal
