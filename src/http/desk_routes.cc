// /api/v1: the desk's routes (docs/api.md "desk", openapi.json).
//
// Who may call what is decided by the desk (desk::Can); this file only finds
// the actor (session cookie or bearer token), checks the CSRF token of a
// cookie session on every state-changing request, reads and checks JSON
// bodies (unknown fields are refused, naming them), and writes the answers
// in query/desk_json.h's forms.
#include <algorithm>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "desk/audit.h"
#include "desk/outbox.h"
#include "http/http_internal.h"
#include "query/desk_json.h"
#include "query/overview.h"
#include "query/query.h"

namespace vox::http::internal {

namespace {

using Json = nlohmann::json;
using query::Dump;

constexpr const char* kCookie = "vox_session";

std::string CookieValue(const Request& req, const std::string& name) {
  const std::string header = req.get_header_value("Cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(pos, end - pos);
    const size_t first = part.find_first_not_of(' ');
    if (first != std::string::npos) part = part.substr(first);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    pos = end + 1;
  }
  return "";
}

std::string BearerToken(const Request& req) {
  const std::string h = req.get_header_value("Authorization");
  if (h.size() > 7 && (h.rfind("Bearer ", 0) == 0 || h.rfind("bearer ", 0) == 0)) return h.substr(7);
  return "";
}

// Bodies are JSON objects, nested at most a few levels: a deeper one is an
// attack on the parser, refused before parsing.
Result<Json> Body(const Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0)
    return Status::InvalidArgument("body: send JSON with Content-Type: application/json");
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : req.body) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') max_depth = std::max(max_depth, ++depth);
    else if (c == '}' || c == ']') --depth;
  }
  if (max_depth > 8) return Status::InvalidArgument("body: nested deeper than 8 levels");
  Json j = Json::parse(req.body, nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument("body: not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument("body: must be a JSON object");
  return j;
}

// Refuses fields the route does not know, so that a misspelt field is not
// silently ignored (and no field for a person can be slipped in).
Status OnlyFields(const Json& body, std::initializer_list<const char*> known) {
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return it.key() == k; }))
      return Status::InvalidArgument(it.key() + ": not a field of this request");
  }
  return Status::Ok();
}

Status GetString(const Json& body, const char* field, std::optional<std::string>* out) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return Status::InvalidArgument(std::string(field) + ": must be a string");
  *out = it->get<std::string>();
  return Status::Ok();
}

Status GetString(const Json& body, const char* field, std::string* out) {
  std::optional<std::string> v;
  VOX_RETURN_IF_ERROR(GetString(body, field, &v));
  if (v) *out = *v;
  return Status::Ok();
}

Status GetInt(const Json& body, const char* field, std::optional<int64_t>* out) {
  auto it = body.find(field);
  if (it == body.end()) return Status::Ok();
  if (it->is_null()) {
    *out = 0;
    return Status::Ok();
  }
  if (!it->is_number_integer()) return Status::InvalidArgument(std::string(field) + ": must be an integer");
  *out = it->get<int64_t>();
  return Status::Ok();
}

Status GetTime(const Json& body, const char* field, std::optional<int64_t>* out) {
  auto it = body.find(field);
  if (it == body.end()) return Status::Ok();
  if (it->is_null()) {
    *out = 0;
    return Status::Ok();
  }
  int64_t t = 0;
  if (!it->is_string() || !ParseTimestamp(it->get<std::string>(), &t))
    return Status::InvalidArgument(std::string(field) + ": must be an RFC 3339 time");
  *out = t;
  return Status::Ok();
}

Status GetBool(const Json& body, const char* field, bool* out) {
  auto it = body.find(field);
  if (it == body.end()) return Status::Ok();
  if (!it->is_boolean()) return Status::InvalidArgument(std::string(field) + ": must be true or false");
  *out = it->get<bool>();
  return Status::Ok();
}

// [{kind, ref}] with ref a string or an integer.
Status GetLinks(const Json& body, const char* field, std::vector<store::CaseLink>* out) {
  auto it = body.find(field);
  if (it == body.end()) return Status::Ok();
  const Json& links = *it;
  if (!links.is_array() || links.size() > 100)
    return Status::InvalidArgument(std::string(field) + ": must be a list of at most 100 {kind, ref}");
  for (size_t i = 0; i < links.size(); ++i) {
    const Json& l = links[i];
    if (!l.is_object() || !l.contains("kind") || !l["kind"].is_string() || !l.contains("ref") ||
        !(l["ref"].is_string() || l["ref"].is_number_integer()))
      return Status::InvalidArgument(std::string(field) + ": entry " + std::to_string(i) + " must be {kind, ref}");
    store::CaseLink link;
    link.kind = l["kind"].get<std::string>();
    link.ref = l["ref"].is_string() ? l["ref"].get<std::string>() : std::to_string(l["ref"].get<int64_t>());
    out->push_back(link);
  }
  return Status::Ok();
}

bool ParseId(const std::string& s, int64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return v > 0;
}

Status IntQuery(const Request& req, const char* name, int64_t lo, int64_t hi, int64_t* out) {
  if (!req.has_param(name)) return Status::Ok();
  int64_t v = 0;
  const std::string s = req.get_param_value(name);
  if (s == "0" && lo == 0) {
    *out = 0;
    return Status::Ok();
  }
  if (!ParseId(s, &v) || v < lo || v > hi)
    return Status::InvalidArgument(std::string(name) + ": must be an integer from " + std::to_string(lo) + " to " +
                                   std::to_string(hi));
  *out = v;
  return Status::Ok();
}

