// A second development set for story clustering, made without looking at the
// clusterer: each news article of unc-dev.jsonl is "shared" the way people in
// Vietnam pass news around on Facebook pages, groups and Zalo, and every item
// carries the story it is about.
//
//   bench_share_maker UNC_DEV.jsonl OUT_DIR [--seed N]
//
// Writes OUT_DIR/items.jsonl (Vox JSONL items, sorted by published_at) and
// OUT_DIR/truth.tsv (id, story, variant, split), OUT_DIR/shortlinks.tsv (each
// short link made and the page it leads to) and OUT_DIR/pages.jsonl (each
// article's page: url, title, sentences). Nothing of the corpus is in
// this file; it is read at run time and written only to OUT_DIR.
//
// Per article, with a realistic rather than uniform mix (what people do most
// is paste a link, with or without a stock phrase; retyping is rare):
//   article            the news-feed item itself (kind article, title, url)
//   page_post          the office page: headline, lead, link at the end
//   page_reply         comments under that post ("cảm ơn ad", "hóng", ...);
//                      same story as the post (parent_id set)
//   link_only          the link with tracking (utm_*, fbclid, zarsrc, m.,
//                      AMP cache, l.facebook.com) and nothing or an emoji
//   short_link         a bit.ly-style link plus a stock phrase: the text holds
//                      nothing of the article; kept rare and named so that an
//                      evaluation can leave it out
//   generic_link       one of ~25 stock comments (the same pool for every
//                      article) + the link
//   quote / quote_nolink  one or two sentences from anywhere in the body with
//                      a few words of one's own
//   copy_<style>       a pasted repost: verbatim, nodiac, partial_diac,
//                      teencode, caps_headline, old_tone, nfd; decorated at
//                      random with an intro, "Nguồn: Dân trí", "Xem thêm",
//                      emoji, hashtags, truncation ("... Xem thêm"), and
//                      paragraphs dropped or reordered
// Hard negatives (each a story of its own):
//   followup_*         for about half the articles with a d/m date and three
//                      or more figures: the "same report for another day" -
//                      the article with its dates moved 1-6 days, its other
//                      figures scaled (clock hours and years kept), its own
//                      URL, and a few shares of its own. Story =
//                      DOC_ID~followup.
//   neg_local          a local post about something else in the same stock
//                      words ("Chia sẻ cho mọi người cùng biết", UBND, xét
//                      nghiệm, ...), story "local:" + a hash of its text (the
//                      rare identical pair is one notice posted twice)
//   neg_bare           a stock phrase alone, no link: about nothing, a story
//                      of its own each (the same "Buồn ghê" posted by many
//                      people is not one story)
//
// Corpus duplicates: articles whose bodies are near-identical (5-word shingle
// Jaccard >= 0.8) are one story, keyed by the smallest doc_id (none in
// unc-dev today). Articles that overlap a lot without being copies (Jaccard
// >= 0.3, or half of one inside the other: two reports of one event, a shared
// boilerplate block, a scraped fragment of another article under its own
// URL) would make the truth a matter of opinion, so both are left out; the
// list goes to stderr.
//
// The split (tune / holdout) is a hash of the story key (for an article, its
// doc_id), independent of the seed; a follow-up goes with its article, so a
// hard negative and what it must be told apart from share a split. Randomness is a splitmix64
// stream per article seeded from (seed, doc_id), so one article's items do not
// depend on the others, and the same input and seed give the same bytes.
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

// Short links made (link, the page it leads to): written to
// OUT_DIR/shortlinks.tsv, the table a shortener would answer from.
std::vector<std::pair<std::string, std::string>> g_short_links;
// The news pages the articles' links name (OUT_DIR/pages.jsonl: url, title,
// sentences): what the site would serve, for runs with links.fetch_pages.
std::vector<nlohmann::json> g_pages;


// ---------------------------------------------------------------- randomness

uint64_t Fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Own generator and distributions: the standard ones are not the same
// across library implementations, and the output must be.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() { return Mix(s_++ * 0x2545f4914f6cdd1dull); }
  double Unit() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
  int Int(int lo, int hi) {  // inclusive
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(double p) { return Unit() < p; }
  double Exp(double mean) { return -mean * std::log(1.0 - Unit()); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Next() % v.size()];
  }
  // Index by weight.
  size_t Weighted(const std::vector<double>& w) {
    double total = 0;
    for (double x : w) total += x;
    double r = Unit() * total;
    for (size_t i = 0; i < w.size(); ++i) {
      if (r < w[i]) return i;
      r -= w[i];
    }
    return w.size() - 1;
  }

 private:
  uint64_t s_;
};

// ---------------------------------------------------------------- time

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

constexpr int64_t kVnOffset = 7 * 3600;

// UTC seconds of local (+07:00) midnight of YYYYMMDD.
int64_t LocalMidnight(const std::string& yyyymmdd) {
  const int y = std::atoi(yyyymmdd.substr(0, 4).c_str());
  const int m = std::atoi(yyyymmdd.substr(4, 2).c_str());
  const int d = std::atoi(yyyymmdd.substr(6, 2).c_str());
  return DaysFromCivil(y, m, d) * 86400 - kVnOffset;
}

std::string Rfc3339Vn(int64_t utc) {
  const int64_t local = utc + kVnOffset;
  int64_t days = local / 86400, sec = local % 86400;
  if (sec < 0) sec += 86400, --days;
  int y, m, d;
  CivilFromDays(days, y, m, d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", y, m, d, static_cast<int>(sec / 3600),
                static_cast<int>(sec / 60 % 60), static_cast<int>(sec % 60));
  return buf;
}

// Delay of a share after publication: most in the first hours, then a tail
// over days.
int64_t ShareDelay(Rng& r) {
  double hours;
  const double u = r.Unit();
  if (u < 0.62) {
    hours = 0.05 + r.Exp(1.8);
  } else if (u < 0.88) {
    hours = 6 + r.Unit() * 42;
  } else {
    hours = 48 + r.Exp(96);
  }
  return static_cast<int64_t>(hours * 3600) + r.Int(0, 59);
}

// ---------------------------------------------------------------- Unicode

