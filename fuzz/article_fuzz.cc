// libFuzzer target for ArticleText, which reads the news pages that article
// items link to (ingest/html.h): on any bytes it must never crash, hang or
// read out of bounds, and what it returns is valid UTF-8 of at most the
// limit asked for. The first byte picks a small limit now and then. Seeds: fuzz/corpus/article/.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ingest/html.h"

namespace {

bool ValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t limit = (data[0] & 1) ? 1 + data[0] : (64u << 10);
  const std::string_view html(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string text = vox::ingest::ArticleText(html, limit);
  if (text.size() > limit + 1) std::abort();
  if (!ValidUtf8(text)) std::abort();
  return 0;
}
