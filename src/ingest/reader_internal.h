// Private to the readers: the per-format entry points and the rules every
// format shares (which fields are required, size limits, kinds, where-strings).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <fstream>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/item.h"
#include "common/status.h"
#include "ingest/reader.h"

namespace pugi {
class xml_node;
}

namespace vox::ingest::internal {

// The per-format readers hand each good item on with its where-string
// ("file.jsonl:12"); ReadBuffer keeps the first of each (source, id) and
// reports later ones as skipped duplicates naming the first's place.
using LocatedItemSink = std::function<bool(Item&&, const std::string& where)>;

Status ReadJsonl(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
                 const RejectSink& on_reject);
Status ReadCsv(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
               const RejectSink& on_reject);
// CSV/TSV from `head` then `rest` (nullptr: the head is the whole input), in
// pieces (ReadCsvStream's contract); `wide` the UTF-16/32 encoding of the raw
// bytes, kUtf8 for none. ReadCsv is this on a whole buffer with no `rest`.
Status ReadCsvInput(std::string_view head, std::istream* rest, TextEncoding wide, const ReadOptions& opts,
                    const StreamOptions& stream, const LocatedItemSink& on_item, const RejectSink& on_reject,
                    int64_t* bytes_read);
Status ReadFeed(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
                const RejectSink& on_reject);
// A feed read in passes (ReadFeedStream's contract): each call of `pass`
// starts a new read of the input from its start, `chunk_bytes` at a time.
Status ReadFeedPasses(const std::function<std::function<Result<size_t>(char*, size_t)>()>& pass,
                      const ReadOptions& opts, size_t chunk_bytes, const LocatedItemSink& on_item,
                      const RejectSink& on_reject);
Status ReadFacebook(std::string_view data, const ReadOptions& opts,
                    const LocatedItemSink& on_item, const RejectSink& on_reject);
Status ReadZalo(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
                const RejectSink& on_reject);
// Workbooks. The XML parts of an .xlsx are inflated and parsed
// `chunk_bytes` at a time (ForEachXmlElement); ReadXlsxFile reads the
// archive from `fd`, an open regular file it takes over (and closes),
// `head` its first bytes. ReadXlsFile reads the .xls at `path`.
inline constexpr size_t kXmlChunkBytes = 256u << 10;
Status ReadXlsx(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
                const RejectSink& on_reject, size_t chunk_bytes = kXmlChunkBytes);
Status ReadXlsxFile(int fd, std::string_view head, const ReadOptions& opts, const LocatedItemSink& on_item,
                    const RejectSink& on_reject, size_t chunk_bytes = kXmlChunkBytes);
Status ReadXls(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
               const RejectSink& on_reject);
Status ReadXlsFile(const std::string& path, std::string_view head, const ReadOptions& opts,
                   const LocatedItemSink& on_item, const RejectSink& on_reject);

// Cuts an XML document, read through `read` at most `chunk_bytes` at a time
// (it returns the bytes it put in buf, 0 at the end), into the elements
// named `name` (local name, whatever the prefix) whose ancestors are the
// first element named path[0] at the top, the first named path[1] in it,
// and so on — the elements pugixml's first child of each name would reach
// (path {"worksheet", "sheetData"}, name "row"). Each is parsed by itself
// with pugixml (parse_default, UTF-8), as the whole document would parse
// it, and handed to fn with its byte offset; fn returns false to stop.
// Checks as it reads that the document is well-formed as far as its
// nesting goes (every end tag matches its start tag, nothing is left open,
// there is a document element; the elements handed on are parsed whole):
// non-OK "WHAT at byte N" otherwise, LimitExceeded when one element (or one
// tag, comment...) is larger than max_element. Memory: the element being
// read plus about a chunk, whatever the document's size.
using XmlReadFn = std::function<Result<size_t>(char* buf, size_t size)>;
// What ScanXml hands on: the elements with one of `names` whose ancestors
// follow one of `paths` (ForEachXmlElement's rule for each path); and,
// when `skeleton` is given, the rest of the document — every byte outside
// those elements, at most max_skeleton of them (LimitExceeded past it).
struct XmlTargets {
  std::vector<std::vector<std::string_view>> paths;
  std::vector<std::string_view> names;
  std::string* skeleton = nullptr;
  size_t max_skeleton = 64u << 20;
};
Status ScanXml(const XmlReadFn& read, const XmlTargets& targets, size_t chunk_bytes, size_t max_element,
               const std::function<bool(const pugi::xml_node&, uint64_t offset)>& fn);
Status ForEachXmlElement(const XmlReadFn& read, const std::vector<std::string_view>& path, std::string_view name,
                         size_t chunk_bytes, size_t max_element,
                         const std::function<bool(const pugi::xml_node&, uint64_t offset)>& fn);

// --- Streams (reader_stream.cc) ------------------------------------------------

// Reads an input a piece at a time into one buffer, for the readers that
// stream (JSON Lines, CSV): first `head`, the bytes already read from the
// input's start, then the rest of `in`. data() holds what was read and not yet
// consumed; a reader parses the whole units (lines, records) at its start,
// consumes them and fills again, asking for more (min_size) when data() ends
// inside a unit. Memory: the largest buffer filled — a piece, or the longest
// unit plus what follows it in the read that completed it.
class PieceReader {
 public:
  // `padding`: readable bytes kept after data() (simdjson's SIMDJSON_PADDING).
  PieceReader(std::string head, std::istream& in, size_t piece_bytes, size_t padding = 0);
  // Reads until data() holds at least max(piece_bytes, min_size) bytes or the
  // input has ended. Non-OK ("read failed") when the stream fails, not at its end.
  Status Fill(size_t min_size = 0);
  std::string_view data() const { return {buf_.data() + start_, size_ - start_}; }
  // data() runs to the end of the input: nothing more will come.
  bool at_end() const { return at_end_; }
  void Consume(size_t n) { start_ += n; }
  // Bytes read from the input so far, head included.
  int64_t bytes_read() const { return bytes_read_; }
  size_t piece_bytes() const { return piece_bytes_; }

