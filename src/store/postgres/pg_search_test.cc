// PostgreSQL search pieces that need no server: the index terms written,
// the tsquery rendered and the phrase counts that rank (the store suite runs
// the rest against a server).
#include "store/postgres/pg_search.h"

#include <gtest/gtest.h>

namespace vox::store::pg {
namespace {

TEST(PgIndexText, WritesFoldedAndAsWrittenFormsAtOnePositionTitleApartFromText) {
  IndexedText t = IndexText("Mất điện", "mua lon");
  EXPECT_EQ(t.length, 4);
  EXPECT_EQ(t.tsvector, "'mat':1 '=mất':1 'dien':2 '=điện':2 '=mua':4 '=lon':5");
}

TEST(PgIndexText, QuotesAndBackslashesAreEscaped) {
  QueryNode q = QueryNode::Phrase({{"a'b\\c", false}}, false, 0);
  auto r = RenderTsQuery(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->tsquery, "('a''b\\\\c')");
}

TEST(PgTsQuery, RendersPhrasesPrefixesAndExclusion) {
  std::vector<QueryNode> parts;
  parts.push_back(QueryNode::Phrase({{"mat", false}, {"dien", false}}, false, 3));
  parts.push_back(QueryNode::Phrase({{"ng", false}}, true, 0));
  parts.push_back(QueryNode::Phrase({{"lua", true}}, false, 0));
  auto r = RenderTsQuery(QueryNode::Of(QueryNode::Op::kAndNot, std::move(parts)));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->tsquery, "(('mat' <-> 'dien') & !(('ng':*) | ('=lua')))");
  ASSERT_EQ(r->phrases.size(), 3u);
  EXPECT_TRUE(r->phrases[0].ranked);
  EXPECT_EQ(r->phrases[0].exact_mask, 3u);
  EXPECT_FALSE(r->phrases[1].ranked);
  EXPECT_EQ(r->phrases[1].exact_mask, 0u);
  EXPECT_FALSE(RenderTsQuery(QueryNode()).ok());
  EXPECT_FALSE(RenderTsQuery(QueryNode::Of(QueryNode::Op::kOr, {})).ok());
}

TEST(PgCountPhrases, CountsInstancesPerColumnAsFts5Does) {
  std::vector<QueryNode> any;
  any.push_back(QueryNode::Phrase({{"mat", false}, {"dien", false}}, false, 0));
  any.push_back(QueryNode::Phrase({{"=mất", false}}, false, 1));
  any.push_back(QueryNode::Phrase({{"nga", false}}, true, 0));
  auto q = RenderTsQuery(QueryNode::Of(QueryNode::Op::kOr, std::move(any)));
  ASSERT_TRUE(q.ok());
  std::vector<double> tf;
  int len = 0;
  // Title counts twice; a phrase never spans title and text.
  CountPhrases(*q, "Mất điện", "mất điện, mat dien, ngày ngập mat", &tf, &len);
  EXPECT_EQ(len, 9);
  ASSERT_EQ(tf.size(), 3u);
  EXPECT_EQ(tf[0], 2.0 + 1.0);  // "mat dien" as written is only its own form
  EXPECT_EQ(tf[1], 2.0 + 1.0);  // the form as written: accented only
  EXPECT_EQ(tf[2], 2.0);        // "ngay", "ngap"
}

}  // namespace
}  // namespace vox::store::pg
