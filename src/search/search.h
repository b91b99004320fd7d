// Accent-insensitive search over the store.
//
// Matching rule (per query word, after the text engine's normalization, so
// teencode, NFD and old/new tone placement are transparent):
//   - typed without diacritics, it matches every accented form:
//       "mua" finds mua, mùa, múa, mưa;
//   - typed with diacritics, it matches that exact form and the same word
//     typed without diacritics: "múa" finds múa and mua, not mùa.
// Results with the exact accented forms of the query rank first, then by
// BM25 (title weighted twice the text).
//
// Query syntax: words (all required), "quoted phrases", -exclusion,
// prefix* . A phrase matches when its words are all written with
// diacritics or all without (mixed typing inside one phrase is not matched).
//
// Large result sets: only the newest `window` matches (SearchOptions) are
// ranked; the scan stops there. This bounds the cost of a query whatever the
// store size (stop syllables like "và", "của", three common words), and suits
// a desk that follows what is being said now. `--window 0` ranks every match.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace vox::search {

struct QueryWord {
  std::string norm;    // normalized form as typed (maybe accented)
  std::string folded;  // accent-folded
  bool accented = false;
  bool prefix = false;
};

struct CompiledQuery {
  store::QueryNode tree;                // what an item must match, over index terms
  std::vector<QueryWord> words;         // positive words, for ranking and highlighting
};

// What one query may ask for, so that its cost is bounded whatever the store
// holds (docs/search.md "Bounds"). Identical terms are merged and a prefix
// implied by another term of the query (thu* beside thuốc, th* beside thu*)
// is dropped before the terms are counted. Past a bound the query is refused
// with StatusCode::kLimitExceeded and a message naming the bound.
struct QueryLimits {
  size_t max_bytes = 1000;        // the query as typed
  size_t max_terms = 16;          // words, phrases and exclusions, after merging
  size_t max_phrase_words = 10;   // words in one "quoted phrase"
  size_t max_prefixes = 4;        // prefix* terms
  size_t min_prefix_chars = 2;    // letters before a '*'
};

// Parses and compiles a user query. InvalidArgument for an empty query or one
// with only exclusions; LimitExceeded past `limits`.
Result<CompiledQuery> CompileQuery(std::string_view query, const QueryLimits& limits = {});

struct SearchOptions {
  int64_t limit = 10;
  std::string source;    // filters; empty: any
  std::string kind;
  int64_t since = 0;     // Unix seconds, 0: no bound
  int64_t until = 0;
  int64_t window = 200;    // see above; 0 ranks every match
  QueryLimits limits;      // see above
  int64_t deadline_ms = 2000;  // a query running longer is stopped and refused
                               // (kLimitExceeded); 0: no deadline
  int64_t memory_limit_bytes = int64_t{256} << 20;  // a query needing more memory
                               // is stopped and refused (kLimitExceeded); 0: no bound
  std::string mark_open = "<mark>";   // snippet highlight markers
  std::string mark_close = "</mark>";
  bool escape_html = true;            // escape &<> in snippets (markers excepted)
};

struct Hit {
  std::string id;        // item id as given at ingest
  std::string source;
  double score = 0;      // higher is better
  std::string snippet;   // with the matched words highlighted
  std::string title;
  int64_t published_at = 0;
};

Result<std::vector<Hit>> Search(store::Store& store, std::string_view query, const SearchOptions& opts);

// True when a document token matches a query word under the rule above.
bool WordMatches(const QueryWord& w, std::string_view token_norm, std::string_view token_folded);

// A window of the text around the best cluster of matches, matched words
// wrapped in the markers; at most `max_tokens` tokens.
std::string MakeSnippet(std::string_view text, const CompiledQuery& q, const SearchOptions& opts,
                        size_t max_tokens = 32);

}  // namespace vox::search
