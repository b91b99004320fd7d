#include <gtest/gtest.h>

#include "ingest/reader.h"
#include "ingest/reader_test_util.h"

namespace vox::ingest {
namespace {

using testing::Named;
using testing::Read;

TEST(FacebookReader, PageExportWithCommentsAndReplies) {
  auto c = Read(Format::kFacebook, testing::ReadTestdata("facebook_page.json"), Named("page.json"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 4u);
  const Item& post = c.items[0];
  EXPECT_EQ(post.kind, "post");
  EXPECT_EQ(post.source, "facebook");
  EXPECT_EQ(post.id, "1001_2001");
  EXPECT_EQ(post.text, "UBND phường thông báo lịch cắt nước ngày 02/10 🚰");
  EXPECT_EQ(post.published_at, 1790843400);  // 2026-10-01T08:30:00Z
  EXPECT_EQ(post.author, "1001");            // from.id preferred
  EXPECT_EQ(post.url, "https://www.facebook.com/1001/posts/2001");
  EXPECT_EQ(post.metrics.shares, 7);
  EXPECT_EQ(post.metrics.reactions, 42);
  EXPECT_EQ(post.metrics.comments, 3);

  const Item& comment = c.items[1];
  EXPECT_EQ(comment.kind, "comment");
  EXPECT_EQ(comment.id, "2001_3001");
  EXPECT_EQ(comment.parent_id, "1001_2001");
  EXPECT_EQ(comment.author, "9001");
  EXPECT_EQ(comment.metrics.reactions, 3);

  const Item& reply = c.items[2];
  EXPECT_EQ(reply.kind, "comment");
  EXPECT_EQ(reply.id, "2001_3002");
  EXPECT_EQ(reply.parent_id, "2001_3001");
  EXPECT_EQ(reply.author, "UBND Phường Hòa Khánh");  // no from.id: from.name

  EXPECT_EQ(c.items[3].id, "1001_2003");

  ASSERT_EQ(c.skips.size(), 1u);  // comment without message (a sticker)
  EXPECT_EQ(c.skips[0].where, "page.json: post 1, comment 2");
  ASSERT_EQ(c.rejects.size(), 2u);
  EXPECT_EQ(c.rejects[0].where, "page.json: post 1, comment 3");
  EXPECT_EQ(c.rejects[0].field, "created_time");
  EXPECT_NE(c.rejects[0].reason.find("hôm qua"), std::string::npos);
  EXPECT_EQ(c.rejects[1].where, "page.json: post 2");
  EXPECT_EQ(c.rejects[1].field, "created_time");
  EXPECT_NE(c.rejects[1].reason.find("required"), std::string::npos);
}

TEST(FacebookReader, BareArrayAndJsonLines) {
  const char* post = R"({"id":"1","message":"a","created_time":"2026-10-01T08:30:00+0000"})";
  const char* post3 = R"({"id":"3","message":"c","created_time":"2026-10-01T08:30:00+0000"})";
  auto arr = Read(Format::kFacebook, std::string("[") + post + "," + post3 + "]", Named("a.json"));
  ASSERT_TRUE(arr.status.ok());
  EXPECT_EQ(arr.items.size(), 2u);

  auto lines = Read(Format::kFacebook,
                    std::string(post) + "\n{\"id\":\"2\",\"message\":\"b\",\"created_time\":\n" +
                        post3 + "\n",
                    Named("p.jsonl", "fanpage"));
  ASSERT_TRUE(lines.status.ok());
  ASSERT_EQ(lines.items.size(), 2u);
  EXPECT_EQ(lines.items[0].source, "fanpage");
  ASSERT_EQ(lines.rejects.size(), 1u);
  EXPECT_EQ(lines.rejects[0].where, "p.jsonl:2");
  EXPECT_NE(lines.rejects[0].reason.find("malformed JSON"), std::string::npos);
}

TEST(FacebookReader, WrongTypesAndNonObjects) {
  auto c = Read(Format::kFacebook,
                R"({"data":[42,{"id":"1","message":7,"created_time":"2026-10-01T08:30:00+0000"},
                {"id":"2","message":"x","created_time":"2026-10-01T08:30:00+0000","from":"me"},
                {"id":"3","message":"x","created_time":"2026-10-01T08:30:00+0000",
                 "comments":{"data":[{"message":"no id","created_time":"2026-10-01T08:30:00+0000"}]}}]})",
                Named("w.json"));
  ASSERT_TRUE(c.status.ok());
  ASSERT_EQ(c.rejects.size(), 4u);
  EXPECT_EQ(c.rejects[0].where, "w.json: post 1");
  EXPECT_EQ(c.rejects[1].field, "message");
  EXPECT_EQ(c.rejects[2].field, "from");
  EXPECT_EQ(c.rejects[3].where, "w.json: post 4, comment 1");
  EXPECT_EQ(c.rejects[3].field, "id");
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].id, "3");
}

TEST(FacebookReader, MalformedDocumentIsUnusable) {
  auto c = Read(Format::kFacebook, "{\n  \"data\": [\n    {\"id\": \"1\",\n  ]\n", Named("x.json"));
  EXPECT_FALSE(c.status.ok());
  EXPECT_NE(c.status.message().find("x.json"), std::string::npos);
}

TEST(FacebookReader, SkipsCarryACategoryForCounting) {
  auto c = Read(Format::kFacebook,
                R"({"data":[{"id":"p1","created_time":"2026-10-01T08:30:00+0000",
                 "comments":{"data":[{"id":"c1","created_time":"2026-10-01T08:31:00+0000"},
                                     {"id":"c2","message":"x","created_time":"2026-10-01T08:31:00+0000"}]}}]})",
                Named("page.json"));
  ASSERT_EQ(c.items.size(), 1u);
  ASSERT_EQ(c.skips.size(), 2u);
  EXPECT_EQ(c.skips[0].category, "post without text");
  EXPECT_EQ(c.skips[1].category, "comment without text");
}

TEST(FacebookReader, NumericIdsAndControlCharacters) {
  auto c = Read(Format::kFacebook,
                R"([{"id":1001,"message":"a","created_time":"2026-10-01T08:30:00+0000"},
                    {"id":1.5,"message":"b","created_time":"2026-10-01T08:30:00+0000"},
                    {"id":"x\ny","message":"c","created_time":"2026-10-01T08:30:00+0000"}])",
                Named("a.json"));
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].id, "1001");
  ASSERT_EQ(c.rejects.size(), 2u);
  EXPECT_EQ(c.rejects[0].field, "id");
  EXPECT_EQ(c.rejects[0].reason, "must be a string or an integer");
  EXPECT_EQ(c.rejects[1].field, "id");
  EXPECT_NE(c.rejects[1].reason.find("control character U+000A"), std::string::npos);
}

}  // namespace
}  // namespace vox::ingest
