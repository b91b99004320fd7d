// Record discovery and typed field access for JSON exports read with the
// simdjson DOM API (Facebook, Zalo). The DOM validates a whole document, and
// these formats nest (comments inside posts) and are read in any key order,
// which the DOM makes simple; they are not the hot path.
#include <vector>

#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace dom = simdjson::dom;

std::string JsonReason(simdjson::error_code e) {
  if (e == simdjson::UTF8_ERROR) return "is not valid UTF-8";
  return std::string("malformed JSON: ") + simdjson::error_message(e);
}

bool ExpandJsonRecords(dom::element root, std::string_view wrapper_key, std::string_view noun,
            const std::string& base, bool numbered_base, const JsonRecordFn& fn) {
  dom::array arr;
  bool have_array = false;
  if (root.is_array()) {
    arr = dom::array(root);
    have_array = true;
  } else if (root.is_object()) {
    dom::element wrapped;
    if (root[wrapper_key].get(wrapped) == simdjson::SUCCESS && wrapped.is_array()) {
      arr = dom::array(wrapped);
      have_array = true;
    }
  }
  if (!have_array) {
    return fn(root, numbered_base ? base + " " + std::string(noun) + " 1" : base);
  }
  size_t index = 0;
  for (dom::element e : arr) {
    ++index;
    std::string where = base;
    where += numbered_base ? " " : ": ";
    where += noun;
    where += ' ';
    where += std::to_string(index);
    if (!fn(e, where)) return false;
  }
  return true;
}

Status ForEachJsonRecord(std::string_view data, std::string_view wrapper_key,
                         std::string_view noun, const ReadOptions& opts,
                         const RejectSink& on_reject, const JsonRecordFn& fn,
                         const JsonRootFn& on_root) {
  // The noun of a document's records: the caller's, or what on_root says.
  std::string root_noun;
  auto noun_of = [&](dom::element root) -> std::string_view {
    if (!on_root) return noun;
    root_noun = on_root(root);
    return root_noun.empty() ? noun : std::string_view(root_noun);
  };
  data = StripBom(data);
  if (IsBlank(data)) return Status::Ok();
  const simdjson::padded_string padded(data);
  const std::string_view body(padded.data(), data.size());
  dom::parser parser;
  dom::element root;
  const simdjson::error_code whole = parser.parse(padded).get(root);
  if (whole == simdjson::SUCCESS) {
    ExpandJsonRecords(root, wrapper_key, noun_of(root), opts.input_name + ":", true, fn);
    return Status::Ok();
  }
  // Documents one after another, however each is laid out (a compact one,
  // then a pretty-printed one...): read as such when every one of them is
  // well-formed. JSON Lines pass this test too, each line a document.
  std::vector<JsonSpan> spans;
  bool all_documents = SniffJsonLayout(body) != JsonLayout::kNotJson;
  if (all_documents) {
    ForEachJsonDocument(body, [&](const JsonSpan& span) {
      dom::element ignored;
      all_documents = span.error.empty() &&
                      parser.parse(body.data() + span.begin, span.end - span.begin, true)
                              .get(ignored) == simdjson::SUCCESS;
      if (all_documents) spans.push_back(span);
      return all_documents;
    });
  }
  if (all_documents && spans.size() > 1) {
    for (const JsonSpan& span : spans) {
      dom::element elem;
      if (parser.parse(body.data() + span.begin, span.end - span.begin, true).get(elem)) continue;
      if (!ExpandJsonRecords(elem, wrapper_key, noun_of(elem), LineWhere(opts, span.line), false, fn)) break;
    }
    return Status::Ok();
  }
  spans.clear();
  // Is it JSON Lines? Look at the first few non-blank lines.
  bool lines = false;
  int probed = 0;
  ForEachLine(body, [&](std::string_view line, size_t, size_t) {
    if (IsBlank(line)) return true;
    dom::element ignored;
    // The line lies inside `padded`, so the bytes after it are readable:
    // no copy is needed (realloc_if_needed = false).
    if (parser.parse(line.data(), line.size(), false).get(ignored) == simdjson::SUCCESS) {
      lines = true;
    }
    return !lines && ++probed < 5;
  });
  if (!lines) {
    const JsonLayout layout = SniffJsonLayout(body);
    if (layout != JsonLayout::kDocuments) {
      return Status::InvalidArgument(opts.input_name + ": not a JSON document or JSON Lines: " +
                                     "it looks like " + DescribeContent(body) + " (" +
                                     JsonReason(whole) + ")");
    }
    // Documents one after another (or an array that does not parse whole):
    // each is expanded as a line of JSON Lines would be, named by its line.
    ForEachJsonDocument(body, [&](const JsonSpan& span) {
      spans.push_back(span);
      return true;
    });
    for (const JsonSpan& span : spans) {
      const std::string where = LineWhere(opts, span.line);
      dom::element elem;
      std::string reason = span.error;
      if (reason.empty()) {
        if (auto e = parser.parse(body.data() + span.begin, span.end - span.begin, true).get(elem)) {
          reason = JsonReason(e);
        }
      }
      if (!reason.empty()) {
        // One document that is not JSON: the input as a whole is unusable.
        if (spans.size() == 1) return Status::InvalidArgument(where + ": " + reason);
        on_reject({where, "", reason});
        continue;
      }
      if (!ExpandJsonRecords(elem, wrapper_key, noun_of(elem), where, false, fn)) break;
    }
    return Status::Ok();
  }
  ForEachLine(body, [&](std::string_view line, size_t line_no, size_t) {
    if (IsBlank(line)) return true;
    dom::element elem;
    const std::string where = LineWhere(opts, line_no);
    if (auto e = parser.parse(line.data(), line.size(), false).get(elem)) {
      on_reject({where, "", JsonReason(e)});
      return true;
    }
    return ExpandJsonRecords(elem, wrapper_key, noun_of(elem), where, false, fn);
  });
  return Status::Ok();
}

