#include "desk/desk.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "desk/audit.h"
#include "desk/outbox.h"
#include "text/text.h"

namespace vox::desk {

namespace {

using Json = nlohmann::json;

constexpr size_t kMaxName = 100;
constexpr size_t kMaxTitle = 500;
constexpr size_t kMaxText = 64 * 1024;

template <size_t N>
bool OneOf(std::string_view v, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), v) != std::end(list);
}

// A field a person typed: valid UTF-8, bounded, no control characters but
// line breaks and tabs where `multiline`.
Status CheckText(std::string_view field, std::string_view v, size_t max, bool multiline) {
  if (v.size() > max)
    return Status::InvalidArgument(std::string(field) + ": longer than " + std::to_string(max) + " bytes");
  if (!text::IsValidUtf8(v)) return Status::InvalidArgument(std::string(field) + ": not valid UTF-8");
  for (unsigned char c : v) {
    if (c < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r')))
      return Status::InvalidArgument(std::string(field) + ": control characters are not allowed");
    if (c == 0x7f) return Status::InvalidArgument(std::string(field) + ": control characters are not allowed");
  }
  return Status::Ok();
}

Status CheckName(std::string_view field, std::string_view v) {
  if (v.empty()) return Status::InvalidArgument(std::string(field) + ": required");
  return CheckText(field, v, kMaxName, false);
}

Status CheckLinks(const std::vector<store::CaseLink>& links) {
  static const std::string_view kLinkKinds[] = {"story", "item", "factcheck", "case"};
  if (links.size() > 100) return Status::InvalidArgument("links: at most 100 at a time");
  for (const store::CaseLink& l : links) {
    if (!OneOf(l.kind, kLinkKinds))
      return Status::InvalidArgument("links: kind '" + l.kind + "' is not one of story, item, factcheck, case");
    VOX_RETURN_IF_ERROR(CheckName("links.ref", l.ref));
  }
  return Status::Ok();
}

std::string Quote(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// The fields of a case the audit log shows (never the sealed contact).
Json CaseFields(const store::Case& c) {
  return Json{{"kind", c.kind},
              {"state", c.state},
              {"title", c.title},
              {"unit_id", c.unit_id},
              {"assignee_id", c.assignee_id},
              {"due_at", c.due_at},
              {"duplicate_of", c.duplicate_of},
              {"responsible_body", c.responsible_body},
              {"category", c.category},
              {"place", c.place},
              {"description", c.description},
              {"internal_answer", c.internal_answer},
              {"public_answer", c.public_answer},
              {"answer_approved_by", c.answer_approved_by},
              {"has_contact", !c.contact_sealed.empty()}};
}

// The fields that differ between two versions of a case, as {before, after}.
std::pair<Json, Json> Diff(const store::Case& a, const store::Case& b) {
  Json ja = CaseFields(a), jb = CaseFields(b), before = Json::object(), after = Json::object();
  for (auto it = ja.begin(); it != ja.end(); ++it) {
    if (jb[it.key()] != it.value()) {
      before[it.key()] = it.value();
      after[it.key()] = jb[it.key()];
    }
  }
  return {before, after};
}


std::string Minutes(int64_t seconds) {
  int64_t m = (seconds + 59) / 60;
  return std::to_string(m) + (m == 1 ? " minute" : " minutes");
}

}  // namespace

// ---- Actors and roles.

std::string Actor::Label() const {
  if (tipline) return "public:" + name;
  if (user_id != 0) return "user:" + std::to_string(user_id);
  if (token_id != 0) return "token:" + std::to_string(token_id);
  return "cli";
}

Actor Actor::Cli() {
  Actor a;
  a.name = "cli";
  a.role = Role::kAdmin;
  return a;
}

Actor Actor::Channel(const std::string& channel) {
  Actor a = Tipline();
  a.name = channel;
  return a;
}

Actor Actor::Tipline() {
  Actor a;
  a.name = "web-form";
  a.role = Role::kViewer;  // reads nothing; OpenCase lets it open its own case
  a.tipline = true;
  return a;
}

namespace {
constexpr std::string_view kRefAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // no 0/O, 1/I

std::string RefTag(const ContactKey& key, int64_t case_id) {
  const std::string raw = key.Tag("vox-tipline-ref", std::to_string(case_id), 8);
  std::string out;
  for (unsigned char b : raw) out += kRefAlphabet[b % kRefAlphabet.size()];
  return out;
}
}  // namespace

std::string TiplineRef(const ContactKey& key, int64_t case_id) {
  return "GY" + std::to_string(case_id) + "-" + RefTag(key, case_id);
}

bool ParseTiplineRef(const ContactKey& key, std::string_view ref, int64_t* case_id) {
  if (ref.size() < 5 || ref.size() > 40 || (ref.substr(0, 2) != "GY" && ref.substr(0, 2) != "gy")) return false;
  const size_t dash = ref.find('-');
  if (dash == std::string_view::npos || dash < 3 || dash > 20) return false;
  int64_t id = 0;
  for (char c : ref.substr(2, dash - 2)) {
    if (c < '0' || c > '9') return false;
    id = id * 10 + (c - '0');
  }
  std::string given(ref.substr(dash + 1));
  for (char& c : given) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string want = RefTag(key, id);
  if (given.size() != want.size()) return false;
  if (sodium_memcmp(given.data(), want.data(), want.size()) != 0) return false;
  *case_id = id;
  return true;
}

bool Can(Role role, Action action) {
  switch (role) {
    case Role::kAdmin:
      return true;
    case Role::kEditor:
      return action != Action::kManageUsers;
    case Role::kAnalyst:
      return action == Action::kReadCases || action == Action::kOpenCase || action == Action::kHandleCase ||
             action == Action::kSubmitReport || action == Action::kReadReports || action == Action::kReadItems;
    case Role::kCollaborator:
      // Their own reports and the public aggregates; never items, cases or the log.
      return action == Action::kSubmitReport;
    case Role::kViewer:
      return action == Action::kReadCases || action == Action::kReadItems || action == Action::kReadReports;
  }
  return false;
}

std::string_view ActionName(Action a) {
  switch (a) {
    case Action::kManageUsers: return "manage users, units and tokens";
    case Action::kReadCases: return "read cases";
    case Action::kOpenCase: return "open cases";
    case Action::kHandleCase: return "handle cases";
    case Action::kApproveAnswer: return "approve and publish answers";
    case Action::kSubmitReport: return "submit reports";
    case Action::kReadReports: return "read every report";
    case Action::kReadAudit: return "read the audit log";
    case Action::kReadItems: return "read items";
  }
  return "?";
}

bool IsSettled(std::string_view state) {
  return state == "answered" || state == "published" || state == "closed" || state == "duplicate" ||
         state == "not_responsible" || state == "referred";
}

bool CanTransition(std::string_view from, std::string_view to) {
  struct Edge {
    std::string_view from;
    std::initializer_list<std::string_view> to;
  };
  // Modelled on Open311/FixMyStreet: triage decides whether the office acts
  // (assign) or why not (duplicate, not responsible, referred); an answer is
  // published only after an editor approved it; anything settled can reopen.
  static const Edge kEdges[] = {
      {"new", {"triaged", "assigned", "duplicate", "not_responsible", "referred", "closed"}},
      {"triaged", {"assigned", "duplicate", "not_responsible", "referred", "closed"}},
      {"assigned", {"in_progress", "answered", "assigned", "duplicate", "not_responsible", "referred"}},
      {"in_progress", {"answered", "assigned", "referred", "not_responsible"}},
      {"answered", {"published", "in_progress", "closed"}},
      {"published", {"closed", "reopened"}},
      {"closed", {"reopened"}},
      {"duplicate", {"reopened", "closed"}},
      {"not_responsible", {"reopened", "closed"}},
      {"referred", {"reopened", "closed", "assigned"}},
      {"reopened", {"triaged", "assigned", "in_progress", "closed"}},
  };
  for (const Edge& e : kEdges) {
    if (e.from == from) return std::find(e.to.begin(), e.to.end(), to) != e.to.end();
  }
  return false;
}

int DefaultDueDays(std::string_view kind) {
  // Vietnamese practice for citizens' feedback: a request (kiến nghị) within
  // 10 working days; a rumour must be answered while it circulates.
  if (kind == "rumour") return 2;
  if (kind == "incident") return 3;
  if (kind == "question") return 5;
  if (kind == "concern") return 7;
  return 10;  // request
}

namespace {
bool ParseDays(std::string_view v, int* out) {
  if (v.empty() || v.size() > 3) return false;
  int n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  if (n < 1 || n > 365) return false;
  *out = n;
  return true;
}
}  // namespace

Status CheckDeskSetting(std::string_view key, std::string_view value) {
  if (key.rfind("desk.due.", 0) == 0) {
    const std::string_view kind = key.substr(9);
    if (!OneOf(kind, kCaseKinds))
      return Status::InvalidArgument(std::string(key) + ": '" + std::string(kind) + "' is not a case kind");
    int n = 0;
    if (!ParseDays(value, &n)) return Status::InvalidArgument(std::string(key) + ": must be 1 to 365 working days");
    return Status::Ok();
  }
  if (key == "desk.holidays") {
    auto cal = WorkCalendar::Parse(value, "holidays");
    return cal.ok() ? Status::Ok() : cal.status();
  }
  // The name on the reports' title page (docs/reports.md).
  if (key == "office_name") {
    if (value.empty() || value.size() > 200 || value.find_first_of("\r\n") != std::string_view::npos)
      return Status::InvalidArgument("office_name: one line of 1 to 200 bytes");
    return Status::Ok();
  }
  // The report's map (report/map.h parses it; the CLI does before saving).
  if (key == "report.boundaries") {
    if (value.empty() || value.size() > (20u << 20))
      return Status::InvalidArgument("report.boundaries: a GeoJSON file of 1 byte to 20 MiB");
    return Status::Ok();
  }
  if (IsOutboxSetting(key)) return CheckOutboxSetting(key, value);
  // Short links followed to where they lead at ingest (ingest/links.h).
  if (key == "links.expand" || key == "links.fetch_pages" || key == "links.allow_private") {
    if (value != "on" && value != "off") return Status::InvalidArgument(std::string(key) + ": on or off");
    return Status::Ok();
  }
  if (key == "links.shorteners") {
    if (value.size() > 4096 || value.find_first_of("\r\n") != std::string_view::npos)
      return Status::InvalidArgument("links.shorteners: one line of host names (at most 4096 bytes)");
    return Status::Ok();
  }
  return Status::InvalidArgument(std::string(key) +
                                 ": not a desk setting (desk.due.KIND, desk.holidays, office_name, report.boundaries,"
                                 " links.expand, links.fetch_pages, links.shorteners, links.allow_private)");
}

void DeskSettings::ApplyTo(DeskOptions* opts) const {
  opts->calendar = calendar.get();
  opts->due_days = due_days;
  opts->tz_offset = tz_offset;
  opts->publish_targets = publish_targets;
}

Result<DeskSettings> LoadDeskSettings(store::Store& st) {
  DeskSettings out;
  for (std::string_view kind : kCaseKinds) {
    const std::string key = "desk.due." + std::string(kind);
    auto v = st.GetSetting(key);
    if (!v.ok()) return v.status();
    int n = 0;
    if (*v && ParseDays(**v, &n)) out.due_days[std::string(kind)] = n;
  }
  auto holidays = st.GetSetting("desk.holidays");
  if (!holidays.ok()) return holidays.status();
  if (*holidays) {
    auto cal = WorkCalendar::Parse(**holidays, "the desk.holidays setting");
    if (!cal.ok()) return cal.status();
    out.calendar = std::make_shared<const WorkCalendar>(std::move(cal).value());
  } else {
    out.calendar = std::shared_ptr<const WorkCalendar>(&WorkCalendar::BuiltIn(), [](const WorkCalendar*) {});
  }
  auto zone = st.GetSetting("time_zone");
  if (!zone.ok()) return zone.status();
  int offset = 0;
  if (*zone && ParseTimeZone(**zone, &offset)) out.tz_offset = offset;
  auto targets = st.GetSetting("publish.targets");
  if (!targets.ok()) return targets.status();
  if (*targets) {
    auto parsed = ParsePublishTargets(**targets);
    if (!parsed.ok()) return parsed.status();
    out.publish_targets = std::move(parsed).value();
  }
  return out;
}

Desk::Desk(store::DeskStore& ds, DeskOptions opts) : ds_(ds), opts_(opts) {
  if (opts_.calendar == nullptr) opts_.calendar = &WorkCalendar::BuiltIn();
}

Status Desk::Require(const Actor& by, Action a) const {
  if (Can(by.role, a)) return Status::Ok();
  return Status::PermissionDenied("the " + std::string(RoleName(by.role)) + " role may not " +
                                  std::string(ActionName(a)));
}

int64_t Desk::DueFor(std::string_view kind, int64_t from) const {
  auto it = opts_.due_days.find(kind);
  const int days = it != opts_.due_days.end() ? it->second : DefaultDueDays(kind);
  return opts_.calendar->AddWorkingDays(from, days, opts_.tz_offset);
}

Status Desk::Record(const Actor& by, const std::string& action, const std::string& target,
                    const std::string& before, const std::string& after) {
  return store::InTransaction(ds_, [&] { return AppendAudit(ds_, by.Label(), action, target, before, after); });
}

// ---- Accounts.

Result<store::User> Desk::AddUser(const Actor& by, const std::string& name, const std::string& role,
                                  const std::string& password, int64_t unit_id) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kManageUsers));
  VOX_RETURN_IF_ERROR(CheckName("name", name));
  if (!ParseRole(role)) return Status::InvalidArgument("role: '" + role + "' is not one of admin, editor, analyst, collaborator, viewer");
  VOX_RETURN_IF_ERROR(CheckPassword(password));
  store::User u;
  u.name = name;
  u.role = role;
  u.unit_id = unit_id;
  u.created_at = Now();
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  u.password_hash = std::move(hash).value();
  if (Status done = store::InTransaction(ds_, [&]() -> Status {
    if (unit_id != 0) {
      auto unit = ds_.GetUnit(unit_id);
      if (!unit.ok()) return unit.status();
      if (!unit.value()) return Status::InvalidArgument("unit: no unit " + std::to_string(unit_id));
    }
    auto id = ds_.InsertUser(u);
    if (!id.ok()) return id.status();
    u.id = id.value();
    return AppendAudit(ds_, by.Label(), "user.add", "user:" + std::to_string(u.id), "",
                       Quote({{"name", name}, {"role", role}, {"unit_id", unit_id}}));
  }); !done.ok())
    return done;
  return u;
}

