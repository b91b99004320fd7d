#include "classify/classify.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace vox::classify {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string TopCategory(const std::vector<Score>& s) { return s.empty() ? "" : s[0].category; }

// ------------------------------------------------------------- taxonomy

TEST(TaxonomyTest, DefaultParsesWithTheDemoCategoryIds) {
  auto t = Taxonomy::Parse(Taxonomy::DefaultText(), "data/taxonomy.toml");
  ASSERT_TRUE(t.ok()) << t.status().message();
  std::vector<std::string> ids;
  for (const auto& c : t->categories) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"dat_dai", "ngap_moi_truong", "dien_nuoc", "giao_thong", "gia_ca",
                                            "y_te", "giao_duc", "thu_tuc", "an_ninh", "lua_dao"}));
  for (const auto& c : t->categories) {
    EXPECT_FALSE(c.name.empty()) << c.id;
    EXPECT_GE(c.keywords.size() + c.strong.size(), 10u) << c.id;
  }
  EXPECT_EQ(Taxonomy::Default().categories.size(), 10u);
}

TEST(TaxonomyTest, ParsesTheSubset) {
  auto t = Taxonomy::Parse(R"(# comment
version = 1
[[category]]
id = "a_1"   # trailing comment
name = 'Lit "eral"'
keywords = ["x y",
  "z\u00e2",   # spans lines, trailing comma
]
[[category]]
id = "b"
strong = ["q"]
)",
                           "t.toml");
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->categories.size(), 2u);
  EXPECT_EQ(t->categories[0].name, "Lit \"eral\"");
  EXPECT_EQ(t->categories[0].keywords, (std::vector<std::string>{"x y", "zâ"}));
  EXPECT_EQ(t->categories[1].name, "b");  // defaults to the id
  EXPECT_EQ(t->categories[1].strong, std::vector<std::string>{"q"});
}

TEST(TaxonomyTest, ErrorsNameTheLine) {
  struct Case {
    const char* toml;
    const char* want;
  } cases[] = {
      {"[[category]]\nid = \"a\"\nkeywords = [\"x\"]\ncolour = \"red\"\n", "t.toml:4: unknown key 'colour'"},
      {"[[category]]\nid = \"a\"\nkeywords = [\"x\"\n", "t.toml:3: unterminated array"},
      {"[[category]]\nid = \"a\nkeywords = [\"x\"]\n", "t.toml:2: unterminated string"},
      {"[[category]]\nid = \"A-b\"\nkeywords = [\"x\"]\n", "t.toml:1: category id 'A-b'"},
      {"[[category]]\nid = \"a\"\nkeywords = [\"x\"]\n\n[[category]]\nid = \"a\"\nkeywords = [\"y\"]\n",
       "t.toml:5: duplicate category id 'a'"},
      {"[[category]]\nid = \"none\"\nkeywords = [\"x\"]\n", "reserved"},
      {"[[category]]\nid = \"a\"\n", "t.toml:1: category 'a' has no keywords"},
      {"[section]\n", "t.toml:1: unknown table"},
      {"", "no [[category]]"},
      {"[[category]]\nid = \"a\" extra\nkeywords = [\"x\"]\n", "t.toml:2: unexpected text"},
  };
  for (const auto& c : cases) {
    auto t = Taxonomy::Parse(c.toml, "t.toml");
    ASSERT_FALSE(t.ok()) << c.toml;
    EXPECT_NE(t.status().message().find(c.want), std::string::npos) << t.status().message();
  }
}

// TOML the subset reader refused: inline tables, an array of inline tables,
// multi-line basic and literal strings, quoted keys, \U escapes, comments
// inside arrays and after table headers. Same Taxonomy as the usual spelling.
TEST(TaxonomyTest, ReadsAnyTomlSpellingOfTheShape) {
  auto usual = Taxonomy::Parse(R"([[category]]
id = "dien_nuoc"
name = "Điện, nước"
keywords = ["mất điện", "cúp nước"]
strong = ["lịch cắt điện"]
[[category]]
id = "y_te"
keywords = ["bệnh viện"]
)",
                               "usual.toml");
  ASSERT_TRUE(usual.ok()) << usual.status().message();

  auto inline_tables = Taxonomy::Parse(R"(version = 1   # document version
category = [
  # the office's concerns, one inline table each
  { id = 'dien_nuoc', name = """Điện, \
nước""", keywords = [
      'mất điện',     # literal strings: no escapes
      "c\u00FAp n\U000001B0\u1EDBc",
    ], strong = ['''lịch cắt điện'''] },
  { "id" = "y_te", keywords = [ "bệnh viện", ] },
]
)",
                                       "inline.toml");
  ASSERT_TRUE(inline_tables.ok()) << inline_tables.status().message();

  auto dotted = Taxonomy::Parse(R"([[category]]  # header comment
"id" = "dien_nuoc"
'name' = 'Điện, nước'
keywords = [
  "mất điện",
  # a comment line inside the array
  "cúp nước"
]
strong = [
  """lịch cắt điện"""
]

[[ category ]]
id = "y_te"
keywords = ["bệnh viện"]
)",
                                "dotted.toml");
  ASSERT_TRUE(dotted.ok()) << dotted.status().message();

  for (const Taxonomy* t : {&*inline_tables, &*dotted}) {
    ASSERT_EQ(t->categories.size(), usual->categories.size());
    for (size_t i = 0; i < t->categories.size(); ++i) {
      const Category& a = t->categories[i];
      const Category& b = usual->categories[i];
      EXPECT_EQ(a.id, b.id);
      EXPECT_EQ(a.name, b.name);
      EXPECT_EQ(a.keywords, b.keywords);
      EXPECT_EQ(a.strong, b.strong);
    }
  }
}

