// Record discovery and typed field access for JSON exports read with the
// simdjson DOM API (Facebook, Zalo). The DOM validates a whole document, and
// these formats nest (comments inside posts) and are read in any key order,
// which the DOM makes simple; they are not the hot path.
#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace dom = simdjson::dom;

namespace {

std::string JsonReason(simdjson::error_code e) {
  if (e == simdjson::UTF8_ERROR) return "is not valid UTF-8";
  return std::string("malformed JSON: ") + simdjson::error_message(e);
}

// Emits the records inside one parsed element. Returns false to stop.
bool Expand(dom::element root, std::string_view wrapper_key, std::string_view noun,
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

}  // namespace

Status ForEachJsonRecord(std::string_view data, std::string_view wrapper_key,
                         std::string_view noun, const ReadOptions& opts,
                         const RejectSink& on_reject, const JsonRecordFn& fn) {
  data = StripBom(data);
  if (IsBlank(data)) return Status::Ok();
  const simdjson::padded_string padded(data);
  const std::string_view body(padded.data(), data.size());
  dom::parser parser;
  dom::element root;
  const simdjson::error_code whole = parser.parse(padded).get(root);
  if (whole == simdjson::SUCCESS) {
    Expand(root, wrapper_key, noun, opts.input_name + ":", true, fn);
    return Status::Ok();
  }
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
    return Status::InvalidArgument(opts.input_name + ": not a JSON document or JSON Lines (" +
                                   JsonReason(whole) + ")");
  }
  ForEachLine(body, [&](std::string_view line, size_t line_no, size_t) {
    if (IsBlank(line)) return true;
    dom::element elem;
    const std::string where = LineWhere(opts, line_no);
    if (auto e = parser.parse(line.data(), line.size(), false).get(elem)) {
      on_reject({where, "", JsonReason(e)});
      return true;
    }
    return Expand(elem, wrapper_key, noun, where, false, fn);
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
