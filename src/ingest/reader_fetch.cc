// OpenUrl and FetchUrl: one GET over libcurl, its body read as it arrives.
// Only http and https are allowed, for the first request and for every
// redirect (at most 5). The body is capped at opts.max_bytes: a declared
// Content-Length over the cap fails before the body is read, and an
// undeclared one fails as soon as the cap is passed.
//
// The transfer runs on libcurl's multi interface, driven from the reader's
// own thread: a read of the body performs the transfer until bytes have
// arrived (or it ended), and nothing is downloaded while the reader works on
// what it has. The write callback keeps at most about kMaxBuffered bytes and
// pauses the transfer beyond that (CURL_WRITEFUNC_PAUSE; curl hands the same
// bytes again once resumed), so memory is bounded whatever the body's size.
// opts.total_timeout_s counts the time spent waiting for the network, not
// the reader's time between reads.
// Safe to call from several threads at once (each call has its own handles;
// curl_global_init runs once).
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <istream>
#include <mutex>
#include <streambuf>

#include "ingest/reader.h"

namespace vox::ingest {
namespace {

using Clock = std::chrono::steady_clock;

// What the write callback holds before it pauses the transfer.
constexpr size_t kMaxBuffered = 1 << 20;

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

// Thrown out of underflow() to fail the stream: std::istream catches it and
// sets badbit (the standard's rule for an exception during input); the
// reason is in status(). Never leaves this file's streams.
struct TransferFailed {};

class CurlBody final : public UrlBody, private std::streambuf {
 public:
  CurlBody(std::string url, const FetchOptions& opts) : url_(std::move(url)), opts_(opts), stream_(this) {}
  ~CurlBody() override {
    if (multi_ != nullptr && easy_ != nullptr) curl_multi_remove_handle(multi_, easy_);
    if (easy_ != nullptr) curl_easy_cleanup(easy_);
    if (multi_ != nullptr) curl_multi_cleanup(multi_);
  }

