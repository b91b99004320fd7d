// Teencode and abbreviation lexicon.
//
// The built-in table is data/teencode.tsv, embedded at build time; an office
// extends or overrides it with LoadExtraLexicon (same format). Format, one
// entry a line:   from<TAB>to[<TAB>flags]      '#' starts a comment line.
// flags (comma-separated):
//   case  match `from` only with exactly this capitalization ("CA" = công an,
//         but "ca" stays "ca"). Keys written in lower case match any case.
//   ctx   only when followed by a capitalized word or a number ("P. Bến
//         Nghé", "Q.1"), so a sentence-final "P." is left alone.
// A key may end with '.', which is then consumed with the word ("P.").
// Expansions are stored normalized (lower case, canonical tones), so an
// expansion never changes on a second Normalize (idempotence).
#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "text/internal.h"
#include "text/text.h"

extern const char vox_embed_teencode[];
extern const unsigned long vox_embed_teencode_size;

namespace vox::text {
namespace internal {

std::string NormalizeNoLexicon(std::string_view in);  // normalize.cc

namespace {

}  // namespace

uint64_t g_quick_filter[kQuickBits / 64] = {};
std::atomic<uint32_t> g_lexicon_generation{0};

namespace {

// See Parse: "P.", "TX.", "TT".
bool CtxKeyOk(std::string_view key, bool case_sensitive) {
  if (!case_sensitive || key.empty()) return false;
  if (key.back() == '.') key.remove_suffix(1);
  return !key.empty() && key.back() >= 'A' && key.back() <= 'Z';
}

inline uint32_t KeyHash(std::string_view k) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : k) h = (h ^ c) * 1099511628211ull;
  return static_cast<uint32_t>(h ^ (h >> 29));
}

struct Lexicon {
  std::unordered_map<std::string, LexEntry> exact;  // case-sensitive keys
  std::unordered_map<std::string, LexEntry> lower;  // normalized keys
  size_t max_key = 0;
  // Bloom-style prefilter over all keys: most words are not in the table
  // and are rejected with one hash and one bit test.
  std::vector<uint64_t> bloom = std::vector<uint64_t>(kBloomBits / 64, 0);
  static constexpr uint32_t kBloomBits = 1u << 15;
  void Add(const std::string& k) {
    uint32_t h = KeyHash(k) & (kBloomBits - 1);
    bloom[h >> 6] |= uint64_t{1} << (h & 63);
  }
  bool MayHave(std::string_view k) const {
    uint32_t h = KeyHash(k) & (kBloomBits - 1);
    return (bloom[h >> 6] >> (h & 63)) & 1;
  }
  void RebuildBloom() {
    std::fill(bloom.begin(), bloom.end(), 0);
    std::fill(std::begin(quick), std::end(quick), 0);
    for (auto& [k, v] : exact) { Add(k); AddQuick(k); }
    for (auto& [k, v] : lower) { Add(k); AddQuick(k); }
  }
  void AddQuick(std::string_view k) {
    uint32_t h = QuickHash(k);
    quick[h >> 6] |= uint64_t{1} << (h & 63);
  }
  uint64_t quick[kQuickBits / 64] = {};
};

// Parses `text`; returns the number of entries, or -1 with *error set.
int Parse(std::string_view text, Lexicon* lex, std::string* error) {
  int count = 0, line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') {
      if (nl == text.size()) break;
      continue;
    }
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      *error = "line " + std::to_string(line_no) + ": expected from<TAB>to";
      return -1;
    }
    std::string_view from = line.substr(0, tab);
    std::string_view rest = line.substr(tab + 1);
    std::string_view flags;
    size_t tab2 = rest.find('\t');
    if (tab2 != std::string_view::npos) {
      flags = rest.substr(tab2 + 1);
      rest = rest.substr(0, tab2);
    }
    while (!from.empty() && from.back() == ' ') from.remove_suffix(1);
    if (from.empty() || rest.empty()) {
      *error = "line " + std::to_string(line_no) + ": empty field";
      return -1;
    }
    LexEntry e;
    e.to = NormalizeNoLexicon(rest);
    std::istringstream ws(e.to);
    for (std::string w; ws >> w;) e.words.push_back(w);
    if (e.words.empty()) continue;
    e.case_sensitive = flags.find("case") != std::string_view::npos;
    e.needs_context = flags.find("ctx") != std::string_view::npos;
    if (e.needs_context && !CtxKeyOk(from, e.case_sensitive)) {
      // Texts are processed in chunks cut at white space that never follows
      // a capital, or a '.' after a capital or after a byte canonicalization
      // may drop or map (fast.cc, NextCut): other ctx keys would make the
      // result depend on where a long text was cut.
      *error = "line " + std::to_string(line_no) +
               ": a ctx entry must have the case flag and end with a capital A-Z, "
               "optionally followed by '.'";
      return -1;
    }
    std::string key = e.case_sensitive ? SlowCanonicalize(from) : NormalizeNoLexicon(from);
    lex->max_key = std::max(lex->max_key, key.size());
    (e.case_sensitive ? lex->exact : lex->lower)[key] = std::move(e);
    ++count;
    if (nl == text.size()) break;
  }
  return count;
}

