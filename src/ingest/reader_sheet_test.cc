// Spreadsheets: .xlsx workbooks built here with libzip (the parts as Excel
// and LibreOffice write them), a real .xls written by python3-xlwt
// (testdata/make_complaints_xls.py), and a minimal BIFF8 .xls in Windows-1258
// (testdata/make_phan_anh_cp1258.py).
#include <gtest/gtest.h>
#include <zip.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "ingest/reader.h"
#include "ingest/reader_internal.h"
#include "ingest/reader_test_util.h"

namespace vox::ingest {
namespace {

using testing::Named;
using testing::Read;

// Writes a ZIP archive of (name, content) parts and returns its bytes.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& parts) {
  const std::string path = ::testing::TempDir() + "/vox-sheet-test.zip";
  std::remove(path.c_str());
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (z == nullptr) return "";
  for (const auto& [name, content] : parts) {
    zip_source_t* src = zip_source_buffer(z, content.data(), content.size(), 0);
    if (src == nullptr || zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8) < 0) {
      zip_discard(z);
      return "";
    }
  }
  if (zip_close(z) != 0) return "";
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::remove(path.c_str());
  return ss.str();
}

constexpr const char* kNs =
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

// A workbook with the given sheets (name, sheetData XML, hidden).
struct SheetSpec {
  std::string name;
  std::string rows;
  bool hidden = false;
};

