// CSV/TSV items (RFC 4180). The first record is the header. Its columns are
// matched to item fields by Vox's own names (the JSON Lines field names) or
// by common names in Vietnamese and English (accents, case and punctuation
// ignored: "Nội dung", "NOI DUNG", "description", "Created Date"...), or as
// TableOptions::columns (--map) says. Without an id column the id is a hash
// of the row's content, so re-reading the same export gives the same ids.
// The delimiter is the most frequent of ',', ';' and tab in the header line
// (tab for a .tsv). Text is UTF-8 (BOM or not; UTF-16/32 is converted by
// ReadBuffer), else Windows-1258 or TCVN3/VNI when the bytes say so or
// TableOptions::encoding names it. The date column's day/month order is
// decided from all its values in a first pass (DayOrderVotes) unless
// TableOptions::date_format gives it; Excel serial dates are read too.
//
// Quoted fields may hold delimiters, doubled quotes and line breaks; a
// record's `where` is the physical line on which it starts. A record whose
// field count differs from the header's, or with an unterminated quote or
// text after a closing quote, is rejected and reading resumes on the next
// physical line. Empty cells are absent fields. `labels` is split on ';' or '|'.
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <charconv>
#include <cmath>

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

// Reads records one at a time from a buffer, tracking physical lines.
class CsvScanner {
 public:
  CsvScanner(std::string_view data, char delim) : data_(data), delim_(delim) {}

  bool AtEnd() const { return pos_ >= data_.size(); }
  size_t line() const { return line_; }

