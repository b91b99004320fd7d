// .xls workbooks (Excel 97-2003: BIFF5/BIFF8 in an OLE2 compound file), read
// with FreeXL; one sheet is read as a table (ReadSheet, then ReadTable: the
// same column names, --map, ids from content and date rules as CSV).
//
// FreeXL (1.0.x) opens only a path: the buffer is written to a private file
// (mkstemp, mode 0600, under $TMPDIR or /tmp) that is unlinked as soon as
// FreeXL has opened it, so no copy of the input outlives the read.
// Cells: text in the workbook's code page converted to UTF-8 by FreeXL;
// integers and decimals as numbers (an Excel serial date that FreeXL does not
// know as a date is read by the date column as such); cells formatted as
// dates as "yyyy-mm-dd" or "yyyy-mm-dd HH:MM:SS" (the office's time zone).
// A password-protected workbook is refused as a whole.
#include <freexl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace {

constexpr std::string_view kOle2Magic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

// A workbook opened from a private temporary file that is already unlinked.
class XlsHandle {
 public:
  ~XlsHandle() {
    if (handle_ != nullptr) freexl_close(handle_);
  }

  Status Open(std::string_view data) {
    const char* dir = std::getenv("TMPDIR");
    std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
                       "/vox-xls-XXXXXX";
    const int fd = mkstemp(path.data());
    if (fd < 0) return Status::IoError("cannot create a temporary file: " + std::string(std::strerror(errno)));
    size_t written = 0;
    while (written < data.size()) {
      const ssize_t n = write(fd, data.data() + written, data.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const std::string why = std::strerror(errno);
        close(fd);
        unlink(path.c_str());
        return Status::IoError("cannot write a temporary file: " + why);
      }
      written += static_cast<size_t>(n);
    }
    close(fd);
    const int rc = freexl_open(path.c_str(), &handle_);
    unlink(path.c_str());
    if (rc != FREEXL_OK) {
      if (handle_ != nullptr) freexl_close(handle_);
      handle_ = nullptr;
      return Status::InvalidArgument(Why(rc));
    }
    return Status::Ok();
  }

  const void* get() const { return handle_; }

  static std::string Why(int rc) {
    switch (rc) {
      case FREEXL_INSUFFICIENT_MEMORY: return "out of memory";
      case FREEXL_INVALID_CFBF_HEADER:
      case FREEXL_CFBF_INVALID_SIGNATURE: return "not an OLE2 compound file";
      case FREEXL_BIFF_WORKBOOK_NOT_FOUND: return "the file holds no Excel workbook";
      case FREEXL_UNSUPPORTED_CHARSET: return "its code page is not supported";
      case FREEXL_INVALID_CHARACTER: return "text that is not valid in its code page";
      case FREEXL_CRAFTED_FILE: return "the file is damaged (or crafted)";
      default: return "the file is damaged (FreeXL error " + std::to_string(rc) + ")";
    }
  }

 private:
  const void* handle_ = nullptr;
};

std::string DoubleText(double d) {
  char buf[40];
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", d);
  } else {
    std::snprintf(buf, sizeof buf, "%.15g", d);
  }
  return buf;
}

}  // namespace

Status ReadXls(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
               const RejectSink& on_reject) {
  const std::string& name = opts.input_name;
  if (data.substr(0, kOle2Magic.size()) != kOle2Magic) {
    return Status::InvalidArgument(name + ": not an .xls workbook: it looks like " +
                                   DescribeContent(data) +
                                   " (give --format to read it as something else)");
  }
  XlsHandle xls;
  if (Status s = xls.Open(data); !s.ok()) {
    if (s.code() == StatusCode::kIoError) return Status::IoError(name + ": " + s.message());
    return Status::InvalidArgument(name + ": not a readable .xls workbook: " + s.message());
  }
  unsigned int info = 0;
  if (freexl_get_info(xls.get(), FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
      info == FREEXL_BIFF_OBFUSCATED) {
    return Status::InvalidArgument(name + ": the workbook is password-protected");
  }
  unsigned int count = 0;
  if (freexl_get_info(xls.get(), FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK) count = 0;
  SheetChoice choice;
  for (unsigned int i = 0; i < count && i < 0xFFFF; ++i) {
    const char* sheet_name = nullptr;
    if (freexl_get_worksheet_name(xls.get(), static_cast<unsigned short>(i), &sheet_name) !=
            FREEXL_OK ||
        sheet_name == nullptr) {
      sheet_name = "";
    }
    choice.names.emplace_back(sheet_name);
    choice.hidden.push_back(false);
  }
  auto chosen = ChooseSheet(choice, opts);
  if (!chosen.ok()) return chosen.status();
  if (int rc = freexl_select_active_worksheet(xls.get(), static_cast<unsigned short>(*chosen));
      rc != FREEXL_OK) {
    return Status::InvalidArgument(name + ": sheet '" + choice.names[*chosen] +
                                   "' cannot be read: " + XlsHandle::Why(rc));
  }
  unsigned int rows = 0;
  unsigned short columns = 0;
  if (int rc = freexl_worksheet_dimensions(xls.get(), &rows, &columns); rc != FREEXL_OK) {
    return Status::InvalidArgument(name + ": sheet '" + choice.names[*chosen] +
                                   "' cannot be read: " + XlsHandle::Why(rc));
  }
  std::vector<SheetRow> sheet;
  for (unsigned int r = 0; r < rows; ++r) {
    SheetRow row;
    row.number = static_cast<size_t>(r) + 1;
    for (unsigned short c = 0; c < columns; ++c) {
      FreeXL_CellValue v;
      if (freexl_get_cell_value(xls.get(), r, c, &v) != FREEXL_OK) continue;
      std::string value;
      switch (v.type) {
        case FREEXL_CELL_INT: value = std::to_string(v.value.int_value); break;
        case FREEXL_CELL_DOUBLE: value = DoubleText(v.value.double_value); break;
        case FREEXL_CELL_TEXT:
        case FREEXL_CELL_SST_TEXT:
        case FREEXL_CELL_DATE:
        case FREEXL_CELL_DATETIME:
        case FREEXL_CELL_TIME:
          if (v.value.text_value != nullptr) value = v.value.text_value;
          break;
        default: break;
      }
      if (!IsBlank(value)) row.cells.emplace_back(c, std::move(value));
    }
    if (!row.cells.empty()) sheet.push_back(std::move(row));
  }
  return ReadSheet(std::move(sheet), choice.names[*chosen], opts, on_item, on_reject);
}

}  // namespace vox::ingest::internal
