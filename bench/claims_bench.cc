// Matching cost per item with libraries of 10,000 and 100,000 fact-checks,
// and SQLite FTS5 BM25 (folded text, the post's words OR-ed, ORDER BY rank
// LIMIT 1) on the same library in the same run. One thread.
//
//   claims_bench [PATH to unc-dev.jsonl] [--sizes 10000,100000]
//
// Libraries are synthesized from the corpus sentences: fact-check i has one
// sentence as its claim and four as its body (deterministic). Posts: half are
// a body sentence of a library fact-check typed in one of the dev-set
// variants, half a random corpus sentence.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstring>

#include "claims/claims.h"
#include "claims_devset.h"

namespace {

using namespace vox;
using Steady = std::chrono::steady_clock;

double Us(Steady::time_point a, Steady::time_point b) { return std::chrono::duration<double, std::micro>(b - a).count(); }

}  // namespace

int main(int argc, char** argv) {
  std::string path = "../shared/data/unc-dev.jsonl";
  std::vector<size_t> sizes = {10000, 100000};
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--sizes") && i + 1 < argc) {
      sizes.clear();
      for (char* p = std::strtok(argv[++i], ","); p; p = std::strtok(nullptr, ",")) sizes.push_back(std::stoul(p));
    } else {
      path = argv[i];
    }
  }
  std::string err;
  auto articles = devset::LoadArticles(path, &err);
  if (articles.empty()) {
    std::fprintf(stderr, "claims_bench: %s\n", err.c_str());
    return 1;
  }
  std::vector<std::string> pool;
  for (const auto& a : articles) {
    for (const auto& s : a.sentences) {
      if (devset::Words(s) >= devset::kMinPostWords) pool.push_back(s);
    }
  }
  std::printf("claims_bench: %zu corpus sentences\n", pool.size());
  std::printf("%-9s %-10s %-12s %-14s %-14s %-16s %-12s\n", "library", "build s", "vox us/item", "(tokenize us)",
              "vox matched", "fts5 us/item", "fts5 build s");
  for (size_t n : sizes) {
    devset::Rng rng{n};
    std::vector<store::FactCheck> lib(n);
    std::vector<std::vector<size_t>> bodies(n);
    for (size_t i = 0; i < n; ++i) {
      lib[i].id = "fc-" + std::to_string(i);
      lib[i].claim = pool[rng.Below(pool.size())];
      lib[i].verdict = "Sai";
      for (int k = 0; k < 4; ++k) {
        size_t s = rng.Below(pool.size());
        bodies[i].push_back(s);
        if (!lib[i].body.empty()) lib[i].body += " ";
        lib[i].body += pool[s];
      }
    }
    std::vector<std::string> posts;
    for (int i = 0; i < 4000; ++i) {
      const std::string& s = i % 2 ? pool[rng.Below(pool.size())] : pool[bodies[rng.Below(n)][rng.Below(4)]];
      posts.push_back(
          devset::MakeVariant(s, static_cast<devset::Variant>(i % static_cast<int>(devset::Variant::kCount)), rng));
    }

    auto t0 = Steady::now();
    auto m = claims::Matcher::Build(lib);
    auto t1 = Steady::now();
    size_t matched = 0;
    for (int rep = 0; rep < 2; ++rep) {  // first pass warms caches; the second is timed
      if (rep == 1) t1 = Steady::now();
      matched = 0;
      for (const auto& p : posts) matched += m->MatchText(p).has_value();
    }
    auto t2 = Steady::now();
    const double vox_us = Us(t1, t2) / static_cast<double>(posts.size());
    // The text engine's share: tokenizing the same posts.
    auto k0 = Steady::now();
    std::vector<text::Token> scratch;
    for (const auto& p : posts) {
      scratch.clear();
      text::Tokenize(p, &scratch);
    }
    const double tok_us = Us(k0, Steady::now()) / static_cast<double>(posts.size());
    const double build_s = Us(t0, t1) / 1e6;
    m.reset();

    // FTS5 on the same library.
    sqlite3* db;
    sqlite3_open(":memory:", &db);
    sqlite3_exec(db, "CREATE VIRTUAL TABLE fc USING fts5(doc)", nullptr, nullptr, nullptr);
    auto f0 = Steady::now();
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* ins;
    sqlite3_prepare_v2(db, "INSERT INTO fc(rowid, doc) VALUES(?1, ?2)", -1, &ins, nullptr);
    for (size_t i = 0; i < n; ++i) {
      std::string doc = text::FoldAccents(text::Normalize(lib[i].claim + "\n" + lib[i].body));
      sqlite3_bind_int64(ins, 1, static_cast<int64_t>(i));
      sqlite3_bind_text(ins, 2, doc.data(), static_cast<int>(doc.size()), SQLITE_TRANSIENT);
      sqlite3_step(ins);
      sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    auto f1 = Steady::now();
    sqlite3_stmt* q;
    sqlite3_prepare_v2(db, "SELECT rowid FROM fc WHERE fc MATCH ?1 ORDER BY rank LIMIT 1", -1, &q, nullptr);
    const size_t fts_posts = n >= 100000 ? 100 : 400;  // FTS5 is slow; fewer posts keep the run short
    auto f2 = Steady::now();
    for (size_t i = 0; i < fts_posts; ++i) {
      std::vector<text::Token> toks;
      text::Tokenize(posts[i], &toks);
      std::string expr;
      std::set<std::string> seen;
      for (const auto& t : toks) {
        if (t.kind != text::TokenKind::kWord && t.kind != text::TokenKind::kNumber) continue;
        if (t.folded.find('"') != std::string::npos || !seen.insert(t.folded).second) continue;
        if (!expr.empty()) expr += " OR ";
        expr += "\"" + t.folded + "\"";
      }
      sqlite3_bind_text(q, 1, expr.data(), static_cast<int>(expr.size()), SQLITE_TRANSIENT);
      while (sqlite3_step(q) == SQLITE_ROW) {
      }
      sqlite3_reset(q);
    }
    auto f3 = Steady::now();
    sqlite3_finalize(q);
    sqlite3_close(db);
    std::printf("%-9zu %-10.2f %-12.1f %-14.1f %-14s %-16.1f %-12.2f\n", n, build_s, vox_us, tok_us,
                (std::to_string(matched) + "/" + std::to_string(posts.size())).c_str(),
                Us(f2, f3) / static_cast<double>(fts_posts), Us(f0, f1) / 1e6);
    std::fflush(stdout);
  }
  return 0;
}
