// CSV/TSV items (RFC 4180). The first record is the header. Its columns are
// matched to item fields by Vox's own names (the JSON Lines field names) or
// by common names in Vietnamese and English (accents, case and punctuation
// ignored: "Nội dung", "NOI DUNG", "description", "Created Date"...), or as
// TableOptions::columns (--map) says. Without an id column the id is a hash
// of the row's content, so re-reading the same export gives the same ids.
// The delimiter is the most frequent of ',', ';' and tab in the header line
// (tab for a .tsv). Text is UTF-8 (BOM or not), UTF-16/32, else Windows-1258
// or TCVN3/VNI when the first bytes (the head) say so or
// TableOptions::encoding names it. The date column's day/month order is
// decided from all its values in a first pass (DayOrderVotes) unless
// TableOptions::date_format gives it; Excel serial dates are read too.
//
// Quoted fields may hold delimiters, doubled quotes and line breaks; a
// record's `where` is the physical line on which it starts. A record whose
// field count differs from the header's, or with an unterminated quote or
// text after a closing quote, is rejected and reading resumes on the next
// physical line. Empty cells are absent fields. `labels` is split on ';' or '|'.
//
// Every input is read in pieces, a whole buffer too (ReadCsv is ReadCsvInput
// with the buffer as its head): CsvSource decodes the text as it reads it
// (TextStream), and CsvScanner cuts the pieces itself — it scans a record
// whole or says kMore, so where the reads were cut never changes a record,
// its line or the rest of the input. Memory: a piece and the longest record,
// which StreamOptions::max_record_bytes bounds.
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <istream>
#include <new>

#include "ingest/reader_internal.h"
#include "text/text.h"

namespace vox::ingest::internal {
namespace {

enum class Column {
  kIgnored, kId, kSource, kKind, kTitle, kText, kUrl, kAuthor, kPublishedAt, kParentId,
  kReactions, kShares, kComments, kViews, kPlace, kLabels,
};

// A header name as a key: lower case, Vietnamese accents folded (đ -> d),
// every run of other characters one '_': "Nội dung phản ánh" ->
// "noi_dung_phan_anh", "Created Date" -> "created_date".
std::string HeaderKey(std::string_view raw) {
  std::string lower;
  icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())))
      .toLower()
      .toUTF8String(lower);
  const std::string folded = text::FoldAccents(text::Canonicalize(lower));
  std::string key;
  for (unsigned char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      key.push_back(static_cast<char>(c));
    } else if (!key.empty() && key.back() != '_') {
      key.push_back('_');
    }
  }
  while (!key.empty() && key.back() == '_') key.pop_back();
  return key;
}

// Recognized names (as HeaderKey gives them) and their rank: when several
// columns name the same field, the lowest rank wins (place and labels take
// every such column).
struct KnownName {
  const char* key;
  Column column;
  int rank;
};
constexpr KnownName kKnownNames[] = {
    // Vox's own field names first.
    {"id", Column::kId, 0}, {"source", Column::kSource, 0}, {"kind", Column::kKind, 0},
    {"title", Column::kTitle, 0}, {"text", Column::kText, 0}, {"url", Column::kUrl, 0},
    {"author", Column::kAuthor, 0}, {"published_at", Column::kPublishedAt, 0},
    {"parent_id", Column::kParentId, 0}, {"reactions", Column::kReactions, 0},
    {"metrics_reactions", Column::kReactions, 0}, {"shares", Column::kShares, 0},
    {"metrics_shares", Column::kShares, 0}, {"comments", Column::kComments, 0},
    {"metrics_comments", Column::kComments, 0}, {"views", Column::kViews, 0},
    {"metrics_views", Column::kViews, 0}, {"place", Column::kPlace, 0},
    {"labels", Column::kLabels, 0},
    // ids: Vietnamese registers and 311 exports.
    {"ma", Column::kId, 1}, {"ma_so", Column::kId, 1}, {"so_ho_so", Column::kId, 1},
    {"ma_ho_so", Column::kId, 1}, {"ma_phan_anh", Column::kId, 1},
    {"service_request_id", Column::kId, 1}, {"request_id", Column::kId, 1},
    {"requestid", Column::kId, 1}, {"unique_key", Column::kId, 1}, {"case_id", Column::kId, 1},
    {"caseid", Column::kId, 1}, {"stt", Column::kId, 2}, {"so_tt", Column::kId, 2},
    // text
    {"noi_dung", Column::kText, 1}, {"noi_dung_phan_anh", Column::kText, 1},
    {"noi_dung_kien_nghi", Column::kText, 1}, {"description", Column::kText, 1},
    {"mo_ta", Column::kText, 1}, {"y_kien", Column::kText, 1}, {"phan_anh", Column::kText, 1},
    {"content", Column::kText, 1}, {"message", Column::kText, 1}, {"body", Column::kText, 2},
    {"descriptor", Column::kText, 3}, {"details", Column::kText, 2},
    {"request_details", Column::kText, 2},
    // title
    {"tieu_de", Column::kTitle, 1}, {"subject", Column::kTitle, 1}, {"chu_de", Column::kTitle, 2},
    // time
    {"ngay", Column::kPublishedAt, 1}, {"thoi_gian", Column::kPublishedAt, 1},
    {"ngay_gui", Column::kPublishedAt, 1}, {"ngay_tiep_nhan", Column::kPublishedAt, 2},
    {"ngay_phan_anh", Column::kPublishedAt, 1}, {"thoi_gian_gui", Column::kPublishedAt, 1},
    {"ngay_tao", Column::kPublishedAt, 2}, {"date", Column::kPublishedAt, 1},
    {"created", Column::kPublishedAt, 1}, {"created_date", Column::kPublishedAt, 1},
    {"created_at", Column::kPublishedAt, 1}, {"requested_datetime", Column::kPublishedAt, 1},
    {"requested_date", Column::kPublishedAt, 1}, {"opened", Column::kPublishedAt, 1},
    {"datetime", Column::kPublishedAt, 2}, {"timestamp", Column::kPublishedAt, 2},
    // place
    {"dia_chi", Column::kPlace, 1}, {"phuong", Column::kPlace, 1}, {"xa", Column::kPlace, 1},
    {"phuong_xa", Column::kPlace, 1}, {"dia_ban", Column::kPlace, 1},
    {"address", Column::kPlace, 1}, {"incident_address", Column::kPlace, 1},
    {"location", Column::kPlace, 1}, {"street", Column::kPlace, 2},
    {"neighborhood", Column::kPlace, 2},
    // source
    {"nguon", Column::kSource, 1}, {"kenh", Column::kSource, 1}, {"channel", Column::kSource, 1},
    // labels
    {"phan_loai", Column::kLabels, 1}, {"loai", Column::kLabels, 1},
    {"linh_vuc", Column::kLabels, 1}, {"category", Column::kLabels, 1},
    {"service_name", Column::kLabels, 1}, {"complaint_type", Column::kLabels, 1},
    {"request_type", Column::kLabels, 1},
    // url, author
    {"link", Column::kUrl, 1}, {"media_url", Column::kUrl, 2},
    {"nguoi_gui", Column::kAuthor, 1}, {"ho_ten", Column::kAuthor, 1},
    {"ho_va_ten", Column::kAuthor, 1}, {"nguoi_phan_anh", Column::kAuthor, 1},
};

