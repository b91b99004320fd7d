#include "desk/outbox.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "desk/audit.h"

namespace vox::desk {
namespace {

using json = nlohmann::json;

// Graph error codes that mean "later" (platforms.md, the Graph API's
// rate-limiting and error-handling guides).
bool GraphRetryable(int64_t code) {
  return code == 1 || code == 2 || code == 4 || code == 17 || code == 32 || code == 341 || code == 613;
}

// At most n bytes, cut before a character, never inside one.
std::string Clip(std::string s, size_t n = 300) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

std::string Header(const HttpAnswer& a, const std::string& name) {
  auto it = a.headers.find(name);
  return it == a.headers.end() ? "" : it->second;
}

int64_t RetryAfter(const HttpAnswer& a) {
  const std::string v = Header(a, "retry-after");
  int64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
    if (n > 86400) return 86400;
  }
  return n;
}

Classified NoAnswer(const HttpAnswer& a) {
  Classified c;
  c.verdict = Verdict::kRetry;
  c.message = a.timed_out ? "no answer in time (timeout)" : "no answer: " + Clip(a.error);
  return c;
}

std::string IdString(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return "";
}

}  // namespace

std::string WebhookSignature(std::string_view secret, std::string_view body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return "sha256=" + std::string(hex);
}

bool IsPublishTarget(std::string_view channel) {
  return std::find(std::begin(kPublishTargets), std::end(kPublishTargets), channel) != std::end(kPublishTargets);
}

int64_t RegainAccessSeconds(std::string_view header) {
  if (header.empty()) return 0;
  json j = json::parse(header, nullptr, false);
  if (!j.is_object()) return 0;
  int64_t minutes = 0;
  for (auto& [id, entries] : j.items()) {
    if (!entries.is_array()) continue;
    for (const json& e : entries) {
      if (!e.is_object()) continue;
      auto it = e.find("estimated_time_to_regain_access");
      if (it != e.end() && it->is_number()) minutes = std::max(minutes, static_cast<int64_t>(it->get<double>()));
    }
  }
  return std::min<int64_t>(minutes, 24 * 60) * 60;
}

Classified ClassifyZalo(const HttpAnswer& a) {
  if (a.status == 0) return NoAnswer(a);
  Classified c;
  if (a.status == 429 || a.status >= 500) {
    c.verdict = Verdict::kRetry;
    c.message = "HTTP " + std::to_string(a.status);
    c.min_wait_seconds = RetryAfter(a);
    return c;
  }
  json j = json::parse(a.body, nullptr, false);
  if (!j.is_object() || !j.contains("error")) {
    c.verdict = a.status >= 400 ? Verdict::kPermanent : Verdict::kRetry;
    c.message = "HTTP " + std::to_string(a.status) + ": not a Zalo answer";
    return c;
  }
  const int64_t error = j["error"].is_number_integer() ? j["error"].get<int64_t>() : -1;
  const std::string message = j.contains("message") && j["message"].is_string() ? j["message"].get<std::string>() : "";
  if (error == 0) {
    const json& data = j.contains("data") ? j["data"] : json();
    c.platform_id = data.is_object() && data.contains("message_id") ? IdString(data["message_id"]) : "";
    if (c.platform_id.empty()) {
      // Sent, says Zalo, but without the id we record: keep it as sent.
      c.platform_id = "(no id)";
    }
    c.verdict = Verdict::kSent;
    return c;
  }
  // Zalo documents no retryable codes; an unknown negative code is permanent
  // and shows the platform's message (docs/channels.md).
  c.verdict = Verdict::kPermanent;
  c.message = "Zalo error " + std::to_string(error) + (message.empty() ? "" : ": " + Clip(message));
  return c;
}

