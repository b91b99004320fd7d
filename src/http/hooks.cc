#include "http/hooks.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

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

std::string Str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  const json& v = j[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return "";
}

// The messages of a webhook body written by a person to the office: Zalo
// user_send_* events with text (not anonymous ones: they are answered
// through another API), Messenger messages with text (not echoes).
std::vector<HookIngest::Message> MessagesOf(bool zalo, const std::string& body) {
  std::vector<HookIngest::Message> out;
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return out;
  if (zalo) {
    const std::string name = Str(j, "event_name");
    if (name.rfind("user_send_", 0) != 0 || !j.contains("message") || !j.contains("sender")) return out;
    HookIngest::Message m;
    m.channel = "zalo";
    m.msg_id = Str(j["message"], "msg_id");
    m.text = Str(j["message"], "text");
    m.sender = Str(j["sender"], "id");
    m.item_ref = "zalo/" + m.msg_id;
    if (!m.msg_id.empty() && !m.text.empty() && !m.sender.empty()) out.push_back(std::move(m));
    return out;
  }
  if (Str(j, "object") != "page" || !j.contains("entry") || !j["entry"].is_array()) return out;
  for (const json& entry : j["entry"]) {
    if (!entry.is_object() || !entry.contains("messaging") || !entry["messaging"].is_array()) continue;
    for (const json& ev : entry["messaging"]) {
      if (!ev.is_object() || !ev.contains("message") || !ev["message"].is_object() || !ev.contains("sender")) continue;
      const json& msg = ev["message"];
      if (msg.contains("is_echo") && msg["is_echo"].is_boolean() && msg["is_echo"].get<bool>()) continue;
      HookIngest::Message m;
      m.channel = "messenger";
      m.msg_id = Str(msg, "mid");
      m.text = Str(msg, "text");
      m.sender = Str(ev["sender"], "id");
      m.item_ref = "facebook/" + m.msg_id;
      if (!m.msg_id.empty() && !m.text.empty() && !m.sender.empty()) out.push_back(std::move(m));
    }
  }
  return out;
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
                       size_t capacity, std::string spool)
    : store_(store), pseudo_(pseudo), opts_(std::move(opts)), capacity_(capacity), spool_(std::move(spool)) {
  opts_.progress = false;
}

namespace {

// A spool file: "zalo EVENT_NAME\n" or "facebook \n", then the raw body.
constexpr const char* kSpoolSuffix = ".event";

bool SyncPath(const std::string& path, int flags) {
  const int fd = open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = fsync(fd) == 0;
  close(fd);
  return ok;
}

}  // namespace

Status HookIngest::Spool(Event* ev) {
  namespace fs = std::filesystem;
  char name[64];
  std::snprintf(name, sizeof name, "%019lld-%08lld", static_cast<long long>(store_.clock().Now()),
                static_cast<long long>(++spool_seq_));
  const std::string final_path = spool_ + "/" + name + kSpoolSuffix;
  const std::string tmp_path = spool_ + "/" + name + ".tmp";
  std::error_code made;
  if (fs::create_directories(spool_, made)) chmod(spool_.c_str(), 0700);
  {
    const int fd = open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Status::IoError("cannot write the webhook spool " + tmp_path + ": " + std::strerror(errno));
    const char* channel = ev->channel == Channel::kZalo ? "zalo " : ev->channel == Channel::kFacebook ? "facebook " : "webform ";
    std::string data = channel + ev->event_name + "\n" + ev->body;
    size_t off = 0;
    bool ok = true;
    while (ok && off < data.size()) {
      const ssize_t n = write(fd, data.data() + off, data.size() - off);
      if (n < 0 && errno == EINTR) continue;
      ok = n > 0;
      if (ok) off += static_cast<size_t>(n);
    }
    ok = ok && fsync(fd) == 0;
    close(fd);
    if (!ok) {
      unlink(tmp_path.c_str());
      return Status::IoError("cannot write the webhook spool " + tmp_path);
    }
  }
  std::error_code ec;
  fs::rename(tmp_path, final_path, ec);
  if (ec || !SyncPath(spool_, O_RDONLY | O_DIRECTORY)) {
    unlink(tmp_path.c_str());
    return Status::IoError("cannot write the webhook spool " + final_path);
  }
  ev->file = final_path;
  return Status::Ok();
}

