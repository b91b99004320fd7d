#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "claims/claims.h"

namespace vox::claims {
namespace {

struct Parsed {
  std::vector<store::FactCheck> items;
  std::vector<ingest::Rejection> rejects;
  Status status;
};

Parsed Parse(std::string_view data) {
  Parsed p;
  p.status = ParseFactChecks(
      data, "in.json", [&](store::FactCheck&& fc) { p.items.push_back(std::move(fc)); },
      [&](const ingest::Rejection& r) { p.rejects.push_back(r); });
  return p;
}

TEST(ParseFactChecks, JsonLinesWithBadRecords) {
  Parsed p = Parse(
      "{\"id\":\"a\",\"claim\":\"Nước máy nhiễm độc\",\"verdict\":\"Sai\",\"body\":\"Không đúng.\","
      "\"url\":\"https://x.vn/a\",\"published_at\":\"2026-10-01T08:00:00+07:00\",\"own\":true}\n"
      "\n"
      "{\"id\":\"b\",\"verdict\":\"Sai\"}\n"
      "{broken\n"
      "{\"id\":7,\"claim\":\"c\",\"verdict\":\"Đúng\",\"published_at\":\"hôm qua\"}\n"
      "{\"id\":8,\"claim\":\"c\",\"verdict\":\"Đúng\"}\n");
  ASSERT_TRUE(p.status.ok());
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].id, "a");
  EXPECT_TRUE(p.items[0].own);
  EXPECT_EQ(p.items[0].published_at, 1790816400);
  EXPECT_EQ(p.items[1].id, "8");
  ASSERT_EQ(p.rejects.size(), 3u);
  EXPECT_EQ(p.rejects[0].where, "in.json:3");
  EXPECT_EQ(p.rejects[0].field, "claim");
  EXPECT_EQ(p.rejects[1].where, "in.json:4");
  EXPECT_EQ(p.rejects[2].field, "published_at");
}

constexpr char kReview[] = R"({
  "@context": "https://schema.org",
  "@type": "ClaimReview",
  "url": "https://factcheck.example/nuoc-may",
  "claimReviewed": "Nước máy ở phường An Hòa bị nhiễm độc",
  "datePublished": "2026-10-02",
  "author": {"@type": "Organization", "name": "Báo Ví Dụ"},
  "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": 5, "alternateName": "Sai"},
  "itemReviewed": {"@type": "Claim", "appearance": [{"@type": "CreativeWork", "url": "https://fb.example/p/1"}]}
})";

TEST(ParseFactChecks, ClaimReviewSingleObjectOverManyLines) {
  Parsed p = Parse(kReview);
  ASSERT_TRUE(p.status.ok());
  ASSERT_EQ(p.items.size(), 1u) << (p.rejects.empty() ? "" : p.rejects[0].reason);
  const auto& fc = p.items[0];
  EXPECT_EQ(fc.id, "https://factcheck.example/nuoc-may");
  EXPECT_EQ(fc.verdict, "Sai");
  EXPECT_EQ(fc.rating, 1);
  EXPECT_EQ(fc.author, "Báo Ví Dụ");
  EXPECT_EQ(fc.appearance, "https://fb.example/p/1");
  EXPECT_EQ(fc.published_at, 1790899200);
  EXPECT_FALSE(fc.own);
}

TEST(ParseFactChecks, ClaimReviewArrayAndGraph) {
  std::string arr = std::string("[") + kReview + ", {\"@type\":\"ClaimReview\",\"url\":\"u2\"}]";
  Parsed p = Parse(arr);
  ASSERT_EQ(p.items.size(), 1u);
  ASSERT_EQ(p.rejects.size(), 1u);
  EXPECT_EQ(p.rejects[0].where, "in.json: record 2");
  EXPECT_EQ(p.rejects[0].field, "claimReviewed");
  Parsed g = Parse(std::string("{\"@context\":\"https://schema.org\",\"@graph\":[") + kReview + "]}");
  EXPECT_EQ(g.items.size(), 1u);
}

TEST(ParseFactChecks, ClaimReviewOnePerLine) {
  std::string one = R"({"@type":"ClaimReview","url":"u1","claimReviewed":"x","reviewRating":{"alternateName":"Sai"}})";
  std::string two = R"({"@type":["ClaimReview"],"url":"u2","claimReviewed":"y","reviewRating":{"ratingValue":2}})";
  Parsed p = Parse(one + "\n" + two + "\n");
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[1].verdict, "rating 2");
}

