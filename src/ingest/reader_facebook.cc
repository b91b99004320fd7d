// Facebook in the shapes the Graph API and its webhooks give:
//  - a Page feed export: {"data": [post…], "paging": …}, a bare array of
//    posts, one post, or JSON Lines of posts (or of such pages). A post is an
//    Item of kind "post"; every comment in its comments.data is kind
//    "comment" with parent_id = the post id; a reply (a comment's own
//    comments.data) has parent_id = that comment. Items are emitted
//    depth-first in input order: post, comment 1, its replies, comment 2…
//  - comments on their own (the /{object-id}/comments edge, or single comment
//    objects): kind "comment"; the parent is `parent.id` when given (a
//    reply), else the object the edge was read from (the paging URL
//    /{object-id}/comments names it), else a post of the same input whose id
//    ends in "_{P}" for a comment id "{P}_{C}", else "{P}" itself.
//  - Messenger: conversations ({"id": "t_…", "messages": {"data": […]}}) and
//    messages (ids "m_…", the /messages edge): kind "message", id the
//    message id (the webhook's `mid`), author `from.id`, no parent.
//  - Page and Messenger webhook payloads ({"object": "page", "entry": […]}),
//    mapped as the live webhooks are, with the same ids: a `feed` change of
//    item comment/post (verb add or edited) is a comment (id comment_id,
//    parent parent_id) or a post (id post_id); `messaging` events with a
//    message are messages (id message.mid, author sender.id). Reactions,
//    removals, receipts, postbacks, the Page's own echoes and other changes
//    are skipped, counted by kind.
// How a record is told apart: a webhook payload by `object` and `entry`; a
// message or conversation by its id ("m_", "t_") or its `messages`; then the
// edge the paging URL names (…/comments, …/messages, …/conversations,
// …/feed); then fields only comments have (like_count, comment_count,
// parent, can_remove, user_likes, attachment…) without any that only posts
// have (story, status_type, shares, full_picture, attachments…); else a post.
// A record without message text (a photo, a sticker) is skipped
// (ReadOptions::on_skip), not rejected; its comments are still read. A
// rejected post's comments are still read when the post has an id.
// Field names in rejections are the Graph API's (created_time, message, from).
#include <unordered_map>

#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace {
namespace dom = simdjson::dom;

// Graph API replies nest two levels; anything deeper than this is not a
// real export and is cut off rather than recursed into.
constexpr int kMaxDepth = 16;

// What a top-level record is.
enum class Kind { kPost, kComment, kMessage, kConversation, kWebhook };

struct Ctx {
  const ReadOptions& opts;
  const LocatedItemSink& on_item;
  const RejectSink& on_reject;
  std::string source;
  bool stopped = false;
  // Of the document being read: the kind its paging URL's edge names, and
  // the object that edge hangs from ("1001_2001" of /1001_2001/comments).
  bool edge_known = false;
  Kind edge = Kind::kPost;
  std::string edge_object = {};
  // Post ids "A_B" read so far, by B: the post a comment "B_C" is under.
  std::unordered_map<std::string, std::string> posts_by_suffix = {};
};

void Skip(Ctx& ctx, const std::string& where, std::string reason, std::string category) {
  if (ctx.opts.on_skip) ctx.opts.on_skip({where, "", std::move(reason), std::move(category)});
}

bool Emit(Ctx& ctx, Item&& item, const std::string& where) {
  if (!ctx.on_item(std::move(item), where)) ctx.stopped = true;
  return !ctx.stopped;
}

