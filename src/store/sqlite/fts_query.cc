#include "store/sqlite/fts_query.h"

namespace vox::store {
namespace {

// A double-quoted FTS5 string: any '"' inside is doubled, so no term can
// close the string or reach the query syntax.
void AppendQuoted(std::string_view term, std::string* out) {
  for (char c : term) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
}

Status Render(const QueryNode& n, bool ranked, FtsQuery* q, std::string* out) {
  using Op = QueryNode::Op;
  if (n.op == Op::kPhrase) {
    if (n.terms.empty()) return Status::InvalidArgument("search: a phrase without terms");
    std::string expr = "\"";
    for (size_t i = 0; i < n.terms.size(); ++i) {
      if (i) expr.push_back(' ');
      if (n.terms[i].as_written) expr.push_back('=');
      AppendQuoted(n.terms[i].text, &expr);
    }
    expr.push_back('"');
    if (n.prefix) expr += " *";
    *out += expr;
    q->phrases.push_back({std::move(expr), ranked ? n.exact_mask : 0, ranked});
    return Status::Ok();
  }
  if (n.children.empty()) return Status::InvalidArgument("search: an operator without operands");
  if (n.op == Op::kAndNot) {
    if (n.children.size() < 2) return Render(n.children[0], ranked, q, out);
    *out += "(";
    VOX_RETURN_IF_ERROR(Render(n.children[0], ranked, q, out));
    *out += ") NOT (";
    for (size_t i = 1; i < n.children.size(); ++i) {
      if (i > 1) *out += " OR ";
      VOX_RETURN_IF_ERROR(Render(n.children[i], false, q, out));
    }
    *out += ")";
    return Status::Ok();
  }
  if (n.children.size() == 1) return Render(n.children[0], ranked, q, out);
  const char* sep = n.op == Op::kAnd ? " AND " : " OR ";
  *out += "(";
  for (size_t i = 0; i < n.children.size(); ++i) {
    if (i) *out += sep;
    VOX_RETURN_IF_ERROR(Render(n.children[i], ranked, q, out));
  }
  *out += ")";
  return Status::Ok();
}

}  // namespace

Result<FtsQuery> RenderFts5(const QueryNode& root) {
  FtsQuery q;
  VOX_RETURN_IF_ERROR(Render(root, true, &q, &q.match));
  return q;
}

}  // namespace vox::store
