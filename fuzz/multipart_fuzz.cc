// libFuzzer target for the multipart/form-data parser (http/multipart.h),
// which reads what anyone sends to the public web form. The first line of
// the input is the Content-Type, the rest the body. Aborts when a property
// breaks: the answer is parsed, 400 or 413 (with a reason); parsed parts lie
// inside the body and within their limits; and the parts written out again
// in the canonical form parse to the same parts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/multipart.h"

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
  const size_t nl = in.find('\n');
  if (nl == std::string_view::npos) return 0;
  const std::string_view type = in.substr(0, nl);
  const std::string_view body = in.substr(nl + 1);
  MultipartLimits lim;
  lim.max_parts = 8;
  lim.max_field_bytes = 512;
  lim.max_file_bytes = 4096;
  lim.max_total_bytes = 32768;
  const MultipartResult r = ParseMultipart(body, type, lim);
  if (!r.ok()) {
    Check((r.status == 400 || r.status == 413) && !r.error.empty(), "errors are 400 or 413 with a reason");
    return 0;
  }
  Check(r.parts.size() <= lim.max_parts, "at most max_parts parts");
  const std::string boundary = MultipartBoundary(type);
  Check(!boundary.empty(), "a parsed body has a boundary");
  std::string again = "--" + boundary;
  bool heads_fit = true;
  for (const MultipartPart& p : r.parts) {
    Check(p.data.empty() || (p.data.data() >= body.data() && p.data.data() + p.data.size() <= body.data() + body.size()),
          "a part's data lies inside the body");
    Check(p.data.size() <= (p.has_filename ? lim.max_file_bytes : lim.max_field_bytes), "a part within its limit");
    Check(!p.name.empty() && p.name.size() <= 64, "a part has a name of at most 64 bytes");
    std::string head = "Content-Disposition: form-data; name=\"" + p.name + "\"";
    if (p.has_filename) head += "; filename=\"" + p.filename + "\"";
    if (!p.content_type.empty()) head += "\r\nContent-Type: " + p.content_type;
    heads_fit = heads_fit && head.size() <= 1024;
    again += "\r\n" + head + "\r\n\r\n" + std::string(p.data) + "\r\n--" + boundary;
  }
  again += "--\r\n";
  if (!heads_fit || again.size() > lim.max_total_bytes) return 0;
  const MultipartResult r2 = ParseMultipart(again, type, lim);
  Check(r2.ok() && r2.parts.size() == r.parts.size(), "the canonical form parses");
  for (size_t i = 0; i < r.parts.size() && r2.ok(); ++i) {
    const MultipartPart &a = r.parts[i], &b = r2.parts[i];
    Check(a.name == b.name && a.filename == b.filename && a.has_filename == b.has_filename &&
              a.content_type == b.content_type && a.data == b.data,
          "the canonical form gives the same parts");
  }
  return 0;
}
