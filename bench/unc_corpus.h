// The news articles of the development corpus (unc-dev.jsonl), each as its
// title and sentences joined by spaces: the text the text-engine benchmarks
// run on. Path: $VOX_UNC_DEV or /work/shared/data/unc-dev.jsonl.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vox::bench {

inline std::vector<std::string> LoadUncArticles(size_t max_docs = SIZE_MAX) {
  std::vector<std::string> out;
  const char* env = std::getenv("VOX_UNC_DEV");
  std::ifstream f(env ? env : "/work/shared/data/unc-dev.jsonl");
  std::string line;
  while (out.size() < max_docs && std::getline(f, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    std::string doc = j.value("title", "");
    for (const auto& s : j["sentences"]) {
      doc += ' ';
      doc += s.get<std::string>();
    }
    out.push_back(std::move(doc));
  }
  if (out.empty()) std::fprintf(stderr, "no articles found (set VOX_UNC_DEV)\n");
  return out;
}

}  // namespace vox::bench