bool Has(dom::element obj, std::string_view key) {
  dom::element v;
  return obj[key].get(v) == simdjson::SUCCESS && !v.is_null();
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The edge a Graph API page of results came from, by its paging URL
// ("https://graph.facebook.com/v19.0/1001_2001/comments?after=…"): sets the
// kind and the object id, returns false when there is no such URL.
bool EdgeFromPaging(dom::element root, Kind* kind, std::string* object) {
  dom::element paging;
  if (GetObject(root, "paging", &paging) != Got::kOk) return false;
  for (const char* key : {"next", "previous"}) {
    std::string url;
    if (GetString(paging, key, &url) != Got::kOk) continue;
    std::string_view path(url);
    const size_t scheme = path.find("://");
    if (scheme != std::string_view::npos) path.remove_prefix(scheme + 3);
    path = path.substr(0, path.find_first_of("?#"));
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) continue;
    const std::string_view edge = path.substr(slash + 1);
    std::string_view rest = path.substr(0, slash);
    const size_t before = rest.rfind('/');
    *object = std::string(before == std::string_view::npos ? "" : rest.substr(before + 1));
    if (edge == "comments") {
      *kind = Kind::kComment;
    } else if (edge == "messages") {
      *kind = Kind::kMessage;
    } else if (edge == "conversations") {
      *kind = Kind::kConversation;
    } else if (edge == "feed" || edge == "posts" || edge == "published_posts" ||
               edge == "visitor_posts" || edge == "tagged") {
      *kind = Kind::kPost;
    } else {
      continue;
    }
    return true;
  }
  return false;
}

Kind Classify(dom::element rec, const Ctx& ctx) {
  if (!rec.is_object()) return ctx.edge_known ? ctx.edge : Kind::kPost;
  if (Has(rec, "object") && Has(rec, "entry")) return Kind::kWebhook;
  std::string id;
  (void)GetStringOrInt(rec, "id", &id);
  if (StartsWith(id, "m_") || StartsWith(id, "mid.")) return Kind::kMessage;
  if (StartsWith(id, "t_") || Has(rec, "messages")) return Kind::kConversation;
  if (ctx.edge_known) return ctx.edge;
  bool comment_field = false;
  for (const char* key : {"like_count", "comment_count", "parent", "can_remove", "can_like",
                          "can_comment", "can_hide", "can_reply_privately", "user_likes",
                          "attachment", "is_hidden", "is_private"}) {
    comment_field |= Has(rec, key);
  }
  if (!comment_field) return Kind::kPost;
  for (const char* key : {"story", "status_type", "type", "shares", "full_picture", "attachments",
                          "privacy", "is_published", "updated_time", "to", "link"}) {
    if (Has(rec, key)) return Kind::kPost;
  }
  return Kind::kComment;
}

const char* NounOf(Kind k) {
  switch (k) {
    case Kind::kPost: return "post";
    case Kind::kComment: return "comment";
    case Kind::kMessage: return "message";
    case Kind::kConversation: return "conversation";
    case Kind::kWebhook: return "payload";
  }
  return "record";
}

// Maps an Item field name from CheckItem to the Graph API field.
std::string GraphField(const std::string& item_field) {
  if (item_field == "text") return "message";
  if (item_field == "url") return "permalink_url";
  if (item_field == "author") return "from";
  if (item_field == "published_at") return "created_time";
  return item_field;
}

// summary.total_count of an edge like "reactions" or "comments".
Got GetTotalCount(dom::element node, std::string_view edge, int64_t* out) {
  dom::element e, summary;
  const Got g = GetObject(node, edge, &e);
  if (g != Got::kOk) return g;
  const Got s = GetObject(e, "summary", &summary);
  if (s != Got::kOk) return s;
  return GetCount(summary, "total_count", out);
}

