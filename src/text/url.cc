// CanonicalUrl: one spelling per link, for comparing and grouping reposts.
//
// Parsing is libcurl's URL API (curl_url: RFC 3986 with the leniencies
// browsers share; dot segments removed, "/a/../b" -> "/b"; numeric IPv4
// hosts normalized, "127.1" -> "127.0.0.1"). An internationalized host goes
// to its ASCII form by ICU's UTS #46 ("Hà-Nội.vn" -> "xn--h-ni-0na4517b.vn";
// libcurl 7.88's CURLU_PUNYCODE fails on every such name). Vox's rules apply
// to the parts: https is the one scheme (http and https compare equal);
// scheme and host lower-cased; "www.", a trailing '.' and default ports
// dropped; tracking parameters (utm_*, fbclid, gclid, zarsrc, ...) dropped
// with an emptied '?'; fragment and trailing '/' dropped; percent-escapes of
// unreserved characters and of UTF-8 text decoded ("%2D" -> "-",
// "H%C3%A0" -> "Hà"), the others upper-cased ("%2f" -> "%2F"). A link curl
// refuses (a space, a bad port or host) is split by hand under the same
// rules. Idempotent; output is valid UTF-8.
//
// Fast path: a link whose host is plain ASCII letters, digits, '.' and '-'
// and whose rest has no backslash, "%2E" or dot segment (IsPlainUrl: nearly
// every link in posts and feeds) is split by hand, which gives curl's parts
// (url tests check it on generated links) at a fraction of the cost: curl_url
// allocates the handle and every part (bench/url_bench.cc, BENCHMARKS.md).
#include <curl/curl.h>
#include <unicode/bytestream.h>
#include <unicode/idna.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cctype>
#include <memory>

#include "text/url_internal.h"
#include "text/text.h"

namespace vox::text {

bool IsTrackingParam(std::string_view key) {
  std::string k(key);
  std::transform(k.begin(), k.end(), k.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (k.rfind("utm_", 0) == 0) return true;
  static constexpr std::string_view kParams[] = {
      "fbclid", "gclid",  "dclid",  "gbraid", "wbraid", "msclkid", "yclid",
      "zarsrc", "zarsrc_id", "zalo_source", "igshid", "igsh", "mibextid",
      "mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url", "__tn__",
      "__cft__", "__xts__", "sfnsn", "_hsenc", "_hsmi", "vero_id", "spm",
      "si", "s_cid", "cmpid", "ito"};
  for (auto p : kParams) if (p == k) return true;
  return false;
}

namespace {

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return r;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// Percent-escapes: unreserved characters and runs that decode to valid
// UTF-8 text are decoded; the rest are upper-cased.
std::string NormalizeEscapes(std::string_view s) {
  if (s.find('%') == std::string_view::npos) return std::string(s);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '%' || i + 2 >= s.size() + 0 || HexValue(s[i + 1]) < 0 || HexValue(s[i + 2]) < 0) {
      out.push_back(s[i++]);
      continue;
    }
    const auto v = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
    if (v < 0x80) {
      if (IsUnreserved(v)) {
        out.push_back(static_cast<char>(v));
      } else {
        out += {'%', kHex[v >> 4], kHex[v & 15]};
      }
      i += 3;
      continue;
    }
    // A run of escaped bytes >= 0x80: decoded when it is UTF-8 text.
    std::string run;
    size_t j = i;
    while (j + 2 < s.size() + 0 && s[j] == '%' && HexValue(s[j + 1]) >= 0 && HexValue(s[j + 2]) >= 0 &&
           HexValue(s[j + 1]) >= 8) {
      run.push_back(static_cast<char>(HexValue(s[j + 1]) * 16 + HexValue(s[j + 2])));
      j += 3;
    }
    if (IsValidUtf8(run)) {
      out += run;
    } else {
      for (unsigned char c : run) out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
    i = j;
  }
  return out;
}

}  // namespace

namespace internal {

// By hand, as Vox always split links: scheme "x://" or "//" or none,
// authority to the first '/' or '?', then path and query.
UrlParts SplitUrlByHand(std::string_view url) {
  UrlParts p;
  if (size_t hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  p.scheme = "https";
  size_t sep = url.find("://");
  if (sep != std::string_view::npos && sep > 0 &&
      std::all_of(url.begin(), url.begin() + sep, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
      })) {
    p.scheme = Lower(url.substr(0, sep));
    url.remove_prefix(sep + 3);
  } else if (url.rfind("//", 0) == 0) {
    url.remove_prefix(2);
  }
  size_t auth_end = url.find_first_of("/?");
  if (auth_end == std::string_view::npos) auth_end = url.size();
  p.authority = Lower(url.substr(0, auth_end));
  std::string_view rest = url.substr(auth_end);
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    p.path = std::string(rest.substr(0, q));
    p.query = std::string(rest.substr(q + 1));
  } else {
    p.path = std::string(rest);
  }
  return p;
}

namespace {

// Byte classes for IsPlainUrl: 1 host character, 2 a byte the rest may hold
// as it is, 4 a byte that needs a closer look ('.', '%').
constexpr std::array<uint8_t, 256> kPlainClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0x21; c < 0x100; ++c) t[c] = 2;
  for (unsigned char c : std::string_view("\x7F\\\"<>`{}|^")) t[c] = 0;
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= 1;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= 1;
  for (int c = '0'; c <= '9'; ++c) t[c] |= 1;
  t['-'] |= 1;
  t['.'] |= 1 | 4;
  t['%'] |= 4;
  return t;
}();

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