Classified ClassifyGraph(const HttpAnswer& a) {
  if (a.status == 0) return NoAnswer(a);
  Classified c;
  json j = json::parse(a.body, nullptr, false);
  if (a.status >= 200 && a.status < 300 && j.is_object() && !j.contains("error")) {
    c.platform_id = j.contains("message_id") ? IdString(j["message_id"]) : j.contains("id") ? IdString(j["id"]) : "";
    if (c.platform_id.empty()) c.platform_id = "(no id)";
    c.verdict = Verdict::kSent;
    return c;
  }
  const int64_t regain = std::max(RegainAccessSeconds(Header(a, "x-business-use-case-usage")), RetryAfter(a));
  if (j.is_object() && j.contains("error") && j["error"].is_object()) {
    const json& e = j["error"];
    const int64_t code = e.contains("code") && e["code"].is_number_integer() ? e["code"].get<int64_t>() : 0;
    const int64_t sub =
        e.contains("error_subcode") && e["error_subcode"].is_number_integer() ? e["error_subcode"].get<int64_t>() : 0;
    const std::string message =
        e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>() : "";
    const bool transient =
        e.contains("is_transient") && e["is_transient"].is_boolean() && e["is_transient"].get<bool>();
    c.message = "Graph error " + std::to_string(code) + (sub != 0 ? "/" + std::to_string(sub) : "") +
                (message.empty() ? "" : ": " + Clip(message));
    if (code == 506) {
      c.verdict = Verdict::kDuplicate;
    } else if (GraphRetryable(code) || transient || a.status == 429 || (a.status >= 500 && code == 0)) {
      c.verdict = Verdict::kRetry;
      c.min_wait_seconds = regain;
    } else {
      c.verdict = Verdict::kPermanent;  // 190 token, 10/200-299 permission, 551, the window, ...
    }
    return c;
  }
  if (a.status == 429 || a.status >= 500) {
    c.verdict = Verdict::kRetry;
    c.message = "HTTP " + std::to_string(a.status);
    c.min_wait_seconds = regain;
    return c;
  }
  c.verdict = Verdict::kPermanent;
  c.message = "HTTP " + std::to_string(a.status) + ": not a Graph answer";
  return c;
}

int64_t BackoffSeconds(const BackoffOptions& b, int attempts, int64_t min_wait, uint64_t random) {
  const int shift = std::clamp(attempts - 1, 0, 30);
  int64_t d = b.base_seconds;
  for (int i = 0; i < shift && d < b.max_seconds; ++i) d *= 2;
  d = std::clamp<int64_t>(d, 1, std::max<int64_t>(b.max_seconds, 1));
  const int64_t half = d / 2;
  const int64_t span = d - half;  // jitter: [d/2, d]
  const int64_t wait = half + static_cast<int64_t>(random % static_cast<uint64_t>(span + 1));
  return std::max(wait, min_wait);
}

std::string ReplyAddress::Encode() const {
  return json{{"channel", channel}, {"recipient", recipient}, {"quote", quote}}.dump();
}

Result<ReplyAddress> ReplyAddress::Decode(std::string_view plain) {
  json j = json::parse(plain, nullptr, false);
  if (!j.is_object() || !j.contains("channel") || !j.contains("recipient") || !j["channel"].is_string() ||
      !j["recipient"].is_string())
    return Status::InvalidArgument("not a reply address");
  ReplyAddress r;
  r.channel = j["channel"].get<std::string>();
  r.recipient = j["recipient"].get<std::string>();
  if (j.contains("quote") && j["quote"].is_string()) r.quote = j["quote"].get<std::string>();
  if (r.channel != "zalo" && r.channel != "messenger" && r.channel != "facebook_comment")
    return Status::InvalidArgument("not a reply channel: " + r.channel);
  if (r.recipient.empty()) return Status::InvalidArgument("a reply address without a recipient");
  return r;
}

// ---- Settings.

namespace {
struct OutboxSetting {
  const char* name;
  int lo, hi;
};
constexpr OutboxSetting kOutboxSettings[] = {
    {"outbox.retry_base_seconds", 1, 3600},
    {"outbox.timeout_seconds", 1, 120},
    {"outbox.max_attempts", 1, 50},
    {"reach.interval_minutes", 0, 10080},
};
bool ParseInt(std::string_view v, int lo, int hi, int* out) {
  if (v.empty() || v.size() > 6) return false;
  int n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  if (n < lo || n > hi) return false;
  *out = n;
  return true;
}
}  // namespace

bool IsOutboxSetting(std::string_view key) {
  for (const auto& s : kOutboxSettings)
    if (key == s.name) return true;
  return false;
}

Status CheckOutboxSetting(std::string_view key, std::string_view value) {
  for (const auto& s : kOutboxSettings) {
    if (key != s.name) continue;
    int n = 0;
    if (!ParseInt(value, s.lo, s.hi, &n))
      return Status::InvalidArgument(std::string(key) + ": must be a whole number from " + std::to_string(s.lo) +
                                     " to " + std::to_string(s.hi));
    return Status::Ok();
  }
  return Status::InvalidArgument(std::string(key) + ": not an outbox setting");
}

Result<OutboxOptions> LoadOutboxOptions(store::Store& st) {
  OutboxOptions o;
  for (const auto& s : kOutboxSettings) {
    auto v = st.GetSetting(s.name);
    if (!v.ok()) return v.status();
    int n = 0;
    if (!*v || !ParseInt(**v, s.lo, s.hi, &n)) continue;
    const std::string_view name = s.name;
    if (name == "outbox.retry_base_seconds") o.backoff.base_seconds = n;
    if (name == "outbox.timeout_seconds") o.timeout_seconds = n;
    if (name == "outbox.max_attempts") o.backoff.max_attempts = n;
    if (name == "reach.interval_minutes") o.reach_interval_minutes = n;
  }
  return o;
}