Status Desk::SetDisabled(const Actor& by, const std::string& name, bool disabled) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kManageUsers));
  return store::InTransaction(ds_, [&]() -> Status {
    auto found = ds_.FindUser(name);
    if (!found.ok()) return found.status();
    if (!found.value()) return Status::NotFound("no user '" + name + "'");
    store::User u = *found.value();
    const bool was = u.disabled;
    u.disabled = disabled;
    if (!disabled) {
      u.failed_logins = 0;
      u.locked_until = 0;
    }
    VOX_RETURN_IF_ERROR(ds_.UpdateUser(u));
    if (disabled) VOX_RETURN_IF_ERROR(ds_.DeleteSessionsOf(u.id));
    return AppendAudit(ds_, by.Label(), disabled ? "user.disable" : "user.enable", "user:" + std::to_string(u.id),
                       Quote({{"disabled", was}}), Quote({{"disabled", disabled}}));
  });
}

Status Desk::SetPassword(const Actor& by, const std::string& name, const std::string& password) {
  if (by.name != name) VOX_RETURN_IF_ERROR(Require(by, Action::kManageUsers));
  VOX_RETURN_IF_ERROR(CheckPassword(password));
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  return store::InTransaction(ds_, [&]() -> Status {
    auto found = ds_.FindUser(name);
    if (!found.ok()) return found.status();
    if (!found.value()) return Status::NotFound("no user '" + name + "'");
    store::User u = *found.value();
    u.password_hash = hash.value();
    u.failed_logins = 0;
    u.locked_until = 0;
    VOX_RETURN_IF_ERROR(ds_.UpdateUser(u));
    // Every session of the old password ends.
    VOX_RETURN_IF_ERROR(ds_.DeleteSessionsOf(u.id));
    return AppendAudit(ds_, by.Label(), "user.password", "user:" + std::to_string(u.id), "", "");
  });
}

