// Story clustering quality on a development set built from real articles.
//
//   stories_eval PATH/unc-dev.jsonl [SEED=7]
//
// Builds the set: each article (title + body, kind "article", with its url)
// is followed, within 48 h, by one repost of each variant kind below; for
// articles with at least two numbers, a "dated template" sibling (same text,
// every number changed: another day, other figures) appears 3-7 days later
// with two reposts of its own, and must be a different story. Different
// articles are the other hard negatives. Items are fed in published order
// through the text engine's canonical form (what the ingest pipeline stores).
// Prints pairwise precision/recall/F1, the join rate per variant kind, the
// template separation rate, and in the same run the usual datasketch recipe
// (lower-case word 3-shingles, 128 permutations, LSH threshold 0.5, join the
// best candidate) with and without accent folding.
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <httplib.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/time.h"
#include "ingest/html.h"
#include "ingest/links.h"
#include "ingest/pipeline.h"
#include "ingest/pseudonym.h"
#include "stories/stories.h"
#include "store/store.h"
#include "text/text.h"

namespace {

using vox::stories::Clusterer;
using vox::stories::ExtractFeatures;

struct EvalItem {
  std::string title, text, url, kind = "post", variant;
  int64_t t = 0;
  int truth = 0;
  int origin = -1;  // index of its cluster's original item (the article or the sibling)
};

std::string Nfd(const std::string& s) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(err);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s), out;
  n->normalize(u, out, err);
  std::string r;
  out.toUTF8String(r);
  return r;
}

std::string Upper(const std::string& s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  u.toUpper();
  std::string r;
  u.toUTF8String(r);
  return r;
}

std::string Lower(const std::string& s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  u.toLower();
  std::string r;
  u.toUTF8String(r);
  return r;
}

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  for (size_t p = 0; (p = s->find(from, p)) != std::string::npos; p += to.size()) s->replace(p, from.size(), to);
}

// New-style tone placement <-> old style (hoà/hòa, thuý/thúy, khoẻ/khỏe).
std::string OldTone(std::string s) {
  static const std::pair<const char*, const char*> kSwaps[] = {
      {"oà", "òa"}, {"oá", "óa"}, {"oả", "ỏa"}, {"oã", "õa"}, {"oạ", "ọa"}, {"oè", "òe"}, {"oé", "óe"},
      {"oẻ", "ỏe"}, {"oẽ", "õe"}, {"oẹ", "ọe"}, {"uỳ", "ùy"}, {"uý", "úy"}, {"uỷ", "ủy"}, {"uỹ", "ũy"},
      {"uỵ", "ụy"}};
  std::string marker = "\x01";
  for (auto [a, b] : kSwaps) {
    ReplaceAll(&s, b, marker);
    ReplaceAll(&s, a, b);
    ReplaceAll(&s, marker, a);
  }
  return s;
}

std::string Teencode(const std::string& s) {
  static const std::pair<const char*, const char*> kMap[] = {
      {"không", "ko"}, {"được", "dc"}, {"với", "vs"}, {"người", "ng"}, {"gì", "j"},   {"cũng", "cx"},
      {"rồi", "r"},    {"biết", "bít"}, {"hiểu", "hỉu"}, {"trước", "trc"}, {"mới", "ms"}, {"làm", "lm"},
      {"quá", "wá"},   {"nhiều", "nhìu"}, {"thành phố", "tp"}, {"mọi người", "mn"}};
  std::string r = " " + s + " ";
  for (auto [a, b] : kMap) {
    for (const char* sep : {" ", ",", "."}) ReplaceAll(&r, std::string(" ") + a + sep, std::string(" ") + b + sep);
  }
  return r.substr(1, r.size() - 2);
}

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// Changes every digit run: another day, other figures.
std::string OtherFigures(const std::string& s, std::mt19937_64& rng) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] >= '0' && s[i] <= '9') {
      size_t j = i;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      std::string run = s.substr(i, j - i);
      char& last = run.back();
      last = static_cast<char>('0' + (last - '0' + 1 + rng() % 8) % 10);
      out += run;
      i = j;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

int CountDigitRuns(const std::string& s) {
  int n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9' && (i == 0 || s[i - 1] < '0' || s[i - 1] > '9')) ++n;
  }
  return n;
}

