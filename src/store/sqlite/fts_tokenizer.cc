#include "store/sqlite/fts_tokenizer.h"

#include <string>
#include <vector>

#include "store/index_terms.h"
#include "text/text.h"

namespace vox::store {
namespace {

struct VoxTokenizer {
  std::vector<text::Token> tokens;  // reused between calls
  std::string term;
};

int Create(void*, const char**, int, Fts5Tokenizer** out) {
  *out = reinterpret_cast<Fts5Tokenizer*>(new VoxTokenizer());
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer* t) { delete reinterpret_cast<VoxTokenizer*>(t); }

using TokenCallback = int (*)(void*, int, const char*, int, int, int);

int TokenizeQuery(void* ctx, const char* p, int n, TokenCallback cb) {
  int i = 0;
  while (i < n) {
    while (i < n && p[i] == ' ') ++i;
    int start = i;
    while (i < n && p[i] != ' ') ++i;
    if (i > start) {
      int rc = cb(ctx, 0, p + start, i - start, start, i);
      if (rc != SQLITE_OK) return rc;
    }
  }
  return SQLITE_OK;
}

int Tokenize(Fts5Tokenizer* self, void* ctx, int flags, const char* p, int n, TokenCallback cb) {
  if (p == nullptr || n <= 0) return SQLITE_OK;
  if (flags & FTS5_TOKENIZE_QUERY) return TokenizeQuery(ctx, p, n, cb);
  auto* t = reinterpret_cast<VoxTokenizer*>(self);
  t->tokens.clear();
  text::Tokenize(std::string_view(p, static_cast<size_t>(n)), &t->tokens);
  return ForEachIndexTerm(t->tokens, &t->term, [&](const text::Token& tok, std::string_view term, bool colocated) {
    return cb(ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, term.data(), static_cast<int>(term.size()),
              static_cast<int>(tok.begin), static_cast<int>(tok.end));
  });
}

}  // namespace

fts5_api* GetFts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, reinterpret_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

Status RegisterVoxTokenizer(sqlite3* db) {
  fts5_api* api = GetFts5Api(db);
  if (api == nullptr) return Status::Unsupported("this SQLite has no FTS5");
  fts5_tokenizer tok{Create, Delete, Tokenize};
  if (api->xCreateTokenizer(api, "vox", nullptr, &tok, nullptr) != SQLITE_OK) {
    return Status::Internal("cannot register the vox FTS5 tokenizer");
  }
  return Status::Ok();
}

}  // namespace vox::store