// Reads one post (depth 0), comment (depth >= 1, or a top-level comment:
// `comment`) and its comments.
void ReadNode(dom::element node, const std::string& where, const std::string& parent_id,
              int depth, Ctx& ctx, bool comment = false) {
  if (ctx.stopped) return;
  if (depth > kMaxDepth) {
    ctx.on_reject({where, "comments", "replies are nested deeper than " +
                                          std::to_string(kMaxDepth) + " levels"});
    return;
  }
  comment |= depth > 0;
  const char* noun = comment ? "comment" : "post";
  if (!node.is_object()) {
    ctx.on_reject({where, "", std::string("a ") + noun + " must be a JSON object"});
    return;
  }
  Item item;
  item.kind = comment ? "comment" : "post";
  item.source = ctx.source;
  item.parent_id = parent_id;
  FieldError err;
  bool bad = false;
  auto fail = [&](std::string field, std::string reason) {
    if (!bad) err = {std::move(field), std::move(reason)};
    bad = true;
  };

  const Got id = GetStringOrInt(node, "id", &item.id);
  if (id == Got::kWrongType) fail("id", "must be a string or an integer");
  if (id == Got::kAbsent || item.id.empty()) fail("id", "is required");
  if (GetString(node, "message", &item.text) == Got::kWrongType) {
    fail("message", "must be a string");
  }
  std::string time_text;
  const Got t = GetString(node, "created_time", &time_text);
  if (t == Got::kWrongType) {
    fail("created_time", "must be a string");
  } else if (t == Got::kAbsent) {
    fail("created_time", "is required");
  } else if (!ParseTimestamp(time_text, &item.published_at, ctx.opts.dates)) {
    fail("created_time", "'" + time_text.substr(0, 64) +
                             "' is not a timestamp (expected e.g. 2026-10-01T08:30:00+0000)");
  }
  dom::element from;
  const Got f = GetObject(node, "from", &from);
  if (f == Got::kWrongType) {
    fail("from", "must be an object with id and name");
  } else if (f == Got::kOk) {
    if (GetStringOrInt(from, "id", &item.author) == Got::kWrongType) {
      fail("from.id", "must be a string");
    }
    if (item.author.empty() && GetString(from, "name", &item.author) == Got::kWrongType) {
      fail("from.name", "must be a string");
    }
  }
  if (GetString(node, "permalink_url", &item.url) == Got::kWrongType) {
    fail("permalink_url", "must be a string");
  }
  // A flat comment export names its parent explicitly.
  dom::element parent;
  if (comment && GetObject(node, "parent", &parent) == Got::kOk) {
    std::string explicit_parent;
    if (GetStringOrInt(parent, "id", &explicit_parent) == Got::kOk && !explicit_parent.empty()) {
      item.parent_id = explicit_parent;
    }
  }
  // Metrics.
  dom::element shares;
  if (GetObject(node, "shares", &shares) == Got::kOk &&
      GetCount(shares, "count", &item.metrics.shares) == Got::kWrongType) {
    fail("shares.count", "must be a non-negative integer");
  }
  if (GetTotalCount(node, "reactions", &item.metrics.reactions) == Got::kWrongType) {
    fail("reactions", "must be {\"summary\": {\"total_count\": N}}");
  }
  if (item.metrics.reactions == 0 &&
      GetTotalCount(node, "likes", &item.metrics.reactions) == Got::kWrongType) {
    fail("likes", "must be {\"summary\": {\"total_count\": N}}");
  }
  if (GetCount(node, "like_count", &item.metrics.reactions) == Got::kWrongType) {
    fail("like_count", "must be a non-negative integer");
  }
  if (GetCount(node, "comment_count", &item.metrics.comments) == Got::kWrongType) {
    fail("comment_count", "must be a non-negative integer");
  }
  dom::array children;
  bool has_children = false;
  dom::element comments;
  const Got c = GetObject(node, "comments", &comments);
  if (c == Got::kWrongType) {
    fail("comments", "must be an object with a data array");
  } else if (c == Got::kOk) {
    int64_t total = 0;
    if (GetTotalCount(node, "comments", &total) == Got::kOk) item.metrics.comments = total;
    const Got d = GetArray(comments, "data", &children);
    if (d == Got::kWrongType) {
      fail("comments.data", "must be an array");
    } else if (d == Got::kOk) {
      has_children = true;
      if (item.metrics.comments == 0) item.metrics.comments = static_cast<int64_t>(children.size());
    }
  }

  if (comment && item.parent_id.empty() && !item.id.empty()) {
    // A comment on its own: the object its edge hangs from, else the post
    // its id "{post}_{comment}" names.
    if (!ctx.edge_object.empty()) {
      item.parent_id = ctx.edge_object;
    } else if (const size_t us = item.id.find('_'); us != std::string::npos && us > 0) {
      const std::string post = item.id.substr(0, us);
      const auto it = ctx.posts_by_suffix.find(post);
      item.parent_id = it != ctx.posts_by_suffix.end() ? it->second : post;
    }
  }
  if (!comment && !item.id.empty()) {
    if (const size_t us = item.id.rfind('_'); us != std::string::npos && us + 1 < item.id.size()) {
      ctx.posts_by_suffix.emplace(item.id.substr(us + 1), item.id);
    }
  }
  const std::string own_id = item.id;
  if (bad) {
    ctx.on_reject({where, err.field, err.reason});
  } else if (Trim(item.text).empty()) {
    if (ctx.opts.on_skip) {
      ctx.opts.on_skip({where, "", std::string("the ") + noun + " has no message text",
                        std::string(noun) + " without text"});
    }
  } else if (!CheckItem(item, true, ctx.opts, &err)) {
    ctx.on_reject({where, GraphField(err.field), err.reason});
  } else if (!ctx.on_item(std::move(item), where)) {
    ctx.stopped = true;
    return;
  }
  if (!has_children || own_id.empty()) return;
  size_t index = 0;
  for (dom::element child : children) {
    ++index;
    const std::string child_where =
        where + ", " + (comment ? "reply " : "comment ") + std::to_string(index);
    ReadNode(child, child_where, own_id, depth + 1, ctx);
    if (ctx.stopped) return;
  }
}

}  // namespace

