// The PostgreSQL store against the SQLite store, same data, same run.
//
//   bench_pg N PG_URI [DIR=/tmp/vox-bench-pg] [QUERIES=300]
//   bench_pg --stores SQLITE_PATH PG_URI [QUERIES=300]
//
// The second form runs step 2 only, on two stores that hold the same items
// already (a SQLite store and its `vox migrate` copy), opened read-only; the
// queries' words come from the newest 200,000 items.
//
// 1. Generates N demo items (JSON Lines) and ingests them into a fresh
//    SQLite store (DIR/vox.db) and into a fresh schema "vox_bench" of the
//    PostgreSQL database PG_URI names, each with the ingest pipeline (parse,
//    canonical text, masking, pseudonyms, upsert and index; no stories or
//    classifier): items/s for each.
// 2. Builds QUERIES queries from the data (one or two consecutive words of
//    items spread over the store, half typed without diacritics) plus 20
//    fixed ones, and runs each through search::Search on both stores:
//    latency p50/p99 per backend (each query 5 times after one warm-up),
//    and how far the answers agree: the share of each SQLite top 10 that is
//    in the PostgreSQL top 10 (mean), and how often the first hit is the same.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "demo/demo.h"
#include "ingest/pipeline.h"
#include "search/search.h"
#include "store/postgres/pg_conn.h"
#include "store/store.h"
#include "text/text.h"

using Steady = std::chrono::steady_clock;

namespace {

double Secs(Steady::time_point a) { return std::chrono::duration<double>(Steady::now() - a).count(); }

[[noreturn]] void Die(const std::string& m) {
  std::fprintf(stderr, "bench_pg: %s\n", m.c_str());
  std::exit(1);
}

struct Lat {
  double p50, p99;
};
Lat Percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return {0, 0};
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)]};
}

double Ingest(vox::store::Store& st, const std::string& keyfile, const std::string& data, int64_t* added) {
  auto key = vox::ingest::Pseudonymizer::FromKeyFile(keyfile, true);
  if (!key.ok()) Die(key.status().message());
  vox::ingest::IngestOptions io;
  io.format = vox::ingest::Format::kJsonl;
  const auto t0 = Steady::now();
  auto rep = vox::ingest::IngestBuffer(st, *key, data, "bench.jsonl", io, nullptr);
  const double s = Secs(t0);
  if (!rep.ok()) Die(rep.status().message());
  *added = rep->added;
  return s;
}

}  // namespace

// Builds the queries from the SQLite store's items and runs them on both
// stores: latency and agreement. sample_newest > 0: words from that many
// newest items only.
void CompareSearch(vox::store::Store& sq, vox::store::Store& pg, int n_queries, int64_t sample_newest = 0) {
  // Queries: words of items spread over the store.
  std::vector<std::string> queries = {"và", "của", "người", "mất điện", "mat dien", "ngập", "lừa đảo", "ko co nuoc",
                                      "giá xăng", "cắt điện phường", "ubnd", "học phí", "sổ đỏ", "tai nạn",
                                      "bệnh viện", "xin hỏi thủ tục", "nước sạch", "đền bù", "camera", "mưa"};
  std::vector<std::string> texts;
  vox::store::ItemQuery all;
  all.newest_first = sample_newest > 0;
  all.limit = sample_newest;
  if (auto s = sq.ForEachItem(all, [&](const vox::store::StoredItem& si) {
        texts.push_back(si.item.text);
        return true;
      });
      !s.ok()) {
    Die(s.message());
  }
  std::mt19937 rng(7);
  std::vector<vox::text::Token> toks;
  std::set<std::string> seen(queries.begin(), queries.end());
  for (int tries = 0; static_cast<int>(queries.size()) < n_queries + 20 && tries < n_queries * 20; ++tries) {
    toks.clear();
    vox::text::Tokenize(texts[rng() % texts.size()], &toks);
    std::vector<const vox::text::Token*> words;
    for (const auto& t : toks) {
      if (t.kind == vox::text::TokenKind::kWord) words.push_back(&t);
    }
    if (words.size() < 2) continue;
    const size_t at = rng() % (words.size() - 1);
    const size_t len = 1 + rng() % 2;
    const bool folded = rng() % 2 == 0;
    std::string q;
    for (size_t i = at; i < at + len && i < words.size(); ++i) {
      if (!q.empty()) q.push_back(' ');
      q += folded ? words[i]->folded : words[i]->norm;
    }
    if (seen.insert(q).second) queries.push_back(q);
  }

  vox::search::SearchOptions so;
  std::vector<double> lat_sq, lat_pg;
  double overlap_sum = 0;
  int compared = 0, same_first = 0, both_empty = 0;
  for (const std::string& q : queries) {
    std::vector<std::string> ids[2];
    for (int b = 0; b < 2; ++b) {
      vox::store::Store& st = b == 0 ? sq : pg;
      for (int r = 0; r < 6; ++r) {
        const auto t0 = Steady::now();
        auto hits = vox::search::Search(st, q, so);
        const double ms = Secs(t0) * 1000;
        if (!hits.ok()) Die("query '" + q + "': " + hits.status().message());
        if (r == 0) {
          for (const auto& h : *hits) ids[b].push_back(h.source + "/" + h.id);
        } else {
          (b == 0 ? lat_sq : lat_pg).push_back(ms);
        }
      }
    }
    if (ids[0].empty() && ids[1].empty()) {
      ++both_empty;
      continue;
    }
    ++compared;
    int common = 0;
    for (const auto& id : ids[0]) common += std::count(ids[1].begin(), ids[1].end(), id) > 0;
    overlap_sum += static_cast<double>(common) / static_cast<double>(std::max(ids[0].size(), ids[1].size()));
    same_first += !ids[0].empty() && !ids[1].empty() && ids[0][0] == ids[1][0];
  }
  const Lat a = Percentiles(lat_sq), b = Percentiles(lat_pg);
  std::printf("search  %zu queries x 5 rounds (%d with hits, %d with none on both)\n", queries.size(), compared,
              both_empty);
  std::printf("search  sqlite     p50 %.3f ms  p99 %.3f ms\n", a.p50, a.p99);
  std::printf("search  postgresql p50 %.3f ms  p99 %.3f ms\n", b.p50, b.p99);
  std::printf("agree   top-10 overlap %.4f, same first hit %.4f\n", compared ? overlap_sum / compared : 0.0,
              compared ? static_cast<double>(same_first) / compared : 0.0);
}

