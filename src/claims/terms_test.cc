#include "claims/terms.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <vector>

namespace vox::claims::internal {
namespace {

std::string Joined(std::string_view text) {
  std::vector<Term> terms;
  Terms(text, &terms);
  std::string out;
  for (const Term& t : terms) {
    if (!out.empty()) out += ' ';
    if (t.number) out += '#';
    out += t.text;
  }
  return out;
}

TEST(Terms, MinistryAbbreviationsExpandWhateverTheSeparator) {
  const std::string want = "bo giao duc va dao tao";
  EXPECT_EQ(Joined("Bộ GD-ĐT"), want);
  EXPECT_EQ(Joined("Bộ GD&ĐT"), want);
  EXPECT_EQ(Joined("bo gd-dt"), want);
  EXPECT_EQ(Joined("Bộ Giáo dục và Đào tạo"), want);
  // The text engine alone would read ĐT as điện thoại and KH as không.
  EXPECT_EQ(Joined("Bộ KH-ĐT"), "bo ke hoach va dau tu");
  EXPECT_EQ(Joined("Bộ LĐ-TB&XH"), "bo lao dong thuong binh va xa hoi");
}

TEST(Terms, EverydayAbbreviationsMeetTheLongForm) {
  EXPECT_EQ(Joined("HS, SV ở VN"), Joined("học sinh, sinh viên ở Việt Nam"));
  EXPECT_EQ(Joined("ĐHQG HN"), "dai hoc quoc gia ha noi");
  EXPECT_EQ(Joined("UBND TP"), "uy ban nhan dan thanh pho");  // the text engine's own table
  EXPECT_EQ(Joined("BV Bạch Mai"), "benh vien bach mai");
}

TEST(Terms, SynonymsMeetTheirCanonicalForm) {
  EXPECT_EQ(Joined("3 người chết"), Joined("3 người tử vong"));
  EXPECT_EQ(Joined("ông qua đời năm 2017"), Joined("ông tử vong năm 2017"));
  EXPECT_EQ(Joined("2 người thiệt mạng vì TNGT"), Joined("2 người tử vong vì tai nạn giao thông"));
  EXPECT_EQ(Joined("tiêm vaccine"), Joined("tiêm vắc xin"));
  EXPECT_EQ(Joined("xe hơi, oto"), "o to o to");
  EXPECT_EQ(Joined("người bệnh"), "benh nhan");
  // Only the whole phrase: "người" alone and "xe máy" stay.
  EXPECT_EQ(Joined("người dân đi xe máy"), "nguoi dan di xe may");
}

TEST(Terms, NumbersAreValues) {
  EXPECT_EQ(Joined("1.095 ca"), "#1095 ca");
  EXPECT_EQ(Joined("55,4 triệu"), "#55400000");
  EXPECT_EQ(Joined("55,4 tr"), "#55400000");
  EXPECT_EQ(Joined("500tr"), "#500000000");
  EXPECT_EQ(Joined("6 nghìn"), Joined("6.000"));
  EXPECT_EQ(Joined("6k"), Joined("6.000"));
  EXPECT_EQ(Joined("97 tỷ"), "#97000000000");
  EXPECT_EQ(Joined("3.5"), "#3.5");
  EXPECT_EQ(Joined("ngày 1/10"), "ngay #1/10");
  EXPECT_EQ(Joined("2022-2027"), "#2022 #2027");  // a range: both ends
}

TEST(Terms, UnitsOnlyAfterANumber) {
  EXPECT_EQ(Joined("100 đô"), "#100 usd");
  EXPECT_EQ(Joined("100 USD"), "#100 usd");
  EXPECT_EQ(Joined("100 đô la"), "#100 usd");
  EXPECT_EQ(Joined("2 ký"), "#2 kg");
  EXPECT_EQ(Joined("1.800đ"), "#1800 dong");
  // Elsewhere the same letters keep their meaning: k is không, "3 độ" is no dollar.
  EXPECT_EQ(Joined("k biết"), "khong biet");
  EXPECT_EQ(Joined("3 độ"), "#3 do");
}

TEST(Terms, TypingVariantsGiveTheSameTerms) {
  const std::string nfc = Joined("Bộ GD-ĐT cho HS nghỉ học, chi 6 nghìn tỷ");
  EXPECT_EQ(Joined("Bo GD-DT cho HS nghi hoc, chi 6 nghin ty"), nfc);
  EXPECT_EQ(Joined("Bo\xcc\xa3 GD-\xc4\x90T cho HS nghi\xcc\x89 ho\xcc\xa3" "c, chi 6 nghi\xcc\x80n ty\xcc\x89"), nfc);
}

TEST(Terms, FramingAtTheEndsIsDropped) {
  const std::string claim = Joined("trường Lê Lợi cho học sinh nghỉ cả tuần");
  EXPECT_EQ(Joined("Nghe nói trường Lê Lợi cho học sinh nghỉ cả tuần, đúng không?"), claim);
  EXPECT_EQ(Joined("Mọi người ơi, tin nóng: trường Lê Lợi cho học sinh nghỉ cả tuần"), claim);
  EXPECT_EQ(Joined("mn ơi trường Lê Lợi cho học sinh nghỉ cả tuần ko biết có đúng ko"), claim);
  // Inside a claim the same words stay; a short text keeps its words.
  EXPECT_EQ(Joined("học sinh không biết bơi"), "hoc sinh khong biet boi");
  EXPECT_EQ(Joined("nghe nói mất điện"), "nghe noi mat dien");
}

TEST(Terms, CanonicalNumberEdgeCases) {
  std::string suffix;
  EXPECT_EQ(CanonicalNumber("1.234.567,5", 1, &suffix), "1234567.5");
  EXPECT_EQ(CanonicalNumber("12.34", 1, &suffix), "12.34");  // not thousands: a decimal point
  EXPECT_EQ(CanonicalNumber("900k", 1, &suffix), "900");
  EXPECT_EQ(suffix, "k");
  EXPECT_EQ(CanonicalNumber("2017-2020", 1, &suffix), "2017-2020");
  EXPECT_EQ(CanonicalNumber("1.2.3", 1, &suffix), "1.2.3");
}

}  // namespace
}  // namespace vox::claims::internal

