// JSON exports (Facebook Graph, Zalo OA) read from a stream in bounded memory.
//
// A year's Page export is one document, {"data": [post, post, …], "paging":
// {…}}, and ForEachJsonRecord (the whole-buffer reader, the oracle here)
// parses it as one DOM. StreamRecords gives the same records, roots,
// where-strings and rejections, in the same order, holding a piece of the
// input and one record at a time. It reads the input twice:
//
//  1. The survey. JsonExportScanner walks the top level of every document
//     one value at a time: the members of a top-level object (descending
//     into the array of the first member named after the wrapper key,
//     "data" / "events", whose elements it gives one by one) and the
//     elements of a top-level array. Every value is parsed (simdjson DOM,
//     two levels shallower than a whole document may nest) and the
//     structure between values is checked as strictly as a JSON parser
//     does, so the survey knows whether the whole input would parse as one
//     document. It also keeps the document's skeleton: every member but the
//     wrapper array, and the wrapper array's first element — what a
//     reader's on_root looks at (Facebook's paging URL, which comes after
//     the data, and the kind of the first record).
//  2. The records, in the way ForEachJsonRecord would take them:
//      - one document that parses whole and has an array to split: on_root
//        gets the skeleton, then each element is parsed and handed on as
//        "NAME: <noun> N";
//      - several documents (JSON Lines of pages or of events, objects one
//        after another) that all parse: each document (each element of a
//        top-level array) as JsonDocumentSplitter cuts it, "NAME:LINE";
//      - JSON Lines with a malformed line (a webhook log whose writer
//        crashed mid-line): when the survey found something a parser refuses
//        too (not just nesting deeper than it allows) and one of the first
//        five non-blank lines parses by itself, every non-blank line is
//        parsed by itself, "NAME:LINE", a malformed one rejected;
//      - else, when SniffJsonLayout would give kDocuments: each top-level
//        object and each element of a top-level array on its own (as
//        JsonDocumentSplitter cuts them), "NAME:LINE", a malformed one
//        rejected — or, when it is the only one, the input refused as a
//        whole. A top-level array with a malformed element streams; a
//        {"data": [...]} export with a malformed record is one span, held
//        whole (the input's size) and refused, as the whole reader does;
//      - anything else — a single object with no array to split (a webhook
//        payload, one post), text that is not JSON, what only the survey
//        refuses (a top-level array without its commas, records nested at
//        the parser's limit) — is read whole and given to ForEachJsonRecord,
//        so that its errors are exactly the whole reader's. Memory is then
//        the input's size, as it always was for these.
//
// Memory: a piece (piece_bytes) plus the longest record, the skeleton, and
// what the reader keeps per record (Facebook: the ids of posts seen, for
// comments that name their post; the duplicate check's 40 bytes an item).
// An input that cannot seek (stdin, a URL) is first copied to an unlinked
// scratch file (disk, not memory, as large as the input), then read twice
// from there.
#include <algorithm>
#include <cstring>
#include <istream>
#include <new>
#include <optional>

#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace dom = simdjson::dom;