Status Desk::SetRole(const Actor& by, const std::string& name, const std::string& role) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kManageUsers));
  if (!ParseRole(role)) return Status::InvalidArgument("role: '" + role + "' is not a role");
  return store::InTransaction(ds_, [&]() -> Status {
    auto found = ds_.FindUser(name);
    if (!found.ok()) return found.status();
    if (!found.value()) return Status::NotFound("no user '" + name + "'");
    store::User u = *found.value();
    const std::string before = u.role;
    u.role = role;
    VOX_RETURN_IF_ERROR(ds_.UpdateUser(u));
    VOX_RETURN_IF_ERROR(ds_.DeleteSessionsOf(u.id));
    return AppendAudit(ds_, by.Label(), "user.role", "user:" + std::to_string(u.id), Quote({{"role", before}}),
                       Quote({{"role", role}}));
  });
}

Result<std::vector<store::User>> Desk::ListUsers(const Actor& by) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kManageUsers));
  std::vector<store::User> out;
  VOX_RETURN_IF_ERROR(ds_.ForEachUser([&](const store::User& u) {
    out.push_back(u);
    return true;
  }));
  return out;
}

Result<LoginResult> Desk::Login(const std::string& name, const std::string& password, const std::string& address) {
  const int64_t now = Now();
  const int64_t window_start = now - opts_.lockout_seconds;
  // Per address first: it costs no password hash, so a flood of guesses
  // from one place is refused cheaply.
  auto from_address = ds_.LoginFailuresSince(address, window_start);
  if (!from_address.ok()) return from_address.status();
  if (from_address.value() >= opts_.max_failed_per_address)
    return Status::Unauthenticated("too many failed sign-ins from this address: try again in " +
                                   Minutes(opts_.lockout_seconds));
  if (name.size() > kMaxName || password.size() > 1024)
    return Status::Unauthenticated("wrong name or password");
  auto found = ds_.FindUser(name);
  if (!found.ok()) return found.status();
  std::optional<store::User> user = found.value();
  if (user && user->locked_until > now)
    return Status::Unauthenticated("this account is locked after repeated failed sign-ins: try again in " +
                                   Minutes(user->locked_until - now) + ", or ask an admin");
  // Hash even for an unknown name, so that timing does not tell which names exist.
  static const std::string kDummy = HashPassword("not a password of anyone").value();
  const bool good = VerifyPassword(user ? user->password_hash : kDummy, password) && user && !user->disabled;
  LoginResult out;
  Status st = store::InTransaction(ds_, [&]() -> Status {
    if (!good) {
      auto n = ds_.RecordLoginFailure(address, now, window_start);
      if (!n.ok()) return n.status();
      if (user) {
        user->failed_logins += 1;
        if (user->failed_logins >= opts_.max_failed_logins) user->locked_until = now + opts_.lockout_seconds;
        VOX_RETURN_IF_ERROR(ds_.UpdateUser(*user));
        return AppendAudit(ds_, "user:" + std::to_string(user->id), "login.failed",
                           "user:" + std::to_string(user->id), "",
                           Quote({{"failed_logins", user->failed_logins}, {"locked", user->locked_until > now}}));
      }
      return Status::Ok();
    }
    user->failed_logins = 0;
    user->locked_until = 0;
    VOX_RETURN_IF_ERROR(ds_.UpdateUser(*user));
    VOX_RETURN_IF_ERROR(ds_.DeleteSessionsIdleSince(now - opts_.session_idle_seconds));
    store::Session s;
    out.session_token = RandomToken();
    out.csrf = RandomToken();
    s.token_hash = HashToken(out.session_token);
    s.user_id = user->id;
    s.csrf = out.csrf;
    s.created_at = now;
    s.last_seen = now;
    VOX_RETURN_IF_ERROR(ds_.PutSession(s));
    out.user = *user;
    return AppendAudit(ds_, "user:" + std::to_string(user->id), "login", "user:" + std::to_string(user->id), "", "");
  });
  if (!st.ok()) return st;
  if (!good) {
    if (user && user->locked_until > now)
      return Status::Unauthenticated("wrong name or password; the account is now locked for " +
                                     Minutes(opts_.lockout_seconds));
    return Status::Unauthenticated("wrong name or password");
  }
  return out;
}

