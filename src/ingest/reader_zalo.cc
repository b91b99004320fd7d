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
#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace {
namespace dom = simdjson::dom;

// 2100-01-01T00:00:00Z: the last instant ParseTimestamp accepts too.
constexpr int64_t kMaxSeconds = 4102444800;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Milliseconds since the epoch, as a decimal string or an integer.
bool ParseMillis(const std::string& s, int64_t* seconds) {
  if (s.empty() || s.size() > 15) return false;
  int64_t ms = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    ms = ms * 10 + (c - '0');
  }
  if (ms / 1000 > kMaxSeconds) return false;
  *seconds = ms / 1000;
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
int ReadEvent(dom::element ev, const ReadOptions& opts, const std::string& source, Item* item,
              FieldError* err, Skip* skip) {
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
    *err = {"message.msg_id", id == Got::kWrongType ? "must be a string" : "is required"};
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
    *err = {"timestamp", t == Got::kWrongType ? "must be milliseconds as a string or an integer"
                                              : "is required"};
    return -1;
  }
  if (!ParseMillis(ts, &item->published_at)) {
    *err = {"timestamp", "'" + ts.substr(0, 32) +
                             "' is not a time in milliseconds since 1970 (up to year 2100)"};
    return -1;
  }
  item->kind = "message";
  item->source = source;
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
  const std::string source = opts.default_source.empty() ? "zalo" : opts.default_source;
  return ForEachJsonRecord(data, "events", "event", opts, on_reject,
                           [&](dom::element ev, const std::string& where) {
                             Item item;
                             FieldError err;
                             Skip skip;
                             switch (ReadEvent(ev, opts, source, &item, &err, &skip)) {
                               case 1: return on_item(std::move(item), where);
                               case 0:
                                 if (opts.on_skip) {
                                   opts.on_skip({where, "", skip.reason, skip.category});
                                 }
                                 return true;
                               default:
                                 on_reject({where, err.field, err.reason});
                                 return true;
                             }
                           });
}

}  // namespace vox::ingest::internal
