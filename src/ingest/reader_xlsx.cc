// .xlsx / .xlsm workbooks (Office Open XML, ECMA-376 part 1 section 18): a
// ZIP archive (libzip: from memory, or from a file where it lies) of XML
// parts (pugixml). One sheet is read as a table (ReadSheet, then ReadTable:
// the same column names, --map, ids from content and date rules as CSV).
//
// Parts read: _rels/.rels (where the workbook is; xl/workbook.xml when it
// does not say), the workbook (sheet names, order, visibility), the
// workbook's relationships (sheet name -> part), xl/sharedStrings.xml, and
// the chosen sheet. Cells: shared strings (t="s", rich-text runs joined,
// phonetic runs left out), inline strings (t="inlineStr"), formula results
// (t="str", cached values only: formulas are never evaluated), booleans
// (TRUE/FALSE), ISO dates (t="d"), errors as their text (#N/A), and numbers
// as written; an integer in exponent form (1.2E+10) is written out in full so
// that ids and phone-like numbers stay exact. A date cell is a number (an
// Excel serial date) that the date column reads as such. Escaped characters
// (_x000D_) are decoded.
//
// The sheet and the shared strings are read in a stream: inflated a chunk at
// a time (zip_fread) and cut by XmlElementStream into their <row> (<si>)
// elements, each parsed by itself with pugixml as the whole document would
// parse it, so that memory holds one row at a time (plus the shared strings
// kept as text), whatever the sheet's size. The sheet is read once to find
// the header and check that its XML is well-formed, and once more for the
// rows (ReadSheet): a sheet that is not well-formed is refused as a whole
// before any row is passed on.
//
// Limits: the small parts (relationships, the workbook) and the shared
// strings kept are refused past kMaxPartBytes (a ZIP bomb); a row past
// kMaxElementBytes is refused; the sheet itself has no size limit (it is
// never held). Cells past column XFD are ignored. Element names are matched
// by local name, so prefixed SpreadsheetML (<x:c>) reads the same.
#include <zip.h>

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <istream>
#include <memory>
#include <pugixml.hpp>

#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace {

constexpr size_t kMaxPartBytes = 256u << 20;
constexpr size_t kMaxElementBytes = 64u << 20;
constexpr size_t kMaxColumns = 16384;  // A..XFD

// An archive read from a buffer the caller keeps alive.
class Zip {
 public:
  ~Zip() {
    if (zip_ != nullptr) zip_discard(zip_);
  }

  // Non-OK when `data` is not a ZIP archive.
  Status Open(std::string_view data) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(data.data(), data.size(), 0, &error);
    if (src == nullptr) {
      zip_error_fini(&error);
      return Status::Internal("cannot read the archive from memory");
    }
    zip_ = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (zip_ == nullptr) {
      zip_source_free(src);
      std::string why = zip_error_strerror(&error);
      zip_error_fini(&error);
      return Status::InvalidArgument(why);
    }
    zip_error_fini(&error);
    return Status::Ok();
  }

  // Reads the archive from an open file (a regular file: libzip seeks in
  // it), which the Zip owns from then on, also when it fails.
  Status OpenFd(int fd) {
    int code = 0;
    zip_ = zip_fdopen(fd, ZIP_RDONLY, &code);
    if (zip_ == nullptr) {
      close(fd);  // zip_fdopen closes it only on success
      zip_error_t error;
      zip_error_init_with_code(&error, code);
      std::string why = zip_error_strerror(&error);
      zip_error_fini(&error);
      return Status::InvalidArgument(why);
    }
    return Status::Ok();
  }

  bool Has(const std::string& name) const {
    return zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE) >= 0;
  }

  // Member `name` opened for reading (zip_fclose it); NotFound when it is absent.
  Result<zip_file_t*> Open(const std::string& name) const {
    const zip_int64_t index = zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return Status::NotFound(name + " is missing");
    zip_file_t* f = zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0);
    if (f == nullptr) {
      return Status::InvalidArgument(name + ": " + zip_strerror(zip_) +
                                     " (an encrypted or damaged workbook?)");
    }
    return f;
  }

  // The inflated bytes of member `name`; NotFound when it is absent.
  Result<std::string> Read(const std::string& name) const {
    auto opened = Open(name);
    if (!opened.ok()) return opened.status();
    zip_file_t* f = *opened;
    std::string out;
    char buf[65536];
    while (true) {
      const zip_int64_t n = zip_fread(f, buf, sizeof buf);
      if (n < 0) {
        std::string why = zip_file_strerror(f);
        zip_fclose(f);
        return Status::InvalidArgument(name + ": " + why);
      }
      if (n == 0) break;
      if (out.size() + static_cast<size_t>(n) > kMaxPartBytes) {
        zip_fclose(f);
        return Status::LimitExceeded(name + " is larger than " +
                                     std::to_string(kMaxPartBytes >> 20) +
                                     " MiB once uncompressed");
      }
      out.append(buf, static_cast<size_t>(n));
    }
    zip_fclose(f);
    return out;
  }

 private:
  zip_t* zip_ = nullptr;
};

