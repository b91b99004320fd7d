// The desk: staff accounts, units, cases with deadlines, collaborators'
// reports, and the audit trail of all of it. The command line and the API
// both act through a Desk, so that who may do what (Can), what a case may
// become next (kTransitions) and what is audited are decided once, here.
//
// Every change runs in one transaction with its audit entry: either both
// commit or neither does.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "desk/auth.h"
#include "desk/calendar.h"
#include "desk/contact.h"
#include "store/desk_store.h"

namespace vox::desk {

// Who acts: a signed-in user, an API token (acting with the token's role), or
// the command line run by whoever holds the store's files (admin).
struct Actor {
  int64_t user_id = 0;   // 0 for a token or the command line
  int64_t token_id = 0;
  std::string name;      // the user's login name, the token's name, or "cli"
  Role role = Role::kViewer;
  int64_t unit_id = 0;   // the user's unit (0: the office)
  bool tipline = false;  // the public web form (it may only open a case of its own)
  std::string Label() const;  // "user:3", "token:2", "public:web-form", "cli": what the audit log records
  static Actor Cli();
  static Actor Tipline();
  // A channel's webhook opening the case of a message written to the office
  // ("zalo", "messenger"): like the web form, it may only open its own case.
  static Actor Channel(const std::string& channel);
};

// What the public status page of a tipline case shows: no staff, no unit
// names, no contact, no internal answer.
struct PublicStatus {
  int64_t case_id = 0;
  std::string state;
  std::string kind;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t due_at = 0;
  std::string public_answer;  // only once published
};

// The reference a citizen gets for a case opened from the web form:
// "GY" + case id + "-" + 8 letters of a keyed tag, so that no one can read
// another's case by counting ids. ParseTiplineRef checks it in constant time.
std::string TiplineRef(const ContactKey& key, int64_t case_id);
bool ParseTiplineRef(const ContactKey& key, std::string_view ref, int64_t* case_id);

enum class Action {
  kManageUsers,     // users, units, tokens, settings
  kReadCases,       // list and read cases, events, audit of a case
  kOpenCase,
  kHandleCase,      // triage, assign, change state, draft answers, comment, link
  kApproveAnswer,   // approve and publish the public answer
  kSubmitReport,    // collaborators' reports (and reading one's own)
  kReadReports,     // every report
  kReadAudit,
  kReadItems,       // items, stories, search (the existing read API)
};
bool Can(Role role, Action action);
std::string_view ActionName(Action a);

// Case vocabularies (stored as these names).
inline constexpr std::string_view kCaseKinds[] = {"concern", "request", "question", "rumour", "incident"};
inline constexpr std::string_view kCaseStates[] = {
    "new",    "triaged", "assigned",  "in_progress",     "answered", "published",
    "closed", "duplicate", "not_responsible", "referred", "reopened"};
inline constexpr std::string_view kCaseOrigins[] = {"story", "item", "match", "report", "message", "hand"};
// States in which a case no longer runs against its deadline.
bool IsSettled(std::string_view state);
// Whether a case may go from `from` to `to`.
bool CanTransition(std::string_view from, std::string_view to);

struct DeskOptions {
  const WorkCalendar* calendar = nullptr;  // nullptr: WorkCalendar::BuiltIn()
  int tz_offset = 7 * 3600;                // the office's zone (seconds east of UTC)
  const ContactKey* contact_key = nullptr; // nullptr: contact details are refused
  int64_t session_idle_seconds = 8 * 3600;
  int max_failed_logins = 5;               // per account, then locked for lockout_seconds
  int max_failed_per_address = 20;         // per client address within lockout_seconds
  int64_t lockout_seconds = 15 * 60;
  // Working days to answer per kind, overriding DefaultDueDays.
  std::map<std::string, int, std::less<>> due_days;
  // Where a published answer goes when the editor names no targets (the
  // setting publish.targets; channels.h kPublishTargets).
  std::vector<std::string> publish_targets;
};

// Default working days to answer, per kind (settings "desk.due.<kind>").
int DefaultDueDays(std::string_view kind);

// The office's desk settings, kept in the store so that the command line and
// the server agree: "desk.due.<kind>" (working days, 1-365), "desk.holidays"
// (a calendar file's text; absent: WorkCalendar::BuiltIn()) and "time_zone".
struct DeskSettings {
  std::shared_ptr<const WorkCalendar> calendar;  // never null
  std::map<std::string, int, std::less<>> due_days;
  int tz_offset = 7 * 3600;
  std::vector<std::string> publish_targets;
  // Applies these to `opts` (calendar, due days, zone); `opts` then refers to
  // *calendar, so keep the settings alive while it is used.
  void ApplyTo(DeskOptions* opts) const;
};
Result<DeskSettings> LoadDeskSettings(store::Store& st);
// Checks a setting the desk owns before it is stored ("desk.due.request" =
// "12", "desk.holidays" = a calendar's text); InvalidArgument naming it.
Status CheckDeskSetting(std::string_view key, std::string_view value);

struct LoginResult {
  std::string session_token;  // for the cookie; shown once
  std::string csrf;
  store::User user;
};

struct NewToken {
  store::ApiToken record;
  std::string token;          // shown once
};

// A new case. kind and title are required; origin "hand" when empty.
struct CaseDraft {
  std::string kind;
  std::string title;
  std::string description;
  std::string origin;
  std::string origin_ref;
  std::string category;
  std::string place;
  std::string contact;        // consented contact details (sealed at once)
  // Where the published answer goes back (outbox.h ReplyAddress::Encode):
  // sealed at once with the contact key, kept only on the case. Only the
  // channels' webhooks (Actor::Channel) set it: staff cannot name a recipient.
  std::string reply;
  std::vector<store::CaseLink> links;  // case_id ignored
};

// A change to a case: only the fields set are changed. `version` is the
// version the change was based on (required).
struct CasePatch {
  int64_t version = 0;
  std::optional<std::string> state;
  std::optional<std::string> note;            // why (recorded with the state change)
  std::optional<int64_t> unit_id;             // assign (computes the due date unless due_at is given)
  std::optional<int64_t> assignee_id;
  std::optional<int64_t> due_at;
  std::optional<int64_t> duplicate_of;        // with state duplicate
  std::optional<std::string> responsible_body;  // with state not_responsible
  std::optional<std::string> title, description, category, place, kind;
  std::optional<std::string> internal_answer, public_answer;
  bool approve_answer = false;                // editor: approve the public answer as it stands
  // With state published: where the answer goes besides the person who
  // wrote (channels.h kPublishTargets; absent: DeskOptions::publish_targets).
  std::optional<std::vector<std::string>> publish_to;
  std::vector<store::CaseLink> add_links;     // stories, items, fact-checks, cases (case_id ignored)
};

// One page of cases and the cursor of the next (0: no more).
struct CasePage {
  std::vector<store::Case> cases;
  int64_t next_after = 0;
};

class Desk {
 public:
  Desk(store::DeskStore& ds, DeskOptions opts);

