// multipart/form-data (RFC 7578 over RFC 2046's multipart framing): the body
// of a browser form with a file field.
//
// Strict on purpose, since whoever is on the network writes these bytes:
//   - the boundary comes from the Content-Type's `boundary` parameter
//     (1-70 characters of RFC 2046's set, quoted or not);
//   - lines end in CRLF; the body starts with the first delimiter (no
//     preamble beyond an empty one) and ends with the close delimiter,
//     after which only CRLF may follow;
//   - each part has `Content-Disposition: form-data; name="…"` (a name of at
//     most 64 bytes, no quote, CR, LF or NUL), an optional `filename`, an
//     optional `Content-Type`, nothing else (no Content-Transfer-Encoding,
//     no nested multipart); a part's head is at most 1 KiB;
//   - limits: parts, bytes of a field without filename, bytes of a file, and
//     the whole body. A limit passed is a 413; anything malformed a 400.
// The parts are views into the body given: they live as long as it does.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vox::http {

struct MultipartLimits {
  size_t max_parts = 16;
  size_t max_field_bytes = 16 * 1024;    // a part without filename
  size_t max_file_bytes = 5u << 20;      // a part with a filename
  size_t max_total_bytes = 6u << 20;     // the whole body
};

struct MultipartPart {
  std::string name;
  std::string filename;       // "" for a plain field
  bool has_filename = false;  // a file field (its filename may be empty: no file chosen)
  std::string content_type;   // "" when not given
  std::string_view data;
};

struct MultipartResult {
  int status = 0;            // 0: parsed; 400 malformed; 413 a limit passed
  std::string error;         // what, in English, for logs and tests
  std::vector<MultipartPart> parts;
  bool ok() const { return status == 0; }
};

// The boundary of a `multipart/form-data; boundary=…` Content-Type, or ""
// when the type is another one or the boundary is missing or malformed.
std::string MultipartBoundary(std::string_view content_type);

// Parses `body` sent with `content_type` (which must be multipart/form-data).
MultipartResult ParseMultipart(std::string_view body, std::string_view content_type,
                               const MultipartLimits& limits = {});

}  // namespace vox::http
