// Stories benchmark (numbers go to BENCHMARKS.md; not a test).
//
//   stories_bench [N=200000] [DIR=/tmp/vox-stories-bench]
//
// 1. Generates N demo items (~300 bytes each) over 14 days, so all of them
//    are in the active window.
// 2. End-to-end ingest of the same bytes into two fresh stores, in the same
//    run: without stories, and with the story observer (features, MinHash,
//    LSH, anchors, verification, story rows, items.story_id).
// 3. The clustering stage alone on the same canonical items: Vox's Clusterer
//    vs a straightforward implementation of the same recipe (string shingle
//    sets, one XXH3 call per shingle and permutation, per-item LSH buckets
//    and anchors keyed by strings, verification against every candidate
//    item). Prints items/s, index memory and the memory per million items in
//    the active window, and how far the two agree (pairwise F1 of one
//    against the other).
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "demo/demo.h"
#include "ingest/pipeline.h"
#include "stories/stories.h"
#include "text/text.h"

using Steady = std::chrono::steady_clock;
static double Secs(Steady::time_point a) { return std::chrono::duration<double>(Steady::now() - a).count(); }
static void Die(const std::string& m) {
  std::fprintf(stderr, "stories_bench: %s\n", m.c_str());
  std::exit(1);
}
static size_t RssBytes() {
  std::ifstream f("/proc/self/statm");
  size_t pages = 0, rss = 0;
  f >> pages >> rss;
  return rss * 4096;
}

namespace {

// The same recipe, written the obvious way.
class Straightforward {
 public:
  int64_t Add(const vox::Item& it) {
    Doc d;
    std::vector<vox::text::Token> toks;
    std::string prev;
    for (const std::string* s : {&it.title, &it.text}) {
      toks.clear();
      vox::text::Tokenize(*s, &toks);
      for (const auto& t : toks) {
        if (t.kind == vox::text::TokenKind::kUrl) {
          std::string c = vox::text::CanonicalUrl(t.norm);
          if (c.find('/', c.find("://") + 3) != std::string::npos) d.links.insert(c);
          continue;
        }
        if (t.kind != vox::text::TokenKind::kWord && t.kind != vox::text::TokenKind::kNumber) continue;
        if (t.kind == vox::text::TokenKind::kNumber) d.numbers.insert(t.folded);
        d.shingles.insert(t.folded);
        if (!prev.empty()) d.shingles.insert(prev + " " + t.folded);
        prev = t.folded;
      }
    }
    if (!it.url.empty() && it.kind != "comment") d.links.insert(vox::text::CanonicalUrl(it.url));
    std::vector<uint64_t> sig(64, UINT64_MAX);
    for (const auto& sh : d.shingles) {
      for (int i = 0; i < 64; ++i) sig[i] = std::min(sig[i], XXH3_64bits_withSeed(sh.data(), sh.size(), i));
    }
    std::set<int> cands;
    std::vector<std::string> bands;
    for (int b = 0; b < 16; ++b) {
      std::string key = std::to_string(b);
      for (int r = 0; r < 4; ++r) key += ":" + std::to_string(sig[b * 4 + r]);
      bands.push_back(key);
      for (int c : buckets_[key]) cands.insert(c);
    }
    std::map<int, int> hits;
    for (const auto& sh : d.shingles) {
      if (sh.find(' ') == std::string::npos || XXH3_64bits(sh.data(), sh.size()) % 4 != 0) continue;
      for (int c : anchors_[sh]) ++hits[c];
    }
    for (auto [c, n] : hits) {
      if (n >= 2) cands.insert(c);
    }
    for (const auto& l : d.links) {
      auto f = links_.find(l);
      if (f != links_.end()) cands.insert(f->second);
    }
    int best = -1;
    double best_score = 0;
    for (int c : cands) {
      const Doc& o = docs_[c];
      std::vector<std::string> inter;
      std::set_intersection(d.shingles.begin(), d.shingles.end(), o.shingles.begin(), o.shingles.end(),
                            std::back_inserter(inter));
      const Doc& small = d.shingles.size() <= o.shingles.size() ? d : o;
      const Doc& large = &small == &d ? o : d;
      if (!std::includes(large.numbers.begin(), large.numbers.end(), small.numbers.begin(), small.numbers.end())) continue;
      double j = static_cast<double>(inter.size()) / (d.shingles.size() + o.shingles.size() - inter.size() + 1e-9);
      double cont = static_cast<double>(inter.size()) / (small.shingles.size() + 1e-9);
      double score = j >= 0.5 ? 2 + j : (cont >= 0.7 && small.shingles.size() >= 16) ? 1 + cont : 0;
      bool link = false;
      for (const auto& l : d.links) link |= o.links.count(l) > 0;
      if (score == 0 && link) score = 0.5;
      if (score > best_score) {
        best_score = score;
        best = c;
      }
    }
    const int id = static_cast<int>(docs_.size());
    d.story = best >= 0 ? docs_[best].story : id + 1;
    for (const auto& k : bands) buckets_[k].push_back(id);
    for (const auto& sh : d.shingles) {
      if (sh.find(' ') != std::string::npos && XXH3_64bits(sh.data(), sh.size()) % 4 == 0) anchors_[sh].push_back(id);
    }
    for (const auto& l : d.links) links_.emplace(l, id);
    docs_.push_back(std::move(d));
    return docs_.back().story;
  }

