#include <gtest/gtest.h>

#include "ingest/reader.h"
#include "ingest/reader_test_util.h"

namespace vox::ingest {
namespace {

using testing::Named;
using testing::Read;

TEST(ZaloReader, WebhookEventsSkipAndReject) {
  auto c = Read(Format::kZalo, testing::ReadTestdata("zalo_events.jsonl"), Named("zalo.jsonl"));
  ASSERT_TRUE(c.status.ok()) << c.status.message();
  ASSERT_EQ(c.items.size(), 3u);
  const Item& a = c.items[0];
  EXPECT_EQ(a.kind, "message");
  EXPECT_EQ(a.source, "zalo");
  EXPECT_EQ(a.id, "m-1");
  EXPECT_EQ(a.author, "4001");
  EXPECT_EQ(a.text, "Cho hỏi thủ tục cấp lại CCCD ở đâu ạ? 🙏");
  EXPECT_EQ(a.published_at, 1790818200);

  const Item& link = c.items[1];
  EXPECT_EQ(link.id, "m-2");
  EXPECT_EQ(link.title, "Tin đồn nước nhiễm độc");
  EXPECT_EQ(link.text, "Người dân hoang mang");
  EXPECT_EQ(link.url, "https://tin.example/bai");
  EXPECT_EQ(link.published_at, 1790818400);  // numeric timestamp

  EXPECT_EQ(c.items[2].id, "m-4");
  EXPECT_EQ(c.items[2].text, "Ảnh đường ngập ở Hòa Minh");

  // follow, user_seen_message, image without caption, oa_send_text.
  ASSERT_EQ(c.skips.size(), 4u);
  EXPECT_EQ(c.skips[0].where, "zalo.jsonl:1");
  EXPECT_EQ(c.skips[2].where, "zalo.jsonl:5");
  EXPECT_EQ(c.skips[3].where, "zalo.jsonl:8");

  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "zalo.jsonl:7");
  EXPECT_EQ(c.rejects[0].field, "timestamp");
}

TEST(ZaloReader, SingleObjectAndArray) {
  const char* ev =
      R"({"event_name":"user_send_text","sender":{"id":"1"},"message":{"text":"chào","msg_id":"a"},"timestamp":"1790818200000"})";
  auto one = Read(Format::kZalo, ev, Named("one.json", "oa-phuong"));
  ASSERT_EQ(one.items.size(), 1u);
  EXPECT_EQ(one.items[0].source, "oa-phuong");
  const std::string ev2 = std::string(ev).replace(std::string(ev).find("\"a\""), 3, "\"b\"");
  auto arr = Read(Format::kZalo, std::string("[") + ev + ",{\"event_name\":\"unfollow\"}," + ev2 +
                                     ",{\"event_name\":\"user_send_text\",\"message\":{\"text\":"
                                     "\"x\"},\"timestamp\":\"1\"}]",
                  Named("arr.json"));
  ASSERT_TRUE(arr.status.ok());
  EXPECT_EQ(arr.items.size(), 2u);
  EXPECT_EQ(arr.skips.size(), 1u);
  ASSERT_EQ(arr.rejects.size(), 1u);
  EXPECT_EQ(arr.rejects[0].where, "arr.json: event 4");
  EXPECT_EQ(arr.rejects[0].field, "message.msg_id");
}

TEST(ZaloReader, RejectionKinds) {
  const std::string data =
      "{\"sender\":{\"id\":\"1\"}}\n"                                               // 1
      "{\"event_name\":\"user_send_text\",\"message\":\"hi\",\"timestamp\":\"1\"}\n"  // 2
      "{\"event_name\":\"user_send_text\",\"message\":{\"text\":3,\"msg_id\":\"a\"},"
      "\"timestamp\":\"1790818200000\"}\n"                                          // 3
      "{\"event_name\":\"user_send_text\",\"message\":{\"text\":\"x\",\"msg_id\":\"a\"},"
      "\"timestamp\":\"99999999999999999\"}\n"                                      // 4
      "{\"event_name\":\"user_send_text\",\"message\":{\"text\":\"x\",\"msg_id\":\"a\"},"
      "\"timestamp\":true}\n"                                                       // 5
      "[1,2\n";                                                                     // 6
  auto c = Read(Format::kZalo, data, Named("z"));
  ASSERT_TRUE(c.status.ok());
  ASSERT_EQ(c.rejects.size(), 6u);
  const char* fields[] = {"event_name", "message", "message.text", "timestamp", "timestamp", ""};
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(c.rejects[i].where, "z:" + std::to_string(i + 1));
    EXPECT_EQ(c.rejects[i].field, fields[i]) << i << " " << c.rejects[i].reason;
  }
}

TEST(ZaloReader, SkipsCarryACategoryForCounting) {
  auto c = Read(Format::kZalo, testing::ReadTestdata("zalo_events.jsonl"), Named("zalo.jsonl"));
  ASSERT_EQ(c.skips.size(), 4u);
  EXPECT_EQ(c.skips[0].category, "follow event");
  EXPECT_EQ(c.skips[1].category, "user_seen_message event");
  EXPECT_EQ(c.skips[2].category, "user_send_image event without text");
  EXPECT_EQ(c.skips[3].category, "oa_send_text event");
  auto odd = Read(Format::kZalo, "{\"event_name\":\"x\\u001b[2J\"}\n{\"event_name\":\"" +
                                     std::string(200, 'a') + "\"}\n",
                  Named("z"));
  ASSERT_EQ(odd.skips.size(), 2u);
  EXPECT_EQ(odd.skips[0].category, "unrecognized event");
  EXPECT_EQ(odd.skips[1].category, "unrecognized event");
}

}  // namespace
}  // namespace vox::ingest
