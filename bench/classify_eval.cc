// Supervised classification on real Vietnamese news: the topics of
// ../shared/data/unc-dev.jsonl (evaluation data, never shipped), Vox's
// `vox classify train` procedure against the plain `fasttext` command on the
// same splits, in the same run.
//
//   bench_classify_eval [PATH] [--half tune|report|both] [--rounds N] [--subsets] [--no-peer]
//                       [--explore]
//
// Halves: the articles are split once by FoldOf(doc_id, 2): half 0 ("tune")
// is where every design choice of the selection (text forms, the grid, the
// budget) was made; half 1 ("report") was not looked at while deciding. In
// each half, TrainWithReport runs exactly as `vox classify train` does
// (stratified 20% held back, text form and hyperparameters chosen by
// cross-validation on the other 80% only, the `fasttext` command with
// `-epoch 25 -lr 0.5 -wordNgrams 2 -dim 50` on the lower-cased raw text of
// the same split), rotated over the 5 held-back folds (--rounds) so that
// every article of the half is tested once; figures are pooled.
// --subsets also runs every 3-topic task (10 of them) in the report half,
// tasks nobody designed on (one round each).
// --explore (tune half only): CV accuracy of a wider grid, to design the
// selection's stages.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "classify/classify.h"

using namespace vox::classify;

