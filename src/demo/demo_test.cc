#include "demo/demo.h"

#include "common/time.h"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/time.h"
#include "demo/demo_text.h"

namespace vox::demo {
namespace {

using nlohmann::json;

struct Output {
  std::string bytes;
  std::vector<json> items;
  DemoTruth truth;
};

const Output& Default() {
  static const Output* out = [] {
    auto* o = new Output;
    std::ostringstream s;
    GenerateItems(DemoOptions{}, s, &o->truth);
    o->bytes = s.str();
    std::istringstream in(o->bytes);
    std::string line;
    while (std::getline(in, line)) o->items.push_back(json::parse(line));
    return o;
  }();
  return *out;
}

// "2026-10-12T19:34:05+07:00" -> local seconds since 2026-10-01T00:00.
int64_t LocalSeconds(const std::string& s) {
  int y, mo, d, h, mi, se;
  EXPECT_EQ(std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se), 6) << s;
  EXPECT_EQ(s.size(), 25u) << s;
  EXPECT_EQ(s.substr(19), "+07:00") << s;
  auto days = [](int y, int m, int d) {
    return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  };
  return static_cast<int64_t>(days(y, mo, d) - days(2026, 10, 1)) * 86400 + h * 3600 + mi * 60 + se;
}

bool IsCitizen(const json& j) {
  std::string src = j["source"];
  if (src == "bao-dia-phuong") return false;
  if (src == "fb-trang-ubnd" && j["author"].get<std::string>().starts_with("Thị xã Bến Vân")) return false;
  return true;
}

// Decodes UTF-8 code points.
std::vector<char32_t> Cps(const std::string& s) {
  std::vector<char32_t> v;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    v.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  return v;
}

bool HasVietLetters(const std::string& s) {
  for (char32_t c : Cps(s)) if ((c >= 0xC0 && c <= 0x1EFF) || (c >= 0x300 && c <= 0x36F)) return true;
  return false;
}

bool HasCombining(const std::string& s) {
  for (char32_t c : Cps(s)) if (c >= 0x300 && c <= 0x36F) return true;
  return false;
}

std::vector<std::string> Tokens(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) cur.push_back(static_cast<char>(std::tolower(u)));
    else {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

TEST(DemoItems, EveryLineIsAValidItem) {
  const Output& o = Default();
  ASSERT_FALSE(o.items.empty());
  const std::set<std::string> sources = {"fb-trang-ubnd", "fb-cong-dong", "bao-dia-phuong", "zalo-oa"};
  const std::set<std::string> kinds = {"post", "comment", "article", "message"};
  std::set<std::pair<std::string, std::string>> keys;
  for (const json& j : o.items) {
    ASSERT_TRUE(j.contains("id") && j["id"].is_string()) << j.dump();
    ASSERT_TRUE(j.contains("published_at")) << j.dump();
    ASSERT_TRUE((j.contains("text") && !j["text"].get<std::string>().empty()) || j.contains("title")) << j.dump();
    EXPECT_TRUE(sources.count(j["source"])) << j.dump();
    EXPECT_TRUE(kinds.count(j["kind"])) << j.dump();
    EXPECT_TRUE(keys.insert({j["source"].get<std::string>(), j["id"].get<std::string>()}).second) << "duplicate " << j.dump();
    if (j["kind"] == "article") {
      EXPECT_TRUE(j["title"].is_string());
      EXPECT_TRUE(j["url"].get<std::string>().starts_with("https://baotinhx.vn/"));
    }
    if (j.contains("labels")) {
      ASSERT_EQ(j["labels"].size(), 1u);
    }
    // No unfilled slot names or template syntax leaked.
    std::string text = j["text"];
    EXPECT_EQ(text.find('{'), std::string::npos) << text;
    EXPECT_EQ(text.find('['), std::string::npos) << text;
    EXPECT_EQ(text.find('|'), std::string::npos) << text;
  }
}

TEST(DemoItems, TimestampsInPeriodAndOrdered) {
  const Output& o = Default();
  int64_t prev = -1;
  std::vector<int> by_hour(24);
  for (const json& j : o.items) {
    int64_t t = LocalSeconds(j["published_at"]);
    EXPECT_GE(t, 0);
    EXPECT_LT(t, 30 * 86400);
    EXPECT_GE(t, prev);
    prev = t;
    by_hour[static_cast<size_t>(t % 86400 / 3600)]++;
  }
  // Quiet at night, busy at lunch and in the evening.
  EXPECT_LT(by_hour[3] * 10, by_hour[12]);
  EXPECT_LT(by_hour[3] * 10, by_hour[20]);
}

TEST(DemoItems, CommentsPointToEarlierPostsOfTheSameSource) {
  const Output& o = Default();
  std::map<std::pair<std::string, std::string>, int64_t> posts;
  for (const json& j : o.items) {
    if (j["kind"] == "post") posts[{j["source"].get<std::string>(), j["id"].get<std::string>()}] = LocalSeconds(j["published_at"]);
  }
  int comments = 0;
  for (const json& j : o.items) {
    if (j["kind"] != "comment") continue;
    ++comments;
    ASSERT_TRUE(j.contains("parent_id")) << j.dump();
    auto it = posts.find({j["source"].get<std::string>(), j["parent_id"].get<std::string>()});
    ASSERT_NE(it, posts.end()) << j.dump();
    EXPECT_LE(it->second, LocalSeconds(j["published_at"]));
  }
  EXPECT_GT(comments, 10000);
}

TEST(DemoItems, CountsAndMix) {
  const Output& o = Default();
  EXPECT_NEAR(static_cast<double>(o.items.size()), 40000.0, 4000.0);
  std::map<std::string, int> per;
  int labelled = 0;
  std::set<std::string> authors;
  for (const json& j : o.items) {
    per[j["source"].get<std::string>() + "/" + j["kind"].get<std::string>()]++;
    labelled += j.contains("labels");
    authors.insert(j["author"]);
  }
  for (const auto& [k, v] : per) std::printf("  %-28s %6d\n", k.c_str(), v);
  std::printf("  labelled %.1f%%, authors %zu\n", 100.0 * labelled / o.items.size(), authors.size());
  EXPECT_GT(per["fb-trang-ubnd/post"], 100);
  EXPECT_GT(per["fb-trang-ubnd/comment"], 5000);
  EXPECT_GT(per["fb-cong-dong/post"], 3000);
  EXPECT_GT(per["bao-dia-phuong/article"], 200);
  EXPECT_GT(per["zalo-oa/message"], 3000);
  EXPECT_NEAR(100.0 * labelled / o.items.size(), 5.0, 3.0);
  EXPECT_GT(authors.size(), 1500u);
}

TEST(DemoItems, ScalesWithItems) {
  for (int64_t n : {2000, 10000, 100000}) {
    DemoOptions opts;
    opts.items = n;
    opts.seed = 7;
    std::ostringstream s;
    GenerateItems(opts, s);
    std::string out = s.str();
    int64_t lines = std::count(out.begin(), out.end(), '\n');
    EXPECT_NEAR(static_cast<double>(lines), static_cast<double>(n), 0.1 * n) << n;
  }
}

TEST(DemoItems, Deterministic) {
  std::ostringstream a, b, c;
  GenerateItems(DemoOptions{}, a);
  EXPECT_EQ(a.str(), Default().bytes);
  DemoOptions other;
  other.seed = 1;
  GenerateItems(other, c);
  EXPECT_NE(c.str(), Default().bytes);
  std::ostringstream f1, f2;
  GenerateFactChecks(DemoOptions{}, f1);
  GenerateFactChecks(DemoOptions{}, f2);
  EXPECT_EQ(f1.str(), f2.str());
}

TEST(DemoItems, OtherPeriod) {
  DemoOptions opts;
  opts.start = "2027-02-20";
  opts.days = 14;
  opts.items = 8000;
  std::ostringstream s;
  GenerateItems(opts, s);
  std::istringstream in(s.str());
  std::string line;
  while (std::getline(in, line)) {
    std::string t = json::parse(line)["published_at"];
    EXPECT_GE(t, "2027-02-20T00:00:00+07:00");
    EXPECT_LT(t, "2027-03-06T00:00:00+07:00");
  }
}

TEST(DemoItems, WritingVariety) {
  const Output& o = Default();
  const std::set<std::string> teen = {"ko", "k", "hok", "dc", "đc", "ng", "vs", "j", "mn", "bt", "r", "cx", "trc", "ms", "z", "mng"};
  int citizen = 0, accentless = 0, teencode = 0, nfd = 0, emoji = 0, links = 0, bitly = 0, news_links = 0, phones = 0,
      emails = 0, old_tones = 0, elongated = 0, upper = 0, more = 0;
  const icu::Normalizer2* nfd_norm;
  UErrorCode err = U_ZERO_ERROR;
  nfd_norm = icu::Normalizer2::getNFDInstance(err);
  ASSERT_TRUE(U_SUCCESS(err));
  for (const json& j : o.items) {
    std::string text = j["text"];
    if (!IsCitizen(j)) continue;
    ++citizen;
    bool viet = HasVietLetters(text);
    if (!viet && Tokens(text).size() >= 4 && text.find("http") == std::string::npos) ++accentless;
    for (const std::string& t : Tokens(text)) {
      if (teen.count(t)) { ++teencode; break; }
    }
    if (HasCombining(text)) {
      ++nfd;
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
      UErrorCode e = U_ZERO_ERROR;
      EXPECT_TRUE(nfd_norm->isNormalized(u, e)) << text;
    }
    if (text.find("\xF0\x9F") != std::string::npos) ++emoji;
    if (text.find("http") != std::string::npos) ++links;
    if (text.find("bit.ly/") != std::string::npos) ++bitly;
    if (text.find("https://baotinhx.vn/") != std::string::npos) ++news_links;
    if (text.find("@gmail.com") != std::string::npos || text.find("@yahoo.com.vn") != std::string::npos) ++emails;
    for (size_t p = text.find("09"); p != std::string::npos; p = text.find("09", p + 1)) {
      if (p + 12 <= text.size() && std::isdigit(static_cast<unsigned char>(text[p + 2]))) { ++phones; break; }
    }
    for (const char* w : {"hoà", "thuý", "khoẻ", "hoá", "uỷ", "loà", "xoá", "toà"}) {
      if (text.find(w) != std::string::npos) { ++old_tones; break; }
    }
    for (const char* w : {"quáaa", "ơiii", "luônnn", "nhaaa", "quaaa", "oiii"}) {
      if (text.find(w) != std::string::npos) { ++elongated; break; }
    }
    if (text.find("NÓNG") != std::string::npos || text.find("THÔNG BÁO") != std::string::npos) ++upper;
    if (text.find("... Xem thêm") != std::string::npos) ++more;
  }
  auto pct = [&](int n) { return 100.0 * n / citizen; };
  std::printf("  citizen texts %d: accentless %.1f%%, teencode %.1f%%, NFD %.1f%%, emoji %.1f%%, links %d "
              "(bit.ly %d, news %d), phones %d, emails %d, old tones %d, elongated %d, uppercase %d, xem them %d\n",
              citizen, pct(accentless), pct(teencode), pct(nfd), pct(emoji), links, bitly, news_links, phones, emails,
              old_tones, elongated, upper, more);
  EXPECT_NEAR(pct(accentless), 30, 10);
  EXPECT_GT(pct(teencode), 8);
  EXPECT_NEAR(pct(nfd), 3, 2);
  EXPECT_GT(pct(emoji), 5);
  EXPECT_GT(bitly, 5);
  EXPECT_GT(news_links, 50);
  EXPECT_GT(phones, 20);
  EXPECT_GT(emails, 5);
  EXPECT_GT(old_tones, 50);
  EXPECT_GT(elongated, 50);
  EXPECT_GT(upper, 50);
  EXPECT_GT(more, 20);
}

TEST(DemoItems, RumoursBurst) {
  const Output& o = Default();
  ASSERT_EQ(o.truth.items.size(), o.items.size());
  ASSERT_GE(o.truth.rumours.size(), 4u);
  std::map<std::string, std::vector<int64_t>> times;
  for (size_t i = 0; i < o.items.size(); ++i) {
    const DemoItemTruth& t = o.truth.items[i];
    EXPECT_EQ(t.id, o.items[i]["id"]);
    EXPECT_EQ(t.source, o.items[i]["source"]);
    if (!t.fact_check_id.empty()) times[t.fact_check_id].push_back(LocalSeconds(o.items[i]["published_at"]));
  }
  int bursty = 0;
  for (const DemoRumour& r : o.truth.rumours) {
    std::vector<int64_t>& v = times[r.fact_check_id];
    std::sort(v.begin(), v.end());
    size_t best = 0;
    int64_t best_at = 0;
    for (size_t a = 0, b = 0; b < v.size(); ++b) {
      while (v[b] - v[a] >= 3 * 3600) ++a;
      if (b - a + 1 > best) { best = b - a + 1; best_at = v[a]; }
    }
    double daily_mean = static_cast<double>(v.size()) / 30.0;
    std::printf("  %-26s %-6s items %4zu, burst day %2d (%s), max/3h %4zu at day %lld, daily mean %.1f\n", r.key.c_str(),
                r.fact_check_id.c_str(), v.size(), r.burst_day, r.burst_start.c_str(), best,
                static_cast<long long>(best_at / 86400), daily_mean);
    EXPECT_GE(v.size(), 100u) << r.key;
    if (best > 5 * daily_mean && best_at / 86400 == r.burst_day) ++bursty;
  }
  EXPECT_GE(bursty, 4);
}

TEST(DemoItems, SameTemplateNoticesAreDifferentEvents) {
  const Output& o = Default();
  std::set<std::string> power_stories;
  std::set<std::string> notices;
  for (size_t i = 0; i < o.items.size(); ++i) {
    const std::string& story = o.truth.items[i].story;
    if (story.starts_with("cat-dien-") && o.items[i]["source"] == "fb-trang-ubnd" && o.items[i]["kind"] == "post") {
      power_stories.insert(story);
      notices.insert(o.items[i]["text"]);
    }
  }
  EXPECT_GE(power_stories.size(), 20u);
  EXPECT_EQ(notices.size(), power_stories.size());
}

TEST(DemoFactChecks, LibraryIsValidAndCoversRumours) {
  std::ostringstream s;
  GenerateFactChecks(DemoOptions{}, s);
  std::istringstream in(s.str());
  std::string line;
  std::set<std::string> ids;
  const std::set<std::string> verdicts = {"Sai", "Gây hiểu lầm", "Đúng", "Chưa có căn cứ"};
  while (std::getline(in, line)) {
    json j = json::parse(line);
    for (const char* f : {"id", "claim", "verdict", "body", "url", "published_at"}) {
      ASSERT_TRUE(j.contains(f) && j[f].is_string() && !j[f].get<std::string>().empty()) << f << " " << line;
    }
    EXPECT_TRUE(ids.insert(j["id"]).second);
    EXPECT_TRUE(verdicts.count(j["verdict"])) << line;
    EXPECT_TRUE(j["url"].get<std::string>().starts_with("https://ubnd-benvan.gov.vn/kiem-chung/"));
    LocalSeconds(j["published_at"]);
  }
  EXPECT_GE(ids.size(), 25u);
  EXPECT_LE(ids.size(), 40u);
  for (const DemoRumour& r : Default().truth.rumours) EXPECT_TRUE(ids.count(r.fact_check_id)) << r.key;
}

TEST(DemoText, Helpers) {
  using namespace internal;
  EXPECT_EQ(StripAccents("Phường Vân Hà, Đông Thành"), "Phuong Van Ha, Dong Thanh");
  EXPECT_EQ(ToUpper("nóng: mất điện ở đường"), "NÓNG: MẤT ĐIỆN Ở ĐƯỜNG");
  EXPECT_EQ(OldStyleTones("hòa thúy khỏe hoàn quý"), "hoà thuý khoẻ hoàn quý");
  std::string j;
  AppendJsonString(&j, "a\"b\\c\n\x01");
  EXPECT_EQ(j, "\"a\\\"b\\\\c\\n\\u0001\"");
  // NFD matches ICU on every letter of the table.
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(err);
  std::string all = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
  all += ToUpper(all);
  std::string expect;
  n->normalize(icu::UnicodeString::fromUTF8(all), err).toUTF8String(expect);
  EXPECT_EQ(ToNfd(all), expect);
  EXPECT_EQ(Slugify("Mất điện ở Vân Hà!", 10), "mat-dien-o-van-ha");
}

}  // namespace
}  // namespace vox::demo
