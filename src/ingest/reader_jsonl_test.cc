#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "ingest/reader.h"
#include "ingest/reader_test_util.h"

namespace vox::ingest {
namespace {

using testing::Named;
using testing::Read;

constexpr char kNfd[] = "\xC4\x90u\xCC\x9Bo\xCC\x9B\xCC\x80ng";  // "Đường" decomposed

TEST(JsonlReader, HappyPathFromTestdata) {
  const std::string data = testing::ReadTestdata("items.jsonl");
  ASSERT_FALSE(data.empty());
  auto c = Read(Format::kJsonl, data, Named("items.jsonl", "default-src"));
  ASSERT_TRUE(c.status.ok());
  EXPECT_TRUE(c.rejects.empty()) << c.rejects[0].where << " " << c.rejects[0].reason;
  ASSERT_EQ(c.items.size(), 3u);

  const Item& a = c.items[0];
  EXPECT_EQ(a.id, "p1");
  EXPECT_EQ(a.source, "fb-phuong");
  EXPECT_EQ(a.kind, "post");
  EXPECT_EQ(a.title, "Mất điện");
  EXPECT_EQ(a.text, "Khu vực Thanh Khê mất điện từ 8 giờ sáng 😡⚡");
  EXPECT_EQ(a.url, "https://example.vn/p1");
  EXPECT_EQ(a.author, "Nguyễn Văn A");
  EXPECT_EQ(a.published_at, 1790818200);
  EXPECT_EQ(a.metrics.reactions, 12);
  EXPECT_EQ(a.metrics.shares, 3);
  EXPECT_EQ(a.metrics.comments, 4);
  EXPECT_EQ(a.metrics.views, 100);
  EXPECT_EQ(a.place, "Thanh Khê");
  EXPECT_EQ(a.labels, (std::vector<std::string>{"power", "outage"}));

  const Item& b = c.items[1];
  EXPECT_EQ(b.id, "12345");  // number -> string
  EXPECT_EQ(b.source, "default-src");
  EXPECT_EQ(b.kind, "comment");
  EXPECT_EQ(b.parent_id, "p1");
  EXPECT_EQ(b.text.substr(0, sizeof(kNfd) - 1), kNfd);  // NFD kept byte for byte

  EXPECT_EQ(c.items[2].title, "Chỉ có tiêu đề");
  EXPECT_TRUE(c.items[2].text.empty());
}

TEST(JsonlReader, DefaultKindIsPostAndNullIsAbsent) {
  auto c = Read(Format::kJsonl,
                R"({"id":"1","text":"x","published_at":"2026-10-01T00:00:00Z","title":null,"kind":null})");
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].kind, "post");
}

struct RejectCase {
  const char* line;
  const char* field;
  const char* reason_part;
};