// The field a --map names ("published_at" or "date", "metrics.views"...).
Column FieldFromMapName(std::string_view raw) {
  std::string key = HeaderKey(raw);
  if (key == "date") return Column::kPublishedAt;
  for (const KnownName& n : kKnownNames) {
    if (n.rank == 0 && key == n.key) return n.column;
  }
  return Column::kIgnored;
}

Column ColumnFromKey(const std::string& key, int* rank) {
  for (const KnownName& n : kKnownNames) {
    if (key == n.key) {
      *rank = n.rank;
      return n.column;
    }
  }
  return Column::kIgnored;
}

const char* ColumnName(Column c) {
  switch (c) {
    case Column::kId: return "id";
    case Column::kSource: return "source";
    case Column::kKind: return "kind";
    case Column::kTitle: return "title";
    case Column::kText: return "text";
    case Column::kUrl: return "url";
    case Column::kAuthor: return "author";
    case Column::kPublishedAt: return "published_at";
    case Column::kParentId: return "parent_id";
    case Column::kReactions: return "metrics.reactions";
    case Column::kShares: return "metrics.shares";
    case Column::kComments: return "metrics.comments";
    case Column::kViews: return "metrics.views";
    case Column::kPlace: return "place";
    case Column::kLabels: return "labels";
    case Column::kIgnored: break;
  }
  return "";
}

// What CsvScanner::Next found.
enum class Scan {
  kRecord,  // a record
  kBad,     // a malformed record (error set); the scanner sits where reading resumes
  kMore,    // the data ends inside a record: the caller reads more and asks again
  kEnd,     // the input has ended
};

// Reads records one at a time from a view of the input that starts at a
// record boundary, tracking physical lines. When the view is not the end of
// the input (`last` false) and a record runs past it, Next says kMore and
// leaves pos() at the record's start (after any blank lines before it): the
// caller consumes pos() bytes, reads more and scans again from there, so a
// record is always scanned whole and in one go, wherever the reads were cut.
class CsvScanner {
 public:
  // `line`: the physical line of data[0]. `skip_line`: the view starts inside
  // a line that a too-long record began on, to be skipped (skipping()).
  CsvScanner(std::string_view data, char delim, bool last, size_t line, bool skip_line, size_t max_record)
      : data_(data), delim_(delim), last_(last), line_(line), skip_line_(skip_line), max_record_(max_record) {}

  size_t pos() const { return pos_; }
  size_t line() const { return line_; }
  // The next view must begin by skipping to the next line (see Next).
  bool skipping() const { return skip_line_; }

