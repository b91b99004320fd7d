// Facebook page exports in the Graph API shape: {"data": [post…], "paging": …},
// a bare array of posts, one post, or JSON Lines of posts (or of pages).
//
// A post becomes an Item of kind "post"; every comment in its
// comments.data becomes kind "comment" with parent_id = the post id; a reply
// (a comment's own comments.data) has parent_id = that comment. Items are
// emitted depth-first in input order: post, comment 1, its replies, comment 2…
// A post or comment without any message text (a photo, a sticker) is skipped
// (ReadOptions::on_skip), not rejected; its comments are still read. A
// rejected post's comments are still read when the post has an id.
// Field names in rejections are the Graph API's (created_time, message, from).
#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace {
namespace dom = simdjson::dom;

// Graph API replies nest two levels; anything deeper than this is not a
// real export and is cut off rather than recursed into.
constexpr int kMaxDepth = 16;

struct Ctx {
  const ReadOptions& opts;
  const LocatedItemSink& on_item;
  const RejectSink& on_reject;
  std::string source;
  bool stopped = false;
};

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

// Reads one post (depth 0) or comment (depth >= 1) and its comments.
void ReadNode(dom::element node, const std::string& where, const std::string& parent_id,
              int depth, Ctx& ctx) {
  if (ctx.stopped) return;
  if (depth > kMaxDepth) {
    ctx.on_reject({where, "comments", "replies are nested deeper than " +
                                          std::to_string(kMaxDepth) + " levels"});
    return;
  }
  const char* noun = depth == 0 ? "post" : "comment";
  if (!node.is_object()) {
    ctx.on_reject({where, "", std::string("a ") + noun + " must be a JSON object"});
    return;
  }
  Item item;
  item.kind = depth == 0 ? "post" : "comment";
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
  if (depth > 0 && GetObject(node, "parent", &parent) == Got::kOk) {
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
        where + ", " + (depth == 0 ? "comment " : "reply ") + std::to_string(index);
    ReadNode(child, child_where, own_id, depth + 1, ctx);
    if (ctx.stopped) return;
  }
}

}  // namespace

Status ReadFacebook(std::string_view data, const ReadOptions& opts,
                    const LocatedItemSink& on_item, const RejectSink& on_reject) {
  Ctx ctx{opts, on_item, on_reject, opts.default_source.empty() ? "facebook" : opts.default_source};
  return ForEachJsonRecord(data, "data", "post", opts, on_reject,
                           [&](dom::element post, const std::string& where) {
                             ReadNode(post, where, "", 0, ctx);
                             return !ctx.stopped;
                           });
}

}  // namespace vox::ingest::internal
