// Retrieval quality on real text: recall@10 of Vox search against SQLite
// FTS5's stock unicode61 tokenizer, on a judged set built from news articles.
//
//   bench_search_eval [PATH=../shared/data/unc-dev.jsonl] [DIR=/tmp/vox-search-eval]
//
// Every article becomes one item (title + body). A query is made from an
// article: the two adjacent-syllable pairs of its title with the highest IDF
// (4 syllables), and it is judged relevant to that article only. Each query
// is then typed the ways people type it: as written, without diacritics,
// decomposed (NFD), with old-style tone marks, and with teencode (queries
// for that variant come from body sentences holding a word people shorten:
// không, được, người, với...). recall@10 = share of queries whose article is
// in the first 10 results.
#include <sqlite3.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/pipeline.h"
#include "search/search.h"
#include "text/text.h"

namespace {

struct Doc {
  std::string id, title, body;
};

std::string Nfd(const std::string& s) {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(ec);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s), out;
  nfd->normalize(u, out, ec);
  std::string r;
  out.toUTF8String(r);
  return r;
}

// New-style (hòa) to old-style (hoà) tone placement for the common clusters.
std::string OldTone(std::string s) {
  static const std::vector<std::pair<std::string, std::string>> kMap = {
      {"òa", "oà"}, {"óa", "oá"}, {"ỏa", "oả"}, {"õa", "oã"}, {"ọa", "oạ"}, {"òe", "oè"}, {"óe", "oé"},
      {"ỏe", "oẻ"}, {"õe", "oẽ"}, {"ọe", "oẹ"}, {"ùy", "uỳ"}, {"úy", "uý"}, {"ủy", "uỷ"}, {"ũy", "uỹ"},
      {"ụy", "uỵ"}};
  for (const auto& [from, to] : kMap) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  }
  return s;
}

const std::map<std::string, std::string> kTeen = {{"không", "ko"}, {"được", "dc"}, {"người", "ng"},
                                                  {"với", "vs"},   {"rồi", "r"},    {"cũng", "cx"},
                                                  {"biết", "bt"},  {"gì", "j"},     {"trước", "trc"}};

std::vector<std::string> Syllables(const std::string& s) {
  std::vector<vox::text::Token> toks;
  vox::text::Tokenize(s, &toks);
  std::vector<std::string> out;
  for (auto& t : toks) {
    if (t.kind == vox::text::TokenKind::kWord) out.push_back(t.norm);
  }
  return out;
}

