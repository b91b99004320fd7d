// vox user add NAME --role ROLE [--unit NAME] [--generate-password]
// vox user list|disable NAME|enable NAME|passwd NAME [--generate-password]
// vox token add NAME --role ROLE | list | revoke ID
// vox unit add NAME [--kind ward|commune|agency|other] | list
// vox case list [--state S] [--kind K] [--unit ID] [--overdue] | show ID
// vox audit verify | show [--since T] [--actor A] [--case ID] [--json]
#include "cli/desk_cmd.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <iostream>

#include "cli/util.h"
#include "common/time.h"
#include "desk/audit.h"
#include "desk/outbox.h"
#include "desk/channels.h"
#include "desk/desk.h"
#include "query/desk_json.h"
#include "report/map.h"
#include "store/desk_store.h"

namespace vox::cli {
namespace {

struct DeskArgs {
  std::string name, role, unit, kind, state, since, actor, value, from_file;
  int64_t id = 0, unit_id = 0, case_id = 0;
  bool generate = false, overdue = false, as_json = false;
};

// The desk of the store at --db (migrating it first, like every writer).
struct OpenDesk {
  std::unique_ptr<store::Store> st;
  desk::DeskSettings settings;
  std::unique_ptr<store::DeskStore> ds;
  std::unique_ptr<desk::ContactKey> key;
  std::unique_ptr<desk::Desk> desk;
};

Result<OpenDesk> Open(const Globals& g) {
  OpenDesk o;
  auto st = OpenStore(g);  // brings the schema up to date
  if (!st.ok()) return st.status();
  o.st = std::move(st).value();
  auto settings = desk::LoadDeskSettings(*o.st);
  if (!settings.ok()) return settings.status();
  o.settings = std::move(settings).value();
  auto ds = store::DeskStore::Open(g.db, {});
  if (!ds.ok()) return ds.status();
  o.ds = std::move(ds).value();
  desk::DeskOptions opts;
  o.settings.ApplyTo(&opts);
  if (auto path = ContactKeyFile(g); path.ok()) {
    auto key = desk::ContactKey::Load(*path, true);
    if (!key.ok()) return key.status();
    o.key = std::make_unique<desk::ContactKey>(std::move(key).value());
    opts.contact_key = o.key.get();
  }
  o.desk = std::make_unique<desk::Desk>(*o.ds, opts);
  return o;
}

// A password typed twice on stdin (without echo on a terminal).
Result<std::string> ReadPasswordTwice() {
  const bool tty = isatty(STDIN_FILENO) != 0;
  termios old{};
  if (tty) {
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string a, b;
  if (tty) std::fprintf(stderr, "password: ");
  std::getline(std::cin, a);
  if (tty) std::fprintf(stderr, "\nagain: ");
  std::getline(std::cin, b);
  if (tty) {
    std::fprintf(stderr, "\n");
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
  }
  if (!a.empty() && a.back() == '\r') a.pop_back();
  if (!b.empty() && b.back() == '\r') b.pop_back();
  if (a.empty()) return Status::InvalidArgument("no password on stdin (or pass --generate-password)");
  if (a != b) return Status::InvalidArgument("the two passwords differ");
  return a;
}

Result<std::string> Password(bool generate, bool* generated) {
  *generated = generate;
  if (generate) return desk::GeneratePassword();
  return ReadPasswordTwice();
}

Result<int64_t> UnitId(desk::Desk& d, const std::string& name) {
  if (name.empty()) return int64_t{0};
  auto u = d.store().FindUnit(name);
  if (!u.ok()) return u.status();
  if (!u.value()) return Status::InvalidArgument("--unit: no unit '" + name + "' (vox unit list)");
  return u.value()->id;
}

std::string Time(int64_t t) { return t == 0 ? "-" : FormatTimestamp(t); }

int UserAdd(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto unit = UnitId(*o->desk, a.unit);
  if (!unit.ok()) return Fail(unit.status());
  bool generated = false;
  auto pw = Password(a.generate, &generated);
  if (!pw.ok()) return Fail(pw.status());
  auto u = o->desk->AddUser(desk::Actor::Cli(), a.name, a.role, *pw, *unit);
  if (!u.ok()) return Fail(u.status());
  std::printf("added %s (%s, id %lld)\n", u->name.c_str(), u->role.c_str(), static_cast<long long>(u->id));
  if (generated) std::printf("password (shown once): %s\n", pw->c_str());
  return kOk;
}

int UserList(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto users = o->desk->ListUsers(desk::Actor::Cli());
  if (!users.ok()) return Fail(users.status());
  if (a.as_json) {
    query::Json out = query::Json::array();
    for (const auto& u : *users) out.push_back(query::UserJson(u, o->desk->Now()));
    std::cout << Dump(out) << "\n";
    return kOk;
  }
  std::printf("%5s  %s  %-12s  %s\n", "id", Padded("name", 20).c_str(), "role", "state");
  for (const auto& u : *users) {
    const char* state = u.disabled ? "disabled" : (u.locked_until > o->desk->Now() ? "locked" : "active");
    std::printf("%5lld  %s  %-12s  %s\n", static_cast<long long>(u.id), Padded(u.name, 20).c_str(), u.role.c_str(), state);
  }
  return kOk;
}

int UserSetDisabled(const Globals& g, const DeskArgs& a, bool disabled) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  if (Status s = o->desk->SetDisabled(desk::Actor::Cli(), a.name, disabled); !s.ok()) return Fail(s);
  std::printf("%s %s\n", a.name.c_str(), disabled ? "disabled (its sessions ended)" : "enabled");
  return kOk;
}

int UserPasswd(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  bool generated = false;
  auto pw = Password(a.generate, &generated);
  if (!pw.ok()) return Fail(pw.status());
  if (Status s = o->desk->SetPassword(desk::Actor::Cli(), a.name, *pw); !s.ok()) return Fail(s);
  std::printf("password of %s changed (its sessions ended)\n", a.name.c_str());
  if (generated) std::printf("password (shown once): %s\n", pw->c_str());
  return kOk;
}

int TokenAdd(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto t = o->desk->AddToken(desk::Actor::Cli(), a.name, a.role);
  if (!t.ok()) return Fail(t.status());
  std::printf("token %lld (%s, %s); send it as Authorization: Bearer TOKEN. Shown once:\n%s\n",
              static_cast<long long>(t->record.id), t->record.name.c_str(), t->record.role.c_str(), t->token.c_str());
  return kOk;
}

int TokenList(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto list = o->desk->ListTokens(desk::Actor::Cli());
  if (!list.ok()) return Fail(list.status());
  if (a.as_json) {
    query::Json out = query::Json::array();
    for (const auto& t : *list) out.push_back(query::TokenJson(t));
    std::cout << Dump(out) << "\n";
    return kOk;
  }
  for (const auto& t : *list)
    std::printf("%5lld  %s  %-12s  %s  last used %s\n", static_cast<long long>(t.id), Padded(t.name, 24).c_str(),
                t.role.c_str(), t.revoked ? "revoked" : "active ", Time(t.last_used).c_str());
  return kOk;
}

int TokenRevoke(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  if (Status s = o->desk->RevokeToken(desk::Actor::Cli(), a.id); !s.ok()) return Fail(s);
  std::printf("token %lld revoked\n", static_cast<long long>(a.id));
  return kOk;
}

int UnitAdd(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto u = o->desk->AddUnit(desk::Actor::Cli(), a.name, a.kind);
  if (!u.ok()) return Fail(u.status());
  std::printf("added unit %lld: %s (%s)\n", static_cast<long long>(u->id), u->name.c_str(), u->kind.c_str());
  return kOk;
}

int UnitList(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto list = o->desk->ListUnits(desk::Actor::Cli());
  if (!list.ok()) return Fail(list.status());
  if (a.as_json) {
    query::Json out = query::Json::array();
    for (const auto& u : *list) out.push_back(query::UnitJson(u));
    std::cout << Dump(out) << "\n";
    return kOk;
  }
  for (const auto& u : *list)
    std::printf("%5lld  %s  %s\n", static_cast<long long>(u.id), Padded(u.name, 36).c_str(), u.kind.c_str());
  return kOk;
}

int CaseList(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  store::CaseQuery q;
  q.state = a.state;
  q.kind = a.kind;
  q.unit_id = a.unit_id;
  q.overdue_only = a.overdue;
  q.limit = 500;
  auto page = o->desk->ListCases(desk::Actor::Cli(), q);
  if (!page.ok()) return Fail(page.status());
  const int64_t now = o->desk->Now();
  if (a.as_json) {
    query::Json out = query::Json::array();
    for (const auto& c : page->cases) out.push_back(query::CaseJson(c, now));
    std::cout << Dump(out) << "\n";
    return kOk;
  }
  for (const auto& c : page->cases) {
    const bool overdue = !desk::IsSettled(c.state) && c.due_at != 0 && c.due_at < now;
    std::printf("%6lld  %-15s  %-9s  due %s%s  %s\n", static_cast<long long>(c.id), c.state.c_str(), c.kind.c_str(),
                Time(c.due_at).c_str(), overdue ? " OVERDUE" : "", c.title.c_str());
  }
  return kOk;
}

int CaseShow(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto c = o->desk->GetCase(desk::Actor::Cli(), a.id);
  if (!c.ok()) return Fail(c.status());
  auto events = o->desk->Events(desk::Actor::Cli(), a.id);
  if (!events.ok()) return Fail(events.status());
  query::Json j = query::CaseJson(*c, o->desk->Now());
  j["events"] = query::Json::array();
  for (const auto& e : *events) j["events"].push_back(query::CaseEventJson(e));
  store::OutboxQuery sq;
  sq.case_id = a.id;
  auto sends = o->desk->ListSends(desk::Actor::Cli(), sq);
  if (!sends.ok()) return Fail(sends.status());
  j["sends"] = query::Json::array();
  for (const auto& s : *sends) j["sends"].push_back(query::OutboxSendJson(s));
  if (a.as_json) {
    std::cout << Dump(j) << "\n";
    return kOk;
  }
  std::printf("case %lld (version %lld): %s\n%s, %s, due %s\n", static_cast<long long>(c->id),
              static_cast<long long>(c->version), c->title.c_str(), c->kind.c_str(), c->state.c_str(),
              Time(c->due_at).c_str());
  for (const auto& e : *events)
    std::printf("  %s  %-8s %s%s%s  %s\n", Time(e.at).c_str(), e.action.c_str(), e.from_state.c_str(),
                e.from_state.empty() ? "" : " -> ", e.to_state.c_str(), e.note.c_str());
  for (const auto& s : *sends)
    std::printf("  send %lld on %s: %s%s%s\n", static_cast<long long>(s.id), s.channel.c_str(), s.state.c_str(),
                s.error.empty() ? "" : ": ", s.error.c_str());
  return kOk;
}

int AuditVerify(const Globals& g) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto check = desk::VerifyAudit(*o->ds);
  if (!check.ok()) return Fail(check.status());
  if (check->first_break) {
    std::fprintf(stderr, "vox: the audit log is broken at entry %lld: %s (%lld entries read)\n",
                 static_cast<long long>(check->first_break->seq), check->first_break->why.c_str(),
                 static_cast<long long>(check->entries));
    return kFailure;
  }
  std::printf("audit log intact: %lld entries\n", static_cast<long long>(check->entries));
  return kOk;
}

int AuditShow(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  store::AuditQuery q;
  if (!ParseTimeArg(a.since, &q.since)) return Fail(Status::InvalidArgument("bad --since " + a.since));
  q.actor = a.actor;
  if (a.case_id != 0) q.target = "case:" + std::to_string(a.case_id);
  auto entries = o->desk->Audit(desk::Actor::Cli(), q);
  if (!entries.ok()) return Fail(entries.status());
  if (a.as_json) {
    query::Json out = query::Json::array();
    for (const auto& e : *entries) out.push_back(query::AuditJson(e));
    std::cout << Dump(out) << "\n";
    return kOk;
  }
  for (const auto& e : *entries)
    std::printf("%6lld  %s  %-9s %-16s %-10s %s\n", static_cast<long long>(e.seq), Time(e.at).c_str(),
                e.actor.c_str(), e.action.c_str(), e.target.c_str(), e.after.c_str());
  return kOk;
}

// vox settings set KEY VALUE|@FILE, get KEY, list: the desk's settings.
// A channel setting (desk/channels.h): secrets sealed with the contact key,
// and the audit records only that a secret changed, never its value.
int ChannelSettingSet(OpenDesk& o, const desk::ChannelKey& key, const std::string& value) {
  if (Status s = desk::CheckChannelSetting(key.name, value); !s.ok()) return Fail(s);
  auto stored = desk::StoredChannelValue(key, value, o.key.get());
  if (!stored.ok()) return Fail(stored.status());
  auto before = o.st->GetSetting(key.name);
  if (!before.ok()) return Fail(before.status());
  if (Status s = o.st->SetSetting(key.name, *stored); !s.ok()) return Fail(s);
  auto shown = [&](const std::optional<std::string>& v) -> std::string {
    if (!v) return "";
    if (key.secret) return Dump({{"secret", "(set)"}});
    return Dump({{"value", *v}});
  };
  std::string after = key.secret ? Dump({{"secret", "(set)"}, {"changed", true}}) : shown(value);
  if (Status s = o.desk->Record(desk::Actor::Cli(), "setting.set", "setting:" + std::string(key.name), shown(*before),
                                after);
      !s.ok())
    return Fail(s);
  std::printf("%s set%s\n", key.name, key.secret ? " (sealed with the contact key)" : "");
  return kOk;
}

int SettingSet(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  if (!a.from_file.empty() && !a.value.empty())
    return Fail(Status::InvalidArgument("give either a VALUE or --from-file PATH, not both"));
  if (a.from_file.empty() && a.value.empty()) return Fail(Status::InvalidArgument("give a VALUE or --from-file PATH"));
  std::string value = a.value;
  if (!a.from_file.empty()) {
    std::ifstream f(a.from_file, std::ios::binary);
    if (!f) return Fail(Status::IoError("cannot read " + a.from_file));
    value.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    // A secret saved by an editor ends with a line break that is not part of it.
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  }
  if (const desk::ChannelKey* key = desk::FindChannelKey(a.name)) return ChannelSettingSet(*o, *key, value);
  if (!value.empty() && value[0] == '@') {
    std::ifstream f(value.substr(1), std::ios::binary);
    if (!f) return Fail(Status::IoError("cannot read " + value.substr(1)));
    value.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  if (a.name == "desk.holidays" && !a.value.empty() && a.value[0] == '@') {
    auto cal = desk::WorkCalendar::Parse(value, a.value.substr(1));  // errors name the file
    if (!cal.ok()) return Fail(cal.status());
  }
  if (a.name == "report.boundaries") {
    auto parsed = report::ParseBoundaries(value);
    if (!parsed.ok()) return Fail(parsed.status());
  }
  if (Status s = desk::CheckDeskSetting(a.name, value); !s.ok()) return Fail(s);
  auto before = o->st->GetSetting(a.name);
  if (!before.ok()) return Fail(before.status());
  if (Status s = o->st->SetSetting(a.name, value); !s.ok()) return Fail(s);
  // The audit shows what changed; a calendar is recorded by its size.
  auto shown = [&](const std::optional<std::string>& v) -> std::string {
    if (!v) return "";
    if (a.name == "desk.holidays" || a.name == "report.boundaries") return Dump({{"bytes", v->size()}});
    return Dump({{"value", *v}});
  };
  if (Status s = o->desk->Record(desk::Actor::Cli(), "setting.set", "setting:" + a.name, shown(*before), shown(value));
      !s.ok())
    return Fail(s);
  std::printf("%s set\n", a.name.c_str());
  return kOk;
}

int SettingGet(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  if (const desk::ChannelKey* key = desk::FindChannelKey(a.name)) {
    auto v = o->st->GetSetting(a.name);
    if (!v.ok()) return Fail(v.status());
    if (key->secret) std::printf("%s\n", *v ? "(set)" : "(not set)");  // never the secret itself
    else std::printf("%s\n", *v ? (*v)->c_str() : key->default_value);
    return kOk;
  }
  if (a.name == desk::kZaloFollowCount || a.name == desk::kZaloUnfollowCount) {
    auto v = o->st->GetSetting(a.name);
    if (!v.ok()) return Fail(v.status());
    std::printf("%s\n", *v ? (*v)->c_str() : "0");
    return kOk;
  }
  if (a.name == "desk.holidays") {
    auto v = o->st->GetSetting(a.name);
    if (!v.ok()) return Fail(v.status());
    std::fputs(*v ? (*v)->c_str() : std::string(desk::WorkCalendar::BuiltInText()).c_str(), stdout);
    return kOk;
  }
  if (a.name.rfind("desk.due.", 0) == 0) {
    const std::string kind = a.name.substr(9);
    auto it = o->settings.due_days.find(kind);
    std::printf("%d\n", it != o->settings.due_days.end() ? it->second : desk::DefaultDueDays(kind));
    return kOk;
  }
  if (a.name == "office_name") {
    auto v = o->st->GetSetting(a.name);
    if (!v.ok()) return Fail(v.status());
    std::printf("%s\n", v->value_or("Văn phòng").c_str());
    return kOk;
  }
  if (a.name == "report.boundaries") {
    auto v = o->st->GetSetting(a.name);
    if (!v.ok()) return Fail(v.status());
    if (*v) std::fputs((*v)->c_str(), stdout);
    else std::fprintf(stderr, "report.boundaries: not set\n");
    return kOk;
  }
  if (desk::IsOutboxSetting(a.name)) {
    auto v = o->st->GetSetting(a.name);
    if (!v.ok()) return Fail(v.status());
    const desk::OutboxOptions defaults;
    const int fallback = a.name == "outbox.retry_base_seconds" ? static_cast<int>(defaults.backoff.base_seconds)
                         : a.name == "outbox.timeout_seconds"  ? defaults.timeout_seconds
                         : a.name == "reach.interval_minutes"  ? defaults.reach_interval_minutes
                                                               : defaults.backoff.max_attempts;
    std::printf("%s\n", *v ? (*v)->c_str() : std::to_string(fallback).c_str());
    return kOk;
  }
  return Fail(Status::InvalidArgument(a.name + ": not a setting (desk.due.KIND, desk.holidays, office_name, report.boundaries, zalo.*, facebook.*, publish.*, webhook.*, outbox.*, reach.interval_minutes; "
                                                "docs/channels.md)"));
}

}  // namespace

Status EnsureDemoAdmin(const Globals& g) {
  auto o = Open(g);
  if (!o.ok()) return o.status();
  auto n = o->ds->CountUsers();
  if (!n.ok()) return n.status();
  if (*n > 0) return Status::Ok();
  const std::string pw = desk::GeneratePassword();
  auto u = o->desk->AddUser(desk::Actor::Cli(), "admin", "admin", pw, 0);
  if (!u.ok()) return u.status();
  std::printf("desk sign-in (shown once): user admin, password %s\n", pw.c_str());
  return Status::Ok();
}

// vox outbox list [--state S] [--case ID] [--json] | run | retry ID: the sends
// of published answers (desk/outbox.h). `run` sends what is due now, once
// (what `vox serve` does every second), and prints how many it handled.
int OutboxList(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  store::OutboxQuery q;
  q.state = a.state;
  q.case_id = a.case_id;
  q.limit = 500;
  auto sends = o->desk->ListSends(desk::Actor::Cli(), q);
  if (!sends.ok()) return Fail(sends.status());
  if (a.as_json) {
    query::Json out = query::Json::array();
    for (const auto& s : *sends) out.push_back(query::OutboxSendJson(s));
    std::cout << Dump(out) << "\n";
    return kOk;
  }
  for (const auto& s : *sends) {
    std::string what = s.state == "sent"       ? "id " + s.platform_id
                       : s.state == "retrying" ? "next " + Time(s.next_at) + ": " + s.error
                                               : s.error;
    std::printf("%6lld  case %-6lld %-16s %-8s %2d  %s\n", static_cast<long long>(s.id),
                static_cast<long long>(s.case_id), s.channel.c_str(), s.state.c_str(), s.attempts, what.c_str());
  }
  return kOk;
}

int OutboxRun(const Globals& g) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  if (o->key == nullptr) return Fail(Status::Unsupported("the outbox needs the store's contact key"));
  auto channels = desk::LoadChannelSettings(*o->st, o->key.get());
  if (!channels.ok()) return Fail(channels.status());
  auto opts = desk::LoadOutboxOptions(*o->st);
  if (!opts.ok()) return Fail(opts.status());
  auto http = desk::CurlTransport();
  desk::Outbox box(*o->ds, *o->key, *channels, *http, *opts);
  auto n = box.RunDue();
  if (!n.ok()) return Fail(n.status());
  std::printf("%d send(s) handled\n", *n);
  return kOk;
}

