#include "ingest/reader.h"

#include <gtest/gtest.h>

#include "ingest/reader_internal.h"

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
