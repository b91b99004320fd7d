// Throughput of the text engine on real Vietnamese news (unc-dev.jsonl), with
// ICU NFC and utf8proc NFC on the same bytes as peers. Prints MB/s
// (bytes_per_second) per benchmark. Data: /work/shared/data/unc-dev.jsonl or
// $VOX_UNC_DEV; each article = title + sentences joined by spaces.
#include <benchmark/benchmark.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <utf8proc.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "text/text.h"
#include "unc_corpus.h"

namespace {

const std::vector<std::string>& Articles() {
  static const std::vector<std::string> docs = vox::bench::LoadUncArticles();
  return docs;
}

int64_t TotalBytes() {
  int64_t n = 0;
  for (const auto& d : Articles()) n += static_cast<int64_t>(d.size());
  return n;
}

template <typename Fn>
void Run(benchmark::State& state, Fn fn) {
  const auto& docs = Articles();
  for (auto _ : state) {
    for (const auto& d : docs) fn(d);
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}

void BM_Normalize(benchmark::State& s) {
  Run(s, [](const std::string& d) { benchmark::DoNotOptimize(vox::text::Normalize(d)); });
}
void BM_Canonicalize(benchmark::State& s) {
  Run(s, [](const std::string& d) { benchmark::DoNotOptimize(vox::text::Canonicalize(d)); });
}
void BM_Tokenize(benchmark::State& s) {
  std::vector<vox::text::Token> toks;
  Run(s, [&](const std::string& d) {
    toks.clear();
    vox::text::Tokenize(d, &toks);
    benchmark::DoNotOptimize(toks.data());
  });
}
void BM_FoldAccents(benchmark::State& s) {
  Run(s, [](const std::string& d) { benchmark::DoNotOptimize(vox::text::FoldAccents(d)); });
}
void BM_MaskPii(benchmark::State& s) {
  Run(s, [](const std::string& d) { benchmark::DoNotOptimize(vox::text::MaskPii(d)); });
}
void BM_IcuNfc(benchmark::State& s) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  std::string out;
  Run(s, [&](const std::string& d) {
    out.clear();
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(d.size()));
    UErrorCode e = U_ZERO_ERROR;
    nfc->normalizeUTF8(0, icu::StringPiece(d.data(), static_cast<int32_t>(d.size())), sink,
                       nullptr, e);
    benchmark::DoNotOptimize(out.data());
  });
}
void BM_Utf8procNfc(benchmark::State& s) {
  Run(s, [](const std::string& d) {
    utf8proc_uint8_t* r = utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(d.c_str()));
    benchmark::DoNotOptimize(r);
    std::free(r);
  });
}

BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Canonicalize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FoldAccents)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MaskPii)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IcuNfc)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Utf8procNfc)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
