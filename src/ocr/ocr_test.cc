// Screenshots read: limits before decoding, light and dark renders of a
// notice (testdata/, rendered from testdata/truth.txt at a phone's width),
// and the accuracy measure itself.
#include "ocr/ocr.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace vox::ocr {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string Truth() {
  std::string t = Slurp("src/ocr/testdata/truth.txt");
  while (!t.empty() && t.back() == '\n') t.pop_back();
  return t;
}

TEST(ImageType, ByFirstBytes) {
  EXPECT_EQ(ImageType(Slurp("src/ocr/testdata/light.png")), "png");
  EXPECT_EQ(ImageType(std::string("\xff\xd8\xff\xe0", 4)), "jpeg");
  EXPECT_EQ(ImageType(std::string_view("RIFF\x10\0\0\0WEBPVP8 ", 16)), "webp");
  EXPECT_EQ(ImageType("GIF89a..."), "gif");
  EXPECT_EQ(ImageType("<html><body>"), "");
  EXPECT_EQ(ImageType(""), "");
}

TEST(ReadText, RefusesWhatIsNotAnImage) {
  auto r = ReadText("<!doctype html><p>không phải ảnh</p>");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("not PNG"), std::string::npos);
}

TEST(ReadText, RefusesTooManyBytesBeforeLookingAtThem) {
  Options o;
  o.max_bytes = 1000;
  auto r = ReadText(Slurp("src/ocr/testdata/light.png"), o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("more than the limit of 1000"), std::string::npos);
}

// A PNG whose header claims 100,000 × 100,000 pixels (40 GB decoded): refused
// from the header, never decoded.
TEST(ReadText, RefusesADecompressionBombFromItsHeader) {
  std::string png = Slurp("src/ocr/testdata/light.png");
  ASSERT_GT(png.size(), 24u);
  const unsigned char big[4] = {0x00, 0x01, 0x86, 0xA0};  // 100000, big-endian
  for (int i = 0; i < 4; ++i) png[16 + i] = png[20 + i] = static_cast<char>(big[i]);
  auto r = ReadText(png);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("100000×100000 pixels"), std::string::npos) << r.status().message();
}

TEST(ReadText, RefusesATruncatedImage) {
  std::string png = Slurp("src/ocr/testdata/light.png");
  auto r = ReadText(png.substr(0, png.size() / 3));
  // Either refused or read as far as it goes, never a crash; nothing of the
  // cut-off lines may be invented.
  if (r.ok()) {
    EXPECT_LT(CharAccuracy(Truth(), r->text), 0.9);
  }
}

TEST(ReadText, ReadsALightScreenshot) {
  auto r = ReadText(Slurp("src/ocr/testdata/light.png"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->inverted);
  EXPECT_GE(CharAccuracy(Truth(), r->text), 0.95) << r->text;
  EXPECT_NE(r->text.find("lừa đảo"), std::string::npos) << r->text;
}

TEST(ReadText, ReadsADarkModeScreenshotByInvertingIt) {
  auto r = ReadText(Slurp("src/ocr/testdata/dark.png"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->inverted);
  EXPECT_GE(CharAccuracy(Truth(), r->text), 0.95) << r->text;
}

TEST(ReadText, AMissingModelIsAClearError) {
  Options o;
  o.languages = "khongco";
  auto r = ReadText(Slurp("src/ocr/testdata/light.png"), o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cannot be loaded"), std::string::npos);
}

TEST(CharAccuracy, CountsCodePointsAfterNfcAndSpaceRuns) {
  EXPECT_DOUBLE_EQ(CharAccuracy("điện", "điện"), 1.0);
  // NFD input reads as the same letters.
  EXPECT_DOUBLE_EQ(CharAccuracy("điện", "đi\xC3\xAA\xCC\xA3n"), 1.0);
  EXPECT_DOUBLE_EQ(CharAccuracy("a  b\nc", " a b c "), 1.0);
  EXPECT_DOUBLE_EQ(CharAccuracy("điện", "dien"), 0.5);  // đ→d, ệ→e
  EXPECT_DOUBLE_EQ(CharAccuracy("abcd", ""), 0.0);
  EXPECT_DOUBLE_EQ(CharAccuracy("ab", "abxxxxxx"), 0.0);  // floored
}

}  // namespace
}  // namespace vox::ocr
