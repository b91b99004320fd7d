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
//  - Model: a supervised fastText classifier trained on staff labels, its
//    text form and hyperparameters chosen by cross-validation on those
//    labels (SelectTrainOptions) and recorded in the model file.
//
// Combination rule (Annotator::Annotate), documented in docs/concerns.md:
//   staff labels, when the item has any, are its categories (score 1.00);
//   else, when a model is loaded, the model's best category with its
//   probability, however low (below AnnotatorOptions::model_confidence the
//   item is flagged unsure), then its other categories with probability
//   >= min_model_score; a best "none" means no concern. Keyword rules never
//   override the model: for an unsure item they only add categories the
//   model was not trained on, after the model's;
//   else (no model) the rule categories with score >= min_rule_score.
// Categories are written "cat:0.87", highest first.
//
// Thread safety: Taxonomy, RuleClassifier, Gazetteer and a loaded Model are
// immutable after construction and safe to use from several threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
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

  // Parses a TOML 1.0 document of the shape documented in docs/concerns.md
  // ([[category]] tables with id, name, keywords, strong). `name` is used in
  // messages, which always carry the line: "taxonomy.toml:12: ...".
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

// The text the model sees. Which one measures best depends on the data
// (news prose, short comments typed without diacritics...), so training
// chooses it by cross-validation (SelectTrainOptions) and the model records
// it; Model::Classify converts raw text the same way.
enum class TextForm : uint8_t {
  kNormalized,  // the text engine's tokens joined by spaces: lower case, canonical
                // tones, teencode expanded, numbers "<num>", links "<url>", no punctuation
  kFolded,      // the same tokens without diacritics ("đường" -> "duong")
  kLower,       // the canonical text lower-cased, split on white space only (punctuation
                // stays on its word, as the `fasttext` command sees lower-cased raw text)
};
std::string_view TextFormName(TextForm form);  // "normalized", "folded", "lower"
bool ParseTextForm(std::string_view name, TextForm* form);

// The model's view of a text in a form. ModelText/ModelTextOf without a form
// give the normalized form (stable across reposts).
std::string ModelText(const std::vector<text::Token>& tokens);
std::string ModelTextOf(std::string_view text);  // tokenizes first
std::string ModelTextOf(std::string_view text, TextForm form);
// `tokens` must be Tokenize(raw) (for kLower only `raw` is read).
std::string ModelText(const std::vector<text::Token>& tokens, std::string_view raw, TextForm form);

struct Example {
  std::string text;                 // already in the model's TextForm
  std::vector<std::string> labels;  // category ids (kNoConcern allowed)
};

struct TrainOptions {
  int epoch = 25;        // passes over the data
  double lr = 0.5;       // learning rate
  int word_ngrams = 2;   // syllable bigrams carry Vietnamese compounds
  int dim = 50;          // the `fasttext` command users compare with uses 50
  int minn = 0;          // character n-grams (0: none)
  int maxn = 0;
  int chunk = 0;         // > 0: a long training text is given as pieces of at most this many
                         // words, each with the text's labels (prediction reads the whole text)
  int bucket = 200000;   // hashed n-gram rows at most (fastText's 2M makes an 800 MB model);
                         // Train uses min(bucket, max(10000, 2 x words in the examples))
  int min_count = 1;
  int threads = 1;       // 1: the same data gives the same model
  int seed = 0;
  TextForm form = TextForm::kNormalized;  // what Example::text is in (recorded in the model)
};

// "form lower, epoch 25, lr 0.5, wordNgrams 2, dim 50, minn 0, maxn 0"
std::string DescribeOptions(const TrainOptions& opts);

// What a model file records beside fastText's own data (a trailer the
// `fasttext` command ignores): the options it was trained with, how they
// were chosen, and on how many items.
struct ModelInfo {
  TrainOptions options;
  std::string selection = "given";  // e.g. "3-fold cross-validation, 14 candidates"
  double selection_accuracy = 0;    // cross-validated accuracy of the chosen options (0: not chosen)
  int64_t examples = 0;             // labelled items the model was trained on
  int64_t trained_at = 0;           // unix seconds
};