std::string MakeXlsx(const std::vector<SheetSpec>& sheets, const std::string& shared_strings) {
  std::vector<std::pair<std::string, std::string>> parts;
  parts.emplace_back(
      "[Content_Types].xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
  parts.emplace_back(
      "_rels/.rels",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
      "relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
  std::string workbook = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook ") +
                         kNs + "><sheets>";
  std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    // Sheet parts numbered in reverse, so that only the relationships tell
    // which part is which sheet.
    const std::string part = "sheet" + std::to_string(sheets.size() - i) + ".xml";
    workbook += "<sheet name=\"" + sheets[i].name + "\" sheetId=\"" + n + "\" r:id=\"rId" + n +
                "\"" + (sheets[i].hidden ? " state=\"hidden\"" : "") + "/>";
    rels += "<Relationship Id=\"rId" + n +
            "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            "worksheet\" Target=\"worksheets/" + part + "\"/>";
    parts.emplace_back("xl/worksheets/" + part,
                       std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet ") +
                           kNs + "><sheetData>" + sheets[i].rows + "</sheetData></worksheet>");
  }
  workbook += "</sheets></workbook>";
  rels += "</Relationships>";
  parts.emplace_back("xl/workbook.xml", workbook);
  parts.emplace_back("xl/_rels/workbook.xml.rels", rels);
  if (!shared_strings.empty()) {
    parts.emplace_back("xl/sharedStrings.xml",
                       std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst ") + kNs + ">" +
                           shared_strings + "</sst>");
  }
  return MakeZip(parts);
}

// The complaint log of an office: a title row, a Vietnamese header, dates
// as dd/mm/yyyy text (shared and inline strings) and as serial numbers.
std::string ComplaintLog() {
  const std::string sst =
      "<si><t>BÁO CÁO TIẾP NHẬN PHẢN ÁNH THÁNG 10/2026</t></si>"  // 0
      "<si><t>STT</t></si>"                                       // 1
      "<si><t>Ngày phản ánh</t></si>"                             // 2
      "<si><r><t>Nội dung </t></r><r><rPr><b/></rPr><t>phản ánh</t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>X</t></rPh></si>"                // 3 (rich text)
      "<si><t>Phường/Xã</t></si>"                                 // 4
      "<si><t>15/10/2026 08:30</t></si>"                          // 5
      "<si><t>Đường Lê Lợi ngập sâu sau mưa,_x000D_\nxe chết máy</t></si>"  // 6
      "<si><t>Phường 1</t></si>"                                  // 7
      "<si><t>Mất điện cả khu phố 3</t></si>"                     // 8
      "<si><t>32/10/2026</t></si>";                               // 9
  const std::string rows =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\" t=\"s\"><v>2</v></c>"
      "<c r=\"C3\" t=\"s\"><v>3</v></c><c r=\"D3\" t=\"s\"><v>4</v></c></row>"
      // text date (shared string), place
      "<row r=\"4\"><c r=\"A4\"><v>1</v></c><c r=\"B4\" t=\"s\"><v>5</v></c>"
      "<c r=\"C4\" t=\"s\"><v>6</v></c><c r=\"D4\" t=\"s\"><v>7</v></c></row>"
      // serial date (a number cell with a date style), no place
      "<row r=\"5\"><c r=\"A5\"><v>2</v></c><c r=\"B5\" s=\"1\"><v>46311.416666666664</v></c>"
      "<c r=\"C5\" t=\"s\"><v>8</v></c></row>"
      // an empty row as Excel keeps one (formatted, no values)
      "<row r=\"6\"><c r=\"A6\" s=\"2\"/></row>"
      // inline strings, cells without references
      "<row r=\"7\"><c><v>3</v></c><c t=\"inlineStr\"><is><t>03/10/2026 09:15</t></is></c>"
      "<c t=\"inlineStr\"><is><t>Nước máy có mùi lạ</t></is></c>"
      "<c t=\"inlineStr\"><is><t>Xã Tân Phú</t></is></c></row>"
      // not a date
      "<row r=\"8\"><c r=\"A8\"><v>4</v></c><c r=\"B8\" t=\"s\"><v>9</v></c>"
      "<c r=\"C8\" t=\"s\"><v>8</v></c></row>";
  return MakeXlsx({{"Phản ánh", rows}}, sst);
}

TEST(XlsxReader, VietnameseComplaintLogWithTitleRowTextAndSerialDates) {
  const std::string book = ComplaintLog();
  ASSERT_FALSE(book.empty());
  EXPECT_EQ(DetectFormat(book, "export"), Format::kXlsx);  // by the ZIP signature
  auto c = Read(Format::kXlsx, book, Named("phan-anh.xlsx"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 3u);
  const Item& a = c.items[0];
  EXPECT_EQ(a.id, "1");  // STT
  EXPECT_EQ(a.text, "Đường Lê Lợi ngập sâu sau mưa,\r\nxe chết máy");
  EXPECT_EQ(a.published_at, 1792027800);  // 15/10/2026 08:30 +07:00
  EXPECT_EQ(a.place, "Phường 1");
  EXPECT_EQ(a.source, "default");
  EXPECT_EQ(c.items[1].id, "2");
  EXPECT_EQ(c.items[1].published_at, 1792119600);  // serial 46311.41666 = 16/10/2026 10:00 +07
  EXPECT_EQ(c.items[1].place, "");
  EXPECT_EQ(c.items[2].id, "3");
  EXPECT_EQ(c.items[2].text, "Nước máy có mùi lạ");
  EXPECT_EQ(c.items[2].published_at, 1790993700);  // 03/10 read day first: the column says so
  EXPECT_EQ(c.items[2].place, "Xã Tân Phú");
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "phan-anh.xlsx: sheet 'Phản ánh' row 8");
  EXPECT_EQ(c.rejects[0].field, "published_at");
  EXPECT_NE(c.rejects[0].reason.find("32/10/2026"), std::string::npos);
}

TEST(XlsxReader, HeaderWithoutTextColumnNamesTheSheetRowAndColumns) {
  const std::string book = MakeXlsx(
      {{"Data", "<row r=\"2\"><c t=\"inlineStr\"><is><t>Mã</t></is></c>"
                "<c t=\"inlineStr\"><is><t>Số tiền</t></is></c></row>"
                "<row r=\"3\"><c><v>1</v></c><c><v>5</v></c></row>"}},
      "");
  auto c = Read(Format::kXlsx, book, Named("b.xlsx"));
  ASSERT_FALSE(c.status.ok());
  EXPECT_NE(c.status.message().find("b.xlsx: sheet 'Data' row 2: no column for the text"),
            std::string::npos)
      << c.status.message();
  EXPECT_NE(c.status.message().find("'Số tiền'"), std::string::npos);
}

std::string TwoSheets() {
  const std::string first =
      "<row r=\"1\"><c t=\"inlineStr\"><is><t>id</t></is></c><c t=\"inlineStr\"><is><t>text</t>"
      "</is></c><c t=\"inlineStr\"><is><t>date</t></is></c></row>"
      "<row r=\"2\"><c t=\"inlineStr\"><is><t>h1</t></is></c><c t=\"inlineStr\"><is><t>ẩn</t>"
      "</is></c><c><v>46311</v></c></row>";
  const std::string second =
      "<row r=\"1\"><c t=\"inlineStr\"><is><t>id</t></is></c><c t=\"inlineStr\"><is><t>text</t>"
      "</is></c><c t=\"inlineStr\"><is><t>date</t></is></c></row>"
      "<row r=\"2\"><c t=\"inlineStr\"><is><t>v1</t></is></c><c t=\"inlineStr\"><is><t>hiện</t>"
      "</is></c><c><v>46311</v></c></row>";
  const std::string third =
      "<row r=\"1\"><c t=\"inlineStr\"><is><t>id</t></is></c><c t=\"inlineStr\"><is><t>text</t>"
      "</is></c><c t=\"inlineStr\"><is><t>date</t></is></c></row>"
      "<row r=\"2\"><c><v>1.2345678901E+10</v></c><c t=\"str\"><v>công thức</v></c>"
      "<c t=\"d\"><v>2026-10-16T10:00:00</v></c></row>";
  return MakeXlsx({{"Nháp", first, true}, {"Tháng 10", second}, {"Tháng 11", third}}, "");
}

TEST(XlsxReader, FirstVisibleSheetByDefaultOtherSheetsByNameOrNumber) {
  const std::string book = TwoSheets();
  auto c = Read(Format::kXlsx, book, Named("t.xlsx"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].id, "v1");

  ReadOptions by_name = Named("t.xlsx");
  by_name.table.sheet = "tháng 11";  // case aside
  c = Read(Format::kXlsx, book, by_name);
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].id, "12345678901");  // exponent form written out
  EXPECT_EQ(c.items[0].text, "công thức");  // a formula's cached result
  EXPECT_EQ(c.items[0].published_at, 1792119600);

  ReadOptions by_number = Named("t.xlsx");
  by_number.table.sheet = "1";
  c = Read(Format::kXlsx, book, by_number);
  ASSERT_TRUE(c.status.ok());
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].id, "h1");

  ReadOptions missing = Named("t.xlsx");
  missing.table.sheet = "Tháng 12";
  c = Read(Format::kXlsx, book, missing);
  ASSERT_FALSE(c.status.ok());
  EXPECT_EQ(c.status.message(),
            "t.xlsx: --sheet 'Tháng 12': no such sheet; the workbook has 1 'Nháp' (hidden), 2 "
            "'Tháng 10', 3 'Tháng 11'");
}