// The longest scheme libcurl reads (MAX_SCHEME_LEN in lib/urlapi.c); a
// longer run of letters before "://" is not a scheme to it.
constexpr size_t kCurlMaxScheme = 40;

bool IsPlainUrl(std::string_view url) {
  // Scheme (optional), then host of [A-Za-z0-9.-] only, then the rest.
  size_t host = 0;
  if (size_t sep = url.find("://"); sep != std::string_view::npos) {
    // libcurl looks for a scheme in the first 40 characters only.
    if (sep == 0 || sep > kCurlMaxScheme) return false;
    for (size_t i = 0; i < sep; ++i) {
      if (!IsAsciiLetter(url[i])) return false;
    }
    host = sep + 3;
  }
  size_t host_end = host;
  size_t last_label = host;
  while (host_end < url.size() && url[host_end] != '/' && url[host_end] != '?' && url[host_end] != '#') {
    const char c = url[host_end];
    if (!(kPlainClass[static_cast<unsigned char>(c)] & 1)) return false;
    if (c == '.') {
      if (host_end == host || url[host_end - 1] == '.') return false;
      last_label = host_end + 1;
    }
    ++host_end;
  }
  if (host_end == host || url[host] == '-') return false;
  // curl reads a host whose last label is a number as an IPv4 address
  // ("127.1" -> "127.0.0.1").
  if (last_label == host_end || !IsAsciiLetter(url[last_label])) return false;
  // The rest: printable characters without backslashes, escaped dots or
  // dot segments (curl keeps escapes and UTF-8 as they are).
  for (size_t i = host_end; i < url.size(); ++i) {
    const uint8_t k = kPlainClass[static_cast<unsigned char>(url[i])];
    if (k == 0) return false;
    if (!(k & 4)) continue;
    const char c = url[i];
    if (c == '%' && i + 2 < url.size() && url[i + 1] == '2' && (url[i + 2] == 'e' || url[i + 2] == 'E')) {
      return false;
    }
    if (c == '.' && url[i - 1] == '/' &&
        (i + 1 == url.size() || url[i + 1] == '/' || url[i + 1] == '?' || url[i + 1] == '#' || url[i + 1] == '.')) {
      return false;  // "/." or "/.."
    }
  }
  return true;
}

bool SplitUrlWithCurl(std::string_view url, UrlParts* out) {
  struct Free {
    void operator()(CURLU* h) const { curl_url_cleanup(h); }
  };
  std::unique_ptr<CURLU, Free> h(curl_url());
  if (!h) return false;
  std::string z(url.rfind("//", 0) == 0 ? url.substr(2) : url);
  if (curl_url_set(h.get(), CURLUPART_URL, z.c_str(), CURLU_NON_SUPPORT_SCHEME | CURLU_DEFAULT_SCHEME) != CURLUE_OK) {
    return false;
  }
  auto get = [&](CURLUPart part, unsigned flags, std::string* to) {
    char* v = nullptr;
    const CURLUcode rc = curl_url_get(h.get(), part, &v, flags);
    if (rc == CURLUE_OK && v != nullptr) *to = v;
    curl_free(v);
    return rc;
  };
  UrlParts p;
  std::string user, password, host, port;
  if (get(CURLUPART_SCHEME, 0, &p.scheme) != CURLUE_OK) return false;
  p.scheme = Lower(p.scheme);
  get(CURLUPART_USER, 0, &user);
  get(CURLUPART_PASSWORD, 0, &password);
  // (CURLU_PUNYCODE fails on every IDN in libcurl 7.88: IdnToAscii below.)
  if (get(CURLUPART_HOST, 0, &host) != CURLUE_OK) return false;
  get(CURLUPART_PORT, 0, &port);
  get(CURLUPART_PATH, 0, &p.path);
  get(CURLUPART_QUERY, 0, &p.query);
  if (p.path == "/") {  // curl supplies the '/' of "a.vn", "a.vn?x" and "a.vn#x"
    const size_t sep = z.find("://");
    const size_t auth_end = z.find_first_of("/?#", sep == std::string::npos ? 0 : sep + 3);
    if (auth_end == std::string::npos || z[auth_end] != '/') p.path.clear();
  }
  if (!user.empty() || !password.empty()) {
    p.authority = user;
    if (!password.empty()) p.authority += ":" + password;
    p.authority += "@";
  }
  p.authority += host;
  if (!port.empty()) p.authority += ":" + port;
  p.authority = Lower(p.authority);
  *out = std::move(p);
  return true;
}

}  // namespace internal