// ---- The sender.

Outbox::Outbox(store::DeskStore& ds, const ContactKey& key, ChannelSettings channels, Transport& http,
               OutboxOptions opts)
    : ds_(ds), key_(key), ch_(std::move(channels)), http_(http), opts_(opts) {}

namespace {

constexpr int64_t kMessengerResponseWindow = 24 * 3600;
constexpr int64_t kMessengerTagWindow = 7 * 24 * 3600;

std::string ChannelName(const std::string& channel) {
  if (channel == "zalo") return "Zalo OA";
  if (channel == "messenger") return "Messenger";
  if (channel == "webhook") return "the outgoing webhook";
  if (channel == "facebook_page") return "the Facebook Page's feed";
  if (channel == "zalo_article") return "an article of the Zalo OA";
  if (channel == "feed") return "the public feed of answers";
  return "the Facebook Page";
}

// An outgoing webhook's answer: 2xx delivered; timeouts, 5xx and 429 later;
// any other status stops (the receiver refuses it: a person must look).
Classified ClassifyWebhook(const HttpAnswer& a) {
  if (a.status == 0) return NoAnswer(a);
  Classified c;
  if (a.status >= 200 && a.status < 300) {
    c.verdict = Verdict::kSent;
    c.platform_id = "HTTP " + std::to_string(a.status);
    return c;
  }
  c.message = "the webhook answered HTTP " + std::to_string(a.status) + (a.body.empty() ? "" : ": " + Clip(a.body, 200));
  if (a.status >= 500 || a.status == 429 || a.status == 408) {
    c.verdict = Verdict::kRetry;
    c.min_wait_seconds = RetryAfter(a);
  }
  return c;
}

std::string UrlEncode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// Ids go into URL paths: digits, letters, '_' and '-' only.
bool SafeId(const std::string& s) {
  if (s.empty() || s.size() > 200) return false;
  for (unsigned char c : s)
    if (!std::isalnum(c) && c != '_' && c != '-') return false;
  return true;
}

}  // namespace

HttpAnswer Outbox::Send(const store::OutboxSend& s, const ReplyAddress& to, bool human_agent, bool* graph) {
  const int timeout_ms = opts_.timeout_seconds * 1000;
  *graph = to.channel != "zalo";
  if (to.channel == "zalo") {
    json body = {{"recipient", {{"user_id", to.recipient}}}, {"message", {{"text", s.text}}}};
    if (!to.quote.empty()) body["message"]["quote_message_id"] = to.quote;
    return http_.Post(ch_.zalo_api_url + "/v3.0/oa/message/cs", {{"access_token", ch_.zalo_access_token}},
                      "application/json", body.dump(), timeout_ms);
  }
  const HttpHeaders auth = {{"Authorization", "Bearer " + ch_.facebook_page_token}};
  if (to.channel == "messenger") {
    json body = {
        {"recipient", {{"id", to.recipient}}}, {"messaging_type", "RESPONSE"}, {"message", {{"text", s.text}}}};
    if (human_agent) {
      body["messaging_type"] = "MESSAGE_TAG";
      body["tag"] = "HUMAN_AGENT";
    }
    return http_.Post(ch_.facebook_graph_url + "/" + ch_.facebook_page_id + "/messages", auth, "application/json",
                      body.dump(), timeout_ms);
  }
  return http_.Post(ch_.facebook_graph_url + "/" + to.recipient + "/comments", auth,
                    "application/x-www-form-urlencoded", "message=" + UrlEncode(s.text), timeout_ms);
}

