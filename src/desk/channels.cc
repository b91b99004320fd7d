#include "desk/channels.h"

#include <algorithm>

namespace vox::desk {
namespace {
constexpr std::string_view kSealed = "sealed:";

bool AllDigits(std::string_view v) {
  if (v.empty() || v.size() > 32) return false;
  for (char c : v)
    if (c < '0' || c > '9') return false;
  return true;
}
}  // namespace

const std::vector<ChannelKey>& ChannelKeys() {
  static const std::vector<ChannelKey> keys = {
      {"zalo.app_id", false, ""},
      {"zalo.oa_secret_key", true, ""},
      {"zalo.access_token", true, ""},
      {"zalo.api_url", false, "https://openapi.zalo.me"},
      {"facebook.app_secret", true, ""},
      {"facebook.verify_token", true, ""},
      {"facebook.page_id", false, ""},
      {"facebook.page_token", true, ""},
      {"facebook.graph_url", false, "https://graph.facebook.com"},
      {"publish.targets", false, ""},
      {"publish.base_url", false, ""},
      {"webhook.url", false, ""},
      {"webhook.secret", true, ""},
      {"zalo.article_cover_url", false, ""},
      {"zalo.article_author", false, ""},
  };
  return keys;
}

const ChannelKey* FindChannelKey(std::string_view name) {
  for (const ChannelKey& k : ChannelKeys())
    if (name == k.name) return &k;
  return nullptr;
}

Status CheckChannelSetting(std::string_view key, std::string_view value) {
  const ChannelKey* k = FindChannelKey(key);
  if (k == nullptr) return Status::InvalidArgument(std::string(key) + ": not a channel setting");
  const std::string name(key);
  if (name == "zalo.app_id" || name == "facebook.page_id") {
    if (!AllDigits(value)) return Status::InvalidArgument(name + ": must be the numeric id (digits only)");
    return Status::Ok();
  }
  if (name == "publish.targets") return ParsePublishTargets(value).status();
  if (name == "zalo.article_author") {
    if (value.empty() || value.size() > 200 || value.find_first_of("\r\n") != std::string_view::npos)
      return Status::InvalidArgument(name + ": one line of 1 to 200 bytes");
    return Status::Ok();
  }
  if (name == "zalo.api_url" || name == "facebook.graph_url" || name == "publish.base_url" || name == "webhook.url" ||
      name == "zalo.article_cover_url") {
    if (value.rfind("https://", 0) != 0 && value.rfind("http://", 0) != 0)
      return Status::InvalidArgument(name + ": must be an http(s) URL");
    if (value.back() == '/') return Status::InvalidArgument(name + ": give it without a trailing slash");
    for (char c : value)
      if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f)
        return Status::InvalidArgument(name + ": must not contain spaces or control characters");
    return Status::Ok();
  }
  // Secrets and tokens: what the platforms issue is printable ASCII.
  if (value.empty()) return Status::InvalidArgument(name + ": must not be empty");
  if (value.size() > 4096) return Status::InvalidArgument(name + ": longer than 4096 bytes");
  for (char c : value)
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f)
      return Status::InvalidArgument(name + ": must be printable ASCII without spaces (as the platform issued it)");
  return Status::Ok();
}

Result<std::string> StoredChannelValue(const ChannelKey& key, std::string_view value, const ContactKey* contact_key) {
  if (!key.secret) return std::string(value);
  if (contact_key == nullptr)
    return Status::InvalidArgument(std::string(key.name) + ": no contact key to seal it with");
  return std::string(kSealed) + contact_key->Seal(value);
}

Result<std::vector<std::string>> ParsePublishTargets(std::string_view csv) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= csv.size()) {
    size_t comma = csv.find(',', start);
    if (comma == std::string_view::npos) comma = csv.size();
    std::string_view t = csv.substr(start, comma - start);
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (!t.empty()) {
      if (std::find(std::begin(kPublishTargets), std::end(kPublishTargets), t) == std::end(kPublishTargets))
        return Status::InvalidArgument("publish.targets: '" + std::string(t) +
                                       "' is not a target (feed, webhook, facebook_page, zalo_article)");
      if (std::find(out.begin(), out.end(), t) == out.end()) out.emplace_back(t);
    }
    start = comma + 1;
  }
  return out;
}

Result<ChannelSettings> LoadChannelSettings(store::Store& st, const ContactKey* contact_key) {
  ChannelSettings out;
  std::string* fields[] = {&out.zalo_app_id,         &out.zalo_oa_secret_key,    &out.zalo_access_token,
                           &out.zalo_api_url,        &out.facebook_app_secret,   &out.facebook_verify_token,
                           &out.facebook_page_id,    &out.facebook_page_token,   &out.facebook_graph_url,
                           &out.publish_targets,     &out.public_base_url,       &out.webhook_url,
                           &out.webhook_secret,      &out.zalo_article_cover_url, &out.zalo_article_author};
  const auto& keys = ChannelKeys();
  for (size_t i = 0; i < keys.size(); ++i) {
    auto v = st.GetSetting(keys[i].name);
    if (!v.ok()) return v.status();
    if (!*v) {
      *fields[i] = keys[i].default_value;
      continue;
    }
    if (!keys[i].secret) {
      *fields[i] = **v;
      continue;
    }
    const std::string& stored = **v;
    if (stored.rfind(kSealed, 0) != 0 || contact_key == nullptr)
      return Status::Corruption(std::string(keys[i].name) +
                                ": stored without its seal or no contact key to open it; set it again");
    auto plain = contact_key->Open(std::string_view(stored).substr(kSealed.size()));
    if (!plain.ok())
      return Status::Corruption(std::string(keys[i].name) +
                                ": cannot be opened with this store's contact key (was the key file replaced?); "
                                "set it again");
    *fields[i] = std::move(plain).value();
  }
  return out;
}

}  // namespace vox::desk
