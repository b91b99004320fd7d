// libFuzzer target for CanonicalUrl and its two splitters. Aborts when a
// property breaks: the output is valid UTF-8 and idempotent, and on every
// link IsPlainUrl accepts, the hand splitter's parts equal libcurl's (the
// fast path's contract in text/url_internal.h).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "text/text.h"
#include "text/url_internal.h"

namespace {

void Check(bool ok, const char* what, std::string_view in) {
  if (ok) return;
  std::fprintf(stderr, "property failed: %s (input %zu bytes)\n", what, in.size());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vox::text;
  std::string_view in(reinterpret_cast<const char*>(data), size);

  const std::string u = CanonicalUrl(in);
  Check(IsValidUtf8(u), "CanonicalUrl output is valid UTF-8", in);
  Check(CanonicalUrl(u) == u, "CanonicalUrl is idempotent", in);

  if (internal::IsPlainUrl(in)) {
    internal::UrlParts curl;
    Check(internal::SplitUrlWithCurl(in, &curl), "curl reads every plain link", in);
    const internal::UrlParts hand = internal::SplitUrlByHand(in);
    Check(hand.scheme == curl.scheme, "plain link: hand scheme == curl's", in);
    Check(hand.authority == curl.authority, "plain link: hand authority == curl's", in);
    Check(hand.path == curl.path, "plain link: hand path == curl's", in);
    Check(hand.query == curl.query, "plain link: hand query == curl's", in);
  }
  return 0;
}
