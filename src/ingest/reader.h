// Readers turn one input format into Items. A reader never stops at a bad
// record: it reports the record (line, field, reason) and goes on.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/item.h"
#include "common/status.h"
#include "common/time.h"

namespace vox::ingest {

// kXlsx: Office Open XML workbooks (.xlsx, .xlsm); kXls: Excel 97-2003
// workbooks (BIFF in an OLE2 file). Both are read as tables, like kCsv.
enum class Format { kAuto, kJsonl, kCsv, kRss, kAtom, kFacebook, kZalo, kXlsx, kXls };

Result<Format> ParseFormat(std::string_view name);
const char* FormatName(Format f);
// Guesses the format from the first bytes of the input (and the file name).
// A ZIP or OLE2 signature is a workbook (xlsx, xls) whatever the name says.
Format DetectFormat(std::string_view head, std::string_view name);
// What the first bytes of an input look like, for a person ("an HTML page",
// "a PDF document", "a ZIP archive", "binary data"...), when the input is
// not the format it was taken for.
std::string DescribeContent(std::string_view head);

struct Rejection {
  std::string where;   // "file.jsonl:12" (line), or "feed.xml: item 3"
  std::string field;   // the offending field, empty when the whole record is bad
  std::string reason;  // what is wrong, for a person
  // Skips only (ReadOptions::on_skip): what kind of record was skipped, in
  // the singular and free of per-record detail, so that summaries can count
  // skips by it ("follow event", "duplicate id", "post without text").
  std::string category = {};
};

// The category of a record skipped because an earlier record of the same
// input had the same (source, id): the first one is kept.
inline constexpr const char* kSkipDuplicate = "duplicate id";

// Notes (ReadOptions::on_note) on items kept with a value the reader had to
// supply: a feed item without a date of its own.
inline constexpr const char* kNoteChannelDate = "dated from the channel";
inline constexpr const char* kNoteReadTime = "dated at read time";

// How a table (CSV/TSV, .xlsx, .xls) is read when its header is not Vox's own field names
// (see docs/formats.md "CSV and TSV").
struct TableOptions {
  // Item field -> header name, as `--map text=DESCRIPTION,published_at=DATE`:
  // these columns are used for these fields whatever the recognized names say.
  std::vector<std::pair<std::string, std::string>> columns;
  // "" (detect), "utf-8", "windows-1258", "windows-1252"/"latin1", "tcvn3",
  // "vni" (the last three: 8-bit text converted through the text engine).
  std::string encoding;
  // "" (decide from the column), or an order such as "dd/mm/yyyy",
  // "mm/dd/yyyy", "d/m/yyyy h:mm" (only the order of d and m matters).
  std::string date_format;
  // Spreadsheets (.xlsx, .xls): the sheet to read, by name or by 1-based
  // number ("2"); "" reads the first sheet.
  std::string sheet;
};

// Parses "field=COLUMN,field=COLUMN" (also one pair a line, '#' comments, as
// a saved mapping file holds) into out->columns. Fields: id, text, title,
// published_at (or date), place, source, labels, url, author, kind,
// parent_id, reactions, shares, comments, views.
Status ParseColumnMap(std::string_view spec, TableOptions* out);
// True for the TableOptions::encoding names the CSV reader knows ("" too).
bool IsKnownTableEncoding(std::string_view name);
// "dd/mm/yyyy" -> kDayFirst, "mm/dd/yyyy" -> kMonthFirst; false otherwise.
bool ParseDateFormat(std::string_view format, DayOrder* order);

struct ReadOptions {
  std::string default_source;            // used when a record has no source
  std::string input_name = "-";          // file name or URL for messages
  size_t max_text_bytes = 1 << 20;       // a text field larger than this is rejected
  // Unix seconds of "now" for the checks that refuse times in the future
  // (Zalo's `timestamp`) and for the read time a feed item without any date
  // takes; 0: the current time.
  int64_t now = 0;
  // How times are read: the office's offset for times written without one
  // (default Asia/Ho_Chi_Minh, +07:00) and the order of numeric dates.
  DateOptions dates;
  // Column names, encoding and date order of CSV/TSV input.
  TableOptions table;
  // The absolute URL the input was read from (http/https), if any: relative
  // links in a feed are resolved against it (and against xml:base).
  std::string base_url;
  // Called for every record that is deliberately not an item and not an
  // error either (a Zalo "follow" event, a Facebook post with no text…).
  // `field` is empty; `reason` says why. May be empty (no callback).
  std::function<void(const Rejection&)> on_skip;
  // Called for an item that is kept but with a value the reader supplied
  // (category kNoteChannelDate, kNoteReadTime); `where` names the record.
  // May be empty.
  std::function<void(const Rejection&)> on_note;
};

// Called for every good item; return false to stop reading.
using ItemSink = std::function<bool(Item&&)>;
using RejectSink = std::function<void(const Rejection&)>;

// Reads a whole buffer in the given format (not kAuto). Calls on_item for
// every valid record in input order and on_reject for every bad one.
// Within one buffer only the first record of each (source, id) is passed on;
// a later one goes to on_skip (category kSkipDuplicate) with the place of
// the first. Text in UTF-16 or UTF-32 with a byte order mark is converted
// first (DecodeText).
// Returns a non-OK status only when the input as a whole is unusable
// (e.g. an RSS file that is not XML at all).
Status ReadBuffer(Format format, std::string_view data, const ReadOptions& opts,
                  const ItemSink& on_item, const RejectSink& on_reject);

// How the streaming readers cut their input (ReadJsonlStream, ReadCsvStream).
struct StreamOptions {
  // Bytes read at a time: a piece is cut at a line end (JSON Lines) or a
  // record end (CSV), so that memory stays bounded by a piece and the longest
  // line or record, whatever the input's size.
  size_t piece_bytes = 8u << 20;
  // CSV: a record still open after this many bytes — most often a quoted
  // field whose closing quote is missing — is rejected, and reading resumes
  // on the line after the one it starts on: one stray quote cannot make the
  // reader hold the rest of the input.
  size_t max_record_bytes = 16u << 20;
};

// JSON Lines read from a stream a piece at a time: pieces of about
// `piece_bytes` cut at line ends, so that memory stays bounded by a piece
// plus the longest line whatever the input's size. `head` holds the bytes
// already read from the start of the input. Gives the same items,
// rejections (with the same line numbers) and duplicate skips, in the same
// order, as ReadBuffer(Format::kJsonl) on the whole input, provided
// IsStreamableJsonl(head) holds; an input that is not is the caller's to
// read whole.
// *bytes_read (when given) is set to the input's size in bytes, head included.
Status ReadJsonlStream(std::string head, std::istream& in, const ReadOptions& opts, const ItemSink& on_item,
                       const RejectSink& on_reject, size_t piece_bytes = 8u << 20,
                       int64_t* bytes_read = nullptr);
// True when an input starting with `head` (all of it when `complete`) is
// UTF-8 JSON Lines as SniffJsonLayout decides it (kLines), judged from
// complete lines of `head` only: ReadJsonlStream then reads it exactly as
// ReadBuffer would.
bool IsStreamableJsonl(std::string_view head, bool complete);

// CSV/TSV read from a stream a piece at a time: pieces of about
// stream.piece_bytes cut at record ends (a quoted field may span lines and
// pieces), so that memory stays bounded by a piece plus the longest record
// (at most stream.max_record_bytes) whatever the input's size. `head` holds
// the bytes already read from the start of the input, and decides the
// encoding alone (its complete lines): UTF-16/32 by DetectEncoding, else
// UTF-8, Windows-1258 or TCVN3/VNI by the rules of docs/formats.md (or
// opts.table.encoding). The delimiter comes from the header line. A
// multi-byte sequence, a surrogate pair or a letter and its combining tone
// mark cut between two reads are converted as one. Unless
// opts.table.date_format is given, the rows are read twice (the first pass
// decides the date column's day order): the second pass reads `in` again
// from where it was given when it can seek (a file), else a copy the first
// pass wrote to an unlinked file under $TMPDIR or /tmp (stdin, a URL) —
// disk, not memory, as large as the input.
// Gives the same items, rejections (rows named by the physical line they
// start on) and duplicate skips, in the same order, as
// ReadBuffer(Format::kCsv) on the whole input, provided the head decides the
// encoding as the whole input does.
// *bytes_read (when given) is set to the input's size in bytes, head included.
Status ReadCsvStream(std::string head, std::istream& in, const ReadOptions& opts, const ItemSink& on_item,
                     const RejectSink& on_reject, const StreamOptions& stream = {}, int64_t* bytes_read = nullptr);

// Workbooks (Format::kXlsx, kXls) read from a file, stdin or a URL without
// holding them: the same items, rejections (named by the same sheet and
// row) and duplicate skips, in the same order, as ReadBuffer(format) on the
// whole input. Both formats need random access (a ZIP archive's directory
// is at its end; an .xls is an OLE2 file system): `path`, when not empty, is
// a regular file read where it lies; otherwise `head` (the bytes already
// read from the input's start) and the rest of `in` are first copied to a
// private scratch file (mode 0600 under $TMPDIR or /tmp, unlinked at once:
// disk, as large as the input, gone when the read ends).
// .xlsx: the shared strings are kept as text (bounded by the workbook's
// distinct strings); the sheet's XML is inflated and parsed a row at a time,
// once to find the header and check it, once more for the rows (twice more
// when the date column's day order is decided from its values): memory holds
// a row, whatever the sheet's size. .xls: FreeXL holds the workbook's
// strings and the sheet's cells (the format caps a sheet at 65,536 rows x
// 256 columns); the rows go on a row at a time.
// *bytes_read (when given) is set to the input's size in bytes.
Status ReadWorkbookStream(Format format, const std::string& path, std::string head, std::istream& in,
                          const ReadOptions& opts, const ItemSink& on_item, const RejectSink& on_reject,
                          int64_t* bytes_read = nullptr);

// RSS and Atom feeds (Format::kRss, kAtom) read from a stream: the same
// items, rejections and notes, named by the same places, in the same order,
// as ReadBuffer on the whole input, provided IsStreamableFeed(head) holds,
// and the same refusal (exit 1, nothing handed on) of a feed that is not
// well-formed XML, whose message may name the place differently. The input
// is read two or three times (a file again from where `in` stood; stdin or a
// URL from a scratch copy the first pass writes, an unlinked file under
// $TMPDIR or /tmp): first the whole document is checked and what is not an
// item kept (the channel's title, date, links and xml:base: the skeleton);
// then the items of the channel, each parsed by itself, then (RSS 0.91) the
// items beside the channel. Memory: the skeleton, one item (at most 64 MiB)
// and a chunk, whatever the number of items.
// *bytes_read (when given) is set to the input's size in bytes.
Status ReadFeedStream(std::string head, std::istream& in, const ReadOptions& opts, const ItemSink& on_item,
                      const RejectSink& on_reject, int64_t* bytes_read = nullptr);
// True when a feed starting with `head` is UTF-8 (no UTF-16/32 byte order
// mark, and an XML declaration that names no other encoding).
bool IsStreamableFeed(std::string_view head);

// How a JSON input is laid out, judged from its first bytes and lines
// (SniffJsonLayout). Used by the JSON Lines reader and fact-check import.
enum class JsonLayout {
  kEmpty,      // only white space (and a byte order mark)
  kLines,      // JSON Lines: one of the first five non-blank lines is a
               // JSON object by itself; a malformed line is one bad record
  kDocuments,  // a JSON array of records, a pretty-printed object, or
               // objects one after another (ForEachJsonDocument)
  kNotJson,    // none of these: DescribeContent says what it looks like
};
JsonLayout SniffJsonLayout(std::string_view data);

// One record of a kDocuments input: the bytes [begin, end) of a top-level
// object or of one element of a top-level array, and the line it starts on.
// When `error` is set the bytes are not a record: text between records that
// is not JSON, or a value that is never closed (it then runs to the end of
// the input, and nothing follows it).
struct JsonSpan {
  size_t begin = 0;
  size_t end = 0;
  size_t line = 1;
  std::string error;
};
// Calls fn for every record of a kDocuments input in order (offsets and lines
// count from the start of `data`); fn returns false to stop. Never fails:
// what is not a record comes as a span with an error.
void ForEachJsonDocument(std::string_view data, const std::function<bool(const JsonSpan&)>& fn);

// ForEachJsonDocument over an input held a part at a time: the same spans,
// whatever the cuts, in bounded memory. The caller holds the input's bytes
// [base, base + data.size()) and calls Next until it answers kEnd:
//   kSpan  *span is the next record (offsets from the input's start; a
//          record's bytes [span->begin, span->end) are within those held,
//          while a span with an error, a run of text that is not JSON, may
//          begin before them);
//   kMore  the next record does not end within the bytes held: hold more,
//          from pos() on at least (the bytes before pos() are done with);
//          never answered when at_end (nothing follows the bytes held);
//   kEnd   nothing more.
// base may only grow, up to pos(), and the bytes held must run on from the
// last call's. A record is scanned again from its start on each kMore, so a
// caller that at least doubles what it holds scans each byte O(1) times.
class JsonDocumentSplitter {
 public:
  enum class Step { kSpan, kMore, kEnd };
  Step Next(std::string_view data, size_t base, bool at_end, JsonSpan* span);
  size_t pos() const { return pos_; }

