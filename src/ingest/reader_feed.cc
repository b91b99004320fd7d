// RSS 2.0 (also RSS 1.0 / RDF) and Atom 1.0 feeds, parsed with pugixml.
// Element names are matched by local name, so "dc:date", "content:encoded"
// and a prefixed "atom:entry" are found whatever prefix the feed binds.
// pugixml never resolves external entities or fetches DTDs.
//
// Every <item> / <entry> becomes an Item of kind "article"; see
// docs/formats.md for the field mapping. An item without a date of its own
// (RSS 0.9x) takes the channel's date, else the read time, and is reported
// through ReadOptions::on_note. Links are resolved against xml:base and the
// feed's URL. An input that is not XML, or whose
// root is not <rss>, <rdf:RDF> or <feed>, is unusable as a whole (non-OK
// Status); a bad entry is rejected as "NAME: item N" (N counts from 1 in
// document order, for RSS items and Atom entries alike).
#include <pugixml.hpp>

#include <ctime>
#include <sstream>
#include <vector>

#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace {

std::string_view LocalName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view Prefix(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
}

// First child element with this local name (and, if given, this prefix).
pugi::xml_node Child(const pugi::xml_node& parent, std::string_view local,
                     std::string_view prefix = {}) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c) == local &&
        (prefix.empty() || Prefix(c) == prefix)) {
      return c;
    }
  }
  return {};
}

// The character data of an element (text and CDATA children concatenated).
// When the element holds markup as child elements (Atom type="xhtml"), that
// markup is serialized so the HTML stripper can read it.
std::string RawContent(const pugi::xml_node& n) {
  std::string out;
  bool has_elements = false;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out += c.value();
    } else if (c.type() == pugi::node_element) {
      has_elements = true;
    }
  }
  if (has_elements) {
    std::ostringstream ss;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      c.print(ss, "", pugi::format_raw);
    }
    return ss.str();
  }
  return out;
}

// Text of a text construct: Atom type="text" is plain; html, xhtml and every
// RSS field may hold markup.
std::string TextOf(const pugi::xml_node& n) {
  if (!n) return {};
  const std::string raw = RawContent(n);
  const std::string_view type = n.attribute("type").value();
  if (type == "text" || type == "text/plain") return std::string(Trim(raw));
  return HtmlToText(raw);
}

std::string Plain(const pugi::xml_node& n) {
  return n ? std::string(Trim(RawContent(n))) : std::string();
}

// Atom: the <link rel="alternate"> (or a <link> without rel) with an href;
// RSS: a <link> with text. Returns the element (empty if none) and its raw
// value in *raw.
pugi::xml_node LinkElement(const pugi::xml_node& entry, std::string* raw) {
  pugi::xml_node fallback;
  std::string fallback_text;
  for (pugi::xml_node c = entry.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || LocalName(c) != "link") continue;
    const pugi::xml_attribute href = c.attribute("href");
    if (!href) {
      const std::string text = Plain(c);
      if (!text.empty() && !fallback) {
        fallback = c;
        fallback_text = text;
      }
      continue;
    }
    const std::string_view rel = c.attribute("rel").value();
    if (rel.empty() || rel == "alternate") {
      *raw = std::string(Trim(href.value()));
      return c;
    }
  }
  *raw = fallback_text;
  return fallback;
}

// The base URI in effect at `n`: the document's URL, changed by every
// xml:base from the root down to `n` itself (XML Base).
std::string BaseAt(const pugi::xml_node& n, const std::string& document_url) {
  std::vector<pugi::xml_node> chain;
  for (pugi::xml_node p = n; p && p.type() == pugi::node_element; p = p.parent()) {
    chain.push_back(p);
  }
  std::string base = document_url;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const pugi::xml_attribute xb = it->attribute("xml:base");
    if (!xb) continue;
    const std::string resolved = ResolveUrl(base, Trim(xb.value()));
    if (!resolved.empty()) base = resolved;
  }
  return base;
}

// The feed's own address when it was read from a file: an absolute
// <link rel="self"> (Atom, or atom:link in an RSS channel), else the
// channel's (RSS) or feed's (Atom) absolute site link.
std::string DocumentUrl(const pugi::xml_node& holder, const ReadOptions& opts) {
  if (!opts.base_url.empty()) return opts.base_url;
  if (!holder) return {};
  std::string site;
  for (pugi::xml_node c = holder.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || LocalName(c) != "link") continue;
    const pugi::xml_attribute href = c.attribute("href");
    const std::string value = href ? std::string(Trim(href.value())) : Plain(c);
    const std::string absolute = ResolveUrl(BaseAt(c, ""), value);
    if (absolute.empty()) continue;
    const std::string_view rel = c.attribute("rel").value();
    if (href && rel == "self") return absolute;
    if (site.empty() && (rel.empty() || rel == "alternate")) site = absolute;
  }
  return site;
}