// Errors toml++ finds (syntax) and errors of shape carry the line they are
// on; of several shape errors the first in the file is reported, whatever
// order the keys are stored in.
TEST(TaxonomyTest, ErrorsNameTheLineOfTomlAndShapeErrors) {
  struct Case {
    const char* toml;
    const char* want;
  } cases[] = {
      // Syntax, found by toml++.
      {"version = 1\n[[category]]\nid = \"a\"\nid = \"b\"\nkeywords = [\"x\"]\n", "t.toml:4: "},
      {"[[category]]\nid = \"a\"\nkeywords = [\"x\",,]\n", "t.toml:3: "},
      {"[[category]]\nid = \"a\"\nkeywords = [\"x\"]\nname = \"\"\"never closed\n\n", "t.toml:5: unterminated string"},
      {"[[category]]\nid = \"a\"\n\nkeywords = [\"x\" \"y\"]\n", "t.toml:4: "},
      {"[[category]\nid = \"a\"\n", "t.toml:1: "},
      {"[[category]]\nid = \"a\"\nkeywords = [\"\\q\"]\n", "t.toml:3: "},
      // Shape.
      {"version = 2\n[[category]]\nid = \"a\"\nkeywords = [\"x\"]\n", "t.toml:1: unsupported version"},
      {"version = \"1\"\n[[category]]\nid = \"a\"\nkeywords = [\"x\"]\n", "t.toml:1: unsupported version"},
      {"[[category]]\nid = 7\nkeywords = [\"x\"]\n", "t.toml:2: 'id' must be a string, not an integer"},
      {"[[category]]\nid = \"a\"\nkeywords = \"x\"\n", "t.toml:3: 'keywords' must be an array of strings"},
      {"[[category]]\nid = \"a\"\nkeywords = [\n  \"x\",\n  3,\n]\n", "t.toml:5: 'keywords' holds an integer"},
      {"[[category]]\nid = \"a\"\nstrong = [\"x\", \n  \"  \"]\n", "t.toml:4: empty keyword in 'strong'"},
      {"[[category]]\nid = \"\"\nkeywords = [\"x\"]\n", "t.toml:1: category without id"},
      {"[[category]]\nid = \"a\"\nkeywords = []\nstrong = []\n", "t.toml:1: category 'a' has no keywords"},
      {"colour = \"red\"\n[[category]]\nid = \"a\"\nkeywords = [\"x\"]\n", "t.toml:1: unknown top-level key 'colour'"},
      {"[category]\nid = \"a\"\nkeywords = [\"x\"]\n", "t.toml:1: 'category' must be [[category]] tables"},
      {"category = [{ id = \"a\", keywords = [\"x\"] },\n  { id = \"a\", keywords = [\"y\"] }]\n",
       "t.toml:2: duplicate category id 'a'"},
      // Keys are stored sorted ('colour' < 'zeta'); the earlier line wins.
      {"[[category]]\nid = \"a\"\nkeywords = [\"x\"]\nzeta = 1\ncolour = 2\n", "t.toml:4: unknown key 'zeta'"},
      {"[[category]]\nid = \"a\"\nkeywords = [\"x\"]\n[category.extra]\nk = 1\n",
       "t.toml:4: unknown key 'extra'"},
  };
  for (const auto& c : cases) {
    auto t = Taxonomy::Parse(c.toml, "t.toml");
    ASSERT_FALSE(t.ok()) << c.toml;
    EXPECT_EQ(t.status().message().rfind(c.want, 0), 0u) << c.toml << "\n-> " << t.status().message();
  }
}

// ------------------------------------------------------------- rules

TEST(RulesTest, AccentInsensitiveMultiWordKeywords) {
  RuleClassifier rules(Taxonomy::Default());
  for (const char* text : {"Mất điện từ sáng tới giờ ở Vân Hà", "mat dien tu sang toi gio", "MẤT ĐIỆN cả buổi",
                           "ko co dien, cup dien hoai"}) {
    auto s = rules.ClassifyText(text);
    ASSERT_FALSE(s.empty()) << text;
    EXPECT_EQ(s[0].category, "dien_nuoc") << text;
    EXPECT_GE(s[0].score, 0.5) << text;
  }
}

TEST(RulesTest, WrongDiacriticsDoNotMatch) {
  Taxonomy t;
  t.categories.push_back({"x", "X", {"mất điện"}, {}});
  RuleClassifier rules(t);
  EXPECT_FALSE(rules.ClassifyText("mat dien").empty());
  EXPECT_TRUE(rules.ClassifyText("mắt điên").empty());
  EXPECT_TRUE(rules.ClassifyText("mất").empty());      // a prefix of the phrase is no match
  EXPECT_TRUE(rules.ClassifyText("điện mất").empty());  // order matters
}

