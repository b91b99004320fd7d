// JSON Lines items: one JSON object a line, parsed with simdjson's On-Demand
// API (the ingest hot path). The input is copied once into a padded buffer;
// every line is then parsed in place through a padded_string_view whose
// capacity reaches into the rest of that buffer, so no per-line copy is made.
//
// Contract: blank lines are skipped, CRLF and a leading BOM are accepted,
// unknown fields are ignored (their contents are only checked for structure),
// `null` is the same as an absent field. The first problem in a line rejects
// the line; a malformed line is reported as such even if an earlier field
// had the wrong type.
//
// Whole-file shapes (SniffJsonLayout): besides JSON Lines, a JSON array of
// item objects, one pretty-printed object, or objects one after another are
// read record by record, each record named by the line it starts on. An
// input that is none of these (an HTML page, binary data) is refused as a
// whole with what it looks like, rather than rejected line by line.
#include <simdjson.h>

#include <algorithm>
#include <istream>
#include <new>
#include <utility>

#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace {

namespace od = simdjson::ondemand;

std::string JsonError(simdjson::error_code e) {
  if (e == simdjson::UTF8_ERROR) return "is not valid UTF-8";
  return std::string("malformed JSON: ") + simdjson::error_message(e);
}

// Outcome of reading one field: on a type problem *err is set (first one
// wins); on a JSON syntax problem *fatal is set and reading stops.
struct LineState {
  FieldError err;
  bool has_err = false;
  simdjson::error_code fatal = simdjson::SUCCESS;

  void Fail(std::string field, std::string reason) {
    if (!has_err) {
      err = {std::move(field), std::move(reason)};
      has_err = true;
    }
  }
};

// Returns the JSON type, or sets state.fatal.
bool TypeOf(od::value& v, LineState& st, od::json_type* t) {
  if (auto e = v.type().get(*t)) {
    st.fatal = e;
    return false;
  }
  return true;
}

// A string field; null leaves *out untouched.
void ReadString(od::value& v, std::string_view field, LineState& st, std::string* out) {
  od::json_type t;
  if (!TypeOf(v, st, &t) || t == od::json_type::null) return;
  if (t != od::json_type::string) {
    st.Fail(std::string(field), "must be a string");
    return;
  }
  std::string_view s;
  if (auto e = v.get_string().get(s)) {
    st.fatal = e;
    return;
  }
  out->assign(s);
}

// A non-negative integer; null leaves *out untouched.
void ReadCount(od::value& v, std::string field, LineState& st, int64_t* out) {
  od::json_type t;
  if (!TypeOf(v, st, &t) || t == od::json_type::null) return;
  if (t != od::json_type::number) {
    st.Fail(std::move(field), "must be an integer");
    return;
  }
  od::number_type nt;
  if (auto e = v.get_number_type().get(nt)) {
    st.fatal = e;
    return;
  }
  if (nt != od::number_type::signed_integer) {
    st.Fail(std::move(field), nt == od::number_type::unsigned_integer
                                  ? "is too large"
                                  : "must be an integer, not a fraction");
    return;
  }
  int64_t n;
  if (auto e = v.get_int64().get(n)) {
    st.fatal = e;
    return;
  }
  if (n < 0) {
    st.Fail(std::move(field), "must not be negative");
    return;
  }
  *out = n;
}

// `id` (and the other keys read this way): a string, or an integer written
// as a number (12345, kept as "12345"). A number with a fraction or an
// exponent (1.5, 1e23) or past 64 bits has no exact decimal text to key an
// item by, and is refused.
void ReadId(od::value& v, std::string_view field, LineState& st, std::string* out) {
  od::json_type t;
  if (!TypeOf(v, st, &t) || t == od::json_type::null) return;
  if (t == od::json_type::string) {
    ReadString(v, field, st, out);
    return;
  }
  constexpr const char* kWhy = "must be a string or an integer";
  if (t != od::json_type::number) {
    st.Fail(std::string(field), kWhy);
    return;
  }
  od::number_type nt;
  if (auto e = v.get_number_type().get(nt)) {
    st.fatal = e;
    return;
  }
  // simdjson 3.0 types an integer of 20 digits or more as unsigned, then
  // fails to read it (INCORRECT_TYPE): a well-formed number out of range.
  auto range = [&](simdjson::error_code e) {
    if (e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_OUT_OF_RANGE) {
      st.Fail(std::string(field), kWhy);
    } else {
      st.fatal = e;
    }
  };
  if (nt == od::number_type::signed_integer) {
    int64_t n;
    if (auto e = v.get_int64().get(n)) range(e); else *out = std::to_string(n);
  } else if (nt == od::number_type::unsigned_integer) {
    uint64_t n;
    if (auto e = v.get_uint64().get(n)) range(e); else *out = std::to_string(n);
  } else {
    st.Fail(std::string(field), kWhy);
  }
}

