// RSS 2.0 (also RSS 1.0 / RDF) and Atom 1.0 feeds, parsed with pugixml.
// Element names are matched by local name, so "dc:date", "content:encoded"
// and a prefixed "atom:entry" are found whatever prefix the feed binds.
// pugixml never resolves external entities or fetches DTDs.
//
// Every <item> / <entry> becomes an Item of kind "article"; see
// docs/formats.md for the field mapping. An input that is not XML, or whose
// root is not <rss>, <rdf:RDF> or <feed>, is unusable as a whole (non-OK
// Status); a bad entry is rejected as "NAME: item N" (N counts from 1 in
// document order, for RSS items and Atom entries alike).
#include <pugixml.hpp>

#include <sstream>

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

// Atom: the href of <link rel="alternate"> or of a <link> without rel;
// RSS: the text of <link>.
std::string LinkOf(const pugi::xml_node& entry) {
  std::string fallback;
  for (pugi::xml_node c = entry.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || LocalName(c) != "link") continue;
    const pugi::xml_attribute href = c.attribute("href");
    if (!href) {
      const std::string text = Plain(c);
      if (!text.empty() && fallback.empty()) fallback = text;
      continue;
    }
    const std::string_view rel = c.attribute("rel").value();
    if (rel.empty() || rel == "alternate") return std::string(Trim(href.value()));
  }
  return fallback;
}

// Reads one <item> or <entry>. Returns false with *err on a problem.
bool ReadEntry(const pugi::xml_node& e, const std::string& source, const ReadOptions& opts,
               Item* item, FieldError* err) {
  item->kind = "article";
  item->source = source;
  item->url = LinkOf(e);
  item->id = Plain(Child(e, "guid"));
  if (item->id.empty()) item->id = Plain(Child(e, "id"));
  if (item->id.empty()) item->id = item->url;
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

  bool has_time = false;
  for (const char* field : {"pubDate", "published", "date", "updated", "issued", "modified"}) {
    const pugi::xml_node n = Child(e, field);
    if (!n) continue;
    const std::string value = Plain(n);
    if (value.empty()) continue;
    if (!ParseTimestamp(value, &item->published_at)) {
      *err = {n.name(), "'" + value.substr(0, 64) +
                            "' is not a date (expected RFC 822 like 'Tue, 24 Nov 2026 "
                            "08:30:00 +0700' or RFC 3339)"};
      return false;
    }
    has_time = true;
    break;
  }
  if (!has_time) {
    *err = {"pubDate", "is required (the entry has no pubDate, published, updated or dc:date)"};
    return false;
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
  std::string source = opts.default_source;
  if (source.empty() && title_holder) {
    source = TextOf(Child(title_holder, "title"));
    if (!IsValidUtf8(source) || source.size() > 1024) source.clear();
  }
  size_t index = 0;
  for (pugi::xml_node e = container.first_child(); e; e = e.next_sibling()) {
    if (e.type() != pugi::node_element) continue;
    const std::string_view name = LocalName(e);
    if (name != "item" && name != "entry") continue;
    ++index;
    Item item;
    FieldError err;
    if (!ReadEntry(e, source, opts, &item, &err)) {
      on_reject({IndexWhere(opts, "item", index), err.field, err.reason});
      continue;
    }
    if (!on_item(std::move(item), IndexWhere(opts, "item", index))) break;
  }
  return Status::Ok();
}

}  // namespace vox::ingest::internal
