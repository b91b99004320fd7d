// What the server's route files share (server.cc, desk_routes.cc, report_route.cc).
#pragma once

#include "http/wire.h"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "desk/channels.h"
#include "desk/desk.h"
#include "http/hooks.h"
#include "store/desk_store.h"
#include "store/store.h"

namespace vox::http::internal {

// {error, field?}: `field` when the message starts with a field's name
// ("title: required" -> field "title").
void SendError(Response& res, int code, const std::string& msg);
// One place maps a Status to an HTTP code.
int HttpCode(const Status& st);
void SendStatus(Response& res, const Status& st);

class EventHub;

// What the desk's routes share.
struct DeskContext {
  std::string db;
  bool secure_cookies = false;          // add Secure (behind TLS)
  const desk::ContactKey* contact_key = nullptr;
  desk::DeskOptions options;
  desk::ChannelSettings channels;       // reach reads the Page's posts back
  EventHub* events = nullptr;           // GET /api/v1/events (null: 501)
};

// The bounds of the event streams (events.cc).
struct EventHubOptions {
  int max_streams = 64;        // open at once, whoever asks
  int max_per_client = 8;      // from one address
  int poll_ms = 2000;          // how often the store is looked at while a stream is open
  int heartbeat_ms = 15000;    // a comment line after this long without an event
  int64_t max_age_ms = 30 * 60 * 1000;  // a stream is closed after this long (the browser reconnects)
};

// The streams of GET /api/v1/events (events.cc says what is watched). Thread
// safe; the streams are written by the hub's one thread.
class EventHub {
 public:
  EventHub(std::string db, EventHubOptions opts);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;
  void Start();
  void Stop();  // closes every stream
  bool HasRoom(const std::string& peer) const;
  // Takes `fd` (a connection whose head is written); closes it when over a bound.
  void Add(int fd, const std::string& peer, bool cases, bool items);
  size_t Streams() const;

 private:
  struct Stream;
  void Loop();
  void Poll(std::string* cases_out, std::string* items_out);
  bool Flush(Stream& s);
  bool Alive(Stream& s);
  std::string Event(const char* name, const std::string& data);

  const std::string db_;
  const EventHubOptions opts_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;                               // GUARDED_BY(mu_)
  int count_ = 0;                                       // GUARDED_BY(mu_)
  std::map<std::string, int> per_client_;               // GUARDED_BY(mu_)
  std::vector<std::unique_ptr<Stream>> incoming_;       // GUARDED_BY(mu_)
  std::vector<std::unique_ptr<Stream>> streams_;        // GUARDED_BY(mu_): left at Stop
  std::thread thread_;
  // The hub thread's only:
  std::unique_ptr<store::DeskStore> desk_;
  std::unique_ptr<store::Store> items_store_;
  bool watched_ = false;
  int64_t audit_seq_ = 0;
  std::string version_;
  int64_t items_at_ = 0;  // when stories and matches were last compared (steady ms)
  std::set<int64_t> rising_;
  std::set<std::string> waiting_;
  int64_t event_id_ = 0;
};
// GET /api/v1/events (added by AddDashRoutes).
void AddEventRoutes(Server& server, const DeskContext& ctx);

// The actor of a request: its session cookie or bearer token. *csrf receives
// the session's CSRF token ("" for a bearer token, which needs none).
// Unauthenticated when neither is valid; Unavailable-like IoError when the
// desk cannot be opened.
Result<desk::Actor> RequestActor(const DeskContext& ctx, const Request& req, std::string* csrf);
// This worker's read-only connection to the items (one per thread; the
// server never writes items through it and never migrates).
Result<store::Store*> ThreadStore(const std::string& db);
// This worker's desk (one DeskStore connection per thread).
Result<desk::Desk*> ThreadDesk(const DeskContext& ctx);

// Every /api/v1 route of the desk: method and OpenAPI path ("/api/v1/cases/{id}").
struct RouteDoc {
  const char* method;
  const char* path;
};
const std::vector<RouteDoc>& DeskRouteDocs();
void AddDeskRoutes(Server& server, const DeskContext& ctx);
// GET /api/v1/report (report_route.cc), added by AddDeskRoutes.
void AddReportRoute(Server& server, const DeskContext& ctx);
// GET /api/v1/overview and /api/v1/stories/{id} (dash_routes.cc), added by AddDeskRoutes.
const std::vector<RouteDoc>& DashRouteDocs();
void AddDashRoutes(Server& server, const DeskContext& ctx);

// The channels' webhooks (hook_routes.cc): public, answered only when the
// secret that verifies them is configured (404 otherwise).
struct HookContext {
  desk::ChannelSettings channels;
  HookIngest* ingest = nullptr;  // null: no webhook is active
  const Clock* clock = nullptr;
};
const std::vector<RouteDoc>& HookRouteDocs();
void AddHookRoutes(Server& server, const HookContext& ctx);

// The public web form, /gop-y (tipline_routes.cc). `ingest` stores its items
// (null: the form answers 503); `read` gives the office's taxonomy and
// gazetteer for its choices (may be null: the built-in ones).
// The largest body POST /gop-y takes (a form with a screenshot); every other
// route takes 1 MiB.
inline constexpr size_t kTiplineMaxBody = 8u << 20;
void AddTiplineRoutes(Server& server, const DeskContext& desk, HookIngest* ingest, const Clock* clock,
                      store::Store* read);

// The published answers (publish_routes.cc): /feeds/answers.atom,
// /feeds/claimreview.json and /tra-loi/{case id}; public. `base_url` is the
// setting publish.base_url (empty: links relative to this server).
void AddPublishRoutes(Server& server, const DeskContext& desk, const std::string& base_url);

}  // namespace vox::http::internal
