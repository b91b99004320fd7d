// CanonicalUrl's splitters, for the tests that hold them to one another.
#pragma once

#include <string>
#include <string_view>

namespace vox::text::internal {

// A link's parts before Vox's rules: scheme and authority (user info, host,
// port) lower-cased; path and query as written (the query without '?'); no
// fragment.
struct UrlParts {
  std::string scheme;
  std::string authority;
  std::string path;
  std::string query;
};

// libcurl's URL API (scheme "https" when none; an IDN host in punycode);
// false when curl refuses the link.
bool SplitUrlWithCurl(std::string_view url, UrlParts* out);
// By hand: "scheme://" or "//" or nothing, authority up to '/' or '?'.
UrlParts SplitUrlByHand(std::string_view url);
// True for a link whose hand split equals curl's: an optional scheme of at most 40
// letters, a host of ASCII letters, digits, '.' and '-' whose last label
// starts with a letter (no user info, port, IP address or IDN), then
// printable text without backslashes, "%2E" or dot segments.
bool IsPlainUrl(std::string_view url);

}  // namespace vox::text::internal
