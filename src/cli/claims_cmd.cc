// `vox factcheck …` and `vox match …`. Library errors arrive as Status and
// leave as a message and an exit code (0 ok, 1 failure, 2 usage, 3 partial).
#include "cli/claims_cmd.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "claims/claims.h"
#include "cli/util.h"
#include "common/item.h"
#include "common/time.h"
#include "ingest/reader.h"
#include "query/query.h"

namespace vox::cli {
namespace {

using json = nlohmann::json;

// A file, "-" for stdin, or an http(s) URL (a fact-check page or a feed of
// ClaimReviews), fetched with ingest's timeouts and size limit.
Result<std::string> ReadInput(const std::string& path) {
  if (path.rfind("http://", 0) == 0 || path.rfind("https://", 0) == 0) return ingest::FetchUrl(path);
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Re-matches the store after the library changed; prints one line.
int Rematch(store::Store& st, bool quiet) {
  auto rr = claims::RematchAll(st);
  if (!rr.ok()) return Fail(rr.status());
  if (!quiet) {
    std::printf("re-matched %lld items: %lld matches (%lld auto)\n", static_cast<long long>(rr->items),
                static_cast<long long>(rr->matched), static_cast<long long>(rr->autos));
  }
  return kOk;
}

using query::FactCheckJson;

int RunImport(Globals& g, const std::string& path, bool as_json) {
  auto data = ReadInput(path);
  if (!data.ok()) return Fail(data.status());
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto rep = claims::ImportFactChecks(**st, *data, path, PrintRejection);
  if (!rep.ok()) {  // an unusable file is a failure, not a usage error
    std::fprintf(stderr, "vox: %s\n", rep.status().message().c_str());
    return kFailure;
  }
  auto rr = claims::RematchAll(**st);
  if (!rr.ok()) return Fail(rr.status());
  if (as_json) {
    std::cout << Dump({{"input", path},
                       {"added", rep->added},
                       {"updated", rep->updated},
                       {"unchanged", rep->unchanged},
                       {"rejected", rep->rejected},
                       {"rematched_items", rr->items},
                       {"matches", rr->matched},
                       {"auto", rr->autos}})
              << "\n";
  } else {
    std::printf("%s: %lld added, %lld updated, %lld unchanged, %lld rejected\n", path.c_str(),
                static_cast<long long>(rep->added), static_cast<long long>(rep->updated),
                static_cast<long long>(rep->unchanged), static_cast<long long>(rep->rejected));
    std::printf("re-matched %lld items: %lld matches (%lld auto)\n", static_cast<long long>(rr->items),
                static_cast<long long>(rr->matched), static_cast<long long>(rr->autos));
  }
  return rep->rejected ? kPartial : kOk;
}

struct AddArgs {
  store::FactCheck fc;
  std::string published_at;
  bool as_json = false;
};

int RunAdd(Globals& g, AddArgs a) {
  if (!a.published_at.empty()) {
    int64_t t = 0;
    if (!ParseTimestamp(a.published_at, &t)) {
      return Fail(Status::InvalidArgument("bad --published-at '" + a.published_at + "': use RFC 3339"));
    }
    a.fc.published_at = t;
  }
  a.fc.own = true;
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto u = claims::SaveFactCheck(**st, &a.fc);
  if (!u.ok()) return Fail(u.status());
  const char* what = *u == store::Upsert::kAdded ? "added" : *u == store::Upsert::kUpdated ? "updated" : "unchanged";
  if (a.as_json) {
    std::cout << Dump({{"id", a.fc.id}, {"result", what}}) << "\n";
  } else {
    std::printf("fact-check %s %s\n", a.fc.id.c_str(), what);
  }
  return Rematch(**st, a.as_json);
}

int RunList(Globals& g, bool as_json) {
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  json arr = json::array();
  Status s = (*st)->ForEachFactCheck([&](const store::FactCheck& fc) {
    if (as_json) {
      arr.push_back(FactCheckJson(fc));
    } else {
      std::printf("%s\t%s\t%s%s\n", fc.id.c_str(), fc.verdict.c_str(), OneLine(fc.claim, 100).c_str(),
                  fc.own ? "\t(own)" : "");
    }
    return true;
  });
  if (!s.ok()) return Fail(s);
  if (as_json) std::cout << Dump(arr) << "\n";
  return kOk;
}

int RunSearch(Globals& g, const std::string& query, size_t limit, bool as_json) {
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto m = claims::Matcher::Load(**st);
  if (!m.ok()) return Fail(m.status());
  json arr = json::array();
  for (const claims::SearchHit& h : (*m)->Search(query, limit)) {
    auto fc = (*st)->GetFactCheck(h.factcheck_id);
    if (!fc.ok()) return Fail(fc.status());
    if (!fc->has_value()) continue;
    if (as_json) {
      json j = FactCheckJson(**fc);
      j["score"] = h.score;
      arr.push_back(std::move(j));
    } else {
      std::printf("%.3f\t%s\t%s\t%s\n", h.score, h.factcheck_id.c_str(), (*fc)->verdict.c_str(),
                  OneLine((*fc)->claim, 100).c_str());
    }
  }
  if (as_json) std::cout << Dump(arr) << "\n";
  return kOk;
}

int RunExport(Globals& g, const std::string& out) {
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto doc = claims::ExportClaimReviews(**st);
  if (!doc.ok()) return Fail(doc.status());
  if (out.empty() || out == "-") {
    std::cout << *doc << "\n";
    return kOk;
  }
  std::ofstream f(out, std::ios::binary);
  f << *doc << "\n";
  if (!f) return Fail(Status::IoError("cannot write " + out));
  return kOk;
}

struct MatchArgs {
  bool as_json = false;
  std::string state;
  std::string text;
};

int RunMatchText(Globals& g, const MatchArgs& a) {
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto m = claims::Matcher::Load(**st);
  if (!m.ok()) return Fail(m.status());
  auto r = (*m)->MatchText(a.text);
  if (a.as_json) {
    if (!r) {
      std::cout << "null\n";
      return kOk;
    }
    auto fc = (*st)->GetFactCheck(r->factcheck_id);
    std::cout << Dump(query::TextMatchJson(*r, fc.ok() ? *fc : std::nullopt)) << "\n";
    return kOk;
  }
  if (!r) {
    std::printf("no match (library of %zu fact-checks)\n", (*m)->library_size());
    return kOk;
  }
  auto fc = (*st)->GetFactCheck(r->factcheck_id);
  std::printf("%s\t%.3f\t%s\n", r->factcheck_id.c_str(), r->score, store::MatchStateName(r->state));
  if (fc.ok() && fc->has_value()) {
    std::printf("  %s: %s\n  %s\n", (*fc)->verdict.c_str(), OneLine((*fc)->claim, 120).c_str(), (*fc)->url.c_str());
  }
  return kOk;
}

int RunMatchList(Globals& g, const MatchArgs& a) {
  store::MatchState want{};
  const bool filter = !a.state.empty();
  if (filter && !store::ParseMatchState(a.state, &want)) {
    return Fail(Status::InvalidArgument("bad --state '" + a.state + "': use suggested, auto, accepted or rejected"));
  }
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto best = query::BestMatches(**st, filter ? std::optional(want) : std::nullopt);
  if (!best.ok()) return Fail(best.status());
  if (a.as_json) {
    std::cout << Dump(query::MatchesJson(*best)) << "\n";
    return kOk;
  }
  for (const store::Match& m : *best) {
    std::printf("%s\t%s\t%s\t%.3f\t%s\n", m.item_source.c_str(), m.item_id.c_str(), m.factcheck_id.c_str(), m.score,
                store::MatchStateName(m.state));
  }
  return kOk;
}

struct DecideArgs {
  std::string source, item, factcheck, decision;
};

int RunDecide(Globals& g, const DecideArgs& a) {
  store::MatchState state;
  if (a.decision == "accept" || a.decision == "accepted") {
    state = store::MatchState::kAccepted;
  } else if (a.decision == "reject" || a.decision == "rejected") {
    state = store::MatchState::kRejected;
  } else {
    return Fail(Status::InvalidArgument("decision must be accept or reject, not '" + a.decision + "'"));
  }
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto item = (*st)->GetItem(a.source, a.item);
  if (!item.ok()) return Fail(item.status());
  // The decision keeps the score the matcher gives this pair now, so that
  // calibration sees the same scale as matching.
  double score = 0;
  bool have = false;
  Status s = (*st)->ForEachMatch([&](const store::Match& m) {
    if (m.item_rowid == item->rowid && m.factcheck_id == a.factcheck) {
      score = m.score;
      have = true;
      return false;
    }
    return true;
  });
  if (!s.ok()) return Fail(s);
  if (!have) {
    auto m = claims::Matcher::Load(**st);
    if (!m.ok()) return Fail(m.status());
    const Item& it = item->item;
    score = (*m)->ScorePair(it.title.empty() ? it.text : it.title + "\n" + it.text, a.factcheck).value_or(0);
  }
  Status d = (*st)->DecideMatch(a.source, a.item, a.factcheck, state, score);
  if (!d.ok()) return Fail(d);
  std::printf("%s %s/%s -> %s\n", store::MatchStateName(state), a.source.c_str(), a.item.c_str(), a.factcheck.c_str());
  return kOk;
}

struct CalibrateArgs {
  bool as_json = false;
  bool dry_run = false;
  double target_precision = 0.95;
};

int RunCalibrate(Globals& g, const CalibrateArgs& a) {
  if (!(a.target_precision > 0 && a.target_precision <= 1)) {
    return Fail(Status::InvalidArgument("--target-precision must be in (0, 1]"));
  }
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  claims::CalibrateOptions opts;
  opts.apply = !a.dry_run;
  opts.target_precision = a.target_precision;
  auto r = claims::Calibrate(**st, opts);
  if (!r.ok()) return Fail(r.status());
  if (r->fitted && !a.dry_run) {
    auto rr = claims::RematchAll(**st);
    if (!rr.ok()) return Fail(rr.status());
  }
  if (a.as_json) {
    std::cout << Dump({{"decisions", r->decisions},
                       {"accepted", r->accepted},
                       {"rejected", r->rejected},
                       {"fitted", r->fitted},
                       {"applied", r->fitted && !a.dry_run},
                       {"note", r->note},
                       {"current",
                        {{"suggest", r->current.suggest},
                         {"auto", r->current.autom},
                         {"precision", r->precision_current},
                         {"recall", r->recall_current}}},
                       {"proposed",
                        {{"suggest", r->proposed.suggest},
                         {"auto", r->proposed.autom},
                         {"precision", r->precision_proposed},
                         {"recall", r->recall_proposed}}}})
              << "\n";
    return kOk;
  }
  std::printf("%lld staff decisions (%lld accepted, %lld rejected)\n", static_cast<long long>(r->decisions),
              static_cast<long long>(r->accepted), static_cast<long long>(r->rejected));
  std::printf("current:  suggest %.3f  auto %.3f  -> auto precision %.3f, recall %.3f\n", r->current.suggest,
              r->current.autom, r->precision_current, r->recall_current);
  if (r->fitted) {
    std::printf("fitted:   suggest %.3f  auto %.3f  -> auto precision %.3f, recall %.3f%s\n", r->proposed.suggest,
                r->proposed.autom, r->precision_proposed, r->recall_proposed,
                a.dry_run ? " (dry run: not saved)" : " (saved; store re-matched)");
  }
  if (!r->note.empty()) std::printf("%s\n", r->note.c_str());
  return kOk;
}

}  // namespace

void RegisterClaimsCommands(CLI::App& app, Globals& g, Runner* run) {
  auto* fcc = app.add_subcommand("factcheck", "the fact-check library: import, add, list, search, export");
  fcc->require_subcommand(1);

  auto* imp = fcc->add_subcommand("import", "import fact-checks (JSON Lines or ClaimReview JSON-LD), then re-match");
  auto imp_path = std::make_shared<std::string>();
  auto imp_json = std::make_shared<bool>(false);
  imp->add_option("path", *imp_path, "PATH, - (stdin) or an http(s) URL")->required();
  imp->add_flag("--json", *imp_json, "print the summary as JSON");
  imp->callback([&g, run, imp_path, imp_json] {
    *run = [&g, imp_path, imp_json] { return RunImport(g, *imp_path, *imp_json); };
  });

  auto* add = fcc->add_subcommand("add", "add or edit one of the office's own fact-checks, then re-match");
  auto add_args = std::make_shared<AddArgs>();
  add->add_option("--id", add_args->fc.id, "id (default: derived from the claim); an existing id is edited");
  add->add_option("--claim", add_args->fc.claim, "the claim as it circulates")->required();
  add->add_option("--verdict", add_args->fc.verdict, "e.g. Sai, Đúng, Gây hiểu lầm")->required();
  add->add_option("--body", add_args->fc.body, "the explanation, with its sources");
  add->add_option("--url", add_args->fc.url, "where the answer is published");
  add->add_option("--author", add_args->fc.author, "the publishing organisation");
  add->add_option("--appearance", add_args->fc.appearance, "where the claim was seen (URL)");
  add->add_option("--published-at", add_args->published_at, "RFC 3339");
  add->add_flag("--json", add_args->as_json, "print the result as JSON");
  add->callback([&g, run, add_args] { *run = [&g, add_args] { return RunAdd(g, *add_args); }; });

  auto* list = fcc->add_subcommand("list", "list the library");
  auto list_json = std::make_shared<bool>(false);
  list->add_flag("--json", *list_json, "JSON array");
  list->callback([&g, run, list_json] { *run = [&g, list_json] { return RunList(g, *list_json); }; });

  auto* srch = fcc->add_subcommand("search", "search the library (accent- and teencode-insensitive)");
  auto s_query = std::make_shared<std::string>();
  auto s_limit = std::make_shared<size_t>(10);
  auto s_json = std::make_shared<bool>(false);
  srch->add_option("query", *s_query, "QUERY")->required();
  srch->add_option("--limit", *s_limit, "at most N results")->capture_default_str();
  srch->add_flag("--json", *s_json, "JSON array");
  srch->callback([&g, run, s_query, s_limit, s_json] {
    *run = [&g, s_query, s_limit, s_json] { return RunSearch(g, *s_query, *s_limit, *s_json); };
  });

  auto* exp = fcc->add_subcommand("export", "the office's own fact-checks as ClaimReview JSON-LD");
  auto exp_out = std::make_shared<std::string>();
  exp->add_option("--out", *exp_out, "FILE (default stdout)");
  exp->callback([&g, run, exp_out] { *run = [&g, exp_out] { return RunExport(g, *exp_out); }; });

  auto* match = app.add_subcommand("match", "matches of items against the fact-check library");
  auto margs = std::make_shared<MatchArgs>();
  match->add_flag("--json", margs->as_json, "JSON");
  match->add_option("--state", margs->state, "only suggested|auto|accepted|rejected");
  match->add_option("--text", margs->text, "match this text instead of listing stored matches");

  auto* decide = match->add_subcommand("decide", "record a staff decision on a match");
  auto dargs = std::make_shared<DecideArgs>();
  decide->add_option("--source", dargs->source, "item source")->required();
  decide->add_option("--item", dargs->item, "item id (as given at ingest)")->required();
  decide->add_option("--factcheck", dargs->factcheck, "fact-check id")->required();
  decide->add_option("decision", dargs->decision, "accept | reject")->required();
  decide->callback([&g, run, dargs] { *run = [&g, dargs] { return RunDecide(g, *dargs); }; });

  auto* cal = match->add_subcommand("calibrate", "re-fit the thresholds from staff decisions");
  auto cargs = std::make_shared<CalibrateArgs>();
  cal->add_flag("--json", cargs->as_json, "JSON");
  cal->add_flag("--dry-run", cargs->dry_run, "report, do not save");
  cal->add_option("--target-precision", cargs->target_precision, "precision wanted from auto matches")
      ->capture_default_str();
  cal->callback([&g, run, cargs] { *run = [&g, cargs] { return RunCalibrate(g, *cargs); }; });

  match->callback([&g, run, margs, decide, cal] {
    if (decide->parsed() || cal->parsed()) return;  // the subcommand's callback sets *run
    *run = [&g, margs] { return margs->text.empty() ? RunMatchList(g, *margs) : RunMatchText(g, *margs); };
  });
}

}  // namespace vox::cli
