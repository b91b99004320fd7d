// Zalo Official Account webhook events: JSON Lines, one event, or an array of
// events (as a webhook log or an export keeps them).
//
// Events a citizen sends to the OA with text become Items of kind "message":
// user_send_text (and anonymous_send_text); user_send_link (the link's title,
// description and url); any other user_send_* / anonymous_send_* event whose
// message carries a caption text. Every other event (follow, unfollow,
// user_seen_message, user_received_message, oa_send_*, user_submit_info…),
// and media events without a caption, are not items and not errors: they go
// to ReadOptions::on_skip. user_submit_info is skipped on purpose: it holds a
// citizen's contact details, which Vox keeps only on a case with consent.
#include <ctime>

#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace {
namespace dom = simdjson::dom;

// 2000-01-01T00:00:00Z: Zalo OA did not exist before; an earlier time is a
// misread unit or a made-up value.
constexpr int64_t kMinSeconds = 946684800;
// Below this a timestamp is seconds, from it on milliseconds: 1e11 seconds
// is the year 5138, 1e11 milliseconds 1973 — both refused by the range check,
// so no real time is read in the wrong unit.
constexpr int64_t kMillisFrom = 100000000000;
// Times later than "now" plus this are refused (clock skew allowance).
constexpr int64_t kFutureSlack = 24 * 3600;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Zalo documents `timestamp` as milliseconds since 1970 (13 digits), as a
// string or a number; some relays and hand-made exports write seconds (10
// digits). The unit is decided by magnitude, and the result must lie between
// 2000 and a day after `now`. Returns false with *reason.
bool ParseZaloTime(const std::string& s, int64_t now, int64_t* seconds, std::string* reason) {
  const std::string shown = "'" + s.substr(0, 32) + "'";
  bool digits = !s.empty() && s.size() <= 15;
  int64_t v = 0;
  for (char c : s) {
    if (!digits || c < '0' || c > '9') {
      digits = false;
      break;
    }
    v = v * 10 + (c - '0');
  }
  if (!digits) {
    *reason = shown + " is not a time in milliseconds (or seconds) since 1970";
    return false;
  }
  const bool millis = v >= kMillisFrom;
  const int64_t secs = millis ? v / 1000 : v;
  const std::string as = " read as " + std::string(millis ? "milliseconds" : "seconds") +
                         " since 1970 is " + FormatTimestamp(secs);
  if (secs < kMinSeconds) {
    *reason = shown + as + ", before 2000";
    return false;
  }
  if (secs > now + kFutureSlack) {
    *reason = shown + as + ", more than a day in the future";
    return false;
  }
  *seconds = secs;
  return true;
}

// An event name as Zalo writes them (follow, user_send_text…). Other
// names are not repeated in messages or summaries, which count by name.
bool IsEventName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Why an event is not an item: for the message, and for counting.
struct Skip {
  std::string reason;
  std::string category;
};