TEST(RulesTest, ScoresGrowWithEvidenceAndAreOrdered) {
  Taxonomy t;
  t.categories.push_back({"a", "A", {"ngập"}, {"ngập sâu"}});
  t.categories.push_back({"b", "B", {"giá"}, {}});
  RuleClassifier rules(t);
  auto one = rules.ClassifyText("giá");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_NEAR(one[0].score, 1 - std::exp(-0.8), 1e-9);
  auto both = rules.ClassifyText("giá ngập sâu");  // "ngập" (1) + "ngập sâu" (2)
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].category, "a");
  EXPECT_NEAR(both[0].score, 1 - std::exp(-0.8 * 3), 1e-9);
  // A keyword repeated counts at most twice.
  auto rep = rules.ClassifyText("giá giá giá giá giá");
  EXPECT_NEAR(rep[0].score, 1 - std::exp(-0.8 * 2), 1e-9);
}

TEST(RulesTest, DefaultTaxonomyOnDemoLikeSentences) {
  RuleClassifier rules(Taxonomy::Default());
  struct Case {
    const char* text;
    const char* want;
  } cases[] = {
      {"Dự án Bờ Đông đền bù có 2 triệu/m2 đất vườn thì sống sao nổi", "dat_dai"},
      {"Làm sổ đỏ nộp hồ sơ từ 6 tháng rồi vẫn chưa có", "dat_dai"},
      {"Mưa có nửa tiếng mà đường Lê Lợi đã ngập tới đầu gối rồi", "ngap_moi_truong"},
      {"Rác bị đổ trộm ven sông Vân bốc mùi kinh khủng", "ngap_moi_truong"},
      {"Ai ở Vân Hà có bị mất nước không ạ? Nhà em từ tối qua không có giọt nước nào", "dien_nuoc"},
      {"Ổ gà trên đường Nguyễn Trãi sâu hoắm, tối chạy dễ té", "giao_thong"},
      {"Đèn giao thông ngã tư hỏng mấy ngày nay, kẹt xe giờ tan tầm", "giao_thong"},
      {"Thịt heo ở chợ Bến Vân tăng giá, đi chợ giờ mệt quá", "gia_ca"},
      {"Xóm em có mấy nhà bị sốt xuất huyết rồi, mong phường phun thuốc muỗi sớm", "y_te"},
      {"Trường THCS Ngọc Lâm thu quỹ đầu năm nhiều khoản quá, phụ huynh ngại hỏi", "giao_duc"},
      {"Làm CCCD cho con ở công an phường cần mang giấy tờ gì vậy mọi người?", "thu_tuc"},
      {"VNeID của mình bị lỗi không đăng nhập được mức 2", "thu_tuc"},
      {"Bị trộm chiếc Wave trước chợ lúc khoảng 9h tối qua", "an_ninh"},
      {"Karaoke hát tới 1h sáng, không ai ngủ được", "an_ninh"},
      {"Có người tự xưng nhân viên điện lực gửi link để thanh toán. LỪA ĐẢO đừng bấm!", "lua_dao"},
      {"vua nhan cuoc goi tu xung cong an bao chuyen tien, canh giac nha moi nguoi", "lua_dao"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(TopCategory(rules.ClassifyText(c.text)), c.want) << c.text;
  }
  EXPECT_TRUE(rules.ClassifyText("Hoàng hôn trên sông hôm nay đẹp quá").empty());
}

// ------------------------------------------------------------- gazetteer

TEST(GazetteerTest, DefaultCoversTheDemoTown) {
  auto g = Gazetteer::Parse(Gazetteer::DefaultText(), "data/gazetteer.tsv");
  ASSERT_TRUE(g.ok()) << g.status().message();
  for (const char* name : {"thị xã Bến Vân", "phường Bến Cũ", "phường Vân Hà", "phường Đông Thành", "phường Ngọc Lâm",
                           "phường Hòa An", "phường Thượng Phố", "phường Bãi Dâu", "phường Tân Khê", "xã Vân Sơn",
                           "xã Phú Lộc", "xã Đồng Gạo", "xã Cồn Mây", "xã An Điềm", "đường Lê Lợi", "chợ Bến Vân",
                           "cầu Vân Giang", "khu tái định cư Phú Lộc", "sông Vân"}) {
    EXPECT_NE(g->Find(name), nullptr) << name;
  }
}

TEST(GazetteerTest, WithOrWithoutDiacriticsLongestMatchAndParents) {
  const Gazetteer& g = Gazetteer::Default();
  EXPECT_EQ(g.TagText("Đoạn đường Lê Lợi gần chợ ngập sâu"),
            (std::vector<std::string>{"đường Lê Lợi", "phường Vân Hà", "thị xã Bến Vân"}));
  EXPECT_EQ(g.TagText("doan duong le loi ngap sau"),
            (std::vector<std::string>{"đường Lê Lợi", "phường Vân Hà", "thị xã Bến Vân"}));
  // "chợ An Điềm" is longer than "An Điềm": the market, then its commune.
  EXPECT_EQ(g.TagText("giá gạo ở chợ An Điềm"),
            (std::vector<std::string>{"chợ An Điềm", "xã An Điềm", "thị xã Bến Vân"}));
  EXPECT_EQ(g.TagText("Ai ở phường Bến Cũ mất nước không"),
            (std::vector<std::string>{"phường Bến Cũ", "thị xã Bến Vân"}));
  EXPECT_EQ(g.TagText("ai o ben cu mat nuoc khong"), (std::vector<std::string>{"phường Bến Cũ", "thị xã Bến Vân"}));
  EXPECT_EQ(g.TagText("KCN Đông Thành xả khói"),
            (std::vector<std::string>{"khu công nghiệp Đông Thành", "phường Đông Thành", "thị xã Bến Vân"}));
  EXPECT_TRUE(g.TagText("Hôm nay trời đẹp").empty());
  // Wrong diacritics are another word: "bến cù" is not "Bến Cũ".
  EXPECT_TRUE(g.TagText("bến cù").empty());
}

TEST(GazetteerTest, ErrorsNameTheLine) {
  auto bad_cols = Gazetteer::Parse("# c\nphường A\n", "g.tsv");
  ASSERT_FALSE(bad_cols.ok());
  EXPECT_NE(bad_cols.status().message().find("g.tsv:2:"), std::string::npos) << bad_cols.status().message();
  auto dup = Gazetteer::Parse("A\tward\n\nA\tward\n", "g.tsv");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("g.tsv:3: duplicate"), std::string::npos);
  auto parent = Gazetteer::Parse("A\tward\tB\n", "g.tsv");
  ASSERT_FALSE(parent.ok());
  EXPECT_NE(parent.status().message().find("g.tsv:1: unknown parent 'B'"), std::string::npos);
  auto cycle = Gazetteer::Parse("A\tward\tB\nB\tward\tA\n", "g.tsv");
  ASSERT_FALSE(cycle.ok());
  EXPECT_NE(cycle.status().message().find("cycle"), std::string::npos);
  auto ok = Gazetteer::Parse("Xóm Mới\thamlet\t\tXom Moi|xóm mới A\n", "g.tsv");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->TagText("ngập ở xóm mới a"), std::vector<std::string>{"Xóm Mới"});
}