  // Reads the next record after any blank lines (lines of only spaces, tabs
  // and CRs) into *fields; *number is the line it starts on. kBad: *error
  // says why; the record is skipped up to the next physical line after the
  // error (an unterminated quoted field: to the end of the input). A record
  // still open after max_record bytes is kBad too, and reading resumes on
  // the line after its first.
  Scan Next(std::vector<std::string>* fields, std::string* error, size_t* number) {
    if (skip_line_) {
      const size_t nl = data_.find('\n', pos_);
      if (nl == std::string_view::npos) {
        pos_ = data_.size();
        return last_ ? Scan::kEnd : Scan::kMore;
      }
      pos_ = nl + 1;
      ++line_;
      skip_line_ = false;
    }
    // Blank lines.
    while (true) {
      if (pos_ >= data_.size()) return last_ ? Scan::kEnd : Scan::kMore;
      size_t p = pos_;
      while (p < data_.size() && p - pos_ <= max_record_ && (data_[p] == ' ' || data_[p] == '\t' || data_[p] == '\r')) {
        ++p;
      }
      if (p - pos_ > max_record_) break;  // read as a record: too long
      if (p == data_.size()) {
        if (!last_) return Scan::kMore;
        pos_ = p;
        return Scan::kEnd;
      }
      if (data_[p] != '\n') break;
      pos_ = p + 1;
      ++line_;
    }
    const size_t start = pos_;
    const size_t start_line = line_;
    *number = line_;
    auto more = [&] {
      pos_ = start;
      line_ = start_line;
      return Scan::kMore;
    };
    auto too_long = [&] {
      *error = "the record is longer than " + std::to_string(max_record_) +
               " bytes (a quoted field never closed?); reading resumes on the next line";
      const size_t nl = data_.find('\n', start);
      line_ = start_line;
      if (nl == std::string_view::npos) {
        pos_ = data_.size();
        skip_line_ = true;
      } else {
        pos_ = nl + 1;
        ++line_;
      }
      return Scan::kBad;
    };
    fields->clear();
    std::string cell;
    while (true) {
      if (pos_ - start > max_record_) return too_long();
      if (pos_ >= data_.size()) {
        if (!last_) return more();
        fields->push_back(std::move(cell));
        return Scan::kRecord;
      }
      char c = data_[pos_];
      if (c == '"' && cell.empty()) {
        ++pos_;
        // The quoted body, up to and past the closing quote.
        while (true) {
          if (pos_ - start > max_record_) return too_long();
          if (pos_ >= data_.size()) {
            if (!last_) return more();
            *error = "unterminated quoted field";
            return Scan::kBad;
          }
          const char q = data_[pos_++];
          if (q == '"') {
            if (pos_ >= data_.size() && !last_) return more();  // maybe a doubled quote
            if (pos_ < data_.size() && data_[pos_] == '"') {
              cell.push_back('"');
              ++pos_;
              continue;
            }
            break;
          }
          if (q == '\n') ++line_;
          cell.push_back(q);
        }
        // After the closing quote: a delimiter, a line end or the end.
        if (pos_ >= data_.size()) {
          if (!last_) return more();
          fields->push_back(std::move(cell));
          return Scan::kRecord;
        }
        c = data_[pos_];
        if (c != delim_ && c != '\n' && c != '\r') {
          *error = "unexpected text after a closing quote";
          while (pos_ < data_.size() && data_[pos_] != '\n') ++pos_;
          if (pos_ >= data_.size()) {
            if (!last_) return more();
            return Scan::kBad;
          }
          ++pos_;
          ++line_;
          return Scan::kBad;
        }
      }
      if (c == delim_) {
        fields->push_back(std::move(cell));
        cell.clear();
        ++pos_;
      } else if (c == '\n') {
        ++pos_;
        ++line_;
        fields->push_back(std::move(cell));
        return Scan::kRecord;
      } else if (c == '\r') {
        if (pos_ + 1 >= data_.size()) {
          if (!last_) return more();
          ++pos_;  // a lone CR at the very end
          continue;
        }
        if (data_[pos_ + 1] == '\n') {
          pos_ += 2;
          ++line_;
          fields->push_back(std::move(cell));
          return Scan::kRecord;
        }
        cell += c;
        ++pos_;
      } else {
        cell += c;
        ++pos_;
      }
    }
  }

 private:
  std::string_view data_;
  char delim_;
  bool last_;
  size_t pos_ = 0;
  size_t line_;  // line of the next unread byte
  bool skip_line_;
  size_t max_record_;
};

// Picks the delimiter from the header line: whichever of ',', ';' and tab
// is most frequent outside quotes (',' on a tie or when none is there); a
// `.tsv` file is tab-separated when its header has a tab.
char DetectDelimiter(std::string_view data, std::string_view name) {
  size_t commas = 0, semis = 0, tabs = 0;
  bool quoted = false;
  for (char c : data) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    if (c == ',') ++commas;
    if (c == ';') ++semis;
    if (c == '\t') ++tabs;
  }
  const bool tsv = name.size() >= 4 && (name.substr(name.size() - 4) == ".tsv" ||
                                        name.substr(name.size() - 4) == ".TSV");
  if (tsv && tabs > 0) return '\t';
  if (commas >= semis && commas >= tabs) return ',';
  return semis >= tabs ? ';' : '\t';
}

// --- Encodings -------------------------------------------------------------

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// Counts valid multi-byte UTF-8 sequences and bytes that are not UTF-8.
void CountUtf8(std::string_view s, size_t* multibyte, size_t* invalid) {
  *multibyte = *invalid = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > n || !IsValidUtf8(s.substr(i, len))) {
      ++*invalid;
      ++i;
      continue;
    }
    ++*multibyte;
    i += len;
  }
}

