#include "http/hooks.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "desk/channels.h"

namespace vox::http {
namespace {

using json = nlohmann::json;

constexpr const char* kZaloSeenSetting = "zalo.seen";

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

// 32 bytes from 64 hex digits (either case); false otherwise.
bool Hex32(std::string_view hex, unsigned char out[32]) {
  if (hex.size() != 64) return false;
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out, 32, hex.data(), hex.size(), nullptr, &len, &end) != 0) return false;
  return len == 32 && end == hex.data() + hex.size();
}

void ZaloDigest(std::string_view app_id, std::string_view body, std::string_view timestamp,
                std::string_view oa_secret_key, unsigned char out[crypto_hash_sha256_BYTES]) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  for (std::string_view part : {app_id, body, timestamp, oa_secret_key}) {
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(part.data()), part.size());
  }
  crypto_hash_sha256_final(&st, out);
}

void FacebookDigest(std::string_view app_secret, std::string_view body, unsigned char out[32]) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(app_secret.data()), app_secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&st, out);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string ZaloMac(std::string_view app_id, std::string_view body, std::string_view timestamp,
                    std::string_view oa_secret_key) {
  unsigned char d[crypto_hash_sha256_BYTES];
  ZaloDigest(app_id, body, timestamp, oa_secret_key, d);
  return Hex(d, sizeof d);
}

bool VerifyZaloSignature(std::string_view header, std::string_view app_id, std::string_view body,
                         std::string_view timestamp, std::string_view oa_secret_key) {
  header = Trim(header);
  if (header.size() > 4 && (header.substr(0, 4) == "mac=" || header.substr(0, 4) == "MAC=")) header.remove_prefix(4);
  unsigned char got[32];
  if (!Hex32(header, got)) return false;
  unsigned char want[crypto_hash_sha256_BYTES];
  ZaloDigest(app_id, body, timestamp, oa_secret_key, want);
  return sodium_memcmp(got, want, 32) == 0;
}

std::string FacebookSignature(std::string_view app_secret, std::string_view body) {
  unsigned char d[crypto_auth_hmacsha256_BYTES];
  FacebookDigest(app_secret, body, d);
  return "sha256=" + Hex(d, sizeof d);
}

bool VerifyFacebookSignature(std::string_view header, std::string_view app_secret, std::string_view body) {
  header = Trim(header);
  if (header.substr(0, 7) != "sha256=") return false;
  unsigned char got[32];
  if (!Hex32(header.substr(7), got)) return false;
  unsigned char want[crypto_auth_hmacsha256_BYTES];
  FacebookDigest(app_secret, body, want);
  return sodium_memcmp(got, want, 32) == 0;
}

bool SecretEquals(std::string_view a, std::string_view b) {
  unsigned char da[crypto_hash_sha256_BYTES], db[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(da, reinterpret_cast<const unsigned char*>(a.data()), a.size());
  crypto_hash_sha256(db, reinterpret_cast<const unsigned char*>(b.data()), b.size());
  return sodium_memcmp(da, db, sizeof da) == 0;
}

HookIngest::HookIngest(store::Store& store, const ingest::Pseudonymizer& pseudo, ingest::IngestOptions opts,
                       size_t capacity)
    : store_(store), pseudo_(pseudo), opts_(std::move(opts)), capacity_(capacity) {
  opts_.progress = false;
}

HookIngest::~HookIngest() { Stop(); }

Status HookIngest::Start() {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialize");
  auto saved = store_.GetSetting(kZaloSeenSetting);
  if (!saved.ok()) return saved.status();
  if (*saved) {
    json j = json::parse(**saved, nullptr, false);
    if (j.is_object()) {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& [key, at] : j.items())
        if (at.is_number_integer()) seen_[key] = at.get<int64_t>();
    }
  }
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void HookIngest::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

HookIngest::Offer HookIngest::OfferZalo(std::string body, const std::string& seen_key, int64_t event_ms,
                                        const std::string& event_name, int64_t now_ms) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    // What is older than the window is refused as stale before it gets here,
    // so ids are kept only as long as a replay could pass that check.
    for (auto it = seen_.begin(); it != seen_.end();) {
      if (it->second < now_ms - 2 * kZaloWindowMs) it = seen_.erase(it);
      else ++it;
    }
    if (seen_.count(seen_key)) return Offer::kReplayed;
    if (stopping_ || queue_.size() >= capacity_) return Offer::kBusy;
    seen_[seen_key] = event_ms;
    queue_.push_back({Channel::kZalo, std::move(body), event_name});
  }
  cv_.notify_one();
  return Offer::kAccepted;
}

HookIngest::Offer HookIngest::OfferFacebook(std::string body) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || queue_.size() >= capacity_) return Offer::kBusy;
    queue_.push_back({Channel::kFacebook, std::move(body), ""});
  }
  cv_.notify_one();
  return Offer::kAccepted;
}

int64_t HookIngest::processed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return processed_;
}

void HookIngest::Run() {
  for (;;) {
    Event ev;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is in
      ev = std::move(queue_.front());
      queue_.pop_front();
    }
    Process(ev);
    std::lock_guard<std::mutex> lock(mu_);
    ++processed_;
  }
}

Status HookIngest::SaveSeen(int64_t now_ms) {
  json j = json::object();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, at] : seen_)
      if (at >= now_ms - 2 * kZaloWindowMs) j[key] = at;
  }
  return store_.SetSetting(kZaloSeenSetting, j.dump());
}

void HookIngest::Process(const Event& ev) {
  const bool zalo = ev.channel == Channel::kZalo;
  const char* name = zalo ? "zalo webhook" : "facebook webhook";
  ingest::IngestOptions opts = opts_;
  opts.format = zalo ? ingest::Format::kZalo : ingest::Format::kFacebook;
  // Rejections name the field and why, never the record's content.
  auto on_reject = [name](const ingest::Rejection& r) {
    std::fprintf(stderr, "vox serve: %s: event not stored: %s%s%s\n", name, r.field.c_str(), r.field.empty() ? "" : ": ",
                 r.reason.c_str());
  };
  auto report = ingest::IngestBuffer(store_, pseudo_, ev.body, name, opts, on_reject);
  if (!report.ok()) {
    std::fprintf(stderr, "vox serve: %s: %s\n", name, report.status().message().c_str());
  }
  if (zalo) {
    // Follows are counted, never kept per person.
    const char* counter = ev.event_name == "follow"     ? desk::kZaloFollowCount
                          : ev.event_name == "unfollow" ? desk::kZaloUnfollowCount
                                                        : nullptr;
    if (counter != nullptr) {
      auto v = store_.GetSetting(counter);
      int64_t n = 0;
      if (v.ok() && *v) n = std::strtoll((*v)->c_str(), nullptr, 10);
      if (Status s = store_.SetSetting(counter, std::to_string(n + 1)); !s.ok())
        std::fprintf(stderr, "vox serve: %s: %s\n", name, s.message().c_str());
    }
    if (Status s = SaveSeen(store_.clock().Now() * 1000); !s.ok())
      std::fprintf(stderr, "vox serve: %s: cannot keep the ids seen: %s\n", name, s.message().c_str());
  }
}

}  // namespace vox::http