  // Starts the transfer and waits for the first bytes of the body (or its
  // end): a failed connection or a status outside 200-299 is known then.
  Status Start() {
    multi_ = curl_multi_init();
    easy_ = curl_easy_init();
    if (multi_ == nullptr || easy_ == nullptr) return Status::Internal("curl_easy_init failed");
    curl_easy_setopt(easy_, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy_, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT, opts_.connect_timeout_s);
    curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy_, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(opts_.max_bytes));
    curl_easy_setopt(easy_, CURLOPT_ACCEPT_ENCODING, "");  // decoded size is what is capped
    curl_easy_setopt(easy_, CURLOPT_USERAGENT, "vox/0.1 (+ingest)");
    curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, OnData);
    curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_);
    if (curl_multi_add_handle(multi_, easy_) != CURLM_OK) return Status::Internal("curl_multi_add_handle failed");
    Wait();
    return status_;
  }

  std::istream& stream() override { return stream_; }
  Status status() const override { return status_; }

 private:
  static size_t OnData(char* ptr, size_t size, size_t nmemb, void* user) {
    auto* self = static_cast<CurlBody*>(user);
    const size_t n = size * nmemb;
    if (!self->status_checked_) {
      // The final response's headers are in (bodies of followed redirects
      // never reach here): a status outside 200-299 ends the transfer.
      self->status_checked_ = true;
      curl_easy_getinfo(self->easy_, CURLINFO_RESPONSE_CODE, &self->http_status_);
      if (self->http_status_ < 200 || self->http_status_ > 299) return 0;
    }
    if (self->received_ + n > self->opts_.max_bytes) {
      self->overflow_ = true;
      return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    if (self->incoming_.size() >= kMaxBuffered) {
      self->paused_ = true;
      return CURL_WRITEFUNC_PAUSE;  // handed again once resumed
    }
    self->incoming_.append(ptr, n);
    self->received_ += n;
    return n;
  }

  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    current_.clear();
    if (incoming_.empty() && !done_) Wait();
    if (!status_.ok()) throw TransferFailed{};
    current_.swap(incoming_);
    if (current_.empty()) return traits_type::eof();
    setg(current_.data(), current_.data(), current_.data() + current_.size());
    return traits_type::to_int_type(*gptr());
  }

  // Performs the transfer until bytes have arrived or it has ended; sets
  // status_ when it failed.
  void Wait() {
    if (paused_) {
      paused_ = false;
      curl_easy_pause(easy_, CURLPAUSE_CONT);  // may hand over bytes at once
    }
    const auto limit = std::chrono::seconds(opts_.total_timeout_s);
    while (incoming_.empty() && !done_) {
      const auto t0 = Clock::now();
      int running = 0;
      CURLMcode mc = curl_multi_perform(multi_, &running);
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
        if (msg->msg == CURLMSG_DONE) Finish(msg->data.result);
      }
      if (mc != CURLM_OK && !done_) Finish(CURLE_FAILED_INIT, curl_multi_strerror(mc));
      if (incoming_.empty() && !done_) {
        const auto slice = std::chrono::duration_cast<std::chrono::milliseconds>(limit - waited_);
        curl_multi_poll(multi_, nullptr, 0, static_cast<int>(std::clamp<int64_t>(slice.count(), 1, 1000)), nullptr);
      }
      waited_ += Clock::now() - t0;
      if (!done_ && waited_ >= limit) {
        Finish(CURLE_OPERATION_TIMEDOUT, "no complete response within " + std::to_string(opts_.total_timeout_s) +
                                             " s of waiting for the network");
      }
    }
  }

  // The transfer ended with `rc`: status_ says how.
  void Finish(CURLcode rc, const std::string& why = "") {
    done_ = true;
    const std::string detail = !why.empty() ? why : error_[0] != '\0' ? error_ : curl_easy_strerror(rc);
    const std::string limit = std::to_string(opts_.max_bytes);
    if (overflow_ || rc == CURLE_FILESIZE_EXCEEDED) {
      status_ = Status::IoError(url_ + ": response is larger than the limit of " + limit + " bytes");
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
      status_ = Status::IoError(url_ + ": timed out (" + detail + ")");
    } else if (rc == CURLE_TOO_MANY_REDIRECTS) {
      status_ = Status::IoError(url_ + ": more than 5 redirects");
    } else if (status_checked_ && (http_status_ < 200 || http_status_ > 299)) {
      status_ = Status::IoError(url_ + ": HTTP status " + std::to_string(http_status_));
    } else if (rc != CURLE_OK) {
      status_ = Status::IoError(url_ + ": " + detail);
    } else {
      long status = 0;
      curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
      if (status < 200 || status > 299) {
        status_ = Status::IoError(url_ + ": HTTP status " + std::to_string(status));
      }
    }
    if (!status_.ok()) incoming_.clear();
  }

  std::string url_;
  FetchOptions opts_;
  std::istream stream_;
  CURLM* multi_ = nullptr;
  CURL* easy_ = nullptr;
  char error_[CURL_ERROR_SIZE] = {0};
  std::string incoming_;  // received, not yet handed to the reader
  std::string current_;   // the get area
  size_t received_ = 0;
  bool paused_ = false;
  bool done_ = false;
  bool overflow_ = false;
  bool status_checked_ = false;
  long http_status_ = 0;
  Clock::duration waited_{};
  Status status_;
};

}  // namespace

Result<std::unique_ptr<UrlBody>> OpenUrl(const std::string& url, const FetchOptions& opts) {
  if (!HasHttpScheme(url)) {
    return Status::InvalidArgument("'" + url + "' is not an http:// or https:// URL");
  }
  static std::once_flag init_once;
  std::call_once(init_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  auto body = std::make_unique<CurlBody>(url, opts);
  VOX_RETURN_IF_ERROR(body->Start());
  return std::unique_ptr<UrlBody>(std::move(body));
}

Result<std::string> FetchUrl(const std::string& url, const FetchOptions& opts) {
  auto body = OpenUrl(url, opts);
  if (!body.ok()) return body.status();
  std::istream& in = (*body)->stream();
  std::string data;
  char buf[64 << 10];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) data.append(buf, static_cast<size_t>(in.gcount()));
  if (in.bad() || !(*body)->status().ok()) {
    return (*body)->status().ok() ? Status::IoError(url + ": read failed") : (*body)->status();
  }
  return data;
}

}  // namespace vox::ingest