// Is 8-bit text plausibly Windows-1258 Vietnamese? Every byte over 0x7F must
// be a letter of the code page's Vietnamese repertoire next to another
// letter, or a combining tone mark (0xCC 0xD2 0xDE 0xEC 0xF2) right after a
// letter; and there must be at least one tone mark or ă ơ ư đ (the letters
// Latin-1 text does not have).
bool PlausibleWindows1258(std::string_view s) {
  auto high_letter = [](unsigned char c) {
    switch (c) {
      case 0xC0: case 0xC1: case 0xC2: case 0xC3: case 0xC8: case 0xC9: case 0xCA: case 0xCD:
      case 0xD0: case 0xD3: case 0xD4: case 0xD5: case 0xD9: case 0xDA: case 0xDD:
      case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE8: case 0xE9: case 0xEA: case 0xED:
      case 0xF0: case 0xF3: case 0xF4: case 0xF5: case 0xF9: case 0xFA: case 0xFD:
        return true;
      default: return false;
    }
  };
  auto mark = [](unsigned char c) {
    return c == 0xCC || c == 0xD2 || c == 0xDE || c == 0xEC || c == 0xF2;
  };
  auto letter = [&](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || high_letter(c);
  };
  size_t telling = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = p[i];
    if (c < 0x80) continue;
    const bool prev_letter = i > 0 && letter(p[i - 1]);
    const bool next_letter = i + 1 < s.size() && (letter(p[i + 1]) || mark(p[i + 1]));
    if (mark(c)) {
      if (!prev_letter) return false;
      ++telling;
    } else if (high_letter(c)) {
      if (!prev_letter && !next_letter) return false;
      if (c == 0xC3 || c == 0xD0 || c == 0xD5 || c == 0xDD || c == 0xE3 || c == 0xF0 ||
          c == 0xF5 || c == 0xFD) {
        ++telling;
      }
    } else {
      return false;
    }
  }
  return telling > 0;
}

// Letters only Vietnamese has (ă đ ơ ư and U+1EA0..U+1EF9, upper or lower
// case) in UTF-8: what the text engine's TCVN3/VNI conversion produces and
// Windows-1252 text never holds.
size_t VietnameseOnlyLetters(std::string_view utf8) {
  size_t n = 0;
  for (size_t i = 0; i + 1 < utf8.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    const unsigned char d = static_cast<unsigned char>(utf8[i + 1]);
    if ((c == 0xC4 && (d == 0x82 || d == 0x83 || d == 0x90 || d == 0x91)) ||
        (c == 0xC6 && (d == 0xA0 || d == 0xA1 || d == 0xAF || d == 0xB0)) ||
        (c == 0xE1 && (d == 0xBA || d == 0xBB))) {
      ++n;
    }
  }
  return n;
}

// The encoding of a table's text, decided from `sample` (the input's first
// bytes after the UTF-16/32 step and a byte order mark, cut after their last
// line end unless they are the whole input): *codepage the ICU converter the
// text goes through (nullptr: UTF-8 as it is), *legacy set when cells are
// TCVN3/VNI read as Windows-1252 (canonicalized per cell by the text
// engine). Non-OK for an unknown --encoding name or a missing converter.
Status ChooseTableEncoding(std::string_view sample, const TableOptions& table, const char** codepage, bool* legacy) {
  *codepage = nullptr;
  *legacy = false;
  const std::string enc = Lower(Trim(table.encoding));
  auto available = [](const char* name) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(name, &status);
    if (U_FAILURE(status)) return false;
    ucnv_close(conv);
    return true;
  };
  if (enc.empty() || enc == "auto") {
    if (IsValidUtf8(sample)) return Status::Ok();
    size_t multibyte = 0, invalid = 0;
    CountUtf8(sample, &multibyte, &invalid);
    // A UTF-8 file with a few bad records stays UTF-8 (those are rejected).
    if (multibyte > 0) return Status::Ok();
    if (PlausibleWindows1258(sample) && available("windows-1258")) {
      *codepage = "windows-1258";
      return Status::Ok();
    }
    // TCVN3 / VNI read as Windows-1252: used when the text engine converts
    // some of what would otherwise be Latin-1 letters to letters only
    // Vietnamese has.
    std::string latin;
    if (invalid >= 2 && ConvertCodepage(sample, "windows-1252", &latin) &&
        VietnameseOnlyLetters(text::Canonicalize(latin)) > 0) {
      *codepage = "windows-1252";
      *legacy = true;
    }
    return Status::Ok();
  }
  if (enc == "utf-8" || enc == "utf8") return Status::Ok();
  if (enc == "windows-1258" || enc == "cp1258") {
    if (!available("windows-1258")) return Status::Internal("the windows-1258 converter is not available");
    *codepage = "windows-1258";
    return Status::Ok();
  }
  if (enc == "windows-1252" || enc == "cp1252" || enc == "latin1" || enc == "iso-8859-1" ||
      enc == "tcvn3" || enc == "abc" || enc == "vni") {
    if (!available("windows-1252")) return Status::Internal("the windows-1252 converter is not available");
    *codepage = "windows-1252";
    *legacy = enc == "tcvn3" || enc == "abc" || enc == "vni";
    return Status::Ok();
  }
  return Status::InvalidArgument("unknown encoding '" + table.encoding +
                                 "': give utf-8, windows-1258, tcvn3, vni or windows-1252");
}

// --- Dates -----------------------------------------------------------------

// An Excel serial date ("44927", "44927.5": days since 1899-12-30, the
// fraction the time of day) in the office's time zone; 1954..2119 only, so
// that other numbers are not taken for dates.
bool ParseExcelSerial(std::string_view s, int offset_seconds, int64_t* out) {
  s = Trim(s);
  if (s.size() < 5) return false;
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i != 5) return false;
  if (i < s.size()) {
    if (s[i] != '.' || i + 1 == s.size()) return false;
    for (size_t j = i + 1; j < s.size(); ++j) {
      if (s[j] < '0' || s[j] > '9') return false;
    }
  }
  double v = 0;
  try {
    v = std::stod(std::string(s));
  } catch (...) {
    return false;
  }
  if (v < 20000 || v >= 80000) return false;
  const double secs = (v - 25569.0) * 86400.0;
  *out = static_cast<int64_t>(std::llround(secs)) - offset_seconds;
  return true;
}