Status Desk::Logout(const std::string& session_token) {
  const std::string hash = HashToken(session_token);
  return store::InTransaction(ds_, [&]() -> Status {
    auto s = ds_.GetSession(hash);
    if (!s.ok()) return s.status();
    if (!s.value()) return Status::Ok();
    VOX_RETURN_IF_ERROR(ds_.DeleteSession(hash));
    const std::string who = "user:" + std::to_string(s.value()->user_id);
    return AppendAudit(ds_, who, "logout", who, "", "");
  });
}

Result<std::pair<Actor, std::string>> Desk::SessionActor(const std::string& session_token) {
  if (session_token.empty() || session_token.size() > 100) return Status::Unauthenticated("not signed in");
  const std::string hash = HashToken(session_token);
  auto s = ds_.GetSession(hash);
  if (!s.ok()) return s.status();
  const int64_t now = Now();
  if (!s.value() || s.value()->last_seen < now - opts_.session_idle_seconds)
    return Status::Unauthenticated("the session has ended: sign in again");
  auto u = ds_.GetUser(s.value()->user_id);
  if (!u.ok()) return u.status();
  if (!u.value() || u.value()->disabled) return Status::Unauthenticated("the account is disabled");
  // Refresh at most once a minute: reads stay reads.
  if (now - s.value()->last_seen >= 60) VOX_RETURN_IF_ERROR(ds_.TouchSession(hash, now));
  Actor a;
  a.user_id = u.value()->id;
  a.name = u.value()->name;
  a.role = ParseRole(u.value()->role).value_or(Role::kViewer);
  a.unit_id = u.value()->unit_id;
  return std::make_pair(a, s.value()->csrf);
}

Result<Actor> Desk::TokenActor(const std::string& token) {
  if (token.empty() || token.size() > 100) return Status::Unauthenticated("not a Vox token");
  auto t = ds_.FindToken(HashToken(token));
  if (!t.ok()) return t.status();
  if (!t.value() || t.value()->revoked) return Status::Unauthenticated("unknown or revoked token");
  const int64_t now = Now();
  if (now - t.value()->last_used >= 60) VOX_RETURN_IF_ERROR(ds_.TouchToken(t.value()->id, now));
  Actor a;
  a.token_id = t.value()->id;
  a.name = t.value()->name;
  a.role = ParseRole(t.value()->role).value_or(Role::kViewer);
  return a;
}

Result<NewToken> Desk::AddToken(const Actor& by, const std::string& name, const std::string& role) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kManageUsers));
  VOX_RETURN_IF_ERROR(CheckName("name", name));
  if (!ParseRole(role)) return Status::InvalidArgument("role: '" + role + "' is not a role");
  NewToken out;
  out.token = RandomToken();
  out.record.name = name;
  out.record.role = role;
  out.record.token_hash = HashToken(out.token);
  out.record.created_by = by.user_id;
  out.record.created_at = Now();
  if (Status done = store::InTransaction(ds_, [&]() -> Status {
    auto id = ds_.InsertToken(out.record);
    if (!id.ok()) return id.status();
    out.record.id = id.value();
    return AppendAudit(ds_, by.Label(), "token.add", "token:" + std::to_string(out.record.id), "",
                       Quote({{"name", name}, {"role", role}}));
  }); !done.ok())
    return done;
  return out;
}

Status Desk::RevokeToken(const Actor& by, int64_t id) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kManageUsers));
  return store::InTransaction(ds_, [&]() -> Status {
    VOX_RETURN_IF_ERROR(ds_.RevokeToken(id));
    return AppendAudit(ds_, by.Label(), "token.revoke", "token:" + std::to_string(id), "", "");
  });
}

Result<std::vector<store::ApiToken>> Desk::ListTokens(const Actor& by) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kManageUsers));
  std::vector<store::ApiToken> out;
  VOX_RETURN_IF_ERROR(ds_.ForEachToken([&](const store::ApiToken& t) {
    out.push_back(t);
    return true;
  }));
  return out;
}

// ---- Units.

Result<store::Unit> Desk::AddUnit(const Actor& by, const std::string& name, const std::string& kind) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kManageUsers));
  VOX_RETURN_IF_ERROR(CheckName("name", name));
  static const std::string_view kKinds[] = {"ward", "commune", "agency", "other"};
  const std::string k = kind.empty() ? "other" : kind;
  if (!OneOf(k, kKinds)) return Status::InvalidArgument("kind: '" + kind + "' is not one of ward, commune, agency, other");
  store::Unit u;
  u.name = name;
  u.kind = k;
  u.created_at = Now();
  if (Status done = store::InTransaction(ds_, [&]() -> Status {
    auto id = ds_.InsertUnit(u);
    if (!id.ok()) return id.status();
    u.id = id.value();
    return AppendAudit(ds_, by.Label(), "unit.add", "unit:" + std::to_string(u.id), "",
                       Quote({{"name", name}, {"kind", k}}));
  }); !done.ok())
    return done;
  return u;
}

