// libFuzzer target for the xlsx reader (see reader_fuzz.h). Two modes:
//  - input starting with "PK": the bytes are the workbook (ZIP parsing,
//    damaged archives, bombs within -max_len);
//  - anything else: the input is split at lines "====" into the parts of a
//    workbook, xl/worksheets/sheet1.xml, xl/sharedStrings.xml and
//    xl/workbook.xml (a default one when absent), stored in a ZIP built here
//    with libzip, so that mutations reach the XML and the table reader
//    instead of failing the archive's checksums.
// The input's length picks options a user can give (--sheet, --map,
// --date-format). The workbook's XML is read in a stream: the reader must
// give the same items, rejections and status whatever the chunk its parts
// are inflated and parsed by (a chunk chosen by the input's length against
// one a byte larger than the workbook), or the target aborts. Seeds: fuzz/corpus/xlsx/.
#include <zip.h>

#include <string>
#include <vector>

#include "ingest/reader_internal.h"
#include "reader_fuzz.h"

namespace {

constexpr const char* kWorkbook =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"Hai\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
constexpr const char* kRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet1.xml\"/></Relationships>";

// A stored (uncompressed) ZIP of the parts, built in memory.
std::string BuildZip(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_error_fini(&err);
  if (src == nullptr) return "";
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, nullptr);
  if (z == nullptr) {
    zip_source_free(src);
    return "";
  }
  for (const auto& [name, content] : parts) {
    zip_source_t* part = zip_source_buffer(z, content.data(), content.size(), 0);
    if (part == nullptr) continue;
    const zip_int64_t index = zip_file_add(z, name.c_str(), part, ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(part);
      continue;
    }
    zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  std::string out;
  if (zip_close(z) != 0) {
    zip_discard(z);
    zip_source_free(src);
    return out;
  }
  zip_stat_t st;
  if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
    out.resize(st.size);
    const zip_int64_t n = zip_source_read(src, out.data(), st.size);
    out.resize(n < 0 ? 0 : static_cast<size_t>(n));
    zip_source_close(src);
  }
  zip_source_free(src);
  return out;
}

// Everything one read reports, in order.
std::string Outcome(std::string_view book, const vox::ingest::ReadOptions& opts, size_t chunk) {
  std::string out;
  const vox::Status s = vox::ingest::internal::ReadXlsx(
      book, opts,
      [&out](vox::Item&& item, const std::string& where) {
        out += where + "|" + item.id + "|" + item.text + "|" + std::to_string(item.published_at) + "\n";
        return true;
      },
      [&out](const vox::ingest::Rejection& r) { out += r.where + "|" + r.field + "|" + r.reason + "\n"; },
      chunk);
  return out + s.message();
}

int FuzzXlsx(const vox::ingest::ReadOptions& opts, std::string_view book) {
  FuzzReader(vox::ingest::Format::kXlsx, opts, reinterpret_cast<const uint8_t*>(book.data()), book.size());
  if (Outcome(book, opts, 1 + book.size() % 61) != Outcome(book, opts, book.size() + 1)) std::abort();
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vox::ingest::ReadOptions opts = FuzzReadOptions();
  switch (size % 5) {
    case 1: opts.table.sheet = "2"; break;
    case 2: opts.table.date_format = "mm/dd/yyyy"; break;
    case 3:
      vox::ingest::ParseColumnMap("text=B,published_at=C", &opts.table).PermitUncheckedError();
      break;
    default: break;
  }
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.substr(0, 2) == "PK") return FuzzXlsx(opts, input);
  std::vector<std::string> pieces(1);
  size_t pos = 0;
  while (pos <= input.size() && pieces.size() < 3) {
    const size_t sep = input.find("\n====\n", pos);
    if (sep == std::string_view::npos) break;
    pieces.back().assign(input.substr(pos, sep - pos));
    pieces.emplace_back();
    pos = sep + 6;
  }
  pieces.back().assign(input.substr(std::min(pos, input.size())));
  std::vector<std::pair<std::string, std::string>> parts = {
      {"xl/worksheets/sheet1.xml", pieces[0]},
      {"xl/_rels/workbook.xml.rels", kRels},
      {"xl/workbook.xml", pieces.size() > 2 ? pieces[2] : kWorkbook}};
  if (pieces.size() > 1) parts.emplace_back("xl/sharedStrings.xml", pieces[1]);
  const std::string zip = BuildZip(parts);
  if (zip.empty()) return 0;
  return FuzzXlsx(opts, zip);
}
