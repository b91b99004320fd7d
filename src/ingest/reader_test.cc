#include "ingest/reader.h"

#include <gtest/gtest.h>

#include "ingest/reader_internal.h"
#include "ingest/reader_test_util.h"

namespace vox::ingest {
namespace {

TEST(ParseFormat, NamesRoundTrip) {
  for (Format f : {Format::kAuto, Format::kJsonl, Format::kCsv, Format::kRss, Format::kAtom,
                   Format::kFacebook, Format::kZalo}) {
    auto parsed = ParseFormat(FormatName(f));
    ASSERT_TRUE(parsed.ok()) << FormatName(f);
    EXPECT_EQ(*parsed, f);
  }
  EXPECT_EQ(*ParseFormat("JSONL"), Format::kJsonl);
  EXPECT_FALSE(ParseFormat("xlsx").ok());
  EXPECT_EQ(ParseFormat("xlsx").status().code(), StatusCode::kInvalidArgument);
}

TEST(DetectFormat, ByExtension) {
  EXPECT_EQ(DetectFormat("id,text", "a.csv"), Format::kCsv);
  EXPECT_EQ(DetectFormat("<rss>", "a.rss"), Format::kRss);
  EXPECT_EQ(DetectFormat("<feed>", "a.atom"), Format::kAtom);
  EXPECT_EQ(DetectFormat("{\"id\":1}", "a.jsonl"), Format::kJsonl);
  EXPECT_EQ(DetectFormat("{\"id\":1}", "a.ndjson"), Format::kJsonl);
  EXPECT_EQ(DetectFormat("<?xml version=\"1.0\"?>\n<feed xmlns=\"x\">", "a.xml"), Format::kAtom);
  EXPECT_EQ(DetectFormat("<?xml version=\"1.0\"?>\n<rss>", "a.xml"), Format::kRss);
}

TEST(DetectFormat, BySniffing) {
  EXPECT_EQ(DetectFormat("<rss version=\"2.0\">", "-"), Format::kRss);
  EXPECT_EQ(DetectFormat("\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- c --><feed>", "-"),
            Format::kAtom);
  EXPECT_EQ(DetectFormat("{\"data\": [{\"id\": \"1\"}]}", "-"), Format::kFacebook);
  EXPECT_EQ(DetectFormat("{\"id\":\"1_2\",\"created_time\":\"x\"}", "page.jsonl"),
            Format::kFacebook);
  EXPECT_EQ(DetectFormat("[{\"event_name\":\"user_send_text\"}]", "-"), Format::kZalo);
  EXPECT_EQ(DetectFormat("{\"id\":\"1\",\"text\":\"x\"}", "-"), Format::kJsonl);
  EXPECT_EQ(DetectFormat("id,text,published_at\n", "-"), Format::kCsv);
  EXPECT_EQ(DetectFormat("", "-"), Format::kCsv);
}

TEST(ReadBuffer, AutoIsAnError) {
  Status s = ReadBuffer(Format::kAuto, "", {}, [](Item&&) { return true; },
                        [](const Rejection&) {});
  EXPECT_FALSE(s.ok());
}

// --- Duplicate (source, id) within one input: the first is kept.

TEST(Duplicates, JsonlKeepsTheFirstAndSkipsLaterOnesNamingTheFirstLine) {
  const std::string data =
      R"({"id":"7","source":"fb","text":"first","published_at":"2026-10-01T08:00:00Z"})" "\n"
      R"({"id":"7","source":"zalo","text":"other source","published_at":"2026-10-01T08:00:00Z"})" "\n"
      R"({"id":"7","source":"fb","text":"second","published_at":"2026-10-01T08:00:00Z"})" "\n"
      R"({"id":7,"source":"fb","text":"third, as a number","published_at":"2026-10-01T08:00:00Z"})" "\n";
  auto c = testing::Read(Format::kJsonl, data, testing::Named("dup.jsonl"));
  ASSERT_TRUE(c.status.ok());
  EXPECT_TRUE(c.rejects.empty());
  ASSERT_EQ(c.items.size(), 2u);
  EXPECT_EQ(c.items[0].text, "first");
  EXPECT_EQ(c.items[1].source, "zalo");
  ASSERT_EQ(c.skips.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(c.skips[i].where, "dup.jsonl:" + std::to_string(i + 3));
    EXPECT_EQ(c.skips[i].field, "");
    EXPECT_EQ(c.skips[i].category, kSkipDuplicate);
    EXPECT_NE(c.skips[i].reason.find("already read at dup.jsonl:1"), std::string::npos)
        << c.skips[i].reason;
    EXPECT_NE(c.skips[i].reason.find("'7'"), std::string::npos) << c.skips[i].reason;
  }
}

TEST(Duplicates, ARejectedFirstRecordDoesNotCount) {
  const std::string data =
      R"({"id":"7","source":"fb","text":"no time"})" "\n"
      R"({"id":"7","source":"fb","text":"good","published_at":"2026-10-01T08:00:00Z"})" "\n";
  auto c = testing::Read(Format::kJsonl, data, testing::Named("d.jsonl"));
  EXPECT_EQ(c.rejects.size(), 1u);
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].text, "good");
  EXPECT_TRUE(c.skips.empty());
}