TEST(XlsxReader, MapAndIdsFromContentAsForCsv) {
  const std::string rows =
      "<row r=\"1\"><c t=\"inlineStr\"><is><t>DESCRIPTION</t></is></c>"
      "<c t=\"inlineStr\"><is><t>DATETIMEINIT</t></is></c></row>"
      "<row r=\"2\"><c t=\"inlineStr\"><is><t>Pothole</t></is></c>"
      "<c t=\"inlineStr\"><is><t>03/13/2011 02:27:57 PM</t></is></c></row>"
      "<row r=\"3\"><c t=\"inlineStr\"><is><t>Graffiti</t></is></c>"
      "<c t=\"inlineStr\"><is><t>03/01/2011 09:00:00 AM</t></is></c></row>";
  const std::string book = MakeXlsx({{"Sheet1", rows}}, "");
  ReadOptions opts = Named("311.xlsx");
  ASSERT_TRUE(ParseColumnMap("text=DESCRIPTION,published_at=DATETIMEINIT", &opts.table).ok());
  auto c = Read(Format::kXlsx, book, opts);
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 2u);
  EXPECT_EQ(c.items[0].id.substr(0, 4), "row-");
  EXPECT_NE(c.items[0].id, c.items[1].id);
  // 03/13 settles the column month first: 03/01 is the 1st of March.
  int64_t march1 = 0;
  ASSERT_TRUE(ParseTimestamp("2011-03-01T09:00:00+07:00", &march1));
  EXPECT_EQ(c.items[1].published_at, march1);
  auto again = Read(Format::kXlsx, book, opts);
  ASSERT_EQ(again.items.size(), 2u);
  EXPECT_EQ(again.items[0].id, c.items[0].id);  // re-import: same ids
}

TEST(XlsxReader, NotAWorkbookSaysWhatItLooksLike) {
  auto html = Read(Format::kXlsx, "<!DOCTYPE html><html><body><table><tr><td>x</td></tr>",
                   Named("bao-cao.xlsx"));
  ASSERT_FALSE(html.status.ok());
  EXPECT_EQ(html.status.message(),
            "bao-cao.xlsx: not an .xlsx workbook: it looks like an HTML page (give --format to "
            "read it as something else)");
  const std::string zip = MakeZip({{"readme.txt", "hello"}});
  auto other = Read(Format::kXlsx, zip, Named("a.xlsx"));
  ASSERT_FALSE(other.status.ok());
  EXPECT_NE(other.status.message().find("xl/workbook.xml is missing"), std::string::npos)
      << other.status.message();
  std::string cut = ComplaintLog();
  cut.resize(cut.size() / 2);
  auto damaged = Read(Format::kXlsx, cut, Named("d.xlsx"));
  ASSERT_FALSE(damaged.status.ok());
  EXPECT_NE(damaged.status.message().find("d.xlsx: not a readable .xlsx workbook"),
            std::string::npos)
      << damaged.status.message();
}