// Reads one event. Returns 1 for an item, 0 for a skip (*skip set), -1 for
// a rejection (*err set).
int ReadEvent(dom::element ev, const ReadOptions& opts, int64_t now, const std::string& source,
              Item* item, FieldError* err, Skip* skip) {
  if (!ev.is_object()) {
    *err = {"", "an event must be a JSON object"};
    return -1;
  }
  std::string name;
  const Got n = GetString(ev, "event_name", &name);
  if (n != Got::kOk || name.empty()) {
    *err = {"event_name", n == Got::kWrongType ? "must be a string" : "is required"};
    return -1;
  }
  if (name == "user_submit_info") {
    // A form with the sender's name, phone and address: never an item, and
    // nothing of it is repeated in the reason.
    *skip = {"event 'user_submit_info' is a form with the sender's contact details; Vox keeps "
             "those only on a case, with consent",
             name + " event"};
    return 0;
  }
  const bool from_user = StartsWith(name, "user_send_") || StartsWith(name, "anonymous_send_");
  if (!from_user) {
    *skip = IsEventName(name)
                ? Skip{"event '" + name + "' carries no citizen text", name + " event"}
                : Skip{"an unrecognized event carries no citizen text", "unrecognized event"};
    return 0;
  }
  dom::element msg;
  const Got m = GetObject(ev, "message", &msg);
  if (m != Got::kOk) {
    *err = {"message", m == Got::kWrongType ? "must be an object" : "is required"};
    return -1;
  }
  if (GetString(msg, "text", &item->text) == Got::kWrongType) {
    *err = {"message.text", "must be a string"};
    return -1;
  }
  dom::array attachments;
  const Got a = GetArray(msg, "attachments", &attachments);
  if (a == Got::kWrongType) {
    *err = {"message.attachments", "must be an array"};
    return -1;
  }
  if (a == Got::kOk && name.find("_link") != std::string::npos) {
    for (dom::element att : attachments) {
      dom::element payload;
      if (!att.is_object() || GetObject(att, "payload", &payload) != Got::kOk) continue;
      std::string url, title, description;
      if (GetString(payload, "url", &url) == Got::kWrongType ||
          GetString(payload, "title", &title) == Got::kWrongType ||
          GetString(payload, "description", &description) == Got::kWrongType) {
        *err = {"message.attachments", "payload url, title and description must be strings"};
        return -1;
      }
      if (item->url.empty()) item->url = url;
      if (item->title.empty()) item->title = title;
      if (!Trim(description).empty() && description != item->text) {
        if (!Trim(item->text).empty()) item->text += '\n';
        item->text += description;
      }
    }
  }
  if (Trim(item->text).empty() && Trim(item->title).empty()) {
    *skip = IsEventName(name)
                ? Skip{"event '" + name + "' has no text", name + " event without text"}
                : Skip{"an unrecognized event has no text", "unrecognized event without text"};
    return 0;
  }
  const Got id = GetStringOrInt(msg, "msg_id", &item->id);
  if (id != Got::kOk || item->id.empty()) {
    *err = {"message.msg_id",
            id == Got::kWrongType ? "must be a string or an integer" : "is required"};
    return -1;
  }
  dom::element sender;
  const Got s = GetObject(ev, "sender", &sender);
  if (s == Got::kWrongType) {
    *err = {"sender", "must be an object"};
    return -1;
  }
  if (s == Got::kOk && GetStringOrInt(sender, "id", &item->author) == Got::kWrongType) {
    *err = {"sender.id", "must be a string"};
    return -1;
  }
  if (item->author.empty() &&
      GetStringOrInt(ev, "user_id_by_app", &item->author) == Got::kWrongType) {
    *err = {"user_id_by_app", "must be a string"};
    return -1;
  }
  std::string ts;
  const Got t = GetStringOrInt(ev, "timestamp", &ts);
  if (t != Got::kOk) {
    *err = {"timestamp", t == Got::kWrongType
                             ? "must be milliseconds since 1970 as a string or an integer"
                             : "is required"};
    return -1;
  }
  std::string why;
  if (!ParseZaloTime(ts, now, &item->published_at, &why)) {
    *err = {"timestamp", std::move(why)};
    return -1;
  }
  item->kind = "message";
  item->source = source;
  // Text the server read from the event's image (docs/channels.md
  // "Screenshots"): labelled so, and matched paragraph by paragraph.
  bool image_text = false;
  if (ev["vox_image_text"].get(image_text) == simdjson::SUCCESS && image_text) item->labels.push_back("from_image");
  if (!CheckItem(*item, true, opts, err)) {
    if (err->field == "text") err->field = "message.text";
    if (err->field == "id") err->field = "message.msg_id";
    if (err->field == "author") err->field = "sender.id";
    return -1;
  }
  return 1;
}

}  // namespace

Status ReadZalo(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
                const RejectSink& on_reject) {
  return ReadZaloRecords(BufferRecords(data, opts), opts, on_item, on_reject);
}

Status ReadZaloRecords(const JsonRecordSource& records, const ReadOptions& opts, const LocatedItemSink& on_item,
                       const RejectSink& on_reject) {
  const std::string source = opts.default_source.empty() ? "zalo" : opts.default_source;
  const int64_t now = opts.now != 0 ? opts.now : static_cast<int64_t>(std::time(nullptr));
  return records(
      "events", "event", on_reject,
      [&](dom::element ev, const std::string& where) {
        Item item;
        FieldError err;
        Skip skip;
        switch (ReadEvent(ev, opts, now, source, &item, &err, &skip)) {
          case 1:
            return on_item(std::move(item), where);
          case 0:
            if (opts.on_skip) {
              opts.on_skip({where, "", skip.reason, skip.category});
            }
            return true;
          default:
            on_reject({where, err.field, err.reason});
            return true;
        }
      },
      JsonRootFn{});
}

}  // namespace vox::ingest::internal
