#include <gtest/gtest.h>

#include <cstring>
#include <sstream>
#include <streambuf>

#include "ingest/reader.h"
#include "ingest/reader_internal.h"
#include "ingest/reader_test_util.h"

namespace vox::ingest {
namespace {

using testing::Named;
using testing::Read;

TEST(FeedReader, Rss) {
  auto c = Read(Format::kRss, testing::ReadTestdata("feed.rss"), Named("feed.xml"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 4u);
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

  // An item without any date (and a channel without one) is kept, dated at
  // read time, and noted.
  EXPECT_EQ(c.items[2].id, "bdn-a3");
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].where, "feed.xml: item 3");
  EXPECT_EQ(c.notes[0].category, kNoteReadTime);

  EXPECT_EQ(c.items[3].text, "Nội dung đầy đủ");  // content:encoded wins over description

  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "feed.xml: item 4");
  EXPECT_EQ(c.rejects[0].field, "pubDate");
  EXPECT_NE(c.rejects[0].reason.find("99:99"), std::string::npos);
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

constexpr int64_t k0925 = 1770690300;  // 2026-02-10T09:25:00+07:00

TEST(FeedReader, Rss091ItemsTakeTheChannelDate) {
  ReadOptions opts = Named("p.xml");
  opts.now = 1796601600;
  auto c = Read(Format::kRss, testing::ReadTestdata("feed_rss091.xml"), opts);
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  EXPECT_TRUE(c.rejects.empty());
  ASSERT_EQ(c.items.size(), 2u);
  // The channel's pubDate (before its lastBuildDate): 2026-11-23T17:00+07:00.
  EXPECT_EQ(c.items[0].published_at, 1795428000);
  EXPECT_EQ(c.items[1].published_at, 1795428000);
  EXPECT_EQ(c.items[0].url, "https://thachthang.example/tb/lich-tiep-cong-dan");
  // A relative link, read from a file: resolved against the channel's link.
  EXPECT_EQ(c.items[1].url, "https://thachthang.example/tb/tam-ngung-cap-nuoc");
  EXPECT_EQ(c.items[1].id, "https://thachthang.example/tb/tam-ngung-cap-nuoc");
  ASSERT_EQ(c.notes.size(), 2u);
  EXPECT_EQ(c.notes[0].category, kNoteChannelDate);
  EXPECT_EQ(c.notes[1].where, "p.xml: item 2");
  EXPECT_NE(c.notes[1].reason.find("2026-11-23T10:00:00Z"), std::string::npos)
      << c.notes[1].reason;
}

TEST(FeedReader, WithoutAnyDateItemsTakeTheReadTime) {
  ReadOptions opts = Named("n.xml");
  opts.now = 1796601600;
  auto c = Read(Format::kRss, testing::ReadTestdata("feed_rss092_nodate.xml"), opts);
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  EXPECT_TRUE(c.rejects.empty());
  ASSERT_EQ(c.items.size(), 2u);  // the second <item> sits beside <channel>
  EXPECT_EQ(c.items[1].title, "Thu gom rác cồng kềnh");
  EXPECT_EQ(c.items[1].source, "Tổ dân phố 3");
  for (const Item& it : c.items) EXPECT_EQ(it.published_at, 1796601600);
  ASSERT_EQ(c.notes.size(), 2u);
  EXPECT_EQ(c.notes[0].category, kNoteReadTime);
  EXPECT_EQ(c.notes[1].category, kNoteReadTime);
}

TEST(FeedReader, AtomXmlBaseAndRelativeLinks) {
  auto c = Read(Format::kAtom, testing::ReadTestdata("feed_xmlbase.atom"), Named("b.atom"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  EXPECT_TRUE(c.rejects.empty()) << c.rejects[0].reason;
  ASSERT_EQ(c.items.size(), 4u);
  EXPECT_EQ(c.items[0].url, "https://haichau.example/tin/entry1");
  EXPECT_EQ(c.items[1].url, "https://haichau.example/luu-tru/2026/entry2");  // entry's xml:base
  EXPECT_EQ(c.items[2].url, "https://khac.example/a/c/entry3?x=1#p");       // the link's own
  EXPECT_EQ(c.items[2].id, "https://khac.example/a/c/entry3?x=1#p");
  EXPECT_EQ(c.items[3].url, "https://tuyet-doi.example/bai-bon");
  // An entry without a date takes the feed's <updated>.
  EXPECT_EQ(c.items[3].published_at, 1795485600);  // 2026-11-24T09:00:00+07:00
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].where, "b.atom: item 4");
  EXPECT_EQ(c.notes[0].category, kNoteChannelDate);
  // Block elements end lines: words are not glued together.
  EXPECT_EQ(c.items[0].text, "Thời gian\n2026-11-24 07:00 UTC\nĐịa điểm\nNhà văn hóa");
  EXPECT_EQ(c.items[1].text, "Một\nHai\nPhường Số hộ\nHòa Thuận 120");
}

TEST(FeedReader, RelativeLinksAgainstTheFeedUrl) {
  const std::string atom =
      "<feed xmlns='http://www.w3.org/2005/Atom'><title>T</title>"
      "<entry><id>e1</id><title>a</title><link href='entry2'/>"
      "<updated>2026-11-24T08:00:00Z</updated></entry>"
      "<entry><title>b</title><link href='../khac/entry3'/>"
      "<updated>2026-11-24T08:00:00Z</updated></entry></feed>";
  // Read from a file with nothing to resolve against: no url, never "entry2".
  auto c = Read(Format::kAtom, atom, Named("f.atom"));
  ASSERT_EQ(c.items.size(), 2u);
  EXPECT_EQ(c.items[0].url, "");
  EXPECT_EQ(c.items[1].url, "");
  EXPECT_EQ(c.items[1].id, "../khac/entry3");  // still a stable id
  // Fetched from a URL: resolved against it.
  ReadOptions opts = Named("feed.atom");
  opts.base_url = "https://tin.example/a/feed.atom?page=1";
  auto d = Read(Format::kAtom, atom, opts);
  ASSERT_EQ(d.items.size(), 2u);
  EXPECT_EQ(d.items[0].url, "https://tin.example/a/entry2");
  EXPECT_EQ(d.items[1].url, "https://tin.example/khac/entry3");
  EXPECT_EQ(d.items[1].id, "https://tin.example/khac/entry3");
}

TEST(FeedReader, VietnamesePapersItemShapes) {
  auto c = Read(Format::kRss, testing::ReadTestdata("feed_vn_papers.rss"), Named("vn.rss"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  EXPECT_TRUE(c.rejects.empty()) << c.rejects[0].reason;
  EXPECT_TRUE(c.notes.empty());
  ASSERT_EQ(c.items.size(), 3u);
  const Item& a = c.items[0];  // VnExpress-like
  EXPECT_EQ(a.title, "Đường Nguyễn Văn Linh ngập sâu sau mưa lớn");
  EXPECT_EQ(a.text, "Mưa lớn từ chiều qua khiến nhiều đoạn đường ngập 40 cm.");
  EXPECT_EQ(a.url, "https://baovidu.example/thoi-su/duong-ngap-1001.html");
  EXPECT_EQ(a.id, "https://baovidu.example/thoi-su/duong-ngap-1001.html");
  EXPECT_EQ(a.published_at, k0925);
  const Item& b = c.items[1];  // Tuổi Trẻ-like: CDATA everywhere, "GMT+7"
  EXPECT_EQ(b.id, "1002");
  EXPECT_EQ(b.url, "https://baovidu.example/cap-nuoc-1002.htm");
  EXPECT_EQ(b.text, "Công ty cấp nước cho biết đã khắc phục sự cố.");
  EXPECT_EQ(b.published_at, k0925);
  const Item& d = c.items[2];  // "10/2/2026 9:25:00 AM": 10 February, office time
  EXPECT_EQ(d.published_at, k0925);
  EXPECT_EQ(d.text, "Khu vực:\nHòa Minh\nHòa Khánh\nThời gian\n7h - 11h");
  // Another office zone moves only the time written without an offset.
  ReadOptions utc = Named("vn.rss");
  utc.dates.local_offset_seconds = 0;
  auto u = Read(Format::kRss, testing::ReadTestdata("feed_vn_papers.rss"), utc);
  ASSERT_EQ(u.items.size(), 3u);
  EXPECT_EQ(u.items[0].published_at, k0925);
  EXPECT_EQ(u.items[1].published_at, k0925);
  EXPECT_EQ(u.items[2].published_at, k0925 + 7 * 3600);
}

TEST(FeedReader, BadChannelDateFallsBackToReadTime) {
  ReadOptions opts = Named("f.xml");
  opts.now = 1796601600;
  auto c = Read(Format::kRss,
                "<rss><channel><title>T</title><pubDate>hôm qua</pubDate>"
                "<item><guid>1</guid><title>x</title></item>"
                "<item><guid>2</guid><title>y</title><pubDate></pubDate></item>"
                "<item><guid>3</guid><title>z</title><pubDate>32/13/2026</pubDate></item>"
                "</channel></rss>",
                opts);
  ASSERT_EQ(c.items.size(), 2u);
  EXPECT_EQ(c.items[0].published_at, 1796601600);
  EXPECT_EQ(c.items[1].published_at, 1796601600);  // an empty pubDate is no date
  ASSERT_EQ(c.rejects.size(), 1u);                  // a wrong one is an error
  EXPECT_EQ(c.rejects[0].where, "f.xml: item 3");
}

}  // namespace

namespace internal {
namespace {

TEST(ResolveUrl, Rfc3986Examples) {
  const char* base = "http://a/b/c/d;p?q";
  EXPECT_EQ(ResolveUrl(base, "g"), "http://a/b/c/g");
  EXPECT_EQ(ResolveUrl(base, "./g"), "http://a/b/c/g");
  EXPECT_EQ(ResolveUrl(base, "g/"), "http://a/b/c/g/");
  EXPECT_EQ(ResolveUrl(base, "/g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(base, "//g"), "http://g");
  EXPECT_EQ(ResolveUrl(base, "?y"), "http://a/b/c/d;p?y");
  EXPECT_EQ(ResolveUrl(base, "g?y"), "http://a/b/c/g?y");
  EXPECT_EQ(ResolveUrl(base, "#s"), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(ResolveUrl(base, "g#s"), "http://a/b/c/g#s");
  EXPECT_EQ(ResolveUrl(base, ".."), "http://a/b/");
  EXPECT_EQ(ResolveUrl(base, "../g"), "http://a/b/g");
  EXPECT_EQ(ResolveUrl(base, "../.."), "http://a/");
  EXPECT_EQ(ResolveUrl(base, "../../../g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(base, "g;x=1/../y"), "http://a/b/c/y");
  EXPECT_EQ(ResolveUrl(base, "https://x.example/p"), "https://x.example/p");
  EXPECT_EQ(ResolveUrl("https://a.example", "entry2"), "https://a.example/entry2");
  EXPECT_EQ(ResolveUrl("", "entry2"), "");
  EXPECT_EQ(ResolveUrl("tag:x,2026:feed", "entry2"), "");
  EXPECT_EQ(ResolveUrl("", "mailto:a@b.example"), "mailto:a@b.example");
  EXPECT_EQ(ResolveUrl("", "  https://x.example/a/../b \n"), "https://x.example/b");
}


// --- Feeds read in a stream: the whole reader is the oracle ---------------

std::string Describe(const testing::Collected& c) {
  std::string out = "status " + c.status.message() + "\n";
  for (const Item& i : c.items) {
    out += "item " + i.id + "|" + i.source + "|" + i.url + "|" + std::to_string(i.published_at) + "|" + i.title +
           "|" + i.text + "|" + i.author + "|" + i.kind + "\n";
  }
  for (const Rejection& r : c.rejects) out += "rejected " + r.where + "|" + r.field + "|" + r.reason + "\n";
  for (const Rejection& r : c.skips) out += "skipped " + r.where + "|" + r.reason + "\n";
  for (const Rejection& r : c.notes) out += "note " + r.where + "|" + r.reason + "|" + r.category + "\n";
  return out;
}

// ReadFeedPasses over `data`, `chunk` bytes a read, with the duplicate
// check ReadBuffer applies.
testing::Collected ReadInPasses(const std::string& data, ReadOptions opts, size_t chunk) {
  testing::Collected c;
  opts.on_skip = [&c](const Rejection& r) { c.skips.push_back(r); };
  opts.on_note = [&c](const Rejection& r) { c.notes.push_back(r); };
  size_t pos = 0;
  const std::function<XmlReadFn()> pass = [&]() -> XmlReadFn {
    pos = 0;
    return [&](char* buf, size_t n) -> Result<size_t> {
      const size_t k = std::min({n, chunk, data.size() - pos});
      std::memcpy(buf, data.data() + pos, k);
      pos += k;
      return k;
    };
  };
  const ItemSink sink = [&c](Item&& item) {
    c.items.push_back(std::move(item));
    return true;
  };
  FirstOfEachId first(opts, sink);
  c.status = ReadFeedPasses(
      pass, opts, chunk, [&first](Item&& item, const std::string& where) { return first(std::move(item), where); },
      [&c](const Rejection& r) { c.rejects.push_back(r); });
  return c;
}

// RSS 0.91 with items inside and beside the channel, the channel's date
// after its items, xml:base on the root, a comment and CDATA, a repeated
// guid and a bad date.
constexpr const char* kMixedRss =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<rss version=\"0.91\" xml:base=\"https://tin.example.vn/muc/\">"
    "<item><title>Bên cạnh kênh</title><link>ben-canh.html</link><description>đứng ngoài</description></item>"
    "<channel><title>Tin phường &amp; xã</title><link>https://tin.example.vn/</link>"
    "<item><title>Một</title><link>mot.html</link><description><![CDATA[<p>Đường <b>ngập</b></p>]]>"
    "</description></item><!-- <item>not one</item> -->"
    "<item><guid>g2</guid><title>Hai</title><pubDate>32/13/2026</pubDate></item>"
    "<item><guid>g3</guid><title>Ba</title><pubDate>Tue, 24 Nov 2026 08:30:00 +0700</pubDate></item>"
    "<item><guid>g3</guid><title>Ba lần nữa</title></item>"
    "<pubDate>Mon, 23 Nov 2026 07:00:00 +0700</pubDate></channel>"
    "<item><title>Sau kênh</title><link>/sau.html</link><description>cuối</description></item></rss>\n";

std::string BigFeed(int n) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\" "
      "xml:base=\"https://bao.example.vn/\"><title>Báo</title><updated>2026-11-20T08:00:00+07:00</updated>";
  for (int i = 0; i < n; ++i) {
    out += "<entry><id>e" + std::to_string(i % 450) + "</id><title type=\"html\">Tin &lt;b&gt;" + std::to_string(i) +
           "&lt;/b&gt;</title><link href=\"tin/" + std::to_string(i) + ".html\"/>";
    if (i % 7 != 3) out += "<updated>2026-11-" + std::to_string(1 + i % 28) + "T08:00:00Z</updated>";
    out += "<summary>Nội dung số " + std::to_string(i) + "</summary></entry>\n";
  }
  return out + "</feed>\n";
}

TEST(FeedStream, SameAsTheWholeReaderWhateverTheChunk) {
  std::vector<std::pair<std::string, std::string>> feeds = {
      {"mixed.rss", kMixedRss}, {"bom.rss", std::string("\xEF\xBB\xBF") + kMixedRss}, {"big.atom", BigFeed(500)}};
  for (const char* name : {"feed.atom", "feed.rss", "feed_rss091.xml", "feed_rss092_nodate.xml",
                           "feed_vn_papers.rss", "feed_xmlbase.atom"}) {
    feeds.emplace_back(name, testing::ReadTestdata(name));
    ASSERT_FALSE(feeds.back().second.empty()) << name;
  }
  for (const auto& [name, data] : feeds) {
    SCOPED_TRACE(name);
    ReadOptions opts = Named(name);
    opts.now = 1795000000;
    opts.on_note = [](const Rejection&) {};
    const std::string whole = Describe(Read(Format::kRss, data, opts));
    ASSERT_NE(whole.find("\nitem "), std::string::npos) << whole;
    for (size_t chunk : {1, 7, 64, 4096, 1 << 20}) {
      SCOPED_TRACE(chunk);
      EXPECT_EQ(Describe(ReadInPasses(data, opts, chunk)), whole);
    }
  }
  // The mixed feed: items of the channel first, then those beside it, as
  // the whole reader numbers them.
  ReadOptions opts = Named("mixed.rss");
  opts.now = 1795000000;
  const auto c = ReadInPasses(kMixedRss, opts, 5);
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 4u);
  EXPECT_EQ(c.items[0].url, "https://tin.example.vn/muc/mot.html");
  EXPECT_EQ(c.items[0].source, "Tin phường & xã");
  EXPECT_EQ(c.items[2].url, "https://tin.example.vn/muc/ben-canh.html");
  EXPECT_EQ(c.items[3].url, "https://tin.example.vn/sau.html");
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "mixed.rss: item 2");
  ASSERT_EQ(c.skips.size(), 1u);
}

// A stream that cannot seek (a pipe, a URL's body).
class PipeBuf : public std::streambuf {
 public:
  explicit PipeBuf(std::string data) : data_(std::move(data)) {
    setg(data_.data(), data_.data(), data_.data() + data_.size());
  }

 private:
  std::string data_;
};

TEST(FeedStream, FromAFileOrAPipeAsTheWholeReader) {
  const std::string data = BigFeed(3000);
  ReadOptions opts = Named("big.atom");
  opts.now = 1795000000;
  const std::string whole = Describe(Read(Format::kAtom, data, opts));
  for (bool seekable : {true, false}) {
    for (size_t head : {size_t{0}, size_t{100}, size_t{70000}}) {
      SCOPED_TRACE(std::to_string(seekable) + " " + std::to_string(head));
      testing::Collected c;
      ReadOptions o = opts;
      o.on_skip = [&c](const Rejection& r) { c.skips.push_back(r); };
      o.on_note = [&c](const Rejection& r) { c.notes.push_back(r); };
      std::istringstream file(data.substr(head));
      PipeBuf pipe(data.substr(head));
      std::istream piped(&pipe);
      std::istream& in = seekable ? static_cast<std::istream&>(file) : piped;
      int64_t bytes = 0;
      c.status = ReadFeedStream(
          data.substr(0, head), in, o,
          [&c](Item&& item) {
            c.items.push_back(std::move(item));
            return true;
          },
          [&c](const Rejection& r) { c.rejects.push_back(r); }, &bytes);
      EXPECT_EQ(Describe(c), whole);
      EXPECT_EQ(bytes, static_cast<int64_t>(data.size()));
    }
  }
}

TEST(FeedStream, NotWellFormedIsRefusedBeforeAnyItem) {
  EXPECT_TRUE(IsStreamableFeed("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss>"));
  EXPECT_TRUE(IsStreamableFeed("<rss>"));
  EXPECT_FALSE(IsStreamableFeed("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>"));
  EXPECT_FALSE(IsStreamableFeed(std::string("\xFF\xFE<\0r\0", 6)));
  std::string data = BigFeed(300);
  // An item near the end is never closed.
  const size_t at = data.rfind("</entry>");
  data.erase(at, 8);
  const auto whole = Read(Format::kAtom, data, Named("cut.atom"));
  ASSERT_FALSE(whole.status.ok());
  for (size_t chunk : {3, 4096}) {
    const auto c = ReadInPasses(data, Named("cut.atom"), chunk);
    ASSERT_FALSE(c.status.ok());
    EXPECT_TRUE(c.items.empty());
    EXPECT_TRUE(c.rejects.empty());
    EXPECT_EQ(c.status.message().rfind("cut.atom: not a valid XML feed (", 0), 0u) << c.status.message();
  }
  // Not a feed's root: the whole reader's message.
  const std::string html = "<html><body><item>x</item></body></html>";
  EXPECT_EQ(ReadInPasses(html, Named("a.xml"), 7).status.message(),
            Read(Format::kRss, html, Named("a.xml")).status.message());
}

}  // namespace
}  // namespace internal
}  // namespace vox::ingest