TEST(SheetDetection, WorkbookSignaturesAndNames) {
  EXPECT_EQ(DetectFormat(std::string("PK\x03\x04", 4) + "rest", "a.csv"), Format::kXlsx);
  EXPECT_EQ(DetectFormat(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), "x"), Format::kXls);
  // An HTML table saved as .xls goes to the xls reader, which says what it is;
  // tab-separated text saved as .xls is read as a table.
  EXPECT_EQ(DetectFormat("<html><table>", "bao-cao.xls"), Format::kXls);
  EXPECT_EQ(DetectFormat("id\ttext\tdate\n", "bao-cao.xls"), Format::kCsv);
  EXPECT_EQ(ParseFormat("XLSX").value(), Format::kXlsx);
  EXPECT_EQ(ParseFormat("xls").value(), Format::kXls);
}

TEST(XlsReader, ComplaintLogWrittenByXlwt) {
  const std::string book = testing::ReadTestdata("complaints_vn.xls");
  ASSERT_FALSE(book.empty());
  EXPECT_EQ(DetectFormat(book, "complaints_vn.xls"), Format::kXls);
  auto c = Read(Format::kXls, book, Named("complaints_vn.xls", "phong-tiep-dan"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 4u);
  EXPECT_EQ(c.items[0].id, "1");
  EXPECT_EQ(c.items[0].source, "phong-tiep-dan");
  EXPECT_EQ(c.items[0].text, "Đường Lê Lợi ngập sâu sau mưa, xe máy chết máy hàng loạt");
  EXPECT_EQ(c.items[0].published_at, 1792027800);  // text 15/10/2026 08:30
  EXPECT_EQ(c.items[0].place, "Phường 1");
  EXPECT_EQ(c.items[0].labels, std::vector<std::string>{"Hạ tầng"});
  EXPECT_EQ(c.items[1].published_at, 1792119600);  // a bare serial number
  EXPECT_EQ(c.items[2].published_at, 1792454400);  // a date cell, 20/10/2026 07:00 +07:00
  EXPECT_EQ(c.items[3].published_at, 1790993700);  // 03/10/2026 09:15, day first
  ASSERT_EQ(c.rejects.size(), 2u);
  EXPECT_EQ(c.rejects[0].where, "complaints_vn.xls: sheet 'Phản ánh' row 8");
  EXPECT_EQ(c.rejects[0].field, "published_at");
  EXPECT_EQ(c.rejects[1].where, "complaints_vn.xls: sheet 'Phản ánh' row 10");  // the totals row
  EXPECT_EQ(c.rejects[1].field, "text");

  ReadOptions second = Named("complaints_vn.xls");
  second.table.sheet = "Ghi chú";
  c = Read(Format::kXls, book, second);
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].id, "GC-1");
}