// The channel's (RSS) or feed's (Atom) own date, for items without one:
// RSS pubDate, lastBuildDate, dc:date; Atom updated. 0 when none parses.
bool ChannelDate(const pugi::xml_node& holder, const ReadOptions& opts, int64_t* out) {
  if (!holder) return false;
  for (const char* field : {"pubDate", "lastBuildDate", "date", "updated", "modified"}) {
    const std::string value = Plain(Child(holder, field));
    if (!value.empty() && ParseTimestamp(value, out, opts.dates)) return true;
  }
  return false;
}

struct FeedContext {
  std::string source;
  std::string document_url;
  bool has_channel_date = false;
  int64_t channel_date = 0;
  int64_t now = 0;
};

// How an entry got its date.
enum class Dated { kOwn, kChannel, kReadTime };

// Reads one <item> or <entry>. Returns false with *err on a problem.
bool ReadEntry(const pugi::xml_node& e, const FeedContext& feed, const ReadOptions& opts,
               Item* item, Dated* dated, FieldError* err) {
  item->kind = "article";
  item->source = feed.source;
  std::string raw_link;
  const pugi::xml_node link = LinkElement(e, &raw_link);
  // A relative link that cannot be resolved is not a URL: no url at all.
  if (link && !raw_link.empty()) item->url = ResolveUrl(BaseAt(link, feed.document_url), raw_link);
  item->id = Plain(Child(e, "guid"));
  if (item->id.empty()) item->id = Plain(Child(e, "id"));
  if (item->id.empty()) item->id = item->url.empty() ? raw_link : item->url;
  if (item->id.empty()) {
    *err = {"guid", "is required (the entry has no guid, id or link)"};
    return false;
  }
  item->title = TextOf(Child(e, "title"));
  item->text = TextOf(Child(e, "encoded", "content"));
  if (item->text.empty()) item->text = TextOf(Child(e, "content"));
  if (item->text.empty()) item->text = TextOf(Child(e, "description"));
  if (item->text.empty()) item->text = TextOf(Child(e, "summary"));

  const pugi::xml_node author = Child(e, "author");
  if (author) {
    const pugi::xml_node name = Child(author, "name");
    item->author = name ? Plain(name) : Plain(author);
  }
  if (item->author.empty()) item->author = Plain(Child(e, "creator"));

  *dated = Dated::kOwn;
  bool has_time = false;
  for (const char* field : {"pubDate", "published", "date", "updated", "issued", "modified"}) {
    const pugi::xml_node n = Child(e, field);
    if (!n) continue;
    const std::string value = Plain(n);
    if (value.empty()) continue;
    if (!ParseTimestamp(value, &item->published_at, opts.dates)) {
      *err = {n.name(), "'" + value.substr(0, 64) +
                            "' is not a date (expected RFC 822 like 'Tue, 24 Nov 2026 "
                            "08:30:00 +0700', RFC 3339, or 24/11/2026 08:30)"};
      return false;
    }
    has_time = true;
    break;
  }
  if (!has_time) {
    // RSS 0.9x items carry no date: the channel's, else the time of reading.
    *dated = feed.has_channel_date ? Dated::kChannel : Dated::kReadTime;
    item->published_at = feed.has_channel_date ? feed.channel_date : feed.now;
    has_time = true;
  }
  return CheckItem(*item, has_time, opts, err);
}

}  // namespace

