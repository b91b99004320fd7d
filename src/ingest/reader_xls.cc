// .xls workbooks (Excel 97-2003: BIFF5/BIFF8 in an OLE2 compound file), read
// with FreeXL; one sheet is read as a table (ReadSheet, then ReadTable: the
// same column names, --map, ids from content and date rules as CSV).
//
// FreeXL (1.0.x) opens only a path: a file is opened where it lies
// (ReadXlsFile); a buffer is written to a private file (mkstemp, mode 0600,
// under $TMPDIR or /tmp) that is unlinked as soon as FreeXL has opened it, so
// no copy of the input outlives the read.
//
// Memory: FreeXL parses the workbook when it opens the file and holds the
// chosen sheet's cells and the workbook's shared strings until it is
// closed; the format itself caps a sheet at 65,536 rows and 256 columns
// (BIFF8; 16,384 rows in BIFF5). Vox adds no copy of its own: the rows go to
// the table reader one at a time, straight from FreeXL.
// Cells: text in the workbook's code page converted to UTF-8 by FreeXL;
// integers and decimals as numbers (an Excel serial date that FreeXL does not
// know as a date is read by the date column as such); cells formatted as
// dates as "yyyy-mm-dd" or "yyyy-mm-dd HH:MM:SS" (the office's time zone).
// A password-protected workbook is refused as a whole.
//
// Code pages: BIFF8 strings are UTF-16, and a "compressed" one keeps only
// the low bytes (Latin-1); FreeXL reads every BIFF8 string so, whatever the
// CODEPAGE record says (it uses that record for BIFF2-5 only). Excel writes
// CODEPAGE 1200 (UTF-16) in BIFF8, but some Vietnamese office software
// writes 1258 and puts Windows-1258 bytes in compressed strings, which
// FreeXL then gives as "NôÒi dung" for "Nội dung". So when a BIFF8
// workbook names an 8-bit Windows code page, a text cell or sheet name
// whose characters are all below U+0100 (what a compressed string can
// hold) is taken back to its bytes and decoded in that code page (ICU, NFC).
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

  Status OpenPath(const std::string& path) {
    const int rc = freexl_open(path.c_str(), &handle_);
    if (rc != FREEXL_OK) {
      if (handle_ != nullptr) freexl_close(handle_);
      handle_ = nullptr;
      return Status::InvalidArgument(Why(rc));
    }
    return Status::Ok();
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
    Status s = OpenPath(path);
    unlink(path.c_str());
    return s;
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

// The ICU converter for a BIFF8 workbook's CODEPAGE when it is an 8-bit
// Windows code page (874, 1250-1258); nullptr otherwise (1200 and the rest).
const char* EightBitCodepage(const void* xls) {
  unsigned int version = 0, codepage = 0;
  if (freexl_get_info(xls, FREEXL_BIFF_VERSION, &version) != FREEXL_OK || version != FREEXL_BIFF_VER_8 ||
      freexl_get_info(xls, FREEXL_BIFF_CODEPAGE, &codepage) != FREEXL_OK) {
    return nullptr;
  }
  switch (codepage) {
    case 874: return "windows-874";
    case 1250: return "windows-1250";
    case 1251: return "windows-1251";
    case 1252: return "windows-1252";
    case 1253: return "windows-1253";
    case 1254: return "windows-1254";
    case 1255: return "windows-1255";
    case 1256: return "windows-1256";
    case 1257: return "windows-1257";
    case 1258: return "windows-1258";
    default: return nullptr;
  }
}

// Text FreeXL read from a compressed BIFF8 string, decoded in `codepage`
// instead of Latin-1 (see the top of the file). Text with a character of
// U+0100 or above was not compressed and is returned as it is.
std::string InCodepage(std::string text, const char* codepage) {
  if (codepage == nullptr) return text;
  std::string bytes;
  bool high = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      bytes.push_back(static_cast<char>(c));
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < text.size()) {
      bytes.push_back(static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(text[++i]) & 0x3F)));
      high = true;
    } else {
      return text;  // U+0100 or above (or not UTF-8): not a compressed string
    }
  }
  std::string decoded;
  if (!high || !ConvertCodepage(bytes, codepage, &decoded)) return text;
  return decoded;
}