std::string TruncateBytes(const std::string& s, size_t n) {
  if (s.size() <= n) return s;
  size_t cut = s.rfind(' ', n);
  if (cut == std::string::npos || cut < n / 2) cut = n;
  return s.substr(0, cut) + "… xem thêm";
}

int64_t DateToUnix(const std::string& yyyymmdd) {
  int y = std::stoi(yyyymmdd.substr(0, 4)), m = std::stoi(yyyymmdd.substr(4, 2)), d = std::stoi(yyyymmdd.substr(6, 2));
  return vox::DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400;
}

const char* kKinds[] = {"no_diacritics", "nfd",       "old_tone", "teencode", "prefix", "emoji",    "hashtags",
                        "url_added",     "truncated", "reordered", "upper_headline", "quote", "link_only", "combo"};

std::vector<EvalItem> BuildDevSet(const std::string& path, uint64_t seed, int* n_articles) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "stories_eval: cannot read %s\n", path.c_str());
    std::exit(1);
  }
  std::mt19937_64 rng(seed);
  std::vector<EvalItem> items;
  std::string line;
  int truth = 0;
  int article = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    std::string title = j.value("title", "");
    std::vector<std::string> sents = j.value("sentences", std::vector<std::string>{});
    if (sents.empty()) continue;
    std::string url = j.value("url", "");
    std::string body = Join(sents, " ");
    int64_t t0 = DateToUnix(j.value("date", "20200101")) + 8 * 3600 + (article % 600) * 60;
    ++article;
    const int cluster = truth++;
    const int origin = static_cast<int>(items.size());
    items.push_back({title, body, url, "article", "original", t0, cluster, origin});
    const std::string full = title + "\n" + body;
    auto add = [&](const std::string& kind, const std::string& text, const std::string& item_kind = "post") {
      EvalItem it;
      it.text = text;
      it.kind = item_kind;
      it.variant = kind;
      it.t = t0 + 600 + static_cast<int64_t>(rng() % (48 * 3600));
      it.truth = cluster;
      it.origin = origin;
      items.push_back(std::move(it));
    };
    static const char* kPrefixes[] = {"Chia sẻ: ", "NÓNG: ", "Tin nóng!!! ", "Mọi người xem nè: "};
    static const char* kEmoji[] = {" 😱", " 😢😢", " 🙏", " 👍👍👍", " 🔥"};
    add("no_diacritics", vox::text::FoldAccents(full));
    add("nfd", Nfd(full));
    add("old_tone", OldTone(full));
    add("teencode", Teencode(Lower(full)));
    add("prefix", kPrefixes[rng() % 4] + full);
    {
      std::string e = title + kEmoji[rng() % 5] + "\n";
      for (size_t i = 0; i < sents.size(); ++i) e += sents[i] + (i % 3 == 1 ? kEmoji[rng() % 5] : "") + " ";
      add("emoji", e + "😡😡");
    }
    add("hashtags", full + " #tintuc #" + j.value("topic", "news") + " #chiase");
    add("url_added", full + " https://bit.ly/3x" + std::to_string(rng() % 100000));
    add("truncated", TruncateBytes(full, 200 + rng() % 200));
    {
      std::vector<std::string> s = sents;
      std::shuffle(s.begin(), s.end(), rng);
      add("reordered", Join(s, " ") + "\n" + title);
    }
    add("upper_headline", Upper(title) + "\n" + body);
    {
      // A sentence of at least 12 words when there is one.
      std::vector<const std::string*> longs;
      for (const auto& s : sents) {
        if (std::count(s.begin(), s.end(), ' ') >= 11) longs.push_back(&s);
      }
      const std::string& q = longs.empty() ? sents[0] : *longs[rng() % longs.size()];
      add("quote", "Thật không thể tin được: \"" + q + "\"", "comment");
    }
    {
      std::string u = url;
      if (u.rfind("https://", 0) == 0) u = "http://www." + u.substr(8);
      static const char* kSay[] = {"Mọi người đọc đi ", "", "Xem nè ", "Bài này đây ", "ai đọc chưa? ", "Link: "};
      add("link_only", kSay[rng() % 6] + u + "?utm_source=facebook&utm_medium=social&fbclid=IwAR0x" +
                           std::to_string(rng() % 1000000) + "#comments",
          "comment");
    }
    add("combo", "NÓNG: " + vox::text::FoldAccents(TruncateBytes(full, 300 + rng() % 300)) + " 😱 #tintuc");
    // Dated template: same text, other figures, some days later.
    if (CountDigitRuns(full) >= 2) {
      const int sib_cluster = truth++;
      const int sib_origin = static_cast<int>(items.size());
      int64_t ts = t0 + (3 + static_cast<int64_t>(rng() % 5)) * 86400;
      std::string st = OtherFigures(title, rng), sb = OtherFigures(body, rng);
      items.push_back({st, sb, url + "?p=2", "article", "template", ts, sib_cluster, sib_origin});
      EvalItem a{"", vox::text::FoldAccents(st + "\n" + sb), "", "post", "template_variant",
                 ts + 600 + static_cast<int64_t>(rng() % 86400), sib_cluster, sib_origin};
      EvalItem b{"", "Chia sẻ: " + st + "\n" + sb + " 🙏", "", "post", "template_variant",
                 ts + 600 + static_cast<int64_t>(rng() % 86400), sib_cluster, sib_origin};
      items.push_back(a);
      items.push_back(b);
    }
  }
  *n_articles = article;
  std::stable_sort(items.begin(), items.end(), [](const EvalItem& a, const EvalItem& b) { return a.t < b.t; });
  // origin indexes changed with the sort: re-point them by (truth, variant)
  std::unordered_map<int, int> origin_of;
  for (int i = 0; i < static_cast<int>(items.size()); ++i) {
    if (items[i].variant == "original" || items[i].variant == "template") origin_of[items[i].truth] = i;
  }
  for (auto& it : items) it.origin = origin_of[it.truth];
  return items;
}

