#include "store/sqlite/fts_query.h"

#include <gtest/gtest.h>

namespace vox::store {
namespace {

using Op = QueryNode::Op;

TEST(FtsQuery, RendersTermsAndListsPhrasesInTheOrderWritten) {
  // (múa OR mua) AND NOT (mưa): FTS5 numbers phrases as written; voxrank
  // relies on the list following the expression.
  std::vector<QueryNode> any;
  any.push_back(QueryNode::Phrase({{"múa", true}}, false, 1));
  any.push_back(QueryNode::Phrase({{"mua", true}}, false, 0));
  std::vector<QueryNode> parts;
  parts.push_back(QueryNode::Of(Op::kOr, std::move(any)));
  parts.push_back(QueryNode::Phrase({{"mưa", true}}, false, 4));
  auto q = RenderFts5(QueryNode::Of(Op::kAndNot, std::move(parts)));
  ASSERT_TRUE(q.ok()) << q.status().message();
  EXPECT_EQ(q->match, "((\"=múa\" OR \"=mua\")) NOT (\"=mưa\")");
  ASSERT_EQ(q->phrases.size(), 3u);
  size_t at = 0;
  for (const FtsPhrase& p : q->phrases) {
    const size_t found = q->match.find(p.expr, at);
    ASSERT_NE(found, std::string::npos) << p.expr;
    at = found + p.expr.size();
  }
  EXPECT_EQ(q->phrases[0].exact_mask, 1u);
  EXPECT_TRUE(q->phrases[0].ranked);
  // An excluded phrase is neither ranked nor counted as an exact form.
  EXPECT_FALSE(q->phrases[2].ranked);
  EXPECT_EQ(q->phrases[2].exact_mask, 0u);
}

TEST(FtsQuery, PhrasesPrefixesAndFoldedTerms) {
  std::vector<QueryNode> all;
  all.push_back(QueryNode::Phrase({{"cat", false}, {"dien", true}}, false, 0));
  all.push_back(QueryNode::Phrase({{"thu", false}}, true, 0));
  auto q = RenderFts5(QueryNode::Of(Op::kAnd, std::move(all)));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->match, "(\"cat =dien\" AND \"thu\" *)");
}

TEST(FtsQuery, QuotesCannotEscapeTheString) {
  auto q = RenderFts5(QueryNode::Phrase({{"a\" OR \"b", false}}, false, 0));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->match, "\"a\"\" OR \"\"b\"");
}

TEST(FtsQuery, EmptyTreesAreRefused) {
  EXPECT_FALSE(RenderFts5(QueryNode{}).ok());
  EXPECT_FALSE(RenderFts5(QueryNode::Of(Op::kAnd, {})).ok());
}

}  // namespace
}  // namespace vox::store