int OutboxRetry(const Globals& g, const DeskArgs& a) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto s = o->desk->RetrySend(desk::Actor::Cli(), a.id);
  if (!s.ok()) return Fail(s.status());
  std::printf("send %lld queued again\n", static_cast<long long>(s->id));
  return kOk;
}

void RegisterDeskCommands(CLI::App& app, Globals& g, Runner* run) {
  auto a = std::make_shared<DeskArgs>();
  auto set = [run](CLI::App* cmd, std::function<int()> fn) { cmd->callback([run, fn] { *run = fn; }); };

  auto* user = app.add_subcommand("user", "staff accounts: add, list, disable, enable, passwd");
  user->require_subcommand(1);
  auto* uadd = user->add_subcommand("add", "add a staff account (password read twice from stdin)");
  uadd->add_option("name", a->name, "login name")->required();
  uadd->add_option("--role", a->role, "admin, editor, analyst, collaborator or viewer")->required();
  uadd->add_option("--unit", a->unit, "the unit (ward, commune, agency) the user works for");
  uadd->add_flag("--generate-password", a->generate, "generate a password and print it once");
  set(uadd, [&g, a] { return UserAdd(g, *a); });
  auto* ulist = user->add_subcommand("list", "list staff accounts");
  ulist->add_flag("--json", a->as_json, "JSON output");
  set(ulist, [&g, a] { return UserList(g, *a); });
  auto* udis = user->add_subcommand("disable", "disable an account and end its sessions");
  udis->add_option("name", a->name)->required();
  set(udis, [&g, a] { return UserSetDisabled(g, *a, true); });
  auto* uen = user->add_subcommand("enable", "enable an account (and unlock it)");
  uen->add_option("name", a->name)->required();
  set(uen, [&g, a] { return UserSetDisabled(g, *a, false); });
  auto* upw = user->add_subcommand("passwd", "set a password (read twice from stdin) and end its sessions");
  upw->add_option("name", a->name)->required();
  upw->add_flag("--generate-password", a->generate, "generate a password and print it once");
  set(upw, [&g, a] { return UserPasswd(g, *a); });

  auto* token = app.add_subcommand("token", "API tokens for integrations: add, list, revoke");
  token->require_subcommand(1);
  auto* tadd = token->add_subcommand("add", "make a token (printed once)");
  tadd->add_option("name", a->name, "what it is for")->required();
  tadd->add_option("--role", a->role, "the role it acts with")->required();
  set(tadd, [&g, a] { return TokenAdd(g, *a); });
  auto* tlist = token->add_subcommand("list", "list tokens");
  tlist->add_flag("--json", a->as_json, "JSON output");
  set(tlist, [&g, a] { return TokenList(g, *a); });
  auto* trev = token->add_subcommand("revoke", "revoke a token");
  trev->add_option("id", a->id)->required();
  set(trev, [&g, a] { return TokenRevoke(g, *a); });

  auto* unit = app.add_subcommand("unit", "units cases go to: add, list");
  unit->require_subcommand(1);
  auto* nadd = unit->add_subcommand("add", "add a unit");
  nadd->add_option("name", a->name)->required();
  nadd->add_option("--kind", a->kind, "ward, commune, agency or other");
  set(nadd, [&g, a] { return UnitAdd(g, *a); });
  auto* nlist = unit->add_subcommand("list", "list units");
  nlist->add_flag("--json", a->as_json, "JSON output");
  set(nlist, [&g, a] { return UnitList(g, *a); });

  auto* kase = app.add_subcommand("case", "cases: list, show");
  kase->require_subcommand(1);
  auto* clist = kase->add_subcommand("list", "list cases, newest first");
  clist->add_option("--state", a->state, "new, triaged, assigned, in_progress, answered, published, closed, ...");
  clist->add_option("--kind", a->kind, "concern, request, question, rumour, incident");
  clist->add_option("--unit", a->unit_id, "unit id");
  clist->add_flag("--overdue", a->overdue, "only cases past their deadline");
  clist->add_flag("--json", a->as_json, "JSON output");
  set(clist, [&g, a] { return CaseList(g, *a); });
  auto* cshow = kase->add_subcommand("show", "a case and its history");
  cshow->add_option("id", a->id)->required();
  cshow->add_flag("--json", a->as_json, "JSON output");
  set(cshow, [&g, a] { return CaseShow(g, *a); });

  auto* setting = app.add_subcommand("settings", "settings: desk.due.KIND (working days), desk.holidays, office_name (reports), zalo.*, facebook.*, publish.*, webhook.*, outbox.* (docs/channels.md)");
  setting->require_subcommand(1);
  auto* sset = setting->add_subcommand("set", "set a setting (audited); desk.holidays takes @FILE, secrets --from-file");
  sset->add_option("key", a->name)->required();
  sset->add_option("value", a->value);
  sset->add_option("--from-file", a->from_file, "read the value from PATH (secrets: keeps them out of the shell's history)");
  set(sset, [&g, a] { return SettingSet(g, *a); });
  auto* sget = setting->add_subcommand("get", "print a setting (its default when unset)");
  sget->add_option("key", a->name)->required();
  set(sget, [&g, a] { return SettingGet(g, *a); });

  auto* outbox = app.add_subcommand("outbox", "answers sent back to the channels: list, run, retry");
  outbox->require_subcommand(1);
  auto* olist = outbox->add_subcommand("list", "list sends, newest first");
  olist->add_option("--state", a->state, "queued, sending, sent, retrying, failed");
  olist->add_option("--case", a->case_id, "one case's sends");
  olist->add_flag("--json", a->as_json, "JSON output");
  set(olist, [&g, a] { return OutboxList(g, *a); });
  auto* orun = outbox->add_subcommand("run", "send what is due now, once");
  set(orun, [&g] { return OutboxRun(g); });
  auto* oretry = outbox->add_subcommand("retry", "queue a failed send again (audited)");
  oretry->add_option("id", a->id)->required();
  set(oretry, [&g, a] { return OutboxRetry(g, *a); });

  auto* audit = app.add_subcommand("audit", "the audit log: verify, show");
  audit->require_subcommand(1);
  auto* aver = audit->add_subcommand("verify", "check the hash chain (exit 1 naming the first bad entry)");
  set(aver, [&g] { return AuditVerify(g); });
  auto* ashow = audit->add_subcommand("show", "list audit entries, oldest first");
  ashow->add_option("--since", a->since, "RFC 3339, YYYY-MM-DD or 7d");
  ashow->add_option("--actor", a->actor, "user:ID, token:ID or cli");
  ashow->add_option("--case", a->case_id, "case id");
  ashow->add_flag("--json", a->as_json, "JSON output");
  set(ashow, [&g, a] { return AuditShow(g, *a); });
}

}  // namespace vox::cli
