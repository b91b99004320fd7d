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