Result<std::vector<store::Unit>> Desk::ListUnits(const Actor& by) {
  // Every staff role needs the unit names to read cases.
  if (by.role == Role::kCollaborator) VOX_RETURN_IF_ERROR(Require(by, Action::kReadCases));
  std::vector<store::Unit> out;
  VOX_RETURN_IF_ERROR(ds_.ForEachUnit([&](const store::Unit& u) {
    out.push_back(u);
    return true;
  }));
  return out;
}

// ---- Cases.

Result<store::Case> Desk::LoadCase(int64_t id) {
  auto c = ds_.GetCase(id);
  if (!c.ok()) return c.status();
  if (!c.value()) return Status::NotFound("no case " + std::to_string(id));
  return *c.value();
}

Result<store::Case> Desk::OpenCase(const Actor& by, const CaseDraft& d) {
  if (!by.tipline) VOX_RETURN_IF_ERROR(Require(by, Action::kOpenCase));
  if (by.tipline && d.origin != "message") return Status::PermissionDenied("the web form and the webhooks open only message cases");
  if (!OneOf(d.kind, kCaseKinds))
    return Status::InvalidArgument("kind: '" + d.kind + "' is not one of concern, request, question, rumour, incident");
  if (d.title.empty()) return Status::InvalidArgument("title: required");
  VOX_RETURN_IF_ERROR(CheckText("title", d.title, kMaxTitle, false));
  VOX_RETURN_IF_ERROR(CheckText("description", d.description, kMaxText, true));
  VOX_RETURN_IF_ERROR(CheckText("category", d.category, kMaxName, false));
  VOX_RETURN_IF_ERROR(CheckText("place", d.place, kMaxName, false));
  VOX_RETURN_IF_ERROR(CheckText("origin_ref", d.origin_ref, kMaxName * 4, false));
  const std::string origin = d.origin.empty() ? "hand" : d.origin;
  if (!OneOf(origin, kCaseOrigins))
    return Status::InvalidArgument("origin: '" + origin + "' is not one of story, item, match, report, message, hand");
  if (!d.contact.empty()) {
    VOX_RETURN_IF_ERROR(CheckText("contact", d.contact, 1000, true));
    if (opts_.contact_key == nullptr) return Status::Unsupported("contact: no contact key is configured");
  }
  VOX_RETURN_IF_ERROR(CheckLinks(d.links));
  store::Case c;
  c.version = 1;
  c.kind = d.kind;
  c.state = "new";
  c.title = text::MaskPii(d.title);
  c.description = text::MaskPii(d.description);
  c.origin = origin;
  c.origin_ref = d.origin_ref;
  c.category = d.category;
  c.place = d.place;
  c.created_by = by.user_id;
  c.created_at = c.updated_at = Now();
  c.due_at = DueFor(c.kind, c.created_at);
  if (!d.contact.empty()) c.contact_sealed = opts_.contact_key->Seal(d.contact);
  std::string reply_sealed;
  if (!d.reply.empty()) {
    if (!by.tipline || by.name == "web-form") return Status::PermissionDenied("reply: only a channel's webhook sets it");
    if (auto r = ReplyAddress::Decode(d.reply); !r.ok()) return Status::InvalidArgument("reply: " + r.status().message());
    if (opts_.contact_key == nullptr) return Status::Unsupported("reply: no contact key is configured");
    reply_sealed = opts_.contact_key->Seal(d.reply);
  }
  if (Status done = store::InTransaction(ds_, [&]() -> Status {
    auto id = ds_.InsertCase(c);
    if (!id.ok()) return id.status();
    c.id = id.value();
    if (!reply_sealed.empty()) VOX_RETURN_IF_ERROR(ds_.PutCaseReply(c.id, reply_sealed));
    for (store::CaseLink l : d.links) {
      l.case_id = c.id;
      VOX_RETURN_IF_ERROR(ds_.AddCaseLink(l));
    }
    store::CaseEvent e;
    e.case_id = c.id;
    e.at = c.created_at;
    e.actor_id = by.user_id;
    e.action = "created";
    e.to_state = "new";
    e.note = origin + (d.origin_ref.empty() ? "" : " " + d.origin_ref);
    auto ev = ds_.AppendCaseEvent(e);
    if (!ev.ok()) return ev.status();
    return AppendAudit(ds_, by.Label(), "case.open", "case:" + std::to_string(c.id), "", Quote(CaseFields(c)));
  }); !done.ok())
    return done;
  return c;
}

Result<store::Case> Desk::GetCase(const Actor& by, int64_t id) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kReadCases));
  return LoadCase(id);
}