TEST(JsonlReader, EveryRejectionKindWithWhereAndField) {
  const RejectCase cases[] = {
      {R"({"id":"1","text":"x","published_at":"2026-10-01T00:00:00Z")", "", "malformed JSON"},
      {R"({"id":"1","text":"x","published_at":"2026-10-01T00:00:00Z"} {})", "", "malformed JSON"},
      {R"(["not","an","object"])", "", "not a JSON object"},
      {"{\"id\":\"1\",\"text\":\"bad \xC3\x28 utf8\",\"published_at\":\"2026-10-01T00:00:00Z\"}", "",
       "UTF-8"},
      {R"({"text":"x","published_at":"2026-10-01T00:00:00Z"})", "id", "required"},
      {R"({"id":"","text":"x","published_at":"2026-10-01T00:00:00Z"})", "id", "required"},
      {R"({"id":"1","published_at":"2026-10-01T00:00:00Z"})", "text", "required"},
      {R"({"id":"1","text":"x"})", "published_at", "required"},
      {R"({"id":"1","text":"x","published_at":"2026-13-45"})", "published_at", "2026-13-45"},
      {R"({"id":"1","text":"x","published_at":1700000000})", "published_at", "string"},
      {R"({"id":true,"text":"x","published_at":"2026-10-01T00:00:00Z"})", "id", "string"},
      {R"({"id":1.5,"text":"x","published_at":"2026-10-01T00:00:00Z"})", "id",
       "must be a string or an integer"},
      {R"({"id":1e23,"text":"x","published_at":"2026-10-01T00:00:00Z"})", "id",
       "must be a string or an integer"},
      {R"({"id":100e0,"text":"x","published_at":"2026-10-01T00:00:00Z"})", "id",
       "must be a string or an integer"},
      {R"({"id":123456789012345678901234,"text":"x","published_at":"2026-10-01T00:00:00Z"})",
       "id", "must be a string or an integer"},
      {R"({"id":"a\nb","text":"x","published_at":"2026-10-01T00:00:00Z"})", "id",
       "control character U+000A"},
      {R"({"id":"a\u001b[2Jb","text":"x","published_at":"2026-10-01T00:00:00Z"})", "id",
       "control character U+001B"},
      {R"({"id":"a\u0085","text":"x","published_at":"2026-10-01T00:00:00Z"})", "id",
       "control character U+0085"},
      {R"({"id":"x\u0000","text":"x","published_at":"2026-10-01T00:00:00Z"})", "id",
       "control character U+0000"},
      {R"({"id":"1","source":"fb\r","text":"x","published_at":"2026-10-01T00:00:00Z"})",
       "source", "control character U+000D"},
      {R"({"id":"1","parent_id":"p\t1","text":"x","published_at":"2026-10-01T00:00:00Z"})",
       "parent_id", "control character U+0009"},
      {R"({"id":"1","text":5,"published_at":"2026-10-01T00:00:00Z"})", "text", "string"},
      {R"({"id":"1","text":"x","kind":"tweet","published_at":"2026-10-01T00:00:00Z"})", "kind",
       "tweet"},
      {R"({"id":"1","text":"x","published_at":"2026-10-01T00:00:00Z","metrics":[]})", "metrics",
       "object"},
      {R"({"id":"1","text":"x","published_at":"2026-10-01T00:00:00Z","metrics":{"shares":"3"}})",
       "metrics.shares", "integer"},
      {R"({"id":"1","text":"x","published_at":"2026-10-01T00:00:00Z","metrics":{"views":-1}})",
       "metrics.views", "negative"},
      {R"({"id":"1","text":"x","published_at":"2026-10-01T00:00:00Z","metrics":{"views":1.5}})",
       "metrics.views", "fraction"},
      {R"({"id":"1","text":"x","published_at":"2026-10-01T00:00:00Z","labels":"a"})", "labels",
       "array"},
      {R"({"id":"1","text":"x","published_at":"2026-10-01T00:00:00Z","labels":["a",2]})", "labels",
       "array"},
  };
  for (const RejectCase& rc : cases) {
    std::string data = std::string("{\"id\":\"ok1\",\"text\":\"good\",\"published_at\":"
                                   "\"2026-10-01T00:00:00Z\"}\n") +
                       rc.line + "\n{\"id\":\"ok2\",\"text\":\"good\",\"published_at\":"
                                 "\"2026-10-01T00:00:00Z\"}\n";
    auto c = Read(Format::kJsonl, data, Named("in.jsonl"));
    ASSERT_TRUE(c.status.ok());
    ASSERT_EQ(c.rejects.size(), 1u) << rc.line;
    EXPECT_EQ(c.rejects[0].where, "in.jsonl:2") << rc.line;
    EXPECT_EQ(c.rejects[0].field, rc.field) << rc.line;
    EXPECT_NE(c.rejects[0].reason.find(rc.reason_part), std::string::npos)
        << rc.line << " -> " << c.rejects[0].reason;
    ASSERT_EQ(c.items.size(), 2u) << "good records around a bad one are kept: " << rc.line;
    EXPECT_EQ(c.items[1].id, "ok2");
  }
}

TEST(JsonlReader, TextLargerThanLimitIsRejected) {
  ReadOptions opts = Named("big.jsonl");
  opts.max_text_bytes = 16;
  auto c = Read(Format::kJsonl,
                "{\"id\":\"1\",\"text\":\"0123456789abcdefXYZ\",\"published_at\":"
                "\"2026-10-01T00:00:00Z\"}\n{\"id\":\"2\",\"text\":\"short\",\"published_at\":"
                "\"2026-10-01T00:00:00Z\"}",
                opts);
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "big.jsonl:1");
  EXPECT_EQ(c.rejects[0].field, "text");
  EXPECT_NE(c.rejects[0].reason.find("limit of 16"), std::string::npos);
  ASSERT_EQ(c.items.size(), 1u);
}