// ------------------------------------------------------------- model

std::vector<Example> ToyExamples() {
  const char* power[] = {"mất điện cả buổi chiều", "cúp điện từ sáng",     "điện chập chờn cả tối",
                         "mất điện không báo trước", "lịch cắt điện tuần này", "cúp điện nóng quá"};
  const char* flood[] = {"mưa là ngập tới đầu gối", "đường ngập sâu",      "cống tắc nước tràn vào nhà",
                         "ngập nước cả khu phố",    "mưa lớn ngập lênh láng", "nạo vét cống chống ngập"};
  std::vector<Example> ex;
  for (int rep = 0; rep < 8; ++rep) {
    for (const char* p : power) ex.push_back({ModelTextOf(p), {"dien_nuoc"}});
    for (const char* f : flood) ex.push_back({ModelTextOf(f), {"ngap_moi_truong"}});
  }
  return ex;
}

TEST(ModelTest, ModelTextIsNormalized) {
  EXPECT_EQ(ModelTextOf("MẤT ĐIỆN từ 7h, xem https://x.vn/a"), ModelTextOf("mất điện từ 7h, xem https://y.vn/b"));
  EXPECT_EQ(ModelTextOf("Giá 50 nghìn").find("50"), std::string::npos);
}

TEST(ModelTest, TrainPredictSaveLoad) {
  TrainOptions opts;
  opts.epoch = 20;
  auto m = Model::Train(ToyExamples(), opts);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->labels(), (std::vector<std::string>{"dien_nuoc", "ngap_moi_truong"}));
  auto p = m->Predict(ModelTextOf("hôm nay lại mất điện"));
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].category, "dien_nuoc");
  EXPECT_NEAR(p[0].score + p[1].score, 1.0, 0.02);  // probabilities
  EXPECT_EQ(TopCategory(m->Predict(ModelTextOf("đường ngập quá"))), "ngap_moi_truong");

  std::string path = testing::TempDir() + "/vox_classify_test_model.bin";
  ASSERT_TRUE(m->Save(path).ok());
  auto loaded = Model::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(TopCategory(loaded->Predict(ModelTextOf("mất điện"))), "dien_nuoc");
  std::remove(path.c_str());
}

TEST(ModelTest, LoadErrors) {
  EXPECT_EQ(Model::Load("/nonexistent/model.bin").status().code(), StatusCode::kNotFound);
  std::string path = testing::TempDir() + "/vox_classify_test_garbage.bin";
  {
    std::ofstream f(path);
    f << "not a model";
  }
  auto m = Model::Load(path);
  EXPECT_FALSE(m.ok());
  std::remove(path.c_str());
  EXPECT_FALSE(Model::Train({}, {}).ok());
}

TEST(ModelTest, CrossValidationReportsPerCategory) {
  auto ex = ToyExamples();
  TrainOptions opts;
  opts.epoch = 20;
  auto ev = CrossValidate(ex, 4, {}, opts);
  ASSERT_TRUE(ev.ok()) << ev.status().message();
  EXPECT_EQ(ev->examples, static_cast<int64_t>(ex.size()));
  EXPECT_GE(ev->accuracy(), 0.9);
  ASSERT_EQ(ev->categories.size(), 2u);
  EXPECT_EQ(ev->categories[0].category, "dien_nuoc");
  EXPECT_EQ(ev->categories[0].support, 48);
  EXPECT_GE(ev->categories[0].precision(), 0.9);
  EXPECT_GE(ev->categories[1].recall(), 0.9);
  EXPECT_FALSE(CrossValidate(ex, 1, {}, opts).ok());
}

