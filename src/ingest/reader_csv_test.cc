#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <streambuf>

#include "ingest/reader.h"
#include "ingest/reader_test_util.h"

namespace vox::ingest {
namespace {

using testing::Named;
using testing::Read;

TEST(CsvReader, HappyPathWithMultilineQuotedField) {
  const std::string data = testing::ReadTestdata("items.csv");
  ASSERT_FALSE(data.empty());
  auto c = Read(Format::kCsv, data, Named("items.csv", "csv-default"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  EXPECT_TRUE(c.rejects.empty()) << c.rejects[0].where << c.rejects[0].reason;
  ASSERT_EQ(c.items.size(), 3u);
  const Item& a = c.items[0];
  EXPECT_EQ(a.id, "c1");
  EXPECT_EQ(a.source, "csv-src");
  EXPECT_EQ(a.text, "Giá xăng tăng, người dân lo lắng");
  EXPECT_EQ(a.author, "Trần B");
  EXPECT_EQ(a.published_at, 1790818200);
  EXPECT_EQ(a.metrics.reactions, 5);
  EXPECT_EQ(a.metrics.shares, 1);
  EXPECT_EQ(a.metrics.views, 10);
  EXPECT_EQ(a.place, "Đà Nẵng");
  EXPECT_EQ(a.labels, (std::vector<std::string>{"giá cả", "xăng dầu"}));
  EXPECT_EQ(c.items[1].text, "Dòng một\r\nDòng \"hai\", có dấu phẩy\r\nDòng ba");
  EXPECT_EQ(c.items[1].source, "csv-default");
  EXPECT_EQ(c.items[1].parent_id, "c1");
  EXPECT_EQ(c.items[2].labels, (std::vector<std::string>{"a", "b"}));
}

TEST(CsvReader, LineNumbersCountPhysicalLines) {
  const std::string data =
      "id,text,published_at\n"
      "1,\"line a\nline b\nline c\",2026-10-01T00:00:00Z\n"  // lines 2-4
      "2,\"x\",not-a-date\n"                                  // line 5
      "3,\"multi\nline\",2026-10-01T00:00:00Z,extra\n"          // lines 6-7
      "4,ok,2026-10-01T00:00:00Z\n";                          // line 8
  auto c = Read(Format::kCsv, data, Named("m.csv"));
  ASSERT_TRUE(c.status.ok());
  ASSERT_EQ(c.rejects.size(), 2u);
  EXPECT_EQ(c.rejects[0].where, "m.csv:5");
  EXPECT_EQ(c.rejects[0].field, "published_at");
  EXPECT_NE(c.rejects[0].reason.find("not-a-date"), std::string::npos);
  EXPECT_EQ(c.rejects[1].where, "m.csv:6");
  EXPECT_EQ(c.rejects[1].field, "");
  EXPECT_NE(c.rejects[1].reason.find("4 fields"), std::string::npos);
  ASSERT_EQ(c.items.size(), 2u);
  EXPECT_EQ(c.items[0].id, "1");
  EXPECT_EQ(c.items[1].id, "4");
}

TEST(CsvReader, RejectionKinds) {
  const std::string data =
      "id,title,text,published_at,reactions\n"
      ",,x,2026-10-01,\n"                         // 2: id missing
      "2,,,2026-10-01,\n"                         // 3: text missing
      "3,,x,,\n"                                  // 4: time missing
      "4,,x,2026-10-01,many\n"                    // 5: bad metric
      "5,,\"bad \xC3\x28\",2026-10-01,\n"         // 6: invalid UTF-8
      "6,,\"x\"y,2026-10-01,\n"                   // 7: text after quote
      "7,,ok,2026-10-01,1\n"                      // 8: good
      "8,,\"never closed,2026-10-01,\nmore\n";    // 9: unterminated
  auto c = Read(Format::kCsv, data, Named("r.csv"));
  ASSERT_TRUE(c.status.ok());
  ASSERT_EQ(c.rejects.size(), 7u);
  const std::pair<const char*, const char*> expected[] = {
      {"r.csv:2", "id"},   {"r.csv:3", "text"}, {"r.csv:4", "published_at"},
      {"r.csv:5", "metrics.reactions"}, {"r.csv:6", "text"}, {"r.csv:7", ""}, {"r.csv:9", ""}};
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(c.rejects[i].where, expected[i].first) << i;
    EXPECT_EQ(c.rejects[i].field, expected[i].second) << i << c.rejects[i].reason;
  }
  EXPECT_NE(c.rejects[4].reason.find("UTF-8"), std::string::npos);
  EXPECT_NE(c.rejects[6].reason.find("unterminated"), std::string::npos);
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].id, "7");
  EXPECT_EQ(c.items[0].metrics.reactions, 1);
}

TEST(CsvReader, SemicolonAndTabDelimiters) {
  auto semi = Read(Format::kCsv,
                   "\xEF\xBB\xBFid;text;published_at;labels\n1;\"a;b\";2026-10-01;x|y\n");
  ASSERT_EQ(semi.items.size(), 1u);
  EXPECT_EQ(semi.items[0].text, "a;b");
  EXPECT_EQ(semi.items[0].labels.size(), 2u);
  auto tab = Read(Format::kCsv, "ID\tText\tPublished_At\n1\tHà Nội, mưa\t2026-10-01\n");
  ASSERT_EQ(tab.items.size(), 1u);
  EXPECT_EQ(tab.items[0].text, "Hà Nội, mưa");
}

TEST(CsvReader, HeaderWithoutRequiredColumnsIsUnusable) {
  auto c = Read(Format::kCsv, "name,message\nx,y\n", Named("h.csv"));
  EXPECT_FALSE(c.status.ok());
  EXPECT_NE(c.status.message().find("h.csv:1"), std::string::npos);
}

TEST(CsvReader, BlankLinesSkipped) {
  auto c = Read(Format::kCsv, "\n\nid,text,published_at\n\n1,a,2026-10-01\n  \n2,b,bad\n",
                Named("b.csv"));
  ASSERT_EQ(c.items.size(), 1u);
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "b.csv:7");
}

}  // namespace
}  // namespace vox::ingest