bool IsMetricName(std::string_view k) {
  return k == "reactions" || k == "shares" || k == "comments" || k == "views";
}

int64_t* MetricSlot(Metrics& m, std::string_view k) {
  if (k == "reactions") return &m.reactions;
  if (k == "shares") return &m.shares;
  if (k == "comments") return &m.comments;
  return &m.views;
}

void ReadMetrics(od::value& v, LineState& st, Metrics* m) {
  od::json_type t;
  if (!TypeOf(v, st, &t) || t == od::json_type::null) return;
  if (t != od::json_type::object) {
    st.Fail("metrics", "must be an object");
    return;
  }
  od::object obj;
  if (auto e = v.get_object().get(obj)) {
    st.fatal = e;
    return;
  }
  for (auto field_r : obj) {
    od::field field;
    std::string_view key;
    if (auto e = std::move(field_r).get(field)) { st.fatal = e; return; }
    if (auto e = field.unescaped_key().get(key)) { st.fatal = e; return; }
    if (!IsMetricName(key)) continue;
    od::value mv = field.value();
    ReadCount(mv, "metrics." + std::string(key), st, MetricSlot(*m, key));
    if (st.fatal) return;
  }
}

void ReadLabels(od::value& v, LineState& st, std::vector<std::string>* labels) {
  od::json_type t;
  if (!TypeOf(v, st, &t) || t == od::json_type::null) return;
  if (t != od::json_type::array) {
    st.Fail("labels", "must be an array of strings");
    return;
  }
  od::array arr;
  if (auto e = v.get_array().get(arr)) { st.fatal = e; return; }
  for (auto elem_r : arr) {
    od::value elem;
    if (auto e = std::move(elem_r).get(elem)) { st.fatal = e; return; }
    od::json_type et;
    if (!TypeOf(elem, st, &et)) return;
    if (et != od::json_type::string) {
      st.Fail("labels", "must be an array of strings");
      continue;
    }
    std::string_view s;
    if (auto e = elem.get_string().get(s)) { st.fatal = e; return; }
    if (!Trim(s).empty()) labels->emplace_back(s);
  }
}

// Parses one line into *item. Returns false with *err on any problem.
bool ParseLine(od::parser& parser, const char* ptr, size_t len, size_t capacity,
               const ReadOptions& opts, Item* item, FieldError* err) {
  od::document doc;
  if (auto e = parser.iterate(simdjson::padded_string_view(ptr, len, capacity)).get(doc)) {
    *err = {"", JsonError(e)};
    return false;
  }
  od::object obj;
  if (auto e = doc.get_object().get(obj)) {
    *err = {"", e == simdjson::INCORRECT_TYPE ? "the record is not a JSON object" : JsonError(e)};
    return false;
  }
  LineState st;
  std::string time_text;
  bool has_time_field = false;
  for (auto field_r : obj) {
    od::field field;
    std::string_view key;
    if (auto e = std::move(field_r).get(field)) { st.fatal = e; break; }
    if (auto e = field.unescaped_key().get(key)) { st.fatal = e; break; }
    od::value v = field.value();
    if (key == "id") {
      ReadId(v, "id", st, &item->id);
    } else if (key == "source") {
      ReadString(v, key, st, &item->source);
    } else if (key == "kind") {
      ReadString(v, key, st, &item->kind);
    } else if (key == "title") {
      ReadString(v, key, st, &item->title);
    } else if (key == "text") {
      ReadString(v, key, st, &item->text);
    } else if (key == "url") {
      ReadString(v, key, st, &item->url);
    } else if (key == "author") {
      ReadString(v, key, st, &item->author);
    } else if (key == "published_at") {
      od::json_type t;
      if (TypeOf(v, st, &t) && t != od::json_type::null) has_time_field = true;
      ReadString(v, key, st, &time_text);
    } else if (key == "parent_id") {
      ReadString(v, key, st, &item->parent_id);
    } else if (key == "place") {
      ReadString(v, key, st, &item->place);
    } else if (key == "metrics") {
      ReadMetrics(v, st, &item->metrics);
    } else if (IsMetricName(key)) {
      ReadCount(v, std::string(key), st, MetricSlot(item->metrics, key));
    } else if (key == "labels") {
      ReadLabels(v, st, &item->labels);
    }
    if (st.fatal) break;
  }
  // simdjson 3.0 has no document::at_end(): a location still in bounds after
  // the object means more tokens follow it.
  const char* rest = nullptr;
  if (!st.fatal && doc.current_location().get(rest) == simdjson::SUCCESS) {
    st.fatal = simdjson::TRAILING_CONTENT;
  }
  if (st.fatal) {
    *err = {"", st.fatal == simdjson::TRAILING_CONTENT
                    ? "malformed JSON: unexpected content after the object"
                    : JsonError(st.fatal)};
    return false;
  }
  if (st.has_err) {
    *err = st.err;
    return false;
  }
  if (item->source.empty()) item->source = opts.default_source;
  if (item->kind.empty()) item->kind = "post";
  bool has_time = false;
  if (has_time_field) {
    if (!ParseTimestamp(time_text, &item->published_at, opts.dates)) {
      *err = {"published_at", "'" + time_text.substr(0, 64) +
                                  "' is not a date (e.g. 2026-10-01T08:30:00+07:00 or 01/10/2026 08:30)"};
      return false;
    }
    has_time = true;
  }
  return CheckItem(*item, has_time, opts, err);
}

}  // namespace