TEST(ModelTest, FoldOfIsDeterministicAndSpread) {
  std::vector<int> counts(5, 0);
  for (int i = 0; i < 1000; ++i) {
    int f = FoldOf("item-" + std::to_string(i), 5);
    EXPECT_EQ(f, FoldOf("item-" + std::to_string(i), 5));
    ++counts[f];
  }
  for (int c : counts) EXPECT_GT(c, 150);
}

// ------------------------------------------------------------- choosing hyperparameters

// Items whose category shows only in punctuation kept on the word ("nào?"
// vs "nào!"): the normalized and folded forms drop it, lower-cased text
// keeps it, so cross-validation must choose the lower form.
std::vector<LabelledText> PunctuationItems() {
  const char* stems[] = {"trời hôm nay thế nào", "giá xăng tuần này ra sao", "đường Lê Lợi có ngập không",
                         "chợ sáng nay đông không", "điện có bị cắt không",    "bao giờ sửa cầu"};
  std::vector<LabelledText> items;
  for (int rep = 0; rep < 6; ++rep) {
    for (int i = 0; i < 6; ++i) {
      std::string k = std::to_string(rep) + "-" + std::to_string(i);
      items.push_back({std::string(stems[i]) + "?", {"hoi"}, "q" + k});
      items.push_back({std::string(stems[i]) + "!", {"than_phien"}, "e" + k});
    }
  }
  return items;
}

TEST(SelectTest, ChoosesTheTextFormThatMeasuresBestOnItsData) {
  SelectOptions so;
  so.max_work = 0;        // no budget: the whole grid
  so.max_seconds = 1e9;   // and no time safety net (sanitizer builds are slow)
  auto sel = SelectTrainOptions(PunctuationItems(), so);
  ASSERT_TRUE(sel.ok()) << sel.status().message();
  EXPECT_EQ(sel->chosen.form, TextForm::kLower) << DescribeOptions(sel->chosen);
  EXPECT_GE(sel->accuracy, 0.9);
  EXPECT_GE(sel->tried.size(), 8u);  // forms, epoch/lr, wordNgrams, dim, minn/maxn
  bool saw_normalized = false;
  for (const auto& c : sel->tried) {
    if (c.options.form == TextForm::kNormalized) {
      saw_normalized = true;
      EXPECT_LE(c.accuracy, 0.75) << "normalized text cannot see the punctuation";
    }
    EXPECT_LE(c.accuracy, sel->accuracy + 1e-9);  // the chosen one is the best measured
  }
  EXPECT_TRUE(saw_normalized);
  EXPECT_NE(sel->Describe().find("3-fold cross-validation"), std::string::npos) << sel->Describe();
  // Deterministic: the same items give the same choice.
  auto again = SelectTrainOptions(PunctuationItems(), so);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(DescribeOptions(again->chosen), DescribeOptions(sel->chosen));
}

TEST(SelectTest, TheWorkBudgetBoundsTheGrid) {
  SelectOptions so;
  so.max_work = 1;  // room for the first candidate only
  auto sel = SelectTrainOptions(PunctuationItems(), so);
  ASSERT_TRUE(sel.ok()) << sel.status().message();
  EXPECT_EQ(sel->tried.size(), 1u);
  EXPECT_TRUE(sel->stopped_by_budget);
  // The first candidate is the `fasttext` command's setting on lower-cased text.
  EXPECT_EQ(sel->chosen.form, TextForm::kLower);
  EXPECT_EQ(sel->chosen.epoch, 25);
  EXPECT_EQ(sel->chosen.dim, 50);
  EXPECT_EQ(sel->chosen.word_ngrams, 2);
}

TEST(SelectTest, TrainWithReportRecordsTheChoiceInTheModelFile) {
  setenv("VOX_FASTTEXT", "none", 1);  // no peer: skipped quietly
  TrainSetup setup;
  auto rep = TrainWithReport(PunctuationItems(), setup);
  unsetenv("VOX_FASTTEXT");
  ASSERT_TRUE(rep.ok()) << rep.status().message();
  EXPECT_EQ(rep->items, 72u);
  EXPECT_GT(rep->held_back_items, 10u);
  EXPECT_EQ(rep->train_items + rep->held_back_items, 72u);
  ASSERT_TRUE(rep->held_back.has_value());
  EXPECT_GE(rep->held_back->accuracy(), 0.9);
  EXPECT_FALSE(rep->peer.has_value());
  EXPECT_FALSE(rep->peer_skipped.empty());
  ASSERT_TRUE(rep->model.has_value());
  const ModelInfo& info = rep->model->info();
  EXPECT_EQ(info.options.form, TextForm::kLower);
  EXPECT_EQ(info.examples, 72);
  EXPECT_NE(info.selection.find("cross-validation"), std::string::npos);

  std::string path = testing::TempDir() + "/vox_classify_test_selected.bin";
  ASSERT_TRUE(rep->model->Save(path).ok());
  auto loaded = Model::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(DescribeOptions(loaded->info().options), DescribeOptions(info.options));
  EXPECT_EQ(loaded->info().selection, info.selection);
  EXPECT_NEAR(loaded->info().selection_accuracy, info.selection_accuracy, 1e-12);
  // Classify converts raw text to the model's form.
  EXPECT_EQ(TopCategory(loaded->Classify("trời hôm nay thế nào?")), "hoi");
  EXPECT_EQ(TopCategory(loaded->Classify("trời hôm nay thế nào!")), "than_phien");
  std::remove(path.c_str());
}

