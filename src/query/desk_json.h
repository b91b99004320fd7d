// The desk's records in their one JSON form, for the API (/api/v1) and the
// command line's --json. Never a password hash, a token or its hash, or a
// case's sealed contact details (only whether it has them).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "desk/audit.h"
#include "desk/desk.h"
#include "store/desk_records.h"

namespace vox::query {

using Json = nlohmann::json;

// {id, name, role, unit_id (null), disabled, created_at, locked (bool)}
Json UserJson(const store::User& u, int64_t now);
// {id, name, kind, created_at}
Json UnitJson(const store::Unit& u);
// {id, name, role, created_at, last_used (null), revoked}
Json TokenJson(const store::ApiToken& t);
// {id, version, kind, state, title, description, origin, origin_ref, category,
//  place, unit_id, assignee_id, due_at, overdue, due_soon, duplicate_of,
//  responsible_body, internal_answer, public_answer, answer_approved,
//  has_contact, created_at, updated_at, first_response_at, answered_at,
//  closed_at}; times RFC 3339 or null. due_soon: due within 24 hours.
Json CaseJson(const store::Case& c, int64_t now);
// {id, case_id, at, actor_id (null for the system), action, from_state, to_state, note}
Json CaseEventJson(const store::CaseEvent& e);
Json CaseLinkJson(const store::CaseLink& l);
// One send of the outbox: id, case_id, channel, state, attempts, next_at
// (retrying), platform_id (sent), error (the platform's message), created_at,
// updated_at, sent_at. Never the recipient (it stays sealed) nor the text.
Json OutboxSendJson(const store::OutboxSend& s);
// {id, created_at, text, link, place, concern, case_id (null)}: no field for a person.
Json ReportJson(const store::Report& r);
// {seq, at, actor, action, target, before, after, hash}
Json AuditJson(const store::AuditEntry& e);
Json AuditCheckJson(const desk::AuditCheck& c);

}  // namespace vox::query