struct Scores {
  double p = 0, r = 0, f1 = 0;
  std::map<std::string, std::pair<int, int>> joined;  // kind -> (joined, total)
  int template_apart = 0, templates = 0;
};

double Pairs(int64_t n) { return static_cast<double>(n) * static_cast<double>(n - 1) / 2; }

Scores Score(const std::vector<EvalItem>& items, const std::vector<int64_t>& pred) {
  Scores s;
  std::map<std::pair<int, int64_t>, int64_t> cell;
  std::unordered_map<int, int64_t> truth_n;
  std::unordered_map<int64_t, int64_t> pred_n;
  for (size_t i = 0; i < items.size(); ++i) {
    ++cell[{items[i].truth, pred[i]}];
    ++truth_n[items[i].truth];
    ++pred_n[pred[i]];
  }
  double tp = 0, tpairs = 0, ppairs = 0;
  for (auto& [k, n] : cell) tp += Pairs(n);
  for (auto& [k, n] : truth_n) tpairs += Pairs(n);
  for (auto& [k, n] : pred_n) ppairs += Pairs(n);
  s.p = ppairs ? tp / ppairs : 1;
  s.r = tpairs ? tp / tpairs : 1;
  s.f1 = s.p + s.r ? 2 * s.p * s.r / (s.p + s.r) : 0;
  // Original article index per truth cluster, for the template check.
  std::unordered_map<int, int64_t> article_story;  // truth cluster of an original -> its story
  for (size_t i = 0; i < items.size(); ++i) {
    const EvalItem& it = items[i];
    if (it.variant == "original") continue;
    if (it.variant == "template") continue;
    auto& jt = s.joined[it.variant];
    ++jt.second;
    if (pred[i] == pred[it.origin]) ++jt.first;
  }
  // Templates: the sibling's story must differ from its article's story. The
  // sibling's truth cluster is its article's + 1 (built in that order).
  std::unordered_map<int, int64_t> story_of_original;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].variant == "original") story_of_original[items[i].truth] = pred[i];
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].variant != "template") continue;
    ++s.templates;
    if (pred[i] != story_of_original[items[i].truth - 1]) {
      ++s.template_apart;
    } else if (std::getenv("VOX_EVAL_SHOW_TEMPLATES")) {
      std::fprintf(stderr, "template joined its article: %s | %.200s\n", items[i].url.c_str(), items[i].text.c_str());
    }
  }
  return s;
}

// ---- The usual datasketch recipe: lower-case word 3-shingles, 128
// permutations, MinHashLSH(threshold=0.5) with datasketch's optimal (b, r),
// each item joins the story of its best candidate (estimated Jaccard).
struct Baseline {
  static constexpr int kPerm = 128;
  int b = 0, r = 0;
  std::array<uint64_t, kPerm> a_, c_;
  std::unordered_map<uint64_t, std::vector<int>> buckets;
  std::vector<std::array<uint32_t, kPerm>> sigs;
  std::vector<int64_t> story;

