// Search as the store sees it: a query tree over index terms (built by
// search/, rendered by each backend) and the rows it answers with.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vox::store {

// ---- Search: a tree over the index's terms. search/ builds it from what a
// person typed; each backend turns it into its own query language
// and ranks what matches.
//
// The index holds, for every word of an item's title and text (the text
// engine's tokens), its accent-folded form; a word written with diacritics
// also under its form as written, and a word written without them only
// under that form marked as written. Numbers and other tokens have one form.
struct IndexTerm {
  std::string text;         // a token's folded form, or its form as written
  bool as_written = false;  // the form as written (text::Token::norm), not the folded one
};

struct QueryNode {
  enum class Op {
    kPhrase,  // `terms` in a row; with `prefix`, the last one is a prefix
    kAnd,     // every child
    kOr,      // any child
    kAndNot,  // the first child and none of the others
  };
  Op op = Op::kPhrase;
  std::vector<IndexTerm> terms;
  bool prefix = false;
  uint64_t exact_mask = 0;  // query words (bits) this phrase has in their accented,
                            // as-written form: a row with them ranks first
  std::vector<QueryNode> children;

  static QueryNode Phrase(std::vector<IndexTerm> terms, bool prefix, uint64_t exact_mask) {
    QueryNode n;
    n.terms = std::move(terms);
    n.prefix = prefix;
    n.exact_mask = exact_mask;
    return n;
  }
  static QueryNode Of(Op op, std::vector<QueryNode> children) {
    QueryNode n;
    n.op = op;
    n.children = std::move(children);
    return n;
  }
};

struct SearchRequest {
  QueryNode query;           // what an item must match (search/ builds it)
  std::string source;        // filters, empty: any
  std::string kind;
  int64_t since = 0;
  int64_t until = 0;
  int64_t window = 0;        // when > 0 and more than `window` rows match,
                             // rank only the newest `window` matches
  int64_t limit = 10;
  int64_t deadline_ms = 0;   // when > 0, a search running longer is stopped
                             // and fails with kLimitExceeded
  int64_t memory_limit_bytes = 0;  // when > 0, a search that needs more memory
                                   // than this is stopped (kLimitExceeded)
};

struct SearchRow {
  int64_t rowid = 0;
  std::string source;
  std::string id;
  std::string title;
  std::string text;
  int64_t published_at = 0;
  double score = 0;          // exact-form words + BM25 squashed into [0, 1): higher is better
};

}  // namespace vox::store
