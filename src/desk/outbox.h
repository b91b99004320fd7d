// The outbox: a published answer sent back to the one person who wrote to
// the office, on the channel they used, about what they wrote — a Zalo OA
// customer-service message to the Zalo user, a Messenger message to the
// PSID, or a reply comment under a Page comment. Never anyone else, never a
// list (docs/channels.md "Replies").
//
// Invariants:
//  - one row per (case, answer version): its idempotency key
//    "case:<id>:v<version>" is unique in the store, so publishing cannot
//    queue the same answer twice;
//  - a row is marked "sending", with an attempt key and a lease, in a
//    committed transaction before the HTTP call. A row found "sending" after
//    its lease (the process was killed mid-send) is first looked up on the
//    platform (Zalo: the OA's recent conversation with the user; Graph: the
//    comment's replies by the Page) and marked sent when the answer is
//    there; it is sent again only when it is not. Messenger has no lookup
//    here, so an interrupted Messenger send stops as failed ("delivery
//    unknown") for a person to check and retry: never a second message;
//  - timeouts, 5xx and rate limits (Graph codes 1, 2, 4, 17, 32, 341, 613,
//    HTTP 429) are retried with exponential backoff and jitter, never sooner
//    than the platform's time to regain access (X-Business-Use-Case-Usage)
//    or Retry-After; everything else (an expired token, no permission,
//    outside the messaging window, an unknown Zalo error) stops at once as
//    failed with the platform's own message, shown on the case;
//  - the recipient is sealed with the contact key in the store and opened
//    only to make the call; tokens are never logged or put in an error.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "desk/channels.h"
#include "desk/contact.h"
#include "store/desk_store.h"
#include "store/store.h"

