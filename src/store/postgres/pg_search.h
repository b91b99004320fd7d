// Search on PostgreSQL with the same index terms and the same score as the
// SQLite store:
//  - each item keeps its index terms (index_terms.h) in a tsvector column
//    written literally (no text search configuration touches them), title
//    at positions 1..n, text after a gap so that no phrase crosses from
//    one to the other, under a GIN index;
//  - the store's query tree becomes a tsquery over those terms (a phrase is
//    `<->`, a prefix `:*`, exclusion `& !`), which finds the candidates;
//  - each candidate is scored in the store by voxrank.h's formula, from its
//    title and text tokenized again: the phrase instances are counted the
//    way FTS5 counts them (per column, overlapping instances each count).
// tsvector positions stop at 16383 and a term longer than 2046 bytes cannot
// be a lexeme: text past that position still matches its single words, and
// such a term is not indexed (PostgreSQL limits, noted in docs/deployment.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/search_records.h"
#include "store/voxrank.h"

namespace vox::store::pg {

// The tsvector literal of an item's title and text, and its length in
// index positions (voxrank's row length, uncapped).
struct IndexedText {
  std::string tsvector;
  int length = 0;
};
IndexedText IndexText(std::string_view title, std::string_view text);

struct TsPhrase {
  std::vector<std::string> terms;  // index terms in a row ("=" marks a form as written)
  bool prefix = false;             // the last term is a prefix
  uint64_t exact_mask = 0;
  bool ranked = true;              // false inside an exclusion
  std::string tsquery;             // the phrase alone
};

struct TsQuery {
  std::string tsquery;             // the whole tree
  std::vector<TsPhrase> phrases;   // every phrase, in order of appearance
};

// InvalidArgument for an empty tree, as RenderFts5.
Result<TsQuery> RenderTsQuery(const QueryNode& root);

// Phrase instances weighted by column (voxrank's tf) for each of q's
// phrases in one row, and the row's length in positions.
void CountPhrases(const TsQuery& q, std::string_view title, std::string_view text, std::vector<double>* tf,
                  int* length);

}  // namespace vox::store::pg