icu::UnicodeString U(const std::string& s) { return icu::UnicodeString::fromUTF8(s); }
std::string S(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

const icu::Normalizer2& Nfd() {
  UErrorCode e = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(e);
  if (U_FAILURE(e)) std::abort();
  return *n;
}
std::string ToNfd(const std::string& s) {
  UErrorCode e = U_ZERO_ERROR;
  return S(Nfd().normalize(U(s), e));
}

// "Tiếng Việt" -> "Tieng Viet": what a phone without a Vietnamese keyboard
// (or a "bỏ dấu" tool) produces.
std::string StripMarks(const std::string& s) {
  UErrorCode e = U_ZERO_ERROR;
  icu::UnicodeString d = Nfd().normalize(U(s), e);
  icu::UnicodeString out;
  for (int32_t i = 0; i < d.length(); ++i) {
    const char16_t c = d.charAt(i);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == u'đ') {
      out.append(u'd');
    } else if (c == u'Đ') {
      out.append(u'D');
    } else {
      out.append(c);
    }
  }
  return S(out);
}

std::string Upper(const std::string& s) { return S(U(s).toUpper(icu::Locale("vi"))); }
std::string Lower(const std::string& s) { return S(U(s).toLower(icu::Locale("vi"))); }

bool IsAsciiAlnum(unsigned char c) { return std::isalnum(c) != 0; }

// A syllable ends where the next byte is not part of a letter.
bool WordEndAt(const std::string& s, size_t pos) {
  return pos >= s.size() || (static_cast<unsigned char>(s[pos]) < 0x80 && !IsAsciiAlnum(s[pos]));
}
bool WordStartAt(const std::string& s, size_t pos) {
  return pos == 0 || (static_cast<unsigned char>(s[pos - 1]) < 0x80 && !IsAsciiAlnum(s[pos - 1]));
}

// Old and new tone placement: hòa <-> hoà, thủy <-> thuỷ, khỏe <-> khoẻ. The
// swap happens only at the end of a syllable (hoàn keeps its mark) and not
// after q (quý).
std::string SwapTonePlacement(const std::string& s) {
  static const std::vector<std::pair<std::string, std::string>> kPairs = [] {
    const char* oldf[] = {"òa", "óa", "ỏa", "õa", "ọa", "òe", "óe", "ỏe", "õe", "ọe", "ùy", "úy", "ủy", "ũy", "ụy"};
    const char* newf[] = {"oà", "oá", "oả", "oã", "oạ", "oè", "oé", "oẻ", "oẽ", "oẹ", "uỳ", "uý", "uỷ", "uỹ", "uỵ"};
    std::vector<std::pair<std::string, std::string>> v;
    for (int i = 0; i < 15; ++i) {
      v.emplace_back(oldf[i], newf[i]);
      v.emplace_back(newf[i], oldf[i]);
    }
    return v;
  }();
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    bool done = false;
    for (const auto& [from, to] : kPairs) {
      if (s.compare(i, from.size(), from) == 0 && WordEndAt(s, i + from.size()) &&
          !(i > 0 && (s[i - 1] == 'q' || s[i - 1] == 'Q'))) {
        out += to;
        i += from.size();
        done = true;
        break;
      }
    }
    if (!done) out += s[i++];
  }
  return out;
}

std::vector<std::string> SplitSpaces(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

// Some words typed without marks, some with: a fast typist who gives up
// on the tone keys halfway.
std::string PartlyStripped(const std::string& s, Rng& r, double p) {
  size_t i = 0;
  std::string out;
  while (i <= s.size()) {
    size_t j = s.find('\n', i);
    if (j == std::string::npos) j = s.size();
    auto words = SplitSpaces(s.substr(i, j - i));
    for (auto& w : words)
      if (r.Chance(p)) w = StripMarks(w);
    out += Join(words, " ");
    if (j < s.size()) out += '\n';
    i = j + 1;
  }
  return out;
}

std::string ReplaceWord(const std::string& s, const std::string& from, const std::string& to, Rng& r, double p) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, from.size(), from) == 0 && WordStartAt(s, i) && WordEndAt(s, i + from.size()) && r.Chance(p)) {
      out += to;
      i += from.size();
    } else {
      out += s[i++];
    }
  }
  return out;
}

// Teencode as it is typed in comments and groups: lower case, common
// abbreviations, often without marks.
std::string Teencode(const std::string& s, Rng& r) {
  struct Sub {
    const char* from;
    std::vector<std::string> to;
  };
  static const std::vector<Sub> kSubs = {
      {"ủy ban nhân dân", {"ubnd"}},
      {"uỷ ban nhân dân", {"ubnd"}},
      {"mọi người", {"mn", "mng", "mọi ng"}},
      {"thành phố", {"tp"}},
      {"việt nam", {"vn"}},
      {"hà nội", {"hn"}},
      {"hồ chí minh", {"hcm"}},
      {"bệnh viện", {"bv"}},
      {"học sinh", {"hs"}},
      {"sinh viên", {"sv"}},
      {"giáo viên", {"gv"}},
      {"doanh nghiệp", {"dn"}},
      {"anh em", {"ae"}},
      {"bây giờ", {"bgio", "bh"}},
      {"gia đình", {"gđ"}},
      {"không", {"ko", "k", "hông", "khum", "kh"}},
      {"được", {"dc", "đc", "dk"}},
      {"gì", {"j", "gi"}},
      {"người", {"ng"}},
      {"với", {"vs", "với"}},
      {"vậy", {"v", "z", "zậy"}},
      {"quá", {"wa", "qá"}},
      {"biết", {"bít", "bik"}},
      {"rồi", {"r", "rùi"}},
      {"trước", {"trc"}},
      {"nhiều", {"nhìu"}},
      {"thôi", {"thui"}},
      {"cũng", {"cg", "cũg"}},
      {"mình", {"mk", "mik"}},
      {"luôn", {"lun"}},
      {"triệu", {"tr"}},
      {"những", {"nhg"}},
      {"thì", {"thỳ", "thì"}},
      {"đi", {"đy", "đi"}},
      {"nhé", {"nha", "nhá"}},
  };
  std::string t = Lower(s);
  for (const auto& sub : kSubs) t = ReplaceWord(t, sub.from, r.Pick(sub.to), r, 0.75);
  if (r.Chance(0.55)) t = StripMarks(t);
  return t;
}