bool ParseCount(std::string_view s, int64_t* out) {
  s = Trim(s);
  if (s.empty()) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size() && *out >= 0;
}

std::vector<std::string> SplitLabels(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ';' || s[i] == '|') {
      const std::string_view label = Trim(s.substr(start, i - start));
      if (!label.empty()) out.emplace_back(label);
      start = i + 1;
    }
  }
  return out;
}

// FNV-1a, 64 bits: stable across runs and machines (ids from content).
uint64_t Fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

struct Table {
  std::vector<Column> columns;
  bool has_id = false;
  bool legacy = false;     // cells are TCVN3/VNI read as Windows-1252
  DateOptions dates;       // with the column's day order
};

bool BuildItem(const Table& table, std::vector<std::string>& cells, const ReadOptions& opts,
               Item* item, FieldError* err) {
  bool has_time = false;
  uint64_t content = Fnv1a("vox-row");
  for (size_t i = 0; i < table.columns.size(); ++i) {
    std::string& cell = cells[i];
    const Column col = table.columns[i];
    if (col == Column::kIgnored || Trim(cell).empty()) continue;
    if (!IsValidUtf8(cell)) {
      *err = {ColumnName(col), "is not valid UTF-8"};
      return false;
    }
    if (table.legacy) cell = text::Canonicalize(cell);
    // The id from content hashes what the row says, not its counts or labels
    // (they change between exports of the same row: "updated", not "added").
    if (!table.has_id && col != Column::kReactions && col != Column::kShares &&
        col != Column::kComments && col != Column::kViews && col != Column::kLabels) {
      content = Fnv1a(ColumnName(col), content);
      content = Fnv1a(std::string_view("\x1f", 1), content);
      content = Fnv1a(Trim(cell), content);
      content = Fnv1a(std::string_view("\x1e", 1), content);
    }
    switch (col) {
      case Column::kId: item->id = std::string(Trim(cell)); break;
      case Column::kSource: item->source = std::move(cell); break;
      case Column::kKind: item->kind = std::string(Trim(cell)); break;
      case Column::kTitle: item->title = std::move(cell); break;
      case Column::kText: item->text = std::move(cell); break;
      case Column::kUrl: item->url = std::string(Trim(cell)); break;
      case Column::kAuthor: item->author = std::move(cell); break;
      case Column::kParentId: item->parent_id = std::string(Trim(cell)); break;
      case Column::kPlace:
        if (!item->place.empty()) item->place += ", ";
        item->place += Trim(cell);
        break;
      case Column::kLabels:
        for (std::string& l : SplitLabels(cell)) {
          if (std::find(item->labels.begin(), item->labels.end(), l) == item->labels.end()) {
            item->labels.push_back(std::move(l));
          }
        }
        break;
      case Column::kPublishedAt:
        if (!ParseTimestamp(cell, &item->published_at, table.dates) &&
            !ParseExcelSerial(cell, table.dates.local_offset_seconds, &item->published_at)) {
          std::string reason = "'" + cell.substr(0, 64) + "' is not a date";
          if (table.dates.day_order == DayOrder::kDayFirst) {
            reason += " (the column is read day first, dd/mm/yyyy; see --date-format)";
          } else if (table.dates.day_order == DayOrder::kMonthFirst) {
            reason += " (the column is read month first, mm/dd/yyyy; see --date-format)";
          } else {
            reason += " (e.g. 2026-10-01T08:30:00+07:00 or 01/10/2026 08:30)";
          }
          *err = {"published_at", std::move(reason)};
          return false;
        }
        has_time = true;
        break;
      case Column::kReactions:
      case Column::kShares:
      case Column::kComments:
      case Column::kViews: {
        int64_t* slot = col == Column::kReactions ? &item->metrics.reactions
                        : col == Column::kShares  ? &item->metrics.shares
                        : col == Column::kComments ? &item->metrics.comments
                                                   : &item->metrics.views;
        if (!ParseCount(cell, slot)) {
          *err = {ColumnName(col), "'" + cell.substr(0, 32) + "' is not a non-negative integer"};
          return false;
        }
        break;
      }
      case Column::kIgnored: break;
    }
  }
  if (!table.has_id) {
    static const char kHex[] = "0123456789abcdef";
    std::string id = "row-";
    for (int shift = 60; shift >= 0; shift -= 4) id.push_back(kHex[(content >> shift) & 0xF]);
    item->id = std::move(id);
  }
  if (item->source.empty()) item->source = opts.default_source;
  return CheckItem(*item, has_time, opts, err);
}

// Quotes header names for messages.
std::string ListNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    std::string name(Trim(n));
    if (name.size() > 40) {
      size_t cut = 40;
      while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
      name = name.substr(0, cut) + "…";
    }
    out += "'" + name + "'";
  }
  return out.empty() ? "none" : out;
}

}  // namespace

bool ConvertCodepage(std::string_view data, const char* codepage, std::string* out) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(codepage, &status);
  if (U_FAILURE(status)) return false;
  icu::UnicodeString u(data.data(), static_cast<int32_t>(data.size()), conv, status);
  ucnv_close(conv);
  if (U_FAILURE(status)) return false;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return false;
  icu::UnicodeString n = nfc->normalize(u, status);
  if (U_FAILURE(status)) return false;
  out->clear();
  n.toUTF8String(*out);
  return true;
}

