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

#include <cstring>
#include <ctime>
#include <fstream>
#include <istream>
#include <new>
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


namespace {

// The feed's shape, from its root element: where the entries are and what
// applies to all of them. Non-OK when the root is not a feed's.
struct FeedShape {
  std::string_view root_name;
  pugi::xml_node container;  // the element whose children are the entries
  // RSS 0.91 files also put <item> beside <channel>, directly under <rss>:
  // those come after the channel's.
  bool root_entries = false;
  FeedContext feed;
};

Status ShapeOf(const pugi::xml_node& root, const ReadOptions& opts, FeedShape* shape) {
  shape->root_name = LocalName(root);
  pugi::xml_node title_holder;
  if (shape->root_name == "rss") {
    shape->container = Child(root, "channel");
    title_holder = shape->container;
  } else if (shape->root_name == "RDF") {
    shape->container = root;
    title_holder = Child(root, "channel");
  } else if (shape->root_name == "feed") {
    shape->container = root;
    title_holder = root;
  } else {
    return Status::InvalidArgument(opts.input_name + ": the XML root element is <" +
                                   std::string(root.name()) + ">, not <rss> or <feed>");
  }
  shape->root_entries = shape->root_name == "rss" && shape->container != root;
  FeedContext& feed = shape->feed;
  feed.source = opts.default_source;
  if (feed.source.empty() && title_holder) {
    feed.source = TextOf(Child(title_holder, "title"));
    if (!IsValidUtf8(feed.source) || feed.source.size() > 1024) feed.source.clear();
  }
  feed.document_url = DocumentUrl(title_holder, opts);
  feed.has_channel_date = ChannelDate(title_holder, opts, &feed.channel_date);
  feed.now = opts.now != 0 ? opts.now : static_cast<int64_t>(std::time(nullptr));
  return Status::Ok();
}

// Reads entry number `index` (an <item> or <entry> in its place in the
// document) and hands it on; false when on_item stops the reading.
bool HandleEntry(const pugi::xml_node& e, size_t index, const FeedContext& feed, const ReadOptions& opts,
                 const LocatedItemSink& on_item, const RejectSink& on_reject) {
  Item item;
  FieldError err;
  Dated dated = Dated::kOwn;
  const std::string where = IndexWhere(opts, "item", index);
  if (!ReadEntry(e, feed, opts, &item, &dated, &err)) {
    on_reject({where, err.field, err.reason});
    return true;
  }
  if (dated != Dated::kOwn && opts.on_note) {
    const bool channel = dated == Dated::kChannel;
    opts.on_note({where, "",
                  std::string("no date of its own: dated ") + (channel ? "from the channel (" : "at read time (") +
                      FormatTimestamp(item.published_at) + ")",
                  channel ? kNoteChannelDate : kNoteReadTime});
  }
  return on_item(std::move(item), where);
}

bool IsEntry(const pugi::xml_node& e) {
  if (e.type() != pugi::node_element) return false;
  const std::string_view name = LocalName(e);
  return name == "item" || name == "entry";
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
  FeedShape shape;
  VOX_RETURN_IF_ERROR(ShapeOf(doc.document_element(), opts, &shape));
  std::vector<pugi::xml_node> containers = {shape.container};
  if (shape.root_entries) containers.push_back(doc.document_element());
  size_t index = 0;
  for (const pugi::xml_node& holder : containers) {
    for (pugi::xml_node e = holder.first_child(); e; e = e.next_sibling()) {
      if (!IsEntry(e)) continue;
      if (!HandleEntry(e, ++index, shape.feed, opts, on_item, on_reject)) return Status::Ok();
    }
  }
  return Status::Ok();
}

Status ReadFeedPasses(const std::function<XmlReadFn()>& pass, const ReadOptions& opts, size_t chunk_bytes,
                      const LocatedItemSink& on_item, const RejectSink& on_reject) {
  constexpr size_t kMaxItemBytes = 64u << 20;
  auto invalid = [&](const Status& s) {
    if (s.code() == StatusCode::kLimitExceeded) return Status::LimitExceeded(opts.input_name + ": " + s.message());
    return Status::InvalidArgument(opts.input_name + ": not a valid XML feed (" + s.message() + ")");
  };
  // First pass: the whole document checked (every item parsed), and the
  // rest of it kept — the channel's values, xml:base — as the skeleton.
  std::string skeleton;
  XmlTargets all;
  all.paths = {{"rss", "channel"}, {"rss"}, {"RDF"}, {"feed"}};
  all.names = {"item", "entry"};
  all.skeleton = &skeleton;
  if (Status s = ScanXml(pass(), all, chunk_bytes, kMaxItemBytes, [](const pugi::xml_node&, uint64_t) { return true; });
      !s.ok()) {
    return invalid(s);
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer_inplace(skeleton.data(), skeleton.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) return invalid(Status::InvalidArgument(std::string(parsed.description()) + " outside the items"));
  const pugi::xml_node root = doc.document_element();
  FeedShape shape;
  VOX_RETURN_IF_ERROR(ShapeOf(root, opts, &shape));
  // Then the entries of each holder in turn, each read in its place: a copy
  // under its parent in the skeleton (for xml:base), then removed.
  std::vector<std::pair<pugi::xml_node, std::vector<std::string_view>>> holders;
  if (shape.container) {
    if (shape.container == root) {
      holders.push_back({root, {shape.root_name}});
    } else {
      holders.push_back({shape.container, {"rss", "channel"}});
    }
  }
  if (shape.root_entries) holders.push_back({root, {"rss"}});
  size_t index = 0;
  for (const auto& held : holders) {
    pugi::xml_node holder = held.first;
    XmlTargets entries;
    entries.paths = {held.second};
    entries.names = {"item", "entry"};
    bool stopped = false;
    Status s = ScanXml(pass(), entries, chunk_bytes, kMaxItemBytes, [&](const pugi::xml_node& e, uint64_t) {
      pugi::xml_node copy = holder.append_copy(e);
      const bool go_on = HandleEntry(copy, ++index, shape.feed, opts, on_item, on_reject);
      holder.remove_child(copy);
      stopped = !go_on;
      return go_on;
    });
    if (!s.ok()) return invalid(s);
    if (stopped) break;
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

namespace vox::ingest {

bool IsStreamableFeed(std::string_view head) {
  if (DetectEncoding(head) != TextEncoding::kUtf8) return false;
  head = internal::StripBom(head);
  // The XML declaration's encoding, when it names one, must be UTF-8: the
  // items are parsed as UTF-8 on their own.
  if (head.substr(0, 5) != "<?xml") return true;
  const size_t end = head.find("?>");
  if (end == std::string_view::npos) return false;
  const std::string_view decl = head.substr(0, end);
  const size_t enc = decl.find("encoding");
  if (enc == std::string_view::npos) return true;
  size_t q = decl.find_first_of("\"'", enc);
  if (q == std::string_view::npos) return false;
  const size_t close = decl.find(decl[q], q + 1);
  if (close == std::string_view::npos) return false;
  std::string name(decl.substr(q + 1, close - q - 1));
  for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return name == "utf-8" || name == "utf8" || name == "us-ascii";
}

Status ReadFeedStream(std::string head, std::istream& in, const ReadOptions& opts, const ItemSink& on_item,
                      const RejectSink& on_reject, int64_t* bytes_read) {
  try {
    // The input is read three times at most: a file again from where `in`
    // stood; any other input from a scratch copy the first pass writes.
    const std::streampos start = in.tellg();
    const bool seekable = start != std::streampos(-1);
    std::fstream scratch;
    if (!seekable) VOX_RETURN_IF_ERROR(internal::OpenScratchFile(&scratch, "vox-feed"));
    int passes = 0;
    int64_t size = static_cast<int64_t>(head.size());
    size_t head_pos = 0;
    std::istream* src = &in;
    bool copying = false;
    Status failed;
    const std::function<internal::XmlReadFn()> pass = [&]() -> internal::XmlReadFn {
      ++passes;
      head_pos = 0;
      copying = passes == 1 && !seekable;
      if (passes > 1 && seekable) {
        in.clear();
        in.seekg(start);
      } else if (passes > 1) {
        scratch.flush();
        scratch.clear();
        scratch.seekg(0);
        src = &scratch;
      }
      return [&](char* buf, size_t n) -> Result<size_t> {
        if (head_pos < head.size()) {
          const size_t k = std::min(n, head.size() - head_pos);
          std::memcpy(buf, head.data() + head_pos, k);
          head_pos += k;
          return k;
        }
        if (!*src) return size_t{0};
        src->read(buf, static_cast<std::streamsize>(n));
        const auto got = static_cast<size_t>(src->gcount());
        if (src->bad()) {
          failed = Status::IoError(opts.input_name + ": read failed");
          return failed;
        }
        if (copying && got > 0) {
          scratch.write(buf, static_cast<std::streamsize>(got));
          if (!scratch) {
            failed = Status::IoError(opts.input_name + ": cannot write the temporary copy of the input (disk full?)");
            return failed;
          }
        }
        if (passes == 1) size += static_cast<int64_t>(got);
        return got;
      };
    };
    internal::FirstOfEachId first(opts, on_item);
    Status s = internal::ReadFeedPasses(
        pass, opts, internal::kXmlChunkBytes,
        [&first](Item&& item, const std::string& where) { return first(std::move(item), where); }, on_reject);
    if (bytes_read != nullptr) *bytes_read = size;
    if (!failed.ok()) return failed;
    return s;
  } catch (const std::bad_alloc&) {
    return Status::Internal(opts.input_name + ": out of memory while reading");
  }
}

}  // namespace vox::ingest