TEST(Duplicates, EachReadBufferIsItsOwnInput) {
  const std::string line =
      R"({"id":"7","source":"fb","text":"x","published_at":"2026-10-01T08:00:00Z"})" "\n";
  EXPECT_EQ(testing::Read(Format::kJsonl, line).items.size(), 1u);
  EXPECT_EQ(testing::Read(Format::kJsonl, line).items.size(), 1u);
}

TEST(Duplicates, CsvRssAtomFacebookAndZalo) {
  auto csv = testing::Read(Format::kCsv,
                           "id,text,published_at\n"
                           "a,\"one\ntwo\",2026-10-01\n"
                           "b,x,2026-10-01\n"
                           "a,three,2026-10-01\n",
                           testing::Named("d.csv"));
  ASSERT_EQ(csv.items.size(), 2u);
  ASSERT_EQ(csv.skips.size(), 1u);
  EXPECT_EQ(csv.skips[0].where, "d.csv:5");
  EXPECT_NE(csv.skips[0].reason.find("at d.csv:2"), std::string::npos) << csv.skips[0].reason;

  const std::string rss =
      "<rss><channel><title>Báo</title>"
      "<item><guid>g1</guid><title>một</title><pubDate>2026-10-01</pubDate></item>"
      "<item><guid>g2</guid><title>hai</title><pubDate>2026-10-01</pubDate></item>"
      "<item><guid>g1</guid><title>một, sửa</title><pubDate>2026-10-02</pubDate></item>"
      "</channel></rss>";
  auto feed = testing::Read(Format::kRss, rss, testing::Named("f.rss"));
  ASSERT_TRUE(feed.status.ok());
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "một");
  ASSERT_EQ(feed.skips.size(), 1u);
  EXPECT_EQ(feed.skips[0].where, "f.rss: item 3");
  EXPECT_NE(feed.skips[0].reason.find("at f.rss: item 1"), std::string::npos)
      << feed.skips[0].reason;

  const std::string atom =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title>"
      "<entry><id>e</id><title>a</title><updated>2026-10-01T00:00:00Z</updated></entry>"
      "<entry><id>e</id><title>b</title><updated>2026-10-01T00:00:00Z</updated></entry></feed>";
  auto at = testing::Read(Format::kAtom, atom, testing::Named("f.atom"));
  EXPECT_EQ(at.items.size(), 1u);
  EXPECT_EQ(at.skips.size(), 1u);

  const std::string fb =
      R"({"data":[{"id":"p1","message":"a","created_time":"2026-10-01T08:30:00+0000",
          "comments":{"data":[{"id":"c1","message":"x","created_time":"2026-10-01T08:31:00+0000"},
                              {"id":"c1","message":"y","created_time":"2026-10-01T08:32:00+0000"}]}}]})";
  auto f = testing::Read(Format::kFacebook, fb, testing::Named("page.json"));
  ASSERT_EQ(f.items.size(), 2u);
  ASSERT_EQ(f.skips.size(), 1u);
  EXPECT_EQ(f.skips[0].where, "page.json: post 1, comment 2");
  EXPECT_NE(f.skips[0].reason.find("at page.json: post 1, comment 1"), std::string::npos)
      << f.skips[0].reason;

  const std::string ev =
      R"({"event_name":"user_send_text","sender":{"id":"1"},"message":{"text":"chào","msg_id":"m"},"timestamp":"1790818200000"})";
  auto z = testing::Read(Format::kZalo, ev + "\n" + ev + "\n", testing::Named("z.jsonl"));
  EXPECT_EQ(z.items.size(), 1u);
  ASSERT_EQ(z.skips.size(), 1u);
  EXPECT_EQ(z.skips[0].category, kSkipDuplicate);
}

TEST(Duplicates, SeenIdsRemembersWhereOutsideTheInputName) {
  internal::SeenIds seen("in.jsonl");
  std::string first;
  EXPECT_TRUE(seen.Insert("s", "1", "in.jsonl:4", &first));
  EXPECT_TRUE(seen.Insert("s", "2", "elsewhere: item 9", &first));
  EXPECT_TRUE(seen.Insert("s1", "", "in.jsonl:5", &first));  // not ("s", "1")
  EXPECT_FALSE(seen.Insert("s", "1", "in.jsonl:8", &first));
  EXPECT_EQ(first, "in.jsonl:4");
  EXPECT_FALSE(seen.Insert("s", "2", "in.jsonl:9", &first));
  EXPECT_EQ(first, "elsewhere: item 9");
}

TEST(HtmlToText, StripsTagsAndDecodes) {
  using internal::HtmlToText;
  EXPECT_EQ(HtmlToText("<p>Xin ch&agrave;o</p><p>H&#224; N&#x1ED9;i &amp; <b>H</b>u&#7871;</p>"),
            "Xin chào\nHà Nội & Huế");
  EXPECT_EQ(HtmlToText("a < b &lt;i&gt; <script>alert('x<p>')</script>c<!-- hidden -->"),
            "a < b <i> c");
  EXPECT_EQ(HtmlToText("&unknown; &#0; &#xD800; &"), "&unknown; \xEF\xBF\xBD \xEF\xBF\xBD &");
  EXPECT_EQ(HtmlToText("<a href=\"x>y\">link</a>"), "link");
  EXPECT_EQ(HtmlToText("unterminated <b"), "unterminated");
}

}  // namespace
}  // namespace vox::ingest