TEST(SelectTest, PeerRunsTheFasttextCommandOnTheSameSplit) {
  if (FindFastTextCommand().empty()) GTEST_SKIP() << "no fasttext command installed";
  auto items = PunctuationItems();
  std::vector<LabelledText> train(items.begin(), items.begin() + 60), test(items.begin() + 60, items.end());
  auto peer = RunFastTextCommand(FindFastTextCommand(), train, test);
  ASSERT_TRUE(peer.ok()) << peer.status().message();
  EXPECT_EQ(peer->eval.examples, 12);
  EXPECT_NE(peer->command.find("-epoch 25 -lr 0.5 -wordNgrams 2 -dim 50"), std::string::npos);
  EXPECT_EQ(PeerText("Đường LÊ LỢI\nngập!"), "đường lê lợi ngập!");
}

// The grid on 2,000 short items: it stays within its work budget and tries
// the whole grid. How long it takes is a benchmark (BENCHMARKS.md: 23 s of
// CPU on one core), not a test: under the sanitizers it takes several times
// that, so the time safety net is lifted here to keep the choice
// independent of the machine.
TEST(SelectTest, TwoThousandShortItemsStayWithinTheWorkBudget) {
  const char* words[] = {"mất điện", "ngập", "giá", "sổ đỏ", "lừa đảo", "kẹt xe", "trường", "bệnh viện"};
  const char* cats[] = {"dien_nuoc", "ngap_moi_truong", "gia_ca", "dat_dai", "lua_dao", "giao_thong", "giao_duc", "y_te"};
  std::vector<LabelledText> items;
  uint64_t x = 1;
  auto next = [&x] { return (x = x * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
  for (int i = 0; i < 2000; ++i) {
    int c = static_cast<int>(next() % 8);
    std::string t = "người dân phản ánh";
    for (int w = 0; w < 25; ++w) t += " " + std::string(next() % 4 == 0 ? words[c] : words[next() % 8]);
    items.push_back({t, {cats[c]}, "k" + std::to_string(i)});
  }
  SelectOptions so;
  so.max_seconds = 1e9;
  auto sel = SelectTrainOptions(items, so);
  ASSERT_TRUE(sel.ok()) << sel.status().message();
  for (const auto& c : sel->tried) {
    std::printf("  %-80s cv %.4f %.1fs\n", DescribeOptions(c.options).c_str(), c.accuracy, c.seconds);
  }
  EXPECT_LE(sel->work, so.max_work);
  EXPECT_GE(sel->tried.size(), 6u);
  EXPECT_GE(sel->accuracy, 0.8);
}

TEST(ModelTest, TrainingOrderIsAFixedPermutation) {
  auto a = TrainingOrder(100, 0);
  EXPECT_EQ(a, TrainingOrder(100, 0));
  auto sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i) EXPECT_EQ(sorted[i], i);
  EXPECT_NE(a, sorted);  // shuffled: items grouped by label are mixed
}

TEST(ModelTest, StratifiedFoldsShareEveryCategory) {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> labels;
  for (int i = 0; i < 100; ++i) {
    keys.push_back("k" + std::to_string(i));
    labels.push_back({i < 80 ? "a" : "b"});
  }
  labels.push_back({});
  keys.push_back("unlabelled");
  auto f = StratifiedFolds(keys, labels, 5, "s");
  EXPECT_EQ(f.back(), -1);
  std::vector<int> a(5, 0), b(5, 0);
  for (int i = 0; i < 100; ++i) ++(i < 80 ? a : b)[f[i]];
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(a[k], 16);
    EXPECT_EQ(b[k], 4);
  }
}

TEST(ModelTest, TextForms) {
  std::string raw = "Đường LÊ LỢI ngập, xem https://x.vn/a 30cm!";
  EXPECT_EQ(ModelTextOf(raw, TextForm::kNormalized), ModelTextOf(raw));
  EXPECT_EQ(ModelTextOf(raw, TextForm::kFolded).find("đ"), std::string::npos);
  EXPECT_NE(ModelTextOf(raw, TextForm::kFolded).find("duong le loi ngap"), std::string::npos);
  EXPECT_EQ(ModelTextOf(raw, TextForm::kLower), "đường lê lợi ngập, xem https://x.vn/a 30cm!");
  TextForm f;
  for (TextForm g : {TextForm::kNormalized, TextForm::kFolded, TextForm::kLower}) {
    ASSERT_TRUE(ParseTextForm(TextFormName(g), &f));
    EXPECT_EQ(f, g);
  }
  EXPECT_FALSE(ParseTextForm("auto", &f));
}

// ------------------------------------------------------------- annotator

TEST(AnnotatorTest, LabelsThenRulesAndPlaces) {
  Annotator a(Taxonomy::Default(), Gazetteer::Parse(Gazetteer::DefaultText(), "g").value(), nullptr);
  Item item;
  item.text = "Mất điện từ sáng ở đường Lê Lợi mà không thấy báo trước";
  auto an = a.Annotate(item);
  EXPECT_EQ(an.from, Annotation::From::kRules);
  ASSERT_FALSE(an.categories.empty());
  EXPECT_EQ(an.categories[0].category, "dien_nuoc");
  EXPECT_TRUE(Has(an.places, "đường Lê Lợi"));
  EXPECT_TRUE(Has(an.places, "phường Vân Hà"));

  item.labels = {"giao_thong", "none"};
  an = a.Annotate(item);
  EXPECT_EQ(an.from, Annotation::From::kLabels);
  ASSERT_EQ(an.categories.size(), 1u);
  EXPECT_EQ(Annotator::FormatCategories(an.categories), std::vector<std::string>{"giao_thong:1.00"});

  Item plain;
  plain.text = "Chiều nay trời đẹp";
  plain.place = "Cồn Mây";
  an = a.Annotate(plain);
  EXPECT_TRUE(an.categories.empty());
  EXPECT_EQ(an.places, (std::vector<std::string>{"xã Cồn Mây", "thị xã Bến Vân"}));
}