Result<std::string> Outbox::FindDelivered(const store::OutboxSend& s, const ReplyAddress& to) {
  const int timeout_ms = opts_.timeout_seconds * 1000;
  if (to.channel == "zalo") {
    // The OA's recent conversation with this user (v2.0 oa/conversation):
    // a message from the OA (src 0) with this text since the send was queued.
    json data = {{"user_id", to.recipient}, {"offset", 0}, {"count", 10}};
    HttpAnswer a = http_.Get(ch_.zalo_api_url + "/v2.0/oa/conversation?data=" + UrlEncode(data.dump()),
                             {{"access_token", ch_.zalo_access_token}}, timeout_ms);
    if (a.status != 200) return Status::IoError("the conversation could not be read (" + ClassifyZalo(a).message + ")");
    json j = json::parse(a.body, nullptr, false);
    if (!j.is_object() || !j.contains("data") || !j["data"].is_array())
      return Status::IoError("the conversation could not be read: " + Clip(a.body, 120));
    for (const json& m : j["data"]) {
      if (!m.is_object()) continue;
      const bool from_oa = m.contains("src") && m["src"].is_number_integer() && m["src"].get<int64_t>() == 0;
      const bool same = m.contains("message") && m["message"].is_string() && m["message"].get<std::string>() == s.text;
      const int64_t at =
          m.contains("time") && m["time"].is_number() ? static_cast<int64_t>(m["time"].get<double>()) : 0;
      if (from_oa && same && at >= s.created_at * 1000) {
        const std::string id = m.contains("message_id") ? IdString(m["message_id"]) : "";
        return id.empty() ? std::string("(no id)") : id;
      }
    }
    return std::string();
  }
  if (to.channel == "facebook_comment") {
    HttpAnswer a = http_.Get(ch_.facebook_graph_url + "/" + to.recipient + "/comments?fields=id,message,from&limit=100",
                             {{"Authorization", "Bearer " + ch_.facebook_page_token}}, timeout_ms);
    if (a.status != 200) return Status::IoError("the replies could not be read (" + ClassifyGraph(a).message + ")");
    json j = json::parse(a.body, nullptr, false);
    if (!j.is_object() || !j.contains("data") || !j["data"].is_array())
      return Status::IoError("the replies could not be read");
    for (const json& m : j["data"]) {
      if (!m.is_object()) continue;
      const bool by_page = m.contains("from") && m["from"].is_object() && m["from"].contains("id") &&
                           IdString(m["from"]["id"]) == ch_.facebook_page_id;
      const bool same = m.contains("message") && m["message"].is_string() && m["message"].get<std::string>() == s.text;
      if (by_page && same) return m.contains("id") ? IdString(m["id"]) : std::string("(no id)");
    }
    return std::string();
  }
  return Status::Unsupported("Messenger has no lookup here");
}

Status Outbox::Finish(store::OutboxSend s, const Classified& c, const std::string& how) {
  const int64_t now = ds_.clock().Now();
  s.updated_at = now;
  std::string note;
  std::string action;
  json after = {{"send", s.id}, {"channel", s.channel}};
  if (c.verdict == Verdict::kSent) {
    s.state = "sent";
    s.platform_id = c.platform_id;
    s.sent_at = now;
    s.next_at = 0;
    s.error.clear();
    note = std::string(IsPublishTarget(s.channel) ? "answer published to " : "answer sent on ") + ChannelName(s.channel) + " (id " + s.platform_id + ")" + how;
    action = "outbox.sent";
    after["platform_id"] = s.platform_id;
  } else if (c.verdict == Verdict::kRetry && s.attempts < opts_.backoff.max_attempts) {
    s.state = "retrying";
    s.error = c.message;
    s.next_at = now + BackoffSeconds(opts_.backoff, s.attempts, c.min_wait_seconds,
                                     randombytes_random() | (uint64_t{randombytes_random()} << 32));
  } else {
    s.state = "failed";
    s.next_at = 0;
    s.error = c.verdict == Verdict::kRetry
                  ? "gave up after " + std::to_string(s.attempts) + " attempts; the last: " + c.message
                  : c.message;
    note = std::string(IsPublishTarget(s.channel) ? "answer not published to " : "answer not sent on ") + ChannelName(s.channel) + ": " + s.error;
    action = "outbox.failed";
    after["error"] = s.error;
  }
  return store::InTransaction(ds_, [&]() -> Status {
    VOX_RETURN_IF_ERROR(ds_.UpdateSend(s));
    if (note.empty()) return Status::Ok();  // a retry shows on the send, not in the case's history
    store::CaseEvent e;
    e.case_id = s.case_id;
    e.at = now;
    e.action = "send";
    e.note = note;
    auto ev = ds_.AppendCaseEvent(e);
    if (!ev.ok()) return ev.status();
    return AppendAudit(ds_, "system", action, "case:" + std::to_string(s.case_id), "", after.dump());
  });
}