Status ReadFeed(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
                const RejectSink& on_reject) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(data.data(), data.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) {
    return Status::InvalidArgument(opts.input_name + ": not a valid XML feed (" +
                                   parsed.description() + " at byte " +
                                   std::to_string(parsed.offset) + ")");
  }
  const pugi::xml_node root = doc.document_element();
  const std::string_view root_name = LocalName(root);
  pugi::xml_node container;  // the element whose children are the entries
  pugi::xml_node title_holder;
  if (root_name == "rss") {
    container = Child(root, "channel");
    title_holder = container;
  } else if (root_name == "RDF") {
    container = root;
    title_holder = Child(root, "channel");
  } else if (root_name == "feed") {
    container = root;
    title_holder = root;
  } else {
    return Status::InvalidArgument(opts.input_name + ": the XML root element is <" +
                                   std::string(root.name()) + ">, not <rss> or <feed>");
  }
  FeedContext feed;
  feed.source = opts.default_source;
  if (feed.source.empty() && title_holder) {
    feed.source = TextOf(Child(title_holder, "title"));
    if (!IsValidUtf8(feed.source) || feed.source.size() > 1024) feed.source.clear();
  }
  feed.document_url = DocumentUrl(title_holder, opts);
  feed.has_channel_date = ChannelDate(title_holder, opts, &feed.channel_date);
  feed.now = opts.now != 0 ? opts.now : static_cast<int64_t>(std::time(nullptr));
  // Entries are the container's children; RSS 0.91 files also put <item>
  // beside <channel>, directly under <rss>.
  std::vector<pugi::xml_node> containers = {container};
  if (root_name == "rss" && container != root) containers.push_back(root);
  size_t index = 0;
  for (const pugi::xml_node& holder : containers) {
    for (pugi::xml_node e = holder.first_child(); e; e = e.next_sibling()) {
      if (e.type() != pugi::node_element) continue;
      const std::string_view name = LocalName(e);
      if (name != "item" && name != "entry") continue;
      ++index;
      Item item;
      FieldError err;
      Dated dated = Dated::kOwn;
      const std::string where = IndexWhere(opts, "item", index);
      if (!ReadEntry(e, feed, opts, &item, &dated, &err)) {
        on_reject({where, err.field, err.reason});
        continue;
      }
      if (dated != Dated::kOwn && opts.on_note) {
        const bool channel = dated == Dated::kChannel;
        opts.on_note({where, "",
                      std::string("no date of its own: dated ") +
                          (channel ? "from the channel (" : "at read time (") +
                          FormatTimestamp(item.published_at) + ")",
                      channel ? kNoteChannelDate : kNoteReadTime});
      }
      if (!on_item(std::move(item), where)) return Status::Ok();
    }
  }
  return Status::Ok();
}

namespace {

struct UrlParts {
  std::string_view scheme, authority, path, query, fragment;
  bool has_authority = false, has_query = false, has_fragment = false;
};

UrlParts SplitUrl(std::string_view s) {
  UrlParts u;
  const size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0 &&
      ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) {
    bool scheme = true;
    for (size_t i = 0; i < colon && scheme; ++i) {
      const char c = s[i];
      scheme = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '+' || c == '-' || c == '.';
    }
    if (scheme) {
      u.scheme = s.substr(0, colon);
      s.remove_prefix(colon + 1);
    }
  }
  const size_t hash = s.find('#');
  if (hash != std::string_view::npos) {
    u.has_fragment = true;
    u.fragment = s.substr(hash + 1);
    s = s.substr(0, hash);
  }
  const size_t q = s.find('?');
  if (q != std::string_view::npos) {
    u.has_query = true;
    u.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  if (s.substr(0, 2) == "//") {
    u.has_authority = true;
    const size_t slash = s.find('/', 2);
    u.authority = s.substr(2, slash == std::string_view::npos ? std::string_view::npos : slash - 2);
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  u.path = s;
  return u;
}

// RFC 3986 section 5.2.4.
std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const size_t last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const size_t next = in.find('/', in[0] == '/' ? 1 : 0);
      const size_t n = next == std::string_view::npos ? in.size() : next;
      out.append(in.substr(0, n));
      in.remove_prefix(n);
    }
  }
  return out;
}

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  ref = Trim(ref);
  if (ref.empty() && base.empty()) return {};
  const UrlParts r = SplitUrl(ref);
  std::string out;
  auto finish = [&](std::string_view scheme, std::string_view authority, const std::string& path,
                    bool has_query, std::string_view query) {
    out.append(scheme);
    out += "://";
    out.append(authority);
    out += path;
    if (has_query) {
      out += '?';
      out.append(query);
    }
    if (r.has_fragment) {
      out += '#';
      out.append(r.fragment);
    }
    return out;
  };
  if (!r.scheme.empty()) {
    if (!r.has_authority) return std::string(ref);  // mailto:, urn:, tag:...
    return finish(r.scheme, r.authority, RemoveDotSegments(r.path), r.has_query, r.query);
  }
  const UrlParts b = SplitUrl(Trim(base));
  if (b.scheme.empty() || !b.has_authority) return {};
  if (r.has_authority) {
    return finish(b.scheme, r.authority, RemoveDotSegments(r.path), r.has_query, r.query);
  }
  if (r.path.empty()) {
    return finish(b.scheme, b.authority, std::string(b.path.empty() ? "/" : b.path),
                  r.has_query || b.has_query, r.has_query ? r.query : b.query);
  }
  std::string path;
  if (r.path[0] == '/') {
    path = RemoveDotSegments(r.path);
  } else {
    std::string merged;
    if (b.path.empty()) {
      merged = "/";
    } else {
      const size_t slash = b.path.rfind('/');
      merged = std::string(b.path.substr(0, slash == std::string_view::npos ? 0 : slash + 1));
    }
    merged.append(r.path);
    path = RemoveDotSegments(merged);
  }
  return finish(b.scheme, b.authority, path, r.has_query, r.query);
}

}  // namespace vox::ingest::internal
