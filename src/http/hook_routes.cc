// POST /hooks/zalo, GET and POST /hooks/facebook (docs/channels.md).
//
// Public routes: the platforms call them without a session. Each is active
// only when what verifies it is configured, and answers 404 otherwise. A
// request is verified before anything else is read from it; a refused one
// (unsigned, wrongly signed, stale, replayed) stores nothing and gets a JSON
// error. An accepted one is queued (HookIngest) and answered at once.
#include <nlohmann/json.hpp>

#include "http/http_internal.h"

namespace vox::http::internal {
namespace {

using json = nlohmann::json;

void SendOk(Response& res) { res.set_content("{\"ok\":true}", "application/json"); }

void SendOffer(Response& res, HookIngest::Offer offer) {
  switch (offer) {
    case HookIngest::Offer::kAccepted: return SendOk(res);
    case HookIngest::Offer::kReplayed:
      return SendError(res, 409, "replayed: this event's message id was accepted before; nothing stored");
    case HookIngest::Offer::kBusy:
      res.set_header("Retry-After", "5");
      return SendError(res, 503, "the webhook queue is full; try again later");
  }
}

// A string field of a JSON object, "" when absent or of another type
// (json::value would throw on another type).
std::string StringField(const json& obj, const char* name) {
  auto it = obj.find(name);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// An id written as a string or an integer (Zalo writes both), as text.
std::string IdField(const json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return {};
}

// The body's `timestamp` (milliseconds since 1970, a string or a number) as
// the text the mac covers; false when absent or not digits.
bool ZaloTimestamp(const json& body, std::string* text, int64_t* ms) {
  auto it = body.find("timestamp");
  if (it == body.end()) return false;
  if (it->is_string()) *text = it->get<std::string>();
  else if (it->is_number_unsigned()) *text = std::to_string(it->get<uint64_t>());
  else if (it->is_number_integer()) *text = std::to_string(it->get<int64_t>());
  else return false;
  if (text->empty() || text->size() > 15) return false;
  int64_t v = 0;
  for (char c : *text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *ms = v;
  return true;
}

void PostZalo(const Request& req, Response& res, const HookContext& ctx) {
  if (ctx.ingest == nullptr || !ctx.channels.zalo_webhook())
    return SendError(res, 404, "no Zalo webhook here (vox settings set zalo.app_id / zalo.oa_secret_key)");
  const std::string sig = req.get_header_value("X-ZEvent-Signature");
  if (sig.empty()) return SendError(res, 401, "unsigned: X-ZEvent-Signature is missing; nothing stored");
  json body = json::parse(req.body, nullptr, false);
  std::string ts;
  int64_t ts_ms = 0;
  if (body.is_discarded() || !body.is_object() || !ZaloTimestamp(body, &ts, &ts_ms))
    return SendError(res, 400, "not a Zalo event: a JSON object with a timestamp is expected; nothing stored");
  if (!VerifyZaloSignature(sig, ctx.channels.zalo_app_id, req.body, ts, ctx.channels.zalo_oa_secret_key))
    return SendError(res, 403, "wrongly signed: X-ZEvent-Signature does not match; nothing stored");
  // Signed with this OA's key: the event must also name this app.
  if (body.contains("app_id") && IdField(body, "app_id") != ctx.channels.zalo_app_id)
    return SendError(res, 403, "the event names another app_id; nothing stored");
  const int64_t now_ms = ctx.clock->Now() * 1000;
  if (ts_ms < now_ms - kZaloWindowMs || ts_ms > now_ms + kZaloWindowMs)
    return SendError(res, 403, "stale: the event's timestamp is more than 5 minutes from the server's clock; nothing stored");
  const std::string event_name = StringField(body, "event_name");
  std::string key;
  if (auto msg = body.find("message"); msg != body.end() && msg->is_object()) {
    const std::string id = IdField(*msg, "msg_id");
    if (!id.empty()) key = "msg:" + id;
  }
  // Events without a message id (follow, unfollow) are told apart by the
  // request's mac: the same signed request twice is a replay.
  if (key.empty()) key = "mac:" + ZaloMac(ctx.channels.zalo_app_id, req.body, ts, ctx.channels.zalo_oa_secret_key);
  SendOffer(res, ctx.ingest->OfferZalo(req.body, key, ts_ms, event_name, now_ms));
}

void GetFacebook(const Request& req, Response& res, const HookContext& ctx) {
  if (ctx.ingest == nullptr || !ctx.channels.facebook_handshake())
    return SendError(res, 404, "no Facebook webhook here (vox settings set facebook.verify_token)");
  const std::string challenge = req.get_param_value("hub.challenge");
  if (req.get_param_value("hub.mode") != "subscribe" || challenge.empty() || challenge.size() > 256 ||
      !SecretEquals(req.get_param_value("hub.verify_token"), ctx.channels.facebook_verify_token))
    return SendError(res, 403, "the verify token does not match (or hub.mode is not subscribe)");
  res.set_content(challenge, "text/plain; charset=utf-8");
}

void PostFacebook(const Request& req, Response& res, const HookContext& ctx) {
  if (ctx.ingest == nullptr || !ctx.channels.facebook_webhook())
    return SendError(res, 404, "no Facebook webhook here (vox settings set facebook.app_secret)");
  const std::string sig = req.get_header_value("X-Hub-Signature-256");
  if (sig.empty()) return SendError(res, 401, "unsigned: X-Hub-Signature-256 is missing; nothing stored");
  if (!VerifyFacebookSignature(sig, ctx.channels.facebook_app_secret, req.body))
    return SendError(res, 403, "wrongly signed: X-Hub-Signature-256 does not match; nothing stored");
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || StringField(body, "object") != "page" ||
      !body.contains("entry"))
    return SendError(res, 400, "not a Page webhook payload ({\"object\": \"page\", \"entry\": [...]}); nothing stored");
  SendOffer(res, ctx.ingest->OfferFacebook(req.body));
}

}  // namespace

const std::vector<RouteDoc>& HookRouteDocs() {
  static const std::vector<RouteDoc> docs = {
      {"POST", "/hooks/zalo"},
      {"GET", "/hooks/facebook"},
      {"POST", "/hooks/facebook"},
  };
  return docs;
}

void AddHookRoutes(Server& server, const HookContext& ctx) {
  server.Post("/hooks/zalo", [&ctx](const Request& req, Response& res) { PostZalo(req, res, ctx); });
  server.Get("/hooks/facebook",
             [&ctx](const Request& req, Response& res) { GetFacebook(req, res, ctx); });
  server.Post("/hooks/facebook",
              [&ctx](const Request& req, Response& res) { PostFacebook(req, res, ctx); });
}

}  // namespace vox::http::internal