int main(int argc, char** argv) {
  if (argc < 3) Die("usage: bench_pg N PG_URI [DIR] [QUERIES] | bench_pg --stores SQLITE_PATH PG_URI [QUERIES]");
  if (std::string(argv[1]) == "--stores") {
    if (argc < 4) Die("usage: bench_pg --stores SQLITE_PATH PG_URI [QUERIES]");
    auto sq = vox::store::Store::Open(argv[2], {.read_only = true});
    if (!sq.ok()) Die(sq.status().message());
    auto pg = vox::store::Store::Open(argv[3], {.read_only = true});
    if (!pg.ok()) Die(pg.status().message());
    auto a = (*sq)->GetStats();
    auto b = (*pg)->GetStats();
    if (!a.ok() || !b.ok()) Die("stats");
    std::printf("stores  sqlite %lld items, postgresql %lld items\n", static_cast<long long>(a->items),
                static_cast<long long>(b->items));
    CompareSearch(**sq, **pg, argc > 4 ? std::atoi(argv[4]) : 300, 200000);
    return 0;
  }
  const int64_t n = std::atoll(argv[1]);
  const std::string pg_base = argv[2];
  const std::filesystem::path dir = argc > 3 ? argv[3] : "/tmp/vox-bench-pg";
  const int n_queries = argc > 4 ? std::atoi(argv[4]) : 300;

  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  vox::demo::DemoOptions dopts;
  dopts.items = n;
  dopts.days = 30;
  std::ostringstream gen;
  vox::demo::GenerateItems(dopts, gen);
  const std::string data = gen.str();
  std::printf("generated %lld items (%.1f MB)\n", static_cast<long long>(std::count(data.begin(), data.end(), '\n')),
              data.size() / 1e6);

  {
    auto conn = vox::store::pg::Conn::Connect(pg_base);
    if (!conn.ok()) Die(conn.status().message());
    if (auto s = (*conn)->Exec("DROP SCHEMA IF EXISTS vox_bench CASCADE; CREATE SCHEMA vox_bench"); !s.ok()) {
      Die(s.message());
    }
  }
  const std::string pg_uri =
      pg_base + (pg_base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3Dvox_bench";
  auto sq = vox::store::Store::Open((dir / "vox.db").string(), {.create = true});
  if (!sq.ok()) Die(sq.status().message());
  auto pg = vox::store::Store::Open(pg_uri, {.create = true});
  if (!pg.ok()) Die(pg.status().message());

  int64_t added_sq = 0, added_pg = 0;
  const double s_sq = Ingest(**sq, (dir / "sqlite.key").string(), data, &added_sq);
  const double s_pg = Ingest(**pg, (dir / "pg.key").string(), data, &added_pg);
  std::printf("ingest  sqlite     %lld items in %.2fs = %.0f items/s\n", static_cast<long long>(added_sq), s_sq,
              added_sq / s_sq);
  std::printf("ingest  postgresql %lld items in %.2fs = %.0f items/s\n", static_cast<long long>(added_pg), s_pg,
              added_pg / s_pg);

  CompareSearch(**sq, **pg, n_queries);
  return 0;
}
