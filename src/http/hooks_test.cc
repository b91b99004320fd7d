// The webhooks' signatures against vectors computed outside Vox (Python's
// hashlib / hmac, and the HMAC-SHA256 example of RFC 4231-style test pages:
// key "key", "The quick brown fox jumps over the lazy dog"), and the ingest
// queue's replay and capacity rules on a real store.
#include "http/hooks.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/clock.h"

namespace vox::http {
namespace {

// python3: hashlib.sha256((app + body + ts + secret).encode()).hexdigest()
constexpr const char* kApp = "1234567890123456789";
constexpr const char* kBody =
    R"({"app_id":"1234567890123456789","event_name":"user_send_text","timestamp":"1699003881354"})";
constexpr const char* kTs = "1699003881354";
constexpr const char* kSecret = "oaSecretKeyForTests";
constexpr const char* kZaloHex = "b981701a7991d068aef2ccf67916a4ff02e0ac56deb64bb198687e72da5c2a54";

TEST(ZaloSignature, IsPlainSha256OfAppBodyTimestampSecret) {
  EXPECT_EQ(ZaloMac(kApp, kBody, kTs, kSecret), kZaloHex);
}

TEST(ZaloSignature, AcceptsMacPrefixAndBareHexAnyCase) {
  EXPECT_TRUE(VerifyZaloSignature(std::string("mac=") + kZaloHex, kApp, kBody, kTs, kSecret));
  EXPECT_TRUE(VerifyZaloSignature(kZaloHex, kApp, kBody, kTs, kSecret));
  std::string upper = kZaloHex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(VerifyZaloSignature("mac=" + upper, kApp, kBody, kTs, kSecret));
}

TEST(ZaloSignature, RefusesAnyChange) {
  const std::string sig = std::string("mac=") + kZaloHex;
  EXPECT_FALSE(VerifyZaloSignature(sig, kApp, std::string(kBody) + " ", kTs, kSecret));
  EXPECT_FALSE(VerifyZaloSignature(sig, kApp, kBody, "1699003881355", kSecret));
  EXPECT_FALSE(VerifyZaloSignature(sig, "1234567890123456780", kBody, kTs, kSecret));
  EXPECT_FALSE(VerifyZaloSignature(sig, kApp, kBody, kTs, "another"));
  EXPECT_FALSE(VerifyZaloSignature("", kApp, kBody, kTs, kSecret));
  EXPECT_FALSE(VerifyZaloSignature("mac=", kApp, kBody, kTs, kSecret));
  EXPECT_FALSE(VerifyZaloSignature(std::string("mac=") + std::string(kZaloHex).substr(2), kApp, kBody, kTs, kSecret));
  EXPECT_FALSE(VerifyZaloSignature(std::string("mac=") + kZaloHex + "00", kApp, kBody, kTs, kSecret));
  std::string flipped = kZaloHex;
  flipped[10] = flipped[10] == '0' ? '1' : '0';
  EXPECT_FALSE(VerifyZaloSignature("mac=" + flipped, kApp, kBody, kTs, kSecret));
}

TEST(FacebookSignature, KnownHmacSha256Vectors) {
  // The widely published example (Wikipedia, "HMAC"): key "key".
  EXPECT_EQ(FacebookSignature("key", "The quick brown fox jumps over the lazy dog"),
            "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  // python3: hmac.new(b'app-secret-for-tests', body, hashlib.sha256).hexdigest()
  EXPECT_EQ(FacebookSignature("app-secret-for-tests", R"({"object":"page","entry":[]})"),
            "sha256=6a5f0a148836edd071340dcb9d15e1495c2578fcdd886e46cc4f5d0577771513");
  // A key longer than the block (hashed first): hmac.new(b'k'*100, b'', sha256).
  EXPECT_EQ(FacebookSignature(std::string(100, 'k'), ""),
            "sha256=d46761768ee3c864fc76c08b3d73c8092853ae3fefa01b990963dfa2d56e7334");
}

TEST(FacebookSignature, Verifies) {
  const std::string body = R"({"object":"page","entry":[]})";
  const std::string sig = FacebookSignature("app-secret-for-tests", body);
  EXPECT_TRUE(VerifyFacebookSignature(sig, "app-secret-for-tests", body));
  EXPECT_FALSE(VerifyFacebookSignature(sig, "app-secret-for-test", body));
  EXPECT_FALSE(VerifyFacebookSignature(sig, "app-secret-for-tests", body + "\n"));
  EXPECT_FALSE(VerifyFacebookSignature(sig.substr(7), "app-secret-for-tests", body));  // no sha256=
  EXPECT_FALSE(VerifyFacebookSignature("sha1=" + sig.substr(7), "app-secret-for-tests", body));
  EXPECT_FALSE(VerifyFacebookSignature("", "app-secret-for-tests", body));
}

// What the image reader is asked for and answers, without a network or OCR.
struct FakeImages {
  std::vector<std::string> asked;
  HookIngest::ImageReader reader() {
    return [this](const std::string& url) -> Result<std::string> {
      asked.push_back(url);
      if (url.find("blank") != std::string::npos) return std::string(" \n");
      if (url.find("broken") != std::string::npos) return Status::InvalidArgument("image: not PNG");
      return "chữ đọc từ " + url.substr(url.rfind('/') + 1);
    };
  }
};

TEST(WithImageText, ZaloImageEventGetsItsTextAfterTheCaption) {
  FakeImages img;
  std::string why;
  const std::string body = R"({"event_name":"user_send_image","message":{"msg_id":"m1","text":"xem này",)"
                           R"("attachments":[{"type":"image","payload":{"url":"https://cdn/a.png"}}]}})";
  const auto out = nlohmann::json::parse(HookIngest::WithImageText(body, img.reader(), &why));
  EXPECT_EQ(out["message"]["text"], "xem này\nchữ đọc từ a.png");
  EXPECT_EQ(out["vox_image_text"], true);
  EXPECT_TRUE(why.empty());
  const std::string text_event = R"({"event_name":"user_send_text","message":{"msg_id":"m2","text":"x"}})";
  EXPECT_EQ(HookIngest::WithImageText(text_event, img.reader(), &why), text_event);
  EXPECT_EQ(img.asked.size(), 1u);
}

TEST(WithImageText, MessengerImageAttachmentsAreReadStickersAndEchoesAreNot) {
  FakeImages img;
  std::string why;
  const std::string body = R"({"object":"page","entry":[{"id":"1","messaging":[)"
      R"({"sender":{"id":"7"},"message":{"mid":"a","attachments":[{"type":"image","payload":{"url":"https://fb/s1.jpg"}}]}},)"
      R"({"sender":{"id":"7"},"message":{"mid":"b","text":"có thật?","attachments":[{"type":"file","payload":{"url":"https://fb/f.pdf"}},{"type":"image","payload":{"url":"https://fb/s2.jpg"}}]}},)"
      R"({"sender":{"id":"7"},"message":{"mid":"c","attachments":[{"type":"image","payload":{"url":"https://fb/like.png","sticker_id":369239263222822}}]}},)"
      R"({"sender":{"id":"1"},"message":{"mid":"d","is_echo":true,"attachments":[{"type":"image","payload":{"url":"https://fb/echo.png"}}]}},)"
      R"({"sender":{"id":"7"},"message":{"mid":"e","attachments":[{"type":"image","payload":{"url":"https://fb/broken.png"}}]}})"
      R"(]}]})";
  const auto out = nlohmann::json::parse(HookIngest::WithImageText(body, img.reader(), &why));
  const auto& m = out["entry"][0]["messaging"];
  EXPECT_EQ(m[0]["message"]["text"], "chữ đọc từ s1.jpg");
  EXPECT_EQ(m[0]["message"]["vox_image_text"], true);
  EXPECT_EQ(m[1]["message"]["text"], "có thật?\nchữ đọc từ s2.jpg");
  EXPECT_FALSE(m[2]["message"].contains("text"));
  EXPECT_FALSE(m[3]["message"].contains("vox_image_text"));
  EXPECT_FALSE(m[4]["message"].contains("vox_image_text"));
  EXPECT_EQ(why, "image: not PNG");
  EXPECT_EQ(img.asked, (std::vector<std::string>{"https://fb/s1.jpg", "https://fb/s2.jpg", "https://fb/broken.png"}));
}

TEST(WithImageText, AtMostAFewImagesADelivery) {
  FakeImages img;
  std::string why;
  std::string body = R"({"object":"page","entry":[{"id":"1","messaging":[)";
  for (int i = 0; i < 10; ++i) {
    body += std::string(i ? "," : "") + R"({"sender":{"id":"7"},"message":{"mid":"m)" + std::to_string(i) +
            R"(","attachments":[{"type":"image","payload":{"url":"https://fb/)" + std::to_string(i) + R"(.png"}}]}})";
  }
  body += "]}]}";
  (void)HookIngest::WithImageText(body, img.reader(), &why);
  EXPECT_EQ(img.asked.size(), static_cast<size_t>(HookIngest::kMaxImagesPerBody));
  EXPECT_NE(why.find("the rest not read"), std::string::npos);
}

