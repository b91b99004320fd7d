#include "search/search.h"

#include <algorithm>
#include <cmath>

#include "text/text.h"

namespace vox::search {
namespace {

// FTS5 string literal: wrap in double quotes, double any inside.
std::string Quote(std::string_view term) {
  std::string out = "\"";
  for (char c : term) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

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

// Collects the phrases of the MATCH expression in the order they are written
// (the order FTS5 numbers them), with the query words each has in exact form.
class PhraseWriter {
 public:
  PhraseWriter(std::vector<store::SearchPhrase>* out, bool ranked) : out_(out), ranked_(ranked) {}
  std::string Write(const std::string& terms, bool prefix, uint64_t exact_mask) {
    std::string expr = Quote(terms) + (prefix ? " *" : "");
    out_->push_back({expr, exact_mask, ranked_});  // excluded terms carry no words, so no bits
    return expr;
  }

 private:
  std::vector<store::SearchPhrase>* out_;
  bool ranked_;
};

uint64_t WordBit(size_t index) { return index < 64 ? uint64_t{1} << index : 0; }

// Compiles one user term (a word, possibly expanding to several tokens, or a
// phrase) into an FTS5 expression, appending its words to *words.
std::string CompileTerm(const RawTerm& raw, std::vector<QueryWord>* words, PhraseWriter* pw) {
  std::vector<text::Token> toks;
  text::Tokenize(raw.text, &toks);
  toks.erase(std::remove_if(toks.begin(), toks.end(),
                            [](const text::Token& t) { return t.kind == text::TokenKind::kMasked; }),
             toks.end());
  if (toks.empty()) return {};
  const size_t first_word = words ? words->size() : 0;
  for (size_t i = 0; i < toks.size(); ++i) {
    const auto& t = toks[i];
    if (words) words->push_back({t.norm, t.folded, Accented(t), raw.prefix && i + 1 == toks.size()});
  }
  // Index terms (see store/sqlite/fts_tokenizer.h): a word written with
  // diacritics is indexed as "folded" + "=exact", one written without as
  // "=word", a number as itself. So each query position has up to two
  // alternative terms:
  //   accentless query word w:  "w" (written with marks)  | "=w" (written without)
  //   accented query word w:    "=w" (this exact form)    | "=fold(w)" (written without)
  struct Alt {
    std::string term;
    uint64_t exact;  // the query word's bit when this is its exact accented form
  };
  std::vector<std::vector<Alt>> alts;
  for (size_t i = 0; i < toks.size(); ++i) {
    const auto& t = toks[i];
    if (t.kind == text::TokenKind::kNumber) alts.push_back({{t.folded, 0}});
    else if (!IsWordLike(t)) alts.push_back({{t.norm, 0}});
    else if (!Accented(t)) alts.push_back({{t.folded, 0}, {"=" + t.folded, 0}});
    else alts.push_back({{"=" + t.norm, words ? WordBit(first_word + i) : 0}, {"=" + t.folded, 0}});
  }
  // Every combination of alternatives over positions [from, to).
  auto expand = [&](size_t from, size_t to, bool with_star) {
    std::vector<Alt> phrases = {{"", 0}};
    for (size_t i = from; i < to; ++i) {
      std::vector<Alt> next;
      for (const auto& p : phrases) {
        for (const auto& a : alts[i]) next.push_back({p.term.empty() ? a.term : p.term + " " + a.term, p.exact | a.exact});
      }
      phrases.swap(next);
    }
    std::string out = "(";
    for (size_t i = 0; i < phrases.size(); ++i) {
      if (i) out += " OR ";
      out += pw->Write(phrases[i].term, with_star && raw.prefix, phrases[i].exact);
    }
    return out + ")";
  };
  if (!raw.phrase && toks.size() > 1) {
    // One typed word that the lexicon expanded ("ubnd" -> "ủy ban nhân dân"):
    // the expansion's forms are exact, so two alternatives suffice - the
    // exact words, or all of them typed without marks.
    std::string exact, plain;
    uint64_t mask = 0;
    for (size_t i = 0; i < toks.size(); ++i) {
      const auto& t = toks[i];
      const bool word = t.kind == text::TokenKind::kWord;
      exact += (exact.empty() ? "" : " ") + (word ? "=" + t.norm : t.folded);
      plain += (plain.empty() ? "" : " ") + (word ? "=" + t.folded : t.folded);
      if (Accented(t) && words) mask |= WordBit(first_word + i);
    }
    if (exact == plain) return pw->Write(exact, raw.prefix, 0);
    std::string e = pw->Write(exact, raw.prefix, mask);
    return "(" + e + " OR " + pw->Write(plain, raw.prefix, 0) + ")";
  }
  if (alts.size() <= 4) return expand(0, alts.size(), true);
  // Longer phrases: every adjacent pair must occur as a phrase (at most 4
  // alternatives each), which bounds the expression size.
  std::string out = "(";
  for (size_t i = 0; i + 1 < alts.size(); ++i) {
    if (i) out += " AND ";
    out += expand(i, i + 2, i + 2 == alts.size());
  }
  return out + ")";
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
  // FTS5 numbers phrases in the order they are written: positive terms first,
  // then the excluded ones, exactly as assembled below.
  std::vector<store::SearchPhrase> pos_phrases, neg_phrases;
  PhraseWriter pos_writer(&pos_phrases, true), neg_writer(&neg_phrases, false);
  std::vector<std::string> pos, neg;
  for (const RawTerm& t : terms) {
    std::string e = t.negated ? CompileTerm(t, nullptr, &neg_writer) : CompileTerm(t, &cq.words, &pos_writer);
    if (e.empty()) continue;
    (t.negated ? neg : pos).push_back(std::move(e));
  }
  if (pos.empty()) {
    return Status::InvalidArgument(neg.empty() ? "empty query: type at least one word"
                                               : "a query needs at least one word that is not excluded");
  }
  for (size_t i = 0; i < pos.size(); ++i) {
    if (i) cq.fts_match += " AND ";
    cq.fts_match += pos[i];
  }
  if (!neg.empty()) {
    cq.fts_match = "(" + cq.fts_match + ") NOT (";
    for (size_t i = 0; i < neg.size(); ++i) {
      if (i) cq.fts_match += " OR ";
      cq.fts_match += neg[i];
    }
    cq.fts_match += ")";
  }
  cq.phrases = std::move(pos_phrases);
  cq.phrases.insert(cq.phrases.end(), neg_phrases.begin(), neg_phrases.end());
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
  req.fts_match = cq->fts_match;
  req.phrases = std::move(cq->phrases);  // the snippets need only cq->words
  req.source = opts.source;
  req.kind = opts.kind;
  req.since = opts.since;
  req.until = opts.until;
  req.window = opts.window;
  req.limit = opts.limit;
  req.deadline_ms = opts.deadline_ms;
  // The store scores (store/sqlite/fts_rank.h): the number of accented query
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
