// The supervised model: a thin wrapper over libfasttext (0.9.2), which
// trains from a file, so Train writes the examples to a temporary file
// ("__label__a __label__b text" per line) and removes it afterwards.
// libfasttext reports errors by throwing; they stop here and become Status.
#include <fasttext/fasttext.h>
#include <unicode/uchar.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "classify/classify.h"
#include "common/clock.h"

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

std::string_view TextFormName(TextForm form) {
  switch (form) {
    case TextForm::kNormalized: return "normalized";
    case TextForm::kFolded: return "folded";
    case TextForm::kLower: return "lower";
  }
  return "normalized";
}

bool ParseTextForm(std::string_view name, TextForm* form) {
  for (TextForm f : {TextForm::kNormalized, TextForm::kFolded, TextForm::kLower}) {
    if (name == TextFormName(f)) {
      *form = f;
      return true;
    }
  }
  return false;
}

namespace {

// Unicode lower case, code point by code point (ICU's simple mapping, as
// Python's str.lower() for Vietnamese), ASCII white space and controls as
// spaces. Invalid UTF-8 is replaced first.
std::string LowerLine(std::string_view in) {
  std::string valid;
  if (!text::IsValidUtf8(in)) {
    text::SanitizeUtf8(in, &valid);
    in = valid;
  }
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
      if (c < 0x20 || c == 0x7f) c = ' ';
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (int k = 1; k < len && i + k < in.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(in[i + k]) & 0x3F);
    i += len;
    text::AppendUtf8(static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))), &out);
  }
  return out;
}

}  // namespace

std::string ModelText(const std::vector<text::Token>& tokens) {
  return ModelText(tokens, {}, TextForm::kNormalized);
}

std::string ModelText(const std::vector<text::Token>& tokens, std::string_view raw, TextForm form) {
  if (form == TextForm::kLower) return LowerLine(text::Canonicalize(raw));
  std::string out;
  for (const auto& t : tokens) {
    if (!out.empty()) out.push_back(' ');
    switch (t.kind) {
      case text::TokenKind::kNumber: out += "<num>"; break;
      case text::TokenKind::kUrl: out += "<url>"; break;
      default: out += CleanLine(form == TextForm::kFolded ? t.folded : t.norm); break;
    }
  }
  // A masked label ("[HỘ CHIẾU]") may hold a space; fastText only splits.
  return out;
}

std::string ModelTextOf(std::string_view text) { return ModelTextOf(text, TextForm::kNormalized); }

std::string ModelTextOf(std::string_view text, TextForm form) {
  std::vector<text::Token> toks;
  if (form != TextForm::kLower) text::Tokenize(text, &toks);
  return ModelText(toks, text, form);
}

std::string PeerText(std::string_view text) { return LowerLine(text); }

std::string DescribeOptions(const TrainOptions& o) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "form %s, epoch %d, lr %g, wordNgrams %d, dim %d, minn %d, maxn %d, chunk %d",
                std::string(TextFormName(o.form)).c_str(), o.epoch, o.lr, o.word_ngrams, o.dim, o.minn, o.maxn,
                o.chunk);
  return buf;
}

struct Model::Impl {
  fasttext::FastText ft;
  ModelInfo info;
};

namespace {

// The trailer after fastText's bytes: "key=value\n" lines, then their byte
// count (8 bytes, little-endian) and the magic. fastText's loader stops
// reading where its own data ends, so the `fasttext` command still reads
// the file.
constexpr char kTrailerMagic[9] = "VOXMETA1";

std::string EncodeInfo(const ModelInfo& m) {
  const TrainOptions& o = m.options;
  std::string sel = CleanLine(m.selection);
  std::replace(sel.begin(), sel.end(), '\n', ' ');
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "form=%s\nepoch=%d\nlr=%.17g\nword_ngrams=%d\ndim=%d\nminn=%d\nmaxn=%d\nbucket=%d\nmin_count=%d\n"
                "chunk=%d\nseed=%d\nselection_accuracy=%.17g\nexamples=%lld\ntrained_at=%lld\n",
                std::string(TextFormName(o.form)).c_str(), o.epoch, o.lr, o.word_ngrams, o.dim, o.minn, o.maxn,
                o.bucket, o.min_count, o.chunk, o.seed, m.selection_accuracy, static_cast<long long>(m.examples),
                static_cast<long long>(m.trained_at));
  return std::string(buf) + "selection=" + sel + "\n";
}