Status ReadTable(const TableInput& input, const ReadOptions& opts, const LocatedItemSink& on_item,
                 const RejectSink& on_reject) {
  const std::vector<std::string>& header = input.header;
  const std::string header_where = input.where(input.header_number);
  std::vector<std::string> keys;
  for (const std::string& name : header) keys.push_back(HeaderKey(name));

  // Columns given by --map first, then recognized names (best rank wins).
  Table table;
  table.legacy = input.legacy;
  table.columns.assign(header.size(), Column::kIgnored);
  std::vector<Column> mapped_fields;
  for (const auto& [field, column] : opts.table.columns) {
    const Column f = FieldFromMapName(field);
    if (f == Column::kIgnored) {
      return Status::InvalidArgument("--map: unknown field '" + field + "'");
    }
    const std::string want = HeaderKey(column);
    size_t found = header.size();
    for (size_t i = 0; i < header.size(); ++i) {
      if (Trim(header[i]) == Trim(column) || (!want.empty() && keys[i] == want)) {
        found = i;
        break;
      }
    }
    if (found == header.size()) {
      return Status::InvalidArgument(header_where + ": --map " + field + "=" + column +
                                     ": the header has no column '" + column +
                                     "'; columns found: " + ListNames(header));
    }
    table.columns[found] = f;
    mapped_fields.push_back(f);
  }
  std::vector<int> ranks(header.size(), 99);
  for (size_t i = 0; i < header.size(); ++i) {
    if (table.columns[i] != Column::kIgnored) continue;
    int rank = 99;
    const Column c = ColumnFromKey(keys[i], &rank);
    if (c == Column::kIgnored) continue;
    if (std::find(mapped_fields.begin(), mapped_fields.end(), c) != mapped_fields.end()) continue;
    if (c != Column::kPlace && c != Column::kLabels) {
      bool better_elsewhere = false;
      for (size_t j = 0; j < header.size(); ++j) {
        if (j == i || table.columns[j] != c) continue;
        if (ranks[j] <= rank) {
          better_elsewhere = true;
        } else {
          table.columns[j] = Column::kIgnored;
        }
      }
      if (better_elsewhere) continue;
    }
    table.columns[i] = c;
    ranks[i] = rank;
  }
  bool has_time = false, has_body = false;
  size_t time_col = header.size();
  for (size_t i = 0; i < header.size(); ++i) {
    const Column c = table.columns[i];
    table.has_id |= c == Column::kId;
    if (c == Column::kPublishedAt) {
      has_time = true;
      time_col = i;
    }
    has_body |= c == Column::kText || c == Column::kTitle;
  }
  if (!has_time || !has_body) {
    std::string missing = !has_body ? "the text (or title)" : "";
    if (!has_time) missing += std::string(missing.empty() ? "" : " and ") + "the date";
    return Status::InvalidArgument(
        header_where + ": no column for " + missing + "; columns found: " + ListNames(header) +
        ". Recognized names include id/mã/stt, text/nội dung/description/mô tả, "
        "title/tiêu đề, published_at/ngày/thời gian/date/created_date; or name them with "
        "--map text=COLUMN,published_at=COLUMN");
  }

  // The date column's day order, decided from all its values (first pass).
  table.dates = opts.dates;
  if (!TableReadsTwice(opts.table)) {
    if (!ParseDateFormat(opts.table.date_format, &table.dates.day_order)) {
      return Status::InvalidArgument("--date-format '" + opts.table.date_format +
                                     "': give an order such as dd/mm/yyyy or mm/dd/yyyy");
    }
  } else {
    DayOrderVotes votes;
    input.for_each_row([&](TableRow& row) {
      if (row.error.empty() && row.cells.size() == header.size()) {
        votes.Add(Trim(row.cells[time_col]));
      }
      return true;
    });
    table.dates.day_order = votes.Decide();
  }

  input.for_each_row([&](TableRow& row) {
    if (!row.error.empty()) {
      on_reject({input.where(row.number), "", row.error});
      return true;
    }
    if (row.cells.size() != table.columns.size()) {
      on_reject({input.where(row.number), "",
                 "the record has " + std::to_string(row.cells.size()) +
                     " fields, the header has " + std::to_string(table.columns.size())});
      return true;
    }
    Item item;
    FieldError err;
    if (!BuildItem(table, row.cells, opts, &item, &err)) {
      on_reject({input.where(row.number), err.field, err.reason});
      return true;
    }
    return on_item(std::move(item), input.where(row.number));
  });
  return Status::Ok();
}

bool TableReadsTwice(const TableOptions& table) { return Trim(table.date_format).empty(); }

namespace {

// The delimiter is chosen from the header line within its first bytes, the
// same whatever the piece size.
constexpr size_t kHeaderScanBytes = 64 << 10;
// Raw bytes decoded at a time (TextStream), at most.
constexpr size_t kChunkBytes = 256 << 10;

// One CSV input read in pieces, once or twice (ReadTable's passes): `head`,
// then `rest` (nullptr when the head is the whole input). A second pass
// reads the head again, then `rest` again from where it was given when it
// can seek (a file), else a scratch copy the first pass wrote (a pipe, a
// URL). Each pass decodes the text anew (TextStream), cuts it at record ends
// (CsvScanner, kMore) and names rows by the physical line they start on.
class CsvSource {
 public:
  CsvSource(std::string_view head, std::istream* rest, TextEncoding wide, const ReadOptions& opts,
            const StreamOptions& stream)
      : head_(head), rest_(rest), opts_(opts), stream_(stream) {
    decoding_.wide = wide;
    if (rest_ != nullptr) {
      rest_start_ = rest_->tellg();
      seekable_ = rest_start_ != std::streampos(-1);
      rest_->clear(rest_->rdstate() & std::ios::badbit);  // tellg fails a pipe
    }
  }