// A BIFF8 workbook as some Vietnamese office software writes it: CODEPAGE
// 1258 and Windows-1258 bytes in compressed strings (written by
// testdata/make_phan_anh_cp1258.py). FreeXL reads those strings as Latin-1
// ("NôÒi dung"); the reader decodes them in the workbook's code page: the
// Vietnamese header is recognized, text and sheet name are NFC UTF-8, and
// the dd/mm/yyyy column is settled day first by 13/03 and 31/03.
TEST(XlsReader, Windows1258WorkbookWithCompressedStrings) {
  const std::string book = testing::ReadTestdata("phan_anh_cp1258.xls");
  ASSERT_FALSE(book.empty());
  EXPECT_EQ(DetectFormat(book, "phan_anh_cp1258.xls"), Format::kXls);
  auto c = Read(Format::kXls, book, Named("phan_anh_cp1258.xls", "phuong"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_TRUE(c.rejects.empty()) << c.rejects[0].where << ": " << c.rejects[0].reason;
  ASSERT_EQ(c.items.size(), 4u);
  EXPECT_EQ(c.items[0].id, "PA-01");
  EXPECT_EQ(c.items[0].text, "Đường Nguyễn Huệ ngập sâu sau mưa lớn");
  EXPECT_EQ(c.items[0].place, "Phường Bến Nghé");
  EXPECT_EQ(c.items[0].published_at, 1772643600);  // 05/03/2026 00:00 +07:00: 5 March
  EXPECT_EQ(c.items[1].text, "Mất điện cả khu phố, đề nghị kiểm tra");
  EXPECT_EQ(c.items[1].place, "Phường Tân Định");
  EXPECT_EQ(c.items[2].text, "Rác thải tồn đọng ở chợ nhiều ngày");
  EXPECT_EQ(c.items[2].published_at, 1775062800);  // 02/04/2026: 2 April
  EXPECT_EQ(c.items[3].text, "Nước máy có mùi lạ, người dân lo lắng");
  // The sheet's name is decoded too: --sheet finds it by its Vietnamese name.
  ReadOptions by_name = Named("phan_anh_cp1258.xls");
  by_name.table.sheet = "Phản ánh";
  EXPECT_EQ(Read(Format::kXls, book, by_name).items.size(), 4u);
  // The same table as Windows-1258 CSV (the generator's other file) gives
  // the same items.
  auto csv = Read(Format::kCsv, testing::ReadTestdata("phan_anh_cp1258.csv"), Named("phan_anh_cp1258.csv", "phuong"));
  ASSERT_TRUE(csv.status.ok()) << csv.status.message();
  ASSERT_EQ(csv.items.size(), c.items.size());
  for (size_t i = 0; i < c.items.size(); ++i) {
    EXPECT_EQ(csv.items[i].id, c.items[i].id);
    EXPECT_EQ(csv.items[i].text, c.items[i].text);
    EXPECT_EQ(csv.items[i].place, c.items[i].place);
    EXPECT_EQ(csv.items[i].published_at, c.items[i].published_at);
  }
}

TEST(XlsReader, NotAWorkbookOrDamaged) {
  auto text = Read(Format::kXls, "%PDF-1.4 ...", Named("a.xls"));
  ASSERT_FALSE(text.status.ok());
  EXPECT_NE(text.status.message().find("it looks like a PDF document"), std::string::npos);
  std::string cut = testing::ReadTestdata("complaints_vn.xls");
  cut.resize(700);
  auto damaged = Read(Format::kXls, cut, Named("d.xls"));
  ASSERT_FALSE(damaged.status.ok());
  EXPECT_NE(damaged.status.message().find("d.xls: not a readable .xls workbook"),
            std::string::npos)
      << damaged.status.message();
}


// --- Workbooks read in a stream ----------------------------------------------

// A sheet's XML with what a scanner could trip on: a declaration, a
// comment and CDATA holding markup, '>' in text and in attribute values,
// prefixed names, self-closing rows, a row holding elements of its own, a
// second sheetData (pugixml's first child is the first one) and a row
// outside sheetData.
constexpr const char* kTrickySheet =
    "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<!-- <row r=\"99\"> in a comment -->"
    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<x:dimension ref=\"A1:C4\"/><x:row r=\"50\"><x:c><x:v>outside</x:v></x:c></x:row>"
    "<x:sheetData>"
    "<x:row r=\"1\" spans=\"1:3\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>Mã</x:t></x:is></x:c>"
    "<x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t>Ngày &gt; giờ</x:t></x:is></x:c></x:row>"
    "<x:row r=\"2\" x:note='a > b &amp; c'><x:c r=\"A2\"><x:v>1</x:v></x:c>"
    "<x:c r=\"B2\" t=\"str\"><x:f><![CDATA[IF(A2>0,\"</x:row>\",\"\")]]></x:f><x:v>x > y</x:v></x:c></x:row>"
    "<x:row r=\"3\"/>"
    "<x:row r=\"4\"><!-- </x:row> --><x:c r=\"A4\"><x:v>&#7871;&#x1EBF;</x:v></x:c></x:row>"
    "</x:sheetData>\n"
    "<x:sheetData><x:row r=\"7\"><x:c><x:v>second</x:v></x:c></x:row></x:sheetData>"
    "</x:worksheet>\n";

std::string Print(const pugi::xml_node& n) {
  std::ostringstream out;
  n.print(out, "", pugi::format_raw);
  return out.str();
}

// The rows as the whole document's DOM has them: the oracle.
std::vector<std::string> DomRows(const std::string& xml) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml.c_str()));
  std::vector<std::string> out;
  pugi::xml_node sheet_data = doc.child("x:worksheet").child("x:sheetData");
  for (pugi::xml_node r : sheet_data.children("x:row")) out.push_back(Print(r));
  return out;
}

struct Scanned {
  Status status;
  std::vector<std::string> rows;
  std::vector<uint64_t> offsets;
};

Scanned Scan(const std::string& xml, size_t chunk, size_t max_element = 1 << 20,
             std::vector<std::string_view> path = {"worksheet", "sheetData"}, std::string_view name = "row") {
  Scanned out;
  size_t pos = 0;
  const internal::XmlReadFn read = [&](char* buf, size_t size) -> Result<size_t> {
    // Short reads too: never more than `chunk`, whatever is asked.
    const size_t n = std::min({size, chunk, xml.size() - pos});
    std::memcpy(buf, xml.data() + pos, n);
    pos += n;
    return n;
  };
  out.status = internal::ForEachXmlElement(read, path, name, chunk, max_element,
                                           [&](const pugi::xml_node& n, uint64_t offset) {
                                             out.rows.push_back(Print(n));
                                             out.offsets.push_back(offset);
                                             return true;
                                           });
  return out;
}