namespace {

// A value inside a top-level array or object nests one level deeper there
// than on its own, and two inside the wrapper array: the survey parses
// records with this limit so that a whole document of them would parse.
constexpr size_t kRecordDepth = simdjson::DEFAULT_MAX_DEPTH - 2;
// The skeleton (members other than the wrapper array, and its first
// element) is held; past this size the input is read whole instead.
constexpr size_t kMaxSkeletonBytes = 64u << 20;
// The lines that decide whether a malformed input is JSON Lines are looked
// for within this many bytes; past it the input is read whole.
constexpr size_t kMaxProbeBytes = 64u << 20;
// The survey holds a value (a record, a member of the document) up to this
// size; a longer one is skimmed for its end, and the input, if it is one
// well-formed document, read whole.
constexpr size_t kMaxSurveyValueBytes = 32u << 20;
// Bytes copied at a time to the scratch file.
constexpr size_t kCopyBytes = 1u << 20;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Walks the top level of JSON documents held a part at a time (the contract
// of JsonDocumentSplitter: the caller holds [base, base + data.size()), may
// drop what is before pos(), and holds more on kMore).
class JsonExportScanner {
 public:
  enum class Step { kEvent, kMore, kEnd };
  enum class Type {
    kDocBegin,    // a top-level object or array opens at `begin` (`array`)
    kMember,      // a member of a top-level object: key `key` (as written), value [begin, end)
    kSplitBegin,  // the wrapper member (key `key`) opens its array
    kSplitEnd,    // … and closes it
    kElement,     // an element [begin, end) of the wrapper array or of a top-level array
    kDocEnd,      // the document closes (end)
    kError,       // not JSON as a parser takes it (`error`); nothing follows
  };
  struct Event {
    Type type = Type::kError;
    size_t begin = 0;
    size_t end = 0;
    bool array = false;
    std::string key;
    std::string error;
    // kError: the whole input cannot parse as one document, nor can one of
    // JsonDocumentSplitter's spans. Not so for what only this scanner
    // refuses: a scalar as the first document (a parser takes it), and the
    // commas of a top-level array (the splitter does without them).
    bool certain = true;
  };

  // A value still open after max_hold bytes is skimmed rather than held:
  // its end is looked for without keeping its bytes, and the scan then fails
  // (kError), for certain when it is never closed, not for certain when it
  // is (it was too long to check).
  JsonExportScanner(std::string_view split_key, size_t max_hold) : split_key_(split_key), max_hold_(max_hold) {}

  Step Next(std::string_view data, size_t base, bool at_end, Event* ev);
  size_t pos() const { return pos_; }

 private:
  enum class State { kTop, kKey, kAfterMember, kElement, kAfterElement, kSkim, kFailed };

  std::string split_key_;
  size_t max_hold_;
  State state_ = State::kTop;
  // kSkim: the value's kind ('c' object or array, '"' string, 's' other),
  // its nesting depth, and whether the scan is in a string, after a '\\'.
  char skim_kind_ = 'c';
  size_t skim_depth_ = 0;
  bool skim_in_string_ = false;
  bool skim_escape_ = false;
  bool started_ = false;
  bool first_ = false;       // nothing yet in the object or array just opened
  bool top_array_ = false;   // the array being read is the top-level one
  bool split_done_ = false;  // the document's first member named split_key_ is passed
  bool seen_doc_ = false;    // a document has begun
  size_t pos_ = 0;
  dom::parser key_parser_;
  std::string key_scratch_;
};

JsonExportScanner::Step JsonExportScanner::Next(std::string_view data, size_t base, bool at_end, Event* ev) {
  const size_t n = base + data.size();
  auto at = [&](size_t p) { return data[p - base]; };
  if (!started_) {
    if (base == 0 && data.size() < 3 && !at_end) return Step::kMore;
    started_ = true;
    if (base == 0) pos_ = StripBom(data).data() - data.data();
  }
  auto fail = [&](std::string why, bool certain = true) {
    state_ = State::kFailed;
    ev->type = Type::kError;
    ev->begin = pos_;
    ev->error = std::move(why);
    ev->certain = certain;
    return Step::kEvent;
  };
  auto emit = [&](Type type) {
    ev->type = type;
    return Step::kEvent;
  };
  // After a value: the next byte that is not white space, at or after p.
  auto skip = [&](size_t p) {
    while (p < n && IsSpace(at(p))) ++p;
    return p;
  };
  auto value_starts = [](char c) { return c != ',' && c != ']' && c != '}' && c != ':'; };
  // The value at p: its end, 0 with *more when the bytes held end first.
  auto value_end = [&](size_t p, bool* more) -> size_t {
    const size_t rel = JsonValueEnd(data, p - base);
    *more = rel == std::string_view::npos || (rel == data.size() && !at_end);
    return *more ? 0 : base + rel;
  };
  // Skims [from, n) for the end of the value being skimmed (JsonValueEnd's
  // rules, a byte at a time): true with pos_ just past it, else pos_ = n.
  auto skim = [&](size_t from) {
    for (size_t i = from; i < n; ++i) {
      const char d = at(i);
      if (skim_escape_) {
        skim_escape_ = false;
      } else if (skim_in_string_) {
        if (d == '\\') {
          skim_escape_ = true;
        } else if (d == '"') {
          skim_in_string_ = false;
          if (skim_kind_ == '"') {
            pos_ = i + 1;
            return true;
          }
        }
      } else if (skim_kind_ == 's') {
        if (IsSpace(d) || d == ',' || d == ']' || d == '}') {
          pos_ = i;
          return true;
        }
      } else if (d == '"') {
        skim_in_string_ = true;
      } else if (d == '{' || d == '[') {
        ++skim_depth_;
      } else if ((d == '}' || d == ']') && --skim_depth_ == 0) {
        pos_ = i + 1;
        return true;
      }
    }
    pos_ = n;
    return false;
  };
  auto skimmed = [&]() { return fail("a value is longer than the survey holds", false); };
  // The value at p is not closed within the bytes held.
  auto more = [&](size_t p) {
    if (at_end) return fail("a value is never closed");
    if (n - p <= max_hold_) return Step::kMore;
    const char c0 = at(p);
    skim_kind_ = c0 == '{' || c0 == '[' ? 'c' : c0 == '"' ? '"' : 's';
    skim_depth_ = 0;
    skim_in_string_ = skim_kind_ == '"';
    skim_escape_ = false;
    state_ = State::kSkim;
    return skim(skim_kind_ == 'c' ? p : p + 1) ? skimmed() : Step::kMore;
  };
  // A top-level array (the document's, or the wrapper member's) closes.
  auto close_array = [&] {
    ++pos_;
    if (top_array_) {
      state_ = State::kTop;
      ev->end = pos_;
      return emit(Type::kDocEnd);
    }
    state_ = State::kAfterMember;
    return emit(Type::kSplitEnd);
  };
  while (true) {
    if (state_ == State::kFailed) return Step::kEnd;
    if (state_ == State::kSkim) {
      if (skim(pos_)) return skimmed();
      if (!at_end) return Step::kMore;
      return skim_kind_ == 's' ? skimmed() : fail("a value is never closed");
    }
    pos_ = skip(pos_);
    if (pos_ >= n) {
      if (!at_end) return Step::kMore;
      if (state_ == State::kTop) return Step::kEnd;
      return fail("the document is never closed");
    }
    const char c = at(pos_);
    switch (state_) {
      case State::kTop:
        if (c != '{' && c != '[') return fail("text between documents is not JSON", seen_doc_);
        seen_doc_ = true;
        ev->begin = pos_++;
        ev->array = c == '[';
        first_ = true;
        split_done_ = false;
        top_array_ = ev->array;
        state_ = ev->array ? State::kElement : State::kKey;
        return emit(Type::kDocBegin);
      case State::kKey: {
        if (c == '}' && first_) {
          ++pos_;
          state_ = State::kTop;
          ev->end = pos_;
          return emit(Type::kDocEnd);
        }
        if (c != '"') return fail("a key is missing");
        size_t q = pos_ + 1;
        while (q < n && at(q) != '"') q += at(q) == '\\' ? 2 : 1;
        if (q >= n) return at_end ? fail("a key is never closed") : Step::kMore;
        const std::string_view raw = data.substr(pos_ + 1 - base, q - pos_ - 1);
        size_t p = skip(q + 1);
        if (p >= n) return at_end ? fail("a member is cut short") : Step::kMore;
        if (at(p) != ':') return fail("a ':' is missing after a key");
        p = skip(p + 1);
        if (p >= n) return at_end ? fail("a member is cut short") : Step::kMore;
        if (!value_starts(at(p))) return fail("a value is missing");
        // The key as a parser reads it (escapes decoded), and valid.
        key_scratch_.assign("\"").append(raw).append("\"");
        std::string_view key;
        if (key_parser_.parse(key_scratch_).get_string().get(key) != simdjson::SUCCESS) {
          return fail("a key is not a valid JSON string");
        }
        const bool split = !split_done_ && key == split_key_;
        ev->key.assign(raw);
        if (split && at(p) == '[') {
          split_done_ = true;
          pos_ = p + 1;
          first_ = true;
          top_array_ = false;
          state_ = State::kElement;
          return emit(Type::kSplitBegin);
        }
        bool open = false;
        const size_t end = value_end(p, &open);
        if (open) return more(p);
        split_done_ |= split;
        ev->begin = p;
        ev->end = end;
        pos_ = end;
        state_ = State::kAfterMember;
        return emit(Type::kMember);
      }
      case State::kAfterMember:
        if (c == ',') {
          ++pos_;
          first_ = false;
          state_ = State::kKey;
          continue;
        }
        if (c != '}') return fail("a ',' or '}' is missing after a member");
        ++pos_;
        state_ = State::kTop;
        ev->end = pos_;
        return emit(Type::kDocEnd);
      case State::kElement: {
        if (c == ']' && first_) return close_array();
        if (!value_starts(c)) return fail("a value is missing", !top_array_ || (c != ',' && c != ']'));
        bool open = false;
        const size_t end = value_end(pos_, &open);
        if (open) return more(pos_);
        ev->begin = pos_;
        ev->end = end;
        pos_ = end;
        state_ = State::kAfterElement;
        return emit(Type::kElement);
      }
      case State::kAfterElement:
        if (c == ',') {
          ++pos_;
          first_ = false;
          state_ = State::kElement;
          continue;
        }
        if (c != ']') return fail("a ',' or ']' is missing after an element", !top_array_);
        return close_array();
      case State::kSkim:
      case State::kFailed:
        return Step::kEnd;
    }
  }
}

// The input, readable from its start as often as needed: `head`, then `in`
// from where it was given (seeking back), or from a scratch copy of it when
// it cannot seek.
class ExportInput {
 public:
  ExportInput(std::string head, std::istream& in, const ReadOptions& opts, size_t piece_bytes)
      : head_(std::move(head)), in_(&in), opts_(opts), piece_bytes_(piece_bytes) {}

  // Makes the input readable again from its start (a copy, the first time,
  // when it cannot seek).
  Status Open() {
    start_ = in_->tellg();
    if (start_ != std::streampos(-1)) return Status::Ok();
    in_->clear(in_->rdstate() & std::ios::badbit);
    if (Status s = OpenScratchFile(&scratch_, "vox-json"); !s.ok()) {
      return Status::IoError(opts_.input_name + ": " + s.message() +
                             " (a JSON export that cannot seek is copied there to be read twice)");
    }
    std::string chunk(kCopyBytes, '\0');
    while (*in_) {
      in_->read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      scratch_.write(chunk.data(), in_->gcount());
      if (!scratch_) return Status::IoError(opts_.input_name + ": cannot write the temporary copy (disk full?)");
    }
    if (in_->bad()) return Status::IoError(opts_.input_name + ": read failed");
    scratch_.flush();
    in_ = &scratch_;
    start_ = 0;
    return Status::Ok();
  }

  // A reader of the whole input from its start.
  Result<std::unique_ptr<PieceReader>> Pass() {
    in_->clear();
    in_->seekg(start_);
    if (!*in_) return Status::IoError(opts_.input_name + ": cannot read the input again");
    return std::make_unique<PieceReader>(head_, *in_, piece_bytes_, simdjson::SIMDJSON_PADDING);
  }

  // The whole input in memory (held once, at its size).
  Result<std::string> Whole() {
    std::string all;
    in_->clear();
    in_->seekg(0, std::ios::end);
    const std::streampos end = in_->tellg();
    if (end != std::streampos(-1) && end >= start_) all.reserve(head_.size() + static_cast<size_t>(end - start_));
    auto pieces = Pass();
    if (!pieces.ok()) return pieces.status();
    while (true) {
      VOX_RETURN_IF_ERROR(Fill(**pieces, 0));
      all.append((*pieces)->data());
      (*pieces)->Consume((*pieces)->data().size());
      if ((*pieces)->at_end()) return all;
    }
  }

  Status Fill(PieceReader& pieces, size_t want) {
    Status s = pieces.Fill(want);
    size_ = std::max(size_, pieces.bytes_read());
    return s.ok() ? s : Status::IoError(opts_.input_name + ": " + s.message());
  }

  int64_t size() const { return size_; }

 private:
  std::string head_;
  std::istream* in_;
  const ReadOptions& opts_;
  size_t piece_bytes_;
  std::streampos start_ = -1;
  std::fstream scratch_;
  int64_t size_ = 0;
};

// What the survey found.
struct Survey {
  bool valid = true;  // every document parses, and they follow each other as JSON
  // Not valid, and for sure neither one document nor documents one after
  // another that each parse (what is refused is refused by a parser too,
  // and not for nesting deeper than the survey allows).
  bool certain = false;
  size_t docs = 0;     // top-level documents
  size_t spans = 0;    // JsonDocumentSplitter's spans: top-level objects, top-level arrays' elements
  bool split = false;  // the first document has an array of records (its own, or the wrapper's)
  bool skeleton_ok = true;
  std::string skeleton;  // the first document without its records but the first
};

// Runs the scanner over the whole input, calling fn(event, bytes held, base)
// for every event; fn returns false to stop. Non-OK when reading fails.
template <typename Fn>
Status Scan(ExportInput& input, std::string_view split_key, size_t max_hold, Fn&& fn) {
  auto pieces = input.Pass();
  if (!pieces.ok()) return pieces.status();
  PieceReader& reader = **pieces;
  JsonExportScanner scanner(split_key, max_hold);
  JsonExportScanner::Event ev;
  size_t base = 0;
  size_t want = 0;
  while (true) {
    VOX_RETURN_IF_ERROR(input.Fill(reader, want));
    const std::string_view data = reader.data();
    JsonExportScanner::Step step;
    while ((step = scanner.Next(data, base, reader.at_end(), &ev)) == JsonExportScanner::Step::kEvent) {
      if (!fn(ev, data, base)) return Status::Ok();
    }
    if (step == JsonExportScanner::Step::kEnd) return Status::Ok();
    const size_t done = scanner.pos() - base;
    want = 2 * (data.size() - done);
    reader.Consume(done);
    base = scanner.pos();
  }
}

Status SurveyInput(ExportInput& input, std::string_view split_key, size_t max_value, Survey* survey) {
  dom::parser parser;
  if (parser.allocate(64 << 10, kRecordDepth) != simdjson::SUCCESS) {
    return Status::Internal("cannot set up the JSON parser");
  }
  bool doc_array = false;   // the document being read is a top-level array
  bool first_elem = false;  // the first document's first record is still to come
  bool need_comma = false;  // the skeleton has a member already
  using Type = JsonExportScanner::Type;
  auto add = [&](std::string_view bytes) {
    if (survey->skeleton.size() + bytes.size() > kMaxSkeletonBytes) {
      survey->skeleton_ok = false;
      survey->skeleton.clear();
    }
    if (survey->skeleton_ok) survey->skeleton.append(bytes);
  };
  return Scan(input, split_key, max_value, [&](const JsonExportScanner::Event& ev, std::string_view data, size_t base) {
    const bool first_doc = survey->docs == 0;
    auto bytes = [&] { return data.substr(ev.begin - base, ev.end - ev.begin); };
    auto parses = [&] {
      dom::element ignored;
      const auto e = parser.parse(data.data() + (ev.begin - base), ev.end - ev.begin, false).get(ignored);
      survey->certain = e != simdjson::SUCCESS && e != simdjson::DEPTH_ERROR;
      return e == simdjson::SUCCESS;
    };
    switch (ev.type) {
      case Type::kError:
        survey->valid = false;
        survey->certain = ev.certain;
        return false;
      case Type::kDocBegin:
        doc_array = ev.array;
        if (!ev.array) ++survey->spans;
        if (first_doc) {
          add(ev.array ? "[" : "{");
          survey->split = first_elem = ev.array;
        }
        return true;
      case Type::kMember:
        if (!parses()) {
          survey->valid = false;
          return false;
        }
        if (first_doc) {
          if (need_comma) add(",");
          add("\"");
          add(ev.key);
          add("\":");
          add(bytes());
          need_comma = true;
        }
        return true;
      case Type::kSplitBegin:
        if (first_doc) {
          if (need_comma) add(",");
          add("\"");
          add(ev.key);
          add("\":[");
          need_comma = true;
          survey->split = first_elem = true;
        }
        return true;
      case Type::kSplitEnd:
        if (first_doc) add("]");
        return true;
      case Type::kElement:
        if (!parses()) {
          survey->valid = false;
          return false;
        }
        if (first_doc && first_elem) {
          add(bytes());
          first_elem = false;
        }
        // A top-level array's elements are spans of their own; a
        // wrapper's are inside its document's.
        if (doc_array) ++survey->spans;
        return true;
      case Type::kDocEnd:
        if (first_doc) add(doc_array ? "]" : "}");
        ++survey->docs;
        return true;
    }
    return true;
  });
}

// How ForEachJsonRecord would take the input once it has found it is
// neither one document nor documents one after another that all parse: 1
// (JSON Lines) when one of its first five non-blank lines parses by itself;
// else 2 when SniffJsonLayout gives it kDocuments (each top-level object or
// array element on its own, a malformed one rejected), 0 when not (it is
// refused as a whole); -1 when those lines are not all within
// kMaxProbeBytes.
Result<int> ProbeLines(ExportInput& input) {
  auto pieces = input.Pass();
  if (!pieces.ok()) return pieces.status();
  PieceReader& reader = **pieces;
  dom::parser parser;
  size_t want = 0;
  while (true) {
    VOX_RETURN_IF_ERROR(input.Fill(reader, want));
    std::string_view body = StripBom(reader.data());
    if (!reader.at_end()) body = body.substr(0, body.rfind('\n') + 1);  // complete lines ("" for none)
    bool lines = false;
    int probed = 0;
    ForEachLine(body, [&](std::string_view line, size_t, size_t) {
      if (IsBlank(line)) return true;
      dom::element ignored;
      lines = parser.parse(line.data(), line.size(), false).get(ignored) == simdjson::SUCCESS;
      return !lines && ++probed < 5;
    });
    if (lines) return 1;
    if (probed >= 5 || reader.at_end()) return IsStreamableJsonDocuments(reader.data(), reader.at_end()) ? 2 : 0;
    if (reader.data().size() >= kMaxProbeBytes) return -1;
    want = 2 * reader.data().size();
  }
}

// JSON Lines, as ForEachJsonRecord reads them: every non-blank line parsed
// by itself, a malformed one rejected ("NAME:LINE"), the others expanded.
Status ReadLines(ExportInput& input, std::string_view wrapper_key, const ReadOptions& opts, const RejectSink& on_reject,
                 const JsonRecordFn& fn, const std::function<std::string_view(dom::element)>& noun_of) {
  auto pieces = input.Pass();
  if (!pieces.ok()) return pieces.status();
  PieceReader& reader = **pieces;
  dom::parser parser;
  VOX_RETURN_IF_ERROR(input.Fill(reader, 3));
  if (StripBom(reader.data()).size() != reader.data().size()) reader.Consume(3);
  size_t line_base = 0;  // lines before the piece
  size_t want = 0;
  while (true) {
    VOX_RETURN_IF_ERROR(input.Fill(reader, want));
    const std::string_view data = reader.data();
    if (data.empty()) return Status::Ok();
    // The piece ends after its last line end (or at the end of the input);
    // a line longer than what is held: hold twice as much.
    const size_t nl = data.rfind('\n');
    if (nl == std::string_view::npos && !reader.at_end()) {
      want = 2 * data.size();
      continue;
    }
    want = 0;
    const size_t end = reader.at_end() ? data.size() : nl + 1;
    const std::string_view piece = data.substr(0, end);
    bool stop = false;
    ForEachLine(piece, [&](std::string_view line, size_t line_no, size_t) {
      if (IsBlank(line)) return true;
      const std::string where = LineWhere(opts, line_base + line_no);
      dom::element elem;
      if (auto e = parser.parse(line.data(), line.size(), false).get(elem)) {
        on_reject({where, "", JsonReason(e)});
        return true;
      }
      stop = !ExpandJsonRecords(elem, wrapper_key, noun_of(elem), where, false, fn);
      return !stop;
    });
    if (stop) return Status::Ok();
    line_base += static_cast<size_t>(std::count(piece.begin(), piece.end(), '\n'));
    reader.Consume(end);
    if (reader.at_end() && reader.data().empty()) return Status::Ok();
  }
}

// Documents one after another, some malformed, as ForEachJsonRecord reads
// them: each top-level object or top-level array element (JsonDocumentSplitter)
// on its own, "NAME:LINE", a malformed one rejected — unless it is the only
// one, when the input is refused as a whole (so the first is held back until
// a second is found). Memory: a piece + the longest document.
Status ReadSpans(ExportInput& input, std::string_view wrapper_key, const ReadOptions& opts, const RejectSink& on_reject,
                 const JsonRecordFn& fn, const std::function<std::string_view(dom::element)>& noun_of) {
  auto pieces = input.Pass();
  if (!pieces.ok()) return pieces.status();
  PieceReader& reader = **pieces;
  JsonDocumentSplitter splitter;
  dom::parser parser;
  JsonSpan span;
  size_t spans = 0;
  std::optional<Rejection> first_bad;  // the first span, malformed, while it may be the only one
  size_t base = 0;
  size_t want = 0;
  while (true) {
    VOX_RETURN_IF_ERROR(input.Fill(reader, want));
    const std::string_view data = reader.data();
    JsonDocumentSplitter::Step step;
    while ((step = splitter.Next(data, base, reader.at_end(), &span)) == JsonDocumentSplitter::Step::kSpan) {
      if (++spans == 2 && first_bad) on_reject(*first_bad);
      const std::string where = LineWhere(opts, span.line);
      dom::element elem;
      std::string reason = span.error;
      if (reason.empty()) {
        // Parsed from a copy (as the whole reader does): simdjson's message
        // for a malformed one does not depend on the bytes after it.
        if (auto e = parser.parse(data.data() + (span.begin - base), span.end - span.begin, true).get(elem)) {
          reason = JsonReason(e);
        }
      }
      if (!reason.empty()) {
        if (spans == 1) {
          first_bad = Rejection{where, "", reason};
        } else {
          on_reject({where, "", reason});
        }
        continue;
      }
      if (!ExpandJsonRecords(elem, wrapper_key, noun_of(elem), where, false, fn)) return Status::Ok();
    }
    if (step == JsonDocumentSplitter::Step::kEnd) break;
    const size_t done = splitter.pos() - base;
    want = 2 * (data.size() - done);
    reader.Consume(done);
    base = splitter.pos();
  }
  if (spans == 1 && first_bad) return Status::InvalidArgument(first_bad->where + ": " + first_bad->reason);
  return Status::Ok();
}

}  // namespace

JsonRecordSource BufferRecords(std::string_view data, const ReadOptions& opts) {
  return [data, &opts](std::string_view wrapper_key, std::string_view noun, const RejectSink& on_reject,
                       const JsonRecordFn& fn, const JsonRootFn& on_root) {
    return ForEachJsonRecord(data, wrapper_key, noun, opts, on_reject, fn, on_root);
  };
}

JsonRecordSource StreamRecords(std::string head, std::istream& in, const ReadOptions& opts, size_t piece_bytes,
                               int64_t* bytes_read, bool* read_whole, size_t max_survey_value) {
  auto shared_head = std::make_shared<std::string>(std::move(head));
  if (max_survey_value == 0) max_survey_value = kMaxSurveyValueBytes;
  return [shared_head, &in, &opts, piece_bytes, bytes_read, read_whole, max_survey_value](
             std::string_view wrapper_key, std::string_view noun, const RejectSink& on_reject, const JsonRecordFn& fn,
             const JsonRootFn& on_root) -> Status {
    if (read_whole != nullptr) *read_whole = false;
    ExportInput input(std::move(*shared_head), in, opts, std::max<size_t>(piece_bytes, 1));
    auto report_size = [&] {
      if (bytes_read != nullptr) *bytes_read = input.size();
    };
    Status opened = input.Open();
    if (!opened.ok()) return opened;
    Survey survey;
    Status surveyed = SurveyInput(input, wrapper_key, max_survey_value, &survey);
    report_size();
    if (!surveyed.ok()) return surveyed;
    std::string root_noun;
    auto noun_of = [&](dom::element root) -> std::string_view {
      if (!on_root) return noun;
      root_noun = on_root(root);
      return root_noun.empty() ? noun : std::string_view(root_noun);
    };
    if (survey.valid && survey.docs == 0) return Status::Ok();  // white space only
    if (survey.valid && survey.docs == 1 && survey.split && survey.skeleton_ok) {
      // One document: the skeleton stands for it before its first record.
      dom::parser root_parser;
      dom::element root;
      const simdjson::padded_string skeleton(survey.skeleton);
      if (root_parser.parse(skeleton).get(root) != simdjson::SUCCESS) {
        return Status::Internal(opts.input_name + ": the document's outline does not parse");
      }
      const std::string kept_noun(noun_of(root));
      const std::string base = opts.input_name + ": " + kept_noun + " ";
      dom::parser parser;
      size_t index = 0;
      // The scanner gives elements of the top-level array or of the wrapper's only.
      Status s = Scan(input, wrapper_key, std::string_view::npos,
                      [&](const JsonExportScanner::Event& ev, std::string_view data, size_t at) {
                        if (ev.type != JsonExportScanner::Type::kElement) return true;
                        dom::element elem;
                        if (parser.parse(data.data() + (ev.begin - at), ev.end - ev.begin, false).get(elem)) {
                          return false;  // the survey parsed it
                        }
                        return fn(elem, base + std::to_string(++index));
                      });
      report_size();
      return s;
    }
    if (survey.valid && survey.docs > 1 && survey.spans > 1) {
      // Documents one after another, all well-formed: each as a line of JSON Lines.
      auto pieces = input.Pass();
      if (!pieces.ok()) return pieces.status();
      PieceReader& reader = **pieces;
      JsonDocumentSplitter splitter;
      dom::parser parser;
      JsonSpan span;
      size_t base = 0;
      size_t want = 0;
      while (true) {
        VOX_RETURN_IF_ERROR(input.Fill(reader, want));
        const std::string_view data = reader.data();
        JsonDocumentSplitter::Step step;
        while ((step = splitter.Next(data, base, reader.at_end(), &span)) == JsonDocumentSplitter::Step::kSpan) {
          dom::element elem;
          if (!span.error.empty() ||
              parser.parse(data.data() + (span.begin - base), span.end - span.begin, false).get(elem)) {
            continue;  // the survey found none
          }
          if (!ExpandJsonRecords(elem, wrapper_key, noun_of(elem), LineWhere(opts, span.line), false, fn)) {
            step = JsonDocumentSplitter::Step::kEnd;
            break;
          }
        }
        if (step == JsonDocumentSplitter::Step::kEnd) break;
        const size_t done = splitter.pos() - base;
        want = 2 * (data.size() - done);
        reader.Consume(done);
        base = splitter.pos();
      }
      report_size();
      return Status::Ok();
    }
    if (!survey.valid && survey.certain) {
      // Neither one document nor documents one after another that all
      // parse: JSON Lines when one of the first lines parses by itself.
      auto lines = ProbeLines(input);
      report_size();
      if (!lines.ok()) return lines.status();
      if (*lines == 1 || *lines == 2) {
        Status s = *lines == 1 ? ReadLines(input, wrapper_key, opts, on_reject, fn, noun_of)
                               : ReadSpans(input, wrapper_key, opts, on_reject, fn, noun_of);
        report_size();
        return s;
      }
    }
    // Anything else is read as the whole-buffer reader reads it.
    if (read_whole != nullptr) *read_whole = true;
    auto whole = input.Whole();
    report_size();
    if (!whole.ok()) return whole.status();
    return ForEachJsonRecord(*whole, wrapper_key, noun, opts, on_reject, fn, on_root);
  };
}

}  // namespace vox::ingest::internal