std::string_view LocalName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& n, std::string_view local) {
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_element && LocalName(c) == local) return c;
  }
  return {};
}

// The relationship id attribute (r:id, whatever the prefix).
std::string RelId(const pugi::xml_node& n) {
  for (pugi::xml_attribute a : n.attributes()) {
    const std::string_view name = a.name();
    if (name.size() > 3 && name.substr(name.size() - 3) == ":id") return a.value();
  }
  return "";
}

// Decodes the _xHHHH_ escapes OOXML uses for characters XML cannot hold.
std::string DecodeEscapes(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      unsigned cp = 0;
      bool hex = true;
      for (size_t j = i + 2; j < i + 6; ++j) {
        const char c = s[j];
        const int v = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
        if (v < 0) {
          hex = false;
          break;
        }
        cp = cp * 16 + static_cast<unsigned>(v);
      }
      if (hex) {
        if (cp < 0x80) {
          out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
          // A lone surrogate stays invalid UTF-8 and rejects its row.
          out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
          out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        i += 6;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// The text of a string item (<si> or <is>): <t>, or the <t> of each run
// <r>; phonetic runs (<rPh>) are not part of the text.
std::string StringItem(const pugi::xml_node& si) {
  std::string out;
  for (pugi::xml_node c : si.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = LocalName(c);
    if (name == "t") {
      out += c.text().get();
    } else if (name == "r") {
      out += Child(c, "t").text().get();
    }
  }
  return DecodeEscapes(std::move(out));
}

// A number as Excel wrote it; "1.2345678901E+10" (an integer in exponent
// form) is written out in full.
std::string NumberText(std::string_view v) {
  v = Trim(v);
  if (v.find_first_of("eE") == std::string_view::npos) return std::string(v);
  char* end = nullptr;
  const std::string s(v);
  const double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(d)) return s;
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  return s;
}

// "AB12" -> column 27 (0-based); npos when there is no letter part or it
// is past XFD.
size_t ColumnOf(std::string_view ref) {
  size_t col = 0, i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + static_cast<size_t>(ref[i] - 'A' + 1);
    if (col > kMaxColumns) return std::string_view::npos;
  }
  if (i == 0) return std::string_view::npos;
  return col - 1;
}

Result<pugi::xml_document*> ParsePart(const Zip& zip, const std::string& name,
                                      pugi::xml_document* doc, std::string* bytes) {
  auto data = zip.Read(name);
  if (!data.ok()) return data.status();
  *bytes = std::move(*data);
  const pugi::xml_parse_result r =
      doc->load_buffer_inplace(bytes->data(), bytes->size(), pugi::parse_default);
  if (!r) {
    return Status::InvalidArgument(name + " is not well-formed XML (" + r.description() +
                                   " at byte " + std::to_string(r.offset) + ")");
  }
  return doc;
}

// Targets in a relationships part, relative to `dir` ("xl/").
std::string ResolveTarget(std::string_view dir, std::string_view target) {
  if (!target.empty() && target.front() == '/') return std::string(target.substr(1));
  std::string out(dir);
  while (target.substr(0, 3) == "../") {
    target.remove_prefix(3);
    if (!out.empty()) out.pop_back();
    const size_t slash = out.rfind('/');
    out = slash == std::string::npos ? "" : out.substr(0, slash + 1);
  }
  out += target;
  return out;
}

struct SheetRef {
  std::string name;
  std::string part;
  bool hidden = false;
};

// The workbook's sheets in order, with the part each is in.
Result<std::vector<SheetRef>> ListSheets(const Zip& zip) {
  std::string workbook = "xl/workbook.xml";
  pugi::xml_document rels_doc;
  std::string rels_bytes;
  if (zip.Has("_rels/.rels") && ParsePart(zip, "_rels/.rels", &rels_doc, &rels_bytes).ok()) {
    for (pugi::xml_node r : Child(rels_doc, "Relationships").children()) {
      const std::string_view type = r.attribute("Type").value();
      if (type.size() >= 15 && type.substr(type.size() - 15) == "/officeDocument") {
        workbook = ResolveTarget("", r.attribute("Target").value());
        break;
      }
    }
  }
  const size_t slash = workbook.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : workbook.substr(0, slash + 1);
  pugi::xml_document doc;
  std::string bytes;
  if (auto p = ParsePart(zip, workbook, &doc, &bytes); !p.ok()) return p.status();

  pugi::xml_document wrels;
  std::string wrels_bytes;
  const std::string wrels_name =
      dir + "_rels/" + workbook.substr(slash == std::string::npos ? 0 : slash + 1) + ".rels";
  std::vector<std::pair<std::string, std::string>> targets;  // id -> part
  if (ParsePart(zip, wrels_name, &wrels, &wrels_bytes).ok()) {
    for (pugi::xml_node r : Child(wrels, "Relationships").children()) {
      targets.emplace_back(r.attribute("Id").value(),
                           ResolveTarget(dir, r.attribute("Target").value()));
    }
  }
  std::vector<SheetRef> sheets;
  for (pugi::xml_node s : Child(Child(doc, "workbook"), "sheets").children()) {
    if (s.type() != pugi::node_element || LocalName(s) != "sheet") continue;
    SheetRef ref;
    ref.name = s.attribute("name").value();
    const std::string_view state = s.attribute("state").value();
    ref.hidden = state == "hidden" || state == "veryHidden";
    const std::string id = RelId(s);
    for (const auto& [rid, part] : targets) {
      if (rid == id) ref.part = part;
    }
    if (ref.part.empty()) {
      // No relationships part: the usual name of the n-th sheet.
      ref.part = dir + "worksheets/sheet" + std::to_string(sheets.size() + 1) + ".xml";
    }
    sheets.push_back(std::move(ref));
  }
  if (sheets.empty() && zip.Has(dir + "worksheets/sheet1.xml")) {
    sheets.push_back({"Sheet1", dir + "worksheets/sheet1.xml", false});
  }
  return sheets;
}

// The cell value of <c> as the table reads it.
std::string CellValue(const pugi::xml_node& c, const std::vector<std::string>& strings) {
  const std::string_view type = c.attribute("t").value();
  if (type == "s") {
    const pugi::xml_text v = Child(c, "v").text();
    const unsigned long long i = v.as_ullong(~0ull);
    if (!v.empty() && i < strings.size()) return strings[i];
    return std::string("#BADSTRING(") + v.get() + ")";
  }
  if (type == "inlineStr") return StringItem(Child(c, "is"));
  if (type == "b") return std::string_view(Child(c, "v").text().get()) == "1" ? "TRUE" : "FALSE";
  if (type == "str" || type == "e" || type == "d") return DecodeEscapes(Child(c, "v").text().get());
  return NumberText(Child(c, "v").text().get());
}

// The <row> element `r` into *row (numbered after `previous`, the number
// of the row before it).
void ReadRow(const pugi::xml_node& r, size_t previous, const std::vector<std::string>& strings, SheetRow* row) {
  const unsigned long long given = r.attribute("r").as_ullong(0);
  row->number = given > previous ? given : previous + 1;
  row->cells.clear();
  size_t col = 0;
  for (pugi::xml_node c : r.children()) {
    if (c.type() != pugi::node_element || LocalName(c) != "c") continue;
    const char* ref = c.attribute("r").value();
    if (*ref != '\0') col = ColumnOf(ref);
    if (col == std::string_view::npos || col >= kMaxColumns) {
      col = kMaxColumns;
      continue;
    }
    std::string value = CellValue(c, strings);
    if (!IsBlank(value)) row->cells.emplace_back(col, std::move(value));
    ++col;
  }
}

// A part of the archive read a chunk at a time (XmlReadFn). A part saved as
// UTF-16 (with a byte order mark; Excel and LibreOffice write UTF-8) is read
// whole, up to kMaxPartBytes, and converted first.
class PartStream {
 public:
  PartStream(const Zip& zip, std::string name) : zip_(zip), name_(std::move(name)) {}
  ~PartStream() {
    if (file_ != nullptr) zip_fclose(file_);
  }

  Status Open() {
    auto opened = zip_.Open(name_);
    if (!opened.ok()) return opened.status();
    file_ = *opened;
    char first[2];
    auto n = Raw(first, 2);
    if (!n.ok()) return n.status();
    head_.assign(first, *n);
    if (head_ == "\xFF\xFE" || head_ == "\xFE\xFF") {
      std::string whole = head_;
      char buf[65536];
      while (true) {
        auto got = Raw(buf, sizeof buf);
        if (!got.ok()) return got.status();
        if (*got == 0) break;
        if (whole.size() + *got > kMaxPartBytes) {
          return Status::LimitExceeded(name_ + " is larger than " + std::to_string(kMaxPartBytes >> 20) +
                                       " MiB once uncompressed");
        }
        whole.append(buf, *got);
      }
      head_.clear();
      DecodeText(whole, &head_);
    }
    return Status::Ok();
  }

  Result<size_t> Read(char* buf, size_t size) {
    if (head_pos_ < head_.size()) {
      const size_t n = std::min(size, head_.size() - head_pos_);
      std::memcpy(buf, head_.data() + head_pos_, n);
      head_pos_ += n;
      return n;
    }
    return Raw(buf, size);
  }

 private:
  Result<size_t> Raw(char* buf, size_t size) {
    if (done_) return size_t{0};
    const zip_int64_t n = zip_fread(file_, buf, size);
    if (n < 0) return Status::InvalidArgument(name_ + ": " + zip_file_strerror(file_));
    if (n == 0) done_ = true;
    return static_cast<size_t>(n);
  }

  const Zip& zip_;
  std::string name_;
  zip_file_t* file_ = nullptr;
  std::string head_;  // the first bytes (or the whole part, converted), given out first
  size_t head_pos_ = 0;
  bool done_ = false;
};

// XmlElementStream over a part: non-OK "PART is not well-formed XML (...)"
// (or the read's error) when the part cannot be read.
Status ForEachPartElement(const Zip& zip, const std::string& part, const std::vector<std::string_view>& path,
                          std::string_view name, size_t chunk_bytes,
                          const std::function<bool(const pugi::xml_node&, uint64_t)>& fn) {
  PartStream stream(zip, part);
  VOX_RETURN_IF_ERROR(stream.Open());
  Status read_error;
  const XmlReadFn read = [&](char* buf, size_t size) -> Result<size_t> {
    auto n = stream.Read(buf, size);
    if (!n.ok()) read_error = n.status();
    return n;
  };
  Status s = ForEachXmlElement(read, path, name, chunk_bytes, kMaxElementBytes, fn);
  if (s.ok()) return s;
  if (!read_error.ok()) return read_error;
  if (s.code() == StatusCode::kLimitExceeded) return Status::LimitExceeded(part + ": " + s.message());
  return Status::InvalidArgument(part + " is not well-formed XML (" + s.message() + ")");
}

// The workbook opened (from memory or from a file) and its sheet chosen.
Status ReadArchive(const Zip& zip, const ReadOptions& opts, size_t chunk_bytes, const LocatedItemSink& on_item,
                   const RejectSink& on_reject) {
  const std::string& name = opts.input_name;
  auto sheets = ListSheets(zip);
  if (!sheets.ok()) {
    return Status::InvalidArgument(name + ": not an .xlsx workbook: " + sheets.status().message());
  }
  SheetChoice choice;
  for (const SheetRef& s : *sheets) choice.names.push_back(s.name);
  for (const SheetRef& s : *sheets) choice.hidden.push_back(s.hidden);
  auto chosen = ChooseSheet(choice, opts);
  if (!chosen.ok()) return chosen.status();
  const SheetRef& sheet = (*sheets)[*chosen];

  // Shared strings (absent when the workbook has no text cells), kept as
  // text: bounded by the workbook's distinct strings, not its rows.
  std::vector<std::string> strings;
  {
    std::string sst_name = "xl/sharedStrings.xml";
    const size_t slash = sheet.part.find("worksheets/");
    if (slash != std::string::npos) sst_name = sheet.part.substr(0, slash) + "sharedStrings.xml";
    if (zip.Has(sst_name)) {
      size_t kept = 0;
      bool too_large = false;
      Status s = ForEachPartElement(zip, sst_name, {"sst"}, "si", chunk_bytes,
                                    [&](const pugi::xml_node& si, uint64_t) {
                                      strings.push_back(StringItem(si));
                                      kept += strings.back().size() + sizeof(std::string);
                                      too_large = kept > kMaxPartBytes;
                                      return !too_large;
                                    });
      if (!s.ok()) return Status::InvalidArgument(name + ": " + s.message());
      if (too_large) {
        return Status::LimitExceeded(name + ": " + sst_name + " holds more than " +
                                     std::to_string(kMaxPartBytes >> 20) + " MiB of text");
      }
    }
  }

  // The sheet's rows, read from the start of the part on each pass.
  const SheetRowSource rows = [&](const std::function<bool(SheetRow&)>& visit) -> Status {
    SheetRow row;
    size_t previous = 0;
    Status s = ForEachPartElement(zip, sheet.part, {"worksheet", "sheetData"}, "row", chunk_bytes,
                                  [&](const pugi::xml_node& r, uint64_t) {
                                    ReadRow(r, previous, strings, &row);
                                    previous = row.number;
                                    return visit(row);
                                  });
    if (!s.ok()) return Status::InvalidArgument(name + ": sheet '" + sheet.name + "': " + s.message());
    return s;
  };
  return ReadSheet(rows, sheet.name, opts, on_item, on_reject);
}

std::string NotXlsx(const std::string& name, std::string_view head) {
  return name + ": not an .xlsx workbook: it looks like " + DescribeContent(head) +
         " (give --format to read it as something else)";
}

}  // namespace