void SendJson(Response& res, int code, const Json& j) {
  res.status = code;
  res.set_content(Dump(j), "application/json");
}

bool IsMutating(const Request& req) { return req.method != "GET" && req.method != "HEAD"; }

// The common frame of a desk route: the desk, the actor, the CSRF check.
// `fn` answers; errors become {error, field?} with the Status's code.
using Handler = std::function<void(desk::Desk&, const desk::Actor&, const Request&, Response&)>;

void WithActor(const DeskContext& ctx, const Request& req, Response& res, const Handler& fn) {
  auto d = ThreadDesk(ctx);
  if (!d.ok()) return SendError(res, 503, d.status().message());
  std::string csrf;
  auto actor = RequestActor(ctx, req, &csrf);
  if (!actor.ok()) return SendStatus(res, actor.status());
  if (IsMutating(req) && !csrf.empty() && !desk::SameSecret(req.get_header_value("X-CSRF-Token"), csrf))
    return SendError(res, 403, "missing or wrong X-CSRF-Token header (the token POST /api/v1/session answered)");
  fn(**d, *actor, req, res);
}

// ---- /api/v1/session

void SessionCookie(const DeskContext& ctx, Response& res, const std::string& value, bool clear) {
  std::string c = std::string(kCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (ctx.secure_cookies) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  res.set_header("Set-Cookie", c);
}

// What a role may do (desk::Can), by the names the dashboard uses to show
// only the actions it allows.
Json RoleCan(desk::Role role) {
  static constexpr std::pair<desk::Action, const char*> kNames[] = {
      {desk::Action::kManageUsers, "manage_users"}, {desk::Action::kReadCases, "read_cases"},
      {desk::Action::kOpenCase, "open_case"},       {desk::Action::kHandleCase, "handle_case"},
      {desk::Action::kApproveAnswer, "approve_answer"}, {desk::Action::kSubmitReport, "submit_report"},
      {desk::Action::kReadReports, "read_reports"}, {desk::Action::kReadAudit, "read_audit"},
      {desk::Action::kReadItems, "read_items"}};
  Json out = Json::array();
  for (const auto& [a, name] : kNames) {
    if (desk::Can(role, a)) out.push_back(name);
  }
  return out;
}

void PostSession(const DeskContext& ctx, const Request& req, Response& res) {
  auto d = ThreadDesk(ctx);
  if (!d.ok()) return SendError(res, 503, d.status().message());
  auto body = Body(req);
  if (!body.ok()) return SendStatus(res, body.status());
  std::string user, password;
  Status st = OnlyFields(*body, {"user", "password"});
  if (st.ok()) st = GetString(*body, "user", &user);
  if (st.ok()) st = GetString(*body, "password", &password);
  if (st.ok() && user.empty()) st = Status::InvalidArgument("user: required");
  if (!st.ok()) return SendStatus(res, st);
  auto login = (*d)->Login(user, password, req.remote_addr);
  if (!login.ok()) return SendStatus(res, login.status());
  SessionCookie(ctx, res, login->session_token, false);
  Json who = query::UserJson(login->user, (*d)->Now());
  if (auto role = desk::ParseRole(login->user.role)) who["can"] = RoleCan(*role);
  SendJson(res, 200, {{"csrf", login->csrf}, {"user", who}});
}

void GetSession(const DeskContext& ctx, const Request& req, Response& res) {
  auto d = ThreadDesk(ctx);
  if (!d.ok()) return SendError(res, 503, d.status().message());
  std::string csrf;
  auto actor = RequestActor(ctx, req, &csrf);
  if (!actor.ok()) return SendStatus(res, actor.status());
  Json who = {{"name", actor->name}, {"role", desk::RoleName(actor->role)}, {"can", RoleCan(actor->role)}};
  if (actor->user_id != 0) who["id"] = actor->user_id;
  SendJson(res, 200, {{"csrf", csrf.empty() ? Json(nullptr) : Json(csrf)}, {"user", who}});
}

void DeleteSession(const DeskContext& ctx, const Request& req, Response& res) {
  WithActor(ctx, req, res, [&](desk::Desk& d, const desk::Actor&, const Request& r, Response& out) {
    const std::string token = CookieValue(r, kCookie);
    if (Status s = d.Logout(token); !s.ok()) return SendStatus(out, s);
    SessionCookie(ctx, out, "", true);
    SendJson(out, 200, {{"ok", true}});
  });
}

// ---- users, units, tokens

void GetUsers(desk::Desk& d, const desk::Actor& a, const Request&, Response& res) {
  auto users = d.ListUsers(a);
  if (!users.ok()) return SendStatus(res, users.status());
  Json out = Json::array();
  for (const auto& u : *users) out.push_back(query::UserJson(u, d.Now()));
  SendJson(res, 200, out);
}

void PostUsers(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  auto body = Body(req);
  if (!body.ok()) return SendStatus(res, body.status());
  std::string name, role, password;
  std::optional<int64_t> unit;
  Status st = OnlyFields(*body, {"name", "role", "password", "unit_id"});
  if (st.ok()) st = GetString(*body, "name", &name);
  if (st.ok()) st = GetString(*body, "role", &role);
  if (st.ok()) st = GetString(*body, "password", &password);
  if (st.ok()) st = GetInt(*body, "unit_id", &unit);
  if (!st.ok()) return SendStatus(res, st);
  const bool generated = password.empty();
  if (generated) password = desk::GeneratePassword();
  auto u = d.AddUser(a, name, role, password, unit.value_or(0));
  if (!u.ok()) return SendStatus(res, u.status());
  Json out = query::UserJson(*u, d.Now());
  if (generated) out["password"] = password;  // shown once
  SendJson(res, 201, out);
}

void PatchUser(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  int64_t id = 0;
  if (!ParseId(req.matches[1], &id)) return SendStatus(res, Status::NotFound("no such user"));
  auto body = Body(req);
  if (!body.ok()) return SendStatus(res, body.status());
  std::optional<std::string> role, password;
  std::optional<bool> disabled;
  bool dis = false;
  Status st = OnlyFields(*body, {"role", "password", "disabled"});
  if (st.ok()) st = GetString(*body, "role", &role);
  if (st.ok()) st = GetString(*body, "password", &password);
  if (st.ok() && body->contains("disabled")) {
    st = GetBool(*body, "disabled", &dis);
    disabled = dis;
  }
  if (!st.ok()) return SendStatus(res, st);
  // Only admins change others; a user may change their own password.
  if (!(a.user_id == id && !role && !disabled) && !desk::Can(a.role, desk::Action::kManageUsers))
    return SendStatus(res, Status::PermissionDenied("the " + std::string(desk::RoleName(a.role)) +
                                                    " role may not manage users, units and tokens"));
  auto u = d.store().GetUser(id);
  if (!u.ok()) return SendStatus(res, u.status());
  if (!*u) return SendStatus(res, Status::NotFound("no user " + std::to_string(id)));
  const std::string name = (*u)->name;
  if (role) st = d.SetRole(a, name, *role);
  if (st.ok() && disabled) st = d.SetDisabled(a, name, *disabled);
  if (st.ok() && password) st = d.SetPassword(a, name, *password);
  if (!st.ok()) return SendStatus(res, st);
  auto again = d.store().GetUser(id);
  if (!again.ok() || !*again) return SendStatus(res, again.ok() ? Status::NotFound("gone") : again.status());
  SendJson(res, 200, query::UserJson(**again, d.Now()));
}

void GetUnits(desk::Desk& d, const desk::Actor& a, const Request&, Response& res) {
  auto units = d.ListUnits(a);
  if (!units.ok()) return SendStatus(res, units.status());
  Json out = Json::array();
  for (const auto& u : *units) out.push_back(query::UnitJson(u));
  SendJson(res, 200, out);
}

void PostUnits(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  auto body = Body(req);
  if (!body.ok()) return SendStatus(res, body.status());
  std::string name, kind;
  Status st = OnlyFields(*body, {"name", "kind"});
  if (st.ok()) st = GetString(*body, "name", &name);
  if (st.ok()) st = GetString(*body, "kind", &kind);
  if (!st.ok()) return SendStatus(res, st);
  auto u = d.AddUnit(a, name, kind);
  if (!u.ok()) return SendStatus(res, u.status());
  SendJson(res, 201, query::UnitJson(*u));
}

void GetTokens(desk::Desk& d, const desk::Actor& a, const Request&, Response& res) {
  auto tokens = d.ListTokens(a);
  if (!tokens.ok()) return SendStatus(res, tokens.status());
  Json out = Json::array();
  for (const auto& t : *tokens) out.push_back(query::TokenJson(t));
  SendJson(res, 200, out);
}

void PostTokens(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  auto body = Body(req);
  if (!body.ok()) return SendStatus(res, body.status());
  std::string name, role;
  Status st = OnlyFields(*body, {"name", "role"});
  if (st.ok()) st = GetString(*body, "name", &name);
  if (st.ok()) st = GetString(*body, "role", &role);
  if (!st.ok()) return SendStatus(res, st);
  auto t = d.AddToken(a, name, role);
  if (!t.ok()) return SendStatus(res, t.status());
  Json out = query::TokenJson(t->record);
  out["token"] = t->token;  // shown once
  SendJson(res, 201, out);
}

void DeleteToken(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  int64_t id = 0;
  if (!ParseId(req.matches[1], &id)) return SendStatus(res, Status::NotFound("no such token"));
  if (Status s = d.RevokeToken(a, id); !s.ok()) return SendStatus(res, s);
  SendJson(res, 200, {{"id", id}, {"revoked", true}});
}

// ---- cases

void GetCases(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  store::CaseQuery q;
  int64_t limit = 50, overdue = 0;
  Status st = IntQuery(req, "limit", 1, 500, &limit);
  if (st.ok()) st = IntQuery(req, "unit", 1, INT64_MAX / 2, &q.unit_id);
  if (st.ok()) st = IntQuery(req, "overdue", 0, 1, &overdue);
  if (st.ok()) st = IntQuery(req, "cursor", 1, INT64_MAX / 2, &q.after_id);
  if (!st.ok()) return SendStatus(res, st);
  q.limit = static_cast<int>(limit);
  q.overdue_only = overdue == 1;
  q.state = req.get_param_value("state");
  q.kind = req.get_param_value("kind");
  auto page = d.ListCases(a, q);
  if (!page.ok()) return SendStatus(res, page.status());
  Json out = Json::array();
  for (const auto& c : page->cases) out.push_back(query::CaseJson(c, d.Now()));
  if (page->next_after != 0) res.set_header("X-Next-Cursor", std::to_string(page->next_after));
  SendJson(res, 200, out);
}

Json CaseWithLinks(desk::Desk& d, const desk::Actor& a, const store::Case& c) {
  Json j = query::CaseJson(c, d.Now());
  Json links = Json::array();
  if (auto l = d.Links(a, c.id); l.ok()) {
    for (const auto& link : *l) links.push_back(query::CaseLinkJson(link));
  }
  j["links"] = links;
  Json sends = Json::array();
  store::OutboxQuery q;
  q.case_id = c.id;
  if (auto l = d.ListSends(a, q); l.ok()) {
    for (const auto& send : *l) sends.push_back(query::OutboxSendJson(send));
  }
  j["sends"] = sends;
  return j;
}

// GET /api/v1/outbox?state&case&channel&cursor&limit: newest first, X-Next-Cursor.
void GetOutbox(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  store::OutboxQuery q;
  int64_t limit = 50;
  Status st = IntQuery(req, "limit", 1, 500, &limit);
  if (st.ok()) st = IntQuery(req, "case", 1, INT64_MAX / 2, &q.case_id);
  if (st.ok()) st = IntQuery(req, "cursor", 1, INT64_MAX / 2, &q.after_id);
  if (!st.ok()) return SendStatus(res, st);
  q.limit = static_cast<int>(limit);
  q.state = req.get_param_value("state");
  q.channel = req.get_param_value("channel");
  auto sends = d.ListSends(a, q);
  if (!sends.ok()) return SendStatus(res, sends.status());
  Json out = Json::array();
  for (const auto& s : *sends) out.push_back(query::OutboxSendJson(s));
  if (static_cast<int64_t>(sends->size()) == limit) res.set_header("X-Next-Cursor", std::to_string(sends->back().id));
  SendJson(res, 200, out);
}

// POST /api/v1/outbox/{id}/retry: a failed (or waiting) send queued again.
void PostOutboxRetry(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  int64_t id = 0;
  if (!ParseId(req.matches[1], &id)) return SendStatus(res, Status::NotFound("no such send"));
  auto s = d.RetrySend(a, id);
  if (!s.ok()) return SendStatus(res, s.status());
  SendJson(res, 200, query::OutboxSendJson(*s));
}

void PostCases(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  auto body = Body(req);
  if (!body.ok()) return SendStatus(res, body.status());
  desk::CaseDraft draft;
  Status st = OnlyFields(*body, {"kind", "title", "description", "origin", "origin_ref", "category", "place",
                                 "contact", "links"});
  for (auto [field, out] : {std::pair{"kind", &draft.kind}, {"title", &draft.title},
                            {"description", &draft.description}, {"origin", &draft.origin},
                            {"origin_ref", &draft.origin_ref}, {"category", &draft.category},
                            {"place", &draft.place}, {"contact", &draft.contact}}) {
    if (st.ok()) st = GetString(*body, field, out);
  }
  if (st.ok()) st = GetLinks(*body, "links", &draft.links);
  if (st.ok() && draft.kind.empty()) st = Status::InvalidArgument("kind: required");
  if (!st.ok()) return SendStatus(res, st);
  auto c = d.OpenCase(a, draft);
  if (!c.ok()) return SendStatus(res, c.status());
  res.set_header("ETag", "\"" + std::to_string(c->version) + "\"");
  SendJson(res, 201, CaseWithLinks(d, a, *c));
}

bool CaseId(const Request& req, Response& res, int64_t* id) {
  if (ParseId(req.matches[1], id)) return true;
  SendStatus(res, Status::NotFound("no such case"));
  return false;
}

void GetCase(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  int64_t id = 0;
  if (!CaseId(req, res, &id)) return;
  auto c = d.GetCase(a, id);
  if (!c.ok()) return SendStatus(res, c.status());
  res.set_header("ETag", "\"" + std::to_string(c->version) + "\"");
  SendJson(res, 200, CaseWithLinks(d, a, *c));
}

// The version a change is based on: If-Match: "<version>" or `version` in the body.
Status BaseVersion(const Request& req, const Json& body, int64_t* version) {
  std::optional<int64_t> v;
  VOX_RETURN_IF_ERROR(GetInt(body, "version", &v));
  std::string m = req.get_header_value("If-Match");
  if (!m.empty()) {
    if (m.rfind("W/", 0) == 0) m = m.substr(2);
    if (m.size() >= 2 && m.front() == '"' && m.back() == '"') m = m.substr(1, m.size() - 2);
    int64_t h = 0;
    if (!ParseId(m, &h)) return Status::InvalidArgument("If-Match: must be a case version (\"3\")");
    if (v && *v != h) return Status::InvalidArgument("version: differs from If-Match");
    v = h;
  }
  if (!v || *v <= 0)
    return Status::InvalidArgument("version: required (the version the change is based on, or If-Match)");
  *version = *v;
  return Status::Ok();
}

void PatchCase(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  int64_t id = 0;
  if (!CaseId(req, res, &id)) return;
  auto body = Body(req);
  if (!body.ok()) return SendStatus(res, body.status());
  desk::CasePatch p;
  Status st = OnlyFields(*body, {"version", "state", "note", "unit_id", "assignee_id", "due_at", "duplicate_of",
                                 "responsible_body", "title", "description", "category", "place", "kind",
                                 "internal_answer", "public_answer", "approve_answer", "links", "publish_to"});
  if (st.ok()) st = BaseVersion(req, *body, &p.version);
  if (st.ok() && body->contains("publish_to")) {
    const Json& t = (*body)["publish_to"];
    if (!t.is_array()) {
      st = Status::InvalidArgument("publish_to: must be an array of targets (feed, webhook, facebook_page, zalo_article)");
    } else {
      p.publish_to.emplace();
      for (const Json& v : t) {
        if (!v.is_string()) {
          st = Status::InvalidArgument("publish_to: must be an array of targets (feed, webhook, facebook_page, zalo_article)");
          break;
        }
        p.publish_to->push_back(v.get<std::string>());
      }
    }
  }
  for (auto [field, out] : {std::pair{"state", &p.state}, {"note", &p.note}, {"responsible_body", &p.responsible_body},
                            {"title", &p.title}, {"description", &p.description}, {"category", &p.category},
                            {"place", &p.place}, {"kind", &p.kind}, {"internal_answer", &p.internal_answer},
                            {"public_answer", &p.public_answer}}) {
    if (st.ok()) st = GetString(*body, field, out);
  }
  for (auto [field, out] :
       {std::pair{"unit_id", &p.unit_id}, {"assignee_id", &p.assignee_id}, {"duplicate_of", &p.duplicate_of}}) {
    if (st.ok()) st = GetInt(*body, field, out);
  }
  if (st.ok()) st = GetTime(*body, "due_at", &p.due_at);
  if (st.ok()) st = GetBool(*body, "approve_answer", &p.approve_answer);
  if (st.ok()) st = GetLinks(*body, "links", &p.add_links);
  if (!st.ok()) return SendStatus(res, st);
  auto c = d.ChangeCase(a, id, p);
  if (!c.ok()) {
    if (c.status().code() == StatusCode::kConflict) {
      Json err = {{"error", c.status().message()}, {"field", "version"}};
      if (auto now = d.store().GetCase(id); now.ok() && *now) err["version"] = (*now)->version;
      return SendJson(res, 409, err);
    }
    return SendStatus(res, c.status());
  }
  res.set_header("ETag", "\"" + std::to_string(c->version) + "\"");
  SendJson(res, 200, CaseWithLinks(d, a, *c));
}

void GetEvents(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  int64_t id = 0;
  if (!CaseId(req, res, &id)) return;
  auto events = d.Events(a, id);
  if (!events.ok()) return SendStatus(res, events.status());
  Json out = Json::array();
  for (const auto& e : *events) out.push_back(query::CaseEventJson(e));
  SendJson(res, 200, out);
}

void PostEvent(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  int64_t id = 0;
  if (!CaseId(req, res, &id)) return;
  auto body = Body(req);
  if (!body.ok()) return SendStatus(res, body.status());
  std::string text;
  Status st = OnlyFields(*body, {"text"});
  if (st.ok()) st = GetString(*body, "text", &text);
  if (!st.ok()) return SendStatus(res, st);
  auto e = d.Comment(a, id, text);
  if (!e.ok()) return SendStatus(res, e.status());
  SendJson(res, 201, query::CaseEventJson(*e));
}

void GetContact(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  int64_t id = 0;
  if (!CaseId(req, res, &id)) return;
  auto c = d.ReadContact(a, id);
  if (!c.ok()) return SendStatus(res, c.status());
  SendJson(res, 200, {{"case_id", id}, {"contact", *c}});
}

// ---- reports

void GetReports(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  int64_t limit = 50, after = 0;
  Status st = IntQuery(req, "limit", 1, 500, &limit);
  if (st.ok()) st = IntQuery(req, "cursor", 1, INT64_MAX / 2, &after);
  if (!st.ok()) return SendStatus(res, st);
  auto list = d.ListReports(a, after, static_cast<int>(limit));
  if (!list.ok()) return SendStatus(res, list.status());
  Json out = Json::array();
  for (const auto& r : *list) out.push_back(query::ReportJson(r));
  if (static_cast<int64_t>(list->size()) == limit) res.set_header("X-Next-Cursor", std::to_string(list->back().id));
  SendJson(res, 200, out);
}

void PostReports(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  auto body = Body(req);
  if (!body.ok()) return SendStatus(res, body.status());
  store::Report r;
  Status st = OnlyFields(*body, {"text", "link", "place", "concern"});
  for (auto [field, out] : {std::pair{"text", &r.text}, {"link", &r.link}, {"place", &r.place}, {"concern", &r.concern}}) {
    if (st.ok()) st = GetString(*body, field, out);
  }
  if (!st.ok()) return SendStatus(res, st);
  auto saved = d.SubmitReport(a, r);
  if (!saved.ok()) return SendStatus(res, saved.status());
  SendJson(res, 201, query::ReportJson(*saved));
}

void PostReportCase(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  int64_t id = 0;
  if (!ParseId(req.matches[1], &id)) return SendStatus(res, Status::NotFound("no such report"));
  auto body = Body(req);
  if (!body.ok()) return SendStatus(res, body.status());
  std::string kind;
  Status st = OnlyFields(*body, {"kind"});
  if (st.ok()) st = GetString(*body, "kind", &kind);
  if (!st.ok()) return SendStatus(res, st);
  auto c = d.OpenCaseFromReport(a, id, kind);
  if (!c.ok()) return SendStatus(res, c.status());
  SendJson(res, 201, CaseWithLinks(d, a, *c));
}

// ---- audit

void GetAudit(desk::Desk& d, const desk::Actor& a, const Request& req, Response& res) {
  store::AuditQuery q;
  int64_t limit = 100, case_id = 0;
  Status st = IntQuery(req, "limit", 1, 1000, &limit);
  if (st.ok()) st = IntQuery(req, "after", 1, INT64_MAX / 2, &q.after_seq);
  if (st.ok()) st = IntQuery(req, "case", 1, INT64_MAX / 2, &case_id);
  if (st.ok() && req.has_param("since") && !ParseTimestamp(req.get_param_value("since"), &q.since))
    st = Status::InvalidArgument("since: must be an RFC 3339 time");
  if (!st.ok()) return SendStatus(res, st);
  q.limit = static_cast<int>(limit);
  q.actor = req.get_param_value("actor");
  if (case_id != 0) q.target = "case:" + std::to_string(case_id);
  auto entries = d.Audit(a, q);
  if (!entries.ok()) return SendStatus(res, entries.status());
  Json out = Json::array();
  for (const auto& e : *entries) out.push_back(query::AuditJson(e));
  if (static_cast<int64_t>(entries->size()) == limit) res.set_header("X-Next-Cursor", std::to_string(entries->back().seq));
  SendJson(res, 200, out);
}

void GetAuditVerify(desk::Desk& d, const desk::Actor& a, const Request&, Response& res) {
  if (!desk::Can(a.role, desk::Action::kReadAudit))
    return SendStatus(res, Status::PermissionDenied("the " + std::string(desk::RoleName(a.role)) +
                                                    " role may not read the audit log"));
  auto check = desk::VerifyAudit(d.store());
  if (!check.ok()) return SendStatus(res, check.status());
  SendJson(res, 200, query::AuditCheckJson(*check));
}

// ---- /api/v1/matches/decision

// This worker's connection that may write items' matches (the read-only one
// serves every read).
Result<store::Store*> ThreadWriteStore(const std::string& db) {
  thread_local std::unique_ptr<store::Store> st;
  if (!st) {
    auto opened = store::Store::Open(db, {});
    if (!opened.ok()) return opened.status();
    st = std::move(opened).value();
  }
  return st.get();
}

// POST /api/v1/matches/decision {source, item_id, factcheck_id, decision:
// accept|reject}: staff confirm or reject a match the matcher made (as `vox
// match decide`), keeping its score, so that `vox match calibrate` learns from
// it. Roles that handle cases and read items; audited as match.accept or
// match.reject with the state before and after.
void PostMatchDecision(const DeskContext& ctx, desk::Desk& d, const desk::Actor& a, const Request& req,
                       Response& res) {
  if (!desk::Can(a.role, desk::Action::kHandleCase) || !desk::Can(a.role, desk::Action::kReadItems))
    return SendStatus(res, Status::PermissionDenied("the " + std::string(desk::RoleName(a.role)) +
                                                    " role may not decide fact-check matches"));
  auto body = Body(req);
  if (!body.ok()) return SendStatus(res, body.status());
  std::string source, item, factcheck, decision;
  Status st = OnlyFields(*body, {"source", "item_id", "factcheck_id", "decision"});
  for (auto [field, out] : {std::pair{"source", &source}, {"item_id", &item}, {"factcheck_id", &factcheck},
                            {"decision", &decision}}) {
    if (st.ok()) st = GetString(*body, field, out);
    if (st.ok() && out->empty()) st = Status::InvalidArgument(std::string(field) + ": required");
  }
  store::MatchState state = store::MatchState::kAccepted;
  if (st.ok() && decision == "reject") state = store::MatchState::kRejected;
  else if (st.ok() && decision != "accept") st = Status::InvalidArgument("decision: must be accept or reject");
  if (!st.ok()) return SendStatus(res, st);
  auto w = ThreadWriteStore(ctx.db);
  if (!w.ok()) return SendError(res, 503, w.status().message());
  store::Store& items = **w;
  std::optional<store::Match> found;
  st = items.ForEachMatch([&](const store::Match& m) {
    if (m.item_source == source && m.item_id == item && m.factcheck_id == factcheck) found = m;
    return !found;
  });
  if (!st.ok()) return SendStatus(res, st);
  if (!found) {
    return SendStatus(res, Status::NotFound("no match of item " + source + "/" + item + " with fact-check " + factcheck));
  }
  st = items.DecideMatch(source, item, factcheck, state, found->score);
  if (!st.ok()) return SendStatus(res, st);
  const std::string before = store::MatchStateName(found->state);
  found->state = state;
  st = d.Record(a, state == store::MatchState::kAccepted ? "match.accept" : "match.reject",
                "match:" + source + "/" + item + "/" + factcheck, before, store::MatchStateName(state));
  if (!st.ok()) return SendStatus(res, st);
  SendJson(res, 200, query::MatchJson(*found));
}

struct DeskRoute {
  const char* method;
  const char* pattern;  // httplib's regex
  const char* doc;      // OpenAPI path
  void (*handler)(desk::Desk&, const desk::Actor&, const Request&, Response&);
};

// GET /api/v1/cases/{id}/reach: what the case's published answer reached on
// the Page (read back from Graph; at most once per case every ten minutes)
// beside how its story spread before and after the answer (docs/channels.md
// "Reach"). Counts only.
void GetReach(const DeskContext& ctx, const Request& req, Response& res) {
  std::string csrf;
  auto actor = RequestActor(ctx, req, &csrf);
  if (!actor.ok()) return SendStatus(res, actor.status());
  auto d = ThreadDesk(ctx);
  if (!d.ok()) return SendStatus(res, d.status());
  int64_t id = 0;
  if (!CaseId(req, res, &id)) return;
  auto c = (*d)->GetCase(*actor, id);  // checks that the actor may read cases
  if (!c.ok()) return SendStatus(res, c.status());
  static std::mutex mu;
  static std::map<int64_t, std::pair<int64_t, Json>> cache;  // case -> (when, answer)
  const int64_t now = (*d)->Now();
  // The readings taken on a schedule (reach.interval_minutes), read from the
  // store on every call: the Graph calls alone are cached.
  auto with_history = [&](Json out) {
    auto hist = (*d)->ReachHistory(*actor, id, 1000);
    Json h = Json::array();
    if (hist.ok()) {
      for (const store::ReachSnapshot& r : *hist) {
        Json one = {{"at", FormatTimestamp(r.taken_at)}, {"send", r.send_id}};
        int64_t sum = 0;
        bool any = false;
        for (auto [name, n] : {std::pair<const char*, int64_t>{"reactions", r.reactions}, {"comments", r.comments},
                               {"shares", r.shares}}) {
          one[name] = n >= 0 ? Json(n) : Json(nullptr);
          if (n >= 0) {
            sum += n;
            any = true;
          }
        }
        one["engagement"] = any ? Json(sum) : Json(nullptr);
        one["impressions"] = r.impressions >= 0 ? Json(r.impressions) : Json(nullptr);
        if (!r.error.empty()) one["error"] = r.error;
        h.push_back(std::move(one));
      }
    }
    out["history"] = std::move(h);
    return out;
  };
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(id);
    if (it != cache.end() && now - it->second.first < 600) return SendJson(res, 200, with_history(it->second.second));
  }
  store::OutboxQuery q;
  q.case_id = id;
  q.limit = 100;
  auto sends = (*d)->ListSends(*actor, q);
  if (!sends.ok()) return SendStatus(res, sends.status());
  Json answers = Json::array();
  int64_t published_at = 0;
  int64_t engagement = 0;
  bool counted = false;
  std::unique_ptr<desk::Transport> http;
  for (const store::OutboxSend& s : *sends) {
    if (s.state != "sent") continue;
    if (published_at == 0 || s.sent_at < published_at) published_at = s.sent_at;
    if (s.channel != "facebook_page") continue;
    if (!http) http = desk::CurlTransport();
    desk::Engagement e = desk::PageEngagement(*http, ctx.channels, s.platform_id, 10000);
    Json a = {{"send", s.id}, {"channel", s.channel}, {"platform_id", s.platform_id},
              {"published_at", FormatTimestamp(s.sent_at)}, {"reactions", e.reactions}, {"comments", e.comments},
              {"shares", e.shares}};
    if (!e.error.empty()) a["error"] = e.error;
    for (int64_t n : {e.reactions, e.comments, e.shares}) {
      if (n >= 0) {
        engagement += n;
        counted = true;
      }
    }
    answers.push_back(std::move(a));
  }
  Json out = {{"case_id", id}, {"answers", answers}, {"story", nullptr}};
  if (published_at != 0) out["published_at"] = FormatTimestamp(published_at);
  auto links = (*d)->Links(*actor, id);
  auto read = ThreadStore(ctx.db);
  if (links.ok() && read.ok() && published_at != 0) {
    // The story it links, else the story it was opened from.
    std::vector<int64_t> stories;
    for (const store::CaseLink& l : *links)
      if (l.kind == "story") stories.push_back(std::strtoll(l.ref.c_str(), nullptr, 10));
    if (c->origin_ref.rfind("story:", 0) == 0) stories.push_back(std::strtoll(c->origin_ref.c_str() + 6, nullptr, 10));
    for (int64_t story : stories) {
      auto spread = query::StorySpreadJson(**read, story, published_at);
      if (spread.ok()) {
        out["story"] = *spread;
        break;
      }
    }
  }
  // "Trả lời đạt 37 lượt tương tác; câu chuyện có 120 bài từ 80 người; sau
  // khi trả lời: 4,2 → 0,8 bài/giờ" — the dashboard words it; the numbers here.
  out["answer_engagement"] = counted ? Json(engagement) : Json(nullptr);
  {
    std::lock_guard<std::mutex> lock(mu);
    if (cache.size() > 10000) cache.clear();
    cache[id] = {now, out};
  }
  SendJson(res, 200, with_history(std::move(out)));
}