std::string DoubleText(double d) {
  char buf[40];
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", d);
  } else {
    std::snprintf(buf, sizeof buf, "%.15g", d);
  }
  return buf;
}

std::string NotXls(const std::string& name, std::string_view head) {
  return name + ": not an .xls workbook: it looks like " + DescribeContent(head) +
         " (give --format to read it as something else)";
}

Status ReadOpened(const XlsHandle& xls, const ReadOptions& opts, const LocatedItemSink& on_item,
                  const RejectSink& on_reject) {
  const std::string& name = opts.input_name;
  unsigned int info = 0;
  if (freexl_get_info(xls.get(), FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
      info == FREEXL_BIFF_OBFUSCATED) {
    return Status::InvalidArgument(name + ": the workbook is password-protected");
  }
  const char* codepage = EightBitCodepage(xls.get());
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
    choice.names.push_back(InCodepage(sheet_name, codepage));
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
  // The rows straight from FreeXL, a row at a time, on every pass.
  const SheetRowSource source = [&](const std::function<bool(SheetRow&)>& visit) -> Status {
    SheetRow row;
    for (unsigned int r = 0; r < rows; ++r) {
      row.number = static_cast<size_t>(r) + 1;
      row.cells.clear();
      for (unsigned short c = 0; c < columns; ++c) {
        FreeXL_CellValue v;
        if (freexl_get_cell_value(xls.get(), r, c, &v) != FREEXL_OK) continue;
        std::string value;
        switch (v.type) {
          case FREEXL_CELL_INT: value = std::to_string(v.value.int_value); break;
          case FREEXL_CELL_DOUBLE: value = DoubleText(v.value.double_value); break;
          case FREEXL_CELL_TEXT:
          case FREEXL_CELL_SST_TEXT:
            if (v.value.text_value != nullptr) value = InCodepage(v.value.text_value, codepage);
            break;
          case FREEXL_CELL_DATE:
          case FREEXL_CELL_DATETIME:
          case FREEXL_CELL_TIME:
            if (v.value.text_value != nullptr) value = v.value.text_value;
            break;
          default: break;
        }
        if (!IsBlank(value)) row.cells.emplace_back(c, std::move(value));
      }
      if (!visit(row)) break;
    }
    return Status::Ok();
  };
  return ReadSheet(source, choice.names[*chosen], opts, on_item, on_reject);
}

}  // namespace

Status ReadXls(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
               const RejectSink& on_reject) {
  const std::string& name = opts.input_name;
  if (data.substr(0, kOle2Magic.size()) != kOle2Magic) return Status::InvalidArgument(NotXls(name, data));
  XlsHandle xls;
  if (Status s = xls.Open(data); !s.ok()) {
    if (s.code() == StatusCode::kIoError) return Status::IoError(name + ": " + s.message());
    return Status::InvalidArgument(name + ": not a readable .xls workbook: " + s.message());
  }
  return ReadOpened(xls, opts, on_item, on_reject);
}

Status ReadXlsFile(const std::string& path, std::string_view head, const ReadOptions& opts,
                   const LocatedItemSink& on_item, const RejectSink& on_reject) {
  const std::string& name = opts.input_name;
  if (head.substr(0, kOle2Magic.size()) != kOle2Magic) return Status::InvalidArgument(NotXls(name, head));
  XlsHandle xls;
  if (Status s = xls.OpenPath(path); !s.ok()) {
    return Status::InvalidArgument(name + ": not a readable .xls workbook: " + s.message());
  }
  return ReadOpened(xls, opts, on_item, on_reject);
}

}  // namespace vox::ingest::internal