  store::DeskStore& store() { return ds_; }
  const DeskOptions& options() const { return opts_; }
  int64_t Now() const { return ds_.clock().Now(); }

  // ---- Accounts.
  Result<store::User> AddUser(const Actor& by, const std::string& name, const std::string& role,
                              const std::string& password, int64_t unit_id);
  Status SetDisabled(const Actor& by, const std::string& name, bool disabled);
  Status SetPassword(const Actor& by, const std::string& name, const std::string& password);
  Status SetRole(const Actor& by, const std::string& name, const std::string& role);
  Result<std::vector<store::User>> ListUsers(const Actor& by);
  // Checks the password; throttles per account and per client address;
  // records the login (or the failure) in the audit log. Unauthenticated
  // with a message a person can act on ("locked for 14 more minutes").
  Result<LoginResult> Login(const std::string& name, const std::string& password, const std::string& address);
  Status Logout(const std::string& session_token);
  // The actor of a session cookie's token (and its csrf), refreshing its idle
  // timer; Unauthenticated when unknown, expired or its user disabled.
  Result<std::pair<Actor, std::string>> SessionActor(const std::string& session_token);
  // The actor of a bearer token.
  Result<Actor> TokenActor(const std::string& token);
  Result<NewToken> AddToken(const Actor& by, const std::string& name, const std::string& role);
  Status RevokeToken(const Actor& by, int64_t id);
  Result<std::vector<store::ApiToken>> ListTokens(const Actor& by);