  // Chooses the encoding (from the head) and the delimiter (from the header
  // line), and reads the header into *input; *empty when there is none (only
  // blank lines). Non-OK: an unknown --encoding, a malformed header, a read
  // that failed.
  Status Open(TableInput* input, bool* empty) {
    std::string decoded;
    std::string_view sample = head_;
    if (decoding_.wide != TextEncoding::kUtf8 && DecodeText(head_, &decoded)) sample = decoded;
    sample = StripBom(sample);
    if (rest_ != nullptr) {
      // Complete lines only: the head may end inside a character.
      const size_t nl = sample.rfind('\n');
      if (nl != std::string_view::npos) sample = sample.substr(0, nl + 1);
    }
    VOX_RETURN_IF_ERROR(ChooseTableEncoding(sample, opts_.table, &decoding_.codepage, &input->legacy));
    return StartPass(&input->header, &input->header_number, empty);
  }

  // The data rows after the header, from the input's start again on every
  // call but the first. Stops early when visit returns false; a failed read
  // ends the pass (status()).
  void ForEachRow(const std::function<bool(TableRow&)>& visit) {
    if (!status_.ok()) return;
    if (passes_ > 0) {
      std::vector<std::string> header;
      size_t number = 0;
      bool empty = false;
      if (Status s = StartPass(&header, &number, &empty); !s.ok()) {
        if (status_.ok()) status_ = s;
        return;
      }
    }
    ++passes_;
    TableRow row;
    while (true) {
      row.error.clear();
      const Scan r = Next(&row.cells, &row.error, &row.number);
      if (r == Scan::kEnd) return;
      if (r == Scan::kBad && row.error.empty()) row.error = "malformed record";
      if (!visit(row)) break;
    }
    // A copy for the next pass must hold the whole input.
    while (copying_ && status_.ok() && !pieces_->at_end()) {
      pieces_->Consume(pieces_->data().size());
      if (!pieces_->Fill().ok()) status_ = ReadFailure();
    }
  }

  // Not OK when reading failed (the input, the scratch copy, the converter).
  const Status& status() const { return status_; }
  // The input's size in bytes as read so far (the largest pass).
  int64_t bytes_read() const { return std::max(bytes_read_, text_ != nullptr ? text_->bytes_read() : int64_t{0}); }

 private:
  // Opens the input's text from its start and reads past the header.
  Status StartPass(std::vector<std::string>* header, size_t* header_number, bool* empty) {
    std::istream* raw = rest_;
    std::ostream* copy = nullptr;
    if (text_ != nullptr) bytes_read_ = bytes_read();
    copying_ = false;
    if (rest_ != nullptr && passes_ == 0 && !seekable_ && TableReadsTwice(opts_.table)) {
      if (Status s = OpenScratchFile(&scratch_, "vox-csv"); !s.ok()) {
        return Status::IoError(opts_.input_name + ": " + s.message() +
                               " (the input is read twice to decide the date column's day order and "
                               "cannot be read again from the start; --date-format reads it once)");
      }
      copy = &scratch_;
      copying_ = true;
    } else if (rest_ != nullptr && passes_ > 0 && seekable_) {
      rest_->clear();
      rest_->seekg(rest_start_);
      if (!*rest_) return status_ = Status::IoError(opts_.input_name + ": cannot read the input again");
    } else if (rest_ != nullptr && passes_ > 0) {
      scratch_.flush();
      scratch_.clear();
      scratch_.seekg(0);
      if (!scratch_) return status_ = Status::IoError(opts_.input_name + ": cannot read the temporary copy");
      raw = &scratch_;
    }
    text_ = OpenTextStream(head_, raw, decoding_, std::min(stream_.piece_bytes, kChunkBytes), copy);
    pieces_ = std::make_unique<PieceReader>(std::string(), text_->stream(), stream_.piece_bytes);
    line_ = 1;
    skip_line_ = false;
    if (!pieces_->Fill(kHeaderScanBytes).ok()) return status_ = ReadFailure();
    if (passes_ == 0) delim_ = DetectDelimiter(pieces_->data().substr(0, kHeaderScanBytes), opts_.input_name);
    std::string error;
    *empty = false;
    const Scan r = Next(header, &error, header_number);
    if (!status_.ok()) return status_;
    if (r == Scan::kEnd) {
      *empty = true;
    } else if (r == Scan::kBad) {
      return Status::InvalidArgument(LineWhere(opts_, *header_number) + ": CSV header: " + error);
    }
    return Status::Ok();
  }

  // The next record, reading more while the data ends inside one: a record
  // longer than a piece makes the buffer grow (doubling, up to a little past
  // max_record_bytes, where the scanner gives up on it).
  Scan Next(std::vector<std::string>* cells, std::string* error, size_t* number) {
    while (true) {
      const std::string_view data = pieces_->data();
      CsvScanner scanner(data, delim_, pieces_->at_end(), line_, skip_line_, stream_.max_record_bytes);
      const Scan r = scanner.Next(cells, error, number);
      pieces_->Consume(scanner.pos());
      line_ = scanner.line();
      skip_line_ = scanner.skipping();
      if (r != Scan::kMore) return r;
      const size_t left = data.size() - scanner.pos();
      size_t want = 0;
      if (left >= pieces_->piece_bytes()) {
        const size_t cap = stream_.max_record_bytes + 1;
        want = std::max(left + 1, std::min(2 * left, cap));
      }
      if (!pieces_->Fill(want).ok()) {
        status_ = ReadFailure();
        return Scan::kEnd;
      }
    }
  }

