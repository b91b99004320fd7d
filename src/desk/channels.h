// The channels' settings (docs/channels.md): the Zalo Official Account's and
// the Facebook Page's ids, secrets, tokens and base URLs, kept in the store's
// settings beside the desk's. Secrets (the OA secret key, access tokens, the
// app secret, the webhook verify token) are sealed with the contact key
// (contact.h, `<store>.contact-key`) before they are stored: a copy of the
// database alone holds no usable secret. They are never printed and never
// written in the audit log.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "desk/contact.h"
#include "store/store.h"

namespace vox::desk {

struct ChannelKey {
  const char* name;          // "zalo.oa_secret_key"
  bool secret;               // sealed at rest, never echoed
  const char* default_value; // "" when none
};

// Every channel setting, in the order docs/channels.md lists them.
const std::vector<ChannelKey>& ChannelKeys();
// The key's description, or nullptr when `name` is not a channel setting.
const ChannelKey* FindChannelKey(std::string_view name);

// Checks a value before it is stored: ids are digits, URLs http(s) without
// a trailing slash, secrets non-empty printable ASCII without spaces.
Status CheckChannelSetting(std::string_view key, std::string_view value);

// The stored form of a value: secrets sealed ("sealed:" + ContactKey::Seal),
// others as given. A secret needs a key (InvalidArgument otherwise).
Result<std::string> StoredChannelValue(const ChannelKey& key, std::string_view value, const ContactKey* contact_key);

// The channels' settings as the server and the senders use them, secrets
// opened. A secret that cannot be opened (a store copied without its key
// file, or a key file replaced) is an error naming the setting.
struct ChannelSettings {
  std::string zalo_app_id;
  std::string zalo_oa_secret_key;
  std::string zalo_access_token;
  std::string zalo_api_url;
  std::string facebook_app_secret;
  std::string facebook_verify_token;
  std::string facebook_page_id;
  std::string facebook_page_token;
  std::string facebook_graph_url;
  // Publishing the public answer (docs/channels.md "Publishing"): the
  // targets an answer goes to when the editor names none ("feed,webhook"),
  // the public address of this server (links in feeds and posts; empty:
  // relative links), and the outgoing webhook's URL and HMAC secret.
  std::string publish_targets;
  std::string public_base_url;
  std::string webhook_url;
  std::string webhook_secret;
  // A Zalo OA article needs a cover photo (a public image URL, e.g. the
  // office's logo) and names its author (the office).
  std::string zalo_article_cover_url;
  std::string zalo_article_author;

  // The webhooks answer only when what verifies them is configured.
  bool zalo_webhook() const { return !zalo_app_id.empty() && !zalo_oa_secret_key.empty(); }
  bool facebook_handshake() const { return !facebook_verify_token.empty(); }
  bool facebook_webhook() const { return !facebook_app_secret.empty(); }
};
// Where a published answer may go besides the person who wrote: the public
// feeds of answers (Atom and ClaimReview, and the answer's public page), the
// outgoing signed webhook, a post on the office's Facebook Page, and an
// article of the office's Zalo OA (created and shown on the OA; never
// broadcast: that sends to lists of people).
inline constexpr std::string_view kPublishTargets[] = {"feed", "webhook", "facebook_page", "zalo_article"};
// "feed, webhook" -> {"feed", "webhook"} (duplicates dropped); InvalidArgument
// naming an unknown target.
Result<std::vector<std::string>> ParsePublishTargets(std::string_view csv);

Result<ChannelSettings> LoadChannelSettings(store::Store& st, const ContactKey* contact_key);

// Counters the Zalo webhook keeps instead of per-person records (settings
// "zalo.count.follow" and "zalo.count.unfollow"); read-only for `vox settings get`.
inline constexpr const char* kZaloFollowCount = "zalo.count.follow";
inline constexpr const char* kZaloUnfollowCount = "zalo.count.unfollow";

}  // namespace vox::desk