TEST(JsonlReader, BlankLinesCrlfAndLineNumbers) {
  auto c = Read(Format::kJsonl,
                "\r\n\r\n{\"id\":\"1\",\"text\":\"x\",\"published_at\":\"2026-10-01T00:00:00Z\"}"
                "\r\n  \r\n{\"id\":\"2\"}\r\n",
                Named("x.jsonl"));
  ASSERT_EQ(c.items.size(), 1u);
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "x.jsonl:5");
}

TEST(JsonlReader, SinkCanStopReading) {
  ReadOptions opts;
  int seen = 0;
  Status s = ReadBuffer(Format::kJsonl,
                        "{\"id\":\"1\",\"text\":\"x\",\"published_at\":\"2026-10-01\"}\n"
                        "{\"id\":\"2\",\"text\":\"x\",\"published_at\":\"2026-10-01\"}\n",
                        opts, [&](Item&&) { return ++seen < 1; }, [](const Rejection&) {});
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(seen, 1);
}

TEST(JsonlReader, EmptyInputIsOk) {
  auto c = Read(Format::kJsonl, "");
  EXPECT_TRUE(c.status.ok());
  EXPECT_TRUE(c.items.empty());
}

// Whole-file shapes: an office's "JSON export" is as often an array, one
// pretty-printed object or objects one after another as it is JSON Lines.
TEST(JsonlWholeFile, ArrayOfRecordsNamedByTheLineTheyStartOn) {
  const std::string data =
      "[\n"
      "  {\"id\": \"1\", \"text\": \"Mất điện\", \"published_at\": \"2026-10-01T08:00:00+07:00\"},\n"
      "  {\n"
      "    \"id\": \"2\",\n"
      "    \"text\": \"Ngập nước\",\n"
      "    \"published_at\": \"2026-10-01T09:00:00+07:00\"\n"
      "  },\n"
      "  {\"id\": \"3\", \"text\": \"thiếu ngày\"},\n"
      "  \"not an object\"\n"
      "]\n";
  auto c = Read(Format::kJsonl, data, Named("a.json"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 2u);
  EXPECT_EQ(c.items[0].id, "1");
  EXPECT_EQ(c.items[1].id, "2");
  EXPECT_EQ(c.items[1].text, "Ngập nước");
  ASSERT_EQ(c.rejects.size(), 2u);
  EXPECT_EQ(c.rejects[0].where, "a.json:8");
  EXPECT_EQ(c.rejects[0].field, "published_at");
  EXPECT_EQ(c.rejects[1].where, "a.json:9");
  EXPECT_EQ(c.rejects[1].reason, "the record is not a JSON object");
}

TEST(JsonlWholeFile, PrettyPrintedAndConcatenatedObjects) {
  const std::string pretty =
      "{\n  \"id\": \"p1\",\n  \"text\": \"Một bản ghi\",\n"
      "  \"published_at\": \"2026-10-01T08:00:00Z\",\n  \"metrics\": {\"reactions\": 4}\n}\n";
  auto one = Read(Format::kJsonl, pretty, Named("p.json"));
  ASSERT_TRUE(one.status.ok()) << one.status.message();
  ASSERT_EQ(one.items.size(), 1u);
  EXPECT_EQ(one.items[0].metrics.reactions, 4);
  EXPECT_TRUE(one.rejects.empty());

  const std::string many =
      pretty +
      "{\"id\":\"c2\",\"text\":\"liền\",\"published_at\":\"2026-10-01T08:00:00Z\"}"
      "{\"id\":\"c3\",\"text\":\"liền nữa\",\"published_at\":\"2026-10-01T08:00:00Z\"}\n"
      "garbage here\n"
      "{\n  \"id\": \"c4\",\n  \"text\": 5,\n  \"published_at\": \"2026-10-01T08:00:00Z\"\n}\n"
      "{\"id\":\"c5\",\"text\":\"sau lỗi\",\"published_at\":\"2026-10-01T08:00:00Z\"}\n"
      "{\"id\":\"c6\",\n  \"text\": \"never closed\"\n";
  auto c = Read(Format::kJsonl, many, Named("m.json"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 4u);
  EXPECT_EQ(c.items[1].id, "c2");
  EXPECT_EQ(c.items[2].id, "c3");
  EXPECT_EQ(c.items[3].id, "c5");
  ASSERT_EQ(c.rejects.size(), 3u);
  EXPECT_EQ(c.rejects[0].where, "m.json:8");
  EXPECT_NE(c.rejects[0].reason.find("'garbage here?'"), std::string::npos) << c.rejects[0].reason;
  EXPECT_EQ(c.rejects[1].where, "m.json:9");
  EXPECT_EQ(c.rejects[1].field, "text");
  EXPECT_EQ(c.rejects[2].where, "m.json:15");
  EXPECT_NE(c.rejects[2].reason.find("never closed"), std::string::npos);
}

TEST(JsonlWholeFile, ArrayNeverClosedIsReportedWhereItEndsAfterItsRecords) {
  // Found by fuzz_jsonshape: the error used to be placed at the '[' of line
  // 1, before the records already read.
  const std::string data =
      "[\n  {\"id\":\"1\",\"text\":\"x\",\"published_at\":\"2026-10-01T00:00:00Z\"},\n";
  std::vector<JsonSpan> spans;
  ForEachJsonDocument(data, [&](const JsonSpan& s) {
    spans.push_back(s);
    return true;
  });
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_TRUE(spans[0].error.empty());
  EXPECT_EQ(spans[1].begin, data.size());
  EXPECT_EQ(spans[1].line, 3u);
  EXPECT_NE(spans[1].error.find("starts on line 1 is never closed"), std::string::npos);
  auto c = Read(Format::kJsonl, data, Named("open.json"));
  ASSERT_EQ(c.items.size(), 1u);
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "open.json:3");
}

TEST(JsonlWholeFile, JsonLinesStayLineByLine) {
  // A malformed first line does not make the file one document.
  const std::string data =
      "{broken json\n"
      "{\"id\":\"1\",\"text\":\"x\",\"published_at\":\"2026-10-01T00:00:00Z\"}\n";
  EXPECT_EQ(SniffJsonLayout(data), JsonLayout::kLines);
  auto c = Read(Format::kJsonl, data, Named("l.jsonl"));
  ASSERT_TRUE(c.status.ok());
  ASSERT_EQ(c.items.size(), 1u);
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "l.jsonl:1");
}

