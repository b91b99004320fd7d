// Claim matching on the development set (bench/claims_devset.h): recall@1 on
// posts about a checked claim and false-match rate on unrelated posts, at the
// default thresholds, per typing variant, over a threshold sweep, and for
// SQLite FTS5 BM25 on accent-folded text in the same run.
//
//   claims_eval [PATH to unc-dev.jsonl] [--paraphrases DIR] [--dump-tune] [--dump-copied|--dump-copied-text]
//               [--fit [--tune-weight W]]
//     (defaults ../shared/data/unc-dev.jsonl and bench/data beside this file)
//
// Paraphrase section: the hand-written paraphrases and hard negatives of
// bench/data/claims_paraphrase_{a,b}.jsonl (claims_devset.h, LoadParaphrases)
// against the same library, split by doc_id into tune and holdout halves.
// Per half: recall@1 counting suggestions; false-match rate = (negatives
// matched to anything + paraphrases matched to a wrong fact-check) / all
// posts of the half, and negatives matched / negatives; the same for auto
// matches only. The FTS5 BM25 peer's threshold is chosen on tune and applied
// to both halves. --dump-tune prints every tune post with its evidence (never
// holdout); --dump-copied the copied posts' evidence; --fit re-fits the
// decision's weights (matcher.cc, Decide) from the tune half and the copied
// set and prints them.
//
// A post counts as matched when its best fact-check scores at least the
// suggest threshold (suggested or auto); recall@1 counts matched posts whose
// best fact-check is a right one.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "claims/claims.h"
#include "claims_devset.h"

