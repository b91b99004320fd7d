// The dashboard's two heavy reads computed directly, with no answer cache in
// front of them (the server keeps the overview's last figures for a minute;
// this is what each computation costs):
//
//   bench_dash_query DB [ROUNDS=200]
//
// Per round: the overview's figures (query::OverviewJson: volumes, rising
// stories, concerns, matches) plus the open cases per unit
// (store::DeskStore::CountOpenCases), and the story list as
// GET /api/stories?limit=50 and ?limit=100&sort=rising compute it
// (stories::ListStories). Prints p50/p99/max per read and the first
// (cold) round apart. Opens the store read-only.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "query/overview.h"
#include "query/query.h"
#include "store/desk_store.h"
#include "store/store.h"
#include "stories/stories.h"

namespace {

using Steady = std::chrono::steady_clock;

double Ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void Print(const char* name, std::vector<double> v, double first) {
  std::sort(v.begin(), v.end());
  auto q = [&](double f) { return v[std::min(v.size() - 1, static_cast<size_t>(f * static_cast<double>(v.size())))]; };
  std::printf("%-32s first %8.1f ms   p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms   (%zu rounds)\n", name, first,
              q(0.5), q(0.99), v.back(), v.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_dash_query DB [ROUNDS]\n");
    return 2;
  }
  const std::string db = argv[1];
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 200;
  auto st = vox::store::Store::Open(db, {.read_only = true});
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.status().message().c_str());
    return 1;
  }
  auto ds = vox::store::DeskStore::Open(db, {.read_only = true});
  if (!ds.ok()) {
    std::fprintf(stderr, "%s\n", ds.status().message().c_str());
    return 1;
  }
  std::vector<double> overview, recent, rising;
  double first[3] = {0, 0, 0};
  size_t bytes = 0;
  for (int r = 0; r <= rounds; ++r) {
    auto t0 = Steady::now();
    vox::query::OverviewRequest oreq;
    oreq.db_uri = db;
    auto o = vox::query::OverviewJson(**st, oreq);
    auto counts = (*ds)->CountOpenCases((*ds)->clock().Now(), 24 * 3600);
    if (!o.ok() || !counts.ok()) {
      std::fprintf(stderr, "overview: %s\n", (!o.ok() ? o.status() : counts.status()).message().c_str());
      return 1;
    }
    const double to = Ms(Steady::now() - t0);
    bytes = vox::query::Dump(*o).size();
    t0 = Steady::now();
    vox::stories::StoryListOptions lo;
    lo.limit = 50;
    auto a = vox::stories::ListStories(**st, lo);
    const double ta = Ms(Steady::now() - t0);
    t0 = Steady::now();
    lo.limit = 100;
    lo.sort = vox::stories::StorySort::kRising;
    auto b = vox::stories::ListStories(**st, lo);
    const double tb = Ms(Steady::now() - t0);
    if (!a.ok() || !b.ok()) {
      std::fprintf(stderr, "stories: %s\n", (!a.ok() ? a.status() : b.status()).message().c_str());
      return 1;
    }
    if (r == 0) {
      first[0] = to, first[1] = ta, first[2] = tb;
      continue;
    }
    overview.push_back(to);
    recent.push_back(ta);
    rising.push_back(tb);
    if (r % 20 == 0) std::fprintf(stderr, "... %d rounds\n", r);
  }
  std::printf("overview answer: %zu bytes\n", bytes);
  // One more round, part by part (the overview's steps, as OverviewJson takes them).
  {
    auto time = [](const char* name, auto&& fn) {
      const auto t0 = Steady::now();
      const bool ok = fn();
      std::printf("  part %-40s %7.1f ms%s\n", name, Ms(Steady::now() - t0), ok ? "" : " (failed)");
    };
    int64_t now = 0;
    time("newest item", [&] { auto n = vox::stories::NewestItemTime(**st); now = n.ok() ? *n : 0; return n.ok(); });
    const int64_t day_start = (now + 7 * 3600) / 86400 * 86400 - 7 * 3600;
    time("volumes today + 14 days", [&] {
      vox::store::ItemQuery a, b;
      a.since = day_start, a.until = day_start + 86400;
      b.since = day_start - 14 * 86400, b.until = day_start;
      return vox::query::CountVolumes(**st, a, 7 * 3600).ok() && vox::query::CountVolumes(**st, b, 7 * 3600).ok();
    });
    time("trends (24 h, 14-day baseline)", [&] {
      vox::stories::TrendOptions o;
      o.now = now;
      o.limit = 20;
      return vox::stories::ComputeTrends(**st, o).ok();
    });
    time("trends, only the best one named", [&] {
      vox::stories::TrendOptions o;
      o.now = now;
      o.limit = 1;
      return vox::stories::ComputeTrends(**st, o).ok();
    });
    time("concerns this week + last", [&] {
      return vox::query::CountCategories(**st, db, day_start + 86400 - 7 * 86400, day_start + 86400).ok() &&
             vox::query::CountCategories(**st, db, day_start + 86400 - 14 * 86400, day_start + 86400 - 7 * 86400).ok();
    });
    time("best matches", [&] { return vox::query::BestMatches(**st, std::nullopt).ok(); });
    time("open cases per unit", [&] { return (*ds)->CountOpenCases((*ds)->clock().Now(), 24 * 3600).ok(); });
  }
  Print("overview (+ open cases)", overview, first[0]);
  Print("stories limit=50", recent, first[1]);
  Print("stories limit=100 sort=rising", rising, first[2]);
  return 0;
}
