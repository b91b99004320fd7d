#include "store/postgres/pg_search.h"

#include <algorithm>

#include "store/index_terms.h"
#include "text/text.h"

namespace vox::store::pg {
namespace {

constexpr int kMaxPosition = 16383;  // tsvector's highest position
constexpr size_t kMaxLexeme = 2046;   // tsvector's longest lexeme (bytes)

// A quoted tsvector/tsquery lexeme: quotes doubled, backslashes escaped.
void AppendLexeme(std::string_view term, std::string* out) {
  out->push_back('\'');
  for (char c : term) {
    if (c == '\'' || c == '\\') out->push_back(c);
    out->push_back(c);
  }
  out->push_back('\'');
}

// The positions of one column: each a list of terms (a word's folded form
// and its form as written share one).
using Positions = std::vector<std::vector<std::string>>;

void ColumnPositions(std::string_view s, std::vector<text::Token>* tokens, std::string* scratch, Positions* out) {
  out->clear();
  tokens->clear();
  text::Tokenize(s, tokens);
  ForEachIndexTerm(*tokens, scratch, [&](const text::Token&, std::string_view term, bool colocated) {
    if (!colocated || out->empty()) out->emplace_back();
    out->back().emplace_back(term);
    return 0;
  });
}

}  // namespace

IndexedText IndexText(std::string_view title, std::string_view text) {
  // lexeme -> positions, in order of first appearance; tsvector input sorts
  // and merges them.
  std::vector<text::Token> tokens;
  std::string scratch;
  Positions cols[2];
  ColumnPositions(title, &tokens, &scratch, &cols[0]);
  ColumnPositions(text, &tokens, &scratch, &cols[1]);
  IndexedText out;
  int pos = 0;
  for (int c = 0; c < 2; ++c) {
    if (c == 1 && !cols[0].empty()) ++pos;  // the gap between title and text
    for (const auto& terms : cols[c]) {
      ++pos;
      const int p = std::min(pos, kMaxPosition);
      for (const std::string& t : terms) {
        if (t.empty() || t.size() > kMaxLexeme) continue;
        if (!out.tsvector.empty()) out.tsvector.push_back(' ');
        AppendLexeme(t, &out.tsvector);
        out.tsvector.push_back(':');
        out.tsvector += std::to_string(p);
      }
    }
  }
  out.length = static_cast<int>(cols[0].size() + cols[1].size());
  return out;
}

namespace {

// The phrase's terms as FTS5 reads a quoted string with the vox tokenizer in
// query mode: split on spaces.
std::vector<std::string> PhraseTerms(const QueryNode& n) {
  std::vector<std::string> out;
  for (const IndexTerm& t : n.terms) {
    std::string whole = t.as_written ? "=" + t.text : t.text;
    size_t i = 0;
    while (i < whole.size()) {
      while (i < whole.size() && whole[i] == ' ') ++i;
      const size_t start = i;
      while (i < whole.size() && whole[i] != ' ') ++i;
      if (i > start) out.push_back(whole.substr(start, i - start));
    }
  }
  return out;
}

Status Render(const QueryNode& n, bool ranked, TsQuery* q, std::string* out) {
  using Op = QueryNode::Op;
  if (n.op == Op::kPhrase) {
    if (n.terms.empty()) return Status::InvalidArgument("search: a phrase without terms");
    TsPhrase p;
    p.terms = PhraseTerms(n);
    if (p.terms.empty()) return Status::InvalidArgument("search: a phrase without terms");
    p.prefix = n.prefix;
    p.exact_mask = ranked ? n.exact_mask : 0;
    p.ranked = ranked;
    std::string expr = "(";
    for (size_t i = 0; i < p.terms.size(); ++i) {
      if (p.terms[i].size() > kMaxLexeme) return Status::InvalidArgument("search: a word longer than the index keeps");
      if (i) expr += " <-> ";
      AppendLexeme(p.terms[i], &expr);
    }
    if (p.prefix) expr += ":*";
    expr += ")";
    p.tsquery = expr;
    *out += expr;
    q->phrases.push_back(std::move(p));
    return Status::Ok();
  }
  if (n.children.empty()) return Status::InvalidArgument("search: an operator without operands");
  if (n.op == Op::kAndNot) {
    if (n.children.size() < 2) return Render(n.children[0], ranked, q, out);
    *out += "(";
    VOX_RETURN_IF_ERROR(Render(n.children[0], ranked, q, out));
    *out += " & !(";
    for (size_t i = 1; i < n.children.size(); ++i) {
      if (i > 1) *out += " | ";
      VOX_RETURN_IF_ERROR(Render(n.children[i], false, q, out));
    }
    *out += "))";
    return Status::Ok();
  }
  if (n.children.size() == 1) return Render(n.children[0], ranked, q, out);
  const char* sep = n.op == Op::kAnd ? " & " : " | ";
  *out += "(";
  for (size_t i = 0; i < n.children.size(); ++i) {
    if (i) *out += sep;
    VOX_RETURN_IF_ERROR(Render(n.children[i], ranked, q, out));
  }
  *out += ")";
  return Status::Ok();
}

bool HasTerm(const std::vector<std::string>& at, const std::string& term, bool prefix) {
  for (const std::string& t : at) {
    if (prefix ? t.compare(0, term.size(), term) == 0 : t == term) return true;
  }
  return false;
}

}  // namespace

Result<TsQuery> RenderTsQuery(const QueryNode& root) {
  TsQuery q;
  VOX_RETURN_IF_ERROR(Render(root, true, &q, &q.tsquery));
  return q;
}

void CountPhrases(const TsQuery& q, std::string_view title, std::string_view text, std::vector<double>* tf,
                  int* length) {
  std::vector<text::Token> tokens;
  std::string scratch;
  Positions cols[2];
  ColumnPositions(title, &tokens, &scratch, &cols[0]);
  ColumnPositions(text, &tokens, &scratch, &cols[1]);
  *length = static_cast<int>(cols[0].size() + cols[1].size());
  tf->assign(q.phrases.size(), 0.0);
  for (size_t p = 0; p < q.phrases.size(); ++p) {
    const TsPhrase& ph = q.phrases[p];
    const size_t k = ph.terms.size();
    for (int c = 0; c < 2; ++c) {
      const Positions& pos = cols[c];
      for (size_t start = 0; start + k <= pos.size(); ++start) {
        bool hit = true;
        for (size_t j = 0; j < k && hit; ++j) {
          hit = HasTerm(pos[start + j], ph.terms[j], ph.prefix && j + 1 == k);
        }
        if (hit) (*tf)[p] += kRankColumnWeight[c];
      }
    }
  }
}

}  // namespace vox::store::pg