Result<store::Case> Desk::ChangeCase(const Actor& by, int64_t id, const CasePatch& p) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kHandleCase));
  if (p.version <= 0) return Status::InvalidArgument("version: required (the version the change is based on)");
  for (auto [field, value, max, multiline] :
       {std::tuple{"title", &p.title, kMaxTitle, false}, {"description", &p.description, kMaxText, true},
        {"category", &p.category, kMaxName, false}, {"place", &p.place, kMaxName, false},
        {"note", &p.note, kMaxText, true}, {"internal_answer", &p.internal_answer, kMaxText, true},
        {"public_answer", &p.public_answer, kMaxText, true},
        {"responsible_body", &p.responsible_body, kMaxTitle, false}}) {
    if (*value) VOX_RETURN_IF_ERROR(CheckText(field, **value, max, multiline));
  }
  if (p.title && p.title->empty()) return Status::InvalidArgument("title: must not be empty");
  VOX_RETURN_IF_ERROR(CheckLinks(p.add_links));
  if (p.kind && !OneOf(*p.kind, kCaseKinds)) return Status::InvalidArgument("kind: '" + *p.kind + "' is not a kind");
  if (p.state && !OneOf(*p.state, kCaseStates)) return Status::InvalidArgument("state: '" + *p.state + "' is not a state");
  if (p.approve_answer || (p.state && *p.state == "published")) VOX_RETURN_IF_ERROR(Require(by, Action::kApproveAnswer));
  if (p.publish_to) {
    if (!p.state || *p.state != "published")
      return Status::InvalidArgument("publish_to: only with state published");
    for (const std::string& t : *p.publish_to)
      if (std::find(std::begin(kPublishTargets), std::end(kPublishTargets), t) == std::end(kPublishTargets))
        return Status::InvalidArgument("publish_to: '" + t + "' is not a target (feed, webhook, facebook_page, zalo_article)");
  }

  store::Case after;
  Status st = store::InTransaction(ds_, [&]() -> Status {
    auto loaded = LoadCase(id);
    if (!loaded.ok()) return loaded.status();
    const store::Case before = loaded.value();
    if (before.version != p.version)
      return Status::Conflict("case " + std::to_string(id) + " is at version " + std::to_string(before.version) +
                              ", not " + std::to_string(p.version) + ": someone changed it; reload and try again");
    store::Case c = before;
    const int64_t now = Now();
    if (p.title) c.title = text::MaskPii(*p.title);
    if (p.description) c.description = text::MaskPii(*p.description);
    if (p.category) c.category = *p.category;
    if (p.place) c.place = *p.place;
    if (p.kind) c.kind = *p.kind;
    if (p.assignee_id) {
      if (*p.assignee_id != 0) {
        auto u = ds_.GetUser(*p.assignee_id);
        if (!u.ok()) return u.status();
        if (!u.value()) return Status::InvalidArgument("assignee_id: no user " + std::to_string(*p.assignee_id));
      }
      c.assignee_id = *p.assignee_id;
    }
    if (p.internal_answer) c.internal_answer = text::MaskPii(*p.internal_answer);
    if (p.public_answer) {
      std::string masked = text::MaskPii(*p.public_answer);
      // An approved answer that changes must be approved again.
      if (masked != c.public_answer) c.answer_approved_by = 0;
      c.public_answer = std::move(masked);
    }
    if (p.approve_answer) {
      if (c.public_answer.empty()) return Status::InvalidArgument("public_answer: nothing to approve");
      c.answer_approved_by = by.user_id != 0 ? by.user_id : -1;
    }

    std::string to = p.state.value_or("");
    if (p.unit_id) {
      if (*p.unit_id != 0) {
        auto unit = ds_.GetUnit(*p.unit_id);
        if (!unit.ok()) return unit.status();
        if (!unit.value()) return Status::InvalidArgument("unit_id: no unit " + std::to_string(*p.unit_id));
      }
      const bool new_unit = *p.unit_id != c.unit_id;
      c.unit_id = *p.unit_id;
      // Assigning a case still waiting moves it to "assigned".
      if (to.empty() && c.unit_id != 0 && (c.state == "new" || c.state == "triaged" || c.state == "reopened"))
        to = "assigned";
      if (new_unit && c.unit_id != 0 && !p.due_at && (c.due_at == 0 || c.state == "referred" || to == "referred"))
        c.due_at = DueFor(c.kind, now);
    }
    if (p.due_at) {
      if (*p.due_at < 0) return Status::InvalidArgument("due_at: must be a time");
      c.due_at = *p.due_at;
    }
    if (!to.empty() && to != c.state) {
      if (!CanTransition(c.state, to))
        return Status::InvalidArgument("state: a case cannot go from " + c.state + " to " + to);
      if (to == "assigned" && c.unit_id == 0) return Status::InvalidArgument("unit_id: required to assign a case");
      if (to == "referred") {
        if (!p.unit_id || *p.unit_id == 0)
          return Status::InvalidArgument("unit_id: required to refer a case (the unit it goes to)");
      }
      if (to == "duplicate") {
        if (!p.duplicate_of || *p.duplicate_of == id)
          return Status::InvalidArgument("duplicate_of: required (another case's id)");
        auto other = ds_.GetCase(*p.duplicate_of);
        if (!other.ok()) return other.status();
        if (!other.value()) return Status::InvalidArgument("duplicate_of: no case " + std::to_string(*p.duplicate_of));
        c.duplicate_of = *p.duplicate_of;
      }
      if (to == "not_responsible") {
        if (!p.responsible_body || p.responsible_body->empty())
          return Status::InvalidArgument("responsible_body: required (the body the case belongs to)");
        c.responsible_body = *p.responsible_body;
      }
      if (to == "answered") {
        if (c.internal_answer.empty() && c.public_answer.empty())
          return Status::InvalidArgument("internal_answer: an answer is required to mark a case answered");
        c.answered_at = now;
      }
      if (to == "published") {
        if (c.public_answer.empty()) return Status::InvalidArgument("public_answer: required to publish");
        if (c.answer_approved_by == 0)
          return Status::InvalidArgument("public_answer: an editor must approve the answer before it is published");
      }
      if (to == "closed") c.closed_at = now;
      if (to == "reopened") {
        c.closed_at = 0;
        c.answer_approved_by = 0;
        c.due_at = DueFor(c.kind, now);
      }
      c.state = to;
    } else if (p.state && *p.state == c.state && !p.unit_id) {
      // Same state again: nothing to do but say so if nothing else changes.
    }
    if (c.first_response_at == 0) c.first_response_at = now;
    auto [jb, ja] = Diff(before, c);
    if (!p.add_links.empty()) {
      Json added = Json::array();
      for (store::CaseLink l : p.add_links) {
        l.case_id = id;
        VOX_RETURN_IF_ERROR(ds_.AddCaseLink(l));
        added.push_back(l.kind + ":" + l.ref);
      }
      ja["links_added"] = added;
    }
    if (ja.empty() && !p.note) return Status::Ok();  // nothing changed: no new version
    c.updated_at = now;
    VOX_RETURN_IF_ERROR(ds_.UpdateCase(c, before.version));
    c.version = before.version + 1;
    store::CaseEvent e;
    e.case_id = id;
    e.at = now;
    e.actor_id = by.user_id;
    e.action = c.state != before.state          ? "state"
               : ja.contains("unit_id")            ? "assign"
               : ja.contains("answer_approved_by") ? "approve"
               : ja.size() == 1 && ja.contains("links_added") ? "link"
                                                    : "edit";
    e.from_state = before.state;
    e.to_state = c.state;
    e.note = p.note.value_or("");
    auto ev = ds_.AppendCaseEvent(e);
    if (!ev.ok()) return ev.status();
    if (c.state == "published" && before.state != "published") {
      auto queued = QueueReply(c, now);
      if (!queued.ok()) return queued.status();
      if (*queued != 0) ja["send"] = *queued;
      auto published = QueuePublish(c, p.publish_to.value_or(opts_.publish_targets), now);
      if (!published.ok()) return published.status();
      if (!published->empty()) ja["published_to"] = *published;
    }
    after = c;
    return AppendAudit(ds_, by.Label(), "case." + e.action, "case:" + std::to_string(id), Quote(jb), Quote(ja));
  });
  if (!st.ok()) return st;
  if (after.id == 0) return LoadCase(id);  // nothing changed
  return after;
}

