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

// The /{post-id}/comments edge, in the shape Graph API clients' fixtures
// show (like_count, message_tags, parent for a reply, paging URLs).
TEST(FacebookReader, CommentsEdgeKeepsKindAndParent) {
  auto c = Read(Format::kFacebook, testing::ReadTestdata("facebook_comments_edge.json"),
                Named("comments.json"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 2u);
  EXPECT_EQ(c.items[0].kind, "comment");
  EXPECT_EQ(c.items[0].id, "2001_3001");
  EXPECT_EQ(c.items[0].parent_id, "1001_2001");  // the object the paging URL names
  EXPECT_EQ(c.items[0].metrics.reactions, 3);
  EXPECT_EQ(c.items[0].published_at, 1790845200);
  EXPECT_EQ(c.items[1].kind, "comment");
  EXPECT_EQ(c.items[1].parent_id, "2001_3001");  // parent.id: a reply
  ASSERT_EQ(c.skips.size(), 1u);                 // a sticker
  EXPECT_EQ(c.skips[0].where, "comments.json: comment 3");
  EXPECT_EQ(c.skips[0].category, "comment without text");
  EXPECT_TRUE(c.rejects.empty());
}

TEST(FacebookReader, SingleCommentObjectsNameTheirPostByTheirId) {
  // Without paging: told from a post by fields only comments have.
  const std::string lines =
      R"({"id":"1001_2001","message":"Lịch cắt nước","created_time":"2026-10-01T08:30:00+0000","status_type":"mobile_status_update"})"
      "\n"
      R"({"id":"2001_3001","message":"Cả ngày hả?","created_time":"2026-10-01T09:00:00+0000","like_count":0,"can_remove":false})"
      "\n"
      R"({"id":"2002_3009","message":"Bài khác","created_time":"2026-10-01T09:00:00+0000","comment_count":0})"
      "\n";
  auto c = Read(Format::kFacebook, lines, Named("c.jsonl"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 3u);
  EXPECT_EQ(c.items[0].kind, "post");
  EXPECT_EQ(c.items[1].kind, "comment");
  EXPECT_EQ(c.items[1].parent_id, "1001_2001");  // the post of this input it names
  EXPECT_EQ(c.items[2].kind, "comment");
  EXPECT_EQ(c.items[2].parent_id, "2002");  // not in this input: as its id names it

  auto one = Read(Format::kFacebook,
                  R"({"id":"2001_3001","message":"x","created_time":"2026-10-01T09:00:00+0000",)"
                  R"("parent":{"id":"2001_3000"},"like_count":1})",
                  Named("one.json"));
  ASSERT_EQ(one.items.size(), 1u);
  EXPECT_EQ(one.items[0].kind, "comment");
  EXPECT_EQ(one.items[0].parent_id, "2001_3000");
}

TEST(FacebookReader, MessengerConversationsAreMessages) {
  auto c = Read(Format::kFacebook, testing::ReadTestdata("facebook_conversations.json"),
                Named("conv.json"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 1u);
  const Item& m = c.items[0];
  EXPECT_EQ(m.kind, "message");
  EXPECT_EQ(m.id, "m_Ab12Cd34Ef56Gh78Ij90KlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrSt");
  EXPECT_EQ(m.author, "7000123");
  EXPECT_EQ(m.parent_id, "");
  EXPECT_EQ(m.source, "facebook");
  EXPECT_EQ(m.published_at, 1790848800);
  ASSERT_EQ(c.skips.size(), 1u);
  EXPECT_EQ(c.skips[0].where, "conv.json: conversation 1, message 2");
  EXPECT_EQ(c.skips[0].category, "message without text");
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "conv.json: conversation 1, message 3");
  EXPECT_EQ(c.rejects[0].field, "created_time");

  // The /{conversation-id}/messages edge: the messages themselves.
  auto edge = Read(Format::kFacebook,
                   R"({"data":[{"id":"m_1","message":"Xin chào","created_time":"2026-10-01T10:00:00+0000","from":{"id":"7000123"}}]})",
                   Named("msgs.json"));
  ASSERT_EQ(edge.items.size(), 1u);
  EXPECT_EQ(edge.items[0].kind, "message");
  EXPECT_EQ(edge.items[0].id, "m_1");
}

TEST(FacebookReader, PageAndMessengerWebhookPayloads) {
  const std::string data = testing::ReadTestdata("facebook_webhooks.json");
  EXPECT_EQ(DetectFormat(data, "hooks.json"), Format::kFacebook);
  auto c = Read(Format::kFacebook, data, Named("hooks.json"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 4u);
  EXPECT_EQ(c.items[0].kind, "comment");
  EXPECT_EQ(c.items[0].id, "2001_3010");
  EXPECT_EQ(c.items[0].parent_id, "1001_2001");
  EXPECT_EQ(c.items[0].author, "9004");
  EXPECT_EQ(c.items[0].published_at, 1790845230);
  EXPECT_EQ(c.items[1].kind, "post");
  EXPECT_EQ(c.items[1].id, "1001_2005");
  EXPECT_EQ(c.items[2].kind, "comment");
  EXPECT_EQ(c.items[2].parent_id, "2001_3010");  // a reply to a comment
  const Item& m = c.items[3];
  EXPECT_EQ(m.kind, "message");
  EXPECT_EQ(m.author, "7000123");
  EXPECT_EQ(m.published_at, 1790848800);  // milliseconds

  // The same message read from the Graph export is the same item.
  auto conv = Read(Format::kFacebook, testing::ReadTestdata("facebook_conversations.json"));
  ASSERT_FALSE(conv.items.empty());
  EXPECT_EQ(conv.items[0].id, m.id);
  EXPECT_EQ(conv.items[0].kind, m.kind);
  EXPECT_EQ(conv.items[0].text, m.text);
  EXPECT_EQ(conv.items[0].author, m.author);
  EXPECT_EQ(conv.items[0].published_at, m.published_at);

  std::vector<std::pair<std::string, std::string>> skips;
  for (const Rejection& r : c.skips) skips.emplace_back(r.where, r.category);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"hooks.json:2, entry 1, change 1", "reaction"},
      {"hooks.json:2, entry 1, change 2", "removed or hidden comment"},
      {"hooks.json:2, entry 1, change 5", "other Page change"},
      {"hooks.json:18, entry 1, messaging 2", "message without text"},
      {"hooks.json:18, entry 1, messaging 3", "Page's own message"},
      {"hooks.json:18, entry 1, messaging 4", "read receipt"},
      {"hooks.json:18, entry 1, messaging 5", "delivery receipt"}};
  EXPECT_EQ(skips, want);
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "hooks.json:25");
  EXPECT_EQ(c.rejects[0].field, "object");
}