  // ---- Units.
  Result<store::Unit> AddUnit(const Actor& by, const std::string& name, const std::string& kind);
  Result<std::vector<store::Unit>> ListUnits(const Actor& by);

  // ---- Cases.
  Result<store::Case> OpenCase(const Actor& by, const CaseDraft& draft);
  Result<store::Case> GetCase(const Actor& by, int64_t id);
  // Conflict when patch.version is stale (the message names the current one).
  Result<store::Case> ChangeCase(const Actor& by, int64_t id, const CasePatch& patch);
  Result<store::CaseEvent> Comment(const Actor& by, int64_t id, const std::string& text);
  Result<std::vector<store::CaseEvent>> Events(const Actor& by, int64_t id);
  Result<std::vector<store::CaseLink>> Links(const Actor& by, int64_t id);
  Result<CasePage> ListCases(const Actor& by, store::CaseQuery q);
  // The cases still running against their deadline, counted per unit (due
  // soon: within 24 hours of now). Those who may read cases.
  Result<std::vector<store::OpenCaseCount>> CountOpenCases(const Actor& by);
  // The public status of a case opened from the web form (Actor::Tipline);
  // NotFound for any other case.
  Result<PublicStatus> TiplineStatus(int64_t id);
  // The consented contact details of a case (analysts and up; audited).
  Result<std::string> ReadContact(const Actor& by, int64_t id);

  // ---- The outbox (outbox.h). Publishing a case queues its answer for the
  // person who wrote, on their channel, in the same transaction (ChangeCase).
  // Staff who read cases may list sends; editors and admins (who approve and
  // publish answers) may retry a failed one (audited).
  Result<std::vector<store::OutboxSend>> ListSends(const Actor& by, const store::OutboxQuery& q);
  // The reach of a case's answers as read on a schedule (desk/outbox.h
  // PollReach), oldest first, the newest `limit` (1-2000) readings.
  Result<std::vector<store::ReachSnapshot>> ReachHistory(const Actor& by, int64_t case_id, int limit);
  Result<store::OutboxSend> RetrySend(const Actor& by, int64_t id);

  // ---- Collaborators' reports.
  Result<store::Report> SubmitReport(const Actor& by, store::Report r);
  // Collaborators see their own; analysts and up see all.
  Result<std::vector<store::Report>> ListReports(const Actor& by, int64_t after_id, int limit);
  // Opens a case from a report (analysts and up).
  Result<store::Case> OpenCaseFromReport(const Actor& by, int64_t report_id, const std::string& kind);

  // ---- Audit.
  Result<std::vector<store::AuditEntry>> Audit(const Actor& by, const store::AuditQuery& q);
  // Records a change made outside the desk (settings, purges) by `by`.
  Status Record(const Actor& by, const std::string& action, const std::string& target,
                const std::string& before, const std::string& after);

  // Working-day deadline for a case of `kind` opened or assigned at `from`.
  int64_t DueFor(std::string_view kind, int64_t from) const;

 private:
  Status Require(const Actor& by, Action a) const;
  Result<store::Case> LoadCase(int64_t id);
  // Queues the published answer of `c` (inside ChangeCase's transaction);
  // the send's id, 0 when the case has nowhere to answer.
  Result<int64_t> QueueReply(const store::Case& c, int64_t now);
  // Queues (or, for the feed, records as published) the answer of `c` for
  // each target; their ids.
  Result<std::vector<int64_t>> QueuePublish(const store::Case& c, const std::vector<std::string>& targets,
                                            int64_t now);
  store::DeskStore& ds_;
  DeskOptions opts_;
};

}  // namespace vox::desk
