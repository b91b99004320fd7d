// CSV items (RFC 4180). The first record is the header; its column names are
// the JSON Lines field names ("metrics.reactions" or "reactions"; case and
// surrounding spaces ignored; unknown columns ignored). The delimiter is ','
// unless the header line uses ';' or a tab and no comma.
//
// Quoted fields may hold delimiters, doubled quotes and line breaks; a
// record's `where` is the physical line on which it starts. A record whose
// field count differs from the header's, or with an unterminated quote or
// text after a closing quote, is rejected and reading resumes on the next
// physical line. Empty cells are absent fields. `labels` is split on ';' or '|'.
#include <algorithm>
#include <charconv>

#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace {

enum class Column {
  kIgnored, kId, kSource, kKind, kTitle, kText, kUrl, kAuthor, kPublishedAt, kParentId,
  kReactions, kShares, kComments, kViews, kPlace, kLabels,
};

Column ColumnFromName(std::string_view raw) {
  std::string name(Trim(raw));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  if (name.rfind("metrics.", 0) == 0) name = name.substr(8);
  static const std::pair<const char*, Column> kNames[] = {
      {"id", Column::kId},           {"source", Column::kSource},
      {"kind", Column::kKind},       {"title", Column::kTitle},
      {"text", Column::kText},       {"url", Column::kUrl},
      {"author", Column::kAuthor},   {"published_at", Column::kPublishedAt},
      {"parent_id", Column::kParentId}, {"reactions", Column::kReactions},
      {"shares", Column::kShares},   {"comments", Column::kComments},
      {"views", Column::kViews},     {"place", Column::kPlace},
      {"labels", Column::kLabels}};
  for (const auto& [n, c] : kNames) {
    if (name == n) return c;
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

// Picks the delimiter from the header line: ',' if present, else whichever of
// ';' and tab is more frequent outside quotes.
char DetectDelimiter(std::string_view data) {
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
  if (commas > 0 || (semis == 0 && tabs == 0)) return ',';
  return semis >= tabs ? ';' : '\t';
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

bool BuildItem(const std::vector<Column>& columns, std::vector<std::string>& cells,
               const ReadOptions& opts, Item* item, FieldError* err) {
  bool has_time = false;
  for (size_t i = 0; i < columns.size(); ++i) {
    std::string& cell = cells[i];
    const Column col = columns[i];
    if (col == Column::kIgnored || Trim(cell).empty()) continue;
    if (!IsValidUtf8(cell)) {
      *err = {ColumnName(col), "is not valid UTF-8"};
      return false;
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
      case Column::kPlace: item->place = std::move(cell); break;
      case Column::kLabels: item->labels = SplitLabels(cell); break;
      case Column::kPublishedAt:
        if (!ParseTimestamp(cell, &item->published_at, opts.dates)) {
          *err = {"published_at", "'" + cell.substr(0, 64) +
                                      "' is not a date (e.g. 2026-10-01T08:30:00+07:00 "
                                      "or 01/10/2026 08:30)"};
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
  if (item->source.empty()) item->source = opts.default_source;
  return CheckItem(*item, has_time, opts, err);
}

}  // namespace

Status ReadCsv(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
               const RejectSink& on_reject) {
  data = StripBom(data);
  CsvScanner scanner(data, DetectDelimiter(data));
  std::vector<std::string> cells;
  std::string error;
  while (!scanner.AtEnd() && scanner.SkipBlankLine()) {
  }
  if (scanner.AtEnd()) return Status::Ok();  // empty input: nothing to read
  const size_t header_line = scanner.line();
  if (!scanner.Next(&cells, &error)) {
    return Status::InvalidArgument(LineWhere(opts, header_line) + ": CSV header: " + error);
  }
  std::vector<Column> columns;
  bool has_id = false, has_time = false, has_body = false;
  for (const std::string& name : cells) {
    Column c = ColumnFromName(name);
    if (std::find(columns.begin(), columns.end(), c) != columns.end()) c = Column::kIgnored;
    has_id |= c == Column::kId;
    has_time |= c == Column::kPublishedAt;
    has_body |= c == Column::kText || c == Column::kTitle;
    columns.push_back(c);
  }
  if (!has_id || !has_time || !has_body) {
    return Status::InvalidArgument(
        LineWhere(opts, header_line) +
        ": the CSV header must name the columns id, published_at and text (or title)");
  }
  while (!scanner.AtEnd()) {
    if (scanner.SkipBlankLine()) continue;
    const size_t line = scanner.line();
    if (!scanner.Next(&cells, &error)) {
      on_reject({LineWhere(opts, line), "", error});
      continue;
    }
    if (cells.size() != columns.size()) {
      on_reject({LineWhere(opts, line), "",
                 "the record has " + std::to_string(cells.size()) + " fields, the header has " +
                     std::to_string(columns.size())});
      continue;
    }
    Item item;
    FieldError err;
    if (!BuildItem(columns, cells, opts, &item, &err)) {
      on_reject({LineWhere(opts, line), err.field, err.reason});
      continue;
    }
    if (!on_item(std::move(item), LineWhere(opts, line))) break;
  }
  return Status::Ok();
}

}  // namespace vox::ingest::internal
