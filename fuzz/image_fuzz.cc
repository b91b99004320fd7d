// libFuzzer target for the images Vox reads (src/ocr): the type check, the
// header limits and the decoders behind them, on any bytes. Recognition is
// not fuzzed (it reads pixels, not bytes). A decoded image must respect the
// limits the header check promised.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ocr/ocr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vox::ocr::Options o;
  o.max_side = 2000;  // small enough that a decoded image stays cheap
  auto r = vox::ocr::DecodeImage(std::string_view(reinterpret_cast<const char*>(data), size), o);
  if (r.ok() && (r->first <= 0 || r->second <= 0 || r->first > o.max_side || r->second > o.max_side)) std::abort();
  return 0;
}