Status ReadXlsx(std::string_view data, const ReadOptions& opts, const LocatedItemSink& on_item,
                const RejectSink& on_reject, size_t chunk_bytes) {
  const std::string& name = opts.input_name;
  if (data.substr(0, 4) != std::string_view("PK\x03\x04", 4)) return Status::InvalidArgument(NotXlsx(name, data));
  Zip zip;
  if (Status s = zip.Open(data); !s.ok()) {
    return Status::InvalidArgument(name + ": not a readable .xlsx workbook: " + s.message());
  }
  return ReadArchive(zip, opts, chunk_bytes, on_item, on_reject);
}

Status ReadXlsxFile(int fd, std::string_view head, const ReadOptions& opts, const LocatedItemSink& on_item,
                    const RejectSink& on_reject, size_t chunk_bytes) {
  const std::string& name = opts.input_name;
  if (head.substr(0, 4) != std::string_view("PK\x03\x04", 4)) {
    close(fd);
    return Status::InvalidArgument(NotXlsx(name, head));
  }
  Zip zip;
  if (Status s = zip.OpenFd(fd); !s.ok()) {
    return Status::InvalidArgument(name + ": not a readable .xlsx workbook: " + s.message());
  }
  return ReadArchive(zip, opts, chunk_bytes, on_item, on_reject);
}

}  // namespace vox::ingest::internal
