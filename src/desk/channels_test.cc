#include "desk/channels.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

namespace vox::desk {
namespace {

const ContactKey kKey = ContactKey::FromBytes(std::string(32, 'k'));
const ContactKey kOtherKey = ContactKey::FromBytes(std::string(32, 'o'));

TEST(ChannelSettings, KnowsTheIssuesKeys) {
  for (const char* k : {"zalo.app_id", "zalo.oa_secret_key", "zalo.access_token", "zalo.api_url",
                        "facebook.app_secret", "facebook.verify_token", "facebook.page_id", "facebook.page_token",
                        "facebook.graph_url"})
    EXPECT_NE(FindChannelKey(k), nullptr) << k;
  EXPECT_EQ(FindChannelKey("zalo.seen"), nullptr);
  EXPECT_EQ(FindChannelKey("desk.holidays"), nullptr);
  EXPECT_TRUE(FindChannelKey("zalo.oa_secret_key")->secret);
  EXPECT_FALSE(FindChannelKey("zalo.app_id")->secret);
}

TEST(ChannelSettings, ChecksValues) {
  EXPECT_TRUE(CheckChannelSetting("zalo.app_id", "360846524940903967").ok());
  EXPECT_FALSE(CheckChannelSetting("zalo.app_id", "36084x").ok());
  EXPECT_FALSE(CheckChannelSetting("facebook.page_id", "").ok());
  EXPECT_TRUE(CheckChannelSetting("facebook.graph_url", "https://graph.facebook.com/v21.0").ok());
  EXPECT_TRUE(CheckChannelSetting("zalo.api_url", "http://127.0.0.1:9000").ok());
  EXPECT_FALSE(CheckChannelSetting("zalo.api_url", "https://openapi.zalo.me/").ok());
  EXPECT_FALSE(CheckChannelSetting("zalo.api_url", "ftp://x").ok());
  EXPECT_TRUE(CheckChannelSetting("facebook.app_secret", "a1b2c3").ok());
  EXPECT_FALSE(CheckChannelSetting("facebook.app_secret", "").ok());
  EXPECT_FALSE(CheckChannelSetting("facebook.app_secret", "two words").ok());
  EXPECT_FALSE(CheckChannelSetting("facebook.app_secret", "line\n").ok());
  EXPECT_FALSE(CheckChannelSetting("nope.key", "x").ok());
}

TEST(ChannelSettings, SecretsAreSealedAndPlainValuesAreNot) {
  auto sealed = StoredChannelValue(*FindChannelKey("zalo.oa_secret_key"), "s3cret", &kKey);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->rfind("sealed:", 0), 0u);
  EXPECT_EQ(sealed->find("s3cret"), std::string::npos);
  EXPECT_FALSE(StoredChannelValue(*FindChannelKey("zalo.oa_secret_key"), "s3cret", nullptr).ok());
  auto plain = StoredChannelValue(*FindChannelKey("zalo.app_id"), "123", nullptr);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, "123");
}

class ChannelStore : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "vox_channels_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    auto st = store::Store::Open(tmpl + "/vox.db", {.create = true});
    ASSERT_TRUE(st.ok()) << st.status().message();
    st_ = std::move(st).value();
  }
  std::unique_ptr<store::Store> st_;
};

TEST_F(ChannelStore, LoadsDefaultsAndOpensSecrets) {
  auto empty = LoadChannelSettings(*st_, nullptr);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->zalo_api_url, "https://openapi.zalo.me");
  EXPECT_EQ(empty->facebook_graph_url, "https://graph.facebook.com");
  EXPECT_FALSE(empty->zalo_webhook());
  EXPECT_FALSE(empty->facebook_webhook());

  ASSERT_TRUE(st_->SetSetting("zalo.app_id", "42").ok());
  ASSERT_TRUE(st_->SetSetting("zalo.oa_secret_key",
                              *StoredChannelValue(*FindChannelKey("zalo.oa_secret_key"), "oa-key", &kKey))
                  .ok());
  auto loaded = LoadChannelSettings(*st_, &kKey);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->zalo_app_id, "42");
  EXPECT_EQ(loaded->zalo_oa_secret_key, "oa-key");
  EXPECT_TRUE(loaded->zalo_webhook());
  EXPECT_FALSE(loaded->facebook_handshake());

  // Another key, or none, cannot open it: an error naming the setting.
  auto wrong = LoadChannelSettings(*st_, &kOtherKey);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("zalo.oa_secret_key"), std::string::npos);
  EXPECT_FALSE(LoadChannelSettings(*st_, nullptr).ok());
  // A secret written around `vox settings` (unsealed) is refused, not used.
  ASSERT_TRUE(st_->SetSetting("facebook.app_secret", "plain").ok());
  EXPECT_FALSE(LoadChannelSettings(*st_, &kKey).ok());
}

}  // namespace
}  // namespace vox::desk
