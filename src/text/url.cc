// CanonicalUrl: one spelling per link, for comparing and grouping reposts.
// https is the one scheme (http and https compare equal); scheme and host
// lower-cased; "www." and default ports dropped; tracking parameters
// (utm_*, fbclid, gclid, zarsrc, ...) dropped with an emptied '?'; fragment
// and trailing '/' dropped. Idempotent; output is valid UTF-8.
#include <algorithm>
#include <cctype>

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

std::string CanonicalUrlOnce(std::string_view url_in) {
  std::string clean;
  SanitizeUtf8(url_in, &clean);
  std::string_view url = clean;
  while (!url.empty() && (url.front() == ' ' || url.front() == '\t' || url.front() == '\n' || url.front() == '\r')) url.remove_prefix(1);
  while (!url.empty() && (url.back() == ' ' || url.back() == '\t' || url.back() == '\n' || url.back() == '\r')) url.remove_suffix(1);
  if (size_t hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);

  std::string scheme = "https";
  size_t sep = url.find("://");
  if (sep != std::string_view::npos && sep > 0 &&
      std::all_of(url.begin(), url.begin() + sep, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
      })) {
    scheme = Lower(url.substr(0, sep));
    if (scheme == "http") scheme = "https";
    url.remove_prefix(sep + 3);
  } else if (url.rfind("//", 0) == 0) {
    url.remove_prefix(2);
  }
  size_t auth_end = url.find_first_of("/?");
  if (auth_end == std::string_view::npos) auth_end = url.size();
  std::string host = Lower(url.substr(0, auth_end));
  std::string_view rest = url.substr(auth_end);
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

  std::string_view path = rest, query;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    path = rest.substr(0, q);
    query = rest.substr(q + 1);
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);

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