Status HookIngest::LoadSpool() {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(spool_, ec);
  if (ec) return Status::IoError("cannot create the webhook spool " + spool_ + ": " + ec.message());
  chmod(spool_.c_str(), 0700);
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(spool_, ec)) {
    const std::string path = entry.path().string();
    if (entry.path().extension() == ".tmp") fs::remove(entry.path(), ec);  // never acknowledged
    else if (entry.path().extension() == kSpoolSuffix) files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  std::lock_guard<std::mutex> lock(mu_);
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream data;
    data << in.rdbuf();
    const std::string text = data.str();
    const size_t nl = text.find('\n');
    const size_t sp = text.find(' ');
    if (!in || nl == std::string::npos || sp == std::string::npos || sp > nl) {
      std::fprintf(stderr, "vox serve: webhook spool: %s is not an event; left in place\n", path.c_str());
      continue;
    }
    Event ev;
    const std::string channel = text.substr(0, sp);
    if (channel != "zalo" && channel != "facebook" && channel != "webform") continue;
    ev.channel = channel == "zalo" ? Channel::kZalo : channel == "facebook" ? Channel::kFacebook : Channel::kWebForm;
    ev.event_name = text.substr(sp + 1, nl - sp - 1);
    ev.body = text.substr(nl + 1);
    ev.file = path;
    queue_.push_back(std::move(ev));
  }
  if (!files.empty()) {
    std::fprintf(stderr, "vox serve: webhook spool: %zu accepted event(s) from before are ingested now\n", files.size());
  }
  return Status::Ok();
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
  if (!spool_.empty()) {
    if (Status s = LoadSpool(); !s.ok()) return s;
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
    Event ev{Channel::kZalo, std::move(body), event_name, ""};
    if (!spool_.empty()) {
      if (Status s = Spool(&ev); !s.ok()) {
        std::fprintf(stderr, "vox serve: zalo webhook: %s\n", s.message().c_str());
        return Offer::kBusy;
      }
    }
    seen_[seen_key] = event_ms;
    queue_.push_back(std::move(ev));
  }
  cv_.notify_one();
  return Offer::kAccepted;
}

HookIngest::Offer HookIngest::OfferFacebook(std::string body) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || queue_.size() >= capacity_) return Offer::kBusy;
    Event ev{Channel::kFacebook, std::move(body), "", ""};
    if (!spool_.empty()) {
      if (Status s = Spool(&ev); !s.ok()) {
        std::fprintf(stderr, "vox serve: facebook webhook: %s\n", s.message().c_str());
        return Offer::kBusy;
      }
    }
    queue_.push_back(std::move(ev));
  }
  cv_.notify_one();
  return Offer::kAccepted;
}

HookIngest::Offer HookIngest::OfferItem(std::string jsonl) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || queue_.size() >= capacity_) return Offer::kBusy;
    Event ev{Channel::kWebForm, std::move(jsonl), "", ""};
    if (!spool_.empty()) {
      if (Status s = Spool(&ev); !s.ok()) {
        std::fprintf(stderr, "vox serve: web form: %s\n", s.message().c_str());
        return Offer::kBusy;
      }
    }
    queue_.push_back(std::move(ev));
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
    // Stored (or refused for its content): its spool file goes. A store
    // failure leaves it for the next start.
    if (Process(ev) && !ev.file.empty()) unlink(ev.file.c_str());
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

namespace {

// Reads the image at `url` into `msg` ("text": caption, a line break, the
// text read; "vox_image_text": true). false with `why` when nothing was read.
bool ReadInto(json& msg, const std::string& url, const HookIngest::ImageReader& read, std::string* why) {
  auto text = read(url);
  if (!text.ok()) {
    *why = text.status().message();
    return false;
  }
  if (text->find_first_not_of(" \t\r\n") == std::string::npos) {
    *why = "no text on the image";
    return false;
  }
  const std::string caption = Str(msg, "text");
  msg["text"] = caption.empty() ? *text : caption + "\n" + *text;
  msg["vox_image_text"] = true;
  return true;
}

// The first attachment of `type` with a payload URL (a Messenger sticker,
// sent as an image with a sticker_id, is not one).
std::string FirstImageUrl(const json& msg, const char* type) {
  if (!msg.contains("attachments") || !msg["attachments"].is_array()) return "";
  for (const json& att : msg["attachments"]) {
    if (!att.is_object() || !att.contains("payload") || !att["payload"].is_object()) continue;
    if (type != nullptr && Str(att, "type") != type) continue;
    if (att["payload"].contains("sticker_id")) continue;
    std::string url = Str(att["payload"], "url");
    if (!url.empty()) return url;
  }
  return "";
}

}  // namespace