constexpr DeskRoute kRoutes[] = {
    {"GET", "/api/v1/users", "/api/v1/users", GetUsers},
    {"POST", "/api/v1/users", "/api/v1/users", PostUsers},
    {"PATCH", R"(/api/v1/users/(\d+))", "/api/v1/users/{id}", PatchUser},
    {"GET", "/api/v1/units", "/api/v1/units", GetUnits},
    {"POST", "/api/v1/units", "/api/v1/units", PostUnits},
    {"GET", "/api/v1/tokens", "/api/v1/tokens", GetTokens},
    {"POST", "/api/v1/tokens", "/api/v1/tokens", PostTokens},
    {"DELETE", R"(/api/v1/tokens/(\d+))", "/api/v1/tokens/{id}", DeleteToken},
    {"GET", "/api/v1/cases", "/api/v1/cases", GetCases},
    {"POST", "/api/v1/cases", "/api/v1/cases", PostCases},
    {"GET", R"(/api/v1/cases/(\d+))", "/api/v1/cases/{id}", GetCase},
    {"PATCH", R"(/api/v1/cases/(\d+))", "/api/v1/cases/{id}", PatchCase},
    {"GET", R"(/api/v1/cases/(\d+)/events)", "/api/v1/cases/{id}/events", GetEvents},
    {"POST", R"(/api/v1/cases/(\d+)/events)", "/api/v1/cases/{id}/events", PostEvent},
    {"GET", R"(/api/v1/cases/(\d+)/contact)", "/api/v1/cases/{id}/contact", GetContact},
    {"GET", "/api/v1/reports", "/api/v1/reports", GetReports},
    {"POST", "/api/v1/reports", "/api/v1/reports", PostReports},
    {"POST", R"(/api/v1/reports/(\d+)/case)", "/api/v1/reports/{id}/case", PostReportCase},
    {"GET", "/api/v1/audit", "/api/v1/audit", GetAudit},
    {"GET", "/api/v1/audit/verify", "/api/v1/audit/verify", GetAuditVerify},
    {"GET", "/api/v1/outbox", "/api/v1/outbox", GetOutbox},
    {"POST", R"(/api/v1/outbox/(\d+)/retry)", "/api/v1/outbox/{id}/retry", PostOutboxRetry},
};

}  // namespace