TEST(XmlElementStream, SameElementsAsTheWholeDocumentWhateverTheChunk) {
  const std::string xml = kTrickySheet;
  const std::vector<std::string> want = DomRows(xml);
  ASSERT_EQ(want.size(), 4u);
  for (size_t chunk : {1, 2, 3, 5, 7, 13, 64, 4096, 1 << 20}) {
    SCOPED_TRACE(chunk);
    const Scanned got = Scan(xml, chunk);
    ASSERT_TRUE(got.status.ok()) << got.status.message();
    EXPECT_EQ(got.rows, want);
    ASSERT_EQ(got.offsets.size(), 4u);
    EXPECT_EQ(xml.substr(got.offsets[0], 19), "<x:row r=\"1\" spans=");
    EXPECT_EQ(xml.substr(got.offsets[2], 17), "<x:row r=\"3\"/><x:");
  }
  // The cell text comes through the per-row parse as the DOM has it.
  EXPECT_NE(want[1].find("<![CDATA[IF(A2>0,\"</x:row>\",\"\")]]>"), std::string::npos) << want[1];
  EXPECT_NE(want[3].find("ếế"), std::string::npos) << want[3];
}

TEST(XmlElementStream, SharedStringsUnderTheRootOnly) {
  const std::string xml =
      "<sst count=\"3\"><si><t>một</t></si><si><r><t>hai </t></r><r><t>ba</t></r></si>"
      "<extLst><si><t>no</t></si></extLst><si/></sst>";
  for (size_t chunk : {1, 4, 1 << 16}) {
    const Scanned got = Scan(xml, chunk, 1 << 20, {"sst"}, "si");
    ASSERT_TRUE(got.status.ok()) << got.status.message();
    EXPECT_EQ(got.rows, (std::vector<std::string>{"<si><t>một</t></si>",
                                                  "<si><r><t>hai </t></r><r><t>ba</t></r></si>", "<si/>"}));
  }
}

TEST(XmlElementStream, NotWellFormedIsAnErrorWhereverTheInputIsCut) {
  const std::string xml = kTrickySheet;
  const size_t root_end = xml.find("</x:worksheet>");
  // Every cut before the root's end tag leaves something open.
  for (size_t cut = 0; cut < root_end; cut += 7) {
    const Scanned got = Scan(xml.substr(0, cut), 5);
    EXPECT_FALSE(got.status.ok()) << "cut at " << cut << ": " << xml.substr(0, cut);
  }
  std::string wrong = xml;
  const size_t at = wrong.find("</x:row>", wrong.find("</x:f>"));
  wrong.replace(at, 8, "</x:cow>");
  const Scanned got = Scan(wrong, 64);
  ASSERT_FALSE(got.status.ok());
  EXPECT_EQ(got.status.message(),
            "end tag </x:cow> does not match <x:row> at byte " + std::to_string(at));
  EXPECT_EQ(got.rows.size(), 1u);  // the row before it was handed on
  // An element bad inside (an attribute without a value) is pugixml's error,
  // at its place in the document.
  std::string bad_attr = xml;
  const size_t row4 = bad_attr.find("<x:row r=\"4\">");
  bad_attr.replace(row4, 13, "<x:row r=\"4\" broken>");
  const Scanned attr = Scan(bad_attr, 3);
  ASSERT_FALSE(attr.status.ok());
  EXPECT_NE(attr.status.message().find(" at byte "), std::string::npos) << attr.status.message();
}

TEST(XmlElementStream, AnElementLargerThanTheLimitIsRefusedWithoutHoldingIt) {
  std::string xml = "<worksheet><sheetData><row r=\"1\"><c><v>";
  xml += std::string(10000, '7');
  xml += "</v></c></row></sheetData></worksheet>";
  const Scanned got = Scan(xml, 256, 4096);
  ASSERT_FALSE(got.status.ok());
  EXPECT_EQ(got.status.code(), StatusCode::kLimitExceeded);
  EXPECT_TRUE(Scan(xml, 256, 1 << 20).status.ok());
  // The same refusal, at the same place, whatever the chunk: an element
  // over the limit is refused when its end is read, or as soon as what is
  // held of it passes the limit — never by one cut and not another. (Found
  // by fuzz_xmlscan: a short input, a limit of 64 bytes.)
  const std::string sst =
      "<sst " + std::string(90, 'w') + "count=\"2\"><si><t>một</t></si><si><t>" + std::string(80, 'x') +
      "</t><Vtt>x</Vtt></si></sst>";
  const Scanned whole = Scan(sst, sst.size() + 1, 64, {"sst"}, "si");
  EXPECT_EQ(whole.status.code(), StatusCode::kLimitExceeded) << whole.status.message();
  for (size_t chunk = 1; chunk < sst.size(); ++chunk) {
    const Scanned got = Scan(sst, chunk, 64, {"sst"}, "si");
    EXPECT_EQ(got.status.message(), whole.status.message()) << chunk;
    EXPECT_EQ(got.rows, whole.rows) << chunk;
  }
}