namespace {

// An internationalized host name in its ASCII form (UTS #46, as browsers:
// "Hà-Nội.vn" -> "xn--h-ni-0na4517b.vn"); unchanged when it is ASCII or not
// a valid name.
void IdnToAscii(std::string* host) {
  if (std::all_of(host->begin(), host->end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return;
  static const icu::IDNA* idna = [] {
    UErrorCode err = U_ZERO_ERROR;
    icu::IDNA* i = icu::IDNA::createUTS46Instance(UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_USE_STD3_RULES, err);
    return U_SUCCESS(err) ? i : nullptr;
  }();
  if (idna == nullptr) return;
  std::string ascii;
  icu::StringByteSink<std::string> sink(&ascii);
  icu::IDNAInfo info;
  UErrorCode err = U_ZERO_ERROR;
  idna->nameToASCII_UTF8(*host, sink, info, err);
  if (U_SUCCESS(err) && !info.hasErrors() && !ascii.empty()) *host = std::move(ascii);
}

std::string CanonicalUrlOnce(std::string_view url_in) {
  std::string clean;
  SanitizeUtf8(url_in, &clean);
  std::string_view url = clean;
  while (!url.empty() && IsSpace(url.front())) url.remove_prefix(1);
  while (!url.empty() && IsSpace(url.back())) url.remove_suffix(1);

  internal::UrlParts p;
  if (internal::IsPlainUrl(url) || !internal::SplitUrlWithCurl(url, &p)) p = internal::SplitUrlByHand(url);

  std::string& scheme = p.scheme;
  if (scheme == "http") scheme = "https";
  std::string& host = p.authority;
  if (size_t at = host.rfind('@'), colon = host.rfind(':');
      std::any_of(host.begin(), host.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    // user info and port stay as they are
    const size_t b = at == std::string::npos ? 0 : at + 1;
    const size_t e = colon != std::string::npos && colon > b && host.find(']', b) == std::string::npos ? colon
                                                                                                      : host.size();
    std::string name = host.substr(b, e - b);
    IdnToAscii(&name);
    host = host.substr(0, b) + name + host.substr(e);
  }
  for (bool changed = true; changed;) {
    changed = false;
    if (host.rfind("www.", 0) == 0) { host.erase(0, 4); changed = true; }
    if (scheme == "https" && host.size() >= 4 && host.compare(host.size() - 4, 4, ":443") == 0) {
      host.resize(host.size() - 4);
      changed = true;
    }
    if (scheme == "https" && host.size() >= 3 && host.compare(host.size() - 3, 3, ":80") == 0) {
      host.resize(host.size() - 3);
      changed = true;
    }
    if (!host.empty() && host.back() == '.') { host.pop_back(); changed = true; }
  }

  std::string path = NormalizeEscapes(p.path);
  while (!path.empty() && path.back() == '/') path.pop_back();

  const std::string query_str = NormalizeEscapes(p.query);
  std::string_view query = query_str;
  std::string kept;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (param.empty()) continue;
    std::string_view key = param.substr(0, param.find('='));
    if (IsTrackingParam(key)) continue;
    if (!kept.empty()) kept.push_back('&');
    kept.append(param);
  }
  std::string out = scheme + "://" + host;
  out.append(path);
  if (!kept.empty()) {
    out.push_back('?');
    out.append(kept);
  }
  return out;
}

}  // namespace

// Iterated to a fixpoint: trimming can expose more to trim ("a.vn/x \n/").
std::string CanonicalUrl(std::string_view url) {
  std::string r = CanonicalUrlOnce(url);
  // After the first pass each change only shortens the string.
  for (size_t i = 0, cap = r.size() + 2; i < cap; ++i) {
    std::string again = CanonicalUrlOnce(r);
    if (again == r) break;
    r = std::move(again);
  }
  return r;
}

}  // namespace vox::text