  static double Integrate(const std::function<double(double)>& f, double lo, double hi) {
    const int n = 1000;
    double h = (hi - lo) / n, s = 0;
    for (int i = 0; i < n; ++i) s += f(lo + (i + 0.5) * h) * h;
    return s;
  }
  Baseline() {
    // datasketch _optimal_param(threshold=0.5, num_perm=128, weights=(0.5, 0.5))
    double best = 1e9;
    for (int bb = 1; bb <= kPerm; ++bb) {
      for (int rr = 1; rr <= kPerm / bb; ++rr) {
        double fp = Integrate([&](double s) { return 1 - std::pow(1 - std::pow(s, rr), bb); }, 0, 0.5);
        double fn = Integrate([&](double s) { return 1 - (1 - std::pow(1 - std::pow(s, rr), bb)); }, 0.5, 1);
        double e = 0.5 * fp + 0.5 * fn;
        if (e < best) {
          best = e;
          b = bb;
          r = rr;
        }
      }
    }
    std::mt19937_64 rng(1);
    for (int i = 0; i < kPerm; ++i) {
      a_[i] = rng() | 1;
      c_[i] = rng();
    }
  }
  int64_t Add(const std::string& text, bool fold) {
    std::string s = Lower(text);
    if (fold) s = vox::text::FoldAccents(s);
    std::vector<std::string> words;
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      size_t j = i;
      while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
      if (j > i) words.push_back(s.substr(i, j - i));
      i = j;
    }
    std::array<uint64_t, kPerm> m;
    m.fill(UINT64_MAX);
    auto shingle = [&](const std::string& sh) {
      uint64_t x = XXH3_64bits(sh.data(), sh.size()) >> 32;
      for (int k = 0; k < kPerm; ++k) m[k] = std::min(m[k], a_[k] * x + c_[k]);
    };
    if (words.size() < 3) shingle(Join(words, " "));
    for (size_t k = 0; k + 2 < words.size(); ++k) shingle(words[k] + " " + words[k + 1] + " " + words[k + 2]);
    std::array<uint32_t, kPerm> sig;
    for (int k = 0; k < kPerm; ++k) sig[k] = static_cast<uint32_t>(m[k] >> 32);
    const int id = static_cast<int>(sigs.size());
    int best = -1;
    int best_eq = -1;
    std::vector<uint64_t> keys;
    for (int band = 0; band < b; ++band) {
      uint64_t key = XXH3_64bits_withSeed(&sig[band * r], r * 4, band);
      keys.push_back(key);
      auto it = buckets.find(key);
      if (it == buckets.end()) continue;
      for (int c : it->second) {
        int eq = 0;
        for (int k = 0; k < kPerm; ++k) eq += sigs[c][k] == sig[k];
        if (eq > best_eq || (eq == best_eq && c < best)) {
          best_eq = eq;
          best = c;
        }
      }
    }
    sigs.push_back(sig);
    story.push_back(best >= 0 ? story[best] : id);
    for (uint64_t key : keys) buckets[key].push_back(id);
    return story.back();
  }
};

void Print(const char* name, const Scores& s) {
  std::printf("%-34s pairwise P %.4f  R %.4f  F1 %.4f\n", name, s.p, s.r, s.f1);
}

// ---- The second development set: bench_share_maker's items (written
// independently of the clusterer, from how people share), ingested through
// the real pipeline (canonical text, masking, the story observer with its
// reply rules) into a scratch store; the predicted story of each item is
// read back from the store. truth.tsv: id, story key, variant, split.
struct ShareRow {
  std::string id, story, variant, split, source;
  std::string folded;  // title + text, canonical and accent-folded (for the quote check)
  std::string raw;     // title + text as posted (for the datasketch recipe)
  int64_t t = 0;
};

// The pieces of a quote worth looking for: runs of at least 30 bytes
// between line breaks and quotation marks, their first 40 bytes.
std::vector<std::string> QuotedPieces(const std::string& folded) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= folded.size(); ++i) {
    if (i == folded.size() || folded[i] == '\n' || folded[i] == '"') {
      std::string piece = folded.substr(start, i - start);
      while (!piece.empty() && piece.front() == ' ') piece.erase(0, 1);
      if (piece.size() >= 30) out.push_back(piece.substr(0, 40));
      start = i + 1;
    }
  }
  return out;
}