std::string JsonEscape(const std::string& s) { return nlohmann::json(s).dump(); }

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "../shared/data/unc-dev.jsonl";
  std::filesystem::path dir = argc > 2 ? argv[2] : "/tmp/vox-search-eval";
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return 1;
  }
  std::vector<Doc> docs;
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    Doc d{j["doc_id"], j["title"], ""};
    for (const auto& s : j["sentences"]) d.body += s.get<std::string>() + " ";
    docs.push_back(std::move(d));
  }
  // Document frequency of folded syllables.
  std::unordered_map<std::string, int> df;
  for (const auto& d : docs) {
    std::set<std::string> seen;
    for (auto& s : Syllables(d.title + " " + d.body)) seen.insert(vox::text::FoldAccents(s));
    for (auto& s : seen) df[s]++;
  }
  auto idf = [&](const std::string& syl) {
    return std::log(static_cast<double>(docs.size()) / (1 + df[vox::text::FoldAccents(syl)]));
  };

  // Queries: {doc index, text as written}.
  struct Query {
    size_t doc;
    std::string text;
  };
  std::vector<Query> title_q, teen_q;
  for (size_t i = 0; i < docs.size(); i += 4) {
    auto syl = Syllables(docs[i].title);
    if (syl.size() < 4) continue;
    std::vector<std::pair<double, size_t>> pairs;
    for (size_t k = 0; k + 1 < syl.size(); ++k) pairs.push_back({idf(syl[k]) + idf(syl[k + 1]), k});
    std::sort(pairs.rbegin(), pairs.rend());
    size_t a = pairs[0].second, b = pairs[1].second;
    for (size_t k = 1; k < pairs.size() && (b + 1 == a || a + 1 == b || b == a); ++k) b = pairs[k].second;
    if (a > b) std::swap(a, b);
    title_q.push_back({i, syl[a] + " " + syl[a + 1] + " " + syl[b] + " " + syl[b + 1]});
  }
  for (size_t i = 1; i < docs.size() && teen_q.size() < 200; i += 3) {
    std::string body = docs[i].body;
    // Split into sentences roughly at ". ".
    size_t start = 0;
    while (start < body.size()) {
      size_t end = body.find(". ", start);
      if (end == std::string::npos) end = body.size();
      auto syl = Syllables(body.substr(start, end - start));
      start = end + 2;
      size_t tw = syl.size();
      for (size_t k = 0; k < syl.size(); ++k) {
        if (kTeen.count(syl[k])) tw = k;
      }
      if (tw == syl.size() || syl.size() < 6) continue;
      // The shortened word plus the two highest-IDF syllables of the sentence.
      std::vector<std::pair<double, size_t>> by;
      for (size_t k = 0; k < syl.size(); ++k) {
        if (k != tw) by.push_back({idf(syl[k]), k});
      }
      std::sort(by.rbegin(), by.rend());
      std::vector<size_t> pick = {tw, by[0].second, by[1].second, by[2].second};
      std::sort(pick.begin(), pick.end());
      std::string q;
      for (size_t k : pick) q += (q.empty() ? "" : " ") + (k == tw ? kTeen.at(syl[k]) : vox::text::FoldAccents(syl[k]));
      teen_q.push_back({i, q});
      break;
    }
  }

  // Vox store.
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string db = (dir / "vox.db").string();
  auto st = vox::store::Store::Open(db, {.create = true});
  auto key = vox::ingest::Pseudonymizer::FromKeyFile(db + ".key", true);
  std::string jsonl;
  for (const auto& d : docs) {
    jsonl += "{\"id\":" + JsonEscape(d.id) + ",\"source\":\"news\",\"kind\":\"article\",\"title\":" +
             JsonEscape(d.title) + ",\"text\":" + JsonEscape(d.body) + ",\"published_at\":\"2021-01-01T00:00:00Z\"}\n";
  }
  vox::ingest::IngestOptions io;
  io.format = vox::ingest::Format::kJsonl;
  auto rep = vox::ingest::IngestBuffer(**st, *key, jsonl, "eval.jsonl", io, nullptr);
  if (!rep.ok()) {
    std::fprintf(stderr, "%s\n", rep.status().message().c_str());
    return 1;
  }
  // Stock FTS5 (unicode61 with its default remove_diacritics).
  sqlite3* b;
  sqlite3_open(":memory:", &b);
  sqlite3_exec(b, "CREATE VIRTUAL TABLE f USING fts5(id UNINDEXED, title, body)", nullptr, nullptr, nullptr);
  sqlite3_stmt* ins;
  sqlite3_prepare_v2(b, "INSERT INTO f VALUES(?,?,?)", -1, &ins, nullptr);
  for (const auto& d : docs) {
    sqlite3_bind_text(ins, 1, d.id.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, d.title.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, d.body.c_str(), -1, SQLITE_STATIC);
    sqlite3_step(ins);
    sqlite3_reset(ins);
  }
  sqlite3_stmt* q;
  sqlite3_prepare_v2(b, "SELECT id FROM f WHERE f MATCH ? ORDER BY rank LIMIT 10", -1, &q, nullptr);

  auto vox_hit = [&](const std::string& query, const std::string& want) {
    vox::search::SearchOptions so;
    so.limit = 10;
    so.window = 0;
    auto hits = vox::search::Search(**st, query, so);
    if (!hits.ok()) return false;
    for (const auto& h : *hits) {
      if (h.id == want) return true;
    }
    return false;
  };
  auto stock_hit = [&](const std::string& query, const std::string& want) {
    std::string m;
    size_t p = 0;
    while (p < query.size()) {
      size_t e = query.find(' ', p);
      if (e == std::string::npos) e = query.size();
      if (e > p) m += (m.empty() ? "\"" : " \"") + query.substr(p, e - p) + "\"";
      p = e + 1;
    }
    sqlite3_bind_text(q, 1, m.c_str(), -1, SQLITE_TRANSIENT);
    bool found = false;
    while (sqlite3_step(q) == SQLITE_ROW) {
      found |= want == reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    }
    sqlite3_reset(q);
    return found;
  };

  struct Variant {
    const char* name;
    std::string (*make)(const std::string&);
  };
  const Variant variants[] = {
      {"as written", [](const std::string& s) { return s; }},
      {"no diacritics", [](const std::string& s) { return vox::text::FoldAccents(s); }},
      {"NFD", [](const std::string& s) { return Nfd(s); }},
      {"old tone marks", [](const std::string& s) { return OldTone(s); }},
  };
  std::printf("%zu articles; %zu title queries, %zu teencode queries\n", docs.size(), title_q.size(), teen_q.size());
  std::printf("%-16s %8s %8s\n", "variant", "vox", "unicode61");
  for (const auto& v : variants) {
    int hv = 0, hs = 0;
    for (const auto& qq : title_q) {
      std::string text = v.make(qq.text);
      hv += vox_hit(text, docs[qq.doc].id);
      hs += stock_hit(text, docs[qq.doc].id);
    }
    std::printf("%-16s %8.3f %8.3f\n", v.name, static_cast<double>(hv) / title_q.size(),
                static_cast<double>(hs) / title_q.size());
  }
  int hv = 0, hs = 0;
  for (const auto& qq : teen_q) {
    hv += vox_hit(qq.text, docs[qq.doc].id);
    hs += stock_hit(qq.text, docs[qq.doc].id);
  }
  std::printf("%-16s %8.3f %8.3f\n", "teencode", static_cast<double>(hv) / teen_q.size(),
              static_cast<double>(hs) / teen_q.size());
  std::printf("example queries: \"%s\" | \"%s\" | teencode \"%s\"\n", title_q[0].text.c_str(),
              vox::text::FoldAccents(title_q[1].text).c_str(), teen_q.empty() ? "" : teen_q[0].text.c_str());
  sqlite3_finalize(q);
  sqlite3_finalize(ins);
  sqlite3_close(b);
  return 0;
}