Result<bool> Outbox::RunOne() {
  const int64_t now = ds_.clock().Now();
  store::OutboxSend s;
  bool interrupted = false;
  bool found = false;
  Status claimed = store::InTransaction(ds_, [&]() -> Status {
    auto next = ds_.NextSend(now);
    if (!next.ok()) return next.status();
    if (!next->has_value()) return Status::Ok();
    found = true;
    s = **next;
    // A "sending" row whose lease ran out: its process died mid-call.
    interrupted = s.state == "sending";
    if (!interrupted) ++s.attempts;
    s.state = "sending";
    s.attempt_key = s.idempotency_key + "#" + std::to_string(s.attempts);
    // The lease: no other sender takes the row while the call may run.
    s.next_at = now + 2 * static_cast<int64_t>(opts_.timeout_seconds) + 5;
    s.updated_at = now;
    return ds_.UpdateSend(s);
  });
  if (!claimed.ok()) return claimed;
  if (!found) return false;
  if (IsPublishTarget(s.channel)) {
    VOX_RETURN_IF_ERROR(RunPublish(s, interrupted));
    return true;
  }

  auto plain = key_.Open(s.target_sealed);
  Result<ReplyAddress> to = plain.ok() ? ReplyAddress::Decode(*plain) : Result<ReplyAddress>(plain.status());
  if (to.ok() && !SafeId(to->recipient)) to = Status::InvalidArgument("not a platform id");
  if (!to.ok()) {
    Classified c;
    c.message = "the recipient cannot be opened with this store's contact key (was the key file replaced?)";
    VOX_RETURN_IF_ERROR(Finish(s, c, ""));
    return true;
  }
  const std::string& token = to->channel == "zalo" ? ch_.zalo_access_token : ch_.facebook_page_token;
  if (token.empty() || (to->channel == "messenger" && ch_.facebook_page_id.empty())) {
    Classified c;
    c.message = to->channel == "zalo" ? "zalo.access_token is not set"
                : token.empty()       ? "facebook.page_token is not set"
                                      : "facebook.page_id is not set";
    VOX_RETURN_IF_ERROR(Finish(s, c, ""));
    return true;
  }
  if (interrupted) {
    auto delivered = FindDelivered(s, *to);
    if (!delivered.ok() && to->channel == "messenger") {
      Classified c;
      c.message = "interrupted mid-send: whether Messenger delivered it is unknown; check the conversation, then retry";
      VOX_RETURN_IF_ERROR(Finish(s, c, ""));
      return true;
    }
    if (!delivered.ok()) {
      // Cannot tell yet: stay "sending" (so that the next try looks again
      // before sending) and wait.
      s.error = delivered.status().message();
      s.next_at = now + BackoffSeconds(opts_.backoff, std::max(s.attempts, 1), 0, randombytes_random());
      VOX_RETURN_IF_ERROR(store::InTransaction(ds_, [&] { return ds_.UpdateSend(s); }));
      return true;
    }
    if (!delivered->empty()) {
      Classified c;
      c.verdict = Verdict::kSent;
      c.platform_id = *delivered;
      VOX_RETURN_IF_ERROR(Finish(s, c, ", found on the platform after an interrupted send"));
      return true;
    }
    // Not there: the interrupted call never reached the platform; send now.
  }
  // Messenger's window (platforms.md): a reply within 24 hours of the
  // person's message is a RESPONSE; up to 7 days it needs the HUMAN_AGENT
  // tag; after that Messenger allows none. The case was opened when the
  // message came (Vox keeps no other history of the person).
  bool human_agent = false;
  if (to->channel == "messenger") {
    auto kase = ds_.GetCase(s.case_id);
    if (!kase.ok()) return kase.status();
    const int64_t age = now - (kase->has_value() ? (*kase)->created_at : now);
    if (age > kMessengerTagWindow) {
      Classified c;
      c.message = "cannot reply on Messenger: the person wrote more than 7 days ago (Messenger allows a reply "
                  "within 24 hours, and up to 7 days with the HUMAN_AGENT tag); answer them another way";
      VOX_RETURN_IF_ERROR(Finish(s, c, ""));
      return true;
    }
    human_agent = age > kMessengerResponseWindow;
  }
  bool graph = false;
  HttpAnswer a = Send(s, *to, human_agent, &graph);
  Classified c = graph ? ClassifyGraph(a) : ClassifyZalo(a);
  if (c.verdict == Verdict::kDuplicate) {
    auto delivered = FindDelivered(s, *to);
    if (delivered.ok() && !delivered->empty()) {
      c.verdict = Verdict::kSent;
      c.platform_id = *delivered;
      VOX_RETURN_IF_ERROR(Finish(s, c, ", already posted (the platform refused a duplicate)"));
      return true;
    }
    c.verdict = Verdict::kPermanent;
  }
  VOX_RETURN_IF_ERROR(Finish(s, c, ""));
  return true;
}

