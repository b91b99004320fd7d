// libFuzzer target for whole-file sniffing: DetectFormat, DescribeContent,
// SniffJsonLayout and ForEachJsonDocument must never crash or read out of
// bounds, and the record spans must lie inside the input, in order, with
// non-decreasing line numbers that count the input's line breaks; then the
// JSON Lines reader reads the input as a whole file (reader_fuzz.h).
// Seeds: fuzz/corpus/jsonshape/ (arrays, pretty and concatenated objects,
// JSON Lines, HTML, binary).
#include <cstdlib>
#include <string>

#include "reader_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  vox::ingest::DetectFormat(input, size % 2 ? "x.json" : "x.xls");
  if (vox::ingest::DescribeContent(input).empty()) std::abort();
  const vox::ingest::JsonLayout layout = vox::ingest::SniffJsonLayout(input);
  if (layout == vox::ingest::JsonLayout::kDocuments) {
    size_t last_end = 0, last_line = 1, counted = 0, breaks = 0;
    vox::ingest::ForEachJsonDocument(input, [&](const vox::ingest::JsonSpan& s) {
      if (s.begin < last_end || s.end < s.begin || s.end > input.size()) std::abort();
      if (s.line < last_line) std::abort();
      for (; counted < s.begin; ++counted) breaks += input[counted] == '\n';
      if (s.line != breaks + 1) std::abort();
      if (s.error.empty() && s.begin == s.end) std::abort();
      last_end = s.end;
      last_line = s.line;
      return true;
    });
  }
  return FuzzReader(vox::ingest::Format::kJsonl, data, size);
}
