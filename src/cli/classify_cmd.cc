#include "cli/classify_cmd.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "classify/classify.h"
#include "cli/util.h"
#include "query/query.h"

namespace vox::cli {

namespace {

struct ClassifyArgs {
  bool json = false;
  std::string model;      // --model (default <db>.classifier.bin)
  std::string taxonomy;   // --taxonomy FILE: validate and install
  std::string gazetteer;  // --gazetteer FILE: validate and install
  int folds = 3;          // selection cross-validation folds (0: no selection)
  int epoch = 0;          // 0: chosen (or the TrainOptions default)
  int threads = 1;
  std::string text_form = "auto";
  int holdout = 20;       // percent held back for the report
  bool no_peer = false;
  double max_seconds = 120;
  // label
  std::string source, item;
  std::vector<std::string> cats;
  // concerns
  std::string since, until;
  int limit = 20;
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::IoError("cannot read " + path);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Validates and stores the office's taxonomy/gazetteer files in the store's
// settings, so that every later `vox ingest` and `vox classify` uses them.
Status InstallFiles(store::Store& st, const ClassifyArgs& a) {
  if (!a.taxonomy.empty()) {
    auto text = ReadFile(a.taxonomy);
    if (!text.ok()) return text.status();
    auto t = classify::Taxonomy::Parse(*text, a.taxonomy);
    if (!t.ok()) return t.status();
    VOX_RETURN_IF_ERROR(st.SetSetting(classify::kSettingTaxonomy, *text));
  }
  if (!a.gazetteer.empty()) {
    auto text = ReadFile(a.gazetteer);
    if (!text.ok()) return text.status();
    auto g = classify::Gazetteer::Parse(*text, a.gazetteer);
    if (!g.ok()) return g.status();
    VOX_RETURN_IF_ERROR(st.SetSetting(classify::kSettingGazetteer, *text));
  }
  return Status::Ok();
}

Result<std::string> ModelPath(const Globals& g, const ClassifyArgs& a) {
  if (!a.model.empty()) return a.model;
  return classify::DefaultModelPath(g.db);
}

nlohmann::json OptionsJson(const classify::TrainOptions& o) {
  return {{"text_form", std::string(classify::TextFormName(o.form))},
          {"epoch", o.epoch},
          {"lr", o.lr},
          {"word_ngrams", o.word_ngrams},
          {"dim", o.dim},
          {"minn", o.minn},
          {"maxn", o.maxn},
          {"chunk", o.chunk},
          {"bucket", o.bucket},
          {"min_count", o.min_count}};
}

nlohmann::json CategoriesJson(const classify::Evaluation& ev) {
  nlohmann::json cats = nlohmann::json::array();
  for (const auto& c : ev.categories) {
    cats.push_back({{"id", c.category},
                    {"support", c.support},
                    {"predicted", c.predicted},
                    {"precision", c.precision()},
                    {"recall", c.recall()}});
  }
  return cats;
}

void PrintCategories(const classify::Evaluation& ev, const classify::Evaluation* peer) {
  if (peer) {
    std::printf("  %-18s %8s %9s %7s   %s\n", "category", "support", "precision", "recall",
                "fasttext command: precision recall");
  } else {
    std::printf("  %-18s %8s %9s %7s\n", "category", "support", "precision", "recall");
  }
  for (const auto& c : ev.categories) {
    std::printf("  %s %8lld %9.3f %7.3f", Padded(c.category, 18).c_str(), static_cast<long long>(c.support),
                c.precision(), c.recall());
    if (peer) {
      for (const auto& p : peer->categories) {
        if (p.category == c.category) std::printf("   %9.3f %7.3f", p.precision(), p.recall());
      }
    }
    std::printf("\n");
  }
}

int RunPredict(const Globals& g, const ClassifyArgs& a) {
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  Status s = InstallFiles(**st, a);
  if (!s.ok()) return Fail(s);
  auto annotator = classify::LoadAnnotator(**st, g.db, a.model);
  if (!annotator.ok()) return Fail(annotator.status());
  const classify::Annotator& an = **annotator;

  struct Pending {
    int64_t rowid;
    std::vector<std::string> cats, places;
  };
  std::vector<Pending> pending;
  std::map<std::string, int64_t> per_category;
  int64_t items = 0, labelled = 0, by_model = 0, by_rules = 0, none = 0, unsure = 0;
  auto t0 = std::chrono::steady_clock::now();
  s = (*st)->ForEachItem({}, [&](const store::StoredItem& si) {
    ++items;
    classify::Annotation r = an.Annotate(si.item);
    switch (r.from) {
      case classify::Annotation::From::kLabels: ++labelled; break;
      case classify::Annotation::From::kModel:
        ++by_model;
        unsure += r.unsure;
        break;
      case classify::Annotation::From::kRules: ++by_rules; break;
      case classify::Annotation::From::kNone: break;
    }
    if (r.categories.empty()) ++none;
    for (const auto& c : r.categories) ++per_category[c.category];
    pending.push_back({si.rowid, classify::Annotator::FormatCategories(r.categories), std::move(r.places)});
    return true;
  });
  if (!s.ok()) return Fail(s);
  // Written after the scan, in transactions of 10,000 items.
  for (size_t i = 0; i < pending.size(); i += 10000) {
    auto txn = store::Transaction::Begin(**st);
    if (!txn.ok()) return Fail(txn.status());
    for (size_t j = i; s.ok() && j < std::min(pending.size(), i + 10000); ++j) {
      s = (*st)->SetItemAnnotations(pending[j].rowid, pending[j].cats, pending[j].places);
    }
    if (s.ok()) s = txn->Commit();  // on an error the guard rolls back
    if (!s.ok()) return Fail(s);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const auto& tax = an.taxonomy();
  if (a.json) {
    nlohmann::json cats = nlohmann::json::array();
    for (const auto& c : tax.categories) {
      cats.push_back({{"id", c.id}, {"name", c.name}, {"items", per_category[c.id]}});
    }
    for (const auto& [id, n] : per_category) {  // labels outside the taxonomy
      if (!tax.Find(id)) cats.push_back({{"id", id}, {"name", id}, {"items", n}});
    }
    nlohmann::json out = {{"items", items},        {"labelled", labelled}, {"model", by_model},
                          {"rules", by_rules},     {"uncategorized", none}, {"model_loaded", an.model() != nullptr},
                          {"categories", cats},    {"seconds", secs}};
    out["unsure"] = unsure;  // by the model with top probability < 0.70: best category kept, score shows it
    if (an.model()) {
      const auto& info = an.model()->info();
      out["model_hyperparameters"] = OptionsJson(info.options);
      out["model_selection"] = info.selection;
    }
    std::printf("%s\n", Dump(out).c_str());
    return kOk;
  }
  std::printf("%lld items: %lld by staff label, %lld by the model, %lld by rules, %lld without a concern (%.2fs)%s\n",
              static_cast<long long>(items), static_cast<long long>(labelled), static_cast<long long>(by_model),
              static_cast<long long>(by_rules), static_cast<long long>(none), secs,
              an.model() ? "" : "\n(no trained model: rules only; run `vox classify train` after labelling)");
  if (an.model()) {
    std::printf("model: %s (%s); %lld items unsure (top probability < 0.70: best category kept with its score)\n",
                classify::DescribeOptions(an.model()->info().options).c_str(), an.model()->info().selection.c_str(),
                static_cast<long long>(unsure));
  }
  for (const auto& c : tax.categories) {
    std::printf("  %-18s %8lld  %s\n", c.id.c_str(), static_cast<long long>(per_category[c.id]), c.name.c_str());
  }
  return kOk;
}

int RunTrain(const Globals& g, const ClassifyArgs& a) {
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto path = ModelPath(g, a);
  if (!path.ok()) return Fail(path.status());
  classify::TrainSetup setup;
  std::vector<classify::TextForm> forms;
  if (a.text_form == "auto") {
    forms = setup.select_options.forms;
  } else {
    classify::TextForm f;
    if (!classify::ParseTextForm(a.text_form, &f)) {
      return Fail(Status::InvalidArgument("bad --text-form '" + a.text_form + "': auto, normalized, folded or lower"));
    }
    forms = {f};
  }
  if (a.holdout < 0 || a.holdout >= 100) return Fail(Status::InvalidArgument("--holdout is a percentage, 0 to 99"));
  if (a.folds == 1 || a.folds < 0) return Fail(Status::InvalidArgument("--folds must be 0 (no selection) or at least 2"));

  std::vector<classify::LabelledText> items;
  std::vector<std::string> distinct;
  Status s = (*st)->ForEachItem({}, [&](const store::StoredItem& si) {
    if (si.item.labels.empty()) return true;
    std::string text = si.item.title.empty() ? si.item.text : si.item.title + "\n" + si.item.text;
    items.push_back({std::move(text), si.item.labels, si.item.source + "\x1f" + si.item.id});
    for (const auto& l : si.item.labels) {
      if (std::find(distinct.begin(), distinct.end(), l) == distinct.end()) distinct.push_back(l);
    }
    return true;
  });
  if (!s.ok()) return Fail(s);
  constexpr size_t kMinExamples = 10;
  if (items.size() < kMinExamples || distinct.size() < 2) {
    return Fail(Status::InvalidArgument(
        std::to_string(items.size()) + " labelled items in " + std::to_string(distinct.size()) +
        " categories: training needs at least " + std::to_string(kMinExamples) +
        " in 2 categories; label items with `vox label` or ingest items with \"labels\""));
  }

  setup.holdout_percent = a.holdout;
  setup.peer = !a.no_peer;
  setup.select_options.forms = forms;
  setup.select_options.fixed_epoch = a.epoch;
  setup.select_options.max_seconds = a.max_seconds;
  setup.select_options.threads = std::max(1, a.threads);
  setup.select_options.folds = std::max(2, a.folds);
  // Selection needs folds >= 2 and two items per fold in the training part.
  size_t train_part = items.size() - items.size() * static_cast<size_t>(a.holdout) / 100;
  setup.select = a.folds >= 2 && train_part >= static_cast<size_t>(a.folds) * 2;
  // Without selection: the `fasttext` command's setting on lower-cased text,
  // long texts in 30-word pieces (docs/concerns.md).
  setup.fixed.form = a.text_form == "auto" ? classify::TextForm::kLower : forms.front();
  setup.fixed.chunk = 30;
  if (a.epoch > 0) setup.fixed.epoch = a.epoch;
  setup.fixed.threads = std::max(1, a.threads);

  auto rep = classify::TrainWithReport(items, setup);
  if (!rep.ok()) return Fail(rep.status());
  const classify::Model& model = *rep->model;
  s = model.Save(*path);
  if (!s.ok()) return Fail(s);
  s = (*st)->SetSetting(classify::kSettingModel, *path);
  if (!s.ok()) return Fail(s);
  const classify::TrainOptions& chosen = model.info().options;
  const classify::Selection& sel = rep->selection;

  if (a.json) {
    nlohmann::json out = {{"examples", items.size()}, {"model", *path}};
    if (setup.select) {
      out["cross_validation"] = {{"folds", sel.folds}, {"accuracy", sel.accuracy},
                                 {"categories", CategoriesJson(sel.chosen_cv)}};
      nlohmann::json cands = nlohmann::json::array();
      for (const auto& c : sel.tried) {
        nlohmann::json j = OptionsJson(c.options);
        j["stage"] = c.stage;
        j["accuracy"] = c.accuracy;
        j["log_loss"] = c.log_loss;
        j["seconds"] = c.seconds;
        cands.push_back(std::move(j));
      }
      out["selection"] = {{"method", sel.Describe()},   {"folds", sel.folds},
                          {"items", sel.items},         {"items_used", sel.items_used},
                          {"accuracy", sel.accuracy},   {"stopped_by_budget", sel.stopped_by_budget},
                          {"candidates", cands}};
    } else {
      out["selection"] = {{"method", "given"}};
    }
    out["hyperparameters"] = OptionsJson(chosen);
    if (rep->held_back) {
      out["held_back"] = {{"percent", a.holdout},
                          {"items", rep->held_back_items},
                          {"train_items", rep->train_items},
                          {"accuracy", rep->held_back->accuracy()},
                          {"categories", CategoriesJson(*rep->held_back)}};
    } else {
      out["held_back"] = nullptr;
    }
    if (rep->peer) {
      out["fasttext_command"] = {{"command", rep->peer->command},
                                 {"text", "lower-cased raw text"},
                                 {"accuracy", rep->peer->eval.accuracy()},
                                 {"categories", CategoriesJson(rep->peer->eval)},
                                 {"seconds", rep->peer->seconds}};
    } else {
      out["fasttext_command"] = nullptr;
      if (!rep->peer_skipped.empty()) out["fasttext_command_skipped"] = rep->peer_skipped;
    }
    out["labels"] = model.labels();
    out["seconds"] = rep->seconds;
    std::printf("%s\n", Dump(out).c_str());
    return kOk;
  }
  std::printf("trained on %zu labelled items (%.1fs), model saved to %s\n", items.size(), rep->seconds,
              path->c_str());
  std::printf("hyperparameters: %s", classify::DescribeOptions(chosen).c_str());
  if (setup.select) {
    std::printf("\n  chosen by %s: cross-validated accuracy %.3f\n", sel.Describe().c_str(), sel.accuracy);
  } else {
    std::printf(" (given: no selection)\n");
  }
  if (rep->held_back) {
    std::printf("held back %zu of %zu items (%d%%, stratified; trained on the other %zu, then retrained on all):\n",
                rep->held_back_items, items.size(), a.holdout, rep->train_items);
    std::printf("  vox: accuracy %.3f", rep->held_back->accuracy());
    if (rep->peer) {
      std::printf("   fasttext command (%s, lower-cased raw text, same split): accuracy %.3f\n",
                  "-epoch 25 -lr 0.5 -wordNgrams 2 -dim 50", rep->peer->eval.accuracy());
    } else {
      std::printf("%s\n", rep->peer_skipped.empty() || a.no_peer ? "" : ("   (" + rep->peer_skipped + ")").c_str());
    }
    PrintCategories(*rep->held_back, rep->peer ? &rep->peer->eval : nullptr);
  } else {
    std::printf("(too few labelled items to hold some back for a report)\n");
    if (setup.select) PrintCategories(sel.chosen_cv, nullptr);
  }
  std::printf("next: `vox classify` predicts categories for the unlabelled items\n");
  return kOk;
}

int RunLabel(const Globals& g, const ClassifyArgs& a) {
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto annotator = classify::LoadAnnotator(**st, g.db, "/nonexistent");  // taxonomy only
  if (!annotator.ok()) return Fail(annotator.status());
  const auto& tax = (*annotator)->taxonomy();
  std::vector<std::string> labels;
  for (const auto& c : a.cats) {
    if (c != classify::kNoConcern && !tax.Find(c)) {
      std::string known;
      for (const auto& k : tax.categories) known += " " + k.id;
      return Fail(Status::InvalidArgument("unknown category '" + c + "'; known:" + known + " none"));
    }
    if (std::find(labels.begin(), labels.end(), c) == labels.end()) labels.push_back(c);
  }
  Status s = (*st)->SetItemLabels(a.source, a.item, labels);
  if (!s.ok()) return Fail(s);
  // Staff labels are the item's categories from now on.
  auto si = (*st)->GetItem(a.source, a.item);
  if (!si.ok()) return Fail(si.status());
  std::vector<classify::Score> cats;
  for (const auto& l : labels) {
    if (l != classify::kNoConcern) cats.push_back({l, 1.0});
  }
  s = (*st)->SetItemAnnotations(si->rowid, classify::Annotator::FormatCategories(cats), si->places);
  if (!s.ok()) return Fail(s);
  std::string joined;
  for (const auto& l : labels) joined += (joined.empty() ? "" : " ") + l;
  std::printf("labelled %s/%s: %s\n", a.source.c_str(), a.item.c_str(), joined.c_str());
  return kOk;
}

int RunConcerns(const Globals& g, const ClassifyArgs& a) {
  query::ConcernsRequest req;
  if (!ParseTimeArg(a.since, &req.items.since) || !ParseTimeArg(a.until, &req.items.until)) {
    return Fail(Status::InvalidArgument("bad --since/--until: use RFC 3339, YYYY-MM-DD or 7d"));
  }
  req.place_limit = a.limit > 0 ? static_cast<size_t>(a.limit) : 0;
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto c = query::CountConcerns(**st, g.db, req);
  if (!c.ok()) return Fail(c.status());
  if (a.json) {
    std::printf("%s\n", Dump(query::ConcernsJson(*c)).c_str());
    return kOk;
  }
  std::printf("%lld items, %lld with a concern, %lld with a place\n\nconcerns\n", static_cast<long long>(c->items),
              static_cast<long long>(c->with_concern), static_cast<long long>(c->with_place));
  for (const auto& cc : c->categories) {
    std::printf("  %s %8lld  %s\n", Padded(cc.id, 18).c_str(), static_cast<long long>(cc.items), cc.name.c_str());
  }
  std::printf("\nplaces (top concerns)\n");
  for (const auto& pc : c->places) {
    std::vector<std::pair<std::string, int64_t>> top(pc.categories.begin(), pc.categories.end());
    std::stable_sort(top.begin(), top.end(), [](auto& x, auto& y) { return x.second > y.second; });
    std::string t;
    for (size_t i = 0; i < top.size() && i < 3; ++i) {
      t += (i ? ", " : "") + top[i].first + " " + std::to_string(top[i].second);
    }
    std::printf("  %s %8lld  %s\n", Padded(pc.name, 32).c_str(), static_cast<long long>(pc.items), t.c_str());
  }
  return kOk;
}

}  // namespace

void RegisterClassifyCommands(CLI::App& app, Globals& g, Runner* run) {
  auto a = std::make_shared<ClassifyArgs>();

  auto* cls = app.add_subcommand("classify", "tag concern categories and places (rules, or the trained model)");
  cls->add_flag("--json", a->json, "print JSON");
  cls->add_option("--model", a->model, "model file (default <db>.classifier.bin)");
  cls->add_option("--taxonomy", a->taxonomy, "install this taxonomy file (TOML) in the store first");
  cls->add_option("--gazetteer", a->gazetteer, "install this gazetteer file (TSV) in the store first");
  auto* train = cls->add_subcommand(
      "train", "train the model on staff-labelled items: choose its text form and hyperparameters by "
               "cross-validation, report held-back accuracy beside the fasttext command's");
  train->add_option("--folds", a->folds, "cross-validation folds for choosing hyperparameters (0: none, use defaults)")
      ->capture_default_str();
  train->add_option("--epoch", a->epoch, "training passes (default: chosen)");
  train->add_option("--threads", a->threads, "training threads (1 is reproducible)")->capture_default_str();
  train->add_option("--model", a->model, "model file (default <db>.classifier.bin)");
  train->add_option("--text-form", a->text_form, "model text: auto (chosen), normalized, folded, lower")
      ->capture_default_str();
  train->add_option("--holdout", a->holdout, "percent of labelled items held back for the report (0: none)")
      ->capture_default_str();
  train->add_flag("--no-peer", a->no_peer, "do not run the fasttext command for comparison");
  train->add_option("--max-seconds", a->max_seconds, "time budget of the hyperparameter search")
      ->capture_default_str();
  train->add_flag("--json", a->json, "print JSON");
  cls->callback([a, &g, run, train] {
    if (train->parsed()) {
      *run = [a, &g] { return RunTrain(g, *a); };
    } else {
      *run = [a, &g] { return RunPredict(g, *a); };
    }
  });

  auto* label = app.add_subcommand("label", "set an item's staff categories (replaces earlier labels)");
  label->add_option("--source", a->source, "the item's source")->required();
  label->add_option("--item", a->item, "the item's id")->required();
  label->add_option("categories", a->cats, "category ids (\"none\": raises no concern)")->required();
  label->callback([a, &g, run] { *run = [a, &g] { return RunLabel(g, *a); }; });

  auto* concerns = app.add_subcommand("concerns", "items per concern and per place (aggregates only)");
  concerns->add_option("--since", a->since, "published at or after (RFC 3339, YYYY-MM-DD or 7d)");
  concerns->add_option("--until", a->until, "published before");
  concerns->add_option("--limit", a->limit, "places shown (0: all)")->capture_default_str();
  concerns->add_flag("--json", a->json, "print JSON");
  concerns->callback([a, &g, run] { *run = [a, &g] { return RunConcerns(g, *a); }; });
}

}  // namespace vox::cli