Result<std::string> Outbox::FindPagePost(const store::OutboxSend& s) {
  HttpAnswer a = http_.Get(ch_.facebook_graph_url + "/" + ch_.facebook_page_id + "/posts?fields=id,message&limit=25",
                           {{"Authorization", "Bearer " + ch_.facebook_page_token}}, opts_.timeout_seconds * 1000);
  if (a.status != 200) return Status::IoError("the Page's posts could not be read (" + ClassifyGraph(a).message + ")");
  json j = json::parse(a.body, nullptr, false);
  if (!j.is_object() || !j.contains("data") || !j["data"].is_array())
    return Status::IoError("the Page's posts could not be read");
  for (const json& m : j["data"]) {
    if (!m.is_object() || !m.contains("message") || !m["message"].is_string()) continue;
    // The post is the answer, then (optionally) a blank line and its link.
    const std::string msg = m["message"].get<std::string>();
    if (msg == s.text || msg.rfind(s.text + "\n\n", 0) == 0) return m.contains("id") ? IdString(m["id"]) : "(no id)";
  }
  return std::string();
}

Status Outbox::RunPublish(store::OutboxSend s, bool interrupted) {
  const int timeout_ms = opts_.timeout_seconds * 1000;
  auto c_loaded = ds_.GetCase(s.case_id);
  if (!c_loaded.ok()) return c_loaded.status();
  Classified c;
  if (!c_loaded->has_value()) {
    c.message = "the case no longer exists";
    return Finish(s, c, "");
  }
  const store::Case& kase = **c_loaded;
  const std::string path = "/tra-loi/" + std::to_string(s.case_id);
  const std::string url = ch_.public_base_url.empty() ? std::string() : ch_.public_base_url + path;
  if (s.channel == "webhook") {
    if (ch_.webhook_url.empty() || ch_.webhook_secret.empty()) {
      c.message = ch_.webhook_url.empty() ? "webhook.url is not set" : "webhook.secret is not set";
      return Finish(s, c, "");
    }
    json body = {{"event", "answer.published"},
                 {"delivery", s.idempotency_key},
                 {"case", {{"id", kase.id}, {"kind", kase.kind}, {"category", kase.category}, {"place", kase.place}}},
                 {"answer", s.text},
                 {"published_at", FormatTimestamp(s.created_at)},
                 {"url", url.empty() ? path : url}};
    const std::string raw = body.dump(-1, ' ', false, json::error_handler_t::replace);
    // A webhook has no lookup: an interrupted delivery is delivered again
    // under the same X-Vox-Delivery, which the receiver keeps once.
    HttpAnswer a = http_.Post(ch_.webhook_url,
                              {{"X-Vox-Signature-256", WebhookSignature(ch_.webhook_secret, raw)},
                               {"X-Vox-Delivery", s.idempotency_key},
                               {"X-Vox-Event", "answer.published"}},
                              "application/json", raw, timeout_ms);
    return Finish(s, ClassifyWebhook(a), interrupted ? ", delivered again after an interrupted send" : "");
  }
  if (s.channel == "zalo_article") return PublishZaloArticle(std::move(s), kase, url, interrupted);
  // facebook_page: a post on the office's Page.
  if (ch_.facebook_page_token.empty() || ch_.facebook_page_id.empty()) {
    c.message = ch_.facebook_page_token.empty() ? "facebook.page_token is not set" : "facebook.page_id is not set";
    return Finish(s, c, "");
  }
  if (interrupted) {
    auto found = FindPagePost(s);
    if (!found.ok()) {
      s.error = found.status().message();
      s.next_at = ds_.clock().Now() + BackoffSeconds(opts_.backoff, std::max(s.attempts, 1), 0, randombytes_random());
      return store::InTransaction(ds_, [&] { return ds_.UpdateSend(s); });
    }
    if (!found->empty()) {
      c.verdict = Verdict::kSent;
      c.platform_id = *found;
      return Finish(s, c, ", found on the Page after an interrupted send");
    }
  }
  std::string form = "message=" + UrlEncode(url.empty() ? s.text : s.text + "\n\n" + url);
  if (!url.empty()) form += "&link=" + UrlEncode(url);
  HttpAnswer a = http_.Post(ch_.facebook_graph_url + "/" + ch_.facebook_page_id + "/feed",
                            {{"Authorization", "Bearer " + ch_.facebook_page_token}},
                            "application/x-www-form-urlencoded", form, timeout_ms);
  c = ClassifyGraph(a);
  if (c.verdict == Verdict::kDuplicate) {
    auto found = FindPagePost(s);
    if (found.ok() && !found->empty()) {
      c.verdict = Verdict::kSent;
      c.platform_id = *found;
      return Finish(s, c, ", already posted (the platform refused a duplicate)");
    }
    c.verdict = Verdict::kPermanent;
  }
  return Finish(s, c, "");
}