Status ReadJsonl(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
                 const RejectSink& on_reject) {
  data = StripBom(data);
  const JsonLayout layout = SniffJsonLayout(data);
  if (layout == JsonLayout::kEmpty) return Status::Ok();
  if (layout == JsonLayout::kNotJson) {
    return Status::InvalidArgument(
        opts.input_name + ": not JSON Lines or JSON (objects one a line, an array of objects, "
        "or objects one after another): it looks like " + DescribeContent(data) +
        "; nothing read");
  }
  const simdjson::padded_string padded(data);
  const std::string_view body(padded.data(), data.size());
  od::parser parser;
  if (layout == JsonLayout::kDocuments) {
    // A record may span lines: it is parsed in place from where it starts.
    ForEachJsonDocument(body, [&](const JsonSpan& span) {
      const std::string where = LineWhere(opts, span.line);
      if (!span.error.empty()) {
        on_reject({where, "", span.error});
        return true;
      }
      Item item;
      FieldError err;
      const size_t capacity = body.size() - span.begin + simdjson::SIMDJSON_PADDING;
      if (!ParseLine(parser, body.data() + span.begin, span.end - span.begin, capacity, opts,
                     &item, &err)) {
        on_reject({where, err.field, err.reason});
        return true;
      }
      return on_item(std::move(item), where);
    });
    return Status::Ok();
  }
  ForEachLine(body, [&](std::string_view line, size_t line_no, size_t pos) {
    if (IsBlank(line)) return true;
    Item item;
    FieldError err;
    const size_t capacity = body.size() - pos + simdjson::SIMDJSON_PADDING;
    if (!ParseLine(parser, body.data() + pos, line.size(), capacity, opts, &item, &err)) {
      on_reject({LineWhere(opts, line_no), err.field, err.reason});
      return true;
    }
    return on_item(std::move(item), LineWhere(opts, line_no));
  });
  return Status::Ok();
}

}  // namespace vox::ingest::internal

namespace vox::ingest {

bool IsStreamableJsonl(std::string_view head, bool complete) {
  if (DetectEncoding(head) != TextEncoding::kUtf8 || (!complete && head.size() < 4)) return false;
  if (!complete) {
    // Only complete lines: a cut line could sniff as something else.
    const size_t nl = head.rfind('\n');
    if (nl == std::string_view::npos) return false;
    head = head.substr(0, nl + 1);
  }
  // SniffJsonLayout answers kLines as soon as one of the first five
  // non-blank lines is an object by itself: when those lines are in `head`,
  // the whole input gets the same answer.
  return SniffJsonLayout(head) == JsonLayout::kLines;
}

Status ReadJsonlStream(std::string head, std::istream& in, const ReadOptions& opts, const ItemSink& on_item,
                       const RejectSink& on_reject, size_t piece_bytes, int64_t* bytes_read) {
  using internal::LineWhere;
  if (bytes_read != nullptr) *bytes_read = static_cast<int64_t>(head.size());
  try {
    internal::FirstOfEachId first(opts, on_item);
    simdjson::ondemand::parser parser;
    // Each piece starts at a line start and is followed by SIMDJSON_PADDING
    // readable bytes for the parser.
    internal::PieceReader pieces(std::move(head), in, piece_bytes, simdjson::SIMDJSON_PADDING);
    auto fill = [&](size_t min_size) {
      Status s = pieces.Fill(min_size);
      if (bytes_read != nullptr) *bytes_read = pieces.bytes_read();
      return s.ok() ? s : Status::IoError(opts.input_name + ": " + s.message());
    };
    VOX_RETURN_IF_ERROR(fill(3));
    if (internal::StripBom(pieces.data()).size() != pieces.data().size()) pieces.Consume(3);
    size_t line_base = 0;  // lines before the piece
    size_t want = 0;
    while (true) {
      VOX_RETURN_IF_ERROR(fill(want));
      const std::string_view data = pieces.data();
      if (data.empty()) break;
      // The piece ends after its last line end (or at the end of the input);
      // a line longer than what was read: read twice as much.
      const size_t nl = data.rfind('\n');
      if (nl == std::string_view::npos && !pieces.at_end()) {
        want = 2 * data.size();
        continue;
      }
      want = 0;
      const size_t end = pieces.at_end() ? data.size() : nl + 1;
      const std::string_view piece = data.substr(0, end);
      const size_t capacity = data.size() + simdjson::SIMDJSON_PADDING;
      bool stop = false;
      internal::ForEachLine(piece, [&](std::string_view line, size_t line_no, size_t pos) {
        if (internal::IsBlank(line)) return true;
        const std::string where = LineWhere(opts, line_base + line_no);
        Item item;
        internal::FieldError err;
        if (!internal::ParseLine(parser, data.data() + pos, line.size(), capacity - pos, opts, &item, &err)) {
          on_reject({where, err.field, err.reason});
          return true;
        }
        stop = !first(std::move(item), where);
        return !stop;
      });
      if (stop) break;
      line_base += static_cast<size_t>(std::count(piece.begin(), piece.end(), '\n'));
      pieces.Consume(end);
      if (pieces.at_end() && pieces.data().empty()) break;
    }
    return Status::Ok();
  } catch (const std::bad_alloc&) {
    return Status::Internal(opts.input_name + ": out of memory while reading");
  }
}

}  // namespace vox::ingest