TEST(FacebookReader, WebhookFieldErrorsNameTheField) {
  auto c = Read(Format::kFacebook,
                R"({"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"7"},"timestamp":"x","message":{"mid":"m_1","text":"a"}},)"
                R"({"sender":{"id":"7"},"timestamp":1790848800000,"message":{"text":"no mid"}}],)"
                R"("changes":[{"field":"feed","value":{"item":"comment","verb":"add","message":"m","created_time":1790845230}}]}]})",
                Named("bad.json"));
  ASSERT_TRUE(c.status.ok());
  EXPECT_TRUE(c.items.empty());
  ASSERT_EQ(c.rejects.size(), 3u);
  EXPECT_EQ(c.rejects[0].where, "bad.json: payload 1, entry 1, change 1");
  EXPECT_EQ(c.rejects[0].field, "comment_id");
  EXPECT_EQ(c.rejects[1].where, "bad.json: payload 1, entry 1, messaging 1");
  EXPECT_EQ(c.rejects[1].field, "timestamp");
  EXPECT_EQ(c.rejects[2].field, "message.mid");
}

TEST(FacebookReader, TextTheServerReadFromAMessengerImageIsLabelled) {
  auto c = Read(Format::kFacebook,
                R"({"object":"page","entry":[{"id":"1","messaging":[)"
                R"({"sender":{"id":"7"},"timestamp":1790848800000,"message":{"mid":"m_1","text":"có thật?\nTHÔNG BÁO: cắt điện",)"
                R"("vox_image_text":true,"attachments":[{"type":"image","payload":{"url":"https://x/a.png"}}]}},)"
                R"({"sender":{"id":"7"},"timestamp":1790848800000,"message":{"mid":"m_2","text":"chữ thường"}}]}]})",
                Named("hooks.json"));
  ASSERT_TRUE(c.status.ok());
  ASSERT_EQ(c.items.size(), 2u);
  EXPECT_EQ(c.items[0].text, "có thật?\nTHÔNG BÁO: cắt điện");
  EXPECT_EQ(c.items[0].labels, (std::vector<std::string>{"from_image"}));
  EXPECT_TRUE(c.items[1].labels.empty());
}

}  // namespace
}  // namespace vox::ingest
