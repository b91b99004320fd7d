#include <gtest/gtest.h>

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

}  // namespace
}  // namespace vox::ingest