std::string TruncateBytes(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = s.rfind(' ', max_bytes);
  if (cut == std::string::npos || cut < max_bytes / 2) {
    cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string out = s.substr(0, cut);
  while (!out.empty() && (out.back() == ',' || out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
}

// ---------------------------------------------------------------- corpus

struct Article {
  std::string doc_id, topic, url, date, title;
  std::vector<std::string> sentences;
};

std::vector<Article> ReadCorpus(const std::string& path) {
  std::ifstream f(path);
  if (!f) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::vector<Article> out;
  std::string line;
  int lineno = 0;
  while (std::getline(f, line)) {
    ++lineno;
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      std::fprintf(stderr, "%s:%d: not a JSON object, skipped\n", path.c_str(), lineno);
      continue;
    }
    Article a;
    a.doc_id = j.value("doc_id", "");
    a.topic = j.value("topic", "");
    a.url = j.value("url", "");
    a.date = j.value("date", "");
    a.title = j.value("title", "");
    if (j.contains("sentences") && j["sentences"].is_array())
      for (const auto& s : j["sentences"])
        if (s.is_string() && !s.get<std::string>().empty()) a.sentences.push_back(s.get<std::string>());
    if (a.doc_id.empty() || a.date.size() != 8 || a.sentences.size() < 2 || a.url.empty()) {
      std::fprintf(stderr, "%s:%d: missing doc_id, date, url or body, skipped\n", path.c_str(), lineno);
      continue;
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<uint64_t> Shingles(const Article& a) {
  std::vector<std::string> words;
  for (const auto& s : a.sentences)
    for (auto& w : SplitSpaces(Lower(s)))
      if (!w.empty()) words.push_back(w);
  std::set<uint64_t> sh;
  for (size_t i = 0; i + 5 <= words.size(); ++i) {
    uint64_t h = 1469598103934665603ull;
    for (size_t k = 0; k < 5; ++k) h = Fnv1a(words[i + k], Fnv1a(" ", h));
    sh.insert(h);
  }
  return {sh.begin(), sh.end()};
}

struct DupDecision {
  std::map<std::string, std::string> story_of;  // doc_id -> story key (merged copies)
  std::set<std::string> left_out;               // related but not copies
};

DupDecision FindDuplicates(const std::vector<Article>& arts) {
  std::vector<std::vector<uint64_t>> sh;
  std::unordered_map<uint64_t, std::vector<uint32_t>> index;
  for (uint32_t i = 0; i < arts.size(); ++i) {
    sh.push_back(Shingles(arts[i]));
    for (uint64_t h : sh.back()) index[h].push_back(i);
  }
  std::map<std::pair<uint32_t, uint32_t>, int> shared;
  for (const auto& [h, ids] : index) {
    if (ids.size() < 2 || ids.size() > 20) continue;  // boilerplate shingles say nothing
    for (size_t a = 0; a < ids.size(); ++a)
      for (size_t b = a + 1; b < ids.size(); ++b) ++shared[{ids[a], ids[b]}];
  }
  std::vector<uint32_t> parent(arts.size());
  for (uint32_t i = 0; i < parent.size(); ++i) parent[i] = i;
  auto find = [&](uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  DupDecision d;
  for (const auto& [pair, n] : shared) {
    const double na = sh[pair.first].size(), nb = sh[pair.second].size();
    const double jac = n / (na + nb - n);
    const double cont = n / std::min(na, nb);
    if (jac >= 0.8) {
      std::fprintf(stderr, "near-duplicate, one story: %s %s (jaccard %.2f, containment %.2f)\n",
                   arts[pair.first].doc_id.c_str(), arts[pair.second].doc_id.c_str(), jac, cont);
      parent[find(pair.first)] = find(pair.second);
    } else if (jac >= 0.3 || cont >= 0.5) {
      std::fprintf(stderr, "related, left out: %s %s (jaccard %.2f, containment %.2f)\n",
                   arts[pair.first].doc_id.c_str(), arts[pair.second].doc_id.c_str(), jac, cont);
      d.left_out.insert(arts[pair.first].doc_id);
      d.left_out.insert(arts[pair.second].doc_id);
    }
  }
  std::map<uint32_t, std::string> key;
  for (uint32_t i = 0; i < arts.size(); ++i) {
    auto& k = key[find(i)];
    if (k.empty() || arts[i].doc_id < k) k = arts[i].doc_id;
  }
  for (uint32_t i = 0; i < arts.size(); ++i) d.story_of[arts[i].doc_id] = key[find(i)];
  return d;
}

// ---------------------------------------------------------------- pools
// Written for this file from everyday Facebook / Zalo usage; none of it comes
// from the corpus.

const std::vector<std::string> kGenericComments = {
    "Chia sẻ cho mọi người cùng biết",
    "Chia sẻ cho mọi người cùng biết!!!",
    "Buồn ghê",
    "Cái này có thật không vậy?",
    "Mọi người cẩn thận nhé",
    "Đọc mà xót xa quá",
    "Đề nghị cơ quan chức năng vào cuộc làm rõ",
    "Thông tin hữu ích, lưu lại để đọc sau",
    "Không biết rồi sẽ đi đâu về đâu",
    "Ai ở gần đó cho hỏi tình hình thế nào rồi ạ",
    "Thật không thể tin được",
    "Chia se cho moi nguoi cung biet",
    "buon ghe",
    "co that ko vay mn",
    "mn cẩn thận nha",
    "đọc mà xót xa wa",
    "Ai rảnh thì đọc nhé",
    "Tin nóng",
    "Lại nữa à",
    "Hay quá, share về tường",
    "Mọi người đọc kỹ để biết mà phòng tránh",
    "Thế này thì dân mình biết bám vào đâu",
    "Cần lan tỏa thông tin này",
    "Thương quá 😢",
    "Xem để biết",
};

const std::vector<std::string> kReplies = {
    "cảm ơn ad",
    "Cảm ơn ad đã chia sẻ",
    "hóng",
    "thật không?",
    "👍",
    "👍👍",
    "Dạ vâng ạ",
    "Cảm ơn thông tin",
    "ad ơi cho hỏi thêm với",
    "ok",
    "Haizz",
    "Ghê vậy",
    "Theo dõi",
    "camon ad",
    "Đúng rồi",
    "Thế thì khổ quá",
    "ko biết có đúng ko",
    "Xin thông tin cụ thể ạ",
    "Lan ơi xem này",
    "Anh Hùng đọc đi",
    ".",
    "Chấm hóng",
    "❤️",
    "Ad cập nhật thêm nhé",
};

const std::vector<std::string> kEmoji = {"😢", "😱", "😡", "👍",      "🙏", "❤️", "😮", "🤔",
                                         "👉", "😭", "🔥", "⚠️", "😔", "😤",      "👏"};

const std::vector<std::string> kQuoteIntros = {
    "Đáng sợ thật:",
    "Trích:",
    "Đọc đoạn này mà thấy",
    "Đúng quá!",
    "Nghe mà sợ.",
    "Quá đúng luôn",
    "Mình thấy đoạn này đáng chú ý:",
    "Chú ý:",
    "Ủa?",
    "Thật luôn:",
    "Nè mọi người",
    "Dang so that:",
    "Đoạn này nè:",
};
const std::vector<std::string> kQuoteOutros = {
    "ai giải thích giùm", "thật hay đùa vậy",    "🤔", "haizz", "Thế mới biết.", "không hiểu luôn", "Quá ghê",
    "sao lại thế nhỉ",    "ai biết cho hỏi với", "😮😮",
};

const std::vector<std::string> kCopyIntros = {
    "Các bác xem này",
    "Mọi người đọc đi",
    "Chia sẻ để mọi người cùng biết",
    "Tin nóng!",
    "NÓNG:",
    "Share cho ai cần",
    "Mn đọc kỹ nhé",
    "Copy về cho ai chưa đọc",
    "Các mẹ ơi đọc cái này",
    "Anh em ơi",
    "Cac bac xem nay",
    "[TIN MỚI]",
};

const std::vector<std::string> kSourceLines = {
    "Nguồn: Dân trí", "Nguồn: dantri.com.vn", "(Theo Dân trí)", "Nguon: Dan tri", "St", "Sưu tầm", "Nguồn: Báo Dân trí",
};

const std::vector<std::string> kPlaces = {
    "phường Thanh Khê",     "xã Hòa Liên",       "thị trấn Đông Anh", "phường Bến Nghé",   "xã Tân Phú", "chợ Hàn",
    "ngã tư Phạm Văn Đồng", "phường An Hải Bắc", "xã Hòa Phong",      "phường Hải Châu",   "chợ Cồn",    "cầu Rồng",
    "phường Mỹ An",         "xã Phước Kiển",     "thôn Phú Sơn",      "phường Linh Trung",
};

std::string LocalPlace(Rng& r) {
  switch (r.Int(0, 3)) {
    case 0:
      return "phường " + std::to_string(r.Int(1, 15));
    case 1:
      return "tổ " + std::to_string(r.Int(1, 40));
    case 2:
      return "khu phố " + std::to_string(r.Int(1, 9));
    default:
      return r.Pick(kPlaces);
  }
}

// Local posts about other things, in the same stock words. {P} a place,
// {H} an hour, {D} a day.
const std::vector<std::string> kLocalPosts = {
    "Chia sẻ cho mọi người cùng biết: sáng mai {P} cắt điện từ {H}h đến 17h.",
    "Mọi người cẩn thận nhé, tối {D} khoảng {H}h ở {P} có kẻ giật túi xách.",
    "Cho hỏi UBND {P} {D} có làm việc buổi chiều không ạ?",
    "Ai nhặt được ví màu đen ở {P} khoảng {H}h cho em xin lại giấy tờ với ạ, cảm ơn mọi người.",
    "Cái này có thật không vậy? Nghe nói {D} {P} mất nước cả ngày.",
    "Đề nghị cơ quan chức năng vào cuộc làm rõ việc đổ rác trộm ở {P}, cứ {H}h đêm là có xe tới đổ.",
    "Buồn ghê, mưa từ {H}h sáng tới giờ, {P} ngập hết rồi.",
    "Tìm chó lạc: chó vàng, đeo vòng đỏ, lạc ở {P} lúc {H}h. Ai thấy báo giúp em ạ.",
    "Lịch tiêm vắc xin Covid-19 cho người dân {P}: {D} từ {H}h tại trạm y tế.",
    "Cho hỏi {D} đi xét nghiệm ở {P} có cần mang giấy tờ gì không mọi người?",
    "Mọi người ơi đoạn đường qua {P} đang sửa tới {D}, đi đường khác nhé.",
    "Ai có số điện thoại công an {P} cho em xin với ạ, {H}h rồi mà hàng xóm vẫn hát karaoke.",
    "Thông báo: {D} họp tổ dân phố tại nhà văn hóa {P} lúc {H}h.",
    "Học sinh {P} được nghỉ học {D} đúng không mọi người?",
    "Đọc mà xót xa quá, cụ bà ở {P} sống một mình, {D} hàng xóm mới biết cụ ốm nặng.",
    "Cần tìm gia sư toán lớp 9 khu vực {P}, học tối {D}, ai biết giới thiệu giúp.",
    "Giá rau ở {P} {D} tăng gấp đôi, không biết vì sao.",
    "Hỏi thật: làm căn cước ở {P} mất bao lâu vậy mọi người? Em định đi {D}.",
    "Chia se cho moi nguoi: {D} {P} phun thuoc muoi, nho dong cua.",
    "Xe rác {P} từ {D} tới giờ không thấy qua, ai biết không ạ?",
    "cho e hỏi {P} có chỗ nào bán thuốc trực đêm ko ạ, {H}h rồi",
    "Tối nay {H}h có ca nhạc ở nhà văn hóa {P}, mọi người đến xem nhé.",
};

const std::vector<std::string> kDays = {"thứ hai", "thứ ba",   "thứ tư",   "thứ năm",
                                        "thứ sáu", "ngày mai", "chủ nhật", "hôm nay"};

std::string TopicTag(const std::string& topic) {
  static const std::map<std::string, std::string> kTags = {
      {"business", "#kinhte"}, {"education", "#giaoduc"}, {"entertainment", "#giaitri"},
      {"health", "#suckhoe"},  {"science", "#khoahoc"},
  };
  auto it = kTags.find(topic);
  return it == kTags.end() ? "#tintuc" : it->second;
}

// Handles people use: mixes of names, nicknames and numbers.
std::string MakeHandle(Rng& r) {
  static const std::vector<std::string> kFamily = {"Nguyễn", "Trần", "Lê",   "Phạm", "Hoàng",
                                                   "Huỳnh",  "Võ",   "Đặng", "Bùi",  "Đỗ"};
  static const std::vector<std::string> kGiven = {"Lan",  "Hùng", "Mai",  "Tuấn", "Hương", "Minh",
                                                  "Thảo", "Dũng", "Ngọc", "Nam",  "Trang", "Quang",
                                                  "Hà",   "Phúc", "Linh", "Sơn",  "Vy",    "Khoa"};
  static const std::vector<std::string> kNick = {"meocon",   "bimbim",   "sunny",    "bo.bi", "cuncon",
                                                 "hoa.hong", "gau.truc", "tieu.thu", "xuka"};
  switch (r.Int(0, 3)) {
    case 0:
      return r.Pick(kFamily) + " " + r.Pick(kGiven);
    case 1:
      return Lower(StripMarks(r.Pick(kGiven))) + "." + Lower(StripMarks(r.Pick(kFamily))) +
             std::to_string(r.Int(80, 2005) % 100);
    case 2:
      return r.Pick(kNick) + std::to_string(r.Int(1, 999));
    default:
      return r.Pick(kGiven) + " " + r.Pick(kGiven);
  }
}

// ---------------------------------------------------------------- links

std::string RandomToken(Rng& r, int n, const char* alphabet) {
  const size_t len = std::char_traits<char>::length(alphabet);
  std::string out;
  for (int i = 0; i < n; ++i) out += alphabet[r.Next() % len];
  return out;
}
constexpr const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

std::string PercentEncode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (IsAsciiAlnum(c) || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// How a link looks after the app that carried it. Returns the link and
// the name of its form.
std::pair<std::string, std::string> SharedLink(const std::string& url, Rng& r, bool zalo) {
  if (zalo)
    return {url + "?zarsrc=" + std::to_string(r.Int(10, 31)) + "&utm_source=zalo&utm_medium=zalo&utm_campaign=zalo",
            "zalo"};
  std::string no_scheme = url.substr(url.find("://") + 3);
  std::string path = no_scheme.substr(no_scheme.find('/'));
  switch (r.Weighted({30, 22, 14, 12, 6, 6, 5, 5})) {
    case 0:
      return {url, "plain"};
    case 1:
      return {url + "?fbclid=IwAR" + RandomToken(r, 54, kB64), "fbclid"};
    case 2:
      return {url + "?utm_source=facebook&utm_medium=" +
                  r.Pick(std::vector<std::string>{"social", "fanpage", "share"}) + "&utm_campaign=dantri",
              "utm"};
    case 3:
      return {"https://m.dantri.com.vn" + path, "mobile"};
    case 4:
      return {"https://dantri-com-vn.cdn.ampproject.org/c/s/dantri.com.vn" + path, "amp"};
    case 5:
      return {"https://www.google.com/amp/s/dantri.com.vn" + path, "amp"};
    case 6:
      return {"https://l.facebook.com/l.php?u=" + PercentEncode(url) + "&h=AT" + RandomToken(r, 40, kB64), "fbshim"};
    default:
      return {"http://" + no_scheme + "?utm_source=dantri&utm_medium=referral", "utm"};
  }
}

// ---------------------------------------------------------------- follow-ups

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A plausible other value for a figure written the Vietnamese way ("." groups
// thousands, "," before decimals): scaled by 0.55-0.85 or 1.15-1.6, same
// number of decimals, grouped if it was.
std::string OtherFigure(const std::string& num, Rng& r) {
  std::string digits;
  size_t decimals = 0;
  bool grouped = false, after_comma = false;
  for (char c : num) {
    if (IsDigit(c)) {
      digits += c;
      if (after_comma) ++decimals;
    } else if (c == ',') {
      after_comma = true;
      decimals = 0;
    } else if (c == '.') {
      grouped = true;
    }
  }
  if (digits.size() > 15) digits.resize(15);
  const int64_t old_value = std::atoll(digits.c_str());
  const double f = r.Chance(0.5) ? 0.55 + r.Unit() * 0.3 : 1.15 + r.Unit() * 0.45;
  int64_t v = static_cast<int64_t>(std::llround(static_cast<double>(old_value) * f));
  if (v == old_value) v = old_value + 1;
  if (v < 1) v = 1;
  std::string frac, whole = std::to_string(v);
  if (decimals > 0) {
    while (whole.size() <= decimals) whole = "0" + whole;
    frac = whole.substr(whole.size() - decimals);
    whole.resize(whole.size() - decimals);
  }
  if (grouped)
    for (int k = static_cast<int>(whole.size()) - 3; k > 0; k -= 3) whole.insert(k, ".");
  return decimals > 0 ? whole + "," + frac : whole;
}

// The same text with other figures: d/m dates moved by `shift` days, clock
// hours and years kept (the template of a daily report), every other number
// replaced by one of the same length. Returns how many numbers changed.
int ChangeFigures(const std::string& s, int shift, Rng& r, std::string& out) {
  out.clear();
  int changed = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (!IsDigit(s[i]) || (i > 0 && (IsAsciiAlnum(s[i - 1]) || s[i - 1] == '-'))) {
      out += s[i++];
      continue;
    }
    size_t j = i;
    while (j < s.size() &&
           (IsDigit(s[j]) || ((s[j] == '.' || s[j] == ',') && j + 1 < s.size() && IsDigit(s[j + 1]) && j > i)))
      ++j;
    const std::string num = s.substr(i, j - i);
    // d/m or d/m/yyyy
    if (num.size() <= 2 && j + 1 < s.size() && s[j] == '/' && IsDigit(s[j + 1])) {
      size_t k = j + 1;
      while (k < s.size() && IsDigit(s[k])) ++k;
      int day = std::atoi(num.c_str()), month = std::atoi(s.substr(j + 1, k - j - 1).c_str());
      if (day >= 1 && day <= 31 && month >= 1 && month <= 12) {
        day += shift;
        if (day > 30) day -= 30, month = month % 12 + 1;
        out += std::to_string(day) + "/" + std::to_string(month);
        ++changed;
        i = k;
        continue;
      }
    }
    const bool hour = j < s.size() && (s[j] == 'h' || s.compare(j, 4, " giờ") == 0 || s.compare(j, 2, "g ") == 0);
    const bool year = num.size() == 4 && (num[0] == '1' || num[0] == '2') && std::atoi(num.c_str()) >= 1900 &&
                      std::atoi(num.c_str()) <= 2035;
    if (hour || year || (j < s.size() && IsAsciiAlnum(s[j]) && s[j] != 'h')) {
      out += num;
      i = j;
      continue;
    }
    out += OtherFigure(num, r);
    ++changed;
    i = j;
  }
  return changed;
}

// ---------------------------------------------------------------- output

struct Item {
  int64_t at = 0;
  nlohmann::ordered_json json;
  std::string story, variant, split;
};

class Maker {
 public:
  explicit Maker(uint64_t seed) : seed_(seed) {}

  // Everything about one article (and its follow-up), story key and split given.
  void Story(const Article& a, const std::string& story, const std::string& split);
  // Unrelated local posts around the article's date; each its own story.
  void LocalNegatives(const Article& a);
  std::vector<Item>& items() { return items_; }

 private:
  std::string NewId(Rng& r, const std::string& prefix) {
    for (;;) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%" PRIu64,
                    static_cast<uint64_t>(100000000000000ull + r.Next() % 900000000000000ull));
      std::string id = prefix + buf;
      if (ids_.insert(id).second) return id;
    }
  }
  Item& Add(int64_t at, const std::string& id, const std::string& source, const std::string& kind,
            const std::string& text, const std::string& author, const std::string& story, const std::string& variant,
            const std::string& split) {
    Item it;
    it.at = at;
    it.json["id"] = id;
    it.json["source"] = source;
    it.json["kind"] = kind;
    it.json["published_at"] = Rfc3339Vn(at);
    it.json["text"] = text;
    if (!author.empty()) it.json["author"] = author;
    it.story = story;
    it.variant = variant;
    it.split = split;
    items_.push_back(std::move(it));
    return items_.back();
  }
  void Shares(const Article& a, const std::string& url, int64_t t0, Rng& r, const std::string& story,
              const std::string& split, double scale, const std::string& prefix);
  std::string CopyPaste(const std::string& title, const std::vector<std::string>& body, const std::string& url,
                        const std::string& topic, Rng& r, std::string& style);

  uint64_t seed_;
  std::set<std::string> ids_;
  std::vector<Item> items_;
};

std::string Maker::CopyPaste(const std::string& title, const std::vector<std::string>& body, const std::string& url,
                             const std::string& topic, Rng& r, std::string& style) {
  static const std::vector<std::string> kStyles = {"verbatim",      "nodiac",   "partial_diac", "teencode",
                                                   "caps_headline", "old_tone", "nfd"};
  style = kStyles[r.Weighted({38, 14, 9, 8, 12, 20, 9})];
  // Which paragraphs: the lead and a run after it; sometimes some dropped or
  // moved (people paste what fits, or paste twice in a hurry).
  std::vector<std::string> paras;
  size_t take = std::min(body.size(), static_cast<size_t>(r.Int(2, 8)));
  for (size_t i = 0; i < take; ++i) paras.push_back(body[i]);
  if (paras.size() > 3 && r.Chance(0.3)) {
    std::vector<std::string> kept;
    for (size_t i = 0; i < paras.size(); ++i)
      if (i == 0 || !r.Chance(0.35)) kept.push_back(paras[i]);
    paras = kept;
  }
  if (paras.size() > 2 && r.Chance(0.2)) {
    size_t a = r.Int(1, static_cast<int>(paras.size()) - 1);
    size_t b = r.Int(0, static_cast<int>(paras.size()) - 1);
    std::swap(paras[a], paras[b]);
  }
  std::string head = title;
  if (style == "caps_headline") head = Upper(title);
  std::string text = head + "\n\n" + Join(paras, "\n");
  bool truncated = false;
  if (r.Chance(0.3)) {
    text = TruncateBytes(text, static_cast<size_t>(r.Int(200, 700)));
    truncated = true;
  }
  if (style == "nodiac") text = StripMarks(text);
  if (style == "partial_diac") text = PartlyStripped(text, r, 0.3 + r.Unit() * 0.4);
  if (style == "teencode") {
    // Retyped, not pasted: the headline and a sentence or two, in teencode.
    std::string t = title;
    for (size_t i = 0; i < std::min<size_t>(body.size(), r.Int(1, 2)); ++i) t += ". " + body[i];
    text = Teencode(t, r);
  }
  if (style == "old_tone") {
    std::string swapped = SwapTonePlacement(text);
    if (swapped == text) style = "verbatim";  // nothing to swap: name it for what it is
    text = swapped;
  }
  if (truncated) text += r.Chance(0.5) ? "... Xem thêm" : "...";
  std::string out;
  if (r.Chance(0.35)) {
    std::string intro = r.Pick(kCopyIntros);
    if (r.Chance(0.4)) intro += " " + r.Pick(kEmoji);
    out = intro + "\n";
  }
  if (r.Chance(0.2)) out += r.Pick(kEmoji) + r.Pick(kEmoji) + " ";
  out += text;
  if (r.Chance(0.4)) out += "\n" + r.Pick(kSourceLines);
  if (r.Chance(0.2)) out += "\nXem thêm: " + url;
  if (r.Chance(0.25)) {
    out += "\n" + TopicTag(topic);
    if (r.Chance(0.5)) out += " #tintuc";
    if (r.Chance(0.3)) out += " #chiase";
  }
  if (style == "nfd") out = ToNfd(out);
  return out;
}

void Maker::Shares(const Article& a, const std::string& url, int64_t t0, Rng& r, const std::string& story,
                   const std::string& split, double scale, const std::string& prefix) {
  auto count = [&](double mean) {
    const double m = mean * scale;
    int n = static_cast<int>(m);
    if (r.Unit() < m - n) ++n;
    return n + (r.Chance(0.5) ? r.Int(-1, 1) : 0);
  };
  auto source = [&](bool& zalo) {
    zalo = r.Chance(0.22);
    return zalo ? std::string("zalo") : std::string("facebook");
  };
  // link only
  for (int n = count(5); n > 0; --n) {
    bool zalo;
    std::string src = source(zalo);
    std::string text = SharedLink(url, r, zalo).first;
    if (r.Chance(0.35)) text = r.Chance(0.5) ? r.Pick(kEmoji) + " " + text : text + " " + r.Pick(kEmoji);
    Add(t0 + ShareDelay(r), NewId(r, src == "zalo" ? "z" : "fb"), src, "post", text, MakeHandle(r), story,
        prefix + "link_only", split);
  }
  // stock comment + link
  for (int n = count(4.5); n > 0; --n) {
    bool zalo;
    std::string src = source(zalo);
    std::string link = SharedLink(url, r, zalo).first;
    std::string c = r.Pick(kGenericComments);
    if (r.Chance(0.25)) c += " " + r.Pick(kEmoji);
    std::string text = r.Chance(0.8) ? c + "\n" + link : link + "\n" + c;
    Add(t0 + ShareDelay(r), NewId(r, src == "zalo" ? "z" : "fb"), src, "post", text, MakeHandle(r), story,
        prefix + "generic_link", split);
  }
  if (prefix.empty() && r.Chance(0.08)) {
    const std::string short_link = "https://bit.ly/" + RandomToken(r, 7, kB64);
    std::string text = r.Pick(kGenericComments) + " " + short_link;
    g_short_links.emplace_back(short_link, url);  // what the shortener knows
    Add(t0 + ShareDelay(r), NewId(r, "fb"), "facebook", "post", text, MakeHandle(r), story, "short_link", split);
  }
  // quotes
  for (int n = count(1.8); n > 0 && prefix.empty(); --n) {
    size_t i = r.Int(0, static_cast<int>(a.sentences.size()) - 1);
    for (int tries = 0; tries < 8 && a.sentences[i].size() < 40; ++tries)  // not a byline
      i = r.Int(0, static_cast<int>(a.sentences.size()) - 1);
    std::string q = a.sentences[i];
    if (i + 1 < a.sentences.size() && r.Chance(0.3)) q += " " + a.sentences[i + 1];
    if (q.size() > 600) q = TruncateBytes(q, 600) + "...";
    if (r.Chance(0.3)) q = "\"" + q + "\"";
    std::string text;
    if (r.Chance(0.6)) {
      text = r.Pick(kQuoteIntros) + (r.Chance(0.5) ? "\n" : " ") + q;
    } else {
      text = q + "\n" + r.Pick(kQuoteOutros);
    }
    if (r.Chance(0.12)) text = StripMarks(text);
    const bool link = r.Chance(0.65);
    if (link) text += "\n" + SharedLink(url, r, false).first;
    Add(t0 + ShareDelay(r), NewId(r, "fb"), "facebook", "post", text, MakeHandle(r), story,
        link ? "quote" : "quote_nolink", split);
  }
  // pasted reposts
  for (int n = count(prefix.empty() ? 2.2 : 1.0); n > 0; --n) {
    std::string style;
    bool zalo;
    std::string src = source(zalo);
    std::string text = CopyPaste(a.title, a.sentences, url, a.topic, r, style);
    Add(t0 + ShareDelay(r), NewId(r, src == "zalo" ? "z" : "fb"), src, "post", text, MakeHandle(r), story,
        prefix + "copy_" + style, split);
  }
}

void Maker::Story(const Article& a, const std::string& story, const std::string& split) {
  Rng r(Mix(seed_ ^ Fnv1a(a.doc_id)));
  const int64_t t0 = LocalMidnight(a.date) + r.Int(6 * 3600, 22 * 3600);

  // the feed item
  {
    std::string text = r.Chance(0.5) ? a.sentences[0] : Join(a.sentences, "\n");
    Item& it = Add(t0, a.url, "dantri", "article", text, "", story, "article", split);
    it.json["title"] = a.title;
    it.json["url"] = a.url;
    g_pages.push_back({{"url", a.url}, {"title", a.title}, {"sentences", a.sentences}});
  }
  // the office page: headline, lead, link at the end; then the replies
  if (r.Chance(0.7)) {
    static const std::vector<std::string> kPrefixes = {"", "", "", "📢 ", "[THÔNG TIN] ", "🔴 ", "TIN TỨC | "};
    std::string text = r.Pick(kPrefixes) + a.title + "\n\n" + a.sentences[0] + "\n\n";
    text += r.Chance(0.4) ? "Chi tiết: " + a.url : a.url;
    const int64_t at = t0 + r.Int(15 * 60, 5 * 3600);
    const std::string pid = NewId(r, "page");
    Add(at, pid, "ubnd-page", "post", text, "Trang thông tin UBND phường", story, "page_post", split);
    for (int n = static_cast<int>(r.Exp(2.2)); n > 0; --n) {
      std::string reply = r.Pick(kReplies);
      Item& it = Add(at + 60 + static_cast<int64_t>(r.Exp(2.0) * 3600), NewId(r, "cmt"), "ubnd-page", "comment", reply,
                     MakeHandle(r), story, "page_reply", split);
      it.json["parent_id"] = pid;
    }
  }
  Shares(a, a.url, t0, r, story, split, 1.0, "");

  // the follow-up: same template, another day, other figures
  std::string all = a.title;
  for (const auto& s : a.sentences) all += "\n" + s;
  std::string probe;
  Rng probe_rng(0);
  const int figures = ChangeFigures(all, 1, probe_rng, probe);
  bool has_date = false;  // a d/m date: the article reads like a dated report
  for (size_t i = 1; i + 1 < all.size() && !has_date; ++i)
    has_date = all[i] == '/' && IsDigit(all[i - 1]) && IsDigit(all[i + 1]);
  if (figures >= 3 && has_date && r.Chance(0.45)) {
    const int shift = r.Int(1, 6);
    Article f = a;
    ChangeFigures(a.title, shift, r, f.title);
    for (auto& s : f.sentences) {
      std::string t;
      ChangeFigures(s, shift, r, t);
      s = t;
    }
    // Its own URL: the slug's numbers changed, a new publication stamp.
    const size_t slash = a.url.rfind('/');
    std::string slug = a.url.substr(slash + 1);
    const size_t dash = slug.rfind('-');
    std::string words = slug.substr(0, dash), new_words;
    if (ChangeFigures(words, shift, r, new_words) == 0) {
      int y, m, d;
      CivilFromDays((LocalMidnight(a.date) + kVnOffset) / 86400 + shift, y, m, d);
      new_words += "-ngay-" + std::to_string(d) + "-" + std::to_string(m);
    }
    const int64_t ft0 = LocalMidnight(a.date) + shift * 86400 + r.Int(6 * 3600, 22 * 3600);
    std::string stamp = Rfc3339Vn(ft0);
    std::string digits;
    for (char c : stamp.substr(0, 19))
      if (IsDigit(c)) digits += c;
    f.url = a.url.substr(0, slash + 1) + new_words + "-" + digits + std::to_string(r.Int(100, 999)) + ".htm";
    const std::string fstory = story + "~followup";
    {
      std::string text = r.Chance(0.5) ? f.sentences[0] : Join(f.sentences, "\n");
      Item& it = Add(ft0, f.url, "dantri", "article", text, "", fstory, "followup_article", split);
      it.json["title"] = f.title;
      it.json["url"] = f.url;
      g_pages.push_back({{"url", f.url}, {"title", f.title}, {"sentences", f.sentences}});
    }
    if (r.Chance(0.6)) {
      std::string text = f.title + "\n\n" + f.sentences[0] + "\n\n" + f.url;
      Add(ft0 + r.Int(15 * 60, 5 * 3600), NewId(r, "page"), "ubnd-page", "post", text, "Trang thông tin UBND phường",
          fstory, "followup_page_post", split);
    }
    Shares(f, f.url, ft0, r, fstory, split, 0.3, "followup_");
  }
}

void Maker::LocalNegatives(const Article& a) {
  Rng r(Mix(seed_ ^ Fnv1a(a.doc_id) ^ 0x5eed));
  const int64_t day = LocalMidnight(a.date);
  for (int n = (r.Chance(0.75) ? 1 : 0) + (r.Chance(0.2) ? 1 : 0); n > 0; --n) {
    std::string text = r.Pick(kLocalPosts);
    auto fill = [&](const std::string& slot, const std::string& v) {
      for (size_t p; (p = text.find(slot)) != std::string::npos;) text.replace(p, slot.size(), v);
    };
    fill("{P}", LocalPlace(r));
    fill("{H}", std::to_string(r.Int(6, 20)));
    fill("{D}", r.Pick(kDays));
    if (r.Chance(0.15)) text = Teencode(text, r);
    const std::string id = NewId(r, "fb");
    // The same words twice (rare) are the same notice, hence one story.
    char key_buf[32];
    std::snprintf(key_buf, sizeof key_buf, "local:%016" PRIx64, Fnv1a(text));
    const std::string key = key_buf;
    const std::string split = (Fnv1a(key) & 1) ? "holdout" : "tune";
    Add(day + r.Int(0, 72 * 3600), id, r.Chance(0.25) ? "zalo" : "facebook", "post", text, MakeHandle(r), key,
        "neg_local", split);
  }
  if (r.Chance(0.15)) {
    std::string text = r.Pick(kGenericComments);
    if (r.Chance(0.3)) text += " " + r.Pick(kEmoji);
    const std::string id = NewId(r, "fb");
    const std::string key = "none:" + id;
    Add(day + r.Int(0, 72 * 3600), id, "facebook", "post", text, MakeHandle(r), key, "neg_bare",
        (Fnv1a(key) & 1) ? "holdout" : "tune");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s UNC_DEV.jsonl OUT_DIR [--seed N]\n", argv[0]);
    return 2;
  }
  const std::string in = argv[1], out_dir = argv[2];
  uint64_t seed = 1;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "unknown argument: %s\n", a.c_str());
      return 2;
    }
  }
  auto arts = ReadCorpus(in);
  if (arts.empty()) {
    std::fprintf(stderr, "no articles in %s\n", in.c_str());
    return 2;
  }
  std::sort(arts.begin(), arts.end(), [](const Article& x, const Article& y) { return x.doc_id < y.doc_id; });
  const DupDecision dups = FindDuplicates(arts);

  Maker maker(seed);
  int used = 0;
  for (const auto& a : arts) {
    if (dups.left_out.count(a.doc_id)) continue;
    const std::string story = dups.story_of.at(a.doc_id);
    const std::string split = (Fnv1a(story) & 1) ? "holdout" : "tune";
    maker.Story(a, story, split);
    maker.LocalNegatives(a);
    ++used;
  }
  auto& items = maker.items();
  std::stable_sort(items.begin(), items.end(), [](const Item& x, const Item& y) {
    if (x.at != y.at) return x.at < y.at;
    return x.json["id"].get<std::string>() < y.json["id"].get<std::string>();
  });

  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  std::ofstream items_out(out_dir + "/items.jsonl", std::ios::binary);
  std::ofstream truth_out(out_dir + "/truth.tsv", std::ios::binary);
  if (!items_out || !truth_out) {
    std::fprintf(stderr, "cannot write to %s\n", out_dir.c_str());
    return 2;
  }
  std::map<std::string, int> by_variant, by_split;
  for (const auto& it : items) {
    items_out << it.json.dump() << '\n';
    truth_out << it.json["id"].get<std::string>() << '\t' << it.story << '\t' << it.variant << '\t' << it.split << '\n';
    ++by_variant[it.variant];
    ++by_split[it.split];
  }
  std::ofstream pages_out(out_dir + "/pages.jsonl", std::ios::binary);
  for (const auto& p : g_pages) pages_out << p.dump() << '\n';
  std::ofstream short_out(out_dir + "/shortlinks.tsv", std::ios::binary);
  for (const auto& [link, page] : g_short_links) short_out << link << '\t' << page << '\n';
  std::fprintf(stderr, "%d of %zu articles used (%zu left out), %zu items\n", used, arts.size(), dups.left_out.size(),
               items.size());
  for (const auto& [v, n] : by_variant) std::fprintf(stderr, "  %-28s %6d\n", v.c_str(), n);
  for (const auto& [s, n] : by_split) std::fprintf(stderr, "  split %-22s %6d\n", s.c_str(), n);
  return 0;
}