Lexicon& Lex() {
  static Lexicon* lex = [] {
    auto* l = new Lexicon;
    std::string err;
    Parse(std::string_view(vox_embed_teencode, vox_embed_teencode_size), l, &err);
    l->RebuildBloom();
    std::copy(std::begin(l->quick), std::end(l->quick), g_quick_filter);
    return l;
  }();
  return *lex;
}

}  // namespace

bool ContextOk(const std::vector<Unit>& u, size_t i) {
  while (i < u.size() && IsSpace(u[i].cp)) ++i;
  if (i >= u.size()) return false;
  char32_t c = u[i].cp;
  if (c >= '0' && c <= '9') return true;
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  Packed p = LookupLetter(c);
  if (p != kNotLetter) return PUpper(p);
  return ToLower(c) != c;
}

namespace {

const LexEntry* Find(std::string_view exact, std::string_view lower) {
  Lexicon& l = Lex();
  if (exact.size() > l.max_key && lower.size() > l.max_key) return nullptr;
  const bool same = exact.data() == lower.data() && exact.size() == lower.size();
  if (!l.MayHave(lower) && (same || !l.MayHave(exact))) return nullptr;
  std::string k(exact);
  if (auto it = l.exact.find(k); it != l.exact.end()) return &it->second;
  k.assign(lower);
  if (auto it = l.lower.find(k); it != l.lower.end()) return &it->second;
  // A key without capitals matches its own lower case (keeps Normalize
  // idempotent: what a first pass leaves lower-cased, a second pass sees).
  if (auto it = l.exact.find(k); it != l.exact.end()) return &it->second;
  return nullptr;
}

}  // namespace

const LexEntry* LookupLexicon(std::string_view exact, std::string_view lower) {
  return Find(exact, lower);
}

size_t LexiconMaxKeyBytes() { return Lex().max_key; }

const LexEntry* MatchLexicon(const std::vector<Unit>& u, size_t b, size_t e,
                             std::string_view lower, size_t* end) {
  *end = e;
  const size_t max_key = Lex().max_key;
  if (lower.size() + 1 > max_key + 8 && lower.size() > max_key) return nullptr;
  std::string exact;
  EncodeUnits(u.data() + b, e - b, &exact);
  if (exact.size() > max_key && lower.size() > max_key) return nullptr;
  if (e < u.size() && u[e].cp == '.') {
    std::string ed = exact + ".", ld = std::string(lower) + ".";
    const LexEntry* d = Find(ed, ld);
    if (d != nullptr && (!d->needs_context || ContextOk(u, e + 1))) {
      *end = e + 1;
      return d;
    }
  }
  const LexEntry* w = Find(exact, lower);
  if (w != nullptr && (!w->needs_context || ContextOk(u, e))) return w;
  return nullptr;
}

}  // namespace internal

Status LoadExtraLexicon(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::IoError("cannot open lexicon file " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  internal::Lexicon extra;
  std::string err;
  if (internal::Parse(ss.str(), &extra, &err) < 0) {
    return Status::InvalidArgument(path + ": " + err);
  }
  internal::Lexicon& l = internal::Lex();
  for (auto& [k, v] : extra.exact) l.exact[k] = v;
  for (auto& [k, v] : extra.lower) l.lower[k] = v;
  l.max_key = std::max(l.max_key, extra.max_key);
  l.RebuildBloom();
  std::copy(std::begin(l.quick), std::end(l.quick), internal::g_quick_filter);
  internal::g_lexicon_generation.fetch_add(1, std::memory_order_relaxed);
  return Status::Ok();
}

}  // namespace vox::text