 private:
  std::istream& in_;
  std::string buf_;  // consumed bytes, [start_, size_) unconsumed, then at least padding_ bytes
  size_t start_ = 0;
  size_t size_ = 0;
  size_t piece_bytes_;
  size_t padding_;
  bool at_end_ = false;
  int64_t bytes_read_ = 0;
};

// How the bytes of a text input become UTF-8 (OpenTextStream).
struct TextDecoding {
  // UTF-16/32 is converted to UTF-8 first, by DecodeText's rules (its byte
  // order mark dropped); kUtf8 passes the bytes on as they are.
  TextEncoding wide = TextEncoding::kUtf8;
  // Then 8-bit text goes through this ICU converter ("windows-1258",
  // "windows-1252") and NFC, as one conversion of the whole input would give
  // it; nullptr: none.
  const char* codepage = nullptr;
};

// An input's text as a stream of UTF-8: `head`, then the rest of `rest`
// (nullptr: nothing more), read in raw chunks of at most `chunk_bytes` and
// decoded as `decoding` says; a leading UTF-8 byte order mark (after the
// UTF-16/32 step) is dropped. A code unit, a surrogate pair or a base letter
// and its combining marks cut between two chunks come out as they would from
// the whole input. Every byte read from `rest` is also written to `copy`
// when given (a second pass reads the copy). A failure of `rest`, of `copy`
// or of the converter fails the stream (badbit); status() says why.
class TextStream {
 public:
  virtual ~TextStream() = default;
  virtual std::istream& stream() = 0;
  // Raw bytes read so far, head included.
  virtual int64_t bytes_read() const = 0;
  virtual Status status() const = 0;
};
std::unique_ptr<TextStream> OpenTextStream(std::string_view head, std::istream* rest, const TextDecoding& decoding,
                                           size_t chunk_bytes, std::ostream* copy = nullptr);

// Converts 8-bit text in an ICU code page ("windows-1258") to NFC UTF-8
// into *out; false when ICU has no such converter.
bool ConvertCodepage(std::string_view data, const char* codepage, std::string* out);

// Converts the UTF-16/UTF-32 code units at the start of `data` to UTF-8 as
// DecodeText does (no byte order mark is skipped here), appending to *out;
// returns the bytes used. Unless `last`, stops before an incomplete unit at
// the end and before a high surrogate that ends `data` (its pair may follow);
// when `last`, those become bytes that are not UTF-8, as in DecodeText.
size_t DecodeWide(TextEncoding encoding, std::string_view data, bool last, std::string* out);

// --- Tables: CSV/TSV and spreadsheets share one reader (reader_csv.cc) ----

// One data row of a table, as its format's reader hands it to ReadTable.
struct TableRow {
  std::vector<std::string> cells;  // spreadsheets: exactly as many as the header
  size_t number = 0;               // physical line (CSV) or row number (sheets)
  std::string error;               // not empty: the row could not be read at all
};

// A table whose header its format's reader has found (the CSV scanner, an
// xlsx or xls sheet). ReadTable matches the header to item fields (names,
// --map), decides the date column's day order from all its values, builds
// ids from content when there is no id column, and reports every row.
struct TableInput {
  std::vector<std::string> header;
  size_t header_number = 1;
  // Cells hold TCVN3/VNI text read as Windows-1252 (canonicalized per cell).
  bool legacy = false;
  // The where-string of a row number ("FILE:LINE", "FILE: row N").
  std::function<std::string(size_t number)> where;
  // Calls visit on every data row after the header, in order, until visit
  // returns false. Called twice unless --date-format gives the day order.
  std::function<void(const std::function<bool(TableRow&)>& visit)> for_each_row;
};
// Non-OK when the header has no column for the text or the date, or --map
// names a column the header does not have: the table is unusable as a whole.
// Reads the rows twice when TableReadsTwice (the first pass only looks at
// the date column), else once.
bool TableReadsTwice(const TableOptions& table);
Status ReadTable(const TableInput& input, const ReadOptions& opts, const LocatedItemSink& on_item,
                 const RejectSink& on_reject);

// --- Spreadsheets (reader_sheet.cc) ------------------------------------------

// A workbook's sheets in order, for choosing one.
struct SheetChoice {
  std::vector<std::string> names;
  std::vector<bool> hidden;
};
// The index of the sheet TableOptions::sheet names (by name, case-insensitive,
// or by 1-based number), else of the first visible sheet. Non-OK (naming the
// sheets there are) when there is no such sheet or no sheet at all.
Result<size_t> ChooseSheet(const SheetChoice& choice, const ReadOptions& opts);

// A row of a sheet as stored: only its non-empty cells, by 0-based column.
struct SheetRow {
  size_t number = 0;  // the row number a spreadsheet shows (1-based)
  std::vector<std::pair<size_t, std::string>> cells;
};
// A sheet's rows in order, read from the sheet's start on every call (a
// pass): visit sees each row (it may move the cells out) and returns false
// to stop. Non-OK when the sheet turns out to be unreadable part way (its
// XML is not well-formed): the rows before were visited.
using SheetRowSource = std::function<Status(const std::function<bool(SheetRow&)>& visit)>;
// Reads the rows of one sheet as a table: the header is the row with the
// most non-empty cells among the first kMaxTitleRows non-empty rows (the
// first such row on a tie), so that the title block of an office report
// above it ("UBND PHƯỜNG …", "BÁO CÁO PHẢN ÁNH THÁNG 10") is passed over;
// every later row with a cell under the header is a record, padded with
// empty cells to the header's width (cells right of the header's last column
// are ignored). Rows are named "FILE: sheet 'NAME' row N".
// The rows are never held: one pass finds the header, then ReadTable's
// passes read them again. The pass before the one that hands rows on reads
// the whole sheet (ReadTable's date pass, else a pass of its own), so that a
// sheet unreadable part way is refused as a whole, before any row is handed on.
inline constexpr size_t kMaxTitleRows = 10;
Status ReadSheet(const SheetRowSource& rows, const std::string& sheet_name, const ReadOptions& opts,
                 const LocatedItemSink& on_item, const RejectSink& on_reject);

// Remembers the (source, id) of every item of one input as a 64-bit hash,
// with where it was read, so that a repeat can be skipped and point at the
// first. Memory: about 40 bytes per distinct item plus the where-strings
// without the input name (":12" for a line), never the items themselves.
class SeenIds {
 public:
  explicit SeenIds(std::string_view input_name) : input_name_(input_name) {}
  // Records (source, id) read at `where` and returns true; when it was seen
  // before returns false and sets *first to where the first one was read.
  bool Insert(std::string_view source, std::string_view id, std::string_view where,
              std::string* first);