TEST(AnnotatorTest, ConfidentModelWinsOverRules) {
  TrainOptions opts;
  opts.epoch = 20;
  auto m = Model::Train(ToyExamples(), opts);
  ASSERT_TRUE(m.ok());
  Annotator a(Taxonomy::Default(), Gazetteer(), std::make_unique<Model>(std::move(m).value()));
  Item item;
  item.text = "mất điện";
  auto an = a.Annotate(item);
  EXPECT_EQ(an.from, Annotation::From::kModel);
  ASSERT_FALSE(an.categories.empty());
  EXPECT_EQ(an.categories[0].category, "dien_nuoc");
  EXPECT_GT(an.categories[0].score, 0.5);
}

TEST(AnnotatorTest, UnsureItemStillGetsItsBestCategoryWithScore) {
  // Staff filed the same kind of message under both categories: the model
  // cannot be sure of it.
  auto ex = ToyExamples();
  for (int rep = 0; rep < 8; ++rep) {
    ex.push_back({ModelTextOf("mọi người cho ý kiến với"), {"dien_nuoc"}});
    ex.push_back({ModelTextOf("mọi người cho ý kiến với"), {"ngap_moi_truong"}});
  }
  auto m = Model::Train(ex, TrainOptions{});
  ASSERT_TRUE(m.ok());
  Annotator a(Taxonomy::Default(), Gazetteer(), std::make_unique<Model>(std::move(m).value()));
  Item item;
  item.text = "mọi người cho ý kiến với";
  auto an = a.Annotate(item);
  EXPECT_EQ(an.from, Annotation::From::kModel);
  ASSERT_FALSE(an.categories.empty()) << "no threshold leaves an item without a category";
  EXPECT_TRUE(an.unsure);
  EXPECT_LT(an.categories[0].score, 0.7);
  EXPECT_NEAR(an.categories[0].score, an.model_score, 1e-12);
  EXPECT_TRUE(an.categories[0].category == "dien_nuoc" || an.categories[0].category == "ngap_moi_truong");
  // Written with its score, so a dashboard can grey it out.
  auto f = Annotator::FormatCategories(an.categories);
  EXPECT_EQ(ParseScored(f[0]).category, an.categories[0].category);
  EXPECT_LT(ParseScored(f[0]).score, 0.7);
}

TEST(AnnotatorTest, NoneAndOtherAreLearnable) {
  auto ex = ToyExamples();
  const char* chat[] = {"chúc mọi người cuối tuần vui vẻ", "hoàng hôn hôm nay đẹp quá", "cảm ơn ad nhiều nha",
                        "ai đi cà phê không",               "chúc mừng sinh nhật em",    "hôm nay trời đẹp ghê"};
  const char* other[] = {"xin số điện thoại tổng đài", "hỏi giờ làm việc của phường", "cho hỏi địa chỉ ủy ban",
                         "giờ mở cửa bưu điện",        "số hotline của xã",           "ủy ban làm việc thứ bảy không"};
  for (int rep = 0; rep < 8; ++rep) {
    for (const char* c : chat) ex.push_back({ModelTextOf(c), {"none"}});
    for (const char* o : other) ex.push_back({ModelTextOf(o), {"khác"}});
  }
  auto m = Model::Train(ex, TrainOptions{});
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->labels(), (std::vector<std::string>{"dien_nuoc", "khác", "ngap_moi_truong", "none"}));
  EXPECT_EQ(TopCategory(m->Classify("chúc cả nhà cuối tuần vui vẻ")), "none");
  EXPECT_EQ(TopCategory(m->Classify("cho hỏi giờ làm việc của ủy ban")), "khác");
  Annotator a(Taxonomy::Default(), Gazetteer(), std::make_unique<Model>(std::move(m).value()));
  Item item;
  item.text = "chúc cả nhà cuối tuần vui vẻ";
  auto an = a.Annotate(item);
  EXPECT_EQ(an.from, Annotation::From::kModel);
  EXPECT_TRUE(an.categories.empty()) << "the model's best is none: no concern";
  item.text = "cho hỏi giờ làm việc của ủy ban";
  an = a.Annotate(item);
  EXPECT_EQ(TopCategory(an.categories), "khác");  // just another class
}

