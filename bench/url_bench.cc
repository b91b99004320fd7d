// CanonicalUrl speed: URLs per second and ns per URL, median of rounds.
//
//   bench_url [--rounds N] [--dump FILE] [URLS.txt]
//
// Without a file it uses the links of the development corpus's 1,327 news
// articles (unc-dev.jsonl) in the spellings posts and feeds carry them:
// as published; http:// with "www."; with utm_*/fbclid/zarsrc tracking and
// a fragment; without a scheme, as the tokenizer finds them in text
// ("dantri.com.vn/…"); on m. hosts with a trailing '/'; with the path's
// Vietnamese slug percent-encoded; and short links (tinyurl-style). --dump
// writes "input<TAB>canonical" per URL so that two builds can be compared.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "text/text.h"

namespace {

std::vector<std::string> CorpusUrls() {
  std::vector<std::string> base;
  const char* env = std::getenv("VOX_UNC_DEV");
  std::ifstream f(env ? env : "/work/shared/data/unc-dev.jsonl");
  std::string line;
  while (std::getline(f, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.contains("url")) base.push_back(j.value("url", ""));
  }
  std::vector<std::string> out;
  size_t i = 0;
  for (const std::string& u : base) {
    ++i;
    out.push_back(u);
    const size_t scheme = u.find("://");
    const std::string rest = scheme == std::string::npos ? u : u.substr(scheme + 3);
    out.push_back("http://www." + rest);
    out.push_back(u + "?utm_source=facebook&utm_medium=social&fbclid=IwAR2x" + std::to_string(i) +
                  "&zarsrc=30#comments");
    out.push_back(rest);
    out.push_back("https://m." + rest + "/");
    std::string encoded;
    for (unsigned char c : u) {
      if (c == '-' && (i % 2) == 0) {
        encoded += "%2D";
      } else {
        encoded += static_cast<char>(c);
      }
    }
    out.push_back(encoded + "?id=" + std::to_string(i) + "&p=H%C3%A0%20N%E1%BB%99i");
    out.push_back("https://bit.ly/3" + std::to_string(i * 7919 % 100000) + "xQ");
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 9;
  std::string dump, file;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
    else if (a == "--dump" && i + 1 < argc) dump = argv[++i];
    else file = a;
  }
  std::vector<std::string> urls;
  if (!file.empty()) {
    std::ifstream f(file);
    for (std::string line; std::getline(f, line);) {
      if (!line.empty()) urls.push_back(line);
    }
  } else {
    urls = CorpusUrls();
  }
  if (urls.empty()) {
    std::fprintf(stderr, "no URLs (set VOX_UNC_DEV or name a file)\n");
    return 1;
  }
  size_t bytes = 0;
  for (const auto& u : urls) bytes += u.size();
  if (!dump.empty()) {
    std::ofstream out(dump, std::ios::binary);
    for (const auto& u : urls) out << u << '\t' << vox::text::CanonicalUrl(u) << '\n';
  }
  std::vector<double> secs;
  size_t sink = 0;
  for (int r = 0; r < rounds; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& u : urls) sink += vox::text::CanonicalUrl(u).size();
    secs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(secs.begin(), secs.end());
  const double med = secs[secs.size() / 2];
  std::printf("%zu URLs (%.2f MB): median %.1f ms, %.0f URLs/s, %.0f ns/URL (best %.1f ms, worst %.1f ms) [%zu]\n",
              urls.size(), bytes / 1e6, med * 1e3, urls.size() / med, med * 1e9 / urls.size(), secs.front() * 1e3,
              secs.back() * 1e3, sink);
  return 0;
}