TEST(JsonlWholeFile, HtmlOrBinaryIsOneErrorSayingWhatItLooksLike) {
  const std::string html =
      "<!DOCTYPE html>\n<html lang=\"vi\">\n<head><title>Tin tức</title></head>\n"
      "<body><p>{\"not\": \"records\"}</p>\n</body></html>\n";
  EXPECT_EQ(SniffJsonLayout(html), JsonLayout::kNotJson);
  auto c = Read(Format::kJsonl, html, Named("page.json"));
  ASSERT_FALSE(c.status.ok());
  EXPECT_EQ(c.status.message(),
            "page.json: not JSON Lines or JSON (objects one a line, an array of objects, or "
            "objects one after another): it looks like an HTML page; nothing read");
  EXPECT_TRUE(c.rejects.empty());
  EXPECT_TRUE(c.items.empty());

  const std::string junk("\x13\x88\x01\x00garbage\xFF\xFE\nmore\n", 18);
  auto b = Read(Format::kJsonl, junk, Named("blob.jsonl"));
  ASSERT_FALSE(b.status.ok());
  EXPECT_NE(b.status.message().find("it looks like binary data"), std::string::npos)
      << b.status.message();
  EXPECT_TRUE(b.rejects.empty());

  auto pdf = Read(Format::kJsonl, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", Named("x.json"));
  ASSERT_FALSE(pdf.status.ok());
  EXPECT_NE(pdf.status.message().find("a PDF document"), std::string::npos);
}

TEST(JsonlWholeFile, DescribeContent) {
  EXPECT_EQ(DescribeContent("  <html><body>"), "an HTML page");
  EXPECT_EQ(DescribeContent("<?xml version=\"1.0\"?><rss>"), "an XML document");
  EXPECT_EQ(DescribeContent(std::string("PK\x03\x04", 4)), "a ZIP archive");
  EXPECT_EQ(DescribeContent("id,text,date\n1,x,2026-10-01\n"), "text");
  EXPECT_EQ(DescribeContent(""), "empty");
  EXPECT_EQ(DescribeContent(std::string("\x00\x01\x02", 3)), "binary data");
}

// What ReadJsonlStream gives on `data` read in pieces of `piece` bytes.
testing::Collected ReadStreamed(std::string_view data, size_t head_bytes, size_t piece, ReadOptions opts) {
  testing::Collected c;
  opts.on_skip = [&c](const Rejection& r) { c.skips.push_back(r); };
  std::string head(data.substr(0, head_bytes));
  std::istringstream in(std::string(data.substr(std::min(head_bytes, data.size()))));
  int64_t bytes = 0;
  c.status = ReadJsonlStream(
      head, in, opts,
      [&c](Item&& item) {
        c.items.push_back(std::move(item));
        return true;
      },
      [&c](const Rejection& r) { c.rejects.push_back(r); }, piece, &bytes);
  EXPECT_EQ(bytes, static_cast<int64_t>(data.size()));
  return c;
}

std::vector<std::string> Describe(const testing::Collected& c) {
  std::vector<std::string> out;
  for (const Item& it : c.items) out.push_back("item " + it.source + "/" + it.id + " " + it.text);
  for (const Rejection& r : c.rejects) out.push_back("reject " + r.where + " " + r.field + " " + r.reason);
  for (const Rejection& r : c.skips) out.push_back("skip " + r.where + " " + r.reason);
  return out;
}

// Streamed in pieces of any size (a piece shorter than a line, a line
// longer than a piece, a piece ending inside a CRLF or a UTF-8 sequence),
// JSON Lines give what the whole buffer gives: the same items, rejections
// at the same lines and duplicate skips naming the same first line.
TEST(JsonlReader, StreamedInPiecesReadsAsTheWholeInput) {
  std::string data =
      "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"Đường Hoà Bình mất điện\",\"published_at\":\"2026-10-01T08:00:00+07:00\"}\r\n"
      "\n"
      "{\"id\":\"b\",\"text\":\"thiếu ngày\"}\r\n"
      "{broken\n"
      "   \n"
      "{\"id\":\"a\",\"text\":\"lặp lại\",\"published_at\":\"2026-10-01T09:00:00+07:00\"}\n"
      "{\"id\":\"c\",\"text\":\"" + std::string(300, 'x') + " dài\",\"published_at\":\"2026-10-02T09:00:00Z\"}\n"
      "{\"id\":\"d\",\"text\":\"bad \xff utf8\",\"published_at\":\"2026-10-02T09:00:00Z\"}\n"
      "{\"id\":\"e\",\"source\":\"zalo\",\"text\":\"cuối, không xuống dòng\",\"published_at\":\"2026-10-03T09:00:00Z\"}";
  const ReadOptions opts = Named("big.jsonl", "default");
  const auto whole = Describe(Read(Format::kJsonl, data, opts));
  ASSERT_EQ(whole.size(), 7u);  // items a, c, e; rejections b, {broken, d; the repeated a skipped
  for (size_t head : {size_t{4}, size_t{150}, data.size()}) {
    for (size_t piece : {size_t{1}, size_t{7}, size_t{64}, size_t{1} << 20}) {
      EXPECT_EQ(Describe(ReadStreamed(data, head, piece, opts)), whole) << "head " << head << " piece " << piece;
    }
  }
  data += "\n";
  EXPECT_EQ(Describe(ReadStreamed(data, 10, 16, opts)), Describe(Read(Format::kJsonl, data, opts)));
}

TEST(JsonlReader, StreamsOnlyWhatTheHeadShowsIsJsonLines) {
  EXPECT_TRUE(IsStreamableJsonl("{\"id\":1}\n{\"id\":2", false));
  EXPECT_TRUE(IsStreamableJsonl("{\"id\":1}", true));
  EXPECT_TRUE(IsStreamableJsonl("\xEF\xBB\xBF\n\n{\"id\":1}\n", false));
  // A first line cut by the head is not judged.
  EXPECT_FALSE(IsStreamableJsonl("{\"id\":1", false));
  EXPECT_FALSE(IsStreamableJsonl("[{\"id\":1},\n{\"id\":2}]\n", false));
  EXPECT_FALSE(IsStreamableJsonl("{\n  \"id\": 1\n}\n", false));
  EXPECT_FALSE(IsStreamableJsonl("<html><body>\n</body></html>\n", true));
  EXPECT_FALSE(IsStreamableJsonl(std::string("\xFF\xFE{\0\"\0i\0d\0\"\0:\0""1\0}\0\n\0", 20), true));
  EXPECT_FALSE(IsStreamableJsonl("id,text\n1,a\n", true));
}


// The splitter fed in pieces gives the spans ForEachJsonDocument gives on the
// whole input, whatever the cuts (inside a string, an escape, a number, the
// byte order mark, a run of garbage, between ']' and the next '[').
TEST(JsonDocumentSplitter, PiecesGiveTheSpansOfTheWholeInput) {
  const std::string data =
      "\xEF\xBB\xBF[\n {\"id\":\"a\",\"text\":\"q\\\"uote } ] [ {\\\\\",\"n\":[1,{\"x\":2}]},\n"
      "  42 , \"str\\\"ing\", {\"id\":\"b\"}\n]\n"
      "garbage here?\n{\"id\":\"c\",\n  \"text\":\"x\"}{\"id\":\"d\"}\n"
      "[ {\"id\":\"e\"}, tru\n";
  std::vector<JsonSpan> whole;
  ForEachJsonDocument(data, [&](const JsonSpan& s) {
    whole.push_back(s);
    return true;
  });
  ASSERT_EQ(whole.size(), 10u);
  EXPECT_EQ(whole[4].line, 5u);
  EXPECT_NE(whole[4].error.find("'garbage here?"), std::string::npos);
  EXPECT_EQ(whole[7].line, 8u);
  EXPECT_NE(whole.back().error.find("starts on line 8 is never closed"), std::string::npos);
  for (size_t piece : {size_t{1}, size_t{2}, size_t{5}, size_t{17}, data.size()}) {
    JsonDocumentSplitter splitter;
    std::vector<JsonSpan> got;
    size_t base = 0, held = 0;  // the caller holds data[base, held)
    JsonSpan span;
    while (true) {
      const bool at_end = held == data.size();
      const auto step = splitter.Next(std::string_view(data).substr(base, held - base), base, at_end, &span);
      if (step == JsonDocumentSplitter::Step::kEnd) break;
      if (step == JsonDocumentSplitter::Step::kSpan) {
        // The caller holds a record's bytes (the start of a run of garbage
        // may have been dropped already).
        if (span.error.empty()) {
          ASSERT_GE(span.begin, base);
        }
        ASSERT_LE(span.end, held);
        got.push_back(span);
        continue;
      }
      ASSERT_FALSE(at_end);
      ASSERT_GE(splitter.pos(), base);
      base = splitter.pos();  // drops what is done
      held = std::min(data.size(), held + piece);
    }
    ASSERT_EQ(got.size(), whole.size()) << "piece " << piece;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].begin, whole[i].begin) << "piece " << piece << " span " << i;
      EXPECT_EQ(got[i].end, whole[i].end) << "piece " << piece << " span " << i;
      EXPECT_EQ(got[i].line, whole[i].line) << "piece " << piece << " span " << i;
      EXPECT_EQ(got[i].error, whole[i].error) << "piece " << piece << " span " << i;
    }
  }
}

