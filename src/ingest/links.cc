// ShortLinks: see links.h.
#include "ingest/links.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "ingest/html.h"
#include "text/text.h"

namespace vox::ingest {
namespace {

// Shorteners people in Vietnam meet in shared posts: the international ones
// and the local ones (shorten.asia, bom.so / bom.to, s.id).
constexpr std::string_view kShorteners[] = {
    "bit.ly",   "bitly.com", "bit.do",   "tinyurl.com", "t.co",    "goo.gl",     "ow.ly",     "is.gd",
    "v.gd",     "buff.ly",   "rb.gy",    "cutt.ly",     "shorturl.at", "tiny.cc", "s.id",      "rebrand.ly",
    "t.ly",     "lnkd.in",   "shorten.asia", "bom.so",  "bom.to",  "short.io",   "surl.li",   "tiny.one",
};

// "host[:port]" of a link, lower-case, without "www.".
std::string HostPort(std::string_view url) {
  const size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  const size_t at = rest.rfind('@');  // user:password@host
  if (at != std::string_view::npos) rest.remove_prefix(at + 1);
  std::string host(rest);
  for (char& c : host) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

bool Listed(const std::string& hostport, const std::vector<std::string>& extra) {
  if (hostport.empty()) return false;
  const std::string host = hostport.substr(0, hostport.find(':'));
  for (std::string_view s : kShorteners) {
    if (host == s) return true;
  }
  return std::any_of(extra.begin(), extra.end(), [&](const std::string& e) { return e == hostport || e == host; });
}

// Addresses a link from a stranger's post must never make Vox connect to:
// the machine itself, private and link-local networks, carrier-grade NAT.
bool IsPrivate(const sockaddr* sa) {
  if (sa->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    const uint32_t a = ntohl(in->sin_addr.s_addr);
    return (a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 || (a >> 16) == 0xA9FE ||  // 169.254/16
           (a >> 20) == 0xAC1 ||                                                             // 172.16/12
           (a >> 16) == 0xC0A8 ||                                                            // 192.168/16
           (a >> 22) == (100u << 2 | 1u);                                                    // 100.64/10
  }
  if (sa->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    const uint8_t* b = in6->sin6_addr.s6_addr;
    if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) || IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr)) return true;
    if ((b[0] & 0xFE) == 0xFC) return true;                   // fc00::/7
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return true;   // fe80::/10
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
      sockaddr_in v4{};
      v4.sin_family = AF_INET;
      std::memcpy(&v4.sin_addr.s_addr, b + 12, 4);
      return IsPrivate(reinterpret_cast<const sockaddr*>(&v4));
    }
    return false;
  }
  return true;  // anything else is not for us
}

curl_socket_t OpenPublicSocket(void* clientp, curlsocktype purpose, curl_sockaddr* address) {
  const bool allow_private = *static_cast<const bool*>(clientp);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  if (!allow_private && IsPrivate(&address->addr)) return CURL_SOCKET_BAD;
  return socket(address->family, address->socktype, address->protocol);
}

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

struct Body {
  std::string data;
  size_t max = 0;
};

size_t Keep(char* p, size_t size, size_t n, void* userp) {
  auto* b = static_cast<Body*>(userp);
  if (b->data.size() + size * n > b->max) return 0;  // over the cap: the transfer fails
  b->data.append(p, size * n);
  return size * n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

}  // namespace

bool IsShortLink(std::string_view url, const std::vector<std::string>& extra_hosts) {
  return Listed(HostPort(url), extra_hosts);
}