namespace vox::claims::internal {
namespace {

TEST(Terms, AnyBytesAreSafe) {
  std::vector<Term> terms;
  uint64_t s = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int n = static_cast<int>(s % 64);
    for (int i = 0; i < n; ++i) {
      s = s * 6364136223846793005ULL + 1442695040888963407ULL;
      static const char* kPieces[] = {"GD", "-", "&", "ĐT", "1.000", ",5", "k", "tr", " ", "đô", "la", "\xff",
                                      "\xcc\x80", "9999999999999999999999", "nghe nói", "không", ".", "–", "HS", "$"};
      text += (s >> 33) % 3 ? kPieces[(s >> 40) % 20] : std::string(1, static_cast<char>(s >> 50));
    }
    Terms(text, &terms);
    for (const Term& t : terms) ASSERT_FALSE(t.text.empty()) << "[" << text << "] number=" << t.number;
  }
  Terms("", &terms);
  EXPECT_TRUE(terms.empty());
}

}  // namespace
}  // namespace vox::claims::internal

namespace vox::claims::internal {
namespace {

TEST(Polarity, OppositesAreSymmetric) {
  for (const auto& [a, b] : OpposedHeadPairs()) {
    const auto& back = OppositeHeads(b);
    EXPECT_NE(std::find(back.begin(), back.end(), a), back.end()) << a << " / " << b;
    EXPECT_EQ(a.find(' '), std::string::npos) << a;  // heads are one syllable
  }
  for (const auto& [a, b] : OpposedPhrasePairs()) {
    const auto& back = OppositePhrases(b);
    EXPECT_NE(std::find(back.begin(), back.end(), a), back.end()) << a << " / " << b;
    EXPECT_EQ(std::count(a.begin(), a.end(), ' '), 1) << a;  // phrases are two syllables
  }
}

TEST(Polarity, LexiconMeetsEveryTyping) {
  auto joined = [](std::string_view text) {
    std::vector<Term> terms;
    Terms(text, &terms);
    std::string out;
    for (const Term& t : terms) out += (out.empty() ? "" : " ") + t.text;
    return out;
  };
  // Expressions are in terms form, whatever the typing of the post.
  auto opposes = [&](const std::vector<std::string>& v, std::string_view text) {
    return std::find(v.begin(), v.end(), joined(text)) != v.end();
  };
  for (const char* t : {"tăng", "tang", "TĂNG"}) EXPECT_TRUE(opposes(OppositeHeads(joined(t)), "giảm")) << t;
  for (const char* t : {"Đồng ý", "dong y", "đồng ý"}) EXPECT_TRUE(opposes(OppositePhrases(joined(t)), "từ chối")) << t;
  EXPECT_TRUE(opposes(OppositePhrases(joined("âm tính")), "duong tinh"));
  EXPECT_TRUE(opposes(OppositePhrases(joined("tăng trưởng")), "suy thoái"));
  EXPECT_TRUE(opposes(OppositePhrases(joined("tang truong")), "SUY THOÁI"));
  EXPECT_TRUE(opposes(OppositePhrases(joined("xác nhận")), "phủ nhận"));
  EXPECT_TRUE(OppositeHeads(joined("giao")).empty());
  EXPECT_TRUE(OppositePhrases(joined("giám đốc")).empty());
}

TEST(Polarity, NegatorsWhateverTheTyping) {
  std::vector<Term> terms;
  for (const char* text : {"không", "ko", "k", "hok", "khong", "chưa", "chẳng"}) {
    Terms(std::string(text) + " cho", &terms);
    ASSERT_FALSE(terms.empty()) << text;
    EXPECT_TRUE(IsNegator(terms[0].text)) << text << " -> " << terms[0].text;
  }
  EXPECT_FALSE(IsNegator("co"));
  EXPECT_FALSE(IsNegator("da"));
}

}  // namespace
}  // namespace vox::claims::internal
