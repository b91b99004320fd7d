// What the two workbook readers (reader_xlsx.cc, reader_xls.cc) share:
// choosing the sheet and turning its rows into a table for ReadTable, so that
// a spreadsheet's columns, ids and dates are read exactly as a CSV export's.
#include <algorithm>

#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// A sheet name fit for a message: control characters replaced, at most 40
// bytes (not cutting a UTF-8 sequence).
std::string PrintableName(std::string_view name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7F ? '?' : c);
  }
  if (out.size() > 40) {
    size_t cut = 40;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + "…";
  }
  if (!IsValidUtf8(out)) out = "?";
  return out;
}

std::string ListSheets(const SheetChoice& choice) {
  std::string out;
  for (size_t i = 0; i < choice.names.size(); ++i) {
    if (!out.empty()) out += ", ";
    out += std::to_string(i + 1) + " '" + PrintableName(choice.names[i]) + "'";
    if (choice.hidden[i]) out += " (hidden)";
  }
  return out.empty() ? "none" : out;
}

}  // namespace

Result<size_t> ChooseSheet(const SheetChoice& choice, const ReadOptions& opts) {
  const std::string& want = opts.table.sheet;
  if (choice.names.empty()) {
    return Status::InvalidArgument(opts.input_name + ": the workbook has no sheet");
  }
  if (Trim(want).empty()) {
    for (size_t i = 0; i < choice.names.size(); ++i) {
      if (!choice.hidden[i]) return i;
    }
    return size_t{0};
  }
  for (size_t i = 0; i < choice.names.size(); ++i) {
    if (choice.names[i] == want) return i;
  }
  for (size_t i = 0; i < choice.names.size(); ++i) {
    if (LowerAscii(Trim(choice.names[i])) == LowerAscii(Trim(want))) return i;
  }
  const std::string_view digits = Trim(want);
  if (!digits.empty() && digits.size() < 6 &&
      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const size_t n = std::stoul(std::string(digits));
    if (n >= 1 && n <= choice.names.size()) return n - 1;
  }
  return Status::InvalidArgument(opts.input_name + ": --sheet '" + PrintableName(want) +
                                 "': no such sheet; the workbook has " + ListSheets(choice));
}

Status ReadSheet(std::vector<SheetRow> rows, const std::string& sheet_name,
                 const ReadOptions& opts, const LocatedItemSink& on_item,
                 const RejectSink& on_reject) {
  if (rows.empty()) return Status::Ok();  // an empty sheet: nothing to read
  size_t header_at = 0;
  for (size_t i = 1; i < rows.size() && i < kMaxTitleRows; ++i) {
    if (rows[i].cells.size() > rows[header_at].cells.size()) header_at = i;
  }
  TableInput input;
  input.header_number = rows[header_at].number;
  size_t width = 0;
  for (const auto& [col, value] : rows[header_at].cells) width = std::max(width, col + 1);
  input.header.assign(width, "");
  for (auto& [col, value] : rows[header_at].cells) input.header[col] = std::move(value);

  const std::string enc = LowerAscii(Trim(opts.table.encoding));
  input.legacy = enc == "tcvn3" || enc == "abc" || enc == "vni";
  const std::string prefix = opts.input_name + ": sheet '" + PrintableName(sheet_name) + "' row ";
  input.where = [&prefix](size_t number) { return prefix + std::to_string(number); };
  input.for_each_row = [&](const std::function<bool(TableRow&)>& visit) {
    TableRow row;
    for (size_t i = header_at + 1; i < rows.size(); ++i) {
      row.number = rows[i].number;
      row.cells.assign(width, "");
      bool empty = true;
      for (const auto& [col, value] : rows[i].cells) {
        if (col < width) {
          row.cells[col] = value;
          empty = false;
        }
      }
      if (!empty && !visit(row)) return;
    }
  };
  // Rows without a source are stored under "default", as CSV rows are: say
  // so here, so that the check for repeated ids keys them the same way.
  if (opts.default_source.empty()) {
    ReadOptions with_default = opts;
    with_default.default_source = "default";
    return ReadTable(input, with_default, on_item, on_reject);
  }
  return ReadTable(input, opts, on_item, on_reject);
}

}  // namespace vox::ingest::internal