void DecodeInfo(std::string_view text, ModelInfo* m) {
  TrainOptions& o = m->options;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(line.substr(0, eq)), val(line.substr(eq + 1));
    if (key == "form") {
      ParseTextForm(val, &o.form);
    } else if (key == "epoch") {
      o.epoch = std::atoi(val.c_str());
    } else if (key == "lr") {
      o.lr = std::atof(val.c_str());
    } else if (key == "word_ngrams") {
      o.word_ngrams = std::atoi(val.c_str());
    } else if (key == "dim") {
      o.dim = std::atoi(val.c_str());
    } else if (key == "minn") {
      o.minn = std::atoi(val.c_str());
    } else if (key == "maxn") {
      o.maxn = std::atoi(val.c_str());
    } else if (key == "bucket") {
      o.bucket = std::atoi(val.c_str());
    } else if (key == "min_count") {
      o.min_count = std::atoi(val.c_str());
    } else if (key == "chunk") {
      o.chunk = std::atoi(val.c_str());
    } else if (key == "seed") {
      o.seed = std::atoi(val.c_str());
    } else if (key == "selection_accuracy") {
      m->selection_accuracy = std::atof(val.c_str());
    } else if (key == "examples") {
      m->examples = std::atoll(val.c_str());
    } else if (key == "trained_at") {
      m->trained_at = std::atoll(val.c_str());
    } else if (key == "selection") {
      m->selection = val;
    }
  }
}

// The trailer's text, or nullopt when the file has none (a model saved
// before trailers, or by the `fasttext` command).
std::optional<std::string> ReadTrailer(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) return std::nullopt;
  std::streamoff size = f.tellg();
  if (size < 16) return std::nullopt;
  char tail[16];
  f.seekg(size - 16);
  if (!f.read(tail, 16) || std::memcmp(tail + 8, kTrailerMagic, 8) != 0) return std::nullopt;
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(tail[i]);
  if (n > 65536 || static_cast<std::streamoff>(n) > size - 16) return std::nullopt;
  std::string text(n, '\0');
  f.seekg(size - 16 - static_cast<std::streamoff>(n));
  if (!f.read(text.data(), static_cast<std::streamsize>(n))) return std::nullopt;
  return text;
}

}  // namespace

Model::Model() : impl_(std::make_unique<Impl>()) {}
Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

const ModelInfo& Model::info() const { return impl_->info; }

void Model::set_info(const ModelInfo& info) {
  TrainOptions keep = impl_->info.options;
  impl_->info = info;
  impl_->info.options = keep;
}

