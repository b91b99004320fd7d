// Word segmentation quality: multi-syllable words learned without a
// dictionary (text::WordModel) from the unc-dev news articles, scored on the
// Universal Dependencies Vietnamese VTB treebank (gold words: a FORM with
// spaces is one multi-syllable word).
//
//   bench_segment_eval [UNC_DEV=../shared/data/unc-dev.jsonl] [UD_DIR=../shared/data/ud-vtb]
//
// The threshold is chosen on the dev file; the test file is scored once with
// it. Peer in the same run: every syllable a word (what Vox did before).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "text/words.h"

namespace {

using Sentence = std::vector<std::string>;  // gold words, syllables separated by spaces

std::vector<Sentence> ReadConllu(const std::string& path) {
  std::vector<Sentence> out;
  std::ifstream f(path);
  if (!f) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  Sentence cur;
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty()) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    if (line[0] == '#') continue;
    const size_t t1 = line.find('\t');
    const size_t t2 = line.find('\t', t1 + 1);
    const std::string id = line.substr(0, t1);
    if (id.find('-') != std::string::npos || id.find('.') != std::string::npos) continue;
    cur.push_back(line.substr(t1 + 1, t2 - t1 - 1));
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

struct Score {
  double p, r, f1;
};

using Span = std::pair<size_t, size_t>;

template <typename Segmenter>
Score Evaluate(const std::vector<Sentence>& data, Segmenter seg) {
  size_t tp = 0, n_pred = 0, n_gold = 0;
  for (const Sentence& s : data) {
    std::vector<std::string> syl;
    std::vector<Span> gold;
    for (const std::string& w : s) {
      const size_t b = syl.size();
      size_t from = 0;
      while (true) {
        const size_t sp = w.find(' ', from);
        syl.push_back(w.substr(from, sp == std::string::npos ? std::string::npos : sp - from));
        if (sp == std::string::npos) break;
        from = sp + 1;
      }
      gold.emplace_back(b, syl.size());
    }
    const std::vector<Span> pred = seg(syl);
    size_t gi = 0;
    for (const Span& p : pred) {  // both sorted by begin
      while (gi < gold.size() && gold[gi].first < p.first) ++gi;
      if (gi < gold.size() && gold[gi] == p) ++tp;
    }
    n_pred += pred.size();
    n_gold += gold.size();
  }
  const double p = static_cast<double>(tp) / n_pred, r = static_cast<double>(tp) / n_gold;
  return {p, r, 2 * p * r / (p + r)};
}

}  // namespace

int main(int argc, char** argv) {
  const std::string unc = argc > 1 ? argv[1] : "../shared/data/unc-dev.jsonl";
  const std::string ud = argc > 2 ? argv[2] : "../shared/data/ud-vtb";
  vox::text::WordModel model;
  auto t0 = std::chrono::steady_clock::now();
  std::ifstream f(unc);
  std::string line;
  size_t docs = 0;
  while (std::getline(f, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    model.Learn(j.value("title", ""));
    for (const auto& s : j["sentences"]) model.Learn(s.get<std::string>());
    ++docs;
  }
  const double learn_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("learned from %zu articles: %llu syllables, %zu pairs in %.2fs\n", docs,
              static_cast<unsigned long long>(model.syllables()), model.pairs(), learn_s);

  const auto dev = ReadConllu(ud + "/vi_vtb-ud-dev.conllu");
  const auto test = ReadConllu(ud + "/vi_vtb-ud-test.conllu");
  auto by_model = [&](const std::vector<std::string>& syl) { return model.Segment(syl); };
  auto every_syllable = [](const std::vector<std::string>& syl) {
    std::vector<Span> out;
    for (size_t i = 0; i < syl.size(); ++i) out.emplace_back(i, i + 1);
    return out;
  };
  double best_t = 0, best_f = -1;
  for (double t = 0.30; t <= 0.701; t += 0.05) {
    model.set_options({t, 2});
    Score s = Evaluate(dev, by_model);
    std::printf("  dev  threshold %.2f  F1 %.4f (P %.3f R %.3f)\n", t, s.f1, s.p, s.r);
    if (s.f1 > best_f) best_f = s.f1, best_t = t;
  }
  model.set_options({best_t, 2});
  t0 = std::chrono::steady_clock::now();
  Score s = Evaluate(test, by_model);
  const double seg_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  Score b = Evaluate(test, every_syllable);
  std::printf("test (%zu sentences), threshold %.2f from dev:\n", test.size(), best_t);
  std::printf("  vox WordModel       F1 %.4f (P %.3f R %.3f), %.0f sentences/s\n", s.f1, s.p, s.r,
              test.size() / seg_s);
  std::printf("  every syllable      F1 %.4f (P %.3f R %.3f)\n", b.f1, b.p, b.r);
  return 0;
}