// --- Exports from other systems (issue 20) ---------------------------------
// The 311 fixtures have the column layout of published exports (Open311
// GeoReport v2 request lists; NYC "311 Service Requests" CSV; SF311 "Case
// Data" TSV); their rows are made up.

namespace vox::ingest {
namespace {

using testing::Named;
using testing::Read;

int64_t Utc(int y, int mo, int d, int h, int mi, int s) {
  std::string iso = std::to_string(y) + "-" + (mo < 10 ? "0" : "") + std::to_string(mo) + "-" +
                    (d < 10 ? "0" : "") + std::to_string(d) + "T" + (h < 10 ? "0" : "") +
                    std::to_string(h) + ":" + (mi < 10 ? "0" : "") + std::to_string(mi) + ":" +
                    (s < 10 ? "0" : "") + std::to_string(s) + "Z";
  int64_t t = 0;
  EXPECT_TRUE(ParseTimestamp(iso, &t)) << iso;
  return t;
}

TEST(CsvExports, Open311RequestList) {
  auto c = Read(Format::kCsv, testing::ReadTestdata("open311_requests.csv"),
                Named("open311_requests.csv", "311"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 2u);
  EXPECT_EQ(c.items[0].id, "24-00117231");
  EXPECT_EQ(c.items[0].source, "311");
  EXPECT_EQ(c.items[0].text, "Deep pothole in the right lane, two cars stopped with flat tyres");
  EXPECT_EQ(c.items[0].published_at, Utc(2024, 3, 4, 13, 41, 19));
  EXPECT_EQ(c.items[0].place, "1400 W EXAMPLE AVE, SPRINGFIELD, IL, 62704");
  EXPECT_EQ(c.items[0].labels, (std::vector<std::string>{"Pothole in Street"}));
  EXPECT_EQ(c.items[1].text, "Spray paint on the underpass wall, \"FREE\" in large letters");
  EXPECT_EQ(c.items[1].url, "https://example.org/media/117288.jpg");
  // The third request has no description: rejected for its text.
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "open311_requests.csv:4");
  EXPECT_EQ(c.rejects[0].field, "text");
}

TEST(CsvExports, Nyc311MonthFirstAmPmDecidedByTheColumn) {
  auto c = Read(Format::kCsv, testing::ReadTestdata("nyc311_export.csv"), Named("nyc.csv"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_TRUE(c.rejects.empty()) << c.rejects[0].reason;
  ASSERT_EQ(c.items.size(), 3u);
  EXPECT_EQ(c.items[0].id, "19837412");
  // "03/15/2011" settles the column month first: 03/01/2011 is 1 March,
  // 02:27:57 PM in the office's zone (+07:00) by default.
  EXPECT_EQ(c.items[0].published_at, Utc(2011, 3, 1, 7, 27, 57));
  EXPECT_EQ(c.items[1].published_at, Utc(2011, 3, 1, 16, 5, 0));
  EXPECT_EQ(c.items[0].text, "Noise: Construction Before/After Hours (NM1)");  // Descriptor
  EXPECT_EQ(c.items[0].labels, (std::vector<std::string>{"Noise"}));       // Complaint Type
  EXPECT_EQ(c.items[0].place, "100 EXAMPLE STREET");
  // The same dates in the office's zone given as New York's winter offset.
  ReadOptions ny = Named("nyc.csv");
  ny.dates.local_offset_seconds = -5 * 3600;
  auto n = Read(Format::kCsv, testing::ReadTestdata("nyc311_export.csv"), ny);
  ASSERT_EQ(n.items.size(), 3u);
  EXPECT_EQ(n.items[0].published_at, Utc(2011, 3, 1, 19, 27, 57));
}

TEST(CsvExports, AmbiguousColumnIsDayFirstUnlessDateFormatSays) {
  const std::string data =
      "Unique Key,Created Date,Descriptor\n"
      "1,03/01/2011 02:27:57 PM,Loud Music/Party\n"
      "2,04/02/2011 09:00:00 AM,Trash\n";
  auto day = Read(Format::kCsv, data);
  ASSERT_EQ(day.items.size(), 2u);
  EXPECT_EQ(day.items[0].published_at, Utc(2011, 1, 3, 7, 27, 57));
  ReadOptions us;
  us.table.date_format = "mm/dd/yyyy";
  auto month = Read(Format::kCsv, data, us);
  ASSERT_EQ(month.items.size(), 2u);
  EXPECT_EQ(month.items[0].published_at, Utc(2011, 3, 1, 7, 27, 57));
  // A value that contradicts the given order is rejected, saying so.
  auto bad = Read(Format::kCsv, data + "3,25/02/2011,x\n", us);
  ASSERT_EQ(bad.rejects.size(), 1u);
  EXPECT_NE(bad.rejects[0].reason.find("month first"), std::string::npos);
  ReadOptions wrong;
  wrong.table.date_format = "iso";
  EXPECT_FALSE(Read(Format::kCsv, data, wrong).status.ok());
}

TEST(CsvExports, Sf311TabSeparated) {
  auto c = Read(Format::kCsv, testing::ReadTestdata("sf311_cases.tsv"), Named("sf311_cases.tsv"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_TRUE(c.rejects.empty()) << c.rejects[0].reason;
  ASSERT_EQ(c.items.size(), 2u);
  EXPECT_EQ(c.items[0].id, "1011201");
  EXPECT_EQ(c.items[0].text, "Bulky items on the sidewalk, a mattress and two chairs");
  EXPECT_EQ(c.items[0].source, "Voice In");
  EXPECT_EQ(c.items[0].place, "100 EXAMPLE ST, SAN FRANCISCO, CA, 94110, Mission");
  EXPECT_EQ(c.items[0].labels,
            (std::vector<std::string>{"Street and Sidewalk Cleaning", "Sidewalk_Cleaning"}));
  EXPECT_EQ(c.items[0].published_at, Utc(2008, 6, 30, 20, 3, 0));  // 07/01 03:03 AM +07
  EXPECT_EQ(c.items[1].url, "https://example.org/sf/1011288.jpg");
}

TEST(CsvExports, MapNamesColumnsTheNamesDoNot) {
  const std::string data = testing::ReadTestdata("mapped_requests.csv");
  auto refused = Read(Format::kCsv, data, Named("m.csv"));
  ASSERT_FALSE(refused.status.ok());
  const std::string msg = refused.status.message();
  EXPECT_NE(msg.find("m.csv:1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("the date"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'DATETIMEINIT'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("--map"), std::string::npos) << msg;

  ReadOptions o = Named("m.csv");
  ASSERT_TRUE(ParseColumnMap("text=DESCRIPTION,published_at=DATETIMEINIT,id=REQUESTID,"
                             "labels=REQCATEGORY,place=STREETADDRESS",
                             &o.table)
                  .ok());
  auto c = Read(Format::kCsv, data, o);
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 2u);
  EXPECT_EQ(c.items[0].id, "101000123");
  EXPECT_EQ(c.items[0].text, "Water leaking from a hydrant");
  EXPECT_EQ(c.items[0].published_at, Utc(2019, 1, 2, 1, 14, 0));
  EXPECT_EQ(c.items[0].labels, (std::vector<std::string>{"Water"}));
  EXPECT_EQ(c.items[0].place, "14 EXAMPLE LN");

  // A saved mapping file: one pair a line, comments.
  TableOptions file;
  ASSERT_TRUE(ParseColumnMap("# 311 export\ntext = DESCRIPTION\ndate = DATETIMEINIT\n", &file).ok());
  ASSERT_EQ(file.columns.size(), 2u);
  EXPECT_EQ(file.columns[1].second, "DATETIMEINIT");
  TableOptions bad;
  EXPECT_FALSE(ParseColumnMap("body=DESCRIPTION", &bad).ok());
  EXPECT_FALSE(ParseColumnMap("text", &bad).ok());
  ReadOptions missing = Named("m.csv");
  ASSERT_TRUE(ParseColumnMap("text=NOTES", &missing.table).ok());
  auto m = Read(Format::kCsv, data, missing);
  ASSERT_FALSE(m.status.ok());
  EXPECT_NE(m.status.message().find("no column 'NOTES'"), std::string::npos);
}

TEST(CsvExports, VietnameseSpreadsheetInWindows1258) {
  const std::string data = testing::ReadTestdata("complaints_vn_cp1258.csv");
  ASSERT_FALSE(data.empty());
  auto c = Read(Format::kCsv, data, Named("complaints_vn_cp1258.csv", "phan-anh"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_TRUE(c.rejects.empty()) << c.rejects[0].field << ": " << c.rejects[0].reason;
  ASSERT_EQ(c.items.size(), 3u);
  const Item& a = c.items[0];
  EXPECT_EQ(a.id, "1");  // STT
  EXPECT_EQ(a.text, "Đường ngập sau mưa, xe máy chết máy");
  EXPECT_EQ(a.author, "Nguyễn Văn A");
  EXPECT_EQ(a.place, "Tổ 5, Phường Hòa Khánh");
  EXPECT_EQ(a.labels, (std::vector<std::string>{"Hạ tầng"}));
  // 13/03/2026 settles the column day first: 05/03/2026 is 5 March, +07:00.
  EXPECT_EQ(a.published_at, Utc(2026, 3, 5, 1, 15, 0));
  EXPECT_EQ(c.items[1].text, "Rác thải chưa được thu gom; mùi hôi");
  EXPECT_EQ(c.items[1].place, "Thôn Phò Nam, Xã Hòa Bắc");
  EXPECT_EQ(c.items[2].published_at, Utc(2026, 4, 1, 17, 0, 0));
  EXPECT_EQ(c.items[2].place, "Phường Hòa Minh");
  EXPECT_EQ(c.items[2].labels, (std::vector<std::string>{"Hạ tầng", "Chiếu sáng"}));
  // Named explicitly, the same.
  ReadOptions o = Named("x.csv", "phan-anh");
  o.table.encoding = "windows-1258";
  auto e = Read(Format::kCsv, data, o);
  ASSERT_EQ(e.items.size(), 3u);
  EXPECT_EQ(e.items[0].text, a.text);
  o.table.encoding = "koi8";
  EXPECT_FALSE(Read(Format::kCsv, data, o).status.ok());
}

// The spreadsheet's table saved as Windows-1258 CSV (';', CRLF; written by
// testdata/make_phan_anh_cp1258.py with its .xls twin): the Vietnamese
// header Mã, Nội dung, Ngày, Địa chỉ, dd/mm/yyyy dates settled day first by
// 13/03/2026, tone marks as combining bytes turned into NFC — read whole and
// in pieces of a few bytes.
TEST(CsvExports, Windows1258WithAVietnameseHeaderAndDayFirstDates) {
  const std::string data = testing::ReadTestdata("phan_anh_cp1258.csv");
  ASSERT_FALSE(data.empty());
  auto c = Read(Format::kCsv, data, Named("phan_anh_cp1258.csv"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_TRUE(c.rejects.empty()) << c.rejects[0].field << ": " << c.rejects[0].reason;
  ASSERT_EQ(c.items.size(), 4u);
  EXPECT_EQ(c.items[0].id, "PA-01");
  EXPECT_EQ(c.items[0].text, "Đường Nguyễn Huệ ngập sâu sau mưa lớn");
  EXPECT_EQ(c.items[0].place, "Phường Bến Nghé");
  EXPECT_EQ(c.items[0].published_at, Utc(2026, 3, 4, 17, 0, 0));   // 05/03/2026 +07:00
  EXPECT_EQ(c.items[3].published_at, Utc(2026, 3, 30, 17, 0, 0));  // 31/03/2026
  EXPECT_EQ(c.items[1].place, "Phường Tân Định");
  // The encoding decided from a head of the header line alone.
  for (size_t piece : {size_t{1}, size_t{3}}) {
    std::istringstream rest(data.substr(40));
    StreamOptions stream;
    stream.piece_bytes = piece;
    std::vector<Item> items;
    ASSERT_TRUE(ReadCsvStream(
                    data.substr(0, 40), rest, Named("p.csv"),
                    [&](Item&& it) {
                      items.push_back(std::move(it));
                      return true;
                    },
                    [](const Rejection& r) { ADD_FAILURE() << r.where << " " << r.reason; }, stream)
                    .ok());
    ASSERT_EQ(items.size(), 4u);
    EXPECT_EQ(items[2].text, "Rác thải tồn đọng ở chợ nhiều ngày");
  }
}

TEST(CsvExports, Tcvn3TextThroughTheTextEngine) {
  // A row typed in a TCVN3 (.VnTime) font, saved as 8-bit text: detected
  // (not UTF-8, not plausible Windows-1258) and converted by the text engine.
  const std::string data =
      "text;published_at\r\n"
      "H\xB5 N\xE9i l\xB5 th\xF1 \xAE\xAB c\xF1\x61 Vi\xD6t Nam;01/10/2026\r\n";
  auto d = Read(Format::kCsv, data, Named("t.csv"));
  ASSERT_TRUE(d.status.ok()) << d.status.message();
  ASSERT_EQ(d.items.size(), 1u) << (d.rejects.empty() ? "" : d.rejects[0].reason);
  EXPECT_EQ(d.items[0].text, "Hà Nội là thủ đô của Việt Nam");
  // VNI (a base letter, then mark bytes): "Haø Noäi" is "Hà Nội".
  auto v = Read(Format::kCsv, "text;published_at\nHa\xF8 No\xE4i;01/10/2026\n");
  ASSERT_EQ(v.items.size(), 1u) << (v.rejects.empty() ? "" : v.rejects[0].reason);
  EXPECT_EQ(v.items[0].text, "Hà Nội");
  // Latin-1 text that is neither stays as it was: its rows are not UTF-8.
  auto l = Read(Format::kCsv, "text;published_at\nCaf\xE9 cr\xE8me;01/10/2026\n");
  EXPECT_TRUE(l.items.empty());
  ASSERT_EQ(l.rejects.size(), 1u);
  EXPECT_NE(l.rejects[0].reason.find("UTF-8"), std::string::npos);
  ReadOptions o = Named("t.csv");
  o.table.encoding = "TCVN3";
  auto e = Read(Format::kCsv, data, o);
  ASSERT_EQ(e.items.size(), 1u);
  EXPECT_EQ(e.items[0].text, "Hà Nội là thủ đô của Việt Nam");
}

TEST(CsvExports, IdFromContentIsStable) {
  const std::string data =
      "\xEF\xBB\xBFNgày gửi;Nội dung;Phường\r\n"
      "01/10/2026 08:30;Cống thoát nước bị tắc;Phường 1\r\n"
      "02/10/2026 09:00;Đèn đường hỏng;Phường 2\r\n";
  auto a = Read(Format::kCsv, data, Named("a.csv"));
  ASSERT_TRUE(a.status.ok()) << a.status.message();
  ASSERT_EQ(a.items.size(), 2u);
  EXPECT_EQ(a.items[0].id.rfind("row-", 0), 0u);
  EXPECT_EQ(a.items[0].id.size(), 20u);
  EXPECT_NE(a.items[0].id, a.items[1].id);
  // Re-read (another order, another file name, an extra unrecognized column):
  // the same ids.
  const std::string again =
      "Ngày gửi;Ghi chú;Nội dung;Phường\n"
      "02/10/2026 09:00;đã chuyển;Đèn đường hỏng;Phường 2\n"
      "01/10/2026 08:30;;Cống thoát nước bị tắc;Phường 1\n";
  auto b = Read(Format::kCsv, again, Named("b.csv"));
  ASSERT_EQ(b.items.size(), 2u);
  EXPECT_EQ(b.items[1].id, a.items[0].id);
  EXPECT_EQ(b.items[0].id, a.items[1].id);
  // Another text: another id.
  auto c = Read(Format::kCsv, "ngay;noi dung\n01/10/2026 08:30;Cống thoát nước bị tắc!\n");
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_NE(c.items[0].id, a.items[0].id);
}

TEST(CsvExports, HeaderNamesAccentAndCaseInsensitive) {
  auto c = Read(Format::kCsv,
                "MÃ;TIÊU ĐỀ;NOI DUNG;THỜI GIAN;ĐỊA CHỈ;NGUỒN;PHÂN LOẠI;LINK\n"
                "PA-1;Ngập;Ngập sâu;2026-10-01 08:30:00;Hải Châu;Zalo;Ngập lụt;https://x.vn/1\n");
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 1u);
  const Item& i = c.items[0];
  EXPECT_EQ(i.id, "PA-1");
  EXPECT_EQ(i.title, "Ngập");
  EXPECT_EQ(i.text, "Ngập sâu");
  EXPECT_EQ(i.published_at, Utc(2026, 10, 1, 1, 30, 0));
  EXPECT_EQ(i.place, "Hải Châu");
  EXPECT_EQ(i.source, "Zalo");
  EXPECT_EQ(i.labels, (std::vector<std::string>{"Ngập lụt"}));
  EXPECT_EQ(i.url, "https://x.vn/1");
}

TEST(CsvExports, ExcelSerialDates) {
  auto c = Read(Format::kCsv, "id,date,text\n1,44927.5,a\n2,44927,b\n3,123,c\n");
  ASSERT_EQ(c.items.size(), 2u);
  // 44927 = 2023-01-01 (days since 1899-12-30), noon in the office's zone.
  EXPECT_EQ(c.items[0].published_at, Utc(2023, 1, 1, 5, 0, 0));
  EXPECT_EQ(c.items[1].published_at, Utc(2022, 12, 31, 17, 0, 0));
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].field, "published_at");
}

TEST(CsvExports, DelimiterByCount) {
  // A semicolon file whose cells hold commas in the header.
  auto c = Read(Format::kCsv, "Mã;Nội dung;Ngày;Ghi chú, khác\n1;a, b;01/10/2026;\n");
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].text, "a, b");
}

}  // namespace
}  // namespace vox::ingest

// --- Read as a stream (ReadCsvStream): the same as the whole buffer -------

namespace vox::ingest {
namespace {

// A stream that cannot seek and gives at most `chunk` bytes a read, as a
// pipe or a socket does: a second pass must come from the reader's copy.
class PipeBuf : public std::streambuf {
 public:
  PipeBuf(std::string data, size_t chunk) : data_(std::move(data)), chunk_(chunk) {}

 protected:
  int_type underflow() override {
    if (pos_ >= data_.size()) return traits_type::eof();
    const size_t n = std::min(chunk_, data_.size() - pos_);
    setg(data_.data() + pos_, data_.data() + pos_, data_.data() + pos_ + n);
    pos_ += n;
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string data_;
  size_t chunk_;
  size_t pos_ = 0;
};

struct StreamCase {
  size_t head = 0;
  size_t piece = 8u << 20;
  bool seekable = true;
  size_t max_record = 16u << 20;
};

testing::Collected ReadCsvStreamed(std::string_view data, const StreamCase& k, ReadOptions opts) {
  testing::Collected c;
  opts.on_skip = [&c](const Rejection& r) { c.skips.push_back(r); };
  const std::string head(data.substr(0, std::min(k.head, data.size())));
  const std::string rest(data.substr(head.size()));
  std::istringstream seekable(rest);
  PipeBuf pipe_buf(rest, 5);
  std::istream pipe(&pipe_buf);
  StreamOptions stream;
  stream.piece_bytes = k.piece;
  stream.max_record_bytes = k.max_record;
  int64_t bytes = 0;
  c.status = ReadCsvStream(
      head, k.seekable ? static_cast<std::istream&>(seekable) : pipe, opts,
      [&c](Item&& item) {
        c.items.push_back(std::move(item));
        return true;
      },
      [&c](const Rejection& r) { c.rejects.push_back(r); }, stream, &bytes);
  if (c.status.ok()) {
    EXPECT_EQ(bytes, static_cast<int64_t>(data.size()));
  }
  return c;
}

std::vector<std::string> Describe(const testing::Collected& c) {
  std::vector<std::string> out;
  if (!c.status.ok()) out.push_back("status " + c.status.message());
  for (const Item& it : c.items) {
    out.push_back("item " + it.source + "/" + it.id + " " + it.text + " | " + it.place + " | " +
                  std::to_string(it.published_at));
  }
  for (const Rejection& r : c.rejects) out.push_back("reject " + r.where + " " + r.field + " " + r.reason);
  for (const Rejection& r : c.skips) out.push_back("skip " + r.where + " " + r.reason);
  return out;
}

// Every piece size (a piece of one byte cuts every CRLF, quote pair and
// UTF-8 sequence; a record longer than a piece), any head, a seekable file
// or a pipe (the second pass then reads the reader's own copy): the same
// items, rejections at the same physical lines and the same skips as the
// whole buffer. The date column is settled month first only by its last
// value, so the first pass must have seen the whole input.
TEST(CsvStream, StreamedInPiecesReadsAsTheWholeInput) {
  const std::string data =
      "\xEF\xBB\xBF\r\n"
      "Mã,Ngày,Nội dung,Địa chỉ\r\n"
      "PA-1,03/01/2011 08:30,\"Đường Lê Lợi ngập, \"\"sâu\"\" quá\",Phường 1\r\n"
      "  \r\n"
      "PA-2,04/02/2011,\"Dòng một\r\nDòng hai\nDòng ba\",\"Tổ 5,\nPhường 2\"\r\n"
      "PA-3,05/02/2011,\"x\"y,Phường 3\n"
      "PA-4,06/02/2011,thiếu cột\n"
      "PA-1,07/02/2011,lặp lại,Phường 1\n"
      "PA-5,08/02/2011,\"" +
      std::string(300, 'x') +
      " dài\",Phường 5\n"
      "PA-6,không phải ngày,Mất điện,Phường 6\n"
      "PA-7,\"03/25/2011\",bad \xC3\x28 utf8,Phường 7\n"
      "PA-8,03/26/2011,cuối,Phường 8\r";
  const ReadOptions opts = testing::Named("log.csv", "default");
  const auto whole = Describe(testing::Read(Format::kCsv, data, opts));
  ASSERT_EQ(whole.size(), 9u);  // items 1, 2, 5, 8; rejections 3, 4, 6, 7; the repeated PA-1 skipped
  // Month first (03/25/2011 near the end): 1 March 08:30 and 2 April, +07:00.
  EXPECT_EQ(whole[0], "item default/PA-1 Đường Lê Lợi ngập, \"sâu\" quá | Phường 1 | 1298943000");
  EXPECT_EQ(whole[1], "item default/PA-2 Dòng một\r\nDòng hai\nDòng ba | Tổ 5,\nPhường 2 | 1301677200");
  for (size_t head : {size_t{4}, size_t{40}, data.size()}) {
    for (size_t piece : {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{64}, size_t{1} << 20}) {
      for (bool seekable : {true, false}) {
        EXPECT_EQ(Describe(ReadCsvStreamed(data, {head, piece, seekable}, opts)), whole)
            << "head " << head << " piece " << piece << (seekable ? " file" : " pipe");
      }
    }
  }
  // --date-format: one pass, also from a pipe.
  ReadOptions dmy = opts;
  dmy.table.date_format = "dd/mm/yyyy";
  EXPECT_EQ(Describe(ReadCsvStreamed(data, {10, 3, false}, dmy)), Describe(testing::Read(Format::kCsv, data, dmy)));
  // An unterminated quoted field runs to the end of the input.
  const std::string open = data + "\nPA-9,09/02/2011,\"never closed\nPA-10,10/02/2011,x,y\n";
  const auto open_whole = Describe(testing::Read(Format::kCsv, open, opts));
  EXPECT_NE(std::find(open_whole.begin(), open_whole.end(), "reject log.csv:16  unterminated quoted field"),
            open_whole.end());
  EXPECT_EQ(Describe(ReadCsvStreamed(open, {20, 5, false}, opts)), open_whole);
}

// The encoding is decided from the head; a Windows-1258 letter and its
// combining tone mark (0xD2 hook above, 0xCC grave, 0xDE tilde…) cut
// between two reads, and TCVN3 or VNI text in one-byte pieces, come out as
// from the whole buffer.
TEST(CsvStream, LegacyEncodingsAcrossPieceBoundaries) {
  const std::string cp1258 = testing::ReadTestdata("complaints_vn_cp1258.csv");
  ASSERT_FALSE(cp1258.empty());
  const ReadOptions opts = testing::Named("cp1258.csv", "phan-anh");
  const auto whole = Describe(testing::Read(Format::kCsv, cp1258, opts));
  ASSERT_EQ(whole.size(), 3u);
  for (size_t piece = 1; piece <= 9; ++piece) {
    EXPECT_EQ(Describe(ReadCsvStreamed(cp1258, {cp1258.size(), piece, piece % 2 == 0}, opts)), whole)
        << "piece " << piece;
  }
  auto streamed = ReadCsvStreamed(cp1258, {cp1258.size(), 1, false}, opts);
  ASSERT_EQ(streamed.items.size(), 3u);
  EXPECT_EQ(streamed.items[0].text, "Đường ngập sau mưa, xe máy chết máy");  // NFC: ờ is one code point
  EXPECT_EQ(streamed.items[0].author, "Nguyễn Văn A");
  // Decided from a head of the first two lines, the rest read in pieces.
  EXPECT_EQ(Describe(ReadCsvStreamed(cp1258, {cp1258.find('\n', 80) + 1, 2, true}, opts)), whole);

  const std::string tcvn3 =
      "text;published_at\r\n"
      "H\xB5 N\xE9i l\xB5 th\xF1 \xAE\xAB c\xF1\x61 Vi\xD6t Nam;01/10/2026\r\n";
  const std::string vni = "text;published_at\nHa\xF8 No\xE4i;01/10/2026\n";
  for (const std::string& legacy : {tcvn3, vni}) {
    const auto legacy_whole = Describe(testing::Read(Format::kCsv, legacy, opts));
    ASSERT_EQ(legacy_whole.size(), 1u) << legacy_whole[0];
    for (size_t piece : {size_t{1}, size_t{2}, size_t{5}}) {
      EXPECT_EQ(Describe(ReadCsvStreamed(legacy, {legacy.size(), piece, false}, opts)), legacy_whole);
    }
  }
  EXPECT_EQ(ReadCsvStreamed(vni, {vni.size(), 1, true}, opts).items.at(0).text, "Hà Nội");
}

// UTF-16 as Excel writes "Unicode text" (a byte order mark, tabs), read in
// pieces that cut code units and surrogate pairs: as the whole buffer.
TEST(CsvStream, Utf16AcrossPieceBoundaries) {
  const std::u16string text =
      u"\uFEFFid\ttext\tpublished_at\r\n1\tMất điện 😡 cả khu\t2026-10-01\r\n2\t\"Hai\ndòng "
      u"🌧\"\t01/10/2026\r\n";
  std::string le;
  for (char16_t u : text) {
    le.push_back(static_cast<char>(u & 0xFF));
    le.push_back(static_cast<char>(u >> 8));
  }
  const ReadOptions opts = testing::Named("u16.txt");
  const auto whole = Describe(testing::Read(Format::kCsv, le, opts));
  ASSERT_EQ(whole.size(), 2u) << whole[0];
  EXPECT_NE(whole[0].find("Mất điện 😡 cả khu"), std::string::npos) << whole[0];
  for (size_t head : {size_t{4}, size_t{33}, le.size()}) {
    for (size_t piece : {size_t{1}, size_t{3}, size_t{5}, size_t{1} << 20}) {
      EXPECT_EQ(Describe(ReadCsvStreamed(le, {head, piece, head % 2 == 0}, opts)), whole)
          << "head " << head << " piece " << piece;
    }
  }
}

// A record still open after StreamOptions::max_record_bytes (a quote never
// closed, or one huge line) is rejected at the line it starts on, and
// reading resumes on the next line: memory stays bounded. Whatever the
// pieces, the same records.
TEST(CsvStream, RecordLongerThanTheLimitIsRejectedAndReadingResumes) {
  const std::string data =
      "id,text,published_at\n"
      "1,ok,2026-10-01\n"
      "2,\"quote never closed,2026-10-01\n"  // line 3: open for the rest
      "3,next line,2026-10-01\n"
      "4," +
      std::string(200, 'y') +
      ",2026-10-01\n"  // line 5: one long line
      "5,after,2026-10-01\n";
  const ReadOptions opts = testing::Named("long.csv");
  std::vector<std::string> first;
  for (size_t piece : {size_t{1}, size_t{7}, size_t{50}, size_t{1} << 20}) {
    for (bool seekable : {true, false}) {
      const auto c = ReadCsvStreamed(data, {data.size(), piece, seekable, 64}, opts);
      ASSERT_TRUE(c.status.ok()) << c.status.message();
      ASSERT_EQ(c.items.size(), 3u) << "piece " << piece;
      EXPECT_EQ(c.items[0].id, "1");
      EXPECT_EQ(c.items[1].id, "3");
      EXPECT_EQ(c.items[2].id, "5");
      ASSERT_EQ(c.rejects.size(), 2u);
      EXPECT_EQ(c.rejects[0].where, "long.csv:3");
      EXPECT_NE(c.rejects[0].reason.find("longer than 64 bytes"), std::string::npos) << c.rejects[0].reason;
      EXPECT_EQ(c.rejects[1].where, "long.csv:5");
      if (first.empty()) first = Describe(c);
      EXPECT_EQ(Describe(c), first);
    }
  }
  // Within the limit (the default 16 MiB), the open quote takes the rest of
  // the input, as it always did.
  const auto whole = testing::Read(Format::kCsv, data, opts);
  ASSERT_EQ(whole.items.size(), 1u);
  ASSERT_EQ(whole.rejects.size(), 1u);
  EXPECT_EQ(whole.rejects[0].reason, "unterminated quoted field");
}

// The head decides the encoding alone: a head of ASCII lines leaves later
// Windows-1258 bytes undecoded (those rows are rejected as not UTF-8) —
// --encoding names it then.
TEST(CsvStream, EncodingIsDecidedFromTheHead) {
  const std::string data = "id;text;published_at\r\n1;ascii;01/10/2026\r\n2;Ph\xFD\xF5\xCCng 1;01/10/2026\r\n";
  const size_t head = data.find("2;");
  ReadOptions opts = testing::Named("late.csv");
  auto late = ReadCsvStreamed(data, {head, 4, true}, opts);
  ASSERT_EQ(late.items.size(), 1u);
  ASSERT_EQ(late.rejects.size(), 1u);
  EXPECT_NE(late.rejects[0].reason.find("UTF-8"), std::string::npos);
  opts.table.encoding = "windows-1258";
  auto named = ReadCsvStreamed(data, {head, 4, false}, opts);
  ASSERT_EQ(named.items.size(), 2u);
  EXPECT_EQ(named.items[1].text, "Phường 1");
  // The whole input as the head: detected.
  EXPECT_EQ(ReadCsvStreamed(data, {data.size(), 4, true}, testing::Named("late.csv")).items.size(), 2u);
}

}  // namespace
}  // namespace vox::ingest
