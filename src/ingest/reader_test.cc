#include "ingest/reader.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "ingest/html.h"
#include "ingest/reader_internal.h"
#include "ingest/reader_test_util.h"

namespace vox::ingest {
namespace {

TEST(ParseFormat, NamesRoundTrip) {
  for (Format f : {Format::kAuto, Format::kJsonl, Format::kCsv, Format::kRss, Format::kAtom,
                   Format::kFacebook, Format::kZalo, Format::kXlsx, Format::kXls}) {
    auto parsed = ParseFormat(FormatName(f));
    ASSERT_TRUE(parsed.ok()) << FormatName(f);
    EXPECT_EQ(*parsed, f);
  }
  EXPECT_EQ(*ParseFormat("JSONL"), Format::kJsonl);
  EXPECT_FALSE(ParseFormat("ods").ok());
  EXPECT_EQ(ParseFormat("ods").status().code(), StatusCode::kInvalidArgument);
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
    // The id is not echoed: it may be personal data, masked only later.
    EXPECT_EQ(c.skips[i].reason.find("'7'"), std::string::npos) << c.skips[i].reason;
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

// --- UTF-16 and UTF-32 input.

std::string Utf16(std::u16string_view s, bool little, bool bom) {
  std::string out;
  auto put = [&](char16_t u) {
    const char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
    out += little ? std::string{lo, hi} : std::string{hi, lo};
  };
  if (bom) put(0xFEFF);
  for (char16_t u : s) put(u);
  return out;
}

std::string Utf32(std::u32string_view s, bool little) {
  std::string out;
  for (char32_t u : std::u32string(U"\uFEFF") + std::u32string(s)) {
    char b[4] = {static_cast<char>(u >> 24), static_cast<char>(u >> 16),
                 static_cast<char>(u >> 8), static_cast<char>(u)};
    out += little ? std::string{b[3], b[2], b[1], b[0]} : std::string(b, 4);
  }
  return out;
}

constexpr char16_t kJsonl16[] =
    u"{\"id\":\"u1\",\"text\":\"Mất điện 😡\",\"published_at\":\"2026-10-01T08:00:00Z\"}\r\n"
    u"{\"id\":\"u2\",\"text\":\"Hòa Minh\",\"published_at\":\"2026-10-01T09:00:00Z\"}\r\n";

TEST(Encoding, DetectsByteOrderMarksAndNulPaddedAscii) {
  EXPECT_EQ(DetectEncoding("{\"id\":1}"), TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding("\xEF\xBB\xBF{"), TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding(""), TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding("a"), TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding(std::string("\xFF\xFE{\0", 4)), TextEncoding::kUtf16Le);
  EXPECT_EQ(DetectEncoding(std::string("\xFE\xFF\0{", 4)), TextEncoding::kUtf16Be);
  EXPECT_EQ(DetectEncoding(std::string("\xFF\xFE\0\0", 4)), TextEncoding::kUtf32Le);
  EXPECT_EQ(DetectEncoding(std::string("\0\0\xFE\xFF", 4)), TextEncoding::kUtf32Be);
  EXPECT_EQ(DetectEncoding(std::string("{\0\"\0", 4)), TextEncoding::kUtf16Le);
  EXPECT_EQ(DetectEncoding(std::string("\0{\0\"", 4)), TextEncoding::kUtf16Be);
  EXPECT_EQ(DetectEncoding(std::string("{\0\0\0", 4)), TextEncoding::kUtf32Le);
  EXPECT_EQ(DetectEncoding(std::string("\0\0\0{", 4)), TextEncoding::kUtf32Be);
  EXPECT_STREQ(EncodingName(TextEncoding::kUtf16Le), "UTF-16LE");
}

TEST(Encoding, Utf16AndUtf32JsonlAreReadAsTheirText) {
  const std::string inputs[] = {Utf16(kJsonl16, true, true), Utf16(kJsonl16, false, true),
                                Utf16(kJsonl16, true, false), Utf16(kJsonl16, false, false),
                                Utf32(U"{\"id\":\"u1\",\"text\":\"Mất điện 😡\",\"published_at\":"
                                      U"\"2026-10-01T08:00:00Z\"}\n{\"id\":\"u2\",\"text\":\"Hòa "
                                      U"Minh\",\"published_at\":\"2026-10-01T09:00:00Z\"}\n",
                                      true),
                                Utf32(U"{\"id\":\"u1\",\"text\":\"Mất điện 😡\",\"published_at\":"
                                      U"\"2026-10-01T08:00:00Z\"}\n{\"id\":\"u2\",\"text\":\"Hòa "
                                      U"Minh\",\"published_at\":\"2026-10-01T09:00:00Z\"}\n",
                                      false)};
  for (size_t i = 0; i < std::size(inputs); ++i) {
    auto c = testing::Read(Format::kJsonl, inputs[i], testing::Named("u.jsonl"));
    ASSERT_TRUE(c.status.ok()) << i;
    EXPECT_TRUE(c.rejects.empty()) << i << ": " << c.rejects[0].reason;
    ASSERT_EQ(c.items.size(), 2u) << i;
    EXPECT_EQ(c.items[0].text, "Mất điện 😡") << i;
    EXPECT_EQ(c.items[1].text, "Hòa Minh") << i;
  }
}

TEST(Encoding, Utf16CsvHeaderAndFeed) {
  auto csv = testing::Read(Format::kCsv,
                           Utf16(u"id;text;published_at\r\nc1;Ngập đường;2026-10-01\r\n", true, true),
                           testing::Named("excel.csv"));
  ASSERT_TRUE(csv.status.ok()) << csv.status.message();
  ASSERT_EQ(csv.items.size(), 1u);
  EXPECT_EQ(csv.items[0].text, "Ngập đường");

  auto feed = testing::Read(
      Format::kRss,
      Utf16(u"<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><title>Báo</title>"
            u"<item><guid>g</guid><title>Mưa lớn</title><pubDate>2026-10-01</pubDate></item>"
            u"</channel></rss>",
            false, true),
      testing::Named("f.rss"));
  ASSERT_TRUE(feed.status.ok()) << feed.status.message();
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Mưa lớn");
  EXPECT_EQ(feed.items[0].source, "Báo");
}

TEST(Encoding, BadCodeUnitsRejectOnlyTheirRecord) {
  // An unpaired high surrogate on line 1, a lone low one on line 2, a good
  // line 3, and a last odd byte.
  std::u16string text =
      u"{\"id\":\"1\",\"text\":\"a\xD800\",\"published_at\":\"2026-10-01\"}\n"
      u"{\"id\":\"2\",\"text\":\"\xDC00\",\"published_at\":\"2026-10-01\"}\n"
      u"{\"id\":\"3\",\"text\":\"ok\",\"published_at\":\"2026-10-01\"}\n";
  std::string data = Utf16(text, true, true) + "x";
  auto c = testing::Read(Format::kJsonl, data, testing::Named("bad16.jsonl"));
  ASSERT_TRUE(c.status.ok());
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].id, "3");
  ASSERT_EQ(c.rejects.size(), 3u);
  EXPECT_EQ(c.rejects[0].where, "bad16.jsonl:1");
  EXPECT_NE(c.rejects[0].reason.find("UTF-8"), std::string::npos) << c.rejects[0].reason;
  EXPECT_EQ(c.rejects[1].where, "bad16.jsonl:2");
  EXPECT_EQ(c.rejects[2].where, "bad16.jsonl:4");  // the stray last byte