 private:
  enum class State { kOutside, kArray, kGarbage };
  State state_ = State::kOutside;
  bool started_ = false;   // the byte order mark was looked at
  bool finished_ = false;  // a span ended the input (never closed)
  size_t pos_ = 0;         // where scanning resumes
  size_t counted_ = 0;     // line_ is the line of this offset
  size_t line_ = 1;
  size_t array_line_ = 0;  // the line of the top-level array's '['
  size_t garbage_begin_ = 0, garbage_line_ = 0;
  std::string garbage_head_;  // its first bytes, for the message
};

// kDocuments inputs (SniffJsonLayout: a JSON array of records, pretty-printed
// objects, objects one after another) read from a stream a piece at a time:
// pieces of about `piece_bytes`, each record found by JsonDocumentSplitter
// and parsed in place, so that memory stays bounded by a piece plus the
// longest record whatever the input's size. `head` holds the bytes already
// read from the start of the input. Gives the same items, rejections (named
// by the same lines) and duplicate skips, in the same order, as
// ReadBuffer(Format::kJsonl) on the whole input, provided
// IsStreamableJsonDocuments(head) holds.
// *bytes_read (when given) is set to the input's size in bytes, head included.
Status ReadJsonDocumentsStream(std::string head, std::istream& in, const ReadOptions& opts, const ItemSink& on_item,
                               const RejectSink& on_reject, size_t piece_bytes = 8u << 20,
                               int64_t* bytes_read = nullptr);
// True when an input starting with `head` (all of it when `complete`) is
// UTF-8 and SniffJsonLayout gives the whole input kDocuments, judged from
// `head` alone: it starts with '[', or with '{' and its first five non-blank
// lines are complete in `head` and none is an object by itself.
bool IsStreamableJsonDocuments(std::string_view head, bool complete);

// Facebook Graph and Zalo OA exports (Format::kFacebook, kZalo) read from a
// stream: the same items, rejections, skips and duplicate skips, in the same
// order and named by the same places, as ReadBuffer(format) on the whole
// input, provided IsStreamableJsonExport(head) holds. `head` holds the bytes
// already read from the start of the input. The input is read twice (an
// input that cannot seek, stdin or a URL, is first copied to an unlinked
// file under $TMPDIR or /tmp: disk, as large as the input): first to learn
// its layout and whether every record parses, then for the records. One
// document with an array of records ({"data": [...], "paging": ...},
// {"events": [...]}, a top-level array) and documents one after another
// (JSON Lines of pages or of events) are read in pieces of about
// `piece_bytes`, one record parsed at a time: memory is bounded by a piece
// plus the longest record (for JSON Lines, the longest document), whatever
// the input's size. So are JSON Lines with a malformed line and arrays
// with a malformed element (each line or element on its own, as ReadBuffer
// reads them). Any other input — one {"data": [...]} document with a
// malformed record in it (refused as a whole), one object without such an
// array (a single webhook payload), text that is not JSON — is held whole,
// as ReadBuffer holds it.
// *bytes_read (when given) is set to the input's size in bytes, head included.
Status ReadJsonExportStream(Format format, std::string head, std::istream& in, const ReadOptions& opts,
                            const ItemSink& on_item, const RejectSink& on_reject, size_t piece_bytes = 8u << 20,
                            int64_t* bytes_read = nullptr);
// True when an input starting with `head` (all of it when `complete`) is
// UTF-8 (DetectEncoding): ReadJsonExportStream then reads it as ReadBuffer would.
bool IsStreamableJsonExport(std::string_view head, bool complete);

// Inputs saved as UTF-16 or UTF-32 (Windows "Unicode" text, some Excel and
// PowerShell exports). Recognised by a byte order mark, or, without one, by
// an ASCII character in the first code unit ("{\0", "\0{"...).
enum class TextEncoding { kUtf8, kUtf16Le, kUtf16Be, kUtf32Le, kUtf32Be };
TextEncoding DetectEncoding(std::string_view data);
const char* EncodingName(TextEncoding e);  // "UTF-16LE"...
// Converts UTF-16/UTF-32 `data` to UTF-8 (without a byte order mark) into
// *out and returns true; returns false, leaving *out alone, when `data` is
// already UTF-8. A code unit sequence that is not a character (an unpaired
// surrogate, a value past U+10FFFF, a last incomplete unit) becomes bytes
// that are not valid UTF-8, so the record holding it is rejected as invalid
// UTF-8 and the rest of the input is kept.
bool DecodeText(std::string_view data, std::string* out);

// Fetches an http(s) URL with timeouts and a size limit (libcurl). Only
// http and https, also after redirects (at most 5).
struct FetchOptions {
  long connect_timeout_s = 10;
  // The time the transfer may spend waiting for the network, in all; the
  // time a reader spends between reads of an OpenUrl body is not counted.
  long total_timeout_s = 60;
  // The body's size (decoded, when the server compresses it): a declared
  // Content-Length over it fails before the body is read, a longer body as
  // soon as it is passed.
  size_t max_bytes = 64u << 20;
};
// An http(s) response body read as it arrives: a read performs the transfer
// until bytes have come, so at most about 1 MiB of it is held at a time and
// nothing is downloaded while the reader works. A transfer that fails (the
// size limit, a timeout, a lost connection) fails the stream's next read
// (badbit) and status() says why; bytes before the failure that had not
// been read yet are dropped.
class UrlBody {
 public:
  virtual ~UrlBody() = default;
  virtual std::istream& stream() = 0;
  // OK unless the transfer failed.
  virtual Status status() const = 0;
};
// Starts a GET and returns once the body's first bytes (or its end) have
// come: a refused connection, a status outside 200-299 or too many
// redirects are errors here, with the messages FetchUrl gives.
Result<std::unique_ptr<UrlBody>> OpenUrl(const std::string& url, const FetchOptions& opts = {});
// The whole body (OpenUrl, read to the end).
Result<std::string> FetchUrl(const std::string& url, const FetchOptions& opts = {});

}  // namespace vox::ingest
