// Choosing the model's text form and fastText hyperparameters on the
// office's own labelled items (cross-validation, a staged grid within a
// time budget), and `vox classify train`'s whole procedure with its report
// (held-back split, the `fasttext` command on the same split, final model).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "classify/classify.h"

namespace vox::classify {

namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

size_t CountTokens(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

struct CvResult {
  Evaluation eval;
  double log_loss = 0;
};

// Stratified k-fold cross-validation of one candidate, with the mean
// -log p(true label) beside the top-1 figures.
Result<CvResult> CrossValidateDetailed(const std::vector<Example>& examples, const std::vector<int>& fold_of,
                                       int folds, const TrainOptions& opts) {
  CvResult r;
  std::vector<std::vector<std::string>> labels;
  std::vector<std::string> predicted;
  double loss = 0;
  for (int f = 0; f < folds; ++f) {
    std::vector<Example> train;
    std::vector<size_t> test;
    for (size_t i = 0; i < examples.size(); ++i) {
      if (fold_of[i] < 0) continue;
      if (fold_of[i] == f) {
        test.push_back(i);
      } else {
        train.push_back(examples[i]);
      }
    }
    if (test.empty()) continue;
    auto m = Model::Train(train, opts);
    if (!m.ok()) return m.status();
    for (size_t i : test) {
      auto preds = m->Predict(examples[i].text);
      labels.push_back(examples[i].labels);
      predicted.push_back(preds.empty() ? std::string() : preds[0].category);
      double p = 0;
      for (const auto& s : preds) {
        if (std::find(examples[i].labels.begin(), examples[i].labels.end(), s.category) !=
            examples[i].labels.end()) {
          p = std::max(p, s.score);
        }
      }
      loss += -std::log(std::max(p, 1e-6));
    }
  }
  r.eval = EvaluatePredictions(labels, predicted);
  r.log_loss = labels.empty() ? 0 : loss / static_cast<double>(labels.size());
  return r;
}

// Word-passes of training at a candidate's setting relative to one plain
// pass (wordNgrams 2, dim 50): linear in the features per word and roughly
// in the dimension.
double CostFactor(const TrainOptions& o) {
  double features = static_cast<double>(o.word_ngrams);
  if (o.maxn > 0) features += 2.5 * (o.maxn - o.minn + 1);  // a syllable has few character n-grams
  return (features / 2.0) * (0.4 + 0.6 * o.dim / 50.0);
}

double RelativeCost(const TrainOptions& o) { return o.epoch * CostFactor(o); }

bool Better(const Candidate& a, const Candidate& b, size_t n) {
  // Counts, not ratios: a difference of less than one item is a tie.
  double da = a.accuracy * static_cast<double>(n), db = b.accuracy * static_cast<double>(n);
  if (da > db + 0.5) return true;
  if (db > da + 0.5) return false;
  if (std::abs(a.log_loss - b.log_loss) > 1e-9) return a.log_loss < b.log_loss;
  return RelativeCost(a.options) < RelativeCost(b.options);
}

std::string WithThousands(size_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

}  // namespace

std::string Selection::Describe() const {
  std::string out = std::to_string(folds) + "-fold cross-validation, " + std::to_string(tried.size()) +
                    " candidates on " + WithThousands(items_used) + " items";
  if (items_used < items) out += " (a stratified sample of " + WithThousands(items) + ")";
  if (stopped_by_budget) out += ", some skipped to stay within the work budget";
  return out;
}

Result<Selection> SelectTrainOptions(const std::vector<LabelledText>& all_items, const SelectOptions& so) {
  auto t0 = Clock::now();
  std::vector<const LabelledText*> items;
  for (const auto& it : all_items) {
    if (!it.labels.empty()) items.push_back(&it);
  }
  int folds = std::max(2, so.folds);
  if (items.size() < static_cast<size_t>(folds) * 2) {
    return Status::InvalidArgument("too few labelled items (" + std::to_string(items.size()) + ") for " +
                                   std::to_string(folds) + "-fold cross-validation");
  }
  Selection sel;
  sel.folds = folds;
  sel.items = items.size();

  // Large sets are searched on a stratified sample; the final model still
  // trains on everything.
  size_t tokens = 0;
  for (const auto* it : items) tokens += CountTokens(it->text);
  if (so.max_tokens > 0 && tokens > static_cast<size_t>(so.max_tokens)) {
    int parts = static_cast<int>(std::ceil(static_cast<double>(tokens) / static_cast<double>(so.max_tokens)));
    std::vector<std::string> keys;
    std::vector<std::vector<std::string>> labels;
    for (const auto* it : items) {
      keys.push_back(it->key);
      labels.push_back(it->labels);
    }
    auto part = StratifiedFolds(keys, labels, parts, "sample");
    std::vector<const LabelledText*> sample;
    for (size_t i = 0; i < items.size(); ++i) {
      if (part[i] == 0) sample.push_back(items[i]);
    }
    items = std::move(sample);
  }
  sel.items_used = items.size();

  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> labels;
  for (const auto* it : items) {
    keys.push_back(it->key);
    labels.push_back(it->labels);
  }
  std::vector<int> fold_of = StratifiedFolds(keys, labels, folds, "select");

  std::map<TextForm, std::vector<Example>> texts;  // each form converted once
  auto examples_in = [&](TextForm form) -> const std::vector<Example>& {
    auto it = texts.find(form);
    if (it != texts.end()) return it->second;
    std::vector<Example> ex;
    ex.reserve(items.size());
    for (const auto* item : items) ex.push_back({ModelTextOf(item->text, form), item->labels});
    return texts.emplace(form, std::move(ex)).first->second;
  };

  // Words each candidate trains on per pass, over all folds.
  size_t used_tokens = 0;
  std::vector<size_t> words_of;
  for (const auto* it : items) {
    words_of.push_back(CountTokens(it->text));
    used_tokens += words_of.back();
  }
  const double words_per_pass = static_cast<double>(used_tokens) * (folds - 1);
  std::optional<Candidate> best;
  Evaluation best_eval;
  auto try_one = [&](TrainOptions o, const char* stage) -> Status {
    for (const auto& c : sel.tried) {  // already measured
      const auto& p = c.options;
      if (p.form == o.form && p.epoch == o.epoch && p.lr == o.lr && p.word_ngrams == o.word_ngrams &&
          p.dim == o.dim && p.minn == o.minn && p.maxn == o.maxn && p.chunk == o.chunk) {
        return Status::Ok();
      }
    }
    double work = words_per_pass * RelativeCost(o);
    if (!sel.tried.empty() && ((so.max_work > 0 && sel.work + work > so.max_work) ||
                               (so.max_seconds > 0 && Since(t0) > so.max_seconds))) {
      sel.stopped_by_budget = true;
      return Status::Ok();
    }
    auto t1 = Clock::now();
    auto cv = CrossValidateDetailed(examples_in(o.form), fold_of, folds, o);
    if (!cv.ok()) return cv.status();
    Candidate c;
    c.options = o;
    c.stage = stage;
    c.accuracy = cv->eval.accuracy();
    c.log_loss = cv->log_loss;
    c.seconds = Since(t1);
    sel.work += work;
    sel.tried.push_back(c);
    if (!best || Better(c, *best, items.size())) {
      best = c;
      best_eval = cv->eval;
    }
    return Status::Ok();
  };

  TrainOptions base;
  base.threads = std::max(1, so.threads);
  if (so.fixed_epoch > 0) base.epoch = so.fixed_epoch;
  std::vector<TextForm> forms = so.forms.empty() ? std::vector<TextForm>{TextForm::kNormalized} : so.forms;

  // Stage 1: the `fasttext` command's setting, whole texts, then in pieces.
  TextForm first = std::find(forms.begin(), forms.end(), TextForm::kLower) != forms.end() ? TextForm::kLower
                                                                                            : forms.front();
  std::vector<size_t> sorted_words = words_of;
  std::sort(sorted_words.begin(), sorted_words.end());
  bool long_texts = !sorted_words.empty() && sorted_words[sorted_words.size() / 2] > 40;
  {
    TrainOptions o = base;
    o.form = first;
    VOX_RETURN_IF_ERROR(try_one(o, "form/chunk"));
    if (long_texts) {
      o.chunk = 30;
      VOX_RETURN_IF_ERROR(try_one(o, "form/chunk"));
    }
  }
  // Stage 2: the other text forms.
  {
    TrainOptions b = best->options;
    for (TextForm f : forms) {
      TrainOptions o = b;
      o.form = f;
      VOX_RETURN_IF_ERROR(try_one(o, "form/chunk"));
    }
  }
  // Stage 3: passes and learning rate.
  {
    TrainOptions b = best->options;
    std::vector<std::pair<int, double>> grid = {{50, 0.5}, {25, 1.0}};
    for (auto [e, lr] : grid) {
      TrainOptions o = b;
      if (so.fixed_epoch <= 0) o.epoch = e;
      o.lr = lr;
      VOX_RETURN_IF_ERROR(try_one(o, "epoch/lr"));
    }
  }
  // Stage 4: word n-grams.
  {
    TrainOptions b = best->options;
    for (int n : {3, 1}) {
      TrainOptions o = b;
      o.word_ngrams = n;
      VOX_RETURN_IF_ERROR(try_one(o, "wordNgrams"));
    }
  }
  // Stage 5: dimension.
  {
    TrainOptions b = best->options;
    for (int d : {100, 25}) {
      TrainOptions o = b;
      o.dim = d;
      VOX_RETURN_IF_ERROR(try_one(o, "dim"));
    }
  }
  // Stage 6: character n-grams (help with typos and missing diacritics in
  // short texts; several times the cost of a word-only model).
  {
    TrainOptions o = best->options;
    o.minn = 2;
    o.maxn = 4;
    VOX_RETURN_IF_ERROR(try_one(o, "minn/maxn"));
  }
  sel.chosen = best->options;
  sel.accuracy = best->accuracy;
  sel.seconds = Since(t0);
  sel.chosen_cv = best_eval;
  return sel;
}

Result<TrainReport> TrainWithReport(const std::vector<LabelledText>& all_items, const TrainSetup& setup) {
  auto t0 = Clock::now();
  TrainReport rep;
  std::vector<LabelledText> items;
  for (const auto& it : all_items) {
    if (!it.labels.empty()) items.push_back(it);
  }
  rep.items = items.size();
  if (items.size() < 2) return Status::InvalidArgument("need at least 2 labelled items to train");

  std::vector<LabelledText> train, held;
  if (setup.holdout_percent > 0 && setup.holdout_percent < 100) {
    int parts = std::max(2, static_cast<int>(std::lround(100.0 / setup.holdout_percent)));
    std::vector<std::string> keys;
    std::vector<std::vector<std::string>> labels;
    for (const auto& it : items) {
      keys.push_back(it.key);
      labels.push_back(it.labels);
    }
    auto part = StratifiedFolds(keys, labels, parts, "holdout");
    int fold = ((setup.holdout_fold % parts) + parts) % parts;
    for (size_t i = 0; i < items.size(); ++i) (part[i] == fold ? held : train).push_back(items[i]);
    if (held.size() < 5 || train.size() < 10) {  // too few to report on: no held-back figures
      train = items;
      held.clear();
    }
  } else {
    train = items;
  }
  rep.train_items = train.size();
  rep.held_back_items = held.size();

  if (setup.select) {
    auto sel = SelectTrainOptions(train, setup.select_options);
    if (!sel.ok()) return sel.status();
    rep.selection = std::move(sel).value();
  } else {
    rep.selection.chosen = setup.fixed;
    rep.selection.items = rep.selection.items_used = train.size();
  }
  const TrainOptions& chosen = rep.selection.chosen;

  if (!held.empty()) {
    std::vector<Example> tr, te;
    for (const auto& it : train) tr.push_back({ModelTextOf(it.text, chosen.form), it.labels});
    for (const auto& it : held) te.push_back({ModelTextOf(it.text, chosen.form), it.labels});
    auto m = Model::Train(tr, chosen);
    if (!m.ok()) return m.status();
    rep.held_back = Evaluate(*m, te);
    if (setup.peer) {
      std::string exe = FindFastTextCommand();
      if (exe.empty()) {
        rep.peer_skipped = "the fasttext command is not installed";
      } else {
        auto peer = RunFastTextCommand(exe, train, held);
        if (peer.ok()) {
          rep.peer = std::move(peer).value();
        } else {
          rep.peer_skipped = peer.status().message();
        }
      }
    }
  } else if (setup.peer) {
    rep.peer_skipped = "too few labelled items to hold some back";
  }

  if (setup.final_model) {
    std::vector<Example> ex;
    for (const auto& it : items) ex.push_back({ModelTextOf(it.text, chosen.form), it.labels});
    auto m = Model::Train(ex, chosen);
    if (!m.ok()) return m.status();
    ModelInfo info = m->info();
    info.selection = setup.select ? rep.selection.Describe() : "given";
    info.selection_accuracy = setup.select ? rep.selection.accuracy : 0;
    m->set_info(info);
    rep.model = std::move(m).value();
  }
  rep.seconds = Since(t0);
  return rep;
}

}  // namespace vox::classify