 private:
  std::string input_name_;
  std::string key_;     // scratch: "<source length>:<source><id>"
  std::string places_;  // where-strings without the input name, '\0'-separated
  std::unordered_map<uint64_t, size_t> seen_;  // hash -> offset in places_
};

// The skip of a record whose (source, id) was read before, at `first`.
Rejection DuplicateSkip(const Item& item, const std::string& where, const std::string& first);

// Calls on_item with the first item of each (source, id) and reports later
// ones to opts.on_skip as duplicates naming the first (SeenIds).
class FirstOfEachId {
 public:
  FirstOfEachId(const ReadOptions& opts, const ItemSink& on_item)
      : opts_(opts), on_item_(on_item), seen_(opts.input_name) {}
  bool operator()(Item&& item, const std::string& where);

 private:
  const ReadOptions& opts_;
  const ItemSink& on_item_;
  SeenIds seen_;
  std::string first_;
};

// A field-level problem found while reading one record.
struct FieldError {
  std::string field;
  std::string reason;
};

// "name:line".
std::string LineWhere(const ReadOptions& opts, size_t line);
// "name: what N" (e.g. "feed.xml: item 3").
std::string IndexWhere(const ReadOptions& opts, std::string_view what, size_t index);

// The checks every reader applies after filling an Item: id present, text or
// title present, kind known, every string field valid UTF-8 and within
// opts.max_text_bytes. `has_time` says whether a timestamp was read. Fills
// *err and returns false on the first problem.
// Also: no control characters in id, parent_id and source (they key the item
// and are printed one per table row).
bool CheckItem(const Item& item, bool has_time, const ReadOptions& opts, FieldError* err);

bool IsKnownKind(std::string_view kind);
bool IsValidUtf8(std::string_view s);

// Strips a leading UTF-8 byte order mark.
std::string_view StripBom(std::string_view data);

// Splits `data` into physical lines ('\n'; a trailing '\r' is dropped) and
// calls fn(line, line_number) for each; stops when fn returns false.
template <typename Fn>
void ForEachLine(std::string_view data, Fn&& fn) {
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) end = data.size();
    std::string_view line = data.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    if (!fn(line, line_no, pos)) return;
    pos = end + 1;
  }
}

