// XML documents read in a stream: cut into the elements a reader wants,
// each parsed by itself with pugixml as the whole document would parse it
// (reader_xlsx.cc: a sheet's rows and the shared strings; reader_feed.cc: a
// feed's items), so that memory holds one element at a time.
//
// The scanner reads markup only as far as it must to find elements: tags
// (attribute values in quotes may hold '>'), comments, CDATA sections,
// processing instructions and a DOCTYPE (with an internal subset) are
// passed over whole, text is skipped to the next '<'. It keeps the names of
// the open elements to check that every end tag matches its start tag and
// that nothing is left open at the end; what is inside an element it hands
// on is checked by pugixml's parse of that element. Markup is ASCII, so any
// ASCII-compatible encoding scans the same; the elements are parsed as
// UTF-8.
#include <algorithm>
#include <memory>
#include <pugixml.hpp>

#include "ingest/reader_internal.h"

namespace vox::ingest::internal {

Status ScanXml(const XmlReadFn& read, const XmlTargets& targets, size_t chunk_bytes, size_t max_element,
               const std::function<bool(const pugi::xml_node&, uint64_t offset)>& fn) {
  constexpr size_t kMaxDepth = 1000;
  constexpr size_t npos = std::string::npos;
  chunk_bytes = std::max<size_t>(chunk_bytes, 1);
  // The names that appear in the paths, by index (a bit each below).
  std::vector<std::string_view> path_names;
  for (const auto& path : targets.paths) {
    for (std::string_view n : path) {
      if (std::find(path_names.begin(), path_names.end(), n) == path_names.end()) path_names.push_back(n);
    }
  }
  if (path_names.size() > 64) return Status::Internal("ScanXml: too many names in the paths");
  auto index_of = [&](std::string_view local) -> int {
    for (size_t i = 0; i < path_names.size(); ++i) {
      if (path_names[i] == local) return static_cast<int>(i);
    }
    return -1;
  };
  struct Open {
    std::string name;        // as written, prefix included
    int index = -1;          // in path_names, -1 when not there
    bool first = false;      // the first element of its name among its siblings
    uint64_t children = 0;   // path names seen among its children so far
  };
  std::vector<Open> open;
  uint64_t top_children = 0;  // path names seen at the top level
  // Bytes read at a time (at most 16 MiB: a larger chunk reads the same).
  const size_t piece = std::min<size_t>(chunk_bytes, 16u << 20);
  std::unique_ptr<char[]> chunk;
  std::string buf;
  size_t pos = 0;     // where scanning resumes in buf
  uint64_t base = 0;  // the document offset of buf[0]
  bool eof = false;
  bool capturing = false;
  size_t capture_start = 0, capture_depth = 0;
  size_t skeleton_from = 0;  // buf[skeleton_from, ...) not yet in *skeleton
  bool seen_root = false;
  pugi::xml_document doc;
  auto at = [&](size_t i) { return " at byte " + std::to_string(base + i); };
  // An element handed on, or markup, longer than max_element, starting at buf[from].
  auto too_large = [&](size_t from) {
    return Status::LimitExceeded(std::string(capturing ? "an element" : "markup") + at(from) + " is larger than " +
                                 std::to_string(max_element >> 20) + " MiB");
  };
  auto keep_skeleton = [&](size_t to) -> Status {
    if (targets.skeleton == nullptr || to <= skeleton_from) return Status::Ok();
    targets.skeleton->append(buf, skeleton_from, to - skeleton_from);
    skeleton_from = to;
    if (targets.skeleton->size() > targets.max_skeleton) {
      return Status::LimitExceeded("the document outside its " + std::string(targets.names.front()) +
                                   " elements is larger than " + std::to_string(targets.max_skeleton >> 20) + " MiB");
    }
    return Status::Ok();
  };
  // Drops what is done with and reads more; false at the input's end. At
  // least doubles what is held, so that a long element is scanned O(1)
  // times a byte.
  auto more = [&]() -> Result<bool> {
    if (eof) return false;
    const size_t keep = capturing ? capture_start : pos;
    // Everything held from `keep` on belongs to the element (or the markup)
    // not yet complete: past the limit it will be too, whatever the chunk.
    if (buf.size() - keep > max_element) return too_large(keep);
    if (!capturing) VOX_RETURN_IF_ERROR(keep_skeleton(keep));
    buf.erase(0, keep);
    base += keep;
    pos -= keep;
    skeleton_from = skeleton_from > keep ? skeleton_from - keep : 0;
    if (capturing) capture_start -= keep;
    // A chunk, or as much again as is held (an element longer than a chunk).
    const size_t old = buf.size();
    const size_t want = std::max(piece, old);
    Result<size_t> n = size_t{0};
    if (want == piece) {
      // Into the chunk buffer, then appended: buf is not zero-filled again
      // on every read.
      if (chunk == nullptr) chunk = std::make_unique<char[]>(piece);
      n = read(chunk.get(), piece);
      if (n.ok()) buf.append(chunk.get(), *n);
    } else {
      buf.resize(old + want);
      n = read(buf.data() + old, want);
      buf.resize(old + (n.ok() ? *n : 0));
    }
    if (!n.ok()) return n.status();
    if (*n == 0) eof = true;
    return *n > 0;
  };
  auto starts = [&](size_t p, std::string_view s) { return std::string_view(buf).substr(p, s.size()) == s; };
  // Whether an element named `local` opening at depth open.size() is one to
  // hand on.
  auto is_target = [&](std::string_view local) {
    if (std::find(targets.names.begin(), targets.names.end(), local) == targets.names.end()) return false;
    for (const auto& path : targets.paths) {
      if (path.size() != open.size()) continue;
      bool match = true;
      for (size_t i = 0; i < path.size() && match; ++i) {
        match = open[i].first && open[i].index >= 0 && path_names[static_cast<size_t>(open[i].index)] == path[i];
      }
      if (match) return true;
    }
    return false;
  };
  while (true) {
    if (pos < buf.size() && buf[pos] != '<') {
      const size_t lt = buf.find('<', pos);
      pos = lt == npos ? buf.size() : lt;
    }
    if (pos >= buf.size()) {
      auto m = more();
      if (!m.ok()) return m.status();
      if (!*m) break;
      continue;
    }
    // A markup token starts at pos: find its end (one past its '>').
    enum class Kind { kStart, kEnd, kOther } kind = Kind::kOther;
    size_t end = npos;
    bool need_more = false;
    if (buf.size() - pos < 2) {
      need_more = true;
    } else if (buf[pos + 1] == '?') {
      const size_t e = buf.find("?>", pos + 2);
      if (e != npos) end = e + 2;
    } else if (buf[pos + 1] == '!') {
      if (starts(pos, "<!--")) {
        const size_t e = buf.find("-->", pos + 4);
        if (e != npos) end = e + 3;
      } else if (starts(pos, "<![CDATA[")) {
        const size_t e = buf.find("]]>", pos + 9);
        if (e != npos) end = e + 3;
      } else if (buf.size() - pos < 9 && (std::string_view("<![CDATA[").substr(0, buf.size() - pos) ==
                                               std::string_view(buf).substr(pos) ||
                                           std::string_view("<!--").substr(0, buf.size() - pos) ==
                                               std::string_view(buf).substr(pos))) {
        need_more = true;
      } else {
        // <!DOCTYPE ...> (with an internal subset in brackets).
        int depth = 0;
        char quote = 0;
        for (size_t i = pos + 2; i < buf.size(); ++i) {
          const char c = buf[i];
          if (quote != 0) {
            if (c == quote) quote = 0;
          } else if (c == '"' || c == '\'') {
            quote = c;
          } else if (c == '[') {
            ++depth;
          } else if (c == ']') {
            --depth;
          } else if (c == '>' && depth <= 0) {
            end = i + 1;
            break;
          }
        }
      }
    } else {
      kind = buf[pos + 1] == '/' ? Kind::kEnd : Kind::kStart;
      char quote = 0;
      for (size_t i = pos + 1; i < buf.size(); ++i) {
        const char c = buf[i];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '>') {
          end = i + 1;
          break;
        }
      }
    }
    if (end == npos || need_more) {
      auto m = more();
      if (!m.ok()) return m.status();
      if (!*m) return Status::InvalidArgument("the document ends inside markup" + at(pos));
      continue;
    }
    // The same check as more()'s, on what is complete, so that the limit
    // does not depend on how the input was cut.
    if (end - (capturing ? capture_start : pos) > max_element) return too_large(capturing ? capture_start : pos);
    if (kind == Kind::kOther) {
      pos = end;
      continue;
    }
    const size_t name_from = pos + (kind == Kind::kEnd ? 2 : 1);
    size_t name_to = name_from;
    while (name_to < end - 1 && buf[name_to] != '/' && buf[name_to] != '>' && buf[name_to] != ' ' &&
           buf[name_to] != '\t' && buf[name_to] != '\n' && buf[name_to] != '\r') {
      ++name_to;
    }
    const std::string_view qname(buf.data() + name_from, name_to - name_from);
    if (qname.empty()) return Status::InvalidArgument("a tag without a name" + at(pos));
    const size_t colon = qname.find(':');
    const std::string_view local = colon == npos ? qname : qname.substr(colon + 1);
    bool closes = false;  // an element ends here
    size_t depth = open.size();
    if (kind == Kind::kStart) {
      seen_root = true;
      if (depth >= kMaxDepth) return Status::InvalidArgument("elements nested too deep" + at(pos));
      const bool self_closing = end >= pos + 2 && buf[end - 2] == '/';
      if (!capturing && is_target(local)) {
        capturing = true;
        capture_start = pos;
        capture_depth = depth;
        VOX_RETURN_IF_ERROR(keep_skeleton(pos));
      }
      Open element;
      element.index = index_of(local);
      if (element.index >= 0) {
        uint64_t& seen = open.empty() ? top_children : open.back().children;
        const uint64_t bit = uint64_t{1} << element.index;
        element.first = (seen & bit) == 0;
        seen |= bit;
      }
      if (self_closing) {
        closes = true;  // <x/>: opened and closed
      } else {
        element.name = std::string(qname);
        open.push_back(std::move(element));
      }
    } else {
      if (open.empty()) {
        return Status::InvalidArgument("end tag </" + std::string(qname) + "> with no element open" + at(pos));
      }
      if (open.back().name != qname) {
        return Status::InvalidArgument("end tag </" + std::string(qname) + "> does not match <" +
                                       open.back().name + ">" + at(pos));
      }
      open.pop_back();
      depth = open.size();
      closes = true;
    }
    if (closes && capturing && depth == capture_depth) {
      capturing = false;
      skeleton_from = end;
      const pugi::xml_parse_result r = doc.load_buffer_inplace(buf.data() + capture_start, end - capture_start,
                                                               pugi::parse_default, pugi::encoding_utf8);
      if (!r) return Status::InvalidArgument(std::string(r.description()) + at(capture_start + r.offset));
      pugi::xml_node element;
      for (pugi::xml_node c : doc.children()) {
        if (c.type() == pugi::node_element) {
          element = c;
          break;
        }
      }
      if (!fn(element, base + capture_start)) return Status::Ok();
    }
    pos = end;
  }
  VOX_RETURN_IF_ERROR(keep_skeleton(buf.size()));
  if (!open.empty()) {
    return Status::InvalidArgument("the document ends inside <" + open.back().name + ">" + at(buf.size()));
  }
  if (!seen_root) return Status::InvalidArgument("no document element" + at(buf.size()));
  return Status::Ok();
}

Status ForEachXmlElement(const XmlReadFn& read, const std::vector<std::string_view>& path, std::string_view name,
                         size_t chunk_bytes, size_t max_element,
                         const std::function<bool(const pugi::xml_node&, uint64_t offset)>& fn) {
  XmlTargets targets;
  targets.paths = {path};
  targets.names = {name};
  return ScanXml(read, targets, chunk_bytes, max_element, fn);
}

}  // namespace vox::ingest::internal