namespace {

// A time given as Graph API text ("2026-10-01T08:30:00+0000") or, in
// webhooks, as an integer: seconds, or milliseconds when past 10^11.
Got GetTime(dom::element obj, std::string_view key, const Ctx& ctx, int64_t* out,
            std::string* bad) {
  dom::element v;
  if (obj[key].get(v) != simdjson::SUCCESS || v.is_null()) return Got::kAbsent;
  std::string_view text;
  int64_t n = 0;
  if (v.get_string().get(text) == simdjson::SUCCESS) {
    if (!ParseTimestamp(std::string(text), out, ctx.opts.dates)) {
      *bad = "'" + std::string(text.substr(0, 64)) +
             "' is not a timestamp (expected e.g. 2026-10-01T08:30:00+0000)";
      return Got::kWrongType;
    }
    return Got::kOk;
  }
  if (v.is_int64() && v.get_int64().get(n) == simdjson::SUCCESS && n > 0) {
    *out = n > 100000000000 ? n / 1000 : n;
    return Got::kOk;
  }
  *bad = "must be a timestamp (text, or seconds or milliseconds since 1970)";
  return Got::kWrongType;
}

// One Messenger message (Graph export or webhook, already unpacked into
// id, text, author and time by the caller) checked and handed on.
void EmitMessage(Item&& item, const std::string& where, Ctx& ctx, const char* text_field) {
  item.kind = "message";
  item.source = ctx.source;
  FieldError err;
  if (Trim(item.text).empty()) {
    Skip(ctx, where, "the message has no text (an attachment or a sticker)",
         "message without text");
  } else if (!CheckItem(item, true, ctx.opts, &err)) {
    ctx.on_reject({where, err.field == "text" ? text_field : GraphField(err.field), err.reason});
  } else {
    Emit(ctx, std::move(item), where);
  }
}

// A message of a Graph export: {"id": "m_…", "message", "created_time", "from"}.
void ReadMessage(dom::element node, const std::string& where, Ctx& ctx) {
  if (!node.is_object()) {
    ctx.on_reject({where, "", "a message must be a JSON object"});
    return;
  }
  Item item;
  const Got id = GetStringOrInt(node, "id", &item.id);
  if (id == Got::kWrongType) return ctx.on_reject({where, "id", "must be a string"});
  if (id == Got::kAbsent || item.id.empty()) return ctx.on_reject({where, "id", "is required"});
  if (GetString(node, "message", &item.text) == Got::kWrongType) {
    return ctx.on_reject({where, "message", "must be a string"});
  }
  std::string bad;
  const Got t = GetTime(node, "created_time", ctx, &item.published_at, &bad);
  if (t == Got::kAbsent) return ctx.on_reject({where, "created_time", "is required"});
  if (t == Got::kWrongType) return ctx.on_reject({where, "created_time", bad});
  dom::element from;
  if (GetObject(node, "from", &from) == Got::kOk) {
    (void)GetStringOrInt(from, "id", &item.author);
  }
  EmitMessage(std::move(item), where, ctx, "message");
}

// A conversation: its messages.data; the conversation itself is no item.
void ReadConversation(dom::element node, const std::string& where, Ctx& ctx) {
  dom::element messages;
  dom::array list;
  if (GetObject(node, "messages", &messages) != Got::kOk ||
      GetArray(messages, "data", &list) != Got::kOk) {
    Skip(ctx, where, "the conversation holds no messages (ask for fields=messages{…})",
         "conversation without messages");
    return;
  }
  size_t index = 0;
  for (dom::element m : list) {
    ReadMessage(m, where + ", message " + std::to_string(++index), ctx);
    if (ctx.stopped) return;
  }
}

// A `feed` change of a Page webhook.
void ReadFeedChange(dom::element value, const std::string& where, Ctx& ctx) {
  std::string what, verb;
  (void)GetString(value, "item", &what);
  (void)GetString(value, "verb", &verb);
  const bool is_comment = what == "comment";
  const bool is_post = what == "post" || what == "status" || what == "photo" ||
                       what == "video" || what == "share";
  if (!is_comment && !is_post) {
    Skip(ctx, where, "a feed change of item '" + what.substr(0, 32) + "' is not a post or comment",
         what == "reaction" || what == "like" ? "reaction" : "other feed change");
    return;
  }
  const char* noun = is_comment ? "comment" : "post";
  if (verb != "add" && verb != "edited" && verb != "edit") {
    Skip(ctx, where, std::string("the ") + noun + " was " + (verb.empty() ? "changed" : verb.substr(0, 16)) +
                         ": only additions and edits are read",
         std::string("removed or hidden ") + noun);
    return;
  }
  Item item;
  item.kind = noun;
  item.source = ctx.source;
  const char* id_key = is_comment ? "comment_id" : "post_id";
  if (GetStringOrInt(value, id_key, &item.id) != Got::kOk || item.id.empty()) {
    return ctx.on_reject({where, id_key, "is required"});
  }
  if (is_comment) {
    if (GetStringOrInt(value, "parent_id", &item.parent_id) != Got::kOk || item.parent_id.empty()) {
      (void)GetStringOrInt(value, "post_id", &item.parent_id);
    }
  }
  if (GetString(value, "message", &item.text) == Got::kWrongType) {
    return ctx.on_reject({where, "message", "must be a string"});
  }
  std::string bad;
  const Got t = GetTime(value, "created_time", ctx, &item.published_at, &bad);
  if (t == Got::kAbsent) return ctx.on_reject({where, "created_time", "is required"});
  if (t == Got::kWrongType) return ctx.on_reject({where, "created_time", bad});
  dom::element from;
  if (GetObject(value, "from", &from) == Got::kOk) {
    (void)GetStringOrInt(from, "id", &item.author);
  }
  FieldError err;
  if (Trim(item.text).empty()) {
    Skip(ctx, where, std::string("the ") + noun + " has no message text",
         std::string(noun) + " without text");
  } else if (!CheckItem(item, true, ctx.opts, &err)) {
    ctx.on_reject({where, GraphField(err.field), err.reason});
  } else {
    Emit(ctx, std::move(item), where);
  }
}

// A `messaging` event of a Messenger webhook.
void ReadMessaging(dom::element event, const std::string& where, Ctx& ctx) {
  dom::element message;
  if (GetObject(event, "message", &message) != Got::kOk) {
    const char* category = Has(event, "read")       ? "read receipt"
                           : Has(event, "delivery") ? "delivery receipt"
                           : Has(event, "postback") ? "postback"
                           : Has(event, "reaction") ? "message reaction"
                                                    : "other messaging event";
    Skip(ctx, where, std::string("a ") + category + " is not a message", category);
    return;
  }
  dom::element echo;
  if (message["is_echo"].get(echo) == simdjson::SUCCESS && echo.is_bool() && bool(echo)) {
    Skip(ctx, where, "the Page's own message (an echo)", "Page's own message");
    return;
  }
  Item item;
  if (GetStringOrInt(message, "mid", &item.id) != Got::kOk || item.id.empty()) {
    return ctx.on_reject({where, "message.mid", "is required"});
  }
  if (GetString(message, "text", &item.text) == Got::kWrongType) {
    return ctx.on_reject({where, "message.text", "must be a string"});
  }
  std::string bad;
  const Got t = GetTime(event, "timestamp", ctx, &item.published_at, &bad);
  if (t == Got::kAbsent) return ctx.on_reject({where, "timestamp", "is required"});
  if (t == Got::kWrongType) return ctx.on_reject({where, "timestamp", bad});
  dom::element sender;
  if (GetObject(event, "sender", &sender) == Got::kOk) {
    (void)GetStringOrInt(sender, "id", &item.author);
  }
  // Text the server read from the message's image (docs/channels.md
  // "Screenshots"): labelled so, and matched paragraph by paragraph.
  bool image_text = false;
  if (message["vox_image_text"].get(image_text) == simdjson::SUCCESS && image_text) item.labels.push_back("from_image");
  EmitMessage(std::move(item), where, ctx, "message.text");
}

// {"object": "page", "entry": [{"id", "time", "changes": […], "messaging": […]}]}
void ReadWebhook(dom::element payload, const std::string& where, Ctx& ctx) {
  std::string object;
  if (GetString(payload, "object", &object) != Got::kOk || object != "page") {
    ctx.on_reject({where, "object",
                   "'" + object.substr(0, 32) +
                       "' is not a Page or Messenger webhook payload (\"object\": \"page\")"});
    return;
  }
  dom::array entries;
  if (GetArray(payload, "entry", &entries) != Got::kOk) {
    ctx.on_reject({where, "entry", "must be an array"});
    return;
  }
  size_t e = 0;
  for (dom::element entry : entries) {
    const std::string entry_where = where + ", entry " + std::to_string(++e);
    if (!entry.is_object()) {
      ctx.on_reject({entry_where, "", "an entry must be a JSON object"});
      continue;
    }
    dom::array list;
    if (GetArray(entry, "changes", &list) == Got::kOk) {
      size_t c = 0;
      for (dom::element change : list) {
        const std::string change_where = entry_where + ", change " + std::to_string(++c);
        std::string field;
        dom::element value;
        if (!change.is_object() || GetObject(change, "value", &value) != Got::kOk) {
          ctx.on_reject({change_where, "value", "must be an object"});
          continue;
        }
        (void)GetString(change, "field", &field);
        if (field != "feed") {
          Skip(ctx, change_where, "a '" + field.substr(0, 32) + "' change is not a post or comment",
               "other Page change");
          continue;
        }
        ReadFeedChange(value, change_where, ctx);
        if (ctx.stopped) return;
      }
    }
    for (const char* key : {"messaging", "standby"}) {
      if (GetArray(entry, key, &list) != Got::kOk) continue;
      size_t m = 0;
      for (dom::element event : list) {
        const std::string event_where = entry_where + ", " + key + " " + std::to_string(++m);
        if (!event.is_object()) {
          ctx.on_reject({event_where, "", "an event must be a JSON object"});
          continue;
        }
        ReadMessaging(event, event_where, ctx);
        if (ctx.stopped) return;
      }
    }
  }
}

}  // namespace