namespace {

struct Pooled {
  Evaluation vox, peer;
  int peer_runs = 0;
  double vox_seconds = 0, peer_seconds = 0;
  std::map<std::string, int> chosen;  // DescribeOptions -> rounds
};

void Add(Evaluation* total, const Evaluation& e) {
  total->examples += e.examples;
  total->correct += e.correct;
  std::map<std::string, CategoryMetrics> cats;
  for (const auto& c : total->categories) cats[c.category] = c;
  for (const auto& c : e.categories) {
    auto& t = cats[c.category];
    t.category = c.category;
    t.support += c.support;
    t.predicted += c.predicted;
    t.correct += c.correct;
  }
  total->categories.clear();
  for (auto& [id, c] : cats) total->categories.push_back(c);
}

void PrintCategories(const Evaluation& vox, const Evaluation& peer, bool has_peer) {
  std::printf("  %-14s %8s %8s %8s %10s %8s\n", "topic", "support", "vox P", "vox R", "fasttext P", "fasttext R");
  for (const auto& c : vox.categories) {
    const CategoryMetrics* p = nullptr;
    for (const auto& q : peer.categories) {
      if (q.category == c.category) p = &q;
    }
    if (has_peer && p) {
      std::printf("  %-14s %8lld %8.3f %8.3f %10.3f %8.3f\n", c.category.c_str(), static_cast<long long>(c.support),
                  c.precision(), c.recall(), p->precision(), p->recall());
    } else {
      std::printf("  %-14s %8lld %8.3f %8.3f\n", c.category.c_str(), static_cast<long long>(c.support), c.precision(),
                  c.recall());
    }
  }
}

Pooled RunTask(const std::vector<LabelledText>& items, int rounds, bool peer, bool verbose) {
  Pooled pooled;
  for (int r = 0; r < rounds; ++r) {
    TrainSetup setup;
    setup.holdout_fold = r;
    setup.peer = peer;
    setup.final_model = false;
    auto rep = TrainWithReport(items, setup);
    if (!rep.ok()) {
      std::fprintf(stderr, "round %d: %s\n", r, rep.status().message().c_str());
      std::exit(1);
    }
    if (!rep->held_back) continue;
    Add(&pooled.vox, *rep->held_back);
    pooled.vox_seconds += rep->seconds - (rep->peer ? rep->peer->seconds : 0);
    ++pooled.chosen[DescribeOptions(rep->selection.chosen)];
    if (rep->peer) {
      Add(&pooled.peer, rep->peer->eval);
      pooled.peer_seconds += rep->peer->seconds;
      ++pooled.peer_runs;
    }
    if (verbose) {
      std::printf("  round %d: train %zu, held back %zu; chose %s (cv %.4f; %s; %.1fs) -> vox %.4f", r,
                  rep->train_items, rep->held_back_items, DescribeOptions(rep->selection.chosen).c_str(),
                  rep->selection.accuracy, rep->selection.Describe().c_str(), rep->seconds, rep->held_back->accuracy());
      if (rep->peer) {
        std::printf(", fasttext %.4f (%.1fs)\n", rep->peer->eval.accuracy(), rep->peer->seconds);
      } else {
        std::printf(", fasttext: %s\n", rep->peer_skipped.c_str());
      }
      std::fflush(stdout);
    }
  }
  return pooled;
}

void Explore(const std::vector<LabelledText>& items) {
  // Cross-validation on the whole tune half, 3 folds, many candidates.
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> labels;
  for (const auto& it : items) {
    keys.push_back(it.key);
    labels.push_back(it.labels);
  }
  int xf = std::getenv("EXPLORE_FOLDS") ? std::atoi(std::getenv("EXPLORE_FOLDS")) : 3;
  auto fold_of = StratifiedFolds(keys, labels, xf, "explore");
  std::map<TextForm, std::vector<Example>> texts;
  for (TextForm f : {TextForm::kNormalized, TextForm::kFolded, TextForm::kLower}) {
    for (const auto& it : items) texts[f].push_back({ModelTextOf(it.text, f), it.labels});
  }
  struct G {
    TextForm f;
    int epoch;
    double lr;
    int ng, dim, minn, maxn, chunk;
  };
  std::vector<G> grid;
  // EXPLORE_GRID="form epoch lr ng dim minn maxn chunk;...", default: the
  // grid the selection's stages were drawn from.
  const char* spec = std::getenv("EXPLORE_GRID");
  if (!spec) {
    spec =
        "lower 25 0.5 2 50 0 0 0;lower 25 0.5 2 50 0 0 30;normalized 25 0.5 2 50 0 0 0;"
        "normalized 25 0.5 2 50 0 0 30;folded 25 0.5 2 50 0 0 30;normalized 10 0.5 2 50 0 0 30;"
        "normalized 50 0.5 2 50 0 0 30;normalized 25 1.0 2 50 0 0 30;normalized 25 0.25 2 50 0 0 30;"
        "normalized 25 0.5 1 50 0 0 30;normalized 25 0.5 3 50 0 0 30;normalized 25 0.5 2 25 0 0 30;"
        "normalized 25 0.5 2 100 0 0 30;normalized 25 0.5 2 50 2 4 30";
  }
  if (spec) {
    std::string all = spec;
    size_t at = 0;
    while (at < all.size()) {
      size_t semi = all.find(';', at);
      std::string one = all.substr(at, semi == std::string::npos ? std::string::npos : semi - at);
      at = semi == std::string::npos ? all.size() : semi + 1;
      char form[32];
      G g{};
      if (std::sscanf(one.c_str(), "%31s %d %lf %d %d %d %d %d", form, &g.epoch, &g.lr, &g.ng, &g.dim, &g.minn,
                      &g.maxn, &g.chunk) == 8 &&
          ParseTextForm(form, &g.f)) {
        grid.push_back(g);
      }
    }
  }
  for (const auto& g : grid) {
    TrainOptions o;
    o.form = g.f;
    o.epoch = g.epoch;
    o.lr = g.lr;
    o.word_ngrams = g.ng;
    o.dim = g.dim;
    o.minn = g.minn;
    o.maxn = g.maxn;
    o.chunk = g.chunk;
    auto t0 = std::chrono::steady_clock::now();
    auto ev = CrossValidate(texts[g.f], xf, fold_of, o);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!ev.ok()) continue;
    std::printf("  %-70s cv %.4f (%lld/%lld) %.1fs\n", DescribeOptions(o).c_str(), ev->accuracy(),
                static_cast<long long>(ev->correct), static_cast<long long>(ev->examples), s);
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = "../shared/data/unc-dev.jsonl";
  std::string half = "both";
  int rounds = 5;
  bool peer = true, subsets = false, explore = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--half" && i + 1 < argc) half = argv[++i];
    else if (a == "--rounds" && i + 1 < argc) rounds = std::atoi(argv[++i]);
    else if (a == "--no-peer") peer = false;
    else if (a == "--subsets") subsets = true;
    else if (a == "--explore") explore = true;
    else path = a;
  }
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return 1;
  }
  std::vector<LabelledText> halves[2];
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    LabelledText t;
    t.key = j.value("doc_id", "");
    t.labels = {j.value("topic", "")};
    t.text = j.value("title", "");
    for (const auto& s : j["sentences"]) t.text += "\n" + s.get<std::string>();
    halves[FoldOf(t.key, 2)].push_back(std::move(t));
    ++n;
  }
  std::string exe = peer ? FindFastTextCommand() : "";
  std::printf("unc-dev: %zu articles; half 0 (tune) %zu, half 1 (report) %zu, by FNV-1a(doc_id) mod 2\n", n,
              halves[0].size(), halves[1].size());
  std::printf("peer: %s\n", exe.empty() ? "none (not installed or --no-peer)"
                                        : ("`fasttext supervised -epoch 25 -lr 0.5 -wordNgrams 2 -dim 50` (" + exe +
                                           ", its default 12 threads, 2M buckets) on lower-cased raw text")
                                              .c_str());
  if (explore) {
    std::printf("\nexplore: 3-fold cross-validation on the whole tune half\n");
    Explore(halves[0]);
    return 0;
  }

  for (int h = 0; h < 2; ++h) {
    if ((half == "tune" && h != 0) || (half == "report" && h != 1)) continue;
    std::printf("\n== half %d (%s): %zu articles, 5 topics, %d rounds of 20%% held back\n", h,
                h == 0 ? "tune" : "report", halves[h].size(), rounds);
    Pooled p = RunTask(halves[h], rounds, !exe.empty(), true);
    std::printf("half %d pooled: vox %.4f (%lld/%lld, %.0fs incl. selection)", h, p.vox.accuracy(),
                static_cast<long long>(p.vox.correct), static_cast<long long>(p.vox.examples), p.vox_seconds);
    if (p.peer_runs) {
      std::printf(" | fasttext command %.4f (%lld/%lld, %.0fs)", p.peer.accuracy(),
                  static_cast<long long>(p.peer.correct), static_cast<long long>(p.peer.examples), p.peer_seconds);
    }
    std::printf("\n");
    PrintCategories(p.vox, p.peer, p.peer_runs > 0);
    std::printf("  chosen:\n");
    for (const auto& [d, k] : p.chosen) std::printf("    %dx %s\n", k, d.c_str());
  }

  if (subsets) {
    std::set<std::string> topics;
    for (const auto& t : halves[1]) topics.insert(t.labels[0]);
    std::vector<std::string> tv(topics.begin(), topics.end());
    std::printf("\n== 3-topic tasks in the report half (one round each: 20%% held back)\n");
    Pooled all;
    int wins = 0, ties = 0, tasks = 0;
    for (size_t a = 0; a < tv.size(); ++a) {
      for (size_t b = a + 1; b < tv.size(); ++b) {
        for (size_t c = b + 1; c < tv.size(); ++c) {
          std::vector<LabelledText> items;
          for (const auto& t : halves[1]) {
            if (t.labels[0] == tv[a] || t.labels[0] == tv[b] || t.labels[0] == tv[c]) items.push_back(t);
          }
          Pooled p = RunTask(items, 1, !exe.empty(), false);
          std::printf("  %-38s vox %.4f (%lld/%lld)", (tv[a] + "+" + tv[b] + "+" + tv[c]).c_str(), p.vox.accuracy(),
                      static_cast<long long>(p.vox.correct), static_cast<long long>(p.vox.examples));
          if (p.peer_runs) {
            std::printf("  fasttext %.4f (%lld/%lld)", p.peer.accuracy(), static_cast<long long>(p.peer.correct),
                        static_cast<long long>(p.peer.examples));
            wins += p.vox.correct > p.peer.correct;
            ties += p.vox.correct == p.peer.correct;
          }
          std::printf("  [%s]\n", p.chosen.begin()->first.c_str());
          std::fflush(stdout);
          Add(&all.vox, p.vox);
          Add(&all.peer, p.peer);
          all.peer_runs += p.peer_runs;
          ++tasks;
        }
      }
    }
    std::printf("3-topic tasks pooled: vox %.4f (%lld/%lld)", all.vox.accuracy(), static_cast<long long>(all.vox.correct),
                static_cast<long long>(all.vox.examples));
    if (all.peer_runs) {
      std::printf(" | fasttext command %.4f (%lld/%lld); vox ahead in %d of %d tasks, tied in %d",
                  all.peer.accuracy(), static_cast<long long>(all.peer.correct),
                  static_cast<long long>(all.peer.examples), wins, tasks, ties);
    }
    std::printf("\n");
  }
  return 0;
}