 private:
  struct Doc {
    std::set<std::string> shingles, numbers, links;
    int64_t story = 0;
  };
  std::vector<Doc> docs_;
  std::unordered_map<std::string, std::vector<int>> buckets_, anchors_;
  std::unordered_map<std::string, int> links_;
};

double PairF1(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  std::map<std::pair<int64_t, int64_t>, int64_t> cell;
  std::unordered_map<int64_t, int64_t> na, nb;
  for (size_t i = 0; i < a.size(); ++i) {
    ++cell[{a[i], b[i]}];
    ++na[a[i]];
    ++nb[b[i]];
  }
  auto pairs = [](int64_t n) { return static_cast<double>(n) * (n - 1) / 2; };
  double tp = 0, pa = 0, pb = 0;
  for (auto& [k, n] : cell) tp += pairs(n);
  for (auto& [k, n] : na) pa += pairs(n);
  for (auto& [k, n] : nb) pb += pairs(n);
  double p = pb ? tp / pb : 1, r = pa ? tp / pa : 1;
  return p + r ? 2 * p * r / (p + r) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t n = argc > 1 ? std::atoll(argv[1]) : 200000;
  std::filesystem::path dir = argc > 2 ? argv[2] : "/tmp/vox-stories-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  vox::demo::DemoOptions dopts;
  dopts.items = n;
  dopts.days = 14;
  std::ostringstream gen;
  vox::demo::GenerateItems(dopts, gen);
  const std::string data = gen.str();
  const int64_t lines = std::count(data.begin(), data.end(), '\n');
  std::printf("generated %lld items, %.1f MB (%.0f bytes/item), 14 days\n", static_cast<long long>(lines),
              data.size() / 1e6, static_cast<double>(data.size()) / lines);

  // --- End to end, without and with stories, same bytes, same run.
  double rate[2] = {0, 0};
  for (int with : {0, 1}) {
    std::string db = (dir / (with ? "stories.db" : "plain.db")).string();
    auto st = vox::store::Store::Open(db, {.create = true});
    if (!st.ok()) Die(st.status().message());
    auto key = vox::ingest::Pseudonymizer::FromKeyFile(db + ".key", true);
    if (!key.ok()) Die(key.status().message());
    vox::ingest::IngestOptions io;
    io.format = vox::ingest::Format::kJsonl;
    std::unique_ptr<vox::ingest::ItemObserver> obs;
    if (with) {
      auto o = vox::stories::NewStoryObserver(**st);
      if (!o.ok()) Die(o.status().message());
      obs = std::move(*o);
      io.observers.push_back(obs.get());
    }
    auto t0 = Steady::now();
    auto rep = vox::ingest::IngestBuffer(**st, *key, data, "bench.jsonl", io, nullptr);
    double s = Secs(t0);
    if (!rep.ok()) Die(rep.status().message());
    rate[with] = rep->added / s;
    int64_t stories = 0;
    if (with) {
      auto m = (*st)->MaxStoryId();
      stories = m.ok() ? *m : 0;
    }
    std::printf("ingest %-14s %lld added in %.2fs = %.0f items/s%s\n", with ? "with stories:" : "without:",
                static_cast<long long>(rep->added), s, rate[with],
                with ? (", " + std::to_string(stories) + " stories").c_str() : "");
  }
  std::printf("stories cost: %.1f%% of end-to-end throughput\n", 100.0 * (1 - rate[1] / rate[0]));

  // --- The clustering stage alone, on canonical items (what the observer sees).
  std::vector<vox::Item> items;
  {
    std::istringstream in(data);
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) continue;
      vox::Item it;
      it.kind = j.value("kind", "post");
      it.title = vox::text::Canonicalize(j.value("title", ""));
      it.text = vox::text::Canonicalize(j.value("text", ""));
      it.url = j.value("url", "");
      vox::ParseTimestamp(j.value("published_at", ""), &it.published_at);
      items.push_back(std::move(it));
    }
  }
  std::vector<int64_t> vox_ids, plain_ids;
  size_t rss0 = RssBytes();
  auto t0 = Steady::now();
  double vox_s = 0, vox_mem = 0, vox_rss = 0;
  {
    vox::stories::Clusterer c;
    int64_t next = 1;
    for (const auto& it : items) {
      auto a = c.Add(vox::stories::ExtractFeatures(it), it.published_at, next);
      if (a.created) ++next;
      vox_ids.push_back(a.story_id);
    }
    vox_s = Secs(t0);
    vox_mem = static_cast<double>(c.MemoryBytes());
    vox_rss = static_cast<double>(RssBytes()) - static_cast<double>(rss0);
    std::printf("\nclustering stage, %zu items:\n  vox:             %.0f items/s, %lld stories, index %.1f MB"
                " (RSS +%.1f MB) = %.2f GB per million items in the window\n",
                items.size(), items.size() / vox_s, static_cast<long long>(next - 1), vox_mem / 1e6, vox_rss / 1e6,
                vox_mem / items.size() * 1e6 / 1e9);
  }
  rss0 = RssBytes();
  t0 = Steady::now();
  {
    Straightforward s;
    for (const auto& it : items) plain_ids.push_back(s.Add(it));
    double secs = Secs(t0);
    double rss = static_cast<double>(RssBytes()) - static_cast<double>(rss0);
    std::printf("  straightforward: %.0f items/s (vox is %.1fx), RSS +%.1f MB = %.2f GB per million items\n",
                items.size() / secs, secs / vox_s, rss / 1e6, rss / items.size() * 1e6 / 1e9);
  }
  std::printf("  agreement (pairwise F1 of the two assignments): %.4f\n", PairF1(plain_ids, vox_ids));
  return 0;
}