TEST(SecretEquals, ComparesWholeValues) {
  EXPECT_TRUE(SecretEquals("verify-me", "verify-me"));
  EXPECT_FALSE(SecretEquals("verify-me", "verify-m"));
  EXPECT_FALSE(SecretEquals("", "verify-me"));
}

class HookIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "vox_hooks_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto st = store::Store::Open(dir_ + "/vox.db", {.clock = &clock_, .create = true});
    ASSERT_TRUE(st.ok()) << st.status().message();
    store_ = std::move(st).value();
    auto key = ingest::Pseudonymizer::FromKeyFile(dir_ + "/vox.db.key", true);
    ASSERT_TRUE(key.ok());
    pseudo_ = std::make_unique<ingest::Pseudonymizer>(std::move(key).value());
  }
  std::string Event(const std::string& msg_id, const std::string& sender) const {
    return R"({"app_id":"1","event_name":"user_send_text","sender":{"id":")" + sender +
           R"("},"recipient":{"id":"9"},"message":{"msg_id":")" + msg_id +
           R"(","text":"Đường Lê Lợi ngập nước"},"timestamp":")" + std::to_string(clock_.Now() * 1000) + "\"}";
  }
  void WaitFor(HookIngest& h, int64_t n) {
    for (int i = 0; i < 500 && h.processed() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FixedClock clock_{1767225600};  // 2026-01-01
  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<ingest::Pseudonymizer> pseudo_;
};

TEST_F(HookIngestTest, IngestsWithThePseudonymAndRefusesAReplay) {
  HookIngest h(*store_, *pseudo_, {});
  ASSERT_TRUE(h.Start().ok());
  const int64_t now_ms = clock_.Now() * 1000;
  EXPECT_EQ(h.OfferZalo(Event("m1", "84901234567"), "msg:m1", now_ms, "user_send_text", now_ms),
            HookIngest::Offer::kAccepted);
  EXPECT_EQ(h.OfferZalo(Event("m1", "84901234567"), "msg:m1", now_ms, "user_send_text", now_ms),
            HookIngest::Offer::kReplayed);
  WaitFor(h, 1);
  h.Stop();
  auto item = store_->GetItem("zalo", "m1");
  ASSERT_TRUE(item.ok()) << item.status().message();
  EXPECT_EQ(item->item.kind, "message");
  EXPECT_TRUE(item->item.author.empty());
  EXPECT_EQ(item->item.author_pseudonym, pseudo_->Pseudonym("84901234567"));
  EXPECT_EQ(item->item.text.find("84901234567"), std::string::npos);
  // The ids seen survive a restart within the window.
  HookIngest again(*store_, *pseudo_, {});
  ASSERT_TRUE(again.Start().ok());
  EXPECT_EQ(again.OfferZalo(Event("m1", "84901234567"), "msg:m1", now_ms, "user_send_text", now_ms),
            HookIngest::Offer::kReplayed);
}

TEST_F(HookIngestTest, CountsFollowsWithoutKeepingThem) {
  HookIngest h(*store_, *pseudo_, {});
  ASSERT_TRUE(h.Start().ok());
  const int64_t now_ms = clock_.Now() * 1000;
  const std::string follow = R"({"app_id":"1","event_name":"follow","follower":{"id":"777"},"timestamp":")" +
                             std::to_string(now_ms) + "\"}";
  EXPECT_EQ(h.OfferZalo(follow, "mac:a", now_ms, "follow", now_ms), HookIngest::Offer::kAccepted);
  EXPECT_EQ(h.OfferZalo(follow, "mac:b", now_ms, "follow", now_ms), HookIngest::Offer::kAccepted);
  WaitFor(h, 2);
  h.Stop();
  auto n = store_->GetSetting("zalo.count.follow");
  ASSERT_TRUE(n.ok() && n->has_value());
  EXPECT_EQ(**n, "2");
}

