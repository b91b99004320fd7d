#include "ingest/privacy.h"

#include <algorithm>
#include <array>

#include "text/text.h"

namespace vox::ingest {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// Query parameters whose value is personal data or a credential, whatever it
// looks like (compared case-insensitively, '-' and '_' ignored).
bool IsPersonalParam(std::string_view key) {
  std::string k;
  for (char c : key) {
    if (c != '-' && c != '_') k.push_back(Lower(c));
  }
  static constexpr std::array<std::string_view, 30> kKeys = {
      "phone",  "tel",      "mobile",     "sdt",        "sodienthoai", "dienthoai", "email",  "mail",
      "cccd",   "cmnd",     "cancuoc",    "name",       "fullname",    "hoten",     "ten",    "address",
      "diachi", "token",    "accesstoken", "auth",      "password",    "pass",      "pwd",    "session",
      "sessionid", "apikey", "key",       "sig",        "signature",   "otp"};
  return std::find(kKeys.begin(), kKeys.end(), k) != kKeys.end();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = Lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && s[i] == '+' ? ' ' : s[i]);
  }
  return out;
}

// Encodes what would change the link's structure; keeps UTF-8 and the
// placeholders' brackets readable.
std::string PercentEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u == 0x7F || c == '%' || c == '/' || c == '?' || c == '#' || c == '&' || c == '=' ||
        c == '"' || c == '<' || c == '>' || c == '\\') {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Masks one component of a link (a path segment, a parameter value, the
// fragment). Slugs join words with '-' or '_', which the text masker reads as
// part of a number: they are read as spaces here. Returns the component
// unchanged when nothing personal is in it.
std::string MaskComponent(std::string_view raw, bool query, int* masked) {
  std::string decoded = PercentDecode(raw, query);
  std::string spaced = decoded;
  std::replace(spaced.begin(), spaced.end(), '-', ' ');
  std::replace(spaced.begin(), spaced.end(), '_', ' ');
  int n = 0;
  std::string out = text::MaskPii(spaced, &n);
  if (n == 0) return std::string(raw);
  *masked += n;
  if (!query) std::replace(out.begin(), out.end(), ' ', '-');  // a slug stays a slug
  return PercentEncode(out);
}

bool IsPersonalIdText(std::string_view id) {
  std::string spaced(id);
  std::replace(spaced.begin(), spaced.end(), '-', ' ');
  std::replace(spaced.begin(), spaced.end(), '_', ' ');
  const std::string m = text::MaskPii(spaced);
  if (m.find("[SĐT]") != std::string::npos || m.find("[EMAIL]") != std::string::npos) return true;
  return id.size() == 12 && id[0] == '0' &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string SafeUrl(std::string_view url, int* masked) {
  while (!url.empty() && static_cast<unsigned char>(url.front()) <= ' ') url.remove_prefix(1);
  while (!url.empty() && static_cast<unsigned char>(url.back()) <= ' ') url.remove_suffix(1);
  if (url.empty()) return {};
  std::string scheme;
  if (url.substr(0, 2) == "//") {
    scheme = "https";
    url.remove_prefix(2);
  } else {
    const size_t sep = url.find("://");
    if (sep == std::string_view::npos) return {};
    scheme = std::string(url.substr(0, sep));
    if (!IEquals(scheme, "http") && !IEquals(scheme, "https")) return {};
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), Lower);
    url.remove_prefix(sep + 3);
  }
  size_t auth_end = url.find_first_of("/?#");
  if (auth_end == std::string_view::npos) auth_end = url.size();
  std::string_view authority = url.substr(0, auth_end);
  std::string_view rest = url.substr(auth_end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);  // user:password@ never kept
    ++*masked;
  }
  if (authority.empty() || authority.find_first_of(" \t\r\n\"<>\\") != std::string_view::npos) return {};

  std::string_view fragment, query, path = rest;
  if (size_t h = path.find('#'); h != std::string_view::npos) {
    fragment = path.substr(h + 1);
    path = path.substr(0, h);
  }
  bool has_query = false;
  if (size_t q = path.find('?'); q != std::string_view::npos) {
    query = path.substr(q + 1);
    path = path.substr(0, q);
    has_query = true;
  }

  std::string out = scheme + "://" + std::string(authority);
  while (!path.empty()) {  // path: "/seg/seg..."
    size_t next = path.find('/', 1);
    std::string_view seg = path.substr(1, next == std::string_view::npos ? std::string_view::npos : next - 1);
    out.push_back('/');
    out += MaskComponent(seg, false, masked);
    if (next == std::string_view::npos) break;
    path.remove_prefix(next);
  }
  std::string kept;
  while (has_query && !query.empty()) {
    const size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (param.empty()) continue;
    const size_t eq = param.find('=');
    std::string_view key = param.substr(0, eq);
    if (text::IsTrackingParam(key)) continue;
    if (IsPersonalParam(key)) {
      ++*masked;
      continue;
    }
    if (!kept.empty()) kept.push_back('&');
    int n = 0;
    std::string masked_key = MaskComponent(key, true, &n);
    kept += masked_key;
    if (eq != std::string_view::npos) {
      kept.push_back('=');
      kept += MaskComponent(param.substr(eq + 1), true, &n);
    }
    *masked += n;
  }
  if (!kept.empty()) out += "?" + kept;
  if (!fragment.empty()) out += "#" + MaskComponent(fragment, false, masked);
  return out;
}

std::string SafeId(const Pseudonymizer& pseudo, std::string_view id, bool* personal) {
  *personal = IsPersonalIdText(id);
  if (!*personal) return std::string(id);
  // A domain-separated input, so an id never hashes to an author's pseudonym.
  return "pid-" + pseudo.Pseudonym("vox-id\x1f" + std::string(id));
}

PrivacyCounts MaskItemFields(const Pseudonymizer& pseudo, Item* item) {
  PrivacyCounts c;
  int n = 0;
  item->place = text::MaskPii(text::Canonicalize(item->place), &n);
  c.masked += n;
  std::vector<std::string> labels;
  for (std::string& label : item->labels) {
    text::MaskPii(label, &n);
    if (n > 0) {
      c.masked += n;
      continue;
    }
    labels.push_back(std::move(label));
  }
  item->labels = std::move(labels);
  if (!item->url.empty()) {
    std::string url = SafeUrl(item->url, &c.masked);
    if (url.empty()) ++c.url_dropped;
    item->url = std::move(url);
  }
  bool personal = false;
  item->id = SafeId(pseudo, item->id, &personal);
  c.masked += personal;
  if (!item->parent_id.empty()) {
    item->parent_id = SafeId(pseudo, item->parent_id, &personal);
    c.masked += personal;
  }
  return c;
}

}  // namespace vox::ingest