namespace {

using namespace vox;

struct Scored {
  std::string id;
  double score = -1;  // -1: no candidate
  bool auto_state = false;
};

std::string FoldForFts(const std::string& s) { return text::FoldAccents(text::Normalize(s)); }

// FTS5 peer: a plain fts5 table over folded claim + body, the post's folded
// words OR-ed, best by bm25.
class Fts5Peer {
 public:
  explicit Fts5Peer(const std::vector<store::FactCheck>& lib) {
    sqlite3_open(":memory:", &db_);
    sqlite3_exec(db_, "CREATE VIRTUAL TABLE fc USING fts5(doc)", nullptr, nullptr, nullptr);
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* ins;
    sqlite3_prepare_v2(db_, "INSERT INTO fc(rowid, doc) VALUES(?1, ?2)", -1, &ins, nullptr);
    for (size_t i = 0; i < lib.size(); ++i) {
      std::string doc = FoldForFts(lib[i].claim + "\n" + lib[i].body);
      sqlite3_bind_int64(ins, 1, static_cast<int64_t>(i));
      sqlite3_bind_text(ins, 2, doc.data(), static_cast<int>(doc.size()), SQLITE_TRANSIENT);
      sqlite3_step(ins);
      sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_prepare_v2(db_, "SELECT rowid, rank FROM fc WHERE fc MATCH ?1 ORDER BY rank LIMIT 1", -1, &q_, nullptr);
  }
  ~Fts5Peer() {
    sqlite3_finalize(q_);
    sqlite3_close(db_);
  }
  // Best (document number, -bm25), or (-1, 0).
  std::pair<int64_t, double> Best(const std::string& post) {
    std::vector<text::Token> toks;
    text::Tokenize(post, &toks);
    std::string expr;
    std::set<std::string> seen;
    for (const auto& t : toks) {
      if (t.kind != text::TokenKind::kWord && t.kind != text::TokenKind::kNumber) continue;
      if (!seen.insert(t.folded).second) continue;
      if (!expr.empty()) expr += " OR ";
      expr += "\"" + ReplaceQuotes(t.folded) + "\"";
    }
    if (expr.empty()) return {-1, 0};
    sqlite3_bind_text(q_, 1, expr.data(), static_cast<int>(expr.size()), SQLITE_TRANSIENT);
    std::pair<int64_t, double> r{-1, 0};
    if (sqlite3_step(q_) == SQLITE_ROW) r = {sqlite3_column_int64(q_, 0), -sqlite3_column_double(q_, 1)};
    sqlite3_reset(q_);
    return r;
  }

 private:
  static std::string ReplaceQuotes(std::string s) {
    std::replace(s.begin(), s.end(), '"', ' ');
    return s;
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt* q_ = nullptr;
};

struct Rates {
  double recall = 0, false_rate = 0, wrong = 0;
};

Rates At(const std::vector<vox::devset::Post>& pos, const std::vector<Scored>& ps, const std::vector<Scored>& ns,
         double t) {
  Rates r;
  for (size_t i = 0; i < pos.size(); ++i) {
    if (ps[i].score < t) continue;
    if (pos[i].answers.count(ps[i].id))
      r.recall += 1;
    else
      r.wrong += 1;
  }
  for (const Scored& s : ns) r.false_rate += s.score >= t;
  r.recall /= std::max<size_t>(1, pos.size());
  r.wrong /= std::max<size_t>(1, pos.size());
  r.false_rate /= std::max<size_t>(1, ns.size());
  return r;
}

struct ParaRates {
  size_t paras = 0, negs = 0, right = 0, wrong = 0, neg_matched = 0;
  double recall() const { return paras ? right / double(paras) : 0; }
  double false_rate() const { return paras + negs ? (wrong + neg_matched) / double(paras + negs) : 0; }
  double neg_rate() const { return negs ? neg_matched / double(negs) : 0; }
};

// Rates of one half at threshold t (scores below t are no match); `auto_only`
// counts only auto matches.
ParaRates ParaAt(const std::vector<devset::ParaPost>& posts, const std::vector<Scored>& sc, bool holdout, double t,
                 bool auto_only) {
  ParaRates r;
  for (size_t i = 0; i < posts.size(); ++i) {
    if (posts[i].holdout != holdout) continue;
    const bool matched = sc[i].score >= t && (!auto_only || sc[i].auto_state);
    if (posts[i].negative) {
      ++r.negs;
      r.neg_matched += matched;
    } else {
      ++r.paras;
      if (matched) (sc[i].id == posts[i].doc_id ? r.right : r.wrong)++;
    }
  }
  return r;
}

// The decision's features from the evidence, as matcher.cc's Decide reads them.
std::vector<double> DecisionFeatures(const claims::MatchEvidence& e) {
  return {e.containment,
          e.saturated,
          e.claim_coverage,
          static_cast<double>(std::min(e.numbers_missing, 3)),
          static_cast<double>(std::min(e.numbers - e.numbers_missing, 3)),
          e.claim_share,
          e.sentence,
          e.passage,
          e.syllables,
          e.pairs};
}

// Weighted logistic regression, full-batch gradient descent on standardized
// features (lr 2, L2 0.001 on the standardized weights, 2,000 steps): returns
// bias then one weight per feature, on the features' own scale.
std::vector<double> FitLogistic(const std::vector<std::vector<double>>& x, const std::vector<int>& y,
                                const std::vector<double>& weight) {
  const size_t k = x.empty() ? 0 : x[0].size();
  double sw = 0;
  for (double v : weight) sw += v;
  std::vector<double> mu(k, 0.0), sd(k, 0.0);
  for (size_t i = 0; i < x.size(); ++i) {
    for (size_t j = 0; j < k; ++j) mu[j] += weight[i] * x[i][j] / sw;
  }
  for (size_t i = 0; i < x.size(); ++i) {
    for (size_t j = 0; j < k; ++j) sd[j] += weight[i] * (x[i][j] - mu[j]) * (x[i][j] - mu[j]) / sw;
  }
  for (double& v : sd) v = std::sqrt(v) + 1e-9;
  std::vector<double> w(k, 0.0), g(k);
  double b = 0;
  for (int step = 0; step < 2000; ++step) {
    std::fill(g.begin(), g.end(), 0.0);
    double gb = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      double z = b;
      for (size_t j = 0; j < k; ++j) z += w[j] * (x[i][j] - mu[j]) / sd[j];
      const double d = weight[i] * (1.0 / (1.0 + std::exp(-std::clamp(z, -40.0, 40.0))) - y[i]);
      gb += d;
      for (size_t j = 0; j < k; ++j) g[j] += d * (x[i][j] - mu[j]) / sd[j];
    }
    for (size_t j = 0; j < k; ++j) w[j] -= 2.0 * (g[j] / sw + 0.001 * w[j]);
    b -= 2.0 * gb / sw;
  }
  std::vector<double> out(k + 1);
  out[0] = b;
  for (size_t j = 0; j < k; ++j) {
    out[j + 1] = w[j] / sd[j];
    out[0] -= w[j] * mu[j] / sd[j];
  }
  return out;
}

void PrintParaRow(const char* name, const ParaRates& t, const ParaRates& h) {
  std::printf("  %-44s %.3f  %.3f (%.3f)   %.3f  %.3f (%.3f)\n", name, t.recall(), t.false_rate(), t.neg_rate(),
              h.recall(), h.false_rate(), h.neg_rate());
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = "../shared/data/unc-dev.jsonl";
  std::string para_dir = std::string(__FILE__).substr(0, std::string(__FILE__).rfind('/') + 1) + "data";
  bool dump_tune = false, fit = false;
  int dump_copied = 0;  // 1: numbers; 2 (--dump-copied-text): also the post
  double tune_weight = 3.0;  // --fit: the tune half's weight in all, against 1 for the copied set
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--paraphrases" && i + 1 < argc) {
      para_dir = argv[++i];
    } else if (a == "--dump-tune") {
      dump_tune = true;
    } else if (a == "--dump-copied") {
      dump_copied = 1;
    } else if (a == "--dump-copied-text") {
      dump_copied = 2;
    } else if (a == "--fit") {
      fit = true;
    } else if (a == "--tune-weight" && i + 1 < argc) {
      tune_weight = std::atof(argv[++i]);
    } else {
      path = a;
    }
  }
  std::string err;
  auto articles = devset::LoadArticles(path, &err);
  if (articles.empty()) {
    std::fprintf(stderr, "claims_eval: %s\n", err.empty() ? "no articles" : err.c_str());
    return 1;
  }
  devset::DevSet ds = devset::Build(articles);
  std::printf("dev set: %zu articles; library %zu fact-checks; %zu posts about a checked claim, %zu unrelated posts\n",
              articles.size(), ds.library.size(), ds.positives.size(), ds.negatives.size());