Result<LinkOptions> LinkOptionsFromSettings(store::Store& st) {
  LinkOptions o;
  auto flag = [&](const char* key, bool* out) -> Status {
    auto v = st.GetSetting(key);
    if (!v.ok()) return v.status();
    if (!*v || (*v)->empty()) return Status::Ok();
    const std::string& s = **v;
    if (s == "on" || s == "true" || s == "1" || s == "yes") *out = true;
    else if (s == "off" || s == "false" || s == "0" || s == "no") *out = false;
    else return Status::InvalidArgument(std::string("setting ") + key + ": \"" + s + "\" is not on or off");
    return Status::Ok();
  };
  VOX_RETURN_IF_ERROR(flag("links.expand", &o.fetch));
  VOX_RETURN_IF_ERROR(flag("links.allow_private", &o.allow_private));
  VOX_RETURN_IF_ERROR(flag("links.fetch_pages", &o.fetch_pages));
  auto hosts = st.GetSetting("links.shorteners");
  if (!hosts.ok()) return hosts.status();
  if (*hosts) {
    std::string cur;
    for (char c : **hosts + ",") {
      if (c == ',' || c == ' ' || c == '\t' || c == '\n') {
        if (!cur.empty()) o.extra_hosts.push_back(HostPort(cur.find("://") == std::string::npos ? "x://" + cur : cur));
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
  }
  return o;
}

ShortLinks::ShortLinks(store::Store& st, LinkOptions opts) : st_(st), opts_(std::move(opts)) {}

std::string ShortLinks::Target(std::string_view url) {
  if (!IsShortLink(url, opts_.extra_hosts)) return {};
  std::string key = text::CanonicalUrl(url.find("://") == std::string_view::npos ? "https://" + std::string(url)
                                                                                 : std::string(url));
  if (key.empty()) key = std::string(url);
  if (auto m = memo_.find(key); m != memo_.end()) return m->second;
  const int64_t now = st_.clock().Now();
  auto stored = st_.GetLinkTarget(key);
  if (stored.ok() && stored->has_value()) {
    const store::Store::LinkTarget& t = **stored;
    if (!t.target.empty() || !opts_.fetch || now - t.resolved_at < opts_.retry_seconds) {
      memo_[key] = t.target;
      return t.target;
    }
  }
  if (!opts_.fetch) {
    memo_[key] = {};
    return {};
  }
  ++asked_;
  // Asked as written (its scheme kept; "bit.ly/x" typed without one is
  // https), remembered under its canonical form.
  auto r = Ask(url.find("://") == std::string_view::npos ? "https://" + std::string(url) : std::string(url));
  std::string target = r.ok() ? *r : std::string();
  if (!r.ok()) ++failed_;
  // A cache: a write that fails only means the link is asked again later.
  st_.PutLinkTarget(key, {target, now}).PermitUncheckedError();
  memo_[key] = target;
  return target;
}

Result<std::string> ShortLinks::Ask(const std::string& url) {
  static const bool init = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  if (!init) return Status::Internal("libcurl did not initialise");
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Status::Internal("libcurl: no handle");
  CURL* c = curl.get();
  std::string next = url;
  for (int hop = 0; hop < opts_.max_hops; ++hop) {
    bool head = true;
    long code = 0;
    for (int attempt = 0; attempt < 2; ++attempt) {
      curl_easy_reset(c);
      curl_easy_setopt(c, CURLOPT_URL, next.c_str());
      curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
      curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
      curl_easy_setopt(c, CURLOPT_NOBODY, head ? 1L : 0L);
      curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
      curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(1 << 20));
      curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, opts_.timeout_seconds);
      curl_easy_setopt(c, CURLOPT_TIMEOUT, opts_.timeout_seconds);
      curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
      curl_easy_setopt(c, CURLOPT_USERAGENT, "vox-link-check/1");
      curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, OpenPublicSocket);
      curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &opts_.allow_private);
      const CURLcode rc = curl_easy_perform(c);
      if (rc != CURLE_OK) {
        return Status::IoError(next + ": " + curl_easy_strerror(rc));
      }
      curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
      // Some shorteners refuse or mishandle HEAD: a HEAD that is not
      // answered with a redirect is asked again with GET (the body dropped).
      if (head && (code < 300 || code >= 400)) {
        head = false;
        continue;
      }
      break;
    }
    if (code < 300 || code >= 400) {
      return Status::NotFound(next + " answered " + std::to_string(code) + " without a redirect");
    }
    char* loc = nullptr;
    curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
    if (loc == nullptr || *loc == '\0') return Status::NotFound(next + ": a redirect without a location");
    std::string to = loc;
    if (to.rfind("http://", 0) != 0 && to.rfind("https://", 0) != 0) {
      return Status::InvalidArgument(next + " leads to a link that is not http(s)");
    }
    if (!IsShortLink(to, opts_.extra_hosts)) return to;
    next = std::move(to);
  }
  return Status::NotFound(url + ": more than " + std::to_string(opts_.max_hops) + " short links in a row");
}

Result<std::string> FetchPage(const std::string& url, const LinkOptions& opts, size_t max_bytes) {
  static const bool init = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  if (!init) return Status::Internal("libcurl did not initialise");
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return Status::InvalidArgument(url + ": not an http(s) link");
  }
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Status::Internal("libcurl: no handle");
  CURL* c = curl.get();
  Body body;
  body.max = max_bytes;
  bool allow_private = opts.allow_private;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Keep);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_bytes));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, opts.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 2 * opts.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "vox-page-reader/1");
  // Every connection, redirects included, goes through the address check.
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, OpenPublicSocket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &allow_private);
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) return Status::IoError(url + ": " + curl_easy_strerror(rc));
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  if (code != 200) return Status::NotFound(url + " answered " + std::to_string(code));
  char* type = nullptr;
  curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
  std::string t = type != nullptr ? type : "";
  for (char& ch : t) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  if (t.rfind("text/html", 0) != 0 && t.rfind("application/xhtml+xml", 0) != 0 && t.rfind("text/plain", 0) != 0) {
    return Status::Unsupported(url + ": " + (t.empty() ? std::string("no content type") : t) + " is not a page");
  }
  return std::move(body.data);
}

LinkPages::LinkPages(store::Store& st, LinkOptions opts) : st_(st), opts_(std::move(opts)) {}

std::string LinkPages::Text(const Item& item) {
  if (item.kind != "article" || item.url.empty()) return {};
  if (item.url.rfind("http://", 0) != 0 && item.url.rfind("https://", 0) != 0) return {};
  std::string key = text::CanonicalUrl(item.url);
  if (key.empty()) return {};
  const int64_t now = st_.clock().Now();
  auto stored = st_.GetLinkPage(key);
  if (stored.ok() && stored->has_value()) {
    const store::Store::LinkPage& p = **stored;
    if (!p.text.empty() || !opts_.fetch_pages || now - p.fetched_at < opts_.retry_seconds) return p.text;
  }
  if (!opts_.fetch_pages) return {};
  ++fetched_;
  auto page = FetchPage(item.url, opts_);
  std::string text;
  if (page.ok()) text = ArticleText(*page);
  if (text.empty()) ++failed_;
  // A cache: a write that fails only means the page is fetched again later.
  st_.PutLinkPage(key, {text, now}).PermitUncheckedError();
  return text;
}

}  // namespace vox::ingest
