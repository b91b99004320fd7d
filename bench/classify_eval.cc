// Supervised classification on real Vietnamese news: the topics of
// ../shared/data/unc-dev.jsonl (evaluation data, never shipped).
//
//   vox_classify_eval [PATH] [--test-fold N] [--folds K] [--no-peer]
//
// Split: an article is in the test set when FoldOf(doc_id, K) == N (default
// K=5, N=0: ~20% test), so every run uses the same split. Vox trains on the
// normalized text (title + sentences through the text engine, ModelText) and
// reports accuracy and per-topic precision/recall on the test set. In the
// same run, the `fasttext` command (supervised + test) is given the RAW text
// of the same split with the same hyperparameters, as the peer number.
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "classify/classify.h"

using vox::classify::Example;

namespace {

struct Doc {
  std::string id, topic, raw;
};

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return s;
}

std::string Run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = "../shared/data/unc-dev.jsonl";
  int folds = 5, test_fold = 0;
  bool peer = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--folds" && i + 1 < argc) folds = std::atoi(argv[++i]);
    else if (a == "--test-fold" && i + 1 < argc) test_fold = std::atoi(argv[++i]);
    else if (a == "--no-peer") peer = false;
    else path = a;
  }
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return 1;
  }
  std::vector<Doc> docs;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    Doc d;
    d.id = j.value("doc_id", "");
    d.topic = j.value("topic", "");
    d.raw = j.value("title", "");
    for (const auto& s : j["sentences"]) d.raw += " " + s.get<std::string>();
    docs.push_back(std::move(d));
  }

  vox::classify::TrainOptions opts;  // the product's defaults
  std::vector<Example> train, test;
  std::string dir = std::filesystem::temp_directory_path().string() + "/vox-classify-eval-" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  std::ofstream raw_train(dir + "/train.txt"), raw_test(dir + "/test.txt");
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& d : docs) {
    bool is_test = vox::classify::FoldOf(d.id, folds) == test_fold;
    Example e{vox::classify::ModelTextOf(d.raw), {d.topic}};
    (is_test ? test : train).push_back(std::move(e));
    (is_test ? raw_test : raw_train) << "__label__" << d.topic << ' ' << OneLine(d.raw) << '\n';
  }
  raw_train.close();
  raw_test.close();
  double norm_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("unc-dev: %zu articles, train %zu, test %zu (fold %d of %d by FNV-1a(doc_id)); normalized in %.2fs\n",
              docs.size(), train.size(), test.size(), test_fold, folds, norm_s);
  std::printf("hyperparameters: epoch %d, lr %.2f, wordNgrams %d, dim %d, bucket %d, minCount %d, thread %d\n",
              opts.epoch, opts.lr, opts.word_ngrams, opts.dim, opts.bucket, opts.min_count, opts.threads);

  t0 = std::chrono::steady_clock::now();
  auto model = vox::classify::Model::Train(train, opts);
  if (!model.ok()) {
    std::fprintf(stderr, "train: %s\n", model.status().message().c_str());
    return 1;
  }
  double train_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto ev = vox::classify::Evaluate(*model, test);
  std::printf("\nvox (normalized text): accuracy %.4f (%lld/%lld), trained in %.1fs\n", ev.accuracy(),
              static_cast<long long>(ev.correct), static_cast<long long>(ev.examples), train_s);
  std::printf("  %-14s %8s %8s %8s\n", "topic", "support", "P", "R");
  for (const auto& c : ev.categories) {
    std::printf("  %-14s %8lld %8.3f %8.3f\n", c.category.c_str(), static_cast<long long>(c.support), c.precision(),
                c.recall());
  }

  if (peer) {
    char args[256];
    std::snprintf(args, sizeof args, "-epoch %d -lr %g -wordNgrams %d -dim %d -bucket %d -minCount %d -thread %d",
                  opts.epoch, opts.lr, opts.word_ngrams, opts.dim, opts.bucket, opts.min_count, opts.threads);
    std::string cmd = "fasttext supervised -input " + dir + "/train.txt -output " + dir + "/peer -verbose 0 " + args +
                      " 2>&1 && fasttext test " + dir + "/peer.bin " + dir + "/test.txt 2>&1";
    t0 = std::chrono::steady_clock::now();
    std::string out = Run(cmd);
    double peer_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double p1 = -1;
    size_t at = out.find("P@1");
    if (at != std::string::npos) p1 = std::atof(out.c_str() + at + 3);
    if (p1 < 0) {
      std::printf("\nfasttext command (raw text): failed:\n%s\n", out.c_str());
    } else {
      std::printf("\nfasttext command (raw text, same split, same hyperparameters): accuracy (P@1) %.4f, %.1fs\n",
                  p1, peer_s);
    }
  }
  std::filesystem::remove_all(dir);
  return 0;
}