namespace vox::desk {

// ---- Outbound HTTP, behind an interface so tests inject failures.

struct HttpAnswer {
  int status = 0;  // 0: no answer (timeout, refused connection)
  bool timed_out = false;
  std::string body;
  std::string error;                           // what went wrong when status is 0
  std::map<std::string, std::string> headers;  // names in lowercase
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

class Transport {
 public:
  virtual ~Transport() = default;
  virtual HttpAnswer Post(const std::string& url, const HttpHeaders& headers, const std::string& content_type,
                          const std::string& body, int timeout_ms) = 0;
  virtual HttpAnswer Get(const std::string& url, const HttpHeaders& headers, int timeout_ms) = 0;
};
// libcurl; one per thread.
std::unique_ptr<Transport> CurlTransport();

// ---- What an answer means.

enum class Verdict {
  kSent,       // delivered: platform_id is the platform's id for it
  kRetry,      // try again later (timeouts, 5xx, rate limits)
  kPermanent,  // stop: a person must act (token, permission, window)
  kDuplicate,  // the platform says it already has this post (Graph 506): look it up
};
struct Classified {
  Verdict verdict = Verdict::kPermanent;
  std::string platform_id;
  std::string message;           // the platform's message, or what happened
  int64_t min_wait_seconds = 0;  // kRetry: not sooner than this
};
// Zalo OA v3 customer-service message: {"error": 0, "data": {"message_id"}}
// on success; a negative error with a message otherwise.
Classified ClassifyZalo(const HttpAnswer& a);
// Graph API (comment replies and the Messenger Send API): {"id"} or
// {"message_id"} on success; {"error": {"message", "code", ...}} otherwise.
Classified ClassifyGraph(const HttpAnswer& a);
// The longest time to regain access (minutes, in seconds) in an
// X-Business-Use-Case-Usage header; 0 when none or unreadable.
int64_t RegainAccessSeconds(std::string_view buc_usage_header);

struct BackoffOptions {
  int64_t base_seconds = 30;       // the first wait (setting outbox.retry_base_seconds)
  int64_t max_seconds = 6 * 3600;  // no wait is longer
  int max_attempts = 8;            // then failed (setting outbox.max_attempts)
};
// The wait after `attempts` failed attempts (1, 2, ...): base·2^(attempts-1),
// capped at max, with jitter that keeps it in [d/2, d] (`random` picks where),
// and never below `min_wait`.
int64_t BackoffSeconds(const BackoffOptions& b, int attempts, int64_t min_wait, uint64_t random);

// ---- Where a reply goes (sealed on the case, desk.h SetCaseReply).

struct ReplyAddress {
  std::string channel;         // zalo | messenger | facebook_comment
  std::string recipient;       // Zalo user id, Messenger PSID, or the Graph comment id
  std::string quote;           // Zalo: the message id the reply quotes (optional)
  std::string Encode() const;  // what is sealed
  static Result<ReplyAddress> Decode(std::string_view plain);
};

// ---- Publishing to targets (channels.h kPublishTargets): not to a person.
// The outgoing webhook carries {"event": "answer.published", "delivery",
// "case": {id, kind, category, place}, "answer", "published_at", "url"}
// signed as X-Vox-Signature-256: "sha256=" + hex HMAC-SHA256(webhook.secret,
// the raw body) — the scheme of Facebook's X-Hub-Signature-256, so receivers
// verify it the same way. X-Vox-Delivery repeats "delivery" (the send's
// idempotency key): a receiver that sees it twice (a retry after a lost
// answer) keeps one.
std::string WebhookSignature(std::string_view secret, std::string_view body);
bool IsPublishTarget(std::string_view channel);

// ---- Reach: the engagement of an answer posted on the Page, read back from
// Graph (GET /{post-id}?fields=reactions.summary(total_count),
// comments.summary(true),shares). A count Graph does not give stays -1;
// `error` says why nothing was read.
struct Engagement {
  int64_t reactions = -1, comments = -1, shares = -1;
  std::string error;
};
Engagement PageEngagement(Transport& http, const ChannelSettings& ch, const std::string& post_id, int timeout_ms);

// The unique impressions of a Page post from its insights
// (GET /{post-id}/insights/{metric}, Page token): the lifetime value of
// post_total_media_view_unique, or, when Graph refuses that metric, of
// post_impressions_unique, which it replaces (../shared/platforms.md). -1
// with `error` when Graph gives neither (a Page with too few likes has no
// insights).
struct Impressions {
  int64_t value = -1;
  std::string metric;  // the one that answered
  std::string error;
};
Impressions PageImpressions(Transport& http, const ChannelSettings& ch, const std::string& post_id, int timeout_ms);

// Reach on a schedule (docs/channels.md "Reach"): each answer posted on the
// Page (a `facebook_page` send that is `sent`) within `max_age_seconds` of
// `now` whose newest snapshot is `interval_seconds` old or more (or that has
// none) is read (PageEngagement, PageImpressions) and a snapshot stored, at
// most `max_per_pass` of them, newest answers first. Nothing without a Page
// token. Returns how many snapshots were stored. Counts only: what the
// post reached, never who.
struct ReachPollOptions {
  int64_t interval_seconds = 3600;       // setting reach.interval_minutes × 60; 0: off
  int64_t max_age_seconds = 30 * 86400;  // older answers are no longer read
  int timeout_ms = 10000;
  int max_per_pass = 50;
};
Result<int> PollReach(store::DeskStore& ds, const ChannelSettings& ch, Transport& http, int64_t now,
                      const ReachPollOptions& opts);

// ---- Settings: outbox.retry_base_seconds (1-3600, default 30),
// outbox.timeout_seconds (1-120, default 20), outbox.max_attempts (1-50,
// default 8), reach.interval_minutes (0-10080, default 60; 0: reach is
// not read on a schedule).
struct OutboxOptions {
  BackoffOptions backoff;
  int timeout_seconds = 20;
  int reach_interval_minutes = 60;
};
bool IsOutboxSetting(std::string_view key);
Status CheckOutboxSetting(std::string_view key, std::string_view value);
Result<OutboxOptions> LoadOutboxOptions(store::Store& st);

// ---- The sender.

class Outbox {
 public:
  // All references must outlive the Outbox; one thread uses it at a time.
  Outbox(store::DeskStore& ds, const ContactKey& key, ChannelSettings channels, Transport& http, OutboxOptions opts);
  // Handles the send that needs work now, if any: false when none did.
  Result<bool> RunOne();
  // Handles sends until none is due (at most `max`); returns how many.
  Result<int> RunDue(int max = 1000);

 private:
  struct Call;
  Status Finish(store::OutboxSend s, const Classified& c, const std::string& how);
  // Looks the send up on the platform: the id when the answer is there.
  Result<std::string> FindDelivered(const store::OutboxSend& s, const ReplyAddress& to);
  // `human_agent`: a Messenger reply past the 24-hour window, sent with the
  // HUMAN_AGENT tag (allowed up to 7 days after the person wrote).
  HttpAnswer Send(const store::OutboxSend& s, const ReplyAddress& to, bool human_agent, bool* graph);
  // A send to a publishing target (the webhook, the Page's feed).
  Status RunPublish(store::OutboxSend s, bool interrupted);
  // An article of the Zalo OA (create, then verify; see outbox.cc).
  Status PublishZaloArticle(store::OutboxSend s, const store::Case& kase, const std::string& url, bool interrupted);
  // The Page's own recent post with this answer's text: its id, "" when none.
  Result<std::string> FindPagePost(const store::OutboxSend& s);

  store::DeskStore& ds_;
  const ContactKey& key_;
  ChannelSettings ch_;
  Transport& http_;
  OutboxOptions opts_;
};

}  // namespace vox::desk