namespace vox::ingest {

bool IsStreamableJsonDocuments(std::string_view head, bool complete) {
  if (DetectEncoding(head) != TextEncoding::kUtf8) return false;
  if (complete) return SniffJsonLayout(head) == JsonLayout::kDocuments;
  const std::string_view body = internal::StripBom(head);
  const size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  if (body[first] == '[') return true;  // SniffJsonLayout's first rule
  if (body[first] != '{') return false;
  // SniffJsonLayout looks at the first five non-blank lines: when they are
  // all complete in `head`, the whole input gets the answer `head` gets.
  const size_t nl = body.rfind('\n');
  if (nl == std::string_view::npos) return false;
  const std::string_view lines = body.substr(0, nl + 1);
  int non_blank = 0;
  internal::ForEachLine(lines, [&](std::string_view line, size_t, size_t) {
    if (!internal::IsBlank(line)) ++non_blank;
    return non_blank < 5;
  });
  return non_blank >= 5 && SniffJsonLayout(lines) == JsonLayout::kDocuments;
}

Status ReadJsonDocumentsStream(std::string head, std::istream& in, const ReadOptions& opts, const ItemSink& on_item,
                               const RejectSink& on_reject, size_t piece_bytes, int64_t* bytes_read) {
  using internal::LineWhere;
  if (bytes_read != nullptr) *bytes_read = static_cast<int64_t>(head.size());
  try {
    internal::FirstOfEachId first(opts, on_item);
    simdjson::ondemand::parser parser;
    // Each record is parsed in place; SIMDJSON_PADDING readable bytes follow
    // what the reader holds.
    internal::PieceReader pieces(std::move(head), in, piece_bytes, simdjson::SIMDJSON_PADDING);
    JsonDocumentSplitter splitter;
    size_t base = 0;  // the input offset of pieces.data()
    size_t want = 0;
    JsonSpan span;
    while (true) {
      Status s = pieces.Fill(want);
      if (bytes_read != nullptr) *bytes_read = pieces.bytes_read();
      if (!s.ok()) return Status::IoError(opts.input_name + ": " + s.message());
      const std::string_view data = pieces.data();
      bool stop = false;
      JsonDocumentSplitter::Step step;
      while ((step = splitter.Next(data, base, pieces.at_end(), &span)) == JsonDocumentSplitter::Step::kSpan) {
        const std::string where = LineWhere(opts, span.line);
        if (!span.error.empty()) {
          on_reject({where, "", span.error});
          continue;
        }
        Item item;
        internal::FieldError err;
        const size_t at = span.begin - base;
        if (!internal::ParseLine(parser, data.data() + at, span.end - span.begin,
                                 data.size() - at + simdjson::SIMDJSON_PADDING, opts, &item, &err)) {
          on_reject({where, err.field, err.reason});
          continue;
        }
        if (!first(std::move(item), where)) {
          stop = true;
          break;
        }
      }
      if (stop || step == JsonDocumentSplitter::Step::kEnd) break;
      // kMore: drop what is done; a record longer than what is held: hold
      // at least twice as much.
      const size_t done = splitter.pos() - base;
      want = 2 * (data.size() - done);
      pieces.Consume(done);
      base = splitter.pos();
    }
    return Status::Ok();
  } catch (const std::bad_alloc&) {
    return Status::Internal(opts.input_name + ": out of memory while reading");
  }
}

}  // namespace vox::ingest
