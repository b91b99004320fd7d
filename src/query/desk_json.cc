#include "query/desk_json.h"

#include "common/time.h"

namespace vox::query {

namespace {

Json Time(int64_t t) { return t == 0 ? Json(nullptr) : Json(FormatTimestamp(t)); }
Json Id(int64_t id) { return id == 0 ? Json(nullptr) : Json(id); }
// before/after are JSON texts the desk wrote; shown as values.
Json Embedded(const std::string& text) {
  if (text.empty()) return nullptr;
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json(text) : j;
}

}  // namespace

Json UserJson(const store::User& u, int64_t now) {
  return {{"id", u.id},           {"name", u.name},         {"role", u.role},
          {"unit_id", Id(u.unit_id)}, {"disabled", u.disabled}, {"created_at", Time(u.created_at)},
          {"locked", u.locked_until > now}};
}

Json UnitJson(const store::Unit& u) {
  return {{"id", u.id}, {"name", u.name}, {"kind", u.kind}, {"created_at", Time(u.created_at)}};
}

Json TokenJson(const store::ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"role", t.role},
          {"created_at", Time(t.created_at)},
          {"last_used", Time(t.last_used)},
          {"revoked", t.revoked}};
}

Json CaseJson(const store::Case& c, int64_t now) {
  const bool running = !desk::IsSettled(c.state);
  return {{"id", c.id},
          {"version", c.version},
          {"kind", c.kind},
          {"state", c.state},
          {"title", c.title},
          {"description", c.description},
          {"origin", c.origin},
          {"origin_ref", c.origin_ref},
          {"category", c.category},
          {"place", c.place},
          {"unit_id", Id(c.unit_id)},
          {"assignee_id", Id(c.assignee_id)},
          {"due_at", Time(c.due_at)},
          {"overdue", running && c.due_at != 0 && c.due_at < now},
          {"due_soon", running && c.due_at != 0 && c.due_at >= now && c.due_at < now + 24 * 3600},
          {"duplicate_of", Id(c.duplicate_of)},
          {"responsible_body", c.responsible_body},
          {"internal_answer", c.internal_answer},
          {"public_answer", c.public_answer},
          {"answer_approved", c.answer_approved_by != 0},
          {"has_contact", !c.contact_sealed.empty()},
          {"created_at", Time(c.created_at)},
          {"updated_at", Time(c.updated_at)},
          {"first_response_at", Time(c.first_response_at)},
          {"answered_at", Time(c.answered_at)},
          {"closed_at", Time(c.closed_at)}};
}

Json CaseEventJson(const store::CaseEvent& e) {
  return {{"id", e.id},
          {"case_id", e.case_id},
          {"at", Time(e.at)},
          {"actor_id", Id(e.actor_id)},
          {"action", e.action},
          {"from_state", e.from_state},
          {"to_state", e.to_state},
          {"note", e.note}};
}

Json CaseLinkJson(const store::CaseLink& l) { return {{"kind", l.kind}, {"ref", l.ref}}; }

Json OutboxSendJson(const store::OutboxSend& s) {
  return {{"id", s.id},
          {"case_id", s.case_id},
          {"channel", s.channel},
          {"state", s.state},
          {"attempts", s.attempts},
          {"next_at", s.state == "retrying" ? Time(s.next_at) : Json(nullptr)},
          {"platform_id", s.platform_id.empty() ? Json(nullptr) : Json(s.platform_id)},
          {"error", s.error.empty() ? Json(nullptr) : Json(s.error)},
          {"created_at", Time(s.created_at)},
          {"updated_at", Time(s.updated_at)},
          {"sent_at", Time(s.sent_at)}};
}

Json ReportJson(const store::Report& r) {
  return {{"id", r.id},       {"created_at", Time(r.created_at)}, {"text", r.text},
          {"link", r.link},   {"place", r.place},                 {"concern", r.concern},
          {"case_id", Id(r.case_id)}};
}

Json AuditJson(const store::AuditEntry& e) {
  return {{"seq", e.seq},
          {"at", Time(e.at)},
          {"actor", e.actor},
          {"action", e.action},
          {"target", e.target},
          {"before", Embedded(e.before)},
          {"after", Embedded(e.after)},
          {"hash", e.hash}};
}

Json AuditCheckJson(const desk::AuditCheck& c) {
  Json j = {{"entries", c.entries}, {"intact", !c.first_break.has_value()}, {"first_break", nullptr}};
  if (c.first_break) j["first_break"] = {{"seq", c.first_break->seq}, {"why", c.first_break->why}};
  return j;
}

}  // namespace vox::query