bool IsBlank(std::string_view s);

// Finds the records of a JSON export that may come as one document or as
// JSON Lines (used by the Facebook and Zalo readers):
//  - a top-level array: each element is a record ("NAME: <noun> N");
//  - an object with an array under `wrapper_key` ({"data": [...]}): each
//    element of that array ("NAME: <noun> N");
//  - any other single object: one record ("NAME: <noun> 1");
//  - JSON Lines: each line is handled as above with "NAME:LINE" (and
//    "NAME:LINE: <noun> N" inside a wrapped line); a malformed line is
//    rejected and reading goes on.
//  - documents one after another (SniffJsonLayout kDocuments: concatenated
//    or pretty-printed objects, an array that does not parse whole): each
//    handled as a line of JSON Lines, "NAME:LINE" the line it starts on; a
//    malformed one is rejected and reading goes on after it.
// The input is JSON Lines when it is not one valid document but one of its
// first non-blank lines is. Input that is none of these (an HTML page) is
// unusable as a whole: non-OK Status naming what it looks like. fn returns
// false to stop.
// on_root, when given, sees each document (or line) before its records and
// returns the noun to name them by ("" keeps `noun`).
using JsonRecordFn = std::function<bool(simdjson::dom::element, const std::string& where)>;
using JsonRootFn = std::function<std::string(simdjson::dom::element root)>;
Status ForEachJsonRecord(std::string_view data, std::string_view wrapper_key,
                         std::string_view noun, const ReadOptions& opts,
                         const RejectSink& on_reject, const JsonRecordFn& fn,
                         const JsonRootFn& on_root = {});

// The records inside one parsed document, as ForEachJsonRecord gives them:
// the elements of a top-level array or of the array under `wrapper_key`,
// else the document itself. Where-strings: "BASE <noun> N" when
// `numbered_base` (BASE is "NAME:"), else "BASE: <noun> N" (BASE is
// "NAME:LINE"). Returns false when fn stopped.
bool ExpandJsonRecords(simdjson::dom::element root, std::string_view wrapper_key, std::string_view noun,
                       const std::string& base, bool numbered_base, const JsonRecordFn& fn);