std::string HookIngest::WithImageText(const std::string& body, const ImageReader& read, std::string* why) {
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return body;
  bool changed = false;
  if (Str(j, "object") == "page") {
    // Messenger: each person's message with an image attachment, at most
    // kMaxImagesPerBody of them (a batched delivery names several).
    if (!j.contains("entry") || !j["entry"].is_array()) return body;
    int read_count = 0;
    for (json& entry : j["entry"]) {
      if (!entry.is_object() || !entry.contains("messaging") || !entry["messaging"].is_array()) continue;
      for (json& ev : entry["messaging"]) {
        if (!ev.is_object() || !ev.contains("message") || !ev["message"].is_object()) continue;
        json& msg = ev["message"];
        if (msg.contains("is_echo") && msg["is_echo"].is_boolean() && msg["is_echo"].get<bool>()) continue;
        const std::string url = FirstImageUrl(msg, "image");
        if (url.empty()) continue;
        if (read_count++ >= kMaxImagesPerBody) {
          *why = "more than " + std::to_string(kMaxImagesPerBody) + " images in one delivery; the rest not read";
          continue;
        }
        std::string one;
        if (ReadInto(msg, url, read, &one)) changed = true;
        else *why = one;
      }
    }
  } else {
    if (!j.contains("message") || !j["message"].is_object()) return body;
    const std::string name = Str(j, "event_name");
    if (name != "user_send_image" && name != "anonymous_send_image") return body;
    const std::string url = FirstImageUrl(j["message"], nullptr);
    if (url.empty()) return body;
    changed = ReadInto(j["message"], url, read, why);
    if (changed) j["vox_image_text"] = true;
  }
  return changed ? j.dump(-1, ' ', false, json::error_handler_t::replace) : body;
}

bool HookIngest::Process(const Event& ev_in) {
  Event ev_read;
  const bool image = read_image_ && ((ev_in.channel == Channel::kZalo && (ev_in.event_name == "user_send_image" ||
                                                                           ev_in.event_name == "anonymous_send_image")) ||
                                     (ev_in.channel == Channel::kFacebook && ev_in.body.find("\"image\"") != std::string::npos));
  if (image) {
    ev_read = ev_in;
    std::string why;
    ev_read.body = WithImageText(ev_in.body, read_image_, &why);
    if (!why.empty())
      std::fprintf(stderr, "vox serve: %s webhook: image not read: %s\n",
                   ev_in.channel == Channel::kZalo ? "zalo" : "facebook", why.c_str());
  }
  const Event& ev = image ? ev_read : ev_in;
  const bool zalo = ev.channel == Channel::kZalo;
  const char* name = zalo ? "zalo webhook" : ev.channel == Channel::kFacebook ? "facebook webhook" : "web form";
  ingest::IngestOptions opts = opts_;
  opts.format = zalo ? ingest::Format::kZalo
                : ev.channel == Channel::kFacebook ? ingest::Format::kFacebook
                                                   : ingest::Format::kJsonl;
  // Rejections name the field and why, never the record's content.
  auto on_reject = [name](const ingest::Rejection& r) {
    std::fprintf(stderr, "vox serve: %s: event not stored: %s%s%s\n", name, r.field.c_str(), r.field.empty() ? "" : ": ",
                 r.reason.c_str());
  };
  auto report = ingest::IngestBuffer(store_, pseudo_, ev.body, name, opts, on_reject);
  if (!report.ok()) {
    std::fprintf(stderr, "vox serve: %s: %s\n", name, report.status().message().c_str());
    return false;
  }
  // A message stored for the first time opens its case (a repeat or a
  // replay adds no item, so it opens nothing).
  if (on_message_ && report->added > 0 && ev.channel != Channel::kWebForm) {
    for (const Message& m : MessagesOf(zalo, ev.body)) on_message_(m);
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
  return true;
}

}  // namespace vox::http