Result<int64_t> Desk::QueueReply(const store::Case& c, int64_t now) {
  if (opts_.contact_key == nullptr) return int64_t{0};
  // The one person who wrote: the address the webhook sealed on the case,
  // else the Page comment (or post) the case was opened from.
  std::string sealed;
  std::string channel;
  auto reply = ds_.GetCaseReply(c.id);
  if (!reply.ok()) return reply.status();
  if (reply->has_value()) {
    auto plain = opts_.contact_key->Open(**reply);
    if (!plain.ok()) return Status::Corruption("case " + std::to_string(c.id) + ": its reply address cannot be opened");
    auto addr = ReplyAddress::Decode(*plain);
    if (!addr.ok()) return addr.status();
    channel = addr->channel;
    sealed = **reply;
  } else if (c.origin_ref.rfind("item:facebook/", 0) == 0) {
    ReplyAddress addr;
    addr.channel = "facebook_comment";
    addr.recipient = c.origin_ref.substr(14);
    // A Graph comment (or post) id is "<digits>_<digits>"; a Messenger mid
    // ("m_…") or anything else is not answered under.
    const size_t us = addr.recipient.find('_');
    if (us == std::string::npos || us == 0 || us + 1 == addr.recipient.size()) return int64_t{0};
    for (size_t i = 0; i < addr.recipient.size(); ++i)
      if (i != us && !std::isdigit(static_cast<unsigned char>(addr.recipient[i]))) return int64_t{0};
    channel = addr.channel;
    sealed = opts_.contact_key->Seal(addr.Encode());
  } else {
    return int64_t{0};  // nowhere to answer: published on the status page only
  }
  store::OutboxSend s;
  s.case_id = c.id;
  s.channel = channel;
  s.target_sealed = sealed;
  s.text = c.public_answer;
  s.idempotency_key = "case:" + std::to_string(c.id) + ":v" + std::to_string(c.version);
  s.state = "queued";
  s.created_at = s.updated_at = now;
  auto id = ds_.InsertSend(s);
  if (!id.ok() && id.status().code() == StatusCode::kUnsupported) return int64_t{0};
  return id;
}

Result<std::vector<int64_t>> Desk::QueuePublish(const store::Case& c, const std::vector<std::string>& targets,
                                                int64_t now) {
  std::vector<int64_t> ids;
  std::vector<std::string> done;
  for (const std::string& target : targets) {
    if (std::find(done.begin(), done.end(), target) != done.end()) continue;
    done.push_back(target);
    store::OutboxSend s;
    s.case_id = c.id;
    s.channel = target;
    s.text = c.public_answer;
    s.idempotency_key = "case:" + std::to_string(c.id) + ":v" + std::to_string(c.version) + ":" + target;
    // The feed is this server's own page: published as the case is.
    s.state = target == "feed" ? "sent" : "queued";
    if (target == "feed") {
      s.sent_at = now;
      s.platform_id = "/tra-loi/" + std::to_string(c.id);
    }
    s.created_at = s.updated_at = now;
    auto id = ds_.InsertSend(s);
    if (!id.ok() && id.status().code() == StatusCode::kUnsupported) return ids;
    if (!id.ok()) return id.status();
    ids.push_back(*id);
  }
  return ids;
}

Result<std::vector<store::ReachSnapshot>> Desk::ReachHistory(const Actor& by, int64_t case_id, int limit) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kReadCases));
  if (limit <= 0 || limit > 2000) return Status::InvalidArgument("limit: 1 to 2000");
  return ds_.ReachSnapshots(case_id, limit);
}

Result<std::vector<store::OutboxSend>> Desk::ListSends(const Actor& by, const store::OutboxQuery& q) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kReadCases));
  static constexpr std::string_view kStates[] = {"queued", "sending", "sent", "retrying", "failed"};
  if (!q.state.empty() && !OneOf(q.state, kStates))
    return Status::InvalidArgument("state: '" + q.state + "' is not one of queued, sending, sent, retrying, failed");
  if (q.limit <= 0 || q.limit > 500) return Status::InvalidArgument("limit: 1 to 500");
  static constexpr std::string_view kChannels[] = {"zalo", "messenger", "facebook_comment", "feed", "webhook",
                                                   "facebook_page", "zalo_article"};
  if (!q.channel.empty() && !OneOf(q.channel, kChannels))
    return Status::InvalidArgument("channel: '" + q.channel +
                                   "' is not one of zalo, messenger, facebook_comment, feed, webhook, facebook_page, zalo_article");
  return ds_.ListSends(q);
}

Result<store::OutboxSend> Desk::RetrySend(const Actor& by, int64_t id) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kApproveAnswer));
  store::OutboxSend s;
  Status st = store::InTransaction(ds_, [&]() -> Status {
    auto got = ds_.GetSend(id);
    if (!got.ok()) return got.status();
    if (!got->has_value()) return Status::NotFound("no send " + std::to_string(id));
    s = **got;
    if (s.state != "failed" && s.state != "retrying")
      return Status::Conflict("send " + std::to_string(id) + " is " + s.state + ": only a failed or retrying send is retried");
    const std::string before = Quote({{"state", s.state}, {"error", s.error}});
    s.state = "queued";
    s.attempts = 0;
    s.next_at = 0;
    s.error.clear();
    s.updated_at = Now();
    VOX_RETURN_IF_ERROR(ds_.UpdateSend(s));
    return AppendAudit(ds_, by.Label(), "outbox.retry", "case:" + std::to_string(s.case_id), before,
                       Quote({{"send", s.id}, {"state", "queued"}}));
  });
  if (!st.ok()) return st;
  return s;
}

Result<store::CaseEvent> Desk::Comment(const Actor& by, int64_t id, const std::string& text) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kHandleCase));
  if (text.empty()) return Status::InvalidArgument("text: required");
  VOX_RETURN_IF_ERROR(CheckText("text", text, kMaxText, true));
  store::CaseEvent e;
  if (Status done = store::InTransaction(ds_, [&]() -> Status {
    auto c = LoadCase(id);
    if (!c.ok()) return c.status();
    e.case_id = id;
    e.at = Now();
    e.actor_id = by.user_id;
    e.action = "comment";
    e.note = text::MaskPii(text);
    auto ev = ds_.AppendCaseEvent(e);
    if (!ev.ok()) return ev.status();
    e.id = ev.value();
    return AppendAudit(ds_, by.Label(), "case.comment", "case:" + std::to_string(id), "",
                       Quote({{"event", e.id}}));
  }); !done.ok())
    return done;
  return e;
}