  // Reads the next record into *fields. Returns false with *error set when
  // the record is malformed; the scanner then sits at the next line.
  bool Next(std::vector<std::string>* fields, std::string* error) {
    fields->clear();
    std::string cell;
    while (true) {
      if (AtEnd()) {
        fields->push_back(std::move(cell));
        return true;
      }
      char c = data_[pos_];
      if (c == '"' && cell.empty()) {
        ++pos_;
        if (!ReadQuoted(&cell, error)) return false;
        // After the closing quote: a delimiter, a line end or the end.
        if (AtEnd()) {
          fields->push_back(std::move(cell));
          return true;
        }
        c = data_[pos_];
        if (c != delim_ && c != '\n' && c != '\r') {
          *error = "unexpected text after a closing quote";
          SkipLine();
          return false;
        }
      }
      if (c == delim_) {
        fields->push_back(std::move(cell));
        cell.clear();
        ++pos_;
      } else if (c == '\n' || (c == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n')) {
        pos_ += c == '\r' ? 2 : 1;
        ++line_;
        fields->push_back(std::move(cell));
        return true;
      } else if (c == '\r' && pos_ + 1 == data_.size()) {
        ++pos_;
      } else {
        cell += c;
        ++pos_;
      }
    }
  }

  // Skips a line that holds only white space; returns true if it did.
  bool SkipBlankLine() {
    size_t p = pos_;
    while (p < data_.size() && (data_[p] == ' ' || data_[p] == '\t' || data_[p] == '\r')) ++p;
    if (p < data_.size() && data_[p] != '\n') return false;
    pos_ = p < data_.size() ? p + 1 : p;
    if (p < data_.size()) ++line_;
    return true;
  }

 private:
  // Reads a quoted cell body after the opening quote, up to and past the
  // closing quote.
  bool ReadQuoted(std::string* cell, std::string* error) {
    while (pos_ < data_.size()) {
      const char c = data_[pos_++];
      if (c == '"') {
        if (pos_ < data_.size() && data_[pos_] == '"') {
          cell->push_back('"');
          ++pos_;
        } else {
          return true;
        }
      } else {
        if (c == '\n') ++line_;
        cell->push_back(c);
      }
    }
    *error = "unterminated quoted field";
    return false;
  }

  void SkipLine() {
    while (pos_ < data_.size() && data_[pos_] != '\n') ++pos_;
    if (pos_ < data_.size()) {
      ++pos_;
      ++line_;
    }
  }

  std::string_view data_;
  char delim_;
  size_t pos_ = 0;
  size_t line_ = 1;  // line of the next unread byte
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

// Converts 8-bit text in an ICU codepage to NFC UTF-8.
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

// The input's encoding (after ReadBuffer's UTF-16/32 conversion): fills
// *converted and sets *legacy (cells go through text::Canonicalize) when the
// text is not UTF-8. Non-OK for an unknown --encoding name.
Status DecodeTable(std::string_view data, const TableOptions& table, std::string* converted,
                   bool* used, bool* legacy) {
  *used = *legacy = false;
  const std::string enc = Lower(Trim(table.encoding));
  if (enc.empty() || enc == "auto") {
    if (IsValidUtf8(data)) return Status::Ok();
    size_t multibyte = 0, invalid = 0;
    CountUtf8(data, &multibyte, &invalid);
    // A UTF-8 file with a few bad records stays UTF-8 (those are rejected).
    if (multibyte > 0) return Status::Ok();
    if (PlausibleWindows1258(data) && ConvertCodepage(data, "windows-1258", converted)) {
      *used = true;
      return Status::Ok();
    }
    // TCVN3 / VNI read as Windows-1252: used when the text engine converts
    // most of what would otherwise be Latin-1 letters.
    std::string latin;
    if (invalid >= 2 && ConvertCodepage(data, "windows-1252", &latin)) {
      const std::string canon = text::Canonicalize(latin);
      if (VietnameseOnlyLetters(canon) > 0) {
        *converted = std::move(latin);
        *used = *legacy = true;
      }
    }
    return Status::Ok();
  }
  if (enc == "utf-8" || enc == "utf8") return Status::Ok();
  if (enc == "windows-1258" || enc == "cp1258") {
    if (!ConvertCodepage(data, "windows-1258", converted)) {
      return Status::Internal("the windows-1258 converter is not available");
    }
    *used = true;
    return Status::Ok();
  }
  if (enc == "windows-1252" || enc == "cp1252" || enc == "latin1" || enc == "iso-8859-1" ||
      enc == "tcvn3" || enc == "abc" || enc == "vni") {
    if (!ConvertCodepage(data, "windows-1252", converted)) {
      return Status::Internal("the windows-1252 converter is not available");
    }
    *used = true;
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
  if (!Trim(opts.table.date_format).empty()) {
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

Status ReadCsv(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
               const RejectSink& on_reject) {
  data = StripBom(data);
  std::string converted;
  bool used = false;
  TableInput input;
  if (Status s = DecodeTable(data, opts.table, &converted, &used, &input.legacy); !s.ok()) {
    return s;
  }
  if (used) data = StripBom(converted);
  const char delim = DetectDelimiter(data, opts.input_name);
  CsvScanner scanner(data, delim);
  std::string error;
  while (!scanner.AtEnd() && scanner.SkipBlankLine()) {
  }
  if (scanner.AtEnd()) return Status::Ok();  // empty input: nothing to read
  input.header_number = scanner.line();
  if (!scanner.Next(&input.header, &error)) {
    return Status::InvalidArgument(LineWhere(opts, input.header_number) + ": CSV header: " +
                                   error);
  }
  input.where = [&opts](size_t line) { return LineWhere(opts, line); };
  // Each pass scans from just after the header.
  input.for_each_row = [&scanner](const std::function<bool(TableRow&)>& visit) {
    CsvScanner rows = scanner;
    TableRow row;
    while (!rows.AtEnd()) {
      if (rows.SkipBlankLine()) continue;
      row.number = rows.line();
      row.error.clear();
      if (!rows.Next(&row.cells, &row.error) && row.error.empty()) row.error = "malformed record";
      if (!visit(row)) return;
    }
  };
  return ReadTable(input, opts, on_item, on_reject);
}

}  // namespace vox::ingest::internal

namespace vox::ingest {

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
