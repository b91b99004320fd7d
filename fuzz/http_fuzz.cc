// libFuzzer target for the server's request parser (http/wire.h), which reads
// whatever a client sends. Aborts when a property breaks: a complete request
// consumes no more than it was given and parses the same from exactly those
// bytes; its body stays within the limit; an error carries a 4xx/5xx status
// and a reason; no prefix of a complete request is an error.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "http/wire.h"

namespace {

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "property failed: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vox::http;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  ParseLimits limits;
  limits.max_head_bytes = 2048;
  limits.max_body_bytes = 4096;
  Request req;
  const ParseResult p = ParseRequest(in, limits, &req);
  if (p.state == ParseState::kError) {
    Check(p.error_code >= 400 && p.error_code < 600 && !p.error.empty(), "errors have a status and a reason");
    return 0;
  }
  if (p.state == ParseState::kIncomplete) {
    Check(in.size() <= limits.max_head_bytes || p.head_complete, "an incomplete head stays within its limit");
    return 0;
  }
  Check(p.consumed > 0 && p.consumed <= in.size(), "a request consumes what it was given");
  Check(req.body.size() <= limits.max_body_bytes, "the body stays within its limit");
  Check(!req.path.empty() && req.path.front() == '/', "the path starts with /");
  Request again;
  const ParseResult q = ParseRequest(in.substr(0, p.consumed), limits, &again);
  Check(q.state == ParseState::kComplete && q.consumed == p.consumed, "a request parses the same from its own bytes");
  Check(again.body == req.body && again.path == req.path && again.method == req.method, "the same request");
  for (size_t cut : {p.consumed / 2, p.consumed - 1}) {
    Request part;
    Check(ParseRequest(in.substr(0, cut), limits, &part).state == ParseState::kIncomplete,
          "a prefix of a complete request is incomplete");
  }
  return 0;
}
