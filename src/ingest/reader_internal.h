// Private to the readers: the per-format entry points and the rules every
// format shares (which fields are required, size limits, kinds, where-strings).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/item.h"
#include "common/status.h"
#include "ingest/reader.h"

namespace vox::ingest::internal {

// The per-format readers hand each good item on with its where-string
// ("file.jsonl:12"); ReadBuffer keeps the first of each (source, id) and
// reports later ones as skipped duplicates naming the first's place.
using LocatedItemSink = std::function<bool(Item&&, const std::string& where)>;

Status ReadJsonl(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
                 const RejectSink& on_reject);
Status ReadCsv(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
               const RejectSink& on_reject);
Status ReadFeed(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
                const RejectSink& on_reject);
Status ReadFacebook(std::string_view data, const ReadOptions& opts,
                    const LocatedItemSink& on_item, const RejectSink& on_reject);
Status ReadZalo(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
                const RejectSink& on_reject);
Status ReadXlsx(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
                const RejectSink& on_reject);
Status ReadXls(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
               const RejectSink& on_reject);

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
// Reads the rows of one sheet as a table: the header is the row with the
// most non-empty cells among the first kMaxTitleRows rows (the first such
// row on a tie), so that the title block of an office report above it
// ("UBND PHƯỜNG …", "BÁO CÁO PHẢN ÁNH THÁNG 10") is passed over; every later
// row with a cell under the header is a record, padded with empty cells to
// the header's width (cells right of the header's last column are ignored).
// Rows are named "FILE: sheet 'NAME' row N".
inline constexpr size_t kMaxTitleRows = 10;
Status ReadSheet(std::vector<SheetRow> rows, const std::string& sheet_name,
                 const ReadOptions& opts, const LocatedItemSink& on_item,
                 const RejectSink& on_reject);

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
