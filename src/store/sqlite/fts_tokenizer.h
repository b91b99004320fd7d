// The "vox" FTS5 tokenizer: indexes text with the Vietnamese text engine so
// that search is accent-, teencode- and tone-placement-aware while the store
// and its index commit together.
//
// Index terms. For each word or number token of a document (text::Tokenize)
// the tokenizer emits two terms at the same position (FTS5 colocated):
//     <folded>      "mua"   the accent-folded form: what an accentless query matches
//     =<norm>       "=mùa"  the exact normalized form: what an accented query matches
// Hashtags, mentions, URLs and emoji give one term each (their normalized form).
// Masked personal data gives no term.
//
// Query strings are NOT tokenized with the text engine: the query compiler in
// src/search builds MATCH expressions whose quoted strings are already index
// terms, so in FTS5_TOKENIZE_QUERY mode the tokenizer splits on ASCII spaces
// and passes each piece through unchanged.
#pragma once

#include <sqlite3.h>

#include "common/status.h"

namespace vox::store {

// The connection's FTS5 API, or null when SQLite was built without FTS5.
fts5_api* GetFts5Api(sqlite3* db);

// Registers the tokenizer as "vox" on this connection.
Status RegisterVoxTokenizer(sqlite3* db);

}  // namespace vox::store
