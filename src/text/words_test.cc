#include "text/words.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace vox::text {
namespace {

// A corpus where "bệnh viện" and "đa khoa" always go together, while "tỉnh"
// and "mới" appear with many different neighbours.
WordModel Trained() {
  WordModel m;
  const char* lines[] = {
      "bệnh viện đa khoa tỉnh vừa mở cửa",  "người dân đến bệnh viện đa khoa khám",
      "bệnh viện tỉnh có máy mới",           "xây bệnh viện mới ở huyện",
      "phòng khám đa khoa của xã",           "tỉnh ủy họp về bệnh viện",
      "cửa hàng mới ở tỉnh",                 "máy mới về xã",
      "bệnh viện đa khoa, tỉnh Quảng Nam",   "mới có tin bệnh viện đa khoa",
  };
  for (const char* l : lines) m.Learn(l);
  return m;
}

std::string Words(const WordModel& m, const std::vector<std::string>& syl) {
  std::string out;
  for (const auto& [b, e] : m.Segment(syl)) {
    if (!out.empty()) out += '|';
    for (size_t i = b; i < e; ++i) out += (i > b ? " " : "") + syl[i];
  }
  return out;
}

TEST(WordModel, JoinsSyllablesThatAlwaysGoTogether) {
  WordModel m = Trained();
  EXPECT_GT(m.Npmi("bệnh", "viện"), 0.5);
  EXPECT_LT(m.Npmi("viện", "mới"), 0.5);
  EXPECT_EQ(m.Npmi("không", "có"), -1);  // never seen
  EXPECT_EQ(Words(m, {"bệnh", "viện", "đa", "khoa", "tỉnh"}), "bệnh viện|đa khoa|tỉnh");
  // Case and typing do not matter for counting: the syllables are normalized.
  EXPECT_EQ(Words(m, {"Bệnh", "Viện", "mới"}), "Bệnh Viện|mới");
}

TEST(WordModel, CapitalizedRunIsOneName) {
  WordModel m = Trained();
  EXPECT_EQ(Words(m, {"về", "Thành", "Phố", "Hồ", "Chí", "Minh", "hôm", "nay"}),
            "về|Thành Phố Hồ Chí Minh|hôm|nay");
  // The sentence's first word is capitalized for another reason.
  EXPECT_EQ(Words(m, {"Tỉnh", "có", "tin"}), "Tỉnh|có|tin");
}

TEST(WordModel, PunctuationBreaksAdjacency) {
  WordModel m;
  for (int i = 0; i < 5; ++i) m.Learn("khoa, tỉnh");
  EXPECT_EQ(m.Npmi("khoa", "tỉnh"), -1);
  EXPECT_EQ(m.syllables(), 10u);
}

TEST(WordModel, AnnotateJoinsWordsWithUnderscore) {
  WordModel m = Trained();
  EXPECT_EQ(m.Annotate("Bệnh viện đa khoa tỉnh, bệnh viện mới!"), "bệnh_viện đa_khoa tỉnh bệnh_viện mới");
  EXPECT_EQ(m.Annotate(""), "");
}

TEST(WordModel, SaveAndLoadGiveTheSameModel) {
  WordModel m = Trained();
  auto path = std::filesystem::temp_directory_path() / ("vox_words_" + std::to_string(getpid()) + ".tsv");
  ASSERT_TRUE(m.Save(path.string()).ok());
  auto back = WordModel::Load(path.string());
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->syllables(), m.syllables());
  EXPECT_DOUBLE_EQ(back->Npmi("bệnh", "viện"), m.Npmi("bệnh", "viện"));
  {
    // Only kept pairs and their syllables are written: "vừa" was seen once.
    std::ifstream f(path);
    std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    EXPECT_NE(all.find("\tbệnh\t"), std::string::npos);
    EXPECT_EQ(all.find("vừa"), std::string::npos);
  }
  // Options travel with the model.
  WordModel strict({0.8, 3});
  strict.Learn("bệnh viện bệnh viện bệnh viện");
  ASSERT_TRUE(strict.Save(path.string()).ok());
  auto strict_back = WordModel::Load(path.string());
  ASSERT_TRUE(strict_back.ok());
  EXPECT_DOUBLE_EQ(strict_back->options().threshold, 0.8);
  EXPECT_EQ(strict_back->options().min_count, 3u);
  {
    std::ofstream f(path);
    f << "1\tbệnh\t5\n1\tbệnh\t5\n";  // a repeated line replaces
  }
  EXPECT_EQ(WordModel::Load(path.string())->syllables(), 5u);
  {
    std::ofstream f(path);
    f << "1\tbệnh\t3\n2\tbệnh\tviện\tmany\n";
  }
  auto bad = WordModel::Load(path.string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(":2:"), std::string::npos) << bad.status().message();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace vox::text