// A Zalo OA article (platforms.md "Articles"): article/create answers a
// token, article/verify turns the token into the article's id. The token is
// recorded as soon as it comes (platform_id "token:…"), so a sender that dies
// between the two calls verifies it on the next try instead of creating a
// second article. A create whose answer never came cannot be looked up
// (Zalo documents no search of the OA's articles): it stops, with a message
// asking a person to look, rather than risk a second article. Never
// broadcast: that sends to lists of people.
Status Outbox::PublishZaloArticle(store::OutboxSend s, const store::Case& kase, const std::string& url,
                                  bool interrupted) {
  (void)kase;  // what is public of a case is the answer (docs/channels.md "What is public")
  const int timeout_ms = opts_.timeout_seconds * 1000;
  Classified c;
  if (ch_.zalo_access_token.empty() || ch_.zalo_article_cover_url.empty()) {
    c.message = ch_.zalo_access_token.empty() ? "zalo.access_token is not set"
                                              : "zalo.article_cover_url is not set (a Zalo article needs a cover photo)";
    return Finish(s, c, "");
  }
  const HttpHeaders auth = {{"access_token", ch_.zalo_access_token}};
  constexpr std::string_view kToken = "token:";
  std::string token = s.platform_id.rfind(kToken, 0) == 0 ? s.platform_id.substr(kToken.size()) : std::string();
  if (token.empty() && interrupted) {
    c.message = "interrupted mid-send: whether Zalo created the article is unknown; look at the OA's articles, "
                "then retry";
    return Finish(s, c, "");
  }
  if (token.empty()) {
    json body_items = json::array({{{"type", "text"}, {"content", s.text}}});
    if (!url.empty()) body_items.push_back({{"type", "text"}, {"content", url}});
    // Never the case's title (it may quote the person who wrote): the
    // answer's first sentence, as the public feed titles it.
    std::string title = s.text.substr(0, std::min(s.text.find_first_of(".?!\n"), s.text.size()));
    title = "Trả lời: " + (title.size() > 150 ? Clip(title, 150) : title);
    json article = {{"type", "normal"},
                    {"title", title},
                    {"author", ch_.zalo_article_author.empty() ? std::string("Vox") : ch_.zalo_article_author},
                    {"cover", {{"cover_type", "photo"}, {"photo_url", ch_.zalo_article_cover_url}, {"status", "show"}}},
                    {"description", Clip(s.text, 300)},
                    {"body", body_items},
                    {"status", "show"},
                    {"comment", "show"}};
    HttpAnswer a = http_.Post(ch_.zalo_api_url + "/v2.0/article/create", auth, "application/json",
                              article.dump(-1, ' ', false, json::error_handler_t::replace), timeout_ms);
    c = ClassifyZalo(a);
    if (c.verdict != Verdict::kSent) return Finish(s, c, "");
    json j = json::parse(a.body, nullptr, false);
    token = j.is_object() && j.contains("data") && j["data"].is_object() && j["data"].contains("token") &&
                    j["data"]["token"].is_string()
                ? j["data"]["token"].get<std::string>()
                : std::string();
    if (token.empty() || token.size() > 1000) {
      c = Classified();
      c.message = "Zalo created the article but answered no token to verify it with; look at the OA's articles";
      return Finish(s, c, "");
    }
    s.platform_id = std::string(kToken) + token;
    VOX_RETURN_IF_ERROR(store::InTransaction(ds_, [&] { return ds_.UpdateSend(s); }));
  }
  HttpAnswer v = http_.Post(ch_.zalo_api_url + "/v2.0/article/verify", auth, "application/json",
                            json({{"token", token}}).dump(), timeout_ms);
  c = ClassifyZalo(v);
  if (c.verdict == Verdict::kSent) {
    json j = json::parse(v.body, nullptr, false);
    const json& data = j.is_object() && j.contains("data") ? j["data"] : json();
    c.platform_id = data.is_object() && data.contains("id") ? IdString(data["id"]) : "(no id)";
  }
  return Finish(s, c, "");
}

Engagement PageEngagement(Transport& http, const ChannelSettings& ch, const std::string& post_id, int timeout_ms) {
  Engagement e;
  if (!SafeId(post_id)) {
    e.error = "not a Graph id";
    return e;
  }
  if (ch.facebook_page_token.empty()) {
    e.error = "facebook.page_token is not set";
    return e;
  }
  HttpAnswer a = http.Get(ch.facebook_graph_url + "/" + post_id +
                              "?fields=reactions.summary(total_count),comments.summary(true),shares",
                          {{"Authorization", "Bearer " + ch.facebook_page_token}}, timeout_ms);
  if (a.status != 200) {
    e.error = ClassifyGraph(a).message;
    return e;
  }
  json j = json::parse(a.body, nullptr, false);
  if (!j.is_object()) {
    e.error = "Graph's answer is not JSON";
    return e;
  }
  auto total = [&](const char* edge) -> int64_t {
    if (!j.contains(edge) || !j[edge].is_object()) return -1;
    const json& sum = j[edge].contains("summary") ? j[edge]["summary"] : json();
    return sum.is_object() && sum.contains("total_count") && sum["total_count"].is_number_integer()
               ? sum["total_count"].get<int64_t>()
               : -1;
  };
  e.reactions = total("reactions");
  e.comments = total("comments");
  // A post never shared has no "shares" field: none is 0, not unknown.
  e.shares = j.contains("shares") && j["shares"].is_object() && j["shares"].contains("count") &&
                     j["shares"]["count"].is_number_integer()
                 ? j["shares"]["count"].get<int64_t>()
                 : 0;
  return e;
}