TEST_F(HookIngestTest, BoundedQueue) {
  HookIngest h(*store_, *pseudo_, {}, 0);  // no room at all
  ASSERT_TRUE(h.Start().ok());
  const int64_t now_ms = clock_.Now() * 1000;
  EXPECT_EQ(h.OfferZalo(Event("m2", "1"), "msg:m2", now_ms, "user_send_text", now_ms), HookIngest::Offer::kBusy);
  EXPECT_EQ(h.OfferFacebook("{}"), HookIngest::Offer::kBusy);
  // Refused for lack of room is not "seen": a retry later is accepted.
  HookIngest roomy(*store_, *pseudo_, {});
  ASSERT_TRUE(roomy.Start().ok());
  EXPECT_EQ(roomy.OfferZalo(Event("m2", "1"), "msg:m2", now_ms, "user_send_text", now_ms),
            HookIngest::Offer::kAccepted);
}

TEST_F(HookIngestTest, AcceptedEventsSurviveACrashThroughTheSpool) {
  const std::string spool = dir_ + "/vox.db.hooks";
  const int64_t now_ms = clock_.Now() * 1000;
  {
    // Accepted, answered, then the process dies before its thread stores
    // them: this one never started its thread, and its memory is gone.
    HookIngest crashed(*store_, *pseudo_, {}, 1024, spool);
    EXPECT_EQ(crashed.OfferZalo(Event("s1", "1"), "msg:s1", now_ms, "user_send_text", now_ms),
              HookIngest::Offer::kAccepted);
    EXPECT_EQ(crashed.OfferZalo(Event("s2", "2"), "msg:s2", now_ms, "user_send_text", now_ms),
              HookIngest::Offer::kAccepted);
  }
  EXPECT_FALSE(store_->GetItem("zalo", "s1").ok());
  size_t waiting = 0;
  for (const auto& e : std::filesystem::directory_iterator(spool)) waiting += e.path().extension() == ".event";
  EXPECT_EQ(waiting, 2u);
  HookIngest next(*store_, *pseudo_, {}, 1024, spool);
  ASSERT_TRUE(next.Start().ok());
  WaitFor(next, 2);
  next.Stop();
  EXPECT_TRUE(store_->GetItem("zalo", "s1").ok());
  EXPECT_TRUE(store_->GetItem("zalo", "s2").ok());
  EXPECT_TRUE(std::filesystem::is_empty(spool));
  // Once more changes nothing: the spool is empty and ids are idempotent.
  auto stats = store_->GetStats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->items, 2);
}

}  // namespace
}  // namespace vox::http