class Model {
 public:
  ~Model();
  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;

  // `examples` must be in opts.form.
  static Result<Model> Train(const std::vector<Example>& examples, const TrainOptions& opts);
  static Result<Model> Load(const std::string& path);
  Status Save(const std::string& path) const;

  // Category probabilities (labels without "__label__"), highest first,
  // at most k (k <= 0: all), those below `threshold` dropped. `model_text`
  // must be in the model's form (info().options.form).
  std::vector<Score> Predict(std::string_view model_text, int k = -1, double threshold = 0.0) const;
  // Predict on raw text: converts it to the model's form first.
  std::vector<Score> Classify(std::string_view text, int k = -1) const;
  std::vector<std::string> labels() const;

  const ModelInfo& info() const;
  void set_info(const ModelInfo& info);  // selection, accuracy (options stay as trained)

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

// Top-1 evaluation of `model` on `test` (texts in the model's form).
Evaluation Evaluate(const Model& model, const std::vector<Example>& test);
// The same from (labels, top prediction) pairs; an empty prediction is wrong.
Evaluation EvaluatePredictions(const std::vector<std::vector<std::string>>& labels,
                               const std::vector<std::string>& predicted);

// k-fold cross-validation; example i goes to fold fold_of[i] (0..folds-1;
// empty: i % folds). Needs at least 2 folds and 2 examples per fold.
Result<Evaluation> CrossValidate(const std::vector<Example>& examples, int folds,
                                 const std::vector<int>& fold_of, const TrainOptions& opts);

// Deterministic fold for a key (FNV-1a of the bytes).
int FoldOf(std::string_view key, int folds);

// The order in which training items are given to fastText: a permutation
// of 0..n-1 from `seed` (the same on every platform). Model::Train and the
// `fasttext` command's training file both use it.
std::vector<size_t> TrainingOrder(size_t n, int seed);

// Stratified deterministic folds: the items of each first label, ordered by
// a hash of (key, salt), are dealt round-robin to the folds (continuing
// from one label to the next), so every fold gets its share of every
// category. Items without labels get -1.
std::vector<int> StratifiedFolds(const std::vector<std::string>& keys,
                                 const std::vector<std::vector<std::string>>& labels, int folds,
                                 std::string_view salt = "");

// ------------------------------------------------------------- choosing hyperparameters

// A labelled item as the office has it: raw text (title + text), labels,
// and a stable key (source + id) for deterministic folds.
struct LabelledText {
  std::string text;
  std::vector<std::string> labels;
  std::string key;
};

struct SelectOptions {
  int folds = 3;                       // cross-validation folds for every candidate
  std::vector<TextForm> forms = {TextForm::kNormalized, TextForm::kFolded, TextForm::kLower};
  int fixed_epoch = 0;                 // > 0: epoch is not searched
  // The grid is bounded by work, not time, so that the same items give the
  // same choice on any machine: a candidate is skipped when its estimated
  // word-passes (words trained on x epochs x a factor for n-grams and dim,
  // over all folds) would take the total past max_work. 100M is about 30 s
  // on one core of the 2-core VM.
  double max_work = 100e6;
  double max_seconds = 120;            // a safety net only (machine-dependent when it bites)
  int64_t max_tokens = 500000;         // larger training sets are searched on a stratified sample
  int threads = 1;
};

struct Candidate {
  TrainOptions options;
  std::string stage;      // "form", "epoch/lr", "wordNgrams", "dim", "minn/maxn"
  double accuracy = 0;    // cross-validated
  double log_loss = 0;    // mean -log p(true label), the tie-breaker
  double seconds = 0;
};

struct Selection {
  TrainOptions chosen;
  Evaluation chosen_cv;              // the chosen candidate's cross-validation (per category)
  double accuracy = 0;
  std::vector<Candidate> tried;      // in order
  int folds = 0;
  size_t items = 0, items_used = 0;  // items_used < items: searched on a sample
  bool stopped_by_budget = false;    // some candidates skipped: they did not fit max_work
  double work = 0;                   // word-passes spent
  double seconds = 0;
  std::string Describe() const;      // "3-fold cross-validation, 14 candidates on 1,600 items"
};

// Chooses text form and fastText hyperparameters on the labelled items
// alone, by stratified k-fold cross-validation, in stages that each keep
// the best so far (more items right; equal counts: lower log-loss, then the
// cheaper candidate):
//   1. the `fasttext` command's usual setting on lower-cased text (epoch 25,
//      lr 0.5, wordNgrams 2, dim 50), then the same in pieces of 30 words
//      (chunk; only when the median item is longer than 40 words),
//   2. the other text forms (normalized, folded) at the best chunk,
//   3. epoch x lr: (50, 0.5), (25, 1.0),
//   4. wordNgrams 3 and 1,  5. dim 100 and 25,  6. character n-grams 2-4.
// Candidates that would take the work past max_work are skipped.
// Deterministic for the same items.
Result<Selection> SelectTrainOptions(const std::vector<LabelledText>& items, const SelectOptions& opts);

// ------------------------------------------------------------- the `fasttext` command as a peer

// The figures the plain `fasttext` command gets on the same split:
//   fasttext supervised -input TRAIN -output M -epoch 25 -lr 0.5 -wordNgrams 2 -dim 50
//   fasttext predict M.bin TEST
// on the lower-cased raw text (Unicode lower case, line breaks as spaces).
struct PeerReport {
  std::string command;  // the training command line, as run (temporary paths shortened)
  Evaluation eval;
  double seconds = 0;
};
// Path of the `fasttext` executable ($VOX_FASTTEXT, else on $PATH), or ""
// when there is none (VOX_FASTTEXT=none disables the peer).
std::string FindFastTextCommand();
// The lower-cased raw text the peer is given.
std::string PeerText(std::string_view text);
Result<PeerReport> RunFastTextCommand(const std::string& exe, const std::vector<LabelledText>& train,
                                      const std::vector<LabelledText>& test);

// ------------------------------------------------------------- training with a report

struct TrainSetup {
  int holdout_percent = 20;  // stratified held-back share for the report (0: none)
  int holdout_fold = 0;      // which share (0 .. 100/holdout_percent - 1): benchmarks rotate it
  bool select = true;        // false: train with `fixed`
  SelectOptions select_options;
  TrainOptions fixed;
  bool peer = true;          // also run the `fasttext` command on the same split when installed
  bool final_model = true;   // retrain on all items with the chosen options
};

struct TrainReport {
  size_t items = 0, train_items = 0, held_back_items = 0;
  Selection selection;                   // on the training part (all items when nothing is held back)
  std::optional<Evaluation> held_back;   // the model trained on the training part, on the held-back part
  std::optional<PeerReport> peer;        // the `fasttext` command on the same split
  std::string peer_skipped;              // why there is no peer figure ("" when there is one)
  std::optional<Model> model;            // trained on all items, chosen options and info recorded
  double seconds = 0;
};

// Held-back split (StratifiedFolds with salt "holdout"), selection on the
// training part, a model on the training part evaluated on the held-back
// part, the peer on the same split, then the final model on all items with
// the options chosen.
Result<TrainReport> TrainWithReport(const std::vector<LabelledText>& items, const TrainSetup& setup);

// ------------------------------------------------------------- annotator

struct AnnotatorOptions {
  double model_confidence = 0.7;  // below: the model's best is kept but the item is "unsure"
  double min_model_score = 0.2;   // model categories kept after its best
  double min_rule_score = 0.5;    // rule categories kept (one keyword = 0.55)
  size_t max_categories = 3;
};

struct Annotation {
  std::vector<Score> categories;    // highest first
  std::vector<std::string> places;  // canonical names
  enum class From { kNone, kLabels, kModel, kRules } from = From::kNone;
  double model_score = 0;           // the model's top probability (kModel)
  bool unsure = false;              // kModel and model_score < AnnotatorOptions::model_confidence
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

// "<db>.classifier.bin" beside a store file (store::FileBeside);
// InvalidArgument for a server database (pass an explicit model path there).
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
