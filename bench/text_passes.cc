// Passes over the news articles (unc_corpus.h) with one text function, each
// pass timed: prints the best and the median pass in MB/s. With ICU NFC as a
// mode, a run interleaving modes compares them on the same machine state.
// Under cachegrind (bench/instructions.sh) it gives instructions per byte,
// a figure the machine's load does not move.
//
//   bench_text_passes PASSES MODE [MAX_DOCS]
//   MODE: normalize | normalize-nfd (the articles decomposed first) | tokenize |
//         canonicalize | mask-pii | icu-nfc
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "text/text.h"
#include "unc_corpus.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s PASSES normalize|normalize-nfd|tokenize|canonicalize|mask-pii|icu-nfc [MAX_DOCS]\n",
                 argv[0]);
    return 2;
  }
  const int passes = std::max(1, std::atoi(argv[1]));
  const std::string_view mode = argv[2];
  auto docs = vox::bench::LoadUncArticles(argc > 3 ? std::strtoul(argv[3], nullptr, 10) : SIZE_MAX);
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  if (mode == "normalize-nfd") {
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(st);
    for (auto& d : docs) {
      std::string out;
      icu::StringByteSink<std::string> bs(&out, static_cast<int32_t>(d.size() * 2));
      UErrorCode e = U_ZERO_ERROR;
      nfd->normalizeUTF8(0, icu::StringPiece(d.data(), static_cast<int32_t>(d.size())), bs, nullptr, e);
      d = std::move(out);
    }
  }
  size_t bytes = 0;
  for (const auto& d : docs) bytes += d.size();

  std::vector<vox::text::Token> toks;
  std::string out;
  size_t sink = 0;
  auto one = [&](const std::string& d) {
    if (mode == "normalize" || mode == "normalize-nfd") {
      sink += vox::text::Normalize(d).size();
    } else if (mode == "canonicalize") {
      sink += vox::text::Canonicalize(d).size();
    } else if (mode == "mask-pii") {
      sink += vox::text::MaskPii(d).size();
    } else if (mode == "tokenize") {
      toks.clear();
      vox::text::Tokenize(d, &toks);
      sink += toks.size();
    } else {
      out.clear();
      icu::StringByteSink<std::string> bs(&out, static_cast<int32_t>(d.size()));
      UErrorCode e = U_ZERO_ERROR;
      nfc->normalizeUTF8(0, icu::StringPiece(d.data(), static_cast<int32_t>(d.size())), bs, nullptr, e);
      sink += out.size();
    }
  };
  if (mode != "normalize" && mode != "normalize-nfd" && mode != "canonicalize" && mode != "tokenize" &&
      mode != "mask-pii" && mode != "icu-nfc") {
    std::fprintf(stderr, "unknown mode %.*s\n", static_cast<int>(mode.size()), mode.data());
    return 2;
  }
  std::vector<double> mbs;
  for (int p = 0; p < passes; ++p) {
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& d : docs) one(d);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    mbs.push_back(static_cast<double>(bytes) / s / 1e6);
  }
  std::sort(mbs.begin(), mbs.end());
  std::printf("%.*s docs=%zu bytes=%zu passes=%d best=%.1f median=%.1f MB/s (sink %zu)\n",
              static_cast<int>(mode.size()), mode.data(), docs.size(), bytes, passes, mbs.back(),
              mbs[mbs.size() / 2], sink);
  return 0;
}