Result<Model> Model::Train(const std::vector<Example>& examples, const TrainOptions& opts) {
  size_t usable = 0;
  for (const auto& e : examples) usable += !e.labels.empty();
  if (usable < 2) return Status::InvalidArgument("need at least 2 labelled examples to train");
  std::string path = TempPath();
  if (path.empty()) return Status::IoError("cannot create a temporary file for training");
  {
    // In a shuffled order: fastText's single-threaded SGD with a decaying
    // learning rate is badly biased by items grouped by label (as they
    // arrive when an office labels or imports one category at a time).
    std::ofstream f(path, std::ios::binary);
    for (size_t i : TrainingOrder(examples.size(), opts.seed)) {
      const Example& e = examples[i];
      if (e.labels.empty()) continue;
      std::string labels;
      for (const auto& l : e.labels) labels += std::string(kLabelPrefix) + CleanLine(l) + ' ';
      std::string text = CleanLine(e.text);
      if (opts.chunk <= 0) {
        f << labels << text << '\n';
        continue;
      }
      // Long texts as pieces: fastText averages a line's word vectors, and
      // over a thousand words the average starts so small that training
      // barely moves in 25 passes.
      std::istringstream words(text);
      std::string w, piece;
      int n = 0;
      while (words >> w) {
        piece += (n ? " " : "") + w;
        if (++n == opts.chunk) {
          f << labels << piece << '\n';
          piece.clear();
          n = 0;
        }
      }
      if (n > 0 || piece.empty()) f << labels << piece << '\n';
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
  args.minn = opts.minn;
  args.maxn = opts.maxn;
  args.lr = opts.lr;
  args.epoch = opts.epoch;
  args.wordNgrams = opts.word_ngrams;
  args.dim = opts.dim;
  // Hashed n-gram rows: no more than the data can fill (two per word seen),
  // so that a few hundred short items do not allocate and initialize 40 MB.
  size_t words = 0;
  for (const auto& e : examples) words += static_cast<size_t>(std::count(e.text.begin(), e.text.end(), ' ')) + 1;
  args.bucket = static_cast<int>(std::min<size_t>(static_cast<size_t>(std::max(opts.bucket, 1)),
                                                  std::max<size_t>(10000, 2 * words)));
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
  m.impl_->info.options = opts;
  m.impl_->info.options.bucket = args.bucket;
  m.impl_->info.examples = static_cast<int64_t>(usable);
  m.impl_->info.trained_at = DefaultClock().Now();
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
  const fasttext::Args& args = m.impl_->ft.getArgs();
  if (args.model != fasttext::model_name::sup) {
    return Status::Corruption(path + " is not a supervised fastText model");
  }
  TrainOptions& o = m.impl_->info.options;  // what fastText recorded; the trailer adds the rest
  o.epoch = args.epoch;
  o.lr = args.lr;
  o.word_ngrams = args.wordNgrams;
  o.dim = args.dim;
  o.minn = args.minn;
  o.maxn = args.maxn;
  o.bucket = args.bucket;
  o.min_count = args.minCount;
  o.seed = args.seed;
  o.form = TextForm::kNormalized;  // models saved before the trailer were trained on normalized text
  m.impl_->info.selection = "unknown (no Vox trailer in the model file)";
  if (auto trailer = ReadTrailer(path)) DecodeInfo(*trailer, &m.impl_->info);
  return m;
}

Status Model::Save(const std::string& path) const {
  std::string tmp = path + ".tmp";
  try {
    impl_->ft.saveModel(tmp);
  } catch (const std::exception& e) {
    return Status::IoError("cannot write the model " + path + ": " + e.what());
  }
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::app);
    std::string text = EncodeInfo(impl_->info);
    char len[8];
    uint64_t n = text.size();
    for (int i = 0; i < 8; ++i) len[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
    f << text;
    f.write(len, 8);
    f.write(kTrailerMagic, 8);
    if (!f) {
      std::remove(tmp.c_str());
      return Status::IoError("cannot write the model " + path);
    }
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

std::vector<Score> Model::Classify(std::string_view text, int k) const {
  return Predict(ModelTextOf(text, impl_->info.options.form), k);
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

Evaluation EvaluatePredictions(const std::vector<std::vector<std::string>>& labels,
                               const std::vector<std::string>& predicted) {
  Evaluation ev;
  std::map<std::string, CategoryMetrics> cats;
  for (size_t i = 0; i < labels.size(); ++i) {
    const auto& ls = labels[i];
    if (ls.empty()) continue;
    ++ev.examples;
    for (const auto& l : ls) {
      auto& m = cats[l];
      m.category = l;
      ++m.support;
    }
    const std::string& p = i < predicted.size() ? predicted[i] : std::string();
    if (p.empty()) continue;
    auto& m = cats[p];
    m.category = p;
    ++m.predicted;
    if (std::find(ls.begin(), ls.end(), p) != ls.end()) {
      ++m.correct;
      ++ev.correct;
    }
  }
  for (auto& [id, m] : cats) ev.categories.push_back(m);
  return ev;
}

Evaluation Evaluate(const Model& model, const std::vector<Example>& test) {
  std::vector<std::vector<std::string>> labels;
  std::vector<std::string> predicted;
  for (const auto& e : test) {
    if (e.labels.empty()) continue;
    labels.push_back(e.labels);
    auto pred = model.Predict(e.text, 1);
    predicted.push_back(pred.empty() ? std::string() : pred[0].category);
  }
  return EvaluatePredictions(labels, predicted);
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

std::vector<size_t> TrainingOrder(size_t n, int seed) {
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  uint64_t state = 0x9E3779B97F4A7C15ull * (static_cast<uint64_t>(seed) + 1);
  auto next = [&state] {  // splitmix64: the same order on every platform
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[next() % i]);
  return order;
}

std::vector<int> StratifiedFolds(const std::vector<std::string>& keys,
                                 const std::vector<std::vector<std::string>>& labels, int folds,
                                 std::string_view salt) {
  std::vector<int> out(keys.size(), -1);
  if (folds < 1) return out;
  auto hash = [&](const std::string& key) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : key) {
      h ^= c;
      h *= 1099511628211ull;
    }
    for (unsigned char c : salt) {
      h ^= c;
      h *= 1099511628211ull;
    }
    return h;
  };
  std::map<std::string, std::vector<std::pair<uint64_t, size_t>>> by_label;
  for (size_t i = 0; i < keys.size() && i < labels.size(); ++i) {
    if (labels[i].empty()) continue;
    by_label[labels[i][0]].push_back({hash(keys[i]), i});
  }
  size_t next = 0;
  for (auto& [label, members] : by_label) {
    std::sort(members.begin(), members.end());
    for (const auto& [h, i] : members) out[i] = static_cast<int>(next++ % static_cast<size_t>(folds));
  }
  return out;
}

}  // namespace vox::classify