Result<desk::Desk*> ThreadDesk(const DeskContext& ctx) {
  thread_local std::unique_ptr<store::DeskStore> ds;
  thread_local std::unique_ptr<desk::Desk> d;
  if (!d) {
    auto opened = store::DeskStore::Open(ctx.db, {});
    if (!opened.ok()) return opened.status();
    ds = std::move(opened).value();
    desk::DeskOptions o = ctx.options;
    o.contact_key = ctx.contact_key;
    d = std::make_unique<desk::Desk>(*ds, o);
  }
  return d.get();
}

Result<desk::Actor> RequestActor(const DeskContext& ctx, const Request& req, std::string* csrf) {
  auto d = ThreadDesk(ctx);
  if (!d.ok()) return d.status();
  csrf->clear();
  const std::string bearer = BearerToken(req);
  if (!bearer.empty()) return (*d)->TokenActor(bearer);
  const std::string cookie = CookieValue(req, kCookie);
  if (cookie.empty()) return Status::Unauthenticated("sign in first (POST /api/v1/session) or send a bearer token");
  auto s = (*d)->SessionActor(cookie);
  if (!s.ok()) return s.status();
  *csrf = s->second;
  return s->first;
}

const std::vector<RouteDoc>& DeskRouteDocs() {
  static const std::vector<RouteDoc> docs = [] {
    std::vector<RouteDoc> v = {{"POST", "/api/v1/session"}, {"GET", "/api/v1/session"}, {"DELETE", "/api/v1/session"},
                                {"GET", "/api/v1/report"}, {"GET", "/api/v1/cases/{id}/reach"},
                                {"POST", "/api/v1/matches/decision"}};
    for (const DeskRoute& r : kRoutes) v.push_back({r.method, r.doc});
    for (const RouteDoc& r : DashRouteDocs()) v.push_back(r);
    return v;
  }();
  return docs;
}

