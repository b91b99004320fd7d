// The supervised model: a thin wrapper over libfasttext (0.9.2), which
// trains from a file, so Train writes the examples to a temporary file
// ("__label__a __label__b text" per line) and removes it afterwards.
// libfasttext reports errors by throwing; they stop here and become Status.
#include <fasttext/fasttext.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "classify/classify.h"

namespace vox::classify {

namespace {

constexpr std::string_view kLabelPrefix = "__label__";

std::string TempPath() {
  std::string dir = std::filesystem::temp_directory_path().string();
  std::string tmpl = dir + "/vox-classify-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  int fd = mkstemp(buf.data());
  if (fd < 0) return "";
  close(fd);
  return std::string(buf.data());
}

// fastText splits on whitespace only; a label must not contain any.
std::string CleanLine(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c == '\0') c = ' ';
  }
  return out;
}

}  // namespace

std::string ModelText(const std::vector<text::Token>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    if (!out.empty()) out.push_back(' ');
    switch (t.kind) {
      case text::TokenKind::kNumber: out += "<num>"; break;
      case text::TokenKind::kUrl: out += "<url>"; break;
      default: out += CleanLine(t.norm); break;
    }
  }
  return out;
}

std::string ModelTextOf(std::string_view text) {
  std::vector<text::Token> toks;
  text::Tokenize(text, &toks);
  return ModelText(toks);
}

struct Model::Impl {
  fasttext::FastText ft;
};

Model::Model() : impl_(std::make_unique<Impl>()) {}
Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

Result<Model> Model::Train(const std::vector<Example>& examples, const TrainOptions& opts) {
  size_t usable = 0;
  for (const auto& e : examples) usable += !e.labels.empty();
  if (usable < 2) return Status::InvalidArgument("need at least 2 labelled examples to train");
  std::string path = TempPath();
  if (path.empty()) return Status::IoError("cannot create a temporary file for training");
  {
    std::ofstream f(path, std::ios::binary);
    for (const auto& e : examples) {
      if (e.labels.empty()) continue;
      for (const auto& l : e.labels) f << kLabelPrefix << CleanLine(l) << ' ';
      f << CleanLine(e.text) << '\n';
    }
    if (!f) {
      std::remove(path.c_str());
      return Status::IoError("cannot write training data to " + path);
    }
  }
  fasttext::Args args;
  args.input = path;
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.minCount = opts.min_count;
  args.minn = 0;
  args.maxn = 0;
  args.lr = opts.lr;
  args.epoch = opts.epoch;
  args.wordNgrams = opts.word_ngrams;
  args.dim = opts.dim;
  args.bucket = opts.bucket;
  args.thread = std::max(1, opts.threads);
  args.seed = opts.seed;
  args.verbose = 0;
  Model m;
  try {
    m.impl_->ft.train(args);
  } catch (const std::exception& e) {
    std::remove(path.c_str());
    return Status::Internal(std::string("fastText training failed: ") + e.what());
  }
  std::remove(path.c_str());
  return m;
}

Result<Model> Model::Load(const std::string& path) {
  if (!std::filesystem::exists(path)) return Status::NotFound("no model at " + path);
  Model m;
  try {
    m.impl_->ft.loadModel(path);
  } catch (const std::exception& e) {
    return Status::Corruption("cannot load the model " + path + ": " + e.what());
  }
  if (m.impl_->ft.getArgs().model != fasttext::model_name::sup) {
    return Status::Corruption(path + " is not a supervised fastText model");
  }
  return m;
}

Status Model::Save(const std::string& path) const {
  std::string tmp = path + ".tmp";
  try {
    impl_->ft.saveModel(tmp);
  } catch (const std::exception& e) {
    return Status::IoError("cannot write the model " + path + ": " + e.what());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IoError("cannot write the model " + path + ": " + ec.message());
  return Status::Ok();
}

std::vector<Score> Model::Predict(std::string_view model_text, int k, double threshold) const {
  std::vector<std::pair<fasttext::real, std::string>> preds;
  std::string line = CleanLine(model_text);
  line.push_back('\n');  // the end-of-sentence token, as in training
  std::istringstream in(line);
  int32_t kk = k > 0 ? k : static_cast<int32_t>(impl_->ft.getDictionary()->nlabels());
  try {
    impl_->ft.predictLine(in, preds, kk, static_cast<fasttext::real>(threshold));
  } catch (const std::exception&) {
    return {};
  }
  std::vector<Score> out;
  out.reserve(preds.size());
  for (auto& [p, label] : preds) {
    std::string_view l = label;
    if (l.substr(0, kLabelPrefix.size()) == kLabelPrefix) l.remove_prefix(kLabelPrefix.size());
    // predictLine already turns fastText's log-probabilities into probabilities.
    out.push_back({std::string(l), std::min(1.0, static_cast<double>(p))});
  }
  return out;
}

std::vector<std::string> Model::labels() const {
  std::vector<std::string> out;
  auto dict = impl_->ft.getDictionary();
  for (int32_t i = 0; i < dict->nlabels(); ++i) {
    std::string l = dict->getLabel(i);
    if (l.rfind(kLabelPrefix, 0) == 0) l = l.substr(kLabelPrefix.size());
    out.push_back(l);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Evaluation Evaluate(const Model& model, const std::vector<Example>& test) {
  Evaluation ev;
  std::map<std::string, CategoryMetrics> cats;
  for (const auto& e : test) {
    if (e.labels.empty()) continue;
    ++ev.examples;
    for (const auto& l : e.labels) {
      auto& m = cats[l];
      m.category = l;
      ++m.support;
    }
    auto pred = model.Predict(e.text, 1);
    if (pred.empty()) continue;
    auto& m = cats[pred[0].category];
    m.category = pred[0].category;
    ++m.predicted;
    if (std::find(e.labels.begin(), e.labels.end(), pred[0].category) != e.labels.end()) {
      ++m.correct;
      ++ev.correct;
    }
  }
  for (auto& [id, m] : cats) ev.categories.push_back(m);
  return ev;
}

int FoldOf(std::string_view key, int folds) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return folds > 0 ? static_cast<int>(h % static_cast<uint64_t>(folds)) : 0;
}

Result<Evaluation> CrossValidate(const std::vector<Example>& examples, int folds,
                                 const std::vector<int>& fold_of, const TrainOptions& opts) {
  if (folds < 2) return Status::InvalidArgument("cross-validation needs at least 2 folds");
  if (!fold_of.empty() && fold_of.size() != examples.size()) {
    return Status::InvalidArgument("fold_of must have one entry per example");
  }
  Evaluation total;
  std::map<std::string, CategoryMetrics> cats;
  for (int f = 0; f < folds; ++f) {
    std::vector<Example> train, test;
    for (size_t i = 0; i < examples.size(); ++i) {
      int fi = fold_of.empty() ? static_cast<int>(i % folds) : fold_of[i];
      (fi == f ? test : train).push_back(examples[i]);
    }
    if (test.empty()) continue;
    auto m = Model::Train(train, opts);
    if (!m.ok()) return Status::InvalidArgument("fold " + std::to_string(f + 1) + ": " + m.status().message());
    Evaluation ev = Evaluate(*m, test);
    total.examples += ev.examples;
    total.correct += ev.correct;
    for (const auto& c : ev.categories) {
      auto& t = cats[c.category];
      t.category = c.category;
      t.support += c.support;
      t.predicted += c.predicted;
      t.correct += c.correct;
    }
  }
  for (auto& [id, m] : cats) total.categories.push_back(m);
  return total;
}

}  // namespace vox::classify