  std::string out;
  EXPECT_TRUE(DecodeText(Utf32(U"a", true) + std::string("\x00\x00\x11\x00", 4), &out));
  EXPECT_EQ(out, "a\xFF");  // past U+10FFFF
  EXPECT_FALSE(DecodeText("plain", &out));
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

// Every HTML5 named reference, as browsers decode them: with or without ';'
// for the legacy ones, references to two code points, Windows-1252 numbers.
TEST(HtmlToText, DecodesAllHtml5References) {
  using internal::HtmlToText;
  EXPECT_EQ(HtmlToText("&Ecirc;&ecirc;&ocirc;&Ocirc;&ycirc;&Uuml;&szlig;&hearts;&rarr;&check;&frac12;"),
            "ÊêôÔŷÜß♥→✓½");
  EXPECT_EQ(HtmlToText("&NotEqualTilde;&fjlig;&bne;"), "\u2242\u0338fj=\u20E5");
  EXPECT_EQ(HtmlToText("l&uacute;c&nbsp11h &copy 2026, a&ampb"), "lúc 11h © 2026, a&b");
  EXPECT_EQ(HtmlToText("&#x80;&#150;&#153;"), "€–™");  // the numbers Windows-1252 gives these
  EXPECT_EQ(HtmlToText("&notit; &notin; &NoSuchThing;"), "¬it; ∉ &NoSuchThing;");
}

// Block elements end lines, cells and images separate words, inline
// elements add nothing; hidden content and controls are dropped.
TEST(HtmlToText, SeparatesWhatBrowsersSeparate) {
  using internal::HtmlToText;
  EXPECT_EQ(HtmlToText("<dl><dt>Time</dt><dd>2018-11-19</dd><dt>UTC</dt><dd>2018-11-19</dd></dl>"),
            "Time\n2018-11-19\nUTC\n2018-11-19");
  EXPECT_EQ(HtmlToText("<ul><li>Hòa Minh<li>Hòa Khánh</ul>"), "Hòa Minh\nHòa Khánh");
  EXPECT_EQ(HtmlToText("<table><tr><td>Quận<td>Mức nước</tr><tr><td>Liên Chiểu</td><td>0,5m</td></table>"),
            "Quận Mức nước\nLiên Chiểu 0,5m");
  EXPECT_EQ(HtmlToText("Ảnh<img src=x>Chú thích, <span>H</span>à <i>N</i>ội"), "Ảnh Chú thích, Hà Nội");
  EXPECT_EQ(HtmlToText("<style>p{color:red}</style><SCRIPT>var a='</p>';</SCRIPT><template>ẩn</template>hiện"),
            "hiện");
  EXPECT_EQ(HtmlToText("ông \bH\x7F tại \xC2\x85nhà"), "ông H tại nhà");  // C0/C1 controls
  EXPECT_EQ(HtmlToText("  plain   text\r\n  on two\tlines "), "plain text\non two lines");
  EXPECT_EQ(HtmlToText("a&nbsp;&nbsp; b"), "a b");
}

// Gumbo's tree builder is quadratic (or worse) in nesting, open formatting
// elements and one tag's attributes; pieces keep every input linear. Without
// them each of these takes seconds to minutes, or all memory.
TEST(HtmlToText, HostileMarkupStaysLinear) {
  using internal::HtmlToText;
  std::string nested;
  for (int i = 0; i < 200000; ++i) nested += "<div>";
  nested += "đáy";
  EXPECT_EQ(HtmlToText(nested), "đáy");

  std::string formatting;
  for (int i = 0; i < 20000; ++i) formatting += "<b c=" + std::to_string(i) + "><p>x";
  const std::string text = HtmlToText(formatting);
  EXPECT_EQ(std::count(text.begin(), text.end(), 'x'), 20000);
  EXPECT_EQ(text.find_first_not_of("x\n"), std::string::npos);

  std::string attributes = "<a";
  for (int i = 0; i < 100000; ++i) attributes += " x" + std::to_string(i) + "='>'";
  attributes += ">liên kết</a> sau";
  EXPECT_EQ(HtmlToText(attributes), "liên kết sau");
}

// Pieces are cut before block elements, outside comments and scripts, so a
// long page reads as it would whole.
TEST(HtmlToText, LongPagesReadAsWhole) {
  using internal::HtmlToText;
  std::string page, want;
  for (int i = 0; i < 3000; ++i) {
    const std::string n = std::to_string(i);
    page += "<p><b>Đoạn</b> " + n + " <a href='/x'>có</a> <i>liên kết</i>";
    if (i % 100 == 0) page += "<script>var p = '<p>" + n + "';</script><!-- <p>ẩn</p> -->";
    page += "</p>";
    want += (i ? "\n" : "") + ("Đoạn " + n + " có liên kết");
  }
  EXPECT_EQ(HtmlToText(page), want);
}

TEST(HtmlScripts, FindsScriptsByType) {
  const std::string page =
      "<html><head><script type=\"application/ld+json\">{\"a\": \"</p>\"}</script>"
      "<script>var x;</script></head><body><p>text"
      "<script type=' Application/LD+JSON; charset=utf-8 '>[1,2]</script>"
      "<script type=\"text/javascript\">y</script></body></html>";
  EXPECT_EQ(HtmlScripts(page, "application/ld+json"), (std::vector<std::string>{"{\"a\": \"</p>\"}", "[1,2]"}));
  EXPECT_EQ(HtmlScripts(page, "text/javascript"), std::vector<std::string>{"y"});
  EXPECT_TRUE(HtmlScripts("<p>no scripts</p>", "application/ld+json").empty());
}

}  // namespace
}  // namespace vox::ingest
