// What the two workbook readers (reader_xlsx.cc, reader_xls.cc) share:
// choosing the sheet and turning its rows into a table for ReadTable, so that
// a spreadsheet's columns, ids and dates are read exactly as a CSV export's.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <istream>

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

Status ReadSheet(const SheetRowSource& rows, const std::string& sheet_name, const ReadOptions& opts,
                 const LocatedItemSink& on_item, const RejectSink& on_reject) {
  // The first rows, for the header (the title block above it is short).
  std::vector<SheetRow> first;
  const Status head = rows([&first](SheetRow& row) {
    if (row.cells.empty()) return true;
    first.push_back(std::move(row));
    return first.size() < kMaxTitleRows;
  });
  if (!head.ok()) return head;
  if (first.empty()) return Status::Ok();  // an empty sheet: nothing to read
  size_t header_at = 0;
  for (size_t i = 1; i < first.size(); ++i) {
    if (first[i].cells.size() > first[header_at].cells.size()) header_at = i;
  }
  TableInput input;
  input.header_number = first[header_at].number;
  size_t width = 0;
  for (const auto& [col, value] : first[header_at].cells) width = std::max(width, col + 1);
  input.header.assign(width, "");
  for (auto& [col, value] : first[header_at].cells) input.header[col] = std::move(value);
  first.clear();

  const std::string enc = LowerAscii(Trim(opts.table.encoding));
  input.legacy = enc == "tcvn3" || enc == "abc" || enc == "vni";
  const std::string prefix = opts.input_name + ": sheet '" + PrintableName(sheet_name) + "' row ";
  input.where = [&prefix](size_t number) { return prefix + std::to_string(number); };
  // A pass over the rows after the header; after a pass that failed,
  // nothing (the failure is returned once ReadTable is done).
  Status failed;
  input.for_each_row = [&](const std::function<bool(TableRow&)>& visit) {
    if (!failed.ok()) return;
    TableRow row;
    size_t non_empty = 0;
    failed = rows([&](SheetRow& stored) {
      if (stored.cells.empty() || non_empty++ <= header_at) return true;
      row.number = stored.number;
      row.cells.assign(width, "");
      bool empty = true;
      for (auto& [col, value] : stored.cells) {
        if (col < width) {
          row.cells[col] = std::move(value);
          empty = false;
        }
      }
      return empty || visit(row);
    });
  };
  if (!TableReadsTwice(opts.table)) {
    // ReadTable reads the rows once: check the whole sheet first.
    const Status whole = rows([](SheetRow&) { return true; });
    if (!whole.ok()) return whole;
  }
  // Rows without a source are stored under "default", as CSV rows are: say
  // so here, so that the check for repeated ids keys them the same way.
  if (opts.default_source.empty()) {
    ReadOptions with_default = opts;
    with_default.default_source = "default";
    VOX_RETURN_IF_ERROR(ReadTable(input, with_default, on_item, on_reject));
    return failed;
  }
  VOX_RETURN_IF_ERROR(ReadTable(input, opts, on_item, on_reject));
  return failed;
}

}  // namespace vox::ingest::internal

namespace vox::ingest {
namespace {

// A private scratch file under $TMPDIR (else /tmp), mode 0600, unlinked at
// once, holding `head` then the rest of `in`; its descriptor, positioned at
// its start.
Result<int> CopyToScratch(const std::string& head, std::istream& in, const std::string& name, int64_t* bytes) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/vox-workbook-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) {
    return Status::IoError(name + ": cannot create a temporary file in " + path.substr(0, path.rfind('/')) + ": " +
                           std::strerror(errno));
  }
  unlink(path.c_str());
  auto put = [fd](const char* data, size_t size) {
    while (size > 0) {
      const ssize_t n = write(fd, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data += n;
      size -= static_cast<size_t>(n);
    }
    return true;
  };
  bool ok = put(head.data(), head.size());
  *bytes = static_cast<int64_t>(head.size());
  std::string chunk(1 << 20, '\0');
  while (ok && in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<size_t>(in.gcount());
    ok = put(chunk.data(), got);
    *bytes += static_cast<int64_t>(got);
  }
  if (!ok) {
    const std::string why = std::strerror(errno);
    close(fd);
    return Status::IoError(name + ": cannot write the temporary copy of the input: " + why);
  }
  if (in.bad()) {
    close(fd);
    return Status::IoError(name + ": read failed");
  }
  if (lseek(fd, 0, SEEK_SET) != 0) {
    close(fd);
    return Status::IoError(name + ": cannot read the temporary copy of the input");
  }
  return fd;
}

}  // namespace

Status ReadWorkbookStream(Format format, const std::string& path, std::string head, std::istream& in,
                          const ReadOptions& opts, const ItemSink& on_item, const RejectSink& on_reject,
                          int64_t* bytes_read) {
  if (format != Format::kXlsx && format != Format::kXls) {
    return Status::InvalidArgument("ReadWorkbookStream reads .xlsx and .xls only");
  }
  try {
    internal::FirstOfEachId first(opts, on_item);
    const internal::LocatedItemSink located = [&first](Item&& item, const std::string& where) {
      return first(std::move(item), where);
    };
    int64_t bytes = 0;
    int fd = -1;
    if (!path.empty()) {
      fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return Status::IoError("cannot read " + path + ": " + std::strerror(errno));
      struct stat sb {};
      if (fstat(fd, &sb) == 0) bytes = static_cast<int64_t>(sb.st_size);
    } else {
      auto copied = CopyToScratch(head, in, opts.input_name, &bytes);
      if (!copied.ok()) return copied.status();
      fd = *copied;
    }
    if (bytes_read != nullptr) *bytes_read = bytes;
    if (format == Format::kXlsx) return internal::ReadXlsxFile(fd, head, opts, located, on_reject);
    // FreeXL opens a path: the descriptor's, which names the file also once
    // it is unlinked.
    Status s = internal::ReadXlsFile("/proc/self/fd/" + std::to_string(fd), head, opts, located, on_reject);
    close(fd);
    return s;
  } catch (const std::bad_alloc&) {
    return Status::Internal(opts.input_name + ": out of memory while reading");
  }
}

}  // namespace vox::ingest