  Status ReadFailure() const {
    const Status why = text_ != nullptr ? text_->status() : Status::Ok();
    if (why.code() == StatusCode::kInternal) return Status::Internal(opts_.input_name + ": " + why.message());
    return Status::IoError(opts_.input_name + ": " + (why.ok() ? std::string("read failed") : why.message()));
  }

  std::string_view head_;
  std::istream* rest_;
  std::streampos rest_start_ = -1;
  bool seekable_ = false;
  std::fstream scratch_;  // the first pass's copy of rest_, when it cannot seek
  bool copying_ = false;
  const ReadOptions& opts_;
  StreamOptions stream_;
  TextDecoding decoding_;
  char delim_ = ',';
  int passes_ = 0;
  std::unique_ptr<TextStream> text_;
  std::unique_ptr<PieceReader> pieces_;
  size_t line_ = 1;
  bool skip_line_ = false;
  Status status_;
  int64_t bytes_read_ = 0;
};

}  // namespace

Status ReadCsvInput(std::string_view head, std::istream* rest, TextEncoding wide, const ReadOptions& opts,
                    const StreamOptions& stream, const LocatedItemSink& on_item, const RejectSink& on_reject,
                    int64_t* bytes_read) {
  CsvSource source(head, rest, wide, opts, stream);
  TableInput input;
  bool empty = false;
  Status s = source.Open(&input, &empty);
  if (s.ok() && !empty) {
    input.where = [&opts](size_t line) { return LineWhere(opts, line); };
    input.for_each_row = [&source](const std::function<bool(TableRow&)>& visit) { source.ForEachRow(visit); };
    s = ReadTable(input, opts, on_item, on_reject);
  }
  if (bytes_read != nullptr) *bytes_read = source.bytes_read();
  if (!source.status().ok()) return source.status();
  return s;
}

Status ReadCsv(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
               const RejectSink& on_reject) {
  return ReadCsvInput(data, nullptr, TextEncoding::kUtf8, opts, StreamOptions{}, on_item, on_reject, nullptr);
}

}  // namespace vox::ingest::internal

namespace vox::ingest {

Status ReadCsvStream(std::string head, std::istream& in, const ReadOptions& opts, const ItemSink& on_item,
                     const RejectSink& on_reject, const StreamOptions& stream, int64_t* bytes_read) {
  try {
    // The first code unit at least, to tell UTF-16/32 from 8-bit text.
    char c = 0;
    while (head.size() < 4 && in.get(c)) head.push_back(c);
    if (in.bad()) return Status::IoError(opts.input_name + ": read failed");
    const bool complete = !in || in.peek() == std::char_traits<char>::eof();
    if (in.bad()) return Status::IoError(opts.input_name + ": read failed");
    internal::FirstOfEachId first(opts, on_item);
    return internal::ReadCsvInput(
        head, complete ? nullptr : &in, DetectEncoding(head), opts, stream,
        [&first](Item&& item, const std::string& where) { return first(std::move(item), where); }, on_reject,
        bytes_read);
  } catch (const std::bad_alloc&) {
    return Status::Internal(opts.input_name + ": out of memory while reading");
  }
}

Status ParseColumnMap(std::string_view spec, TableOptions* out) {
  size_t start = 0;
  for (size_t i = 0; i <= spec.size(); ++i) {
    if (i < spec.size() && spec[i] != ',' && spec[i] != '\n') continue;
    std::string_view pair = internal::Trim(spec.substr(start, i - start));
    start = i + 1;
    if (pair.empty() || pair[0] == '#') continue;
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      return Status::InvalidArgument("--map: '" + std::string(pair) +
                                     "' is not field=COLUMN (e.g. text=DESCRIPTION)");
    }
    const std::string field(internal::Trim(pair.substr(0, eq)));
    const std::string column(internal::Trim(pair.substr(eq + 1)));
    if (internal::FieldFromMapName(field) == internal::Column::kIgnored) {
      return Status::InvalidArgument("--map: unknown field '" + field +
                                     "' (id, text, title, published_at, place, source, labels, "
                                     "url, author, kind, parent_id, reactions, shares, comments, "
                                     "views)");
    }
    if (column.empty()) return Status::InvalidArgument("--map " + field + "=: no column named");
    out->columns.emplace_back(field, column);
  }
  return Status::Ok();
}

bool IsKnownTableEncoding(std::string_view name) {
  const std::string e = internal::Lower(internal::Trim(name));
  for (const char* known : {"", "auto", "utf-8", "utf8", "windows-1258", "cp1258", "windows-1252",
                            "cp1252", "latin1", "iso-8859-1", "tcvn3", "abc", "vni"}) {
    if (e == known) return true;
  }
  return false;
}

bool ParseDateFormat(std::string_view format, DayOrder* order) {
  const std::string f = internal::Lower(format);
  const size_t d = f.find('d'), m = f.find('m');
  if (d == std::string::npos || m == std::string::npos) {
    // "yyyy-mm-dd" has both; "iso" and the like say nothing about d/m order.
    return false;
  }
  *order = d < m ? DayOrder::kDayFirst : DayOrder::kMonthFirst;
  return true;
}

}  // namespace vox::ingest