Got GetString(dom::element obj, std::string_view key, std::string* out) {
  dom::element v;
  if (obj[key].get(v) != simdjson::SUCCESS || v.is_null()) return Got::kAbsent;
  std::string_view s;
  if (v.get_string().get(s) != simdjson::SUCCESS) return Got::kWrongType;
  out->assign(s);
  return Got::kOk;
}

Got GetStringOrInt(dom::element obj, std::string_view key, std::string* out) {
  dom::element v;
  if (obj[key].get(v) != simdjson::SUCCESS || v.is_null()) return Got::kAbsent;
  std::string_view s;
  int64_t i;
  uint64_t u;
  if (v.get_string().get(s) == simdjson::SUCCESS) {
    out->assign(s);
  } else if (v.is_int64() && v.get_int64().get(i) == simdjson::SUCCESS) {
    *out = std::to_string(i);
  } else if (v.is_uint64() && v.get_uint64().get(u) == simdjson::SUCCESS) {
    *out = std::to_string(u);
  } else {
    return Got::kWrongType;
  }
  return Got::kOk;
}

Got GetCount(dom::element obj, std::string_view key, int64_t* out) {
  dom::element v;
  if (obj[key].get(v) != simdjson::SUCCESS || v.is_null()) return Got::kAbsent;
  int64_t i;
  if (!v.is_int64() || v.get_int64().get(i) != simdjson::SUCCESS || i < 0) return Got::kWrongType;
  *out = i;
  return Got::kOk;
}

Got GetObject(dom::element obj, std::string_view key, dom::element* out) {
  dom::element v;
  if (obj[key].get(v) != simdjson::SUCCESS || v.is_null()) return Got::kAbsent;
  if (!v.is_object()) return Got::kWrongType;
  *out = v;
  return Got::kOk;
}

Got GetArray(dom::element obj, std::string_view key, dom::array* out) {
  dom::element v;
  if (obj[key].get(v) != simdjson::SUCCESS || v.is_null()) return Got::kAbsent;
  if (v.get_array().get(*out) != simdjson::SUCCESS) return Got::kWrongType;
  return Got::kOk;
}

}  // namespace vox::ingest::internal

namespace vox::ingest {

namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// A few bytes of `s` for a message: printable ASCII kept, anything else '?'.
std::string Shown(std::string_view s, size_t max = 24) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    out.push_back(c >= 0x20 && c < 0x7F ? static_cast<char>(c) : '?');
  }
  if (s.size() > max) out += "...";
  return out;
}

}  // namespace