// simdjson's error for a record, for a person ("malformed JSON: ...").
std::string JsonReason(simdjson::error_code e);
// The end of the JSON value starting at data[p] (one past its last byte), by
// matching brackets outside strings; npos when it is never closed. The
// value's contents are checked later, by whoever parses the span.
size_t JsonValueEnd(std::string_view data, size_t p);

// Where the records of a JSON export come from: ForEachJsonRecord's contract
// (wrapper_key, noun, on_reject, fn, on_root) over a whole buffer
// (BufferRecords) or over an input read in pieces (StreamRecords).
using JsonRecordSource =
    std::function<Status(std::string_view wrapper_key, std::string_view noun, const RejectSink& on_reject,
                         const JsonRecordFn& fn, const JsonRootFn& on_root)>;
JsonRecordSource BufferRecords(std::string_view data, const ReadOptions& opts);
// The input `head` then `in`, read in pieces of about piece_bytes; the same
// records, where-strings, roots and rejections in the same order as
// BufferRecords on the whole input (see reader_jsonexport.cc for how).
// *bytes_read, when given, is set to the input's size; *read_whole to
// whether the input had to be read whole (its layout is none that streams).
// The first pass holds a value (a record, a member of the document) up to
// max_survey_value bytes (0: 32 MiB); a longer one is skimmed for its end
// without being held, and an input that holds one is read whole unless that
// value is never closed (the input is then malformed for certain).
JsonRecordSource StreamRecords(std::string head, std::istream& in, const ReadOptions& opts, size_t piece_bytes,
                               int64_t* bytes_read, bool* read_whole = nullptr, size_t max_survey_value = 0);
// The Facebook and Zalo readers over either source (ReadFacebook and
// ReadZalo are these over BufferRecords).
Status ReadFacebookRecords(const JsonRecordSource& records, const ReadOptions& opts, const LocatedItemSink& on_item,
                           const RejectSink& on_reject);
Status ReadZaloRecords(const JsonRecordSource& records, const ReadOptions& opts, const LocatedItemSink& on_item,
                       const RejectSink& on_reject);

// A private scratch file under $TMPDIR (else /tmp), named after `prefix`,
// created with mode 0600 and unlinked at once, so nothing of it outlives the
// read: for an input that must be read twice and cannot seek (a pipe, a URL).
Status OpenScratchFile(std::fstream* file, std::string_view prefix);

// Typed access to optional DOM fields. Each returns kAbsent for a missing
// key or null, kWrongType when the value has another type.
enum class Got { kAbsent, kOk, kWrongType };
Got GetString(simdjson::dom::element obj, std::string_view key, std::string* out);
// A string, or an integer rendered in decimal (ids, timestamps); a number
// with a fraction or an exponent, or past 64 bits, is kWrongType.
Got GetStringOrInt(simdjson::dom::element obj, std::string_view key, std::string* out);
// A non-negative integer.
Got GetCount(simdjson::dom::element obj, std::string_view key, int64_t* out);
Got GetObject(simdjson::dom::element obj, std::string_view key, simdjson::dom::element* out);
Got GetArray(simdjson::dom::element obj, std::string_view key, simdjson::dom::array* out);

// Converts HTML to plain text: drops tags, comments, <script>/<style>
// content; turns block tags into line breaks; decodes character references;
// collapses runs of white space. Never fails.
std::string HtmlToText(std::string_view html);
// Decodes HTML character references (&amp; &#7871; &#x1EBF; &eacute; …) only.
std::string DecodeEntities(std::string_view s);
// Resolves a URI reference against a base URI (RFC 3986 section 5.2,
// dot segments removed). Returns the reference itself when it is absolute,
// and "" when it is relative and `base` is not an absolute hierarchical URI
// (scheme and authority, as http://host/...): a relative link is never
// returned as if it were one.
std::string ResolveUrl(std::string_view base, std::string_view ref);
// Trims ASCII white space at both ends.
std::string_view Trim(std::string_view s);

}  // namespace vox::ingest::internal
