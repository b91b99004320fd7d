// The desk's records as the store keeps them (written by desk/): staff
// accounts, their sessions and API tokens, units, cases with their events
// and links, collaborators' reports, and the audit log.
//
// Nothing here describes a citizen: a case may carry contact details a
// citizen gave with consent, but only sealed (desk/ encrypts them before the
// store sees them), and a collaborator's report has fields for content only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vox::store {

// Roles and states are stored as their names (desk/ owns the vocabularies).

struct User {
  int64_t id = 0;
  std::string name;            // login name, unique
  std::string role;            // admin | editor | analyst | collaborator | viewer
  std::string password_hash;   // libsodium crypto_pwhash_str (Argon2id)
  int64_t unit_id = 0;         // 0: the office itself
  bool disabled = false;
  int64_t created_at = 0;
  int failed_logins = 0;       // consecutive failures since the last success
  int64_t locked_until = 0;    // refused until then (0: not locked)
};

struct Session {
  std::string token_hash;      // hex BLAKE2b of the cookie's token; the token itself is never kept
  int64_t user_id = 0;
  std::string csrf;            // sent with every state-changing request
  int64_t created_at = 0;
  int64_t last_seen = 0;       // idle expiry counts from here
};

struct ApiToken {
  int64_t id = 0;
  std::string name;            // what it is for ("zalo bridge")
  std::string token_hash;      // hex BLAKE2b; the token is shown once when made
  std::string role;
  int64_t created_by = 0;      // user id
  int64_t created_at = 0;
  int64_t last_used = 0;
  bool revoked = false;
};

struct Unit {
  int64_t id = 0;
  std::string name;            // unique: "UBND phường Bến Nghé"
  std::string kind;            // ward | commune | agency | other
  int64_t created_at = 0;
};

struct Case {
  int64_t id = 0;
  int64_t version = 0;         // +1 on every change; a stale write is refused
  std::string kind;            // concern | request | question | rumour | incident
  std::string state;           // new | triaged | assigned | in_progress | answered | published | closed
                               // | duplicate | not_responsible | referred | reopened
  std::string title;
  std::string description;     // masked like all text
  std::string origin;          // story | item | match | report | message | hand
  std::string origin_ref;      // "story:12", "item:fb/123", "match:fb/123>fc-9", "report:4"
  std::string category;        // a concern of the taxonomy (optional)
  std::string place;           // optional
  int64_t unit_id = 0;         // 0: not assigned
  int64_t assignee_id = 0;     // a staff user, 0: none
  int64_t due_at = 0;          // 0: no deadline
  int64_t duplicate_of = 0;    // case id (state duplicate)
  std::string responsible_body;  // not_responsible: the body it belongs to
  std::string internal_answer;
  std::string public_answer;
  int64_t answer_approved_by = 0;  // editor's user id, 0: not approved
  std::string contact_sealed;  // consented contact details, encrypted (empty: none)
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t first_response_at = 0;  // first staff action after opening
  int64_t answered_at = 0;
  int64_t closed_at = 0;
};

struct CaseEvent {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t at = 0;
  int64_t actor_id = 0;        // staff user (0: the system)
  std::string action;          // created | state | assign | edit | answer | approve | comment | link
  std::string from_state, to_state;
  std::string note;            // why, or the comment's text
};

struct CaseLink {
  int64_t case_id = 0;
  std::string kind;            // story | item | factcheck | case
  std::string ref;             // story id, "source/id", fact-check id, case id
};

struct CaseQuery {
  std::string state;           // empty: any
  std::string kind;
  int64_t unit_id = 0;         // 0: any
  bool overdue_only = false;   // 0 < due_at < now, and not answered/published/closed/duplicate/
                               // not_responsible/referred
  int64_t now = 0;             // for overdue_only; 0: the store's clock
  int64_t after_id = 0;        // keyset paging: cases with id < after_id (newest first); 0: from the newest
  int limit = 50;              // must be above 0
};

// Cases still running against their deadline (every state but answered,
// published, closed, duplicate, not_responsible, referred) of one unit
// (0: not assigned): how many, how many due within the window asked, how
// many past their deadline.
struct OpenCaseCount {
  int64_t unit_id = 0;
  int64_t open = 0;
  int64_t due_soon = 0;  // now <= due_at < now + soon
  int64_t overdue = 0;   // 0 < due_at < now
};

// A collaborator's report of something seen online or on the street.
// Content only: there is no field for a person.
struct Report {
  int64_t id = 0;
  int64_t created_by = 0;      // the collaborator (staff account)
  int64_t created_at = 0;
  std::string text;            // masked
  std::string link;
  std::string place;
  std::string concern;
  int64_t case_id = 0;         // the case opened from it, 0: none yet
};

// One entry of the hash-chained audit log. hash = BLAKE2b(prev_hash ||
// canonical(seq, at, actor, action, target, before, after)), computed by desk/.
struct AuditEntry {
  int64_t seq = 0;             // 1, 2, ... gap-free
  int64_t at = 0;
  std::string actor;           // "user:3", "token:2", "cli", "system"
  std::string action;          // "login", "user.add", "case.state", "setting.set", "purge", ...
  std::string target;          // "case:12", "user:4", ...
  std::string before, after;   // JSON of what changed (staff actions; never a citizen's identity)
  std::string prev_hash, hash; // hex
};

struct AuditQuery {
  int64_t since = 0;           // at >= since (0: from the start)
  std::string actor;           // exact
  std::string target;          // exact ("case:12")
  int64_t after_seq = 0;       // seq > after_seq, oldest first
  int limit = 0;               // 0: all
};

// One send of a published answer back to the channel a citizen wrote on
// (the outbox, docs/channels.md "Replies"). The recipient (a Zalo user id, a
// Messenger PSID, a Page comment id) is kept only sealed with the contact
// key, like consented contact details; the store never sees it in clear.
struct OutboxSend {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string channel;         // zalo | messenger | facebook_comment
  std::string target_sealed;   // the recipient, encrypted
  std::string text;            // the approved public answer as sent
  std::string idempotency_key; // unique: one send per case, channel and answer ("case:12:v7")
  std::string state;           // queued | sending | sent | retrying | failed
  int attempts = 0;            // HTTP calls made so far
  std::string attempt_key;     // the attempt in flight while "sending" ("<key>#<attempt>")
  int64_t next_at = 0;         // retrying: not before then
  std::string platform_id;     // sent: the platform's message or comment id
  std::string error;           // failed / retrying: the platform's message
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t sent_at = 0;
};

// One reading of a published answer's reach on the Page (docs/channels.md
// "Reach"), taken on a schedule: counts only, -1 where Graph gave none.
struct ReachSnapshot {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t send_id = 0;          // the outbox send that posted the answer
  int64_t taken_at = 0;
  int64_t reactions = -1, comments = -1, shares = -1;
  int64_t impressions = -1;     // unique people the post was shown to (Page insights), when Graph has them
  std::string error;            // why nothing (or not everything) was read
};

struct OutboxQuery {
  std::string state;           // empty: any
  int64_t case_id = 0;         // 0: any
  std::string channel;         // empty: any
  int64_t after_id = 0;        // keyset paging, newest first: ids below it; 0: from the newest
  int limit = 50;              // must be above 0
};

}  // namespace vox::store
