#include "search/search.h"

#include <algorithm>
#include <cmath>

#include "text/text.h"

namespace vox::search {
namespace {

struct RawTerm {
  std::string text;
  bool phrase = false;
  bool negated = false;
  bool prefix = false;
};

std::vector<RawTerm> SplitQuery(std::string_view q) {
  std::vector<RawTerm> out;
  size_t i = 0;
  while (i < q.size()) {
    while (i < q.size() && (q[i] == ' ' || q[i] == '\t' || q[i] == '\n')) ++i;
    if (i >= q.size()) break;
    RawTerm t;
    if (q[i] == '-' && i + 1 < q.size() && q[i + 1] != ' ') {
      t.negated = true;
      ++i;
    }
    if (q[i] == '"') {
      t.phrase = true;
      size_t end = q.find('"', i + 1);
      if (end == std::string_view::npos) end = q.size();
      t.text = std::string(q.substr(i + 1, end - i - 1));
      i = end + 1;
    } else {
      size_t end = i;
      while (end < q.size() && q[end] != ' ' && q[end] != '\t' && q[end] != '\n') ++end;
      t.text = std::string(q.substr(i, end - i));
      i = end;
    }
    if (!t.text.empty() && t.text.back() == '*') {
      t.prefix = true;
      t.text.pop_back();
    }
    if (!t.text.empty()) out.push_back(std::move(t));
  }
  return out;
}

bool IsWordLike(const text::Token& t) {
  return t.kind == text::TokenKind::kWord || t.kind == text::TokenKind::kNumber;
}

bool Accented(const text::Token& t) { return t.kind == text::TokenKind::kWord && t.norm != t.folded; }

uint64_t WordBit(size_t index) { return index < 64 ? uint64_t{1} << index : 0; }

// Compiles one user term (a word, possibly expanding to several tokens, or a
// phrase) into a query tree over index terms (store.h, IndexTerm), appending
// its words to *words (nullptr for an excluded term). Returns false when the
// term has no token.
bool CompileTerm(const RawTerm& raw, std::vector<QueryWord>* words, store::QueryNode* out) {
  using store::IndexTerm;
  using store::QueryNode;
  std::vector<text::Token> toks;
  text::Tokenize(raw.text, &toks);
  toks.erase(std::remove_if(toks.begin(), toks.end(),
                            [](const text::Token& t) { return t.kind == text::TokenKind::kMasked; }),
             toks.end());
  if (toks.empty()) return false;
  const size_t first_word = words ? words->size() : 0;
  for (size_t i = 0; i < toks.size(); ++i) {
    const auto& t = toks[i];
    if (words) words->push_back({t.norm, t.folded, Accented(t), raw.prefix && i + 1 == toks.size()});
  }
  // Index terms (store.h): a word written with diacritics is indexed under
  // its folded form and its form as written, one written without only under
  // its form as written, a number as itself. So each query position has up
  // to two alternative terms:
  //   accentless query word w:  folded w (written with marks) | w as written (without)
  //   accented query word w:    w as written (this exact form) | fold(w) as written (without)
  struct Alt {
    std::vector<IndexTerm> terms;
    uint64_t exact;  // the query words' bits when these are their exact accented forms
  };
  std::vector<std::vector<Alt>> alts;
  for (size_t i = 0; i < toks.size(); ++i) {
    const auto& t = toks[i];
    if (t.kind == text::TokenKind::kNumber) alts.push_back({{{{t.folded, false}}, 0}});
    else if (!IsWordLike(t)) alts.push_back({{{{t.norm, false}}, 0}});
    else if (!Accented(t)) alts.push_back({{{{t.folded, false}}, 0}, {{{t.folded, true}}, 0}});
    else alts.push_back({{{{t.norm, true}}, words ? WordBit(first_word + i) : 0}, {{{t.folded, true}}, 0}});
  }
  // Every combination of alternatives over positions [from, to).
  auto expand = [&](size_t from, size_t to, bool with_star) {
    std::vector<Alt> phrases = {{{}, 0}};
    for (size_t i = from; i < to; ++i) {
      std::vector<Alt> next;
      for (const auto& p : phrases) {
        for (const auto& a : alts[i]) {
          Alt n = p;
          n.terms.insert(n.terms.end(), a.terms.begin(), a.terms.end());
          n.exact |= a.exact;
          next.push_back(std::move(n));
        }
      }
      phrases.swap(next);
    }
    std::vector<QueryNode> any;
    for (auto& p : phrases) any.push_back(QueryNode::Phrase(std::move(p.terms), with_star && raw.prefix, p.exact));
    return QueryNode::Of(QueryNode::Op::kOr, std::move(any));
  };
  if (!raw.phrase && toks.size() > 1) {
    // One typed word that the lexicon expanded ("ubnd" -> "ủy ban nhân dân"):
    // the expansion's forms are exact, so two alternatives suffice - the
    // exact words, or all of them typed without marks.
    std::vector<IndexTerm> exact, plain;
    uint64_t mask = 0;
    for (size_t i = 0; i < toks.size(); ++i) {
      const auto& t = toks[i];
      const bool word = t.kind == text::TokenKind::kWord;
      exact.push_back(word ? IndexTerm{t.norm, true} : IndexTerm{t.folded, false});
      plain.push_back(word ? IndexTerm{t.folded, true} : IndexTerm{t.folded, false});
      if (Accented(t) && words) mask |= WordBit(first_word + i);
    }
    const bool same = std::equal(exact.begin(), exact.end(), plain.begin(), plain.end(),
                                 [](const IndexTerm& a, const IndexTerm& b) {
                                   return a.text == b.text && a.as_written == b.as_written;
                                 });
    if (same) {
      *out = QueryNode::Phrase(std::move(exact), raw.prefix, 0);
      return true;
    }
    std::vector<QueryNode> any;
    any.push_back(QueryNode::Phrase(std::move(exact), raw.prefix, mask));
    any.push_back(QueryNode::Phrase(std::move(plain), raw.prefix, 0));
    *out = QueryNode::Of(QueryNode::Op::kOr, std::move(any));
    return true;
  }
  if (alts.size() <= 4) {
    *out = expand(0, alts.size(), true);
    return true;
  }
  // Longer phrases: every adjacent pair must occur as a phrase (at most 4
  // alternatives each), which bounds the query's size.
  std::vector<QueryNode> all;
  for (size_t i = 0; i + 1 < alts.size(); ++i) all.push_back(expand(i, i + 2, i + 2 == alts.size()));
  *out = QueryNode::Of(QueryNode::Op::kAnd, std::move(all));
  return true;
}

std::string EscapeHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The terms of a query after merging: identical terms once, and no prefix
// that another positive term already implies (a document holding "thuốc"
// holds a word starting with "thu"). Keys are normalized and folded, so
// "Thu*" and "thu*" are one term.
std::vector<RawTerm> MergeTerms(std::vector<RawTerm> terms) {
  struct Keyed {
    RawTerm term;
    std::string norm;  // normalized text
    std::string key;   // folded normalized text
  };
  std::vector<Keyed> out;
  for (RawTerm& t : terms) {
    std::string norm = text::Normalize(t.text);
    std::string key = text::FoldAccents(norm);
    bool dup = false;
    for (const Keyed& k : out) {
      dup = dup || (k.term.negated == t.negated && k.term.phrase == t.phrase && k.term.prefix == t.prefix &&
                    k.term.text == t.text);
    }
    if (!dup) out.push_back({std::move(t), std::move(norm), std::move(key)});
  }
  auto implied = [&](size_t i) {
    const Keyed& p = out[i];
    if (!p.term.prefix || p.term.negated || p.term.phrase) return false;
    for (size_t j = 0; j < out.size(); ++j) {
      const Keyed& o = out[j];
      if (j == i || o.term.negated || o.term.phrase) continue;
      // A prefix typed without diacritics matches on folded forms; one typed
      // with them is implied only by a term with those same marks.
      const bool folded = p.norm == p.key;
      const std::string& a = folded ? o.key : o.norm;
      const std::string& b = folded ? p.key : p.norm;
      if (a.size() < b.size() || a.compare(0, b.size(), b) != 0) continue;
      // A longer term extends the prefix; of two equal prefixes keep the first.
      if (a.size() > b.size() || (o.term.prefix ? j < i : true)) return true;
    }
    return false;
  };
  std::vector<RawTerm> merged;
  for (size_t i = 0; i < out.size(); ++i) {
    if (!implied(i)) merged.push_back(std::move(out[i].term));
  }
  return merged;
}

Status CheckLimits(std::string_view query, const std::vector<RawTerm>& terms, const QueryLimits& limits) {
  if (query.size() > limits.max_bytes) {
    return Status::LimitExceeded("query is " + std::to_string(query.size()) + " bytes, longer than the limit of " +
                                 std::to_string(limits.max_bytes));
  }
  if (terms.size() > limits.max_terms) {
    return Status::LimitExceeded("query has " + std::to_string(terms.size()) + " terms, more than the limit of " +
                                 std::to_string(limits.max_terms));
  }
  size_t prefixes = 0;
  std::vector<text::Token> toks;
  for (const RawTerm& t : terms) {
    toks.clear();
    text::Tokenize(t.text, &toks);
    if (t.phrase && toks.size() > limits.max_phrase_words) {
      return Status::LimitExceeded("a phrase has " + std::to_string(toks.size()) +
                                   " words, more than the limit of " + std::to_string(limits.max_phrase_words));
    }
    if (!t.prefix) continue;
    ++prefixes;
    if (!toks.empty() && CodePoints(toks.back().folded) < limits.min_prefix_chars) {
      return Status::LimitExceeded("prefix '" + t.text + "*' is too short: type at least " +
                                   std::to_string(limits.min_prefix_chars) + " letters before '*'");
    }
  }
  if (prefixes > limits.max_prefixes) {
    return Status::LimitExceeded("query has " + std::to_string(prefixes) + " prefix* terms, more than the limit of " +
                                 std::to_string(limits.max_prefixes));
  }
  return Status::Ok();
}

}  // namespace

Result<CompiledQuery> CompileQuery(std::string_view query, const QueryLimits& limits) {
  if (query.size() > limits.max_bytes) return CheckLimits(query, {}, limits);
  std::vector<RawTerm> terms = MergeTerms(SplitQuery(query));
  VOX_RETURN_IF_ERROR(CheckLimits(query, terms, limits));
  CompiledQuery cq;
  std::vector<store::QueryNode> pos, neg;
  for (const RawTerm& t : terms) {
    store::QueryNode node;
    if (!CompileTerm(t, t.negated ? nullptr : &cq.words, &node)) continue;
    (t.negated ? neg : pos).push_back(std::move(node));
  }
  if (pos.empty()) {
    return Status::InvalidArgument(neg.empty() ? "empty query: type at least one word"
                                               : "a query needs at least one word that is not excluded");
  }
  using Op = store::QueryNode::Op;
  cq.tree = pos.size() == 1 ? std::move(pos[0]) : store::QueryNode::Of(Op::kAnd, std::move(pos));
  if (!neg.empty()) {
    std::vector<store::QueryNode> parts;
    parts.push_back(std::move(cq.tree));
    for (auto& n : neg) parts.push_back(std::move(n));
    cq.tree = store::QueryNode::Of(Op::kAndNot, std::move(parts));
  }
  return cq;
}

bool WordMatches(const QueryWord& w, std::string_view norm, std::string_view folded) {
  auto eq = [&](std::string_view a, std::string_view b) {
    return w.prefix ? a.substr(0, b.size()) == b : a == b;
  };
  if (!w.accented) return eq(folded, w.folded);
  // Exact accented form, or the word typed without diacritics.
  return eq(norm, w.norm) || (norm == folded && eq(norm, w.folded));
}

std::string MakeSnippet(std::string_view text, const CompiledQuery& q, const SearchOptions& opts,
                        size_t max_tokens) {
  std::vector<text::Token> toks;
  text::Tokenize(text, &toks);
  // Collapse tokens sharing one span (teencode expansions).
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  std::vector<bool> hit;
  for (const auto& t : toks) {
    bool m = false;
    for (const auto& w : q.words) m |= WordMatches(w, t.norm, t.folded);
    if (!spans.empty() && spans.back().first == t.begin && spans.back().second == t.end) {
      hit.back() = hit.back() || m;
      continue;
    }
    spans.emplace_back(t.begin, t.end);
    hit.push_back(m);
  }
  size_t best = 0, best_count = 0;
  if (spans.size() > max_tokens) {
    size_t count = 0;
    for (size_t i = 0; i < spans.size(); ++i) {
      count += hit[i];
      if (i >= max_tokens) count -= hit[i - max_tokens];
      if (i + 1 >= max_tokens && count > best_count) {
        best_count = count;
        best = i + 1 - max_tokens;
      }
    }
    // Start a little before the first hit in the window, for context.
    size_t first = best;
    while (first < best + max_tokens && !hit[first]) ++first;
    size_t lead = std::min<size_t>(4, first);
    best = std::min(first - lead, spans.size() - max_tokens);
  }
  size_t end_tok = std::min(spans.size(), best + max_tokens);
  size_t from = spans.empty() ? 0 : (best == 0 ? 0 : spans[best].first);
  size_t to = spans.empty() ? text.size() : (end_tok == spans.size() ? text.size() : spans[end_tok - 1].second);
  auto emit = [&](std::string_view s) { return opts.escape_html ? EscapeHtml(s) : std::string(s); };
  std::string out;
  if (from > 0) out += "… ";
  size_t cur = from;
  for (size_t i = best; i < end_tok; ++i) {
    if (!hit[i]) continue;
    out += emit(text.substr(cur, spans[i].first - cur));
    out += opts.mark_open;
    out += emit(text.substr(spans[i].first, spans[i].second - spans[i].first));
    out += opts.mark_close;
    cur = spans[i].second;
  }
  out += emit(text.substr(cur, to - cur));
  if (to < text.size()) out += " …";
  // Snippets are one line.
  for (char& c : out) if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return out;
}

Result<std::vector<Hit>> Search(store::Store& store, std::string_view query, const SearchOptions& opts) {
  auto cq = CompileQuery(query, opts.limits);
  if (!cq.ok()) return cq.status();
  store::SearchRequest req;
  req.query = std::move(cq->tree);  // the snippets need only cq->words
  req.source = opts.source;
  req.kind = opts.kind;
  req.since = opts.since;
  req.until = opts.until;
  req.window = opts.window;
  req.limit = opts.limit;
  req.deadline_ms = opts.deadline_ms;
  req.memory_limit_bytes = opts.memory_limit_bytes;
  // The store scores: the number of accented query
  // words found in their exact form, plus BM25 squashed into [0, 1), so exact
  // forms always rank first.
  auto rows = store.Search(req);
  if (!rows.ok()) return rows.status();
  std::vector<Hit> hits;
  for (auto& r : *rows) {
    Hit h;
    h.id = std::move(r.id);
    h.source = std::move(r.source);
    h.score = std::round(r.score * 1000.0) / 1000.0;
    h.published_at = r.published_at;
    const std::string& body = r.text.empty() ? r.title : r.text;
    h.snippet = MakeSnippet(body, *cq, opts);
    h.title = std::move(r.title);
    hits.push_back(std::move(h));
  }
  return hits;
}

}  // namespace vox::search
