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

std::string TextEvent(const std::string& msg_id, const std::string& timestamp) {
  return R"({"event_name":"user_send_text","sender":{"id":"1"},"message":{"text":"chào","msg_id":")" +
         msg_id + R"("},"timestamp":)" + timestamp + "}\n";
}

TEST(ZaloReader, TimestampUnitByMagnitudeAndRangeAgainstNow) {
  ReadOptions opts = Named("t.jsonl");
  opts.now = 1796601600;  // 2026-12-07T00:00:00Z
  const std::string data = TextEvent("ms", "1790818200000") +   // 1: documented, milliseconds
                           TextEvent("s", "1790818200") +       // 2: seconds
                           TextEvent("s-num", "\"1790818200\"") +  // 3: seconds as a string
                           TextEvent("old", "946684799") +      // 4: 1999-12-31T23:59:59Z
                           TextEvent("old-ms", "1000") +        // 5: 1 s after 1970
                           TextEvent("future", "1796774401") +  // 6: now + 2 days
                           TextEvent("future-ms", "1796774401000") +  // 7
                           TextEvent("day-ahead", "1796688000") +     // 8: now + 1 day: kept
                           TextEvent("y2000", "946684800000");        // 9: kept
  auto c = Read(Format::kZalo, data, opts);
  ASSERT_TRUE(c.status.ok());
  ASSERT_EQ(c.items.size(), 5u);
  EXPECT_EQ(c.items[0].published_at, 1790818200);
  EXPECT_EQ(c.items[1].published_at, 1790818200);
  EXPECT_EQ(c.items[2].published_at, 1790818200);
  EXPECT_EQ(c.items[3].id, "day-ahead");
  EXPECT_EQ(c.items[4].published_at, 946684800);
  ASSERT_EQ(c.rejects.size(), 4u);
  const char* where[] = {"t.jsonl:4", "t.jsonl:5", "t.jsonl:6", "t.jsonl:7"};
  const char* why[] = {"before 2000", "before 2000", "in the future", "in the future"};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(c.rejects[i].where, where[i]);
    EXPECT_EQ(c.rejects[i].field, "timestamp");
    EXPECT_NE(c.rejects[i].reason.find(why[i]), std::string::npos) << c.rejects[i].reason;
  }
  EXPECT_NE(c.rejects[0].reason.find("read as seconds"), std::string::npos) << c.rejects[0].reason;
  EXPECT_NE(c.rejects[3].reason.find("read as milliseconds"), std::string::npos)
      << c.rejects[3].reason;
}

TEST(ZaloReader, TimestampDefaultsToTheRealClock) {
  // Without opts.now: a time in 2026 is accepted, one in 2090 is not.
  auto c = Read(Format::kZalo, TextEvent("a", "1790818200") + TextEvent("b", "3800000000"),
                Named("z"));
  ASSERT_EQ(c.items.size(), 1u);
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].field, "timestamp");
}

// The shapes of the Zalo OA webhook documentation's examples (ids and text
// changed): user_send_text with the documented 12-digit `timestamp`
// "154390853474" (a millisecond value missing a digit), and user_submit_info
// with the form's contact details.
TEST(ZaloReader, DocumentedExamplesTwelveDigitTimestampAndSubmitInfo) {
  ReadOptions opts = Named("doc.jsonl");
  opts.now = 1796601600;
  const std::string data =
      R"({"app_id":"3608","sender":{"id":"2468"},"recipient":{"id":"3886"},"user_id_by_app":"5521",)"
      R"("event_name":"user_send_text","message":{"text":"message","msg_id":"96d3cdf3af1504"},)"
      R"("timestamp":"154390853474"})"
      "\n"
      R"({"sender":{"id":"2468"},"recipient":{"id":"3886"},"event_name":"user_submit_info",)"
      R"("app_id":"3608","timestamp":"1540368141908","info":{"name":"Nguyễn Văn A",)"
      R"("phone":"84912345678","user_dob":"30/10/1999","gender":"Nam","full_address":)"
      R"({"user_city":"Thành phố Hồ Chí Minh","user_ward":"Phường Tân Thuận",)"
      R"("user_address":"Đường số 13"}}})"
      "\n"
      R"({"app_id":"3608","sender":{"id":"2468"},"recipient":{"id":"3886"},)"
      R"("event_name":"user_send_text","message":{"text":"message","msg_id":"m13"},)"
      R"("timestamp":"1543908534740"})"
      "\n";
  auto c = Read(Format::kZalo, data, opts);
  ASSERT_TRUE(c.status.ok());
  // 13 digits: milliseconds, 2018-12-04.
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].id, "m13");
  EXPECT_EQ(c.items[0].published_at, 1543908534);
  // 12 digits: never stored as 1974; rejected saying what it would be.
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].where, "doc.jsonl:1");
  EXPECT_EQ(c.rejects[0].field, "timestamp");
  EXPECT_NE(c.rejects[0].reason.find("1974"), std::string::npos) << c.rejects[0].reason;
  EXPECT_NE(c.rejects[0].reason.find("before 2000"), std::string::npos);
  // The contact form is skipped, counted, and nothing of it is repeated.
  ASSERT_EQ(c.skips.size(), 1u);
  EXPECT_EQ(c.skips[0].where, "doc.jsonl:2");
  EXPECT_EQ(c.skips[0].category, "user_submit_info event");
  for (const char* secret : {"8491", "Nguyễn", "Tân Thuận", "1999"}) {
    EXPECT_EQ(c.skips[0].reason.find(secret), std::string::npos) << c.skips[0].reason;
  }
  // Even with a message and text, user_submit_info is not an item.
  auto d = Read(Format::kZalo,
                R"({"event_name":"user_submit_info","message":{"text":"0912345678","msg_id":"x"},)"
                R"("timestamp":"1790818200000","sender":{"id":"1"}})",
                opts);
  EXPECT_TRUE(d.items.empty());
  ASSERT_EQ(d.skips.size(), 1u);
}

TEST(ZaloReader, ControlCharactersInMsgIdAreRefused) {
  auto c = Read(Format::kZalo, TextEvent("a\\nb", "1790818200000"), Named("z"));
  ASSERT_EQ(c.rejects.size(), 1u);
  EXPECT_EQ(c.rejects[0].field, "message.msg_id");
  EXPECT_NE(c.rejects[0].reason.find("control character"), std::string::npos);
}

}  // namespace
}  // namespace vox::ingest
