#include "cli/util.h"

#include <gtest/gtest.h>

namespace vox::cli {
namespace {

TEST(ParseDuration, Units) {
  int64_t s = 0;
  EXPECT_TRUE(ParseDuration("90d", &s));
  EXPECT_EQ(s, 90 * 86400);
  EXPECT_TRUE(ParseDuration("24h", &s));
  EXPECT_EQ(s, 86400);
  EXPECT_TRUE(ParseDuration("2w", &s));
  EXPECT_EQ(s, 14 * 86400);
  EXPECT_FALSE(ParseDuration("d", &s));
  EXPECT_FALSE(ParseDuration("10y", &s));
  EXPECT_FALSE(ParseDuration("-5d", &s));
  EXPECT_FALSE(ParseDuration("1.5d", &s));
}

TEST(ParseTimeArg, DateMeansOfficeMidnight) {
  int64_t t = 0;
  ASSERT_TRUE(ParseTimeArg("2026-10-01", &t));
  EXPECT_EQ(t, 1790787600);  // 2026-09-30T17:00:00Z
  EXPECT_FALSE(ParseTimeArg("yesterday", &t));
}

TEST(ParseListen, Forms) {
  std::string h;
  int p;
  ASSERT_TRUE(ParseListen("127.0.0.1:8080", &h, &p));
  EXPECT_EQ(h, "127.0.0.1");
  EXPECT_EQ(p, 8080);
  ASSERT_TRUE(ParseListen("[::1]:9", &h, &p));
  EXPECT_EQ(h, "::1");
  ASSERT_TRUE(ParseListen(":0", &h, &p));
  EXPECT_EQ(p, 0);
  EXPECT_FALSE(ParseListen("localhost", &h, &p));
  EXPECT_FALSE(ParseListen("a:99999", &h, &p));
}

TEST(OneLine, CutsOnCodePoints) {
  EXPECT_EQ(OneLine("mưa\nto", 10), "mưa to");
  EXPECT_EQ(OneLine("mưa to quá", 3), "mưa…");
}

}  // namespace
}  // namespace vox::cli

namespace vox::cli {
namespace {

// Regression: tables padded by bytes shifted every row with a Vietnamese name.
TEST(Padded, CountsCellsNotBytes) {
  EXPECT_EQ(DisplayWidth("Phường Hòa Bình"), 15u);
  EXPECT_EQ(DisplayWidth("Pho\xcc\x9b\xcc\x80ng"), 5u) << "decomposed marks take no cell";
  EXPECT_EQ(DisplayWidth("🌧️ mưa"), 6u) << "emoji two cells, its selector none";
  EXPECT_EQ(Padded("Hòa", 6), "Hòa   ");
  EXPECT_EQ(DisplayWidth(Padded("Phường 3", 12)), DisplayWidth(Padded("Ward 3", 12)));
  EXPECT_EQ(Padded("longer than", 4), "longer than");
}

}  // namespace
}  // namespace vox::cli
