// The search index's terms for a piece of text, the same for every backend
// (SQLite's FTS5 tokenizer "vox", PostgreSQL's tsvector column): what
// search_records.h's IndexTerm describes, spelled out.
//
// For each token of text::Tokenize, at one position:
//  - a number: its folded form;
//  - a word written with diacritics: its folded form, and "=" + its form as
//    written at the same position (colocated);
//  - a word written without them: "=" + its form, alone;
//  - a masked token: nothing, and no position;
//  - anything else: its normalized form.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/text.h"

namespace vox::store {

// Calls fn(const text::Token& tok, std::string_view term, bool colocated) for each term of `tokens`
// in order; a term that is not colocated starts a new position. fn returns
// an int, 0 to go on; a non-zero value stops the walk and is returned.
template <class Fn>
int ForEachIndexTerm(const std::vector<text::Token>& tokens, std::string* scratch, Fn&& fn) {
  for (const text::Token& tok : tokens) {
    int rc = 0;
    switch (tok.kind) {
      case text::TokenKind::kNumber:
        rc = fn(tok, std::string_view(tok.folded), false);
        break;
      case text::TokenKind::kWord:
        scratch->assign("=");
        scratch->append(tok.norm);
        if (tok.norm.size() != tok.folded.size() || tok.norm != tok.folded) {
          rc = fn(tok, std::string_view(tok.folded), false);
          if (rc != 0) return rc;
          rc = fn(tok, std::string_view(*scratch), true);
        } else {
          rc = fn(tok, std::string_view(*scratch), false);
        }
        break;
      case text::TokenKind::kMasked:
        break;
      default:
        rc = fn(tok, std::string_view(tok.norm), false);
        break;
    }
    if (rc != 0) return rc;
  }
  return 0;
}

}  // namespace vox::store