  auto t0 = std::chrono::steady_clock::now();
  auto matcher = claims::Matcher::Build(ds.library);
  double build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  const claims::Thresholds th = matcher->thresholds();

  auto score_all = [&](const std::vector<devset::Post>& posts) {
    std::vector<Scored> out;
    for (const auto& p : posts) {
      Scored s;
      if (auto r = matcher->BestCandidate(p.text)) {
        s = {r->factcheck_id, r->score, r->state == store::MatchState::kAuto};
      }
      out.push_back(std::move(s));
    }
    return out;
  };
  t0 = std::chrono::steady_clock::now();
  std::vector<Scored> ps = score_all(ds.positives), ns = score_all(ds.negatives);
  double match_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
                    static_cast<double>(ps.size() + ns.size());

  if (dump_copied) {  // copied-sentence posts: label, best score, evidence against the best fact-check
    for (int k = 0; k < 2; ++k) {
      const auto& posts = k ? ds.negatives : ds.positives;
      const auto& sc = k ? ns : ps;
      for (size_t i = 0; i < posts.size(); ++i) {
        claims::MatchEvidence e;
        if (!sc[i].id.empty()) e = *matcher->Explain(posts[i].text, sc[i].id);
        const bool right = !k && posts[i].answers.count(sc[i].id);
        std::printf("COPY\t%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%d\t%d\t%.4f\t%.4f",
                    k ? "neg" : "pos", right, sc[i].score, e.containment, e.saturated, e.claim_coverage, e.numbers,
                    e.numbers_missing, e.lexical, e.syllables, e.pairs, e.claim_share, e.novel, e.opposed, e.negated,
                    e.sentence, e.passage);
        if (dump_copied > 1) std::printf("\t%s", posts[i].text.c_str());
        std::printf("\n");
      }
    }
  }
  Rates d = At(ds.positives, ps, ns, th.suggest);
  size_t auto_right = 0, auto_wrong = 0, auto_false = 0;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].auto_state && ps[i].score >= th.autom)
      (ds.positives[i].answers.count(ps[i].id) ? auto_right : auto_wrong)++;
  }
  for (const auto& s : ns) auto_false += s.auto_state && s.score >= th.autom;
  std::printf("\nvox matcher (build %.0f ms, %.1f us/post), default thresholds suggest %.2f, auto %.2f:\n", build_ms,
              match_us, th.suggest, th.autom);
  std::printf("  recall@1 %.3f   false-match rate %.3f   wrong fact-check %.3f\n", d.recall, d.false_rate, d.wrong);
  std::printf("  auto only: right %.3f, wrong %.3f of checked-claim posts; %.3f of unrelated posts\n",
              auto_right / double(ps.size()), auto_wrong / double(ps.size()), auto_false / double(ns.size()));

  std::printf("\n  by variant            recall@1   false-match\n");
  for (int v = 0; v < static_cast<int>(devset::Variant::kCount); ++v) {
    size_t pn = 0, pr = 0, nn = 0, nf = 0;
    for (size_t i = 0; i < ps.size(); ++i) {
      if (static_cast<int>(ds.positives[i].variant) != v) continue;
      ++pn;
      pr += ps[i].score >= th.suggest && ds.positives[i].answers.count(ps[i].id);
    }
    for (size_t i = 0; i < ns.size(); ++i) {
      if (static_cast<int>(ds.negatives[i].variant) != v) continue;
      ++nn;
      nf += ns[i].score >= th.suggest;
    }
    std::printf("  %-20s  %.3f      %.3f\n", devset::VariantName(static_cast<devset::Variant>(v)),
                pn ? pr / double(pn) : 0.0, nn ? nf / double(nn) : 0.0);
  }
  size_t hn = 0, hr = 0;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (!ds.positives[i].headline) continue;
    ++hn;
    hr += ps[i].score >= th.suggest && ds.positives[i].answers.count(ps[i].id);
  }
  std::printf("  %-20s  %.3f\n", "(headlines)", hn ? hr / double(hn) : 0.0);

  std::printf("\n  threshold sweep   recall@1  false-match  wrong\n");
  for (double t = 0.30; t <= 0.951; t += 0.05) {
    Rates r = At(ds.positives, ps, ns, t);
    std::printf("  %.2f              %.3f     %.3f        %.3f\n", t, r.recall, r.false_rate, r.wrong);
  }
  // Top-1 regardless of threshold.
  Rates top = At(ds.positives, ps, ns, -0.5);
  std::printf("  top-1 right (no threshold): %.3f\n", top.recall);

  // FTS5 BM25 peer, same library, same posts.
  Fts5Peer fts(ds.library);
  auto fts_all = [&](const std::vector<devset::Post>& posts) {
    std::vector<Scored> out;
    for (const auto& p : posts) {
      auto [doc, s] = fts.Best(p.text);
      out.push_back(doc < 0 ? Scored{} : Scored{ds.library[doc].id, s, false});
    }
    return out;
  };
  t0 = std::chrono::steady_clock::now();
  std::vector<Scored> fps = fts_all(ds.positives), fns = fts_all(ds.negatives);
  double fts_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
                  static_cast<double>(fps.size() + fns.size());
  Rates ftop = At(ds.positives, fps, fns, -1e300);
  // Best threshold on -bm25: maximizes recall@1 - false-match rate.
  std::vector<double> cuts;
  for (const auto& s : fps) cuts.push_back(s.score);
  for (const auto& s : fns) cuts.push_back(s.score);
  std::sort(cuts.begin(), cuts.end());
  Rates best;
  double best_t = 0, best_j = -1;
  for (size_t i = 0; i < cuts.size(); i += std::max<size_t>(1, cuts.size() / 2000)) {
    Rates r = At(ds.positives, fps, fns, cuts[i]);
    if (r.recall - r.false_rate > best_j) {
      best_j = r.recall - r.false_rate;
      best = r;
      best_t = cuts[i];
    }
  }
  std::printf("\nFTS5 BM25 on folded text (%.1f us/post):\n", fts_us);
  std::printf("  right article first: %.3f\n", ftop.recall);
  std::printf("  at its best threshold (-bm25 >= %.2f, max recall - false): recall@1 %.3f, false-match rate %.3f\n",
              best_t, best.recall, best.false_rate);
  // ---- Paraphrases -------------------------------------------------------
  std::set<std::string> lib_ids;
  for (const auto& fc : ds.library) lib_ids.insert(fc.id);
  size_t skipped = 0;
  auto paras = devset::LoadParaphrases(
      {para_dir + "/claims_paraphrase_a.jsonl", para_dir + "/claims_paraphrase_b.jsonl"}, lib_ids, &skipped, &err);
  if (paras.empty()) {
    std::fprintf(stderr, "claims_eval: paraphrases: %s\n", err.empty() ? "none" : err.c_str());
    return 1;
  }
  size_t np[2][2] = {{0, 0}, {0, 0}};  // [holdout][negative]
  for (const auto& p : paras) ++np[p.holdout][p.negative];
  std::printf("\nParaphrases (bench/data/claims_paraphrase_{a,b}.jsonl, %zu lines, %zu skipped: doc_id not in library)\n",
              paras.size(), skipped);
  std::printf("  tune: %zu paraphrases + %zu negatives; holdout: %zu + %zu\n", np[0][0], np[0][1], np[1][0], np[1][1]);
  std::vector<Scored> vs;
  t0 = std::chrono::steady_clock::now();
  for (const auto& p : paras) {
    Scored s;
    if (auto r = matcher->BestCandidate(p.text)) s = {r->factcheck_id, r->score, r->state == store::MatchState::kAuto};
    vs.push_back(std::move(s));
  }
  const double para_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
                         static_cast<double>(paras.size());
  std::vector<Scored> fs;
  for (const auto& p : paras) {
    auto [doc, s] = fts.Best(p.text);
    fs.push_back(doc < 0 ? Scored{} : Scored{ds.library[doc].id, s, false});
  }
  std::printf("  (false-match = (negatives matched + paraphrases matched wrong) / posts; in brackets negatives matched / negatives)\n");
  std::printf("  %-44s %-26s %-26s\n", "", "tune: recall@1 false (neg)", "holdout: recall@1 false (neg)");
  PrintParaRow("Vox, suggested or auto", ParaAt(paras, vs, false, th.suggest, false),
               ParaAt(paras, vs, true, th.suggest, false));
  PrintParaRow("Vox, auto only", ParaAt(paras, vs, false, th.autom, true), ParaAt(paras, vs, true, th.autom, true));
  PrintParaRow("Vox, suggest 0.60", ParaAt(paras, vs, false, 0.60, false), ParaAt(paras, vs, true, 0.60, false));
  // Vox at other operating points, each threshold chosen on tune only (as for the peer below).
  {
    std::vector<double> vcuts;
    for (size_t i = 0; i < paras.size(); ++i) {
      if (!paras[i].holdout && !vs[i].id.empty()) vcuts.push_back(vs[i].score);
    }
    std::sort(vcuts.begin(), vcuts.end());
    double vt_j = 0, vbest_j = -2, vt_02 = 1.01, vbest_r02 = -1;
    for (double c : vcuts) {
      ParaRates r = ParaAt(paras, vs, false, c, false);
      if (r.recall() - r.false_rate() > vbest_j) vbest_j = r.recall() - r.false_rate(), vt_j = c;
      if (r.false_rate() <= 0.02 && r.recall() > vbest_r02) vbest_r02 = r.recall(), vt_02 = c;
    }
    char vname[96];
    std::snprintf(vname, sizeof vname, "Vox, max recall-false on tune (%.3f)", vt_j);
    PrintParaRow(vname, ParaAt(paras, vs, false, vt_j, false), ParaAt(paras, vs, true, vt_j, false));
    std::snprintf(vname, sizeof vname, "Vox, best at false<=0.02 on tune (%.3f)", vt_02);
    PrintParaRow(vname, ParaAt(paras, vs, false, vt_02, false), ParaAt(paras, vs, true, vt_02, false));
  }
  ParaRates topt = ParaAt(paras, vs, false, -1, false), toph = ParaAt(paras, vs, true, -1, false);
  std::printf("  Vox top-1 right (no threshold): tune %.3f, holdout %.3f   (%.1f us/post)\n", topt.recall(),
              toph.recall(), para_us);
  // BM25: thresholds chosen on tune only.
  std::vector<double> fcuts;
  for (size_t i = 0; i < paras.size(); ++i) {
    if (!paras[i].holdout && !fs[i].id.empty()) fcuts.push_back(fs[i].score);
  }
  std::sort(fcuts.begin(), fcuts.end());
  double t_j = 0, best_pj = -2, t_02 = 1e300, best_r02 = -1;
  for (double c : fcuts) {
    ParaRates r = ParaAt(paras, fs, false, c, false);
    if (r.recall() - r.false_rate() > best_pj) best_pj = r.recall() - r.false_rate(), t_j = c;
    if (r.false_rate() <= 0.02 && r.recall() > best_r02) best_r02 = r.recall(), t_02 = c;
  }
  char name[96];
  std::snprintf(name, sizeof name, "FTS5 BM25, max recall-false on tune (%.2f)", t_j);
  PrintParaRow(name, ParaAt(paras, fs, false, t_j, false), ParaAt(paras, fs, true, t_j, false));
  std::snprintf(name, sizeof name, "FTS5 BM25, best at false<=0.02 on tune (%.2f)", t_02);
  PrintParaRow(name, ParaAt(paras, fs, false, t_02, false), ParaAt(paras, fs, true, t_02, false));
  std::printf("  FTS5 top-1 right (no threshold): tune %.3f, holdout %.3f\n", ParaAt(paras, fs, false, -1e300, false).recall(),
              ParaAt(paras, fs, true, -1e300, false).recall());

  std::printf("\n  tune only, by typing     recall@1  neg matched\n");
  for (const char* ty : {"as-written", "no-diacritics", "teencode", "nfd", "chatty-prefix"}) {
    size_t pn = 0, pr = 0, nn = 0, nm = 0;
    for (size_t i = 0; i < paras.size(); ++i) {
      if (paras[i].holdout || std::string(paras[i].typing) != ty) continue;
      if (paras[i].negative) {
        ++nn;
        nm += vs[i].score >= th.suggest;
      } else {
        ++pn;
        pr += vs[i].score >= th.suggest && vs[i].id == paras[i].doc_id;
      }
    }
    std::printf("  %-22s   %.3f     %.3f\n", ty, pn ? pr / double(pn) : 0.0, nn ? nm / double(nn) : 0.0);
  }
  // Typing invariance: how often the typed form scores apart from the written one (tune only).
  std::printf("\n  tune only, typed vs written: posts whose score moved > 0.02 / whose best fact-check changed\n");
  for (const char* ty : {"no-diacritics", "teencode", "nfd", "chatty-prefix"}) {
    size_t n = 0, moved = 0, changed = 0;
    for (size_t i = 0; i < paras.size(); ++i) {
      if (paras[i].holdout || std::string(paras[i].typing) != ty) continue;
      ++n;
      auto w = matcher->BestCandidate(paras[i].written);
      const double ws = w ? w->score : -1;
      moved += std::abs(ws - vs[i].score) > 0.02;
      changed += (w ? w->factcheck_id : std::string()) != vs[i].id;
    }
    std::printf("  %-22s   %zu / %zu / %zu\n", ty, moved, changed, n);
  }
  std::printf("\n  tune only, sweep   recall@1  false  (neg)\n");
  for (double t = 0.30; t <= 0.951; t += 0.05) {
    ParaRates r = ParaAt(paras, vs, false, t, false);
    std::printf("  %.2f               %.3f     %.3f  (%.3f)\n", t, r.recall(), r.false_rate(), r.neg_rate());
  }
  if (fit) {  // the retold decision's weights from tune + the copied set (tune weighing --tune-weight, copies 1)
    // The retold regime only (lexical below matcher.cc's kRetoldBelow, 0.8):
    // copies keep their own decision.
    std::vector<std::vector<double>> x;
    std::vector<int> y;
    std::vector<int> from_tune;
    auto add = [&](const std::string& text, const std::string& id, bool right, bool tune) {
      if (id.empty()) return;
      const claims::MatchEvidence e = *matcher->Explain(text, id);
      if (e.lexical >= 0.8) return;
      x.push_back(DecisionFeatures(e));
      y.push_back(right);
      from_tune.push_back(tune);
    };
    for (size_t i = 0; i < paras.size(); ++i) {
      if (!paras[i].holdout) add(paras[i].text, vs[i].id, !paras[i].negative && vs[i].id == paras[i].doc_id, true);
    }
    for (size_t i = 0; i < ds.positives.size(); ++i) add(ds.positives[i].text, ps[i].id, ds.positives[i].answers.count(ps[i].id), false);
    for (size_t i = 0; i < ds.negatives.size(); ++i) add(ds.negatives[i].text, ns[i].id, false, false);
    const double tune_n = static_cast<double>(std::count(from_tune.begin(), from_tune.end(), 1));
    const double copied_n = static_cast<double>(from_tune.size()) - tune_n;
    std::vector<double> wt;
    for (int t : from_tune) wt.push_back(t ? tune_weight / tune_n : 1.0 / copied_n);
    const std::vector<double> w = FitLogistic(x, y, wt);
    std::printf("\n  fitted retold decision (matcher.cc kRetold*): bias %.3f, containment %.3f, saturated %.3f, "
                "claim %.3f, missing %.3f, found %.3f, claim share %.3f"
                ", sentence %.3f, passage %.3f, syllables %.3f, pairs %.3f  (%zu examples)\n",
                w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[10], x.size());
  }
  if (dump_tune) {  // every tune post: kind, doc_id, best score, best id, score against its own doc, typing, text
    for (size_t i = 0; i < paras.size(); ++i) {
      const auto& p = paras[i];
      if (p.holdout) continue;
      auto own = matcher->ScorePair(p.text, p.doc_id);
      claims::MatchEvidence e;
      if (!vs[i].id.empty()) e = *matcher->Explain(p.text, vs[i].id);
      std::printf("TUNE\t%s\t%s\t%.4f\t%s\t%.4f\t%s\t%s\t%.4f\t%.4f\t%.4f\t%d\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%d\t%d\t%.4f\t%.4f\n",
                  p.negative ? "neg" : "para", p.doc_id.c_str(), vs[i].score, vs[i].id.c_str(), own ? *own : -1.0,
                  p.typing, p.text.c_str(), e.containment, e.saturated, e.claim_coverage, e.numbers,
                  e.numbers_missing, e.lexical, e.syllables, e.pairs, e.claim_share, e.novel, e.opposed, e.negated, e.sentence, e.passage);
    }
  }
  return 0;
}