int RunShares(const std::string& dir, const std::string& split, bool expand, bool pages) {
  std::ifstream tin(dir + "/truth.tsv");
  std::ifstream iin(dir + "/items.jsonl");
  if (!tin || !iin) {
    std::fprintf(stderr, "cannot read %s/truth.tsv and items.jsonl (run bench_share_maker first)\n", dir.c_str());
    return 2;
  }
  std::unordered_map<std::string, ShareRow> truth;
  std::string line;
  while (std::getline(tin, line)) {
    ShareRow r;
    size_t a = line.find('\t'), b = line.find('\t', a + 1), c = line.find('\t', b + 1);
    if (a == std::string::npos || b == std::string::npos || c == std::string::npos) continue;
    r.id = line.substr(0, a);
    r.story = line.substr(a + 1, b - a - 1);
    r.variant = line.substr(b + 1, c - b - 1);
    r.split = line.substr(c + 1);
    truth[r.id] = r;
  }
  // Only the chosen split's items are ingested (stories do not cross splits).
  std::string data;
  std::vector<ShareRow> rows;
  while (std::getline(iin, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    auto it = truth.find(j.value("id", ""));
    if (it == truth.end()) continue;
    if (split != "all" && it->second.split != split) continue;
    rows.push_back(it->second);
    rows.back().source = j.value("source", "default");
    rows.back().raw = j.value("title", "") + "\n" + j.value("text", "");
    rows.back().folded = vox::text::FoldAccents(vox::text::Canonicalize(j.value("title", "") + "\n" + j.value("text", "")));
    vox::ParseTimestamp(j.value("published_at", ""), &rows.back().t);
    data += line;
    data += '\n';
  }
  const std::string tmp = std::filesystem::temp_directory_path() / ("vox_shares_" + std::to_string(getpid()));
  std::filesystem::remove_all(tmp);
  std::filesystem::create_directories(tmp);
  auto store = vox::store::Store::Open(tmp + "/vox.db", {.create = true});
  auto pseudo = vox::ingest::Pseudonymizer::FromKeyFile(tmp + "/vox.db.key", true);
  if (!store.ok() || !pseudo.ok()) {
    std::fprintf(stderr, "cannot open a scratch store in %s\n", tmp.c_str());
    return 2;
  }
  // With expand: a shortener on loopback answers the short links from
  // DIR/shortlinks.tsv, and ingest follows them (links.expand on).
  httplib::Server shortener;
  std::thread shortener_thread;
  std::unique_ptr<vox::ingest::ShortLinks> links;
  vox::stories::Options story_opts;
  if (expand) {
    std::unordered_map<std::string, std::string> targets;
    std::ifstream sin(dir + "/shortlinks.tsv");
    std::string sl;
    while (std::getline(sin, sl)) {
      const size_t tab = sl.find('\t');
      if (tab == std::string::npos) continue;
      const size_t slash = sl.rfind('/', tab);
      targets[sl.substr(slash + 1, tab - slash - 1)] = sl.substr(tab + 1);
    }
    shortener.Get(R"(/([A-Za-z0-9_-]+))", [targets](const httplib::Request& req, httplib::Response& res) {
      auto t = targets.find(req.matches[1]);
      if (t == targets.end()) {
        res.status = 404;
        return;
      }
      res.set_redirect(t->second, 301);
    });
    const int port = shortener.bind_to_any_port("127.0.0.1");
    shortener_thread = std::thread([&] { shortener.listen_after_bind(); });
    while (!shortener.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const std::string local = "http://127.0.0.1:" + std::to_string(port) + "/";
    for (size_t at = 0; (at = data.find("https://bit.ly/", at)) != std::string::npos; at += local.size()) {
      data.replace(at, 15, local);
    }
    vox::ingest::LinkOptions lo;
    lo.fetch = true;
    lo.allow_private = true;
    lo.extra_hosts = {"127.0.0.1:" + std::to_string(port)};
    links = std::make_unique<vox::ingest::ShortLinks>(**store, lo);
    story_opts.link_target = [l = links.get()](std::string_view u) { return l->Target(u); };
  }
  // With pages: each article's page as the site would serve it (its title
  // and sentences in an <article>, amid a header, navigation, related links
  // and a footer), read by ArticleText as links.fetch_pages reads a fetched
  // page; the network itself is left out (tested in src/ingest/links_test.cc).
  std::unordered_map<std::string, std::string> page_html;
  if (pages) {
    std::ifstream pin(dir + "/pages.jsonl");
    std::string pl;
    while (std::getline(pin, pl)) {
      auto j = nlohmann::json::parse(pl, nullptr, false);
      if (!j.is_object()) continue;
      std::string html = "<html><head><title>" + j.value("title", "") +
                         "</title><script>var a=1;</script></head><body><header><p>Trang chủ | Thời sự | Kinh "
                         "doanh | Giáo dục | Sức khỏe</p></header><nav><p>Tin mới nhất hôm nay</p></nav><article><h1>" +
                         j.value("title", "") + "</h1>";
      for (const auto& sentence : j["sentences"]) html += "<p>" + sentence.get<std::string>() + "</p>";
      html += "</article><aside><p>Bài liên quan: tin nóng trong ngày và các chuyên mục khác</p></aside><footer><p>"
              "Bản quyền thuộc về báo điện tử, ghi rõ nguồn khi phát hành lại</p></footer></body></html>";
      page_html[vox::text::CanonicalUrl(j.value("url", ""))] = std::move(html);
    }
    story_opts.page_text = [&page_html](const vox::Item& item) -> std::string {
      if (item.kind != "article") return {};
      auto it = page_html.find(vox::text::CanonicalUrl(item.url));
      return it == page_html.end() ? std::string() : vox::ingest::ArticleText(it->second);
    };
    std::printf("pages: %zu\n", page_html.size());
  }
  auto obs = vox::stories::NewStoryObserver(**store, story_opts);
  vox::ingest::IngestOptions io;
  io.format = vox::ingest::Format::kJsonl;
  io.observers.push_back(obs->get());
  auto t0 = std::chrono::steady_clock::now();
  int64_t rejected = 0;
  auto rep = vox::ingest::IngestBuffer(**store, *pseudo, data, "items.jsonl", io,
                                       [&](const vox::ingest::Rejection&) { ++rejected; });
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (expand) {
    shortener.stop();
    shortener_thread.join();
    std::printf("short links asked: %lld, failed: %lld\n", static_cast<long long>(links->asked()),
                static_cast<long long>(links->failed()));
  }
  if (!rep.ok()) {
    std::fprintf(stderr, "ingest failed: %s\n", rep.status().message().c_str());
    return 2;
  }
  // Items and their truth, in the order read; the story anchor of each
  // truth key is its article (or follow-up article) item.
  std::vector<EvalItem> items;
  std::vector<int64_t> pred;
  std::unordered_map<std::string, int> key_index;
  std::unordered_map<std::string, size_t> anchor;
  std::vector<ShareRow> kept;
  for (const ShareRow& r : rows) {
    auto got = (*store)->GetItem(r.source, r.id);
    if (!got.ok()) continue;  // rejected, or an id stored as a pseudonymous pid-…
    kept.push_back(r);
    EvalItem e;
    e.variant = r.variant;
    auto [ki, fresh] = key_index.emplace(r.story, static_cast<int>(key_index.size()));
    e.truth = ki->second;
    if (r.variant == "article" || r.variant == "followup_article") anchor[r.story] = items.size();
    items.push_back(e);
    pred.push_back(got->story_id);
  }
  std::filesystem::remove_all(tmp);
  rows = std::move(kept);
  // Pairwise scores over every item; join rate per variant against the
  // anchor; follow-ups kept apart from their article.
  Scores s;
  {
    std::map<std::pair<int, int64_t>, int64_t> cell;
    std::unordered_map<int, int64_t> tn;
    std::unordered_map<int64_t, int64_t> pn;
    for (size_t i = 0; i < items.size(); ++i) {
      ++cell[{items[i].truth, pred[i]}];
      ++tn[items[i].truth];
      ++pn[pred[i]];
    }
    double tp = 0, tpairs = 0, ppairs = 0;
    for (auto& [k, n] : cell) tp += Pairs(n);
    for (auto& [k, n] : tn) tpairs += Pairs(n);
    for (auto& [k, n] : pn) ppairs += Pairs(n);
    s.p = ppairs ? tp / ppairs : 1;
    s.r = tpairs ? tp / tpairs : 1;
    s.f1 = s.p + s.r ? 2 * s.p * s.r / (s.p + s.r) : 0;
  }
  std::vector<std::string> keys(key_index.size());
  for (auto& [k, i] : key_index) keys[i] = k;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string& key = keys[items[i].truth];
    auto a = anchor.find(key);
    if (a == anchor.end() || a->second == i) continue;
    auto& jt = s.joined[items[i].variant];
    ++jt.second;
    if (pred[i] == pred[a->second]) {
      ++jt.first;
    } else if (const char* show = std::getenv("VOX_EVAL_SHOW"); show && items[i].variant == show) {
      std::fprintf(stderr, "missed %s: %s (anchor %s)\n", show, rows[i].id.c_str(), rows[a->second].id.c_str());
    }
  }
  for (auto& [key, at] : anchor) {
    const std::string suffix = "~followup";
    if (key.size() <= suffix.size() || key.compare(key.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    auto orig = anchor.find(key.substr(0, key.size() - suffix.size()));
    if (orig == anchor.end()) continue;
    ++s.templates;
    if (pred[at] != pred[orig->second]) ++s.template_apart;
    else if (std::getenv("VOX_EVAL_SHOW_FOLLOWUPS")) std::fprintf(stderr, "joined follow-up: %s\n", rows[at].id.c_str());
  }
  std::printf("share set %s (split %s): %zu items, %zu true stories, %lld rejected; ingest with stories %.0f items/s\n",
              dir.c_str(), split.c_str(), items.size(), key_index.size(), static_cast<long long>(rejected),
              static_cast<double>(items.size()) / secs);
  Print("vox (through vox ingest)", s);
  std::printf("  per variant kind (joined the story of its article):\n");
  for (auto& [k, jn] : s.joined) {
    std::printf("    %-28s %5d / %5d  %.3f\n", k.c_str(), jn.first, jn.second,
                jn.second ? static_cast<double>(jn.first) / jn.second : 0.0);
  }
  std::printf("  follow-ups (other dates and figures) kept apart from their article: %d / %d  %.3f\n", s.template_apart,
              s.templates, s.templates ? static_cast<double>(s.template_apart) / s.templates : 0.0);
  // A quote can only join when Vox has seen the quoted words: a feed item
  // carries the lead, not the body. Quotes whose words reached Vox in an
  // earlier item of the same story, counted apart.
  std::unordered_map<std::string, std::vector<size_t>> members;
  for (size_t i = 0; i < rows.size(); ++i) members[rows[i].story].push_back(i);
  for (const char* kind : {"quote", "quote_nolink"}) {
    int reach = 0, reach_joined = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].variant != kind) continue;
      auto a = anchor.find(rows[i].story);
      if (a == anchor.end()) continue;
      bool seen = false;
      for (const std::string& piece : QuotedPieces(rows[i].folded)) {
        for (size_t m : members[rows[i].story]) {
          if (m != i && rows[m].t <= rows[i].t && rows[m].folded.find(piece) != std::string::npos) seen = true;
        }
      }
      if (!seen) continue;
      ++reach;
      reach_joined += pred[i] == pred[a->second];
      if (pred[i] != pred[a->second] && std::getenv("VOX_EVAL_SHOW_QUOTES")) {
        std::fprintf(stderr, "missed reachable %s: %s\n", kind, rows[i].id.c_str());
      }
    }
    std::printf("  %s whose quoted words Vox had seen in an earlier item of the story: %d / %d  %.3f\n", kind,
                reach_joined, reach, reach ? static_cast<double>(reach_joined) / reach : 0.0);
  }
  // Same run: the datasketch recipe on the text as posted, raw and folded.
  for (bool fold : {false, true}) {
    Baseline b;
    std::vector<int64_t> bp;
    for (const ShareRow& r : rows) bp.push_back(b.Add(r.raw, fold));
    std::map<std::pair<int, int64_t>, int64_t> cell;
    std::unordered_map<int, int64_t> tn;
    std::unordered_map<int64_t, int64_t> pn;
    for (size_t i = 0; i < items.size(); ++i) {
      ++cell[{items[i].truth, bp[i]}];
      ++tn[items[i].truth];
      ++pn[bp[i]];
    }
    double tp = 0, tpairs = 0, ppairs = 0;
    for (auto& [k, n] : cell) tp += Pairs(n);
    for (auto& [k, n] : tn) tpairs += Pairs(n);
    for (auto& [k, n] : pn) ppairs += Pairs(n);
    Scores bs;
    bs.p = ppairs ? tp / ppairs : 1;
    bs.r = tpairs ? tp / tpairs : 1;
    bs.f1 = bs.p + bs.r ? 2 * bs.p * bs.r / (bs.p + bs.r) : 0;
    Print(fold ? "datasketch recipe, accents folded" : "datasketch recipe", bs);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: stories_eval PATH/unc-dev.jsonl [SEED]\n       stories_eval --shares DIR [tune|holdout|all] [expand] [pages]\n");
    return 2;
  }
  if (std::string(argv[1]) == "--shares" && argc >= 3) {
    bool expand = false, pages = false;
    for (int i = 4; i < argc; ++i) {
      expand = expand || std::string(argv[i]) == "expand";
      pages = pages || std::string(argv[i]) == "pages";
    }
    return RunShares(argv[2], argc > 3 ? argv[3] : "tune", expand, pages);
  }
  uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 7;
  int n_articles = 0;
  std::vector<EvalItem> items = BuildDevSet(argv[1], seed, &n_articles);
  int n_templates = 0;
  for (const auto& it : items) n_templates += it.variant == "template";
  std::printf("dev set: %d articles, %d dated-template siblings, %zu items (seed %llu)\n", n_articles, n_templates,
              items.size(), static_cast<unsigned long long>(seed));

  // The baseline sees the text as posted; Vox sees what the pipeline stores:
  // canonical text with personal data masked.
  std::vector<std::string> raw;
  for (const auto& it : items) raw.push_back(it.title.empty() ? it.text : it.title + "\n" + it.text);
  for (auto& it : items) {
    it.title = vox::text::MaskPii(vox::text::Canonicalize(it.title));
    it.text = vox::text::MaskPii(vox::text::Canonicalize(it.text));
  }

  Clusterer c;
  std::vector<int64_t> pred;
  pred.reserve(items.size());
  std::map<std::string, int> reasons;
  int64_t next = 1;
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& it : items) {
    auto f = ExtractFeatures(it.title, it.text, it.url, it.kind == "comment");
    auto a = c.Add(f, it.t, next);
    if (a.created) ++next;
    ++reasons[vox::stories::JoinReasonName(a.reason)];
    pred.push_back(a.story_id);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  Scores s = Score(items, pred);
  std::printf("\nVox stories (features + MinHash/LSH + anchors + links + verification): %lld stories, %.0f items/s\n",
              static_cast<long long>(next - 1), items.size() / secs);
  Print("vox", s);
  std::printf("  join reasons:");
  for (auto& [k, n] : reasons) std::printf(" %s %d", k.c_str(), n);
  std::printf("\n  per variant kind (joined its story):\n");
  for (const char* k : kKinds) {
    auto [j, n] = s.joined[k];
    std::printf("    %-16s %5d / %5d  %.3f\n", k, j, n, n ? static_cast<double>(j) / n : 0.0);
  }
  {
    auto [j, n] = s.joined["template_variant"];
    std::printf("    %-16s %5d / %5d  %.3f   (reposts of a dated-template sibling joined the sibling)\n",
                "template_variant", j, n, n ? static_cast<double>(j) / n : 0.0);
  }
  std::printf("  dated templates kept apart from their article: %d / %d  %.3f\n", s.template_apart, s.templates,
              s.templates ? static_cast<double>(s.template_apart) / s.templates : 0.0);

  for (bool fold : {false, true}) {
    Baseline b;
    std::vector<int64_t> bp;
    for (const auto& text : raw) bp.push_back(b.Add(text, fold));
    Scores bs = Score(items, bp);
    std::printf("\nbaseline datasketch recipe (word 3-shingles, 128 perms, threshold 0.5 -> b=%d r=%d)%s\n", b.b, b.r,
                fold ? ", accents folded first" : "");
    Print(fold ? "baseline+fold" : "baseline", bs);
    std::printf("  per variant kind:");
    for (const char* k : kKinds) {
      auto [j, n] = bs.joined[k];
      std::printf(" %s %.2f", k, n ? static_cast<double>(j) / n : 0.0);
    }
    std::printf("\n  dated templates kept apart: %.3f\n",
                bs.templates ? static_cast<double>(bs.template_apart) / bs.templates : 0.0);
  }
  return 0;
}