Impressions PageImpressions(Transport& http, const ChannelSettings& ch, const std::string& post_id, int timeout_ms) {
  Impressions out;
  if (!SafeId(post_id)) {
    out.error = "not a Graph id";
    return out;
  }
  if (ch.facebook_page_token.empty()) {
    out.error = "facebook.page_token is not set";
    return out;
  }
  for (const char* metric : {"post_total_media_view_unique", "post_impressions_unique"}) {
    HttpAnswer a = http.Get(ch.facebook_graph_url + "/" + post_id + "/insights/" + metric,
                            {{"Authorization", "Bearer " + ch.facebook_page_token}}, timeout_ms);
    if (a.status != 200) {
      out.error = "insights: " + ClassifyGraph(a).message;
      if (a.status == 0 || a.status >= 500) return out;  // the network or Graph down: the other metric would fail too
      continue;
    }
    // {"data": [{"name", "period", "values": [{"value": N}, …]}]}: the last value.
    json j = json::parse(a.body, nullptr, false);
    const json* values = nullptr;
    if (j.is_object() && j.contains("data") && j["data"].is_array()) {
      for (const json& d : j["data"]) {
        if (d.is_object() && d.contains("values") && d["values"].is_array() && !d["values"].empty() &&
            (!d.contains("name") || d["name"] == metric)) {
          values = &d["values"];
          break;
        }
      }
    }
    if (values == nullptr || !values->back().is_object() || !values->back().contains("value") ||
        !values->back()["value"].is_number_integer()) {
      out.error = std::string("insights: no value of ") + metric + " in Graph's answer";
      continue;
    }
    out.value = values->back()["value"].get<int64_t>();
    out.metric = metric;
    out.error.clear();
    return out;
  }
  return out;
}

Result<int> PollReach(store::DeskStore& ds, const ChannelSettings& ch, Transport& http, int64_t now,
                      const ReachPollOptions& opts) {
  if (opts.interval_seconds <= 0 || ch.facebook_page_token.empty()) return 0;
  int stored = 0, read = 0;
  store::OutboxQuery q;
  q.channel = "facebook_page";
  q.state = "sent";
  q.limit = 100;
  for (;;) {
    auto sends = ds.ListSends(q);
    if (!sends.ok()) return sends.status();
    bool older = false;
    for (const store::OutboxSend& s : *sends) {
      if (s.sent_at < now - opts.max_age_seconds) {
        older = true;  // newest first: the rest are older still
        break;
      }
      if (s.platform_id.empty()) continue;
      auto last = ds.LastReachSnapshot(s.id);
      if (!last.ok()) return last.status();
      if (*last && now - (*last)->taken_at < opts.interval_seconds) continue;
      if (read++ >= opts.max_per_pass) return stored;
      const Engagement e = PageEngagement(http, ch, s.platform_id, opts.timeout_ms);
      store::ReachSnapshot r;
      r.case_id = s.case_id;
      r.send_id = s.id;
      r.taken_at = now;
      r.reactions = e.reactions;
      r.comments = e.comments;
      r.shares = e.shares;
      r.error = e.error;
      if (e.error.empty()) {
        const Impressions imp = PageImpressions(http, ch, s.platform_id, opts.timeout_ms);
        r.impressions = imp.value;
        r.error = imp.error;
      }
      auto id = ds.InsertReachSnapshot(r);
      if (!id.ok()) {
        if (id.status().code() == StatusCode::kNotFound) continue;  // the case went meanwhile
        return id.status();
      }
      ++stored;
    }
    if (older || sends->size() < static_cast<size_t>(q.limit)) break;
    q.after_id = sends->back().id;
  }
  return stored;
}

Result<int> Outbox::RunDue(int max) {
  int n = 0;
  while (n < max) {
    auto one = RunOne();
    if (!one.ok()) return one.status();
    if (!*one) break;
    ++n;
  }
  return n;
}

}  // namespace vox::desk