TEST(AnnotatorTest, KeywordRulesDoNotOverrideTheModel) {
  // This office files power cuts announced by the utility under prices
  // (the bill): the rules say dien_nuoc, the model learned gia_ca.
  const char* bill[] = {"mất điện mà hóa đơn vẫn tăng", "tiền điện tháng này mất điện vẫn cao",
                        "mất điện cả tuần hóa đơn gấp đôi", "hóa đơn tiền điện tăng dù mất điện"};
  const char* flood[] = {"mưa là ngập tới đầu gối", "đường ngập sâu", "ngập nước cả khu phố", "mưa lớn ngập lênh láng"};
  std::vector<Example> ex;
  for (int rep = 0; rep < 10; ++rep) {
    for (const char* b : bill) ex.push_back({ModelTextOf(b), {"gia_ca"}});
    for (const char* f : flood) ex.push_back({ModelTextOf(f), {"ngap_moi_truong"}});
  }
  auto m = Model::Train(ex, TrainOptions{});
  ASSERT_TRUE(m.ok());
  Annotator a(Taxonomy::Default(), Gazetteer(), std::make_unique<Model>(std::move(m).value()));
  RuleClassifier rules(Taxonomy::Default());
  Item item;
  item.text = "mất điện mà hóa đơn tiền điện vẫn tăng";
  ASSERT_EQ(TopCategory(rules.ClassifyText(item.text)), "dien_nuoc");
  auto an = a.Annotate(item);
  EXPECT_EQ(an.from, Annotation::From::kModel);
  EXPECT_FALSE(an.unsure);
  ASSERT_FALSE(an.categories.empty());
  EXPECT_EQ(an.categories[0].category, "gia_ca");
  for (const auto& c : an.categories) EXPECT_NE(c.category, "dien_nuoc") << "a confident model is not overridden";

  // Unsure: the model's best stays first; rules only add what it never learned.
  item.text = "cúp điện cả xóm, ai biết lịch không";
  an = a.Annotate(item);
  if (an.unsure) {
    ASSERT_FALSE(an.categories.empty());
    EXPECT_TRUE(an.categories[0].category == "gia_ca" || an.categories[0].category == "ngap_moi_truong");
    EXPECT_TRUE(Has({"gia_ca", "ngap_moi_truong", "dien_nuoc"}, an.categories.back().category));
  }
}

TEST(AnnotatorTest, FormatAndParseScores) {
  auto f = Annotator::FormatCategories({{"a", 0.876}, {"b", 0.5}});
  EXPECT_EQ(f, (std::vector<std::string>{"a:0.88", "b:0.50"}));
  Score s = ParseScored("dien_nuoc:0.87");
  EXPECT_EQ(s.category, "dien_nuoc");
  EXPECT_NEAR(s.score, 0.87, 1e-9);
  EXPECT_EQ(ParseScored("x").score, 1.0);
}

TEST(AnnotatorTest, DefaultModelPath) {
  EXPECT_EQ(DefaultModelPath("/tmp/vox.db").value(), "/tmp/vox.db.classifier.bin");
  EXPECT_FALSE(DefaultModelPath("postgresql://localhost/vox").ok());
}

// Store round trip: the ingest observer writes categories and places in the
// batch transaction; settings override taxonomy and gazetteer.
class StoreTest : public testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TempDir() + "/vox_classify_test_" + std::to_string(getpid()) + ".db";
    Cleanup();
    auto st = store::Store::Open(db_, {.create = true});
    ASSERT_TRUE(st.ok()) << st.status().message();
    store_ = std::move(st).value();
  }
  void TearDown() override {
    store_.reset();
    Cleanup();
  }
  void Cleanup() {
    for (const char* suffix : {"", "-wal", "-shm", ".classifier.bin"}) std::remove((db_ + suffix).c_str());
  }
  std::string db_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(StoreTest, IngestObserverWritesAnnotations) {
  auto obs = NewIngestClassifier(*store_, db_);
  ASSERT_TRUE(obs.ok()) << obs.status().message();
  Item item;
  item.source = "fb";
  item.id = "1";
  item.text = "Mưa chút xíu mà đường Lê Lợi đã ngập tới yên xe";
  item.published_at = 1790000000;
  ASSERT_TRUE(store_->Begin().ok());
  int64_t rowid = 0;
  ASSERT_TRUE(store_->UpsertItem(item, &rowid).ok());
  ASSERT_TRUE((*obs)->OnItem(*store_, rowid, item).ok());
  ASSERT_TRUE(store_->Commit().ok());
  auto got = store_->GetItem("fb", "1");
  ASSERT_TRUE(got.ok()) << got.status().message();
  ASSERT_FALSE(got->categories.empty());
  EXPECT_EQ(ParseScored(got->categories[0]).category, "ngap_moi_truong");
  EXPECT_TRUE(Has(got->places, "đường Lê Lợi"));
}

TEST_F(StoreTest, SettingsOverrideTaxonomyAndGazetteer) {
  ASSERT_TRUE(store_->SetSetting(kSettingTaxonomy, "[[category]]\nid = \"cho\"\nkeywords = [\"chợ\"]\n").ok());
  ASSERT_TRUE(store_->SetSetting(kSettingGazetteer, "Xóm Mới\thamlet\t\t\n").ok());
  auto a = LoadAnnotator(*store_, db_);
  ASSERT_TRUE(a.ok()) << a.status().message();
  Item item;
  item.text = "chợ xom moi đông quá";
  auto an = (*a)->Annotate(item);
  EXPECT_EQ(TopCategory(an.categories), "cho");
  EXPECT_EQ(an.places, std::vector<std::string>{"Xóm Mới"});

  ASSERT_TRUE(store_->SetSetting(kSettingTaxonomy, "[[category]]\nid = \"x\"\n").ok());
  auto bad = LoadAnnotator(*store_, db_);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(":1:"), std::string::npos) << bad.status().message();
}

}  // namespace
}  // namespace vox::classify
