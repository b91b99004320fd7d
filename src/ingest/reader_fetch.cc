// FetchUrl: one GET over libcurl. Only http and https are allowed, for the
// first request and for every redirect (at most 5). The body is capped at
// opts.max_bytes: a declared Content-Length over the cap fails before the
// body is read, and an undeclared one fails as soon as the cap is passed.
// Safe to call from several threads at once (each call has its own handle;
// curl_global_init runs once).
#include <curl/curl.h>

#include <mutex>

#include "ingest/reader.h"

namespace vox::ingest {
namespace {

struct Sink {
  std::string body;
  size_t max_bytes = 0;
  bool overflow = false;
};

size_t OnData(char* ptr, size_t size, size_t nmemb, void* user) {
  Sink* sink = static_cast<Sink*>(user);
  const size_t n = size * nmemb;
  if (sink->body.size() + n > sink->max_bytes) {
    sink->overflow = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  sink->body.append(ptr, n);
  return n;
}

bool HasHttpScheme(const std::string& url) {
  auto starts = [&](std::string_view p) {
    if (url.size() < p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i) {
      char c = url[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != p[i]) return false;
    }
    return true;
  };
  return starts("http://") || starts("https://");
}

}  // namespace

Result<std::string> FetchUrl(const std::string& url, const FetchOptions& opts) {
  if (!HasHttpScheme(url)) {
    return Status::InvalidArgument("'" + url + "' is not an http:// or https:// URL");
  }
  static std::once_flag init_once;
  std::call_once(init_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Status::Internal("curl_easy_init failed");
  Sink sink;
  sink.max_bytes = opts.max_bytes;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, opts.connect_timeout_s);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, opts.total_timeout_s);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(opts.max_bytes));
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // decoded size is what is capped
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "vox/0.1 (+ingest)");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnData);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);

  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);

  const std::string limit = std::to_string(opts.max_bytes);
  if (sink.overflow || rc == CURLE_FILESIZE_EXCEEDED) {
    return Status::IoError(url + ": response is larger than the limit of " + limit + " bytes");
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return Status::IoError(url + ": timed out (" + (error[0] ? error : curl_easy_strerror(rc)) +
                           ")");
  }
  if (rc == CURLE_TOO_MANY_REDIRECTS) {
    return Status::IoError(url + ": more than 5 redirects");
  }
  if (rc != CURLE_OK) {
    return Status::IoError(url + ": " + (error[0] ? error : curl_easy_strerror(rc)));
  }
  if (status < 200 || status > 299) {
    return Status::IoError(url + ": HTTP status " + std::to_string(status));
  }
  return std::move(sink.body);
}

}  // namespace vox::ingest