Result<std::vector<store::CaseEvent>> Desk::Events(const Actor& by, int64_t id) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kReadCases));
  auto c = LoadCase(id);
  if (!c.ok()) return c.status();
  return ds_.CaseEvents(id);
}

Result<std::vector<store::CaseLink>> Desk::Links(const Actor& by, int64_t id) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kReadCases));
  return ds_.CaseLinks(id);
}

Result<CasePage> Desk::ListCases(const Actor& by, store::CaseQuery q) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kReadCases));
  if (!q.state.empty() && !OneOf(q.state, kCaseStates)) return Status::InvalidArgument("state: '" + q.state + "' is not a state");
  if (!q.kind.empty() && !OneOf(q.kind, kCaseKinds)) return Status::InvalidArgument("kind: '" + q.kind + "' is not a kind");
  if (q.limit <= 0 || q.limit > 500) return Status::InvalidArgument("limit: must be 1..500");
  q.now = Now();
  auto rows = ds_.ListCases(q);
  if (!rows.ok()) return rows.status();
  CasePage page;
  page.cases = std::move(rows).value();
  if (static_cast<int>(page.cases.size()) == q.limit) page.next_after = page.cases.back().id;
  return page;
}

Result<std::vector<store::OpenCaseCount>> Desk::CountOpenCases(const Actor& by) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kReadCases));
  return ds_.CountOpenCases(Now(), 24 * 3600);
}

Result<PublicStatus> Desk::TiplineStatus(int64_t id) {
  auto c = ds_.GetCase(id);
  if (!c.ok()) return c.status();
  if (!c.value() || c.value()->origin != "message" || c.value()->origin_ref.rfind("item:web-form/", 0) != 0)
    return Status::NotFound("no such reference");
  const store::Case& k = *c.value();
  PublicStatus p;
  p.case_id = k.id;
  p.state = k.state;
  p.kind = k.kind;
  p.created_at = k.created_at;
  p.updated_at = k.updated_at;
  p.due_at = k.due_at;
  // The answer is public once published (and stays so when the case closes).
  if ((k.state == "published" || k.state == "closed") && k.answer_approved_by != 0) p.public_answer = k.public_answer;
  return p;
}

Result<std::string> Desk::ReadContact(const Actor& by, int64_t id) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kHandleCase));
  if (opts_.contact_key == nullptr) return Status::Unsupported("no contact key is configured");
  auto c = LoadCase(id);
  if (!c.ok()) return c.status();
  if (c.value().contact_sealed.empty()) return Status::NotFound("case " + std::to_string(id) + " has no contact details");
  auto plain = opts_.contact_key->Open(c.value().contact_sealed);
  if (!plain.ok()) return plain.status();
  // Who read it is recorded; what they read is not.
  VOX_RETURN_IF_ERROR(Record(by, "case.contact.read", "case:" + std::to_string(id), "", ""));
  return plain;
}

// ---- Reports.

Result<store::Report> Desk::SubmitReport(const Actor& by, store::Report r) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kSubmitReport));
  if (r.text.empty() && r.link.empty()) return Status::InvalidArgument("text: a report needs a text or a link");
  VOX_RETURN_IF_ERROR(CheckText("text", r.text, kMaxText, true));
  VOX_RETURN_IF_ERROR(CheckText("link", r.link, 2048, false));
  if (!r.link.empty() && r.link.rfind("http://", 0) != 0 && r.link.rfind("https://", 0) != 0)
    return Status::InvalidArgument("link: only http(s) links");
  VOX_RETURN_IF_ERROR(CheckText("place", r.place, kMaxName, false));
  VOX_RETURN_IF_ERROR(CheckText("concern", r.concern, kMaxName, false));
  r.id = 0;
  r.case_id = 0;
  r.text = text::MaskPii(r.text);
  r.created_by = by.user_id;
  r.created_at = Now();
  if (Status done = store::InTransaction(ds_, [&]() -> Status {
    auto id = ds_.InsertReport(r);
    if (!id.ok()) return id.status();
    r.id = id.value();
    return AppendAudit(ds_, by.Label(), "report.submit", "report:" + std::to_string(r.id), "", "");
  }); !done.ok())
    return done;
  return r;
}

Result<std::vector<store::Report>> Desk::ListReports(const Actor& by, int64_t after_id, int limit) {
  if (limit <= 0 || limit > 500) return Status::InvalidArgument("limit: must be 1..500");
  if (Can(by.role, Action::kReadReports)) return ds_.ListReports(0, after_id, limit);
  VOX_RETURN_IF_ERROR(Require(by, Action::kSubmitReport));
  if (by.user_id == 0) return std::vector<store::Report>{};
  return ds_.ListReports(by.user_id, after_id, limit);
}

Result<store::Case> Desk::OpenCaseFromReport(const Actor& by, int64_t report_id, const std::string& kind) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kOpenCase));
  auto r = ds_.GetReport(report_id);
  if (!r.ok()) return r.status();
  if (!r.value()) return Status::NotFound("no report " + std::to_string(report_id));
  if (r.value()->case_id != 0)
    return Status::Conflict("report " + std::to_string(report_id) + " already has case " +
                            std::to_string(r.value()->case_id));
  CaseDraft d;
  d.kind = kind.empty() ? "concern" : kind;
  const std::string& t = r.value()->text.empty() ? r.value()->link : r.value()->text;
  size_t n = std::min<size_t>(t.size(), 120);  // cut on a character's first byte
  while (n < t.size() && n > 0 && (static_cast<unsigned char>(t[n]) & 0xC0) == 0x80) --n;
  d.title = t.substr(0, n);
  d.description = r.value()->text + (r.value()->link.empty() ? "" : "\n" + r.value()->link);
  d.origin = "report";
  d.origin_ref = "report:" + std::to_string(report_id);
  d.place = r.value()->place;
  d.category = r.value()->concern;
  auto c = OpenCase(by, d);
  if (!c.ok()) return c.status();
  if (Status done = store::InTransaction(ds_, [&] { return ds_.SetReportCase(report_id, c.value().id); }); !done.ok()) return done;
  return c;
}

// ---- Audit.

Result<std::vector<store::AuditEntry>> Desk::Audit(const Actor& by, const store::AuditQuery& q) {
  VOX_RETURN_IF_ERROR(Require(by, Action::kReadAudit));
  std::vector<store::AuditEntry> out;
  VOX_RETURN_IF_ERROR(ds_.ForEachAudit(q, [&](const store::AuditEntry& e) {
    out.push_back(e);
    return true;
  }));
  return out;
}

}  // namespace vox::desk
