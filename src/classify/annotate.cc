// The Annotator joins labels, model, rules and gazetteer for one item (the
// combination rule is in classify.h), and the ingest observer writes what it
// finds in the batch's transaction.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>

#include "classify/classify.h"

namespace vox::classify {

Annotator::Annotator(Taxonomy taxonomy, Gazetteer gazetteer, std::unique_ptr<Model> model, AnnotatorOptions opts)
    : taxonomy_(std::move(taxonomy)),
      rules_(taxonomy_),
      gazetteer_(std::move(gazetteer)),
      model_(std::move(model)),
      opts_(opts) {}

Annotator::~Annotator() = default;

Annotation Annotator::Annotate(const Item& item) const {
  Annotation a;
  std::vector<text::Token> toks;
  toks.reserve(64);
  if (!item.title.empty()) text::Tokenize(item.title, &toks);
  text::Tokenize(item.text, &toks);

  bool labelled = false;
  for (const auto& l : item.labels) {
    labelled = true;
    if (l == kNoConcern) continue;
    if (std::none_of(a.categories.begin(), a.categories.end(), [&](const Score& s) { return s.category == l; })) {
      a.categories.push_back({l, 1.0});
    }
  }
  if (labelled) {
    a.from = Annotation::From::kLabels;
  } else if (model_) {
    // The model decides: its best category always, with its probability
    // (an unsure item is flagged, never left without a category), then the
    // others it gives at least min_model_score. Its best "none" means the
    // item raises no concern.
    std::string raw;
    if (model_->info().options.form == TextForm::kLower) {
      raw = item.title.empty() ? item.text : item.title + "\n" + item.text;
    }
    auto preds = model_->Predict(ModelText(toks, raw, model_->info().options.form));
    a.from = Annotation::From::kModel;
    if (!preds.empty()) {
      a.model_score = preds[0].score;
      a.unsure = preds[0].score < opts_.model_confidence;
      for (size_t i = 0; i < preds.size(); ++i) {
        if (i > 0 && preds[i].score < opts_.min_model_score) break;
        if (preds[i].category == kNoConcern) {
          if (i == 0) break;
          continue;
        }
        a.categories.push_back(std::move(preds[i]));
      }
      // Keyword rules only add what the model cannot say: when it is unsure,
      // categories it was never trained on, after its own.
      if (a.unsure) {
        auto known = model_->labels();
        for (auto& s : rules_.Classify(toks)) {
          if (s.score < opts_.min_rule_score) break;
          if (std::binary_search(known.begin(), known.end(), s.category)) continue;
          a.categories.push_back(std::move(s));
        }
      }
    }
  } else {
    for (auto& s : rules_.Classify(toks)) {
      if (s.score < opts_.min_rule_score) break;
      a.categories.push_back(std::move(s));
    }
    if (!a.categories.empty()) a.from = Annotation::From::kRules;
  }
  if (a.categories.size() > opts_.max_categories) a.categories.resize(opts_.max_categories);

  // The source's own place field first (when the gazetteer knows it), then the text.
  if (!item.place.empty()) a.places = gazetteer_.TagText(item.place);
  for (auto& p : gazetteer_.Tag(toks)) {
    if (std::find(a.places.begin(), a.places.end(), p) == a.places.end()) a.places.push_back(std::move(p));
  }
  return a;
}

std::vector<std::string> Annotator::FormatCategories(const std::vector<Score>& cats) {
  std::vector<std::string> out;
  out.reserve(cats.size());
  for (const auto& c : cats) {
    char buf[16];
    std::snprintf(buf, sizeof buf, ":%.2f", c.score);
    out.push_back(c.category + buf);
  }
  return out;
}

Score ParseScored(std::string_view s) {
  Score out;
  size_t colon = s.rfind(':');
  if (colon == std::string_view::npos) {
    out.category = std::string(s);
    out.score = 1.0;
    return out;
  }
  out.category = std::string(s.substr(0, colon));
  std::string num(s.substr(colon + 1));
  char* end = nullptr;
  out.score = std::strtod(num.c_str(), &end);
  if (end == num.c_str()) out.score = 1.0;
  return out;
}

Result<std::string> DefaultModelPath(const std::string& db_uri) {
  auto path = store::FileBeside(db_uri, ".classifier.bin");
  if (!path.ok()) return Status::InvalidArgument(path.status().message() + " (the model: --model)");
  return path;
}

Result<std::unique_ptr<Annotator>> LoadAnnotator(store::Store& store, const std::string& db_uri,
                                                 const std::string& model_path) {
  Taxonomy tax = Taxonomy::Default();
  auto tax_text = store.GetSetting(kSettingTaxonomy);
  if (!tax_text.ok()) return tax_text.status();
  if (tax_text->has_value()) {
    auto t = Taxonomy::Parse(**tax_text, "taxonomy (store setting " + std::string(kSettingTaxonomy) + ")");
    if (!t.ok()) return t.status();
    tax = std::move(t).value();
  }
  Gazetteer gaz;
  auto gaz_text = store.GetSetting(kSettingGazetteer);
  if (!gaz_text.ok()) return gaz_text.status();
  auto g = Gazetteer::Parse(gaz_text->has_value() ? std::string_view(**gaz_text) : Gazetteer::DefaultText(),
                            gaz_text->has_value() ? "gazetteer (store setting)" : "data/gazetteer.tsv");
  if (!g.ok()) return g.status();
  gaz = std::move(g).value();

  std::string path = model_path;
  if (path.empty()) {
    auto recorded = store.GetSetting(kSettingModel);
    if (!recorded.ok()) return recorded.status();
    if (recorded->has_value() && !(*recorded)->empty()) {
      path = **recorded;
    } else {
      auto def = DefaultModelPath(db_uri);
      if (def.ok()) path = *def;
    }
  }
  std::unique_ptr<Model> model;
  if (!path.empty() && std::filesystem::exists(path)) {
    auto m = Model::Load(path);
    if (!m.ok()) return m.status();
    model = std::make_unique<Model>(std::move(m).value());
  }
  return std::make_unique<Annotator>(std::move(tax), std::move(gaz), std::move(model));
}

namespace {

class IngestClassifier : public ingest::ItemObserver {
 public:
  explicit IngestClassifier(std::unique_ptr<Annotator> a) : annotator_(std::move(a)) {}
  Status OnItem(store::Store& store, int64_t rowid, const Item& item) override {
    Annotation a = annotator_->Annotate(item);
    return store.SetItemAnnotations(rowid, Annotator::FormatCategories(a.categories), a.places);
  }

 private:
  std::unique_ptr<Annotator> annotator_;
};

}  // namespace

Result<std::unique_ptr<ingest::ItemObserver>> NewIngestClassifier(store::Store& store, const std::string& db_uri) {
  auto a = LoadAnnotator(store, db_uri);
  if (!a.ok()) return a.status();
  return std::unique_ptr<ingest::ItemObserver>(std::make_unique<IngestClassifier>(std::move(a).value()));
}

}  // namespace vox::classify