void AddDeskRoutes(Server& server, const DeskContext& ctx) {
  server.Post("/api/v1/session", [&ctx](const Request& req, Response& res) { PostSession(ctx, req, res); });
  server.Get("/api/v1/session", [&ctx](const Request& req, Response& res) { GetSession(ctx, req, res); });
  server.Get(R"(/api/v1/cases/(\d+)/reach)", [&ctx](const Request& req, Response& res) { GetReach(ctx, req, res); });
  server.Delete("/api/v1/session",
                [&ctx](const Request& req, Response& res) { DeleteSession(ctx, req, res); });
  AddReportRoute(server, ctx);
  AddDashRoutes(server, ctx);
  server.Post("/api/v1/matches/decision", [&ctx](const Request& req, Response& res) {
    WithActor(ctx, req, res, [&ctx](desk::Desk& d, const desk::Actor& a, const Request& rq, Response& rs) {
      PostMatchDecision(ctx, d, a, rq, rs);
    });
  });
  for (const DeskRoute& r : kRoutes) {
    auto h = [&ctx, fn = r.handler](const Request& req, Response& res) {
      WithActor(ctx, req, res, fn);
    };
    const std::string m = r.method;
    if (m == "GET") server.Get(r.pattern, h);
    else if (m == "POST") server.Post(r.pattern, h);
    else if (m == "PATCH") server.Patch(r.pattern, h);
    else if (m == "DELETE") server.Delete(r.pattern, h);
  }
}

}  // namespace vox::http::internal
