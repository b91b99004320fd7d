#include <gtest/gtest.h>

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