// A ClaimReview that gives a verdict but no ratingValue and no datePublished
// leaves both absent (they were read as 0.0 and 1970); an author given only
// by its url is named by that url (it was stored empty).
TEST(ParseFactChecks, ClaimReviewWithoutRatingOrDateLeavesThemAbsent) {
  Parsed p = Parse(
      R"({"@type":"ClaimReview","url":"https://kiemchung.example/a","claimReviewed":"Cắt điện cả tuần",)"
      R"("author":{"@type":"Organization","url":"https://kiemchung.example/"},)"
      R"("reviewRating":{"@type":"Rating","alternateName":"Gây hiểu lầm"}})"
      "\n"
      R"({"id":"j1","claim":"Nước máy nhiễm độc","verdict":"Sai","rating":null})"
      "\n");
  ASSERT_TRUE(p.status.ok());
  ASSERT_EQ(p.items.size(), 2u) << (p.rejects.empty() ? "" : p.rejects[0].reason);
  EXPECT_FALSE(p.items[0].rating.has_value());
  EXPECT_FALSE(p.items[0].published_at.has_value());
  EXPECT_EQ(p.items[0].author, "https://kiemchung.example/");
  EXPECT_FALSE(p.items[1].rating.has_value());
  EXPECT_FALSE(p.items[1].published_at.has_value());
  // A rating of 0 that is given stays a rating.
  Parsed zero = Parse(R"({"id":"j2","claim":"c","verdict":"Sai","rating":0})");
  ASSERT_EQ(zero.items.size(), 1u);
  EXPECT_EQ(zero.items[0].rating, 0.0);
}

TEST(ParseFactChecks, BrokenArrayIsUnusable) {
  Parsed p = Parse("[{\"id\":1,");
  EXPECT_FALSE(p.status.ok());
}

TEST(ParseFactChecks, InvalidUtf8IsRejectedWithReason) {
  Parsed p = Parse("{\"id\":\"a\",\"claim\":\"bad \xff\",\"verdict\":\"Sai\"}\n");
  ASSERT_EQ(p.rejects.size(), 1u);
  EXPECT_EQ(p.rejects[0].reason, "not valid UTF-8");
}

TEST(ParseFactChecks, TextIsCanonical) {
  // Decomposed (NFD) input comes out composed.
  Parsed p = Parse("{\"id\":\"a\",\"claim\":\"Kho\xcc\x82ng\",\"verdict\":\"Sai\"}\n");
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].claim, "Không");
}

// A fact-check article page: its ClaimReviews come out of the JSON-LD
// scripts (in @graph and in an array); the page's other JSON-LD is passed
// over, a script that is not JSON and a ClaimReview without url are named.
TEST(ParseFactChecks, ClaimReviewJsonLdInAnHtmlPage) {
  std::ifstream f("src/claims/testdata/factcheck_page.html", std::ios::binary);
  ASSERT_TRUE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  Parsed p = Parse(ss.str());
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].id, "https://baovidu.example/kiem-chung/nuoc-may-van-ha");
  EXPECT_EQ(p.items[0].claim, "Nước máy ở phường Vân Hà bị nhiễm độc, không được uống");
  EXPECT_EQ(p.items[0].verdict, "Sai");
  EXPECT_EQ(p.items[0].author, "Báo Ví Dụ");
  EXPECT_EQ(p.items[0].appearance, "https://facebook.com/groups/vanha/posts/1");
  EXPECT_EQ(p.items[0].rating, 1.0);
  EXPECT_EQ(p.items[1].id, "https://baovidu.example/kiem-chung/cat-dien-ca-tuan");
  EXPECT_EQ(p.items[1].verdict, "Gây hiểu lầm");
  ASSERT_EQ(p.rejects.size(), 2u);
  EXPECT_EQ(p.rejects[0].where, "in.json: JSON-LD script 3");
  EXPECT_EQ(p.rejects[0].field, "url");
  EXPECT_EQ(p.rejects[1].where, "in.json: JSON-LD script 4");
  EXPECT_EQ(p.rejects[1].reason, "malformed JSON");
}

TEST(ParseFactChecks, HtmlPageWithoutClaimReviewIsOneError) {
  Parsed none = Parse("<!DOCTYPE html><html><body><p>Không có JSON-LD</p></body></html>");
  EXPECT_FALSE(none.status.ok());
  EXPECT_NE(none.status.message().find("without JSON-LD"), std::string::npos) << none.status.message();
  Parsed other = Parse(
      "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script></head></html>");
  EXPECT_FALSE(other.status.ok());
  EXPECT_NE(other.status.message().find("hold no ClaimReview"), std::string::npos) << other.status.message();
  EXPECT_TRUE(other.items.empty());
  EXPECT_TRUE(other.rejects.empty());
}

}  // namespace
}  // namespace vox::claims
