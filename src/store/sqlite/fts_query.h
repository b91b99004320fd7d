// Turns the store's backend-neutral query tree (store.h, QueryNode) into an
// FTS5 MATCH expression over the `vox` tokenizer's terms (fts_tokenizer.h):
// a word's form as written is the term "=" + form, its folded form the term
// itself. Also lists the expression's phrases in the order FTS5 numbers
// them, for the `voxrank` ranking function (fts_rank.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/store.h"

namespace vox::store {

struct FtsPhrase {
  std::string expr;         // the phrase alone, a valid MATCH expression
  uint64_t exact_mask = 0;
  bool ranked = true;       // false inside an exclusion: no frequency needed
};

struct FtsQuery {
  std::string match;                // the MATCH expression
  std::vector<FtsPhrase> phrases;   // every phrase of `match`, in order of appearance
};

// InvalidArgument for an empty tree (a phrase without terms, an operator
// without children).
Result<FtsQuery> RenderFts5(const QueryNode& root);

}  // namespace vox::store
