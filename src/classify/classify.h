// Concerns and places: what people raise (land, flooding, power cuts,
// prices, scams...) and where, counted in aggregate. Never people: nothing
// here looks at authors, and there is no stance or "viewpoint" classifier.
//
// Three parts, combined by the Annotator:
//  - Taxonomy + RuleClassifier: the office's concern categories with
//    Vietnamese keyword rules (data/taxonomy.toml is the built-in default).
//    Keywords are matched on the text engine's tokens as whole syllable
//    sequences, accent-insensitively: "mất điện" matches "Mất điện,",
//    "MAT DIEN" and "mat   dien" but not "mắt điên" (a syllable typed with
//    diacritics must match them; see PhraseMatcher in matcher.h).
//  - Gazetteer: local places (wards, communes, streets, landmarks) with
//    aliases (data/gazetteer.tsv is the default); longest match wins, a
//    place with a parent also tags its parent (a street tags its ward).
//  - Model: a supervised fastText classifier trained on staff labels over
//    the normalized text (ModelText), with k-fold cross-validation.
//
// Combination rule (Annotator::Annotate), documented in docs/concerns.md:
//   staff labels, when the item has any, are its categories (score 1.00);
//   else, when a model is loaded and its top probability is at least
//   AnnotatorOptions::model_confidence, the model's categories with
//   probability >= min_model_score;
//   else the rule categories with score >= min_rule_score.
// Categories are written "cat:0.87", highest first.
//
// Thread safety: Taxonomy, RuleClassifier, Gazetteer and a loaded Model are
// immutable after construction and safe to use from several threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ingest/pipeline.h"
#include "store/store.h"
#include "text/text.h"

namespace vox::classify {

// The label staff give an item that raises no concern. It trains the model
// (as a class) and never appears among predicted categories.
inline constexpr char kNoConcern[] = "none";

// Settings keys in the store.
inline constexpr char kSettingTaxonomy[] = "classify.taxonomy";    // file contents (TOML)
inline constexpr char kSettingGazetteer[] = "classify.gazetteer";  // file contents (TSV)
inline constexpr char kSettingModel[] = "classify.model";          // "path sha-ish trained_at"

// ------------------------------------------------------------- taxonomy

struct Category {
  std::string id;                     // "dien_nuoc": what labels and exports use
  std::string name;                   // "Điện, nước" for people
  std::vector<std::string> keywords;  // weight 1 each
  std::vector<std::string> strong;    // weight 2 each: unambiguous phrases
};

struct Taxonomy {
  std::vector<Category> categories;

  // Parses the TOML subset documented in docs/concerns.md ([[category]]
  // tables with id, name, keywords, strong). `name` is used in messages:
  // "taxonomy.toml:12: ...".
  static Result<Taxonomy> Parse(std::string_view toml, const std::string& name);
  static Result<Taxonomy> LoadFile(const std::string& path);
  static const Taxonomy& Default();  // data/taxonomy.toml, built in
  static std::string_view DefaultText();

  const Category* Find(std::string_view id) const;  // nullptr when unknown
};

struct Score {
  std::string category;
  double score = 0;  // 0..1
};

// Keyword rules. Score of a category = 1 - exp(-0.8 * sum of the weights of
// its matched keyword occurrences) (one keyword: 0.55, a strong one or two
// keywords: 0.80, three: 0.91). A repeated keyword counts at most twice.
class RuleClassifier {
 public:
  explicit RuleClassifier(const Taxonomy& taxonomy);
  ~RuleClassifier();
  RuleClassifier(RuleClassifier&&) noexcept;
  RuleClassifier& operator=(RuleClassifier&&) noexcept;

