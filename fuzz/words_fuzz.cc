// libFuzzer target for the word model: model files (WordModel::Load) and
// learning/segmenting arbitrary text. Aborts when a property breaks: Load
// never crashes and reports a line on error; Annotate output is valid UTF-8;
// Segment covers every syllable once, in order.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "text/text.h"
#include "text/words.h"

namespace {

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "property failed: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using vox::text::WordModel;
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    static const std::string path = "/tmp/vox_words_fuzz_" + std::to_string(getpid()) + ".tsv";
    {
      std::ofstream f(path, std::ios::binary | std::ios::trunc);
      f.write(in.data(), static_cast<std::streamsize>(in.size()));
    }
    auto m = WordModel::Load(path);
    if (!m.ok()) {
      Check(m.status().message().find(path + ":") == 0, "a load error names file and line");
      return 0;
    }
    Check(vox::text::IsValidUtf8(m->Annotate("bệnh viện đa khoa Hồ Chí Minh")), "Annotate output is valid UTF-8");
    return 0;
  }
  const size_t half = in.size() / 2;
  WordModel m;
  m.Learn(in.substr(0, half));
  m.Learn(in.substr(0, half));
  const std::string a = m.Annotate(in.substr(half));
  Check(vox::text::IsValidUtf8(a), "Annotate output is valid UTF-8");
  std::vector<std::string> syl;
  size_t from = half;
  while (from <= in.size() && syl.size() < 64) {
    size_t sp = in.find(' ', from);
    if (sp == std::string_view::npos) sp = in.size();
    syl.emplace_back(in.substr(from, sp - from));
    from = sp + 1;
  }
  size_t next = 0;
  for (const auto& [b, e] : m.Segment(syl)) {
    Check(b == next && e > b && e <= syl.size(), "Segment spans are contiguous and non-empty");
    next = e;
  }
  Check(next == syl.size(), "Segment covers every syllable");
  return 0;
}
