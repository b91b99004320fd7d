// What the server's route files share (server.cc, desk_routes.cc, report_route.cc).
#pragma once

#include "http/wire.h"

#include <memory>
#include <optional>
#include <string>
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

// What the desk's routes share.
struct DeskContext {
  std::string db;
  bool secure_cookies = false;          // add Secure (behind TLS)
  const desk::ContactKey* contact_key = nullptr;
  desk::DeskOptions options;
  desk::ChannelSettings channels;       // reach reads the Page's posts back
};

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
