// The claim-matching development set, shared by claims_eval and claims_bench.
//
// Built deterministically from ../shared/data/unc-dev.jsonl (news articles:
// title + sentences; evaluation data only, never shipped):
//   library   articles whose doc_id hashes even: claim = headline, body = the
//             article;
//   positives single body sentences (and some headlines) of library articles,
//             typed the ways people type (see Variant), some wrapped in chatter;
//   negatives single sentences of the other articles, excluding any sentence
//             that also appears verbatim in a library article (agency
//             boilerplate such as photo credits would be a true match).
// Sentences shorter than kMinPostWords words are not used as posts: a post
// that spreads a claim says something.
#pragma once

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <xxhash.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "store/store.h"
#include "text/text.h"

namespace vox::devset {

inline constexpr int kMinPostWords = 8;

struct Article {
  std::string doc_id, title;
  std::vector<std::string> sentences;
};

// Reads the corpus; an empty vector and a message on failure.
inline std::vector<Article> LoadArticles(const std::string& path, std::string* err) {
  std::vector<Article> out;
  std::ifstream in(path);
  if (!in) {
    *err = "cannot read " + path;
    return out;
  }
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    Article a;
    a.doc_id = j.value("doc_id", "");
    a.title = j.value("title", "");
    if (j.contains("sentences") && j["sentences"].is_array()) {
      for (const auto& s : j["sentences"]) {
        if (s.is_string()) a.sentences.push_back(s.get<std::string>());
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

// splitmix64: a tiny deterministic generator (the same numbers everywhere).
struct Rng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n ? Next() % n : 0; }
};

inline int Words(const std::string& s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = c == ' ' || c == '\t' || c == '\n';
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

inline std::string Nfd(const std::string& s) {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(ec);
  if (U_FAILURE(ec)) return s;
  icu::UnicodeString u = nfd->normalize(icu::UnicodeString::fromUTF8(s), ec);
  std::string out;
  u.toUTF8String(out);
  return out;
}

// No diacritics, case kept: NFD, drop combining marks, đ -> d.
inline std::string StripDiacritics(const std::string& s) {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(ec);
  if (U_FAILURE(ec)) return s;
  icu::UnicodeString u = nfd->normalize(icu::UnicodeString::fromUTF8(s), ec), o;
  for (int32_t i = 0; i < u.length(); ++i) {
    char16_t c = u[i];
    if (c >= 0x300 && c <= 0x36f) continue;
    if (c == 0x111) c = 'd';
    if (c == 0x110) c = 'D';
    o.append(c);
  }
  std::string out;
  o.toUTF8String(out);
  return out;
}

inline std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

// Old-style tone placement (hoà, thuỷ) <-> new style (hòa, thủy), both ways.
inline std::string SwapTonePlacement(std::string s) {
  static const std::vector<std::pair<std::string, std::string>> kPairs = {
      {"òa", "oà"}, {"óa", "oá"}, {"ỏa", "oả"}, {"õa", "oã"}, {"ọa", "oạ"}, {"òe", "oè"}, {"óe", "oé"}, {"ỏe", "oẻ"},
      {"õe", "oẽ"}, {"ọe", "oẹ"}, {"ùy", "uỳ"}, {"úy", "uý"}, {"ủy", "uỷ"}, {"ũy", "uỹ"}, {"ụy", "uỵ"}};
  for (const auto& [a, b] : kPairs) {
    s = ReplaceAll(s, a, "\x01");
    s = ReplaceAll(s, b, a);
    s = ReplaceAll(s, "\x01", b);
  }
  return s;
}

// Teencode the way people type it (every form here is in data/teencode.tsv,
// so the text engine can expand it back).
inline std::string Teencode(const std::string& s) {
  static const std::vector<std::pair<std::string, std::string>> kWords = {
      {"không", "ko"},     {"được", "dc"},      {"người", "ng"},     {"với", "vs"},    {"gì", "j"},
      {"cũng", "cx"},      {"rồi", "r"},        {"biết", "bik"},     {"trước", "trc"}, {"mới", "ms"},
      {"muốn", "mún"},     {"mình", "mk"},      {"làm", "lm"},       {"quá", "wá"},    {"hôm nay", "hnay"},
      {"nhiều", "nhìu"},   {"thành phố", "tp"}, {"bệnh viện", "bv"}, {"vấn đề", "vđ"}, {"kết quả", "kq"},
      {"nhân viên", "nv"}, {"đại học", "đh"}};
  std::string lower = s;
  // Lower-case the ASCII letters and the common capitals; teencode posts are
  // lower case. (Vietnamese capitals are left to the text engine's folding.)
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::string out = " " + lower + " ";
  for (const auto& [w, t] : kWords) {
    out = ReplaceAll(out, " " + w + " ", " " + t + " ");
    out = ReplaceAll(out, " " + w + ",", " " + t + ",");
  }
  return out.substr(1, out.size() - 2);
}

enum class Variant { kAsIs, kNoDiacritics, kTeencode, kNfd, kOldTone, kEmoji, kHashtags, kMixed, kChatty, kCount };

inline const char* VariantName(Variant v) {
  switch (v) {
    case Variant::kAsIs:
      return "as-is";
    case Variant::kNoDiacritics:
      return "no-diacritics";
    case Variant::kTeencode:
      return "teencode";
    case Variant::kNfd:
      return "nfd";
    case Variant::kOldTone:
      return "old-tone";
    case Variant::kEmoji:
      return "emoji";
    case Variant::kHashtags:
      return "hashtags";
    case Variant::kMixed:
      return "mixed";
    case Variant::kChatty:
      return "chatty";
    default:
      return "?";
  }
}

inline std::string MakeVariant(const std::string& s, Variant v, Rng& rng) {
  static const char* kEmoji[] = {"😱", "😡", "😭", "👉", "‼️", "🙏", "😮"};
  static const char* kTags[] = {"#tintuc", "#chiase", "#canhbao", "#nong", "#vietnam"};
  switch (v) {
    case Variant::kAsIs:
      return s;
    case Variant::kNoDiacritics:
      return StripDiacritics(s);
    case Variant::kTeencode:
      return Teencode(s);
    case Variant::kNfd:
      return Nfd(s);
    case Variant::kOldTone:
      return SwapTonePlacement(s);
    case Variant::kEmoji:
      return std::string(kEmoji[rng.Below(7)]) + " " + s + " " + kEmoji[rng.Below(7)] + kEmoji[rng.Below(7)];
    case Variant::kHashtags:
      return s + " " + kTags[rng.Below(5)] + " " + kTags[rng.Below(5)];
    case Variant::kMixed:
      return StripDiacritics(Teencode(s)) + " " + kEmoji[rng.Below(7)] + " " + kTags[rng.Below(5)];
    case Variant::kChatty: {  // what people wrap a claim in when they share it
      static const char* kPre[] = {"Nghe nói ", "Mọi người ơi, ", "Có ai biết không: ", "Tin nóng: ", ""};
      static const char* kPost[] = {" Thật không vậy?", " mn chia sẻ giúp", " ko biết có đúng ko", " 😮", ""};
      return std::string(kPre[rng.Below(5)]) + s + kPost[rng.Below(5)];
    }
    default:
      return s;
  }
}

struct Post {
  std::string text;
  Variant variant = Variant::kAsIs;
  std::set<std::string> answers;  // library fact-check ids that are right; empty = unrelated
  bool headline = false;
};

struct DevSet {
  std::vector<store::FactCheck> library;
  std::vector<Post> positives, negatives;
};

inline bool InLibrary(const Article& a) { return XXH3_64bits(a.doc_id.data(), a.doc_id.size()) % 2 == 0; }

inline DevSet Build(const std::vector<Article>& articles, uint64_t seed = 20261124) {
  DevSet ds;
  Rng rng{seed};
  std::map<std::string, std::set<std::string>> where;  // sentence -> library ids holding it
  for (const Article& a : articles) {
    if (!InLibrary(a) || a.sentences.empty()) continue;
    store::FactCheck fc;
    fc.id = a.doc_id;
    fc.claim = a.title;
    fc.verdict = "Sai";
    for (const std::string& s : a.sentences) {
      if (!fc.body.empty()) fc.body += " ";
      fc.body += s;
      where[s].insert(a.doc_id);
    }
    where[a.title].insert(a.doc_id);
    ds.library.push_back(std::move(fc));
  }
  int vi = 0;
  auto variant = [&]() { return static_cast<Variant>(vi++ % static_cast<int>(Variant::kCount)); };
  for (const Article& a : articles) {
    std::vector<const std::string*> usable;
    for (const std::string& s : a.sentences) {
      if (Words(s) >= kMinPostWords) usable.push_back(&s);
    }
    if (usable.empty()) continue;
    const bool lib = InLibrary(a);
    for (int k = 0; k < 2; ++k) {
      const std::string& s = *usable[rng.Below(usable.size())];
      Post p;
      p.variant = variant();
      p.text = MakeVariant(s, p.variant, rng);
      if (lib) {
        p.answers = where[s];
        ds.positives.push_back(std::move(p));
      } else {
        if (where.count(s)) continue;
        ds.negatives.push_back(std::move(p));
      }
    }
    if (lib && rng.Below(4) == 0 && Words(a.title) >= kMinPostWords) {  // the headline itself, retyped
      Post p;
      p.variant = variant();
      p.text = MakeVariant(a.title, p.variant, rng);
      p.answers = where[a.title];
      p.headline = true;
      ds.positives.push_back(std::move(p));
    }
  }
  return ds;
}


// --- The hand-written paraphrase set (bench/data/claims_paraphrase_*.jsonl) --
//
// Lines {doc_id, kind: "paraphrase"|"negative", text, voice}: a paraphrase
// must match the library fact-check of its doc_id; a negative is a related
// claim the article does not support (matching it to anything is false).
// Typing: half of the lines (by a hash of the text) are kept as written, the
// other half get one of no diacritics, teencode, NFD or a chatty prefix.
// Split: by a hash of the doc_id (seeded apart from InLibrary's), so both
// lines of a pair fall in the same half: "tune" (every design and threshold
// decision) and "holdout" (reported, never tuned on).
struct ParaPost {
  std::string doc_id, text, written;
  bool negative = false;
  bool holdout = false;
  const char* typing = "as-written";
};

inline bool ParaHoldout(const std::string& doc_id) {
  return XXH3_64bits_withSeed(doc_id.data(), doc_id.size(), 0x73706c6974) % 2 == 1;  // "split"
}

inline std::string ParaTyping(const std::string& text, const char** name) {
  const uint64_t h = XXH3_64bits_withSeed(text.data(), text.size(), 0x747970696e67);  // "typing"
  if (h % 2 == 0) {
    *name = "as-written";
    return text;
  }
  static const char* kPre[] = {"Nghe nói ", "Mọi người ơi, ", "Có ai biết không: ", "Tin nóng: ", "Chia sẻ: "};
  switch ((h >> 1) % 4) {
    case 0:
      *name = "no-diacritics";
      return StripDiacritics(text);
    case 1:
      *name = "teencode";
      return Teencode(text);
    case 2:
      *name = "nfd";
      return Nfd(text);
    default:
      *name = "chatty-prefix";
      return std::string(kPre[(h >> 3) % 5]) + text;
  }
}

// Reads the paraphrase files; lines whose doc_id is not in `library_ids`
// are counted in *skipped and left out.
inline std::vector<ParaPost> LoadParaphrases(const std::vector<std::string>& paths,
                                            const std::set<std::string>& library_ids, size_t* skipped,
                                            std::string* err) {
  std::vector<ParaPost> out;
  *skipped = 0;
  for (const std::string& path : paths) {
    std::ifstream in(path);
    if (!in) {
      *err = "cannot read " + path;
      return {};
    }
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) continue;  // a line being appended
      ParaPost p;
      p.doc_id = j.value("doc_id", "");
      p.written = j.value("text", "");
      const std::string kind = j.value("kind", "");
      if (p.written.empty() || (kind != "paraphrase" && kind != "negative")) continue;
      if (!library_ids.count(p.doc_id)) {
        ++*skipped;
        continue;
      }
      p.negative = kind == "negative";
      p.holdout = ParaHoldout(p.doc_id);
      p.text = ParaTyping(p.written, &p.typing);
      out.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace vox::devset
