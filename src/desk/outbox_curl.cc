// The outbox's HTTP client: libcurl, one easy handle per call. Request
// headers carry the platforms' tokens, so nothing here logs a request or
// puts a header in an error.
#include <curl/curl.h>

#include <cctype>
#include <mutex>

#include "desk/outbox.h"

namespace vox::desk {
namespace {

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  const size_t len = size * n;
  if (out->size() + len > (1u << 20)) return 0;  // 1 MiB is more than any answer here
  out->append(data, len);
  return len;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::map<std::string, std::string>*>(user);
  const size_t len = size * n;
  std::string line(data, len);
  const size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
    (*out)[name] = value;
  }
  return len;
}

class Curl final : public Transport {
 public:
  Curl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }
  HttpAnswer Post(const std::string& url, const HttpHeaders& headers, const std::string& content_type,
                  const std::string& body, int timeout_ms) override {
    return Call(url, headers, &content_type, &body, timeout_ms);
  }
  HttpAnswer Get(const std::string& url, const HttpHeaders& headers, int timeout_ms) override {
    return Call(url, headers, nullptr, nullptr, timeout_ms);
  }

 private:
  HttpAnswer Call(const std::string& url, const HttpHeaders& headers, const std::string* content_type,
                  const std::string* body, int timeout_ms) {
    HttpAnswer a;
    CURL* h = curl_easy_init();
    if (h == nullptr) {
      a.error = "curl_easy_init failed";
      return a;
    }
    curl_slist* list = nullptr;
    for (const auto& [name, value] : headers) list = curl_slist_append(list, (name + ": " + value).c_str());
    if (content_type != nullptr) list = curl_slist_append(list, ("Content-Type: " + *content_type).c_str());
    list = curl_slist_append(list, "Expect:");
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(timeout_ms, 10000)));
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "vox-outbox");
    if (body != nullptr) {
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->data());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    }
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &a.body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &a.headers);
    const CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_OK) {
      long code = 0;
      curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
      a.status = static_cast<int>(code);
    } else {
      a.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
      a.error = curl_easy_strerror(rc);  // libcurl's words; never the URL or headers
      a.body.clear();
    }
    curl_slist_free_all(list);
    curl_easy_cleanup(h);
    return a;
  }
};

}  // namespace

std::unique_ptr<Transport> CurlTransport() { return std::make_unique<Curl>(); }

}  // namespace vox::desk