using WorkbookReader = std::function<Status(const ReadOptions&, const internal::LocatedItemSink&, const RejectSink&)>;

// Items and rejections of one read, as comparable strings.
std::vector<std::string> Outcome(const WorkbookReader& read, ReadOptions opts, Status* status = nullptr) {
  std::vector<std::string> out;
  Status s = read(
      opts,
      [&out](Item&& item, const std::string& where) {
        out.push_back(where + " | " + item.source + " | " + item.id + " | " + std::to_string(item.published_at) +
                      " | " + item.text + " | " + item.title + " | " + item.place);
        return true;
      },
      [&out](const Rejection& r) { out.push_back("rejected " + r.where + " | " + r.field + " | " + r.reason); });
  if (status != nullptr) *status = s;
  out.push_back("status " + s.message());
  return out;
}

// A generated complaint log of `n` rows: a title row, the header, shared
// and inline strings, serial and text dates, bad rows now and then.
std::string BigLog(size_t n) {
  std::string sst = "<si><t>BÁO CÁO</t></si><si><t>Mã</t></si><si><t>Ngày</t></si><si><t>Nội dung</t></si>";
  std::string rows = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                     "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>2</v></c>"
                     "<c r=\"C2\" t=\"s\"><v>3</v></c></row>";
  for (size_t i = 0; i < n; ++i) {
    const std::string r = std::to_string(i + 3);
    sst += "<si><t>Phản ánh số " + std::to_string(i) + " về đường ngập &amp; rác</t></si>";
    rows += "<row r=\"" + r + "\"><c r=\"A" + r + "\"><v>" + std::to_string(i % 97 == 5 ? 1 : i + 1) + "</v></c>";
    if (i % 50 == 7) {
      rows += "<c r=\"B" + r + "\" t=\"inlineStr\"><is><t>31/02/2026</t></is></c>";
    } else if (i % 2 == 0) {
      rows += "<c r=\"B" + r + "\"><v>" + std::to_string(46000 + i % 300) + ".5</v></c>";
    } else {
      rows += "<c r=\"B" + r + "\" t=\"inlineStr\"><is><t>" + std::to_string(1 + i % 28) + "/1" +
              std::to_string(i % 3) + "/2026 08:30</t></is></c>";
    }
    if (i % 31 != 3) rows += "<c r=\"C" + r + "\" t=\"s\"><v>" + std::to_string(i + 4) + "</v></c>";
    rows += "</row>";
  }
  return MakeXlsx({{"Phản ánh", rows}}, sst);
}

TEST(XlsxStream, SameItemsRejectionsAndOrderWhateverTheChunk) {
  for (const std::string& book : {ComplaintLog(), BigLog(300)}) {
    for (const std::string& date_format : {std::string(), std::string("dd/mm/yyyy")}) {
      ReadOptions opts = Named("log.xlsx");
      opts.table.date_format = date_format;
      const auto whole = Outcome(
          [&](const ReadOptions& o, const internal::LocatedItemSink& sink, const RejectSink& reject) {
            return internal::ReadXlsx(book, o, sink, reject, 1 << 30);
          },
          opts);
      ASSERT_GT(whole.size(), 3u);
      for (size_t chunk : {1, 3, 17, 4096}) {
        SCOPED_TRACE(chunk);
        if (chunk == 1 && book.size() > 10000) continue;  // byte by byte: the small book only (time)
        EXPECT_EQ(Outcome(
                      [&](const ReadOptions& o, const internal::LocatedItemSink& sink, const RejectSink& reject) {
                        return internal::ReadXlsx(book, o, sink, reject, chunk);
                      },
                      opts),
                  whole);
      }
    }
  }
}

// ReadWorkbookStream through the public sinks, as ReadBuffer's Collected.
testing::Collected ReadStreamed(Format format, const std::string& path, const std::string& data, ReadOptions opts,
                                size_t head_bytes, int64_t* bytes = nullptr) {
  testing::Collected c;
  opts.on_skip = [&c](const Rejection& r) { c.skips.push_back(r); };
  std::istringstream in(data.substr(std::min(head_bytes, data.size())));
  c.status = ReadWorkbookStream(
      format, path, data.substr(0, head_bytes), in, opts,
      [&c](Item&& item) {
        c.items.push_back(std::move(item));
        return true;
      },
      [&c](const Rejection& r) { c.rejects.push_back(r); }, bytes);
  return c;
}

