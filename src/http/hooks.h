// The channels' webhooks (docs/channels.md): how a request is verified, and
// the queue through which accepted events reach the store.
//
// The server's workers hold read-only connections; webhook events are
// written by one ingest thread of their own, with a write connection, through
// the same pipeline and readers as `vox ingest --format zalo|facebook`, so an
// event's item has the id, pseudonym and masking the file readers give it.
// A worker verifies the request, then offers the raw body to a bounded queue
// and answers at once; nothing is stored for a refused request. With a spool
// directory, an accepted event is first written there and synced, so an
// event the platform was told is accepted survives a crash or kill -9: the
// next Start ingests what the spool still holds (ids make that idempotent).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "common/status.h"
#include "ingest/pipeline.h"
#include "ingest/pseudonym.h"
#include "store/store.h"

namespace vox::http {

// Zalo OA: the lowercase hex SHA-256 (a plain hash, not an HMAC) of
// app id + raw body + timestamp + OA secret key, as the official Java SDK's
// MacUtils.buildMac computes it.
std::string ZaloMac(std::string_view app_id, std::string_view body, std::string_view timestamp,
                    std::string_view oa_secret_key);
// Whether an X-ZEvent-Signature header ("mac=<hex>", or the bare hex) is the
// mac of this request; compared in constant time (sodium_memcmp).
bool VerifyZaloSignature(std::string_view header, std::string_view app_id, std::string_view body,
                         std::string_view timestamp, std::string_view oa_secret_key);

// Facebook: "sha256=" + lowercase hex HMAC-SHA256 of the raw body keyed with
// the app secret (the X-Hub-Signature-256 header).
std::string FacebookSignature(std::string_view app_secret, std::string_view body);
// Whether an X-Hub-Signature-256 header is this body's; constant time.
bool VerifyFacebookSignature(std::string_view header, std::string_view app_secret, std::string_view body);

// Equality of two secrets in constant time (of their SHA-256 digests, so the
// length is not told either): the Messenger verify token.
bool SecretEquals(std::string_view a, std::string_view b);

// A Zalo event's timestamp is accepted within this many milliseconds of the
// server's clock, either way; replayed ids are remembered at least as long.
inline constexpr int64_t kZaloWindowMs = 5 * 60 * 1000;

// Accepted webhook bodies, ingested in order by one thread.
class HookIngest {
 public:
  enum class Channel { kZalo, kFacebook, kWebForm };
  enum class Offer { kAccepted, kReplayed, kBusy };

  // `store`: a write connection, used only by the ingest thread from Start
  // on; `pseudo` and `opts` (observers, the office's offset) must outlive
  // this. `capacity`: events waiting at most. `spool`: a directory for
  // accepted events not yet ingested ("" keeps them in memory only).
  HookIngest(store::Store& store, const ingest::Pseudonymizer& pseudo, ingest::IngestOptions opts,
             size_t capacity = 1024, std::string spool = "");
  ~HookIngest();
  HookIngest(const HookIngest&) = delete;
  HookIngest& operator=(const HookIngest&) = delete;

  // Reads the Zalo ids seen within the window (setting "zalo.seen"), queues
  // what the spool holds from before, and starts the thread.
  Status Start();
  // Ingests what is queued, then ends the thread.
  void Stop();

  // A verified Zalo event: refused as a replay when `seen_key` (the message
  // id, else the request's mac) was accepted before within the window.
  // `event_name` "follow"/"unfollow" is counted (settings zalo.count.*).
  Offer OfferZalo(std::string body, const std::string& seen_key, int64_t event_ms, const std::string& event_name,
                  int64_t now_ms);
  // A verified Facebook payload. Items are keyed by their Graph ids, so a
  // repeated delivery changes nothing.
  Offer OfferFacebook(std::string body);

  // An item of the public web form, as one JSON Lines record (its id is the
  // case's reference, so a repeat changes nothing).
  Offer OfferItem(std::string jsonl);

  // A message a person wrote to the office on Zalo OA or Messenger, stored
  // as a new item: `on_message` (set before Start, called on the ingest
  // thread) opens its case with the reply address sealed on it. The
  // sender's platform id goes nowhere else.
  struct Message {
    std::string channel;   // zalo | messenger
    std::string item_ref;  // "zalo/<msg_id>", "facebook/<mid>"
    std::string text;
    std::string sender;    // the platform's id of the person (Zalo user id, PSID)
    std::string msg_id;
  };
  void OnMessage(std::function<void(const Message&)> on_message) { on_message_ = std::move(on_message); }

  // Reads the text of an image a person sent (set before Start; called on
  // the ingest thread with the platform's image URL): a Zalo image event's
  // or a Messenger image attachment's text joins its item, labelled as read from an image, and the image is
  // not kept (docs/channels.md "Screenshots").
  using ImageReader = std::function<Result<std::string>(const std::string& url)>;
  void OnImage(ImageReader read) { read_image_ = std::move(read); }
  // A Zalo image event with the text read from its first image put in
  // message.text (after its caption) and "vox_image_text": true; a Messenger
  // payload with the same done to each message (not an echo) that has an
  // attachment of type "image" (not a sticker) with a payload URL, at most
  // kMaxImagesPerBody of them, "vox_image_text" set on the message. The body
  // unchanged when it has no such image or nothing could be read (`why`
  // then says what, never the URL).
  static constexpr int kMaxImagesPerBody = 4;
  static std::string WithImageText(const std::string& body, const ImageReader& read, std::string* why);

  // Events ingested so far (tests).
  int64_t processed() const;

 private:
  struct Event {
    Channel channel;
    std::string body;
    std::string event_name;
    std::string file;  // its spool file, "" without a spool
  };
  void Run();
  // false: the store refused it (kept in the spool for the next start).
  bool Process(const Event& ev);
  // Writes `ev` to the spool and syncs it (sets ev->file); called under mu_.
  Status Spool(Event* ev);
  Status LoadSpool();
  Status SaveSeen(int64_t now_ms);

  store::Store& store_;
  const ingest::Pseudonymizer& pseudo_;
  ingest::IngestOptions opts_;
  const size_t capacity_;
  const std::string spool_;
  int64_t spool_seq_ = 0;  // GUARDED_BY(mu_)

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Event> queue_;             // GUARDED_BY(mu_)
  std::map<std::string, int64_t> seen_;  // GUARDED_BY(mu_): Zalo key -> event time (ms)
  bool stopping_ = false;               // GUARDED_BY(mu_)
  int64_t processed_ = 0;               // GUARDED_BY(mu_)
  std::thread thread_;
  std::function<void(const Message&)> on_message_;
  ImageReader read_image_;
};

}  // namespace vox::http