namespace internal {

size_t JsonValueEnd(std::string_view data, size_t p) {
  const size_t n = data.size();
  const char c = data[p];
  if (c == '{' || c == '[') {
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = p; i < n; ++i) {
      const char d = data[i];
      if (in_string) {
        if (d == '\\') {
          ++i;
        } else if (d == '"') {
          in_string = false;
        }
        continue;
      }
      if (d == '"') {
        in_string = true;
      } else if (d == '{' || d == '[') {
        ++depth;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return std::string_view::npos;
  }
  if (c == '"') {
    for (size_t i = p + 1; i < n; ++i) {
      if (data[i] == '\\') {
        ++i;
      } else if (data[i] == '"') {
        return i + 1;
      }
    }
    return std::string_view::npos;
  }
  size_t i = p + 1;
  while (i < n && !IsJsonSpace(data[i]) && data[i] != ',' && data[i] != ']' && data[i] != '}') ++i;
  return i;
}

}  // namespace internal

JsonLayout SniffJsonLayout(std::string_view data) {
  data = internal::StripBom(data);
  const size_t first = data.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return JsonLayout::kEmpty;
  if (data[first] == '[') return JsonLayout::kDocuments;
  simdjson::dom::parser parser;
  bool object_line = false;
  int probed = 0;
  internal::ForEachLine(data, [&](std::string_view line, size_t, size_t) {
    const std::string_view t = internal::Trim(line);
    if (t.empty()) return true;
    if (t.front() == '{' && t.back() == '}') {
      const simdjson::padded_string padded(t);
      simdjson::dom::element e;
      const simdjson::error_code err = parser.parse(padded).get(e);
      // A line of JSON Lines with bad UTF-8 in it is still a line of them.
      object_line = (err == simdjson::SUCCESS && e.is_object()) || err == simdjson::UTF8_ERROR;
    }
    return !object_line && ++probed < 5;
  });
  if (object_line) return JsonLayout::kLines;
  if (data[first] == '{') return JsonLayout::kDocuments;
  return JsonLayout::kNotJson;
}

// The splitter is a small state machine over absolute input offsets: outside
// any record, inside the top-level array (between its elements), or inside a
// run of text that is not JSON. A record's end is found by JsonValueEnd over the
// bytes the caller holds from the record's start; when they end first, Next
// answers kMore and scans the record again, from its start, once more bytes
// are there (the caller at least doubles what it holds, so a record of n
// bytes costs O(n) scanning in all). Lines are counted
// up to pos_ before every return, so the caller may drop every byte before
// pos() and the count never needs them again.
JsonDocumentSplitter::Step JsonDocumentSplitter::Next(std::string_view data, size_t base, bool at_end,
                                                      JsonSpan* span) {
  const size_t n = base + data.size();  // the end of what is held
  auto at = [&](size_t p) { return data[p - base]; };
  auto line_at = [&](size_t p) {
    for (; counted_ < p; ++counted_) {
      if (at(counted_) == '\n') ++line_;
    }
    return line_;
  };
  auto done = [&](Step step) {
    line_at(pos_);
    return step;
  };
  if (!started_) {
    started_ = true;
    // A leading byte order mark (the caller holds at least its 3 bytes, or all).
    if (base == 0 && (data.size() >= 3 || at_end)) {
      pos_ = counted_ = internal::StripBom(data).data() - data.data();
    } else if (base == 0) {
      started_ = false;
      return Step::kMore;
    }
  }
  if (finished_) return Step::kEnd;
  auto skip_space = [&] {
    while (pos_ < n && IsJsonSpace(at(pos_))) ++pos_;
  };
  // The value at pos_: a span, or kMore when its end is not held yet.
  auto value = [&]() -> Step {
    const size_t rel = internal::JsonValueEnd(data, pos_ - base);
    const bool open = rel == std::string_view::npos;
    // A scalar that runs to the end of what is held may go on.
    if (!at_end && (open || rel == data.size())) return done(Step::kMore);
    span->begin = pos_;
    span->line = line_at(pos_);
    span->error.clear();
    if (open) {
      span->end = n;
      span->error = "the value that starts here is never closed (a missing } or ], or a string "
                    "without its closing quote); nothing after it is read";
      pos_ = n;
      finished_ = true;
      return done(Step::kSpan);
    }
    span->end = base + rel;
    pos_ = span->end;
    return done(Step::kSpan);
  };
  while (true) {
    if (state_ == State::kGarbage) {
      while (pos_ < n && at(pos_) != '{' && at(pos_) != '[') {
        if (garbage_head_.size() < 25) garbage_head_.push_back(at(pos_));
        ++pos_;
      }
      if (pos_ >= n && !at_end) return done(Step::kMore);
      span->begin = garbage_begin_;
      span->end = pos_;
      span->line = garbage_line_;
      span->error = "'" + Shown(garbage_head_) +
                    "' between records is not JSON (records are objects, one after "
                    "another or in an array)";
      garbage_head_.clear();
      state_ = State::kOutside;
      return done(Step::kSpan);
    }
    skip_space();
    if (pos_ >= n) {
      if (!at_end) return done(Step::kMore);
      finished_ = true;
      if (state_ == State::kArray) {
        span->begin = span->end = n;
        span->line = line_at(n);
        span->error = "the array that starts on line " + std::to_string(array_line_) +
                      " is never closed (no ] at the end)";
        return done(Step::kSpan);
      }
      return done(Step::kEnd);
    }
    const char c = at(pos_);
    if (state_ == State::kArray) {
      if (c == ']') {
        ++pos_;
        state_ = State::kOutside;
      } else if (c == ',') {
        ++pos_;
      } else {
        return value();
      }
    } else if (c == '{') {
      return value();
    } else if (c == '[') {
      array_line_ = line_at(pos_++);
      state_ = State::kArray;
    } else {
      // Not a record: the run up to the next object or array, reported once.
      state_ = State::kGarbage;
      garbage_begin_ = pos_;
      garbage_line_ = line_at(pos_);
    }
  }
}

void ForEachJsonDocument(std::string_view data, const std::function<bool(const JsonSpan&)>& fn) {
  JsonDocumentSplitter splitter;
  JsonSpan span;
  while (splitter.Next(data, 0, true, &span) == JsonDocumentSplitter::Step::kSpan) {
    if (!fn(span)) return;
  }
}

}  // namespace vox::ingest