  // Scores for the categories with at least one match, highest first.
  std::vector<Score> Classify(const std::vector<text::Token>& tokens) const;
  std::vector<Score> ClassifyText(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ------------------------------------------------------------- gazetteer

struct Place {
  std::string name;                  // canonical: "phường Bến Cũ"
  std::string type;                  // town, ward, commune, street, landmark, river...
  std::string parent;                // canonical name of the enclosing place, or ""
  std::vector<std::string> aliases;  // other spellings, matched like the name
};

class Gazetteer {
 public:
  Gazetteer();
  ~Gazetteer();
  Gazetteer(Gazetteer&&) noexcept;
  Gazetteer& operator=(Gazetteer&&) noexcept;

  // TSV, one place a line: name<TAB>type<TAB>parent<TAB>alias|alias|...
  // ('#' comments, blank lines; parent and aliases may be empty). Errors
  // name the line: "gazetteer.tsv:7: ...". A parent must be defined in the
  // file (before or after).
  static Result<Gazetteer> Parse(std::string_view tsv, const std::string& name);
  static Result<Gazetteer> LoadFile(const std::string& path);
  static const Gazetteer& Default();
  static std::string_view DefaultText();

  const std::vector<Place>& places() const;
  const Place* Find(std::string_view name) const;

  // Canonical names of the places mentioned, in order of first mention,
  // each once, followed by their parents (transitively) not yet listed.
  // Matching: longest alias wins at each position; syllables typed with
  // diacritics must match exactly (after normalization), syllables typed
  // without any match the folded form.
  std::vector<std::string> Tag(const std::vector<text::Token>& tokens) const;
  std::vector<std::string> TagText(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ------------------------------------------------------------- model

// The model's view of a text: the normalized tokens joined by spaces, with
// numbers as "<num>" and links as "<url>" (stable across reposts).
std::string ModelText(const std::vector<text::Token>& tokens);
std::string ModelTextOf(std::string_view text);  // tokenizes first

struct Example {
  std::string text;                 // ModelText
  std::vector<std::string> labels;  // category ids (kNoConcern allowed)
};

struct TrainOptions {
  int epoch = 25;        // passes over the data
  double lr = 0.5;       // learning rate
  int word_ngrams = 2;   // syllable bigrams carry Vietnamese compounds
  int dim = 32;          // topics need few dimensions; keeps the file small
  int bucket = 200000;   // hashed n-gram rows (fastText's 2M makes an 800 MB model)
  int min_count = 1;
  int threads = 1;       // 1: the same data gives the same model
  int seed = 0;
};

class Model {
 public:
  ~Model();
  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;

  static Result<Model> Train(const std::vector<Example>& examples, const TrainOptions& opts);
  static Result<Model> Load(const std::string& path);
  Status Save(const std::string& path) const;

  // Category probabilities (labels without "__label__"), highest first,
  // at most k (k <= 0: all), those below `threshold` dropped.
  std::vector<Score> Predict(std::string_view model_text, int k = -1, double threshold = 0.0) const;
  std::vector<std::string> labels() const;

 private:
  Model();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct CategoryMetrics {
  std::string category;
  int64_t support = 0;    // examples carrying the label
  int64_t predicted = 0;  // examples whose top prediction is the category
  int64_t correct = 0;    // ...and carry it
  double precision() const { return predicted ? double(correct) / double(predicted) : 0; }
  double recall() const { return support ? double(correct) / double(support) : 0; }
};

struct Evaluation {
  int64_t examples = 0;
  int64_t correct = 0;  // top prediction is one of the example's labels
  double accuracy() const { return examples ? double(correct) / double(examples) : 0; }
  std::vector<CategoryMetrics> categories;  // sorted by id
};

// Top-1 evaluation of `model` on `test`.
Evaluation Evaluate(const Model& model, const std::vector<Example>& test);

// k-fold cross-validation; example i goes to fold fold_of[i] (0..folds-1;
// empty: i % folds). Needs at least 2 folds and 2 examples per fold.
Result<Evaluation> CrossValidate(const std::vector<Example>& examples, int folds,
                                 const std::vector<int>& fold_of, const TrainOptions& opts);

// Deterministic fold for a key (FNV-1a of the bytes).
int FoldOf(std::string_view key, int folds);

// ------------------------------------------------------------- annotator

struct AnnotatorOptions {
  double model_confidence = 0.7;  // top model probability needed to trust the model
  double min_model_score = 0.2;   // model categories kept
  double min_rule_score = 0.5;    // rule categories kept (one keyword = 0.55)
  size_t max_categories = 3;
};

struct Annotation {
  std::vector<Score> categories;    // highest first
  std::vector<std::string> places;  // canonical names
  enum class From { kNone, kLabels, kModel, kRules } from = From::kNone;
};

class Annotator {
 public:
  Annotator(Taxonomy taxonomy, Gazetteer gazetteer, std::unique_ptr<Model> model,
            AnnotatorOptions opts = {});
  ~Annotator();

  Annotation Annotate(const Item& item) const;
  // Formats for Store::SetItemAnnotations: "cat:0.87".
  static std::vector<std::string> FormatCategories(const std::vector<Score>& cats);

  const Taxonomy& taxonomy() const { return taxonomy_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }
  const Model* model() const { return model_.get(); }

 private:
  Taxonomy taxonomy_;
  RuleClassifier rules_;
  Gazetteer gazetteer_;
  std::unique_ptr<Model> model_;
  AnnotatorOptions opts_;
};

// "<db>.classifier.bin" for a SQLite path; InvalidArgument for other URIs
// (pass an explicit model path there).
Result<std::string> DefaultModelPath(const std::string& db_uri);

// Builds the annotator the store is configured for: the taxonomy and
// gazetteer installed in its settings (else the built-in ones) and the model
// at `model_path` (empty: the path recorded in the store's settings, else
// DefaultModelPath) when that file exists.
Result<std::unique_ptr<Annotator>> LoadAnnotator(store::Store& store, const std::string& db_uri,
                                                 const std::string& model_path = "");

// The ingest stage: annotates every added or changed item and writes its
// categories and places (Store::SetItemAnnotations) in the batch's
// transaction.
Result<std::unique_ptr<ingest::ItemObserver>> NewIngestClassifier(store::Store& store,
                                                                  const std::string& db_uri);

// Parses "cat:0.87" (score 1 when there is no ':').
Score ParseScored(std::string_view s);

}  // namespace vox::classify