Status ReadFacebook(std::string_view data, const ReadOptions& opts,
                    const LocatedItemSink& on_item, const RejectSink& on_reject) {
  return ReadFacebookRecords(BufferRecords(data, opts), opts, on_item, on_reject);
}

Status ReadFacebookRecords(const JsonRecordSource& records, const ReadOptions& opts, const LocatedItemSink& on_item,
                           const RejectSink& on_reject) {
  Ctx ctx{opts, on_item, on_reject, opts.default_source.empty() ? "facebook" : opts.default_source};
  // Each document (or line) says which edge it came from; its records are
  // named after what its first record is.
  const JsonRootFn on_root = [&](dom::element root) -> std::string {
    ctx.edge_object.clear();
    ctx.edge_known = root.is_object() && EdgeFromPaging(root, &ctx.edge, &ctx.edge_object);
    if (ctx.edge != Kind::kComment) ctx.edge_object.clear();
    dom::element first = root;
    dom::array list;
    if (root.is_array()) {
      for (dom::element e : dom::array(root)) {
        first = e;
        break;
      }
    } else if (root.is_object() && !Has(root, "entry") && GetArray(root, "data", &list) == Got::kOk) {
      for (dom::element e : list) {
        first = e;
        break;
      }
    }
    return NounOf(Classify(first, ctx));
  };
  return records(
      "data", "post", on_reject,
      [&](dom::element record, const std::string& where) {
        switch (Classify(record, ctx)) {
          case Kind::kPost: ReadNode(record, where, "", 0, ctx); break;
          case Kind::kComment: ReadNode(record, where, "", 0, ctx, true); break;
          case Kind::kMessage: ReadMessage(record, where, ctx); break;
          case Kind::kConversation: ReadConversation(record, where, ctx); break;
          case Kind::kWebhook: ReadWebhook(record, where, ctx); break;
        }
        return !ctx.stopped;
      },
      on_root);
}

}  // namespace vox::ingest::internal