void ExpectSame(const testing::Collected& a, const testing::Collected& b) {
  EXPECT_EQ(a.status.message(), b.status.message());
  ASSERT_EQ(a.items.size(), b.items.size());
  for (size_t i = 0; i < a.items.size(); ++i) {
    EXPECT_EQ(a.items[i].id, b.items[i].id);
    EXPECT_EQ(a.items[i].text, b.items[i].text);
    EXPECT_EQ(a.items[i].published_at, b.items[i].published_at);
  }
  ASSERT_EQ(a.rejects.size(), b.rejects.size());
  for (size_t i = 0; i < a.rejects.size(); ++i) {
    EXPECT_EQ(a.rejects[i].where, b.rejects[i].where);
    EXPECT_EQ(a.rejects[i].reason, b.rejects[i].reason);
  }
  ASSERT_EQ(a.skips.size(), b.skips.size());
  for (size_t i = 0; i < a.skips.size(); ++i) EXPECT_EQ(a.skips[i].reason, b.skips[i].reason);
}

TEST(WorkbookStream, FileAndStreamReadAsTheWholeBuffer) {
  const std::string dir = ::testing::TempDir();
  const std::vector<std::pair<Format, std::string>> books = {
      {Format::kXlsx, BigLog(300)},
      {Format::kXlsx, ComplaintLog()},
      {Format::kXls, testing::ReadTestdata("complaints_vn.xls")},
      {Format::kXls, testing::ReadTestdata("phan_anh_cp1258.xls")}};
  for (const auto& [format, book] : books) {
    ASSERT_FALSE(book.empty());
    const ReadOptions opts = Named("log", "phong-tiep-dan");
    const auto whole = testing::Read(format, book, opts);
    ASSERT_TRUE(whole.status.ok()) << whole.status.message();
    ASSERT_FALSE(whole.items.empty());
    const std::string path = dir + "/vox-workbook-stream-test";
    {
      std::ofstream f(path, std::ios::binary);
      f << book;
    }
    int64_t bytes = 0;
    ExpectSame(ReadStreamed(format, path, book, opts, 4096, &bytes), whole);
    EXPECT_EQ(bytes, static_cast<int64_t>(book.size()));
    std::remove(path.c_str());
    // stdin or a URL: copied to a scratch file first, whatever the head.
    for (size_t head : {size_t{8}, size_t{1000}, book.size()}) {
      bytes = 0;
      ExpectSame(ReadStreamed(format, "", book, opts, head, &bytes), whole);
      EXPECT_EQ(bytes, static_cast<int64_t>(book.size()));
    }
  }
}

TEST(WorkbookStream, ASheetNotWellFormedPartWayIsRefusedBeforeAnyRow) {
  // The sheet's XML is cut after its 200th row: no row is handed on,
  // whether the day order is decided from the column (two passes) or given.
  std::string rows;
  rows += "<row r=\"1\"><c t=\"inlineStr\"><is><t>Mã</t></is></c><c t=\"inlineStr\"><is><t>Ngày</t></is></c>"
          "<c t=\"inlineStr\"><is><t>Nội dung</t></is></c></row>";
  for (int i = 2; i < 400; ++i) {
    rows += "<row r=\"" + std::to_string(i) + "\"><c><v>" + std::to_string(i) +
            "</v></c><c t=\"inlineStr\"><is><t>01/10/2026</t></is></c><c t=\"inlineStr\"><is><t>nước ngập " +
            std::to_string(i) + "</t></is></c></row>";
    if (i == 200) rows += "<row r=\"201\"><c><v>1</v></c>";  // never closed
  }
  const std::string book = MakeXlsx({{"Sheet1", rows}}, "");
  for (const std::string& date_format : {std::string(), std::string("dd/mm/yyyy")}) {
    ReadOptions opts = Named("cut.xlsx");
    opts.table.date_format = date_format;
    auto whole = Read(Format::kXlsx, book, opts);
    ASSERT_FALSE(whole.status.ok());
    EXPECT_TRUE(whole.items.empty());
    EXPECT_TRUE(whole.rejects.empty());
    EXPECT_NE(whole.status.message().find("cut.xlsx: sheet 'Sheet1': xl/worksheets/sheet1.xml is not well-formed XML"),
              std::string::npos)
        << whole.status.message();
    ExpectSame(ReadStreamed(Format::kXlsx, "", book, opts, 100), whole);
  }
}

}  // namespace
}  // namespace vox::ingest