// What ReadJsonDocumentsStream gives on `data` read in pieces of `piece` bytes.
testing::Collected ReadDocumentsStreamed(std::string_view data, size_t head_bytes, size_t piece, ReadOptions opts) {
  testing::Collected c;
  opts.on_skip = [&c](const Rejection& r) { c.skips.push_back(r); };
  std::string head(data.substr(0, head_bytes));
  std::istringstream in(std::string(data.substr(std::min(head_bytes, data.size()))));
  int64_t bytes = 0;
  c.status = ReadJsonDocumentsStream(
      head, in, opts,
      [&c](Item&& item) {
        c.items.push_back(std::move(item));
        return true;
      },
      [&c](const Rejection& r) { c.rejects.push_back(r); }, piece, &bytes);
  EXPECT_EQ(bytes, static_cast<int64_t>(data.size()));
  return c;
}

// Arrays, pretty-printed and concatenated objects streamed in pieces of any
// size (a record longer than a piece, a piece ending inside a string or an
// escape) give what the whole buffer gives: the same items, rejections named
// by the same lines and fields, the same duplicate skips.
TEST(JsonlWholeFile, StreamedInPiecesReadsAsTheWholeInput) {
  const std::string array =
      "\xEF\xBB\xBF[\n"
      "  {\"id\": \"a\", \"text\": \"Đường Hoà Bình mất điện \\\"}]\\\\\", \"published_at\": \"2026-10-01T08:00:00+07:00\"},\n"
      "  {\"id\": \"b\", \"text\": \"thiếu ngày\"},\n"
      "  7,\n"
      "  {\"id\": \"a\", \"text\": \"lặp lại\", \"published_at\": \"2026-10-01T09:00:00+07:00\"},\n"
      "  {\"id\": \"c\", \"text\": \"" + std::string(300, 'x') + "\",\n   \"published_at\": \"2026-10-02T09:00:00Z\"},\n"
      "  {\"id\": \"d\", \"text\": 5, \"published_at\": \"2026-10-02T09:00:00Z\"},\n"
      "  {\"id\": \"e\", \"text\": \"bad \xff utf8\", \"published_at\": \"2026-10-02T09:00:00Z\"}\n"
      "]\n";
  const std::string concatenated =
      "{\n  \"id\": \"a\",\n  \"text\": \"một\",\n  \"published_at\": \"2026-10-01T08:00:00Z\"\n}\n"
      "{\"id\": \"b\", \"text\": \"hai\", \"published_at\": \"2026-10-01T08:00:00Z\"}"
      "{\"id\": \"c\", \"text\": \"ba\", \"published_at\": \"2026-10-01T08:00:00Z\"}\n"
      "garbage here?\n"
      "{\n  \"id\": \"a\",\n  \"text\": \"lặp\",\n  \"published_at\": \"2026-10-01T08:00:00Z\"\n}\n"
      "{\n  \"id\": \"d\",\n  \"text\": \"không đóng\n";
  const ReadOptions opts = Named("export.json", "default");
  struct Case {
    const std::string* data;
    size_t rows;
  };
  for (const Case& k : {Case{&array, 7}, Case{&concatenated, 6}}) {
    const std::string& data = *k.data;
    const auto whole = Describe(Read(Format::kJsonl, data, opts));
    ASSERT_EQ(whole.size(), k.rows) << data;
    for (size_t head : {size_t{0}, size_t{4}, size_t{150}, data.size()}) {
      for (size_t piece : {size_t{1}, size_t{7}, size_t{64}, size_t{1} << 20}) {
        EXPECT_EQ(Describe(ReadDocumentsStreamed(data, head, piece, opts)), whole)
            << "head " << head << " piece " << piece;
      }
    }
  }
  const auto rows = Describe(Read(Format::kJsonl, array, opts));
  EXPECT_EQ(rows[0].substr(0, 13), "item default/");
  // Rejections name the line each record starts on, and the field.
  const auto c = Read(Format::kJsonl, array, opts);
  ASSERT_EQ(c.rejects.size(), 4u);
  EXPECT_EQ(c.rejects[0].where, "export.json:3");
  EXPECT_EQ(c.rejects[1].where, "export.json:4");
  EXPECT_EQ(c.rejects[1].reason, "the record is not a JSON object");
  EXPECT_EQ(c.rejects[2].where, "export.json:8");
  EXPECT_EQ(c.rejects[2].field, "text");
}

TEST(JsonlWholeFile, StreamsOnlyWhatTheHeadShowsIsDocuments) {
  EXPECT_TRUE(IsStreamableJsonDocuments("[{\"id\":1},\n{\"id\":2", false));
  EXPECT_TRUE(IsStreamableJsonDocuments("\xEF\xBB\xBF  [", false));
  EXPECT_TRUE(IsStreamableJsonDocuments("{\n  \"id\": 1,\n  \"text\": \"x\"\n}\n{\n  \"id\": 2", false));
  EXPECT_TRUE(IsStreamableJsonDocuments("{\n  \"id\": 1\n}\n", true));
  // Fewer than five complete lines: a later line could be an object by itself.
  EXPECT_FALSE(IsStreamableJsonDocuments("{\n  \"id\": 1\n}\n{", false));
  EXPECT_FALSE(IsStreamableJsonDocuments("{\"id\":1}\n{\"id\":2}\n", false));  // JSON Lines
  EXPECT_FALSE(IsStreamableJsonDocuments("<html><body>\n</body></html>\n", true));
  EXPECT_FALSE(IsStreamableJsonDocuments(std::string("\xFF\xFE[\0{\0}\0]\0", 10), true));
}

}  // namespace
}  // namespace vox::ingest
