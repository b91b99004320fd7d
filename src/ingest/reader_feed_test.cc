#include <gtest/gtest.h>

#include "ingest/reader.h"
#include "ingest/reader_test_util.h"

namespace vox::ingest {
namespace {

using testing::Named;
using testing::Read;

TEST(FeedReader, Rss) {
  auto c = Read(Format::kRss, testing::ReadTestdata("feed.rss"), Named("feed.xml"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 3u);
  const Item& a = c.items[0];
  EXPECT_EQ(a.kind, "article");
  EXPECT_EQ(a.source, "Báo Đà Nẵng - Thời sự");
  EXPECT_EQ(a.id, "bdn-a1");
  EXPECT_EQ(a.title, "Mưa lớn gây ngập & sạt lở");
  EXPECT_EQ(a.text,
            "Chiều 24/11, mưa lớn kéo dài khiến nhiều tuyến đường ở quận Liên Chiểu ngập sâu "
            "0,5m.\nNgười dân cần chú ý.");
  EXPECT_EQ(a.url, "https://baodanang.example/a1");
  EXPECT_EQ(a.published_at, 1795483800);  // 2026-11-24T01:30:00Z
  EXPECT_EQ(a.author, "toasoan@baodanang.example (Tòa soạn)");

  const Item& b = c.items[1];
  EXPECT_EQ(b.id, "https://baodanang.example/a2");  // no guid: the link
  EXPECT_EQ(b.text, "Giá điện & nước đổi");          // escaped HTML, double-escaped entities
  EXPECT_EQ(b.author, "Phóng viên B");
  EXPECT_EQ(b.published_at, 1795485600);

  EXPECT_EQ(c.items[2].text, "Nội dung đầy đủ");  // content:encoded wins over description

  ASSERT_EQ(c.rejects.size(), 2u);
  EXPECT_EQ(c.rejects[0].where, "feed.xml: item 3");
  EXPECT_EQ(c.rejects[0].field, "pubDate");
  EXPECT_NE(c.rejects[0].reason.find("required"), std::string::npos);
  EXPECT_EQ(c.rejects[1].where, "feed.xml: item 4");
  EXPECT_EQ(c.rejects[1].field, "pubDate");
  EXPECT_NE(c.rejects[1].reason.find("99:99"), std::string::npos);
}

TEST(FeedReader, DefaultSourceWinsOverChannelTitle) {
  auto c = Read(Format::kRss, testing::ReadTestdata("feed.rss"), Named("f", "bao-dn"));
  ASSERT_FALSE(c.items.empty());
  EXPECT_EQ(c.items[0].source, "bao-dn");
}

TEST(FeedReader, Atom) {
  auto c = Read(Format::kAtom, testing::ReadTestdata("feed.atom"), Named("hc.atom"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  EXPECT_TRUE(c.rejects.empty()) << c.rejects[0].reason;
  ASSERT_EQ(c.items.size(), 2u);
  const Item& a = c.items[0];
  EXPECT_EQ(a.source, "Cổng thông tin Quận Hải Châu");
  EXPECT_EQ(a.id, "tag:haichau.example,2026:tb1");
  EXPECT_EQ(a.title, "Thông báo cắt điện");
  EXPECT_EQ(a.url, "https://haichau.example/tb1");
  EXPECT_EQ(a.text, "Cắt điện từ 7h đến 11h.\nKhu vực: phường Thạch Thang.");
  EXPECT_EQ(a.published_at, 1795478400);  // published, not updated
  EXPECT_EQ(a.author, "Văn phòng UBND");
  const Item& b = c.items[1];
  EXPECT_EQ(b.id, "https://haichau.example/tb2");
  EXPECT_EQ(b.text, "a < b, giữ nguyên");  // type="text" is not HTML
  EXPECT_EQ(b.published_at, 1795507200);
}

TEST(FeedReader, NotXmlIsUnusable) {
  auto c = Read(Format::kRss, "id,text\n1,2\n", Named("x.rss"));
  EXPECT_FALSE(c.status.ok());
  EXPECT_NE(c.status.message().find("x.rss"), std::string::npos);
  auto d = Read(Format::kRss, "<html><body>hi</body></html>", Named("x.rss"));
  EXPECT_FALSE(d.status.ok());
  EXPECT_NE(d.status.message().find("<html>"), std::string::npos);
}

TEST(FeedReader, MissingIdAndInvalidUtf8) {
  const std::string data =
      "<rss><channel><title>T</title>"
      "<item><title>no id</title><pubDate>Tue, 24 Nov 2026 01:30:00 GMT</pubDate></item>"
      "<item><guid>g2</guid><title>bad \xC3\x28</title>"
      "<pubDate>Tue, 24 Nov 2026 01:30:00 GMT</pubDate></item>"
      "<item><guid>g3</guid><title>ok</title><pubDate>24 Nov 2026 01:30 GMT</pubDate></item>"
      "</channel></rss>";
  auto c = Read(Format::kRss, data, Named("f.xml"));
  ASSERT_TRUE(c.status.ok());
  ASSERT_EQ(c.rejects.size(), 2u);
  EXPECT_EQ(c.rejects[0].where, "f.xml: item 1");
  EXPECT_EQ(c.rejects[0].field, "guid");
  EXPECT_EQ(c.rejects[1].where, "f.xml: item 2");
  EXPECT_EQ(c.rejects[1].field, "title");
  EXPECT_NE(c.rejects[1].reason.find("UTF-8"), std::string::npos);
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].id, "g3");
}

TEST(FeedReader, TextOverLimitRejected) {
  ReadOptions opts = Named("f.xml");
  opts.max_text_bytes = 10;
  auto c = Read(Format::kRss,
                "<rss><channel><item><guid>1</guid><description>0123456789ABC</description>"
                "<pubDate>24 Nov 2026 01:30 GMT</pubDate></item></channel></rss>",
                opts);
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].field, "text");
}

}  // namespace
}  // namespace vox::ingest