namespace vox::ingest {

bool IsStreamableJsonExport(std::string_view head, bool complete) {
  return (complete || head.size() >= 4) && DetectEncoding(head) == TextEncoding::kUtf8;
}

Status ReadJsonExportStream(Format format, std::string head, std::istream& in, const ReadOptions& opts,
                            const ItemSink& on_item, const RejectSink& on_reject, size_t piece_bytes,
                            int64_t* bytes_read) {
  if (bytes_read != nullptr) *bytes_read = static_cast<int64_t>(head.size());
  try {
    internal::FirstOfEachId first(opts, on_item);
    const internal::LocatedItemSink located = [&](Item&& item, const std::string& where) {
      return first(std::move(item), where);
    };
    const internal::JsonRecordSource records =
        internal::StreamRecords(std::move(head), in, opts, piece_bytes, bytes_read);
    switch (format) {
      case Format::kFacebook:
        return internal::ReadFacebookRecords(records, opts, located, on_reject);
      case Format::kZalo:
        return internal::ReadZaloRecords(records, opts, located, on_reject);
      default:
        return Status::InvalidArgument(std::string("not a JSON export format: ") + FormatName(format));
    }
  } catch (const std::bad_alloc&) {
    return Status::Internal(opts.input_name + ": out of memory while reading");
  }
}

}  // namespace vox::ingest
