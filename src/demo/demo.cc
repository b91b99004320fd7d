// The demo generator: a month of public text for Bến Vân, a fictional town
// (thị xã) of eight phường and five xã on the sông Vân. It has a central
// market (chợ Bến Vân, phường Bến Cũ), a general hospital (phường Vân Hà), an
// industrial park (Đông Thành), the Vân Giang bridge (Bãi Dâu), a water plant
// (Vân Sơn), a resettlement area (Phú Lộc), the Bờ Đông urban project whose
// land clearance is disputed, Điện lực Bến Vân and Công ty Cổ phần Cấp nước
// Bến Vân, the ward People's Committees and a local paper at baotinhx.vn.
//
// Generative model. Everything is drawn from one std::mt19937_64 seeded with
// DemoOptions::seed, so the output is a pure function of the options.
//  * Voices: a population of authors (items/13, at least 300) with a Zipf-like
//    activity distribution; each author has a writing style (accentless,
//    teencode, old-style tone marks, emoji) applied to everything they write.
//    Independently ~3% of diacritic texts come out NFD-decomposed.
//  * Time: an hour-of-day profile per channel (citizens peak at lunch and
//    20-21h, the office works office hours, the paper publishes 6-22h);
//    comments follow their post after an exponential delay, pushed out of
//    the small hours.
//  * Scheduled events, each a distinct story: power cuts (one notice a day
//    or so, the same template with another ward, date and hours), water
//    cuts, rain days with flooding, fuel-price adjustments, accidents, the
//    office's own announcements. Each event fans out: office post +
//    comments, community reposts, news article, Zalo messages.
//  * Slow stories: the Bờ Đông compensation dispute and a pothole grow
//    over the month (daily volume rising until an answer), a dengue
//    cluster grows in one ward.
//  * Rumours (6): a few seed posts, then a burst of hundreds of reposts and
//    comments within ~3 hours on one day, a decaying tail over the next
//    days, the office's fact-check answer a few hours into the burst, and a
//    news article the next morning. Each has its fact-check in
//    GenerateFactChecks.
//  * Background: concern-labelled posts, comments and messages fill the
//    rest of the budget so the total lands on DemoOptions::items.
// All volumes scale linearly with items/40000.
#include "demo/demo.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "demo/demo_text.h"
#include "demo/demo_vocab.h"

namespace vox::demo {
namespace {

using internal::Bank;
using internal::Concern;
using internal::Rand;
namespace iv = internal;

constexpr const char* kSources[] = {"fb-trang-ubnd", "fb-cong-dong", "bao-dia-phuong", "zalo-oa"};
enum Source { kPage = 0, kGroup, kNews, kZalo };
constexpr const char* kKinds[] = {"post", "comment", "article", "message"};
enum Kind { kPost = 0, kComment, kArticle, kMessage };

constexpr const char* kOfficeAuthor = "Thị xã Bến Vân - Trang thông tin điện tử";
constexpr const char* kPageUrl = "https://www.facebook.com/txbenvan.ubnd/posts/";
constexpr const char* kGroupUrl = "https://www.facebook.com/groups/benvan24h/posts/";
constexpr const char* kFactCheckUrl = "https://ubnd-benvan.gov.vn/kiem-chung/";
constexpr int64_t kDay = 86400;

// Hour-of-day weights (local time).
constexpr double kCitizenHours[24] = {0.5, 0.25, 0.12, 0.1, 0.2, 0.9, 2.2, 3.6, 4.0, 4.0, 4.3, 5.6,
                                      6.6, 5.2, 3.9, 3.8, 4.0, 4.6, 5.6, 7.2, 8.0, 7.4, 5.0, 2.2};
constexpr double kOfficeHours[24] = {0, 0, 0, 0, 0, 0, 0.3, 2.5, 4, 4, 3.5, 2.5,
                                     0.8, 1.5, 3.5, 3.5, 3, 2.2, 0.8, 1, 1.2, 0.6, 0.1, 0};
constexpr double kNewsHours[24] = {0, 0, 0, 0, 0, 0.5, 2.5, 3, 3, 2.5, 2.5, 2, 1.5, 1.5, 2, 2.5, 2.5, 2.5,
                                   2, 1.5, 1.5, 1, 0.5, 0};

// Local (UTC+7) seconds since the epoch -> "2026-10-12T19:34:05+07:00".
std::string FormatLocal(int64_t t) {
  int64_t days = t >= 0 ? t / kDay : (t - kDay + 1) / kDay;
  int64_t sec = t - days * kDay;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d+07:00", static_cast<long long>(y), m, d, static_cast<int>(sec / 3600),
                static_cast<int>(sec / 60 % 60), static_cast<int>(sec % 60));
  return buf;
}

int64_t ParseStartDay(const std::string& s) {
  int y = 2026;
  unsigned m = 10, d = 1;
  if (std::sscanf(s.c_str(), "%d-%u-%u", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
    y = 2026, m = 10, d = 1;
  }
  return DaysFromCivil(y, m, d);
}

struct Author {
  std::string name;
  std::string zalo_id;
  double accentless;  // probability a text comes out without diacritics
  double teen;        // probability of teencode
  bool old_tones;
  double emoji;
};

struct Rec {
  int64_t t = 0;       // local seconds
  uint32_t seq = 0;    // creation order, breaks ties
  uint8_t src = 0;
  uint8_t kind = 0;
  int8_t label = -1;
  int8_t rumour = -1;
  int8_t concern = -1;
  bool has_metrics = false;
  int64_t m[4] = {0, 0, 0, 0};  // reactions, shares, comments, views
  std::string id, title, text, url, author, parent_id, place, story;
};

// What a text is about: drives the template slots.
struct Ctx {
  int ward = 0;
  int street = 0;
  int day = 0;  // day index of the event (for {date})
  int h1 = 7, h2 = 11;
  int fday = 0;  // a future day a rumour talks about
  int concern = iv::kChung;
  int rumour = -1;
  const char* reason = "";
  int fuel = 23450, delta = 410;
  std::string fc_url;
};

class Generator final : public iv::SlotSource {
 public:
  explicit Generator(const DemoOptions& opts) : opts_(opts), rng_(opts.seed ^ 0x5eedbe9a11ULL) {
    days_ = std::max(1, opts.days);
    start_day_ = ParseStartDay(opts.start);
    t0_ = start_day_ * kDay;
    t_end_ = t0_ + static_cast<int64_t>(days_) * kDay;
    scale_ = std::max<int64_t>(opts.items, 1) / 40000.0;
    target_ = std::max<int64_t>(opts.items, 1);
    page_id_ = 100000000000000ULL + rng_.Next() % 900000000000000ULL;
    MakeAuthors();
    PlanRumours();
  }

  void Run();
  void Write(std::ostream& out, DemoTruth* truth);
  int64_t rumour_start(int i) const { return rumour_start_[static_cast<size_t>(i)]; }

  void Slot(std::string_view name, std::string* out) override;

 private:
  // ---- randomness helpers
  const char* Pick(Bank b) { return b[static_cast<size_t>(rng_.Int(static_cast<int>(b.size())))]; }
  int PickWard() {
    int total = 0;
    for (const auto& w : iv::kWards) total += w.weight;
    int r = rng_.Int(total);
    for (size_t i = 0; i < iv::kWards.size(); ++i) {
      r -= iv::kWards[i].weight;
      if (r < 0) return static_cast<int>(i);
    }
    return 0;
  }
  int HourFrom(const double* w) {
    double total = 0;
    for (int h = 0; h < 24; ++h) total += w[h];
    double r = rng_.Unit() * total;
    for (int h = 0; h < 24; ++h) {
      r -= w[h];
      if (r < 0) return h;
    }
    return 12;
  }
  int64_t TimeOn(int day, const double* hours) {
    return t0_ + static_cast<int64_t>(day) * kDay + HourFrom(hours) * 3600 + rng_.Int(3600);
  }
  int64_t AnyTime(const double* hours) { return TimeOn(rng_.Int(days_), hours); }
  // A reaction some time after `after`, quiet at night, inside the period.
  int64_t After(int64_t after, double mean_hours) {
    int64_t t = after + 30 + static_cast<int64_t>(rng_.Exp(mean_hours * 3600));
    int64_t sec = ((t % kDay) + kDay) % kDay;
    if (sec < 6 * 3600 && rng_.Chance(0.75)) t += 6 * 3600 - sec + rng_.Int(7200);
    if (t >= t_end_) t = after + 1 + static_cast<int64_t>(rng_.Unit() * static_cast<double>(std::max<int64_t>(t_end_ - after - 2, 1)));
    return std::min(t, t_end_ - 1);
  }
  int DayOf(int64_t t) const { return static_cast<int>((t - t0_) / kDay); }
  int Authored() {
    double r = rng_.Unit() * author_cdf_.back();
    return static_cast<int>(std::lower_bound(author_cdf_.begin(), author_cdf_.end(), r) - author_cdf_.begin());
  }

  // ---- text
  std::string Fill(std::string_view tmpl, const Ctx& ctx) {
    ctx_ = &ctx;
    return iv::Expand(tmpl, *this, rng_);
  }
  std::string Citizen(std::string_view tmpl, const Ctx& ctx, int author, bool is_post);
  std::string Stylize(std::string text, int author);
  std::string Quote(const std::string& text);

  // ---- items
  Rec& NewRec(Source src, Kind kind, int64_t t);
  int OfficePost(int64_t t, std::string text, const Ctx& ctx, const std::string& story, bool located);
  int GroupPost(int64_t t, std::string text, int author, const Ctx& ctx, const std::string& story, bool located);
  void Article(int64_t t, Bank titles, Bank body, const Ctx& ctx, const std::string& story, bool located);
  void Zalo(int64_t t, std::string_view tmpl, const Ctx& ctx, const std::string& story, bool located);
  struct CommentPlan {
    Bank specific;
    double generic = 0.25, question = 0.08, quote = 0.06, link = 0.03, reply = 0.03;
    double mean_hours = 2.0;
    bool located = false;
  };
  void Comments(int parent, int n, const CommentPlan& plan, const Ctx& ctx);
  void FinishMetrics(int idx, int n_comments);
  void Label(Rec& r, int concern) {
    if (concern >= 0 && concern < iv::kChung && rng_.Chance(0.058)) r.label = static_cast<int8_t>(concern);
  }

  // ---- the month
  void MakeAuthors();
  void PlanRumours();
  void OfficeDaily();
  void PowerCuts();
  void WaterCuts();
  void RainDays();
  void FuelPrices();
  void Accidents();
  void SlowStories();
  void ScamWaves();
  void Rumours();
  void Background();
  int N(double at_full_scale) { return rng_.RoundP(at_full_scale * scale_); }

  const DemoOptions& opts_;
  Rand rng_;
  int days_ = 30;
  int64_t start_day_ = 0, t0_ = 0, t_end_ = 0;
  double scale_ = 1;
  int64_t target_ = 40000;
  uint64_t page_id_ = 0;
  uint64_t next_post_ = 0, next_comment_ = 0, next_article_ = 0, next_msg_ = 0;
  std::vector<Author> authors_;
  std::vector<double> author_cdf_;
  std::vector<Rec> recs_;
  std::vector<std::string> article_urls_;
  std::vector<int> rumour_day_;
  std::vector<int64_t> rumour_start_;
  std::vector<DemoRumour> rumour_info_;
  const Ctx* ctx_ = nullptr;
};

// ------------------------------------------------------------------ slots

void AppendNum(std::string* out, int v) { out->append(std::to_string(v)); }

void Generator::Slot(std::string_view name, std::string* out) {
  const Ctx& c = *ctx_;
  const iv::Ward& w = iv::kWards[static_cast<size_t>(c.ward)];
  bool cap = !name.empty() && name[0] >= 'A' && name[0] <= 'Z';
  size_t before = out->size();
  std::string lname(name);
  if (cap) lname[0] = static_cast<char>(lname[0] - 'A' + 'a');
  auto date = [&](int day) {
    int64_t y;
    unsigned m, d;
    CivilFromDays(start_day_ + day, &y, &m, &d);
    AppendNum(out, static_cast<int>(d));
    out->push_back('/');
    AppendNum(out, static_cast<int>(m));
  };
  if (lname == "ward") {
    int r = rng_.Int(20);
    bool phuong = std::strcmp(w.type, "phường") == 0;
    if (cap || r < 11 || (!phuong && r >= 16)) {
      out->append(w.type);
      out->push_back(' ');
    } else if (r >= 16) {
      out->append(r < 18 ? "P." : "p ");
    }
    out->append(w.name);
  } else if (lname == "wn") {
    out->append(w.name);
  } else if (lname == "street" || lname == "street2") {
    int s = lname == "street" ? c.street : (c.street + 1 + rng_.Int(2)) % 3;
    std::string_view st = w.streets[s];
    if (st.starts_with("đường ") && !cap && lname == "street" && rng_.Chance(0.3)) st.remove_prefix(std::strlen("đường "));
    out->append(st);
  } else if (lname == "lm") {
    out->append(w.landmark);
  } else if (lname == "date") {
    date(c.day);
  } else if (lname == "date2") {
    date(c.day + 1);
  } else if (lname == "fdate") {
    date(c.fday);
  } else if (lname == "fdate2") {
    date(c.fday + 13);
  } else if (lname == "yyyy") {
    int64_t y;
    unsigned m, d;
    CivilFromDays(start_day_ + c.day, &y, &m, &d);
    AppendNum(out, static_cast<int>(y));
  } else if (lname == "mo") {
    int64_t y;
    unsigned m, d;
    CivilFromDays(start_day_ + c.day, &y, &m, &d);
    AppendNum(out, static_cast<int>(m));
  } else if (lname == "wk") {
    static constexpr const char* kDow[] = {"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"};
    int64_t z = start_day_ + c.day;
    out->append(kDow[((z % 7) + 11) % 7]);
  } else if (lname == "h1") {
    AppendNum(out, c.h1);
  } else if (lname == "h2") {
    AppendNum(out, c.h2);
  } else if (lname == "n") {
    AppendNum(out, rng_.Range(2, 9));
  } else if (lname == "nn") {
    AppendNum(out, rng_.Range(12, 95));
  } else if (lname == "yy") {
    AppendNum(out, rng_.Range(15, 23));
  } else if (lname == "code") {
    char buf[24];
    std::snprintf(buf, sizeof buf, "H%02d.%d-%06d", rng_.Range(10, 99), rng_.Range(2024, 2026), rng_.Int(1000000));
    out->append(buf);
  } else if (lname == "money") {
    int r = rng_.Int(5);
    if (r == 0) { AppendNum(out, rng_.Range(2, 9) * 50); out->append(" nghìn"); }
    else if (r == 1) { AppendNum(out, rng_.Range(1, 4)); out->append(","); AppendNum(out, rng_.Range(1, 9)); out->append(" triệu"); }
    else if (r == 2) { AppendNum(out, rng_.Range(3, 9) * 100); out->append("k"); }
    else if (r == 3) { AppendNum(out, rng_.Range(2, 30)); out->append(" triệu"); }
    else { AppendNum(out, rng_.Range(1, 9) * 100); out->append(".000đ"); }
  } else if (lname == "pork") {
    AppendNum(out, rng_.Range(22, 29) * 5);
  } else if (lname == "rice") {
    AppendNum(out, rng_.Range(14, 22));
  } else if (lname == "fee") {
    AppendNum(out, rng_.Range(3, 10));
  } else if (lname == "mm") {
    AppendNum(out, rng_.Range(5, 10) * 10);
  } else if (lname == "mm2") {
    AppendNum(out, rng_.Range(15, 25) * 10);
  } else if (lname == "grade") {
    AppendNum(out, rng_.Range(1, 12));
  } else if (lname == "fuel") {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d.%03d", c.fuel / 1000, c.fuel % 1000);
    out->append(buf);
  } else if (lname == "delta") {
    AppendNum(out, c.delta);
  } else if (lname == "phone") {
    static constexpr const char* kPre[] = {"091", "098", "097", "090", "093", "035", "036", "086", "088", "070", "077", "083"};
    const char* p = kPre[rng_.Int(12)];
    int a = rng_.Int(10), b = rng_.Int(1000), d = rng_.Int(1000);
    char buf[32];
    switch (rng_.Int(4)) {
      case 0: std::snprintf(buf, sizeof buf, "%s%d %03d %03d", p, a, b, d); break;
      case 1: std::snprintf(buf, sizeof buf, "%s%d%03d%03d", p, a, b, d); break;
      case 2: std::snprintf(buf, sizeof buf, "%s%d.%03d.%03d", p, a, b, d); break;
      default: std::snprintf(buf, sizeof buf, "+84 %s%d %03d %03d", p + 1, a, b, d); break;
    }
    out->append(buf);
  } else if (lname == "email") {
    std::string n = iv::Slugify(std::string(Pick(iv::kGivenNames)) + " " + Pick(iv::kSurnames), 3);
    n.erase(std::remove(n.begin(), n.end(), '-'), n.end());
    out->append(n);
    AppendNum(out, rng_.Range(80, 2010));
    out->append(rng_.Chance(0.8) ? "@gmail.com" : "@yahoo.com.vn");
  } else if (lname == "scamlink") {
    if (rng_.Chance(0.3)) {
      static constexpr char kAlnum[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
      out->append("bit.ly/");
      for (int i = 0; i < 7; ++i) out->push_back(kAlnum[rng_.Int(sizeof kAlnum - 1)]);
    } else {
      out->append(Pick(iv::kScamLinks));
    }
  } else if (lname == "link") {
    if (!article_urls_.empty()) out->append(article_urls_[static_cast<size_t>(rng_.Int(static_cast<int>(article_urls_.size())))]);
    else out->append("https://baotinhx.vn/");
  } else if (lname == "fc") {
    out->append(c.fc_url);
  } else if (lname == "kid") {
    out->append(Pick(iv::kKids));
  } else if (lname == "school") {
    out->append(Pick(iv::kSchools));
  } else if (lname == "reason") {
    out->append(c.reason);
  } else if (lname == "dl") {
    out->append("Điện lực Bến Vân");
  } else if (lname == "cn") {
    out->append(rng_.Chance(0.5) ? "Công ty Cổ phần Cấp nước Bến Vân" : "Công ty Cấp nước Bến Vân");
  } else if (lname == "tx") {
    out->append("thị xã Bến Vân");
  } else if (lname == "town") {
    out->append("Bến Vân");
  } else if (lname == "cho") {
    out->append("chợ Bến Vân");
  } else if (lname == "bv") {
    out->append(rng_.Chance(0.6) ? "Bệnh viện Đa khoa thị xã" : "bệnh viện thị xã");
  } else if (lname == "hotline") {
    out->append("0270 3 828 115");
  } else {
    out->append(name);  // unknown slot: visible in tests
  }
  if (cap && out->size() > before) {
    std::string head = iv::ToUpper(std::string_view(*out).substr(before, 1));
    if ((static_cast<unsigned char>((*out)[before]) & 0x80) == 0) (*out)[before] = head[0];
    else {
      // Multi-byte first letter: upper-case the first code point.
      size_t len = 1;
      while (before + len < out->size() && (static_cast<unsigned char>((*out)[before + len]) & 0xC0) == 0x80) ++len;
      std::string up = iv::ToUpper(std::string_view(*out).substr(before, len));
      out->replace(before, len, up);
    }
  }
}

// ------------------------------------------------------------------ authors

void Generator::MakeAuthors() {
  int n = static_cast<int>(std::clamp<int64_t>(target_ / 13, 300, 20000));
  authors_.reserve(static_cast<size_t>(n));
  std::vector<std::string> seen;
  for (int i = 0; i < n; ++i) {
    Author a;
    int form = rng_.Int(20);
    std::string sur = Pick(iv::kSurnames), mid = Pick(iv::kMiddleNames), given = Pick(iv::kGivenNames);
    if (form < 8) a.name = sur + " " + mid + " " + given;
    else if (form < 13) a.name = given + " " + sur;
    else if (form < 15) a.name = iv::StripAccents(given + " " + sur);
    else if (form < 17) a.name = Pick(iv::kNicknames);
    else if (form < 19) a.name = mid + " " + given;
    else a.name = given + " " + Pick(iv::kGivenNames);
    if (std::find(seen.begin() + std::max<ptrdiff_t>(0, static_cast<ptrdiff_t>(seen.size()) - 64), seen.end(), a.name) != seen.end() || form == 15 || form == 16) {
      a.name += " " + std::to_string(rng_.Range(1, 99));
    }
    seen.push_back(a.name);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(iv::Mix64(opts_.seed * 7919 + static_cast<uint64_t>(i)) % 9000000000000000000ULL + 1000000000000000000ULL));
    a.zalo_id = buf;
    bool accentless = rng_.Chance(0.28);
    a.accentless = accentless ? 0.78 : 0.12;
    a.teen = rng_.Chance(0.4) ? 0.75 : 0.06;
    a.old_tones = rng_.Chance(0.2);
    a.emoji = rng_.Chance(0.3) ? 0.5 : 0.12;
    authors_.push_back(std::move(a));
  }
  // Zipf-like activity: rank r (random order) gets weight 1/(r+8)^1.05.
  std::vector<int> order(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
  for (int i = n - 1; i > 0; --i) std::swap(order[static_cast<size_t>(i)], order[static_cast<size_t>(rng_.Int(i + 1))]);
  std::vector<double> w(static_cast<size_t>(n));
  for (int r = 0; r < n; ++r) w[static_cast<size_t>(order[static_cast<size_t>(r)])] = 1.0 / std::pow(r + 8.0, 1.05);
  author_cdf_.resize(static_cast<size_t>(n));
  double acc = 0;
  for (int i = 0; i < n; ++i) author_cdf_[static_cast<size_t>(i)] = acc += w[static_cast<size_t>(i)];
}

// ------------------------------------------------------------------ text

std::string Generator::Stylize(std::string text, int author) {
  const Author& a = authors_[static_cast<size_t>(author)];
  if (rng_.Chance(0.12)) text = iv::Elongate(text, rng_);
  if (rng_.Chance(a.emoji)) {
    text.push_back(' ');
    const char* e = Pick(iv::kEmoji);
    int reps = rng_.Chance(0.3) ? rng_.Range(2, 3) : 1;
    for (int i = 0; i < reps; ++i) text.append(e);
  }
  if (rng_.Chance(a.teen)) text = iv::Teencode(text, 0.85, rng_);
  if (a.old_tones && rng_.Chance(0.85)) text = iv::OldStyleTones(text);
  if (rng_.Chance(0.15) && !text.empty() && text[0] >= 'A' && text[0] <= 'Z' && !(text.size() > 1 && text[1] >= 'A' && text[1] <= 'Z')) {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  if (rng_.Chance(a.accentless)) return iv::StripAccents(text);
  if (rng_.Chance(0.042)) return iv::ToNfd(text);
  return text;
}

std::string Generator::Citizen(std::string_view tmpl, const Ctx& ctx, int author, bool is_post) {
  std::string text = Fill(tmpl, ctx);
  if (is_post) {
    if (rng_.Chance(0.07)) {
      text.push_back(' ');
      text.append(Pick(iv::kHashtags));
      if (rng_.Chance(0.5)) { text.push_back(' '); text.append(Pick(iv::kHashtags)); }
    }
    if (rng_.Chance(0.04)) { text.append(" "); Slot("link", &text); }
  }
  return Stylize(std::move(text), author);
}

std::string Generator::Quote(const std::string& text) {
  // A run of 5-12 words from the parent, cut at spaces.
  std::vector<size_t> spaces;
  for (size_t i = 0; i < text.size(); ++i) if (text[i] == ' ' || text[i] == '\n') spaces.push_back(i);
  if (spaces.size() < 8) return text.substr(0, std::min<size_t>(text.size(), 80));
  int from = rng_.Int(static_cast<int>(spaces.size()) - 6);
  int len = rng_.Range(5, std::min(12, static_cast<int>(spaces.size()) - from - 1));
  size_t a = spaces[static_cast<size_t>(from)] + 1, b = spaces[static_cast<size_t>(from + len)];
  std::string q = text.substr(a, b - a);
  for (char& ch : q) if (ch == '\n') ch = ' ';
  return q;
}

// ------------------------------------------------------------------ items

Rec& Generator::NewRec(Source src, Kind kind, int64_t t) {
  recs_.emplace_back();
  Rec& r = recs_.back();
  r.t = std::clamp(t, t0_, t_end_ - 1);
  r.seq = static_cast<uint32_t>(recs_.size());
  r.src = static_cast<uint8_t>(src);
  r.kind = static_cast<uint8_t>(kind);
  return r;
}

// A text is located when its template names the ward or one of its places.
bool Located(std::string_view tmpl) {
  for (const char* slot : {"{ward}", "{Ward}", "{wn}", "{Wn}", "{street}", "{lm}"}) {
    if (tmpl.find(slot) != std::string_view::npos) return true;
  }
  return false;
}

std::string PlaceName(int ward) {
  const iv::Ward& w = iv::kWards[static_cast<size_t>(ward)];
  std::string p = w.type;
  p[0] = std::strcmp(w.type, "xã") == 0 ? 'X' : 'P';
  return p + " " + w.name;
}

int Generator::OfficePost(int64_t t, std::string text, const Ctx& ctx, const std::string& story, bool located) {
  Rec& r = NewRec(kPage, kPost, t);
  uint64_t num = 1000000000000000ULL + (++next_post_) * 1000003ULL + static_cast<uint64_t>(rng_.Int(1000));
  r.id = std::to_string(page_id_) + "_" + std::to_string(num);
  r.url = kPageUrl + std::to_string(num);
  r.author = kOfficeAuthor;
  r.concern = static_cast<int8_t>(ctx.concern);
  r.text = std::move(text);
  r.story = story;
  r.rumour = static_cast<int8_t>(ctx.rumour);
  if (located) r.place = PlaceName(ctx.ward);
  Label(r, ctx.concern);
  r.has_metrics = true;
  return static_cast<int>(recs_.size()) - 1;
}

int Generator::GroupPost(int64_t t, std::string text, int author, const Ctx& ctx, const std::string& story, bool located) {
  Rec& r = NewRec(kGroup, kPost, t);
  uint64_t num = 2000000000000000ULL + (++next_post_) * 999983ULL + static_cast<uint64_t>(rng_.Int(1000));
  r.id = "benvan24h_" + std::to_string(num);
  r.url = kGroupUrl + std::to_string(num);
  r.author = authors_[static_cast<size_t>(author)].name;
  r.text = std::move(text);
  r.story = story;
  r.rumour = static_cast<int8_t>(ctx.rumour);
  if (located) r.place = PlaceName(ctx.ward);
  Label(r, ctx.concern);
  r.has_metrics = true;
  return static_cast<int>(recs_.size()) - 1;
}

void Generator::Article(int64_t t, Bank titles, Bank body, const Ctx& ctx, const std::string& story, bool located) {
  NewRec(kNews, kArticle, t);
  int idx = static_cast<int>(recs_.size()) - 1;
  std::string title = Fill(Pick(titles), ctx);
  // Capitalize the first letter of the title.
  size_t len = 1;
  while (len < title.size() && (static_cast<unsigned char>(title[len]) & 0xC0) == 0x80) ++len;
  title.replace(0, len, iv::ToUpper(title.substr(0, len)));
  int n = std::min<int>(static_cast<int>(body.size()), rng_.Range(3, 8));
  std::vector<int> pick(body.size());
  for (size_t i = 0; i < body.size(); ++i) pick[i] = static_cast<int>(i);
  // Keep the lead sentence first, shuffle the rest.
  for (size_t i = body.size() - 1; i > 1; --i) std::swap(pick[i], pick[1 + static_cast<size_t>(rng_.Int(static_cast<int>(i)))]);
  std::string text;
  for (int i = 0; i < n; ++i) {
    if (i) text.push_back(' ');
    text += Fill(body[static_cast<size_t>(pick[static_cast<size_t>(i)])], ctx);
  }
  uint64_t num = 200000 + (++next_article_) * 37 + static_cast<uint64_t>(rng_.Int(37));
  Rec& a = recs_[static_cast<size_t>(idx)];
  a.id = "bdp-" + std::to_string(num);
  a.url = "https://baotinhx.vn/" + iv::Slugify(title, 12) + "-" + std::to_string(num) + ".html";
  a.title = std::move(title);
  a.text = std::move(text);
  a.author = Pick(iv::kReporters);
  a.story = story;
  a.rumour = static_cast<int8_t>(ctx.rumour);
  if (located) a.place = PlaceName(ctx.ward);
  Label(a, ctx.concern);
  a.has_metrics = true;
  a.m[0] = rng_.HeavyCount(8, 3000);
  a.m[1] = rng_.HeavyCount(3, 800);
  a.m[3] = 300 + rng_.HeavyCount(900, 200000);
  article_urls_.push_back(a.url);
}

void Generator::Zalo(int64_t t, std::string_view tmpl, const Ctx& ctx, const std::string& story, bool located) {
  int author = Authored();
  std::string body = Fill(tmpl, ctx);
  std::string open = Pick(iv::kZaloOpen);
  std::string close = Pick(iv::kZaloClose);
  if (open.ends_with(", ")) body = iv::LowerFirst(body);
  if (close.size() > 3 && !body.empty() && body.back() != '.' && body.back() != '?' && body.back() != '!') body.push_back('.');
  std::string text = open + body + close;
  if (rng_.Chance(0.09)) {
    static constexpr const char* kContact[] = {" SĐT: {phone}", " Số điện thoại liên hệ {phone}.", " Email: {email}",
                                               " Liên hệ em qua {phone} hoặc {email} ạ.", " sdt {phone}"};
    text += Fill(kContact[rng_.Int(5)], ctx);
  }
  Rec& r = NewRec(kZalo, kMessage, t);
  r.id = "zm." + [&] {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(iv::Mix64((++next_msg_) ^ (opts_.seed * 0x9e37))));
    return std::string(buf);
  }();
  r.author = authors_[static_cast<size_t>(author)].zalo_id;
  r.text = Stylize(std::move(text), author);
  r.story = story;
  r.rumour = static_cast<int8_t>(ctx.rumour);
  if (located) r.place = PlaceName(ctx.ward);
  Label(r, ctx.concern);
}

void Generator::Comments(int parent, int n, const CommentPlan& plan, const Ctx& ctx) {
  const uint8_t src = recs_[static_cast<size_t>(parent)].src;
  const int64_t pt = recs_[static_cast<size_t>(parent)].t;
  const std::string parent_id = recs_[static_cast<size_t>(parent)].id;
  const std::string parent_text = recs_[static_cast<size_t>(parent)].text;
  const std::string parent_url = recs_[static_cast<size_t>(parent)].url;
  for (int i = 0; i < n; ++i) {
    int64_t t = After(pt, plan.mean_hours);
    if (t <= pt) t = std::min(pt + 1, t_end_ - 1);
    if (t <= pt) break;  // parent at the very end of the period
    double r = rng_.Unit();
    std::string text;
    bool office = false;
    int author = Authored();
    Ctx c = ctx;
    c.street = rng_.Int(3);
    if (src == kPage && r < plan.reply) {
      office = true;
      text = Fill(Pick(iv::kOfficeReplies), c);
    } else if ((r -= plan.reply) < plan.link && !article_urls_.empty()) {
      // Only the article link, sometimes with a word.
      text = article_urls_[static_cast<size_t>(rng_.Int(static_cast<int>(article_urls_.size())))];
      if (rng_.Chance(0.3)) text = (rng_.Chance(0.5) ? "Báo đăng rồi nè " : "đây ") + text;
    } else if ((r -= plan.link) < plan.quote) {
      std::string q = Quote(parent_text);
      text = Stylize((rng_.Chance(0.5) ? "\"" + q + "\" " : "“" + q + "” ") + Fill(Pick(iv::kQuoteReactions), c), author);
    } else if ((r -= plan.quote) < plan.question) {
      text = Citizen(Pick(iv::kQuestionComments), c, author, false);
    } else if ((r -= plan.question) < plan.generic || plan.specific.empty()) {
      text = Citizen(Pick(iv::kGenericComments), c, author, false);
    } else {
      text = Citizen(Pick(plan.specific), c, author, false);
    }
    Rec& cr = NewRec(static_cast<Source>(src), kComment, t);
    uint64_t num = 3000000000000000ULL + (++next_comment_) * 7919ULL + static_cast<uint64_t>(rng_.Int(7919));
    cr.id = parent_id.substr(parent_id.find('_') + 1) + "_" + std::to_string(num);
    cr.url = parent_url + "?comment_id=" + std::to_string(num);
    cr.parent_id = parent_id;
    cr.author = office ? kOfficeAuthor : authors_[static_cast<size_t>(author)].name;
    cr.text = std::move(text);
    cr.rumour = static_cast<int8_t>(ctx.rumour);
    if (plan.located) cr.place = PlaceName(c.ward);
    Label(cr, ctx.concern);
    cr.has_metrics = true;
    cr.m[0] = rng_.HeavyCount(0.8, 900);
  }
  FinishMetrics(parent, n);
}

void Generator::FinishMetrics(int idx, int n_comments) {
  Rec& r = recs_[static_cast<size_t>(idx)];
  r.has_metrics = true;
  r.m[2] = n_comments + rng_.Int(n_comments / 5 + 2);
  r.m[0] = r.m[2] * rng_.Range(2, 9) + rng_.HeavyCount(6, 5000);
  r.m[1] = rng_.Int(static_cast<int>(r.m[2]) + 2) + rng_.HeavyCount(1.5, 2000);
  r.m[3] = r.m[0] * rng_.Range(12, 40) + rng_.Range(40, 600);
}

// ------------------------------------------------------------------ month

void Generator::PlanRumours() {
  for (const iv::RumourVocab& rv : iv::kRumours) {
    int day = std::clamp(static_cast<int>(rv.day_fraction * days_ + 0.5) - 1 + rng_.Int(3), 0, days_ - 1);
    // Bursts need room for their tail; very short periods squeeze them.
    int64_t start = t0_ + day * kDay + rv.burst_hour * 3600 + rng_.Int(3600);
    rumour_day_.push_back(day);
    rumour_start_.push_back(start);
  }
}

void Generator::OfficeDaily() {
  // Announcements, guidance and weekly reports; each with comments.
  for (int d = 0; d < days_; ++d) {
    int posts = rng_.RoundP(4.0 * std::min(1.0, scale_ * 1.5));
    for (int i = 0; i < posts; ++i) {
      static constexpr int kMix[] = {iv::kThuTuc, iv::kThuTuc, iv::kChung, iv::kChung, iv::kYTe, iv::kGiaoDuc,
                                     iv::kGiaoThong, iv::kDatDai, iv::kNgapMoiTruong, iv::kDienNuoc, iv::kGiaCa, iv::kAnNinh};
      int concern = kMix[rng_.Int(12)];
      Ctx c;
      c.concern = concern;
      c.ward = PickWard();
      c.street = rng_.Int(3);
      c.day = std::min(days_ - 1, d + rng_.Range(1, 4));
      c.h1 = rng_.Range(7, 9);
      c.h2 = c.h1 + rng_.Range(3, 8);
      int64_t t = TimeOn(d, kOfficeHours);
      int p = OfficePost(t, Fill(Pick(iv::kVocab[concern].office), c), c, "", false);
      CommentPlan plan;
      plan.specific = iv::kVocab[concern].comments;
      plan.mean_hours = 3;
      Comments(p, rng_.HeavyCount(14 * scale_, static_cast<int>(400 * scale_) + 5), plan, c);
    }
  }
}

void Generator::PowerCuts() {
  for (int d = 1; d < days_; ++d) {
    int n = rng_.RoundP(1.1 * std::min(1.0, scale_ * 2));
    for (int k = 0; k < n; ++k) {
      Ctx c;
      c.concern = iv::kDienNuoc;
      c.ward = PickWard();
      c.street = rng_.Int(3);
      c.day = d;
      c.h1 = rng_.Chance(0.6) ? rng_.Range(6, 8) : rng_.Range(12, 14);
      c.h2 = c.h1 + rng_.Range(3, 6);
      c.reason = Pick(iv::kPowerReasons);
      std::string story = "cat-dien-" + std::to_string(d) + (k ? "-" + std::to_string(k) : "") + "-" + iv::Slugify(iv::kWards[static_cast<size_t>(c.ward)].name, 4);
      int64_t notice = TimeOn(std::max(0, d - rng_.Range(1, 3)), kOfficeHours);
      std::string office_text = Fill(Pick(iv::kPowerCutOffice), c);
      int p = OfficePost(notice, office_text, c, story, true);
      CommentPlan plan;
      plan.specific = iv::kPowerCutComments;
      plan.generic = 0.15;
      plan.question = 0.15;
      plan.quote = 0.08;
      plan.located = true;
      Comments(p, rng_.HeavyCount(9 * scale_, static_cast<int>(300 * scale_) + 5), plan, c);
      // Community reposts: copies, truncated copies, own words.
      int reposts = N(rng_.Range(2, 7));
      for (int i = 0; i < reposts; ++i) {
        int a = Authored();
        int64_t t = After(notice, 5);
        std::string text;
        double r = rng_.Unit();
        if (r < 0.35) text = std::string(Pick(iv::kSharePrefixes)) + office_text;
        else if (r < 0.5) text = office_text.substr(0, std::min<size_t>(office_text.size(), office_text.find("\n- Khu") == std::string::npos ? office_text.size() : office_text.find("\n- Khu") + 1)) + "... Xem thêm";
        else text = Citizen(Pick(iv::kPowerCutRepost), c, a, true);
        int g = GroupPost(t, std::move(text), a, c, story, true);
        CommentPlan gp;
        gp.specific = iv::kPowerCutComments;
        gp.located = true;
        Comments(g, rng_.HeavyCount(1.5 * scale_ + 0.3, 40), gp, c);
      }
      if (rng_.Chance(0.3)) Article(After(notice, 6), iv::kPowerCutNewsTitle, iv::kPowerCutNewsBody, c, story, true);
      int msgs = N(rng_.Range(1, 5));
      for (int i = 0; i < msgs; ++i) Zalo(t0_ + d * kDay + c.h1 * 3600 + rng_.Int((c.h2 - c.h1 + 3) * 3600), Pick(iv::kPowerCutZalo), c, story, true);
    }
  }
}

void Generator::WaterCuts() {
  int n = std::max(1, rng_.RoundP(days_ / 5.0 * std::min(1.0, scale_ * 2)));
  for (int k = 0; k < n; ++k) {
    Ctx c;
    c.concern = iv::kDienNuoc;
    c.ward = PickWard();
    c.street = rng_.Int(3);
    c.day = rng_.Range(std::min(1, days_ - 1), days_ - 1);
    c.h1 = rng_.Range(7, 21);
    c.h2 = rng_.Range(5, 17);
    c.reason = Pick(iv::kWaterReasons);
    std::string story = "cat-nuoc-" + std::to_string(c.day) + "-" + iv::Slugify(iv::kWards[static_cast<size_t>(c.ward)].name, 4);
    int64_t notice = TimeOn(std::max(0, c.day - 2), kOfficeHours);
    int p = OfficePost(notice, Fill(Pick(iv::kWaterCutOffice), c), c, story, true);
    CommentPlan plan;
    plan.specific = iv::kWaterCutComments;
    plan.located = true;
    Comments(p, rng_.HeavyCount(8 * scale_, static_cast<int>(300 * scale_) + 5), plan, c);
    int msgs = N(rng_.Range(2, 8));
    for (int i = 0; i < msgs; ++i) Zalo(TimeOn(c.day, kCitizenHours), Pick(iv::kVocab[iv::kDienNuoc].zalo), c, story, true);
  }
}

void Generator::RainDays() {
  int n = std::max(1, days_ / 6);
  for (int k = 0; k < n; ++k) {
    int d = rng_.Int(days_);
    Ctx c;
    c.concern = iv::kNgapMoiTruong;
    c.ward = PickWard();
    c.street = rng_.Int(3);
    c.day = d;
    std::string story = "mua-ngap-" + std::to_string(d);
    int warn = OfficePost(t0_ + std::max(0, d - 1) * kDay + rng_.Range(15, 20) * 3600, Fill(Pick(iv::kRainOffice), c), c, story, false);
    CommentPlan plan;
    plan.specific = iv::kFloodComments;
    Comments(warn, rng_.HeavyCount(10 * scale_, static_cast<int>(300 * scale_) + 5), plan, c);
    int posts = N(rng_.Range(25, 60));
    for (int i = 0; i < posts; ++i) {
      Ctx pc = c;
      // Low-lying wards flood more.
      static constexpr int kLow[] = {0, 1, 6, 11, 2, 9};
      pc.ward = rng_.Chance(0.7) ? kLow[rng_.Int(6)] : PickWard();
      pc.street = rng_.Int(3);
      pc.h1 = rng_.Range(5, 20);
      int a = Authored();
      int64_t t = t0_ + d * kDay + (rng_.Chance(0.8) ? rng_.Range(4, 13) : rng_.Range(14, 22)) * 3600 + rng_.Int(3600);
      int g = GroupPost(t, Citizen(Pick(iv::kFloodPosts), pc, a, true), a, pc, story, true);
      CommentPlan gp;
      gp.specific = iv::kFloodComments;
      Comments(g, rng_.HeavyCount(2 * scale_ + 0.3, 80), gp, pc);
      if (rng_.Chance(0.2)) Zalo(After(t, 2), Pick(iv::kVocab[iv::kNgapMoiTruong].zalo), pc, story, true);
    }
    Article(t0_ + d * kDay + rng_.Range(10, 17) * 3600, iv::kFloodNewsTitle, iv::kFloodNewsBody, c, story, false);
  }
}

void Generator::FuelPrices() {
  int fuel = 23000 + rng_.Int(1500);
  for (int d = 2; d < days_; d += 10) {
    Ctx c;
    c.concern = iv::kGiaCa;
    c.day = d;
    c.h1 = 15;
    c.delta = rng_.Range(15, 90) * 10;
    fuel += rng_.Chance(0.55) ? c.delta : -c.delta;
    c.fuel = fuel;
    c.ward = PickWard();
    std::string story = "gia-xang-" + std::to_string(d);
    Article(t0_ + d * kDay + rng_.Range(13, 15) * 3600, iv::kFuelNewsTitle, iv::kFuelNewsBody, c, story, false);
    int posts = N(rng_.Range(8, 20));
    for (int i = 0; i < posts; ++i) {
      int a = Authored();
      c.ward = PickWard();
      int g = GroupPost(t0_ + d * kDay + rng_.Range(15, 22) * 3600 + rng_.Int(3600), Citizen(Pick(iv::kFuelPosts), c, a, true), a, c, story, false);
      CommentPlan gp;
      gp.specific = iv::kVocab[iv::kGiaCa].comments;
      Comments(g, rng_.HeavyCount(2 * scale_ + 0.3, 60), gp, c);
    }
  }
}

void Generator::Accidents() {
  int n = std::max(1, days_ / 4);
  for (int k = 0; k < n; ++k) {
    Ctx c;
    c.concern = iv::kGiaoThong;
    c.ward = PickWard();
    c.street = rng_.Int(3);
    c.day = rng_.Int(days_);
    int64_t t = TimeOn(c.day, kCitizenHours);
    c.h1 = static_cast<int>((t - t0_) % kDay / 3600);
    std::string story = "tai-nan-" + std::to_string(c.day) + "-" + iv::Slugify(iv::kWards[static_cast<size_t>(c.ward)].streets[c.street], 6);
    int posts = N(rng_.Range(3, 10));
    for (int i = 0; i < posts; ++i) {
      int a = Authored();
      int g = GroupPost(After(t, 1.5), Citizen(Pick(iv::kAccidentPosts), c, a, true), a, c, story, true);
      CommentPlan gp;
      gp.specific = iv::kAccidentComments;
      Comments(g, rng_.HeavyCount(3 * scale_ + 0.3, 120), gp, c);
    }
    if (rng_.Chance(0.7)) Article(After(t, 3), iv::kAccidentNewsTitle, iv::kAccidentNewsBody, c, story, true);
  }
}

void Generator::SlowStories() {
  // 1. A pothole that grows as a story until the office answers (~day 60%).
  {
    Ctx c;
    c.concern = iv::kGiaoThong;
    c.ward = 0;
    c.street = 0;
    int first = std::min(days_ - 1, days_ / 6), fixed = std::max(first + 1, days_ * 6 / 10);
    for (int d = first; d < std::min(fixed, days_); ++d) {
      int posts = rng_.RoundP(scale_ * 0.6 * (1 + (d - first) * 0.45));
      for (int i = 0; i < posts; ++i) {
        int a = Authored();
        int g = GroupPost(TimeOn(d, kCitizenHours), Citizen(Pick(iv::kPotholePosts), c, a, true), a, c, "o-ga-tran-hung-dao", true);
        CommentPlan gp;
        gp.specific = iv::kPotholeComments;
        Comments(g, rng_.HeavyCount(1.5 * scale_ + 0.3, 60), gp, c);
      }
      if (rng_.Chance(0.3 * std::min(1.0, scale_ * 2))) Zalo(TimeOn(d, kCitizenHours), Pick(iv::kVocab[iv::kGiaoThong].zalo), c, "o-ga-tran-hung-dao", true);
    }
    if (fixed < days_) {
      c.day = fixed;
      int p = OfficePost(TimeOn(fixed, kOfficeHours), Fill(Pick(iv::kPotholeOfficeAnswer), c), c, "o-ga-tran-hung-dao", true);
      CommentPlan plan;
      plan.specific = iv::kGenericComments;
      Comments(p, rng_.HeavyCount(8 * scale_, 200), plan, c);
    }
  }
  // 2. The Bờ Đông compensation dispute: grows all month, a dialogue at 2/3.
  {
    Ctx c;
    c.concern = iv::kDatDai;
    int dialogue = std::min(days_ - 1, days_ * 2 / 3);
    for (int d = 0; d < days_; ++d) {
      double rate = scale_ * (0.5 + 3.5 * d / days_) * (d == dialogue ? 3 : 1);
      int posts = rng_.RoundP(rate);
      for (int i = 0; i < posts; ++i) {
        c.ward = rng_.Chance(0.6) ? 2 : 9;
        c.street = rng_.Int(3);
        int a = Authored();
        int g = GroupPost(TimeOn(d, kCitizenHours), Citizen(Pick(iv::kCompensationPosts), c, a, true), a, c, "den-bu-bo-dong", true);
        CommentPlan gp;
        gp.specific = iv::kCompensationComments;
        Comments(g, rng_.HeavyCount(2.5 * scale_ + 0.3, 150), gp, c);
        if (rng_.Chance(0.25)) Zalo(After(TimeOn(d, kCitizenHours), 3), iv::kVocab[iv::kDatDai].zalo[0], c, "den-bu-bo-dong", true);
      }
    }
    c.ward = 2;
    c.day = dialogue;
    int p = OfficePost(TimeOn(std::max(0, dialogue - 3), kOfficeHours), Fill(Pick(iv::kCompensationOffice), c), c, "den-bu-bo-dong", true);
    CommentPlan plan;
    plan.specific = iv::kCompensationComments;
    plan.quote = 0.12;
    Comments(p, rng_.HeavyCount(20 * scale_, 600), plan, c);
    Article(TimeOn(dialogue, kNewsHours), iv::kCompensationNewsTitle, iv::kCompensationNewsBody, c, "den-bu-bo-dong", true);
    if (days_ > 8) Article(TimeOn(days_ / 3, kNewsHours), iv::kCompensationNewsTitle, iv::kCompensationNewsBody, c, "den-bu-bo-dong", true);
  }
  // 3. A dengue cluster in Đồng Gạo, growing from the second week.
  {
    Ctx c;
    c.concern = iv::kYTe;
    c.ward = 10;
    int first = days_ / 4;
    for (int d = first; d < days_; ++d) {
      int posts = rng_.RoundP(scale_ * 0.3 * (1 + (d - first) * 0.25));
      for (int i = 0; i < posts; ++i) {
        c.street = rng_.Int(3);
        int a = Authored();
        int g = GroupPost(TimeOn(d, kCitizenHours), Citizen(Pick(iv::kDenguePosts), c, a, true), a, c, "sot-xuat-huyet-dong-gao", true);
        CommentPlan gp;
        gp.specific = iv::kVocab[iv::kYTe].comments;
        Comments(g, rng_.HeavyCount(1.5 * scale_ + 0.3, 60), gp, c);
      }
    }
    c.day = std::min(days_ - 1, first + days_ / 4);
    int p = OfficePost(TimeOn(c.day, kOfficeHours), Fill(Pick(iv::kDengueOffice), c), c, "sot-xuat-huyet-dong-gao", true);
    CommentPlan plan;
    plan.specific = iv::kVocab[iv::kYTe].comments;
    Comments(p, rng_.HeavyCount(8 * scale_, 300), plan, c);
    Article(After(recs_[static_cast<size_t>(p)].t, 10), iv::kDengueNewsTitle, iv::kDengueNewsBody, c, "sot-xuat-huyet-dong-gao", true);
  }
}

void Generator::ScamWaves() {
  int n = std::max(1, days_ / 7);
  for (int k = 0; k < n; ++k) {
    Ctx c;
    c.concern = iv::kLuaDao;
    c.ward = PickWard();
    c.day = rng_.Int(days_);
    int p = OfficePost(TimeOn(c.day, kOfficeHours), Fill(Pick(iv::kScamWarningOffice), c), c, "", false);
    CommentPlan plan;
    plan.specific = iv::kVocab[iv::kLuaDao].comments;
    Comments(p, rng_.HeavyCount(12 * scale_, 500), plan, c);
  }
}

void Generator::Rumours() {
  for (size_t ri = 0; ri < iv::kRumours.size(); ++ri) {
    const iv::RumourVocab& rv = iv::kRumours[ri];
    int day = rumour_day_[ri];
    int64_t start = rumour_start_[ri];
    Ctx c;
    c.concern = rv.concern;
    c.rumour = static_cast<int>(ri);
    c.day = day;
    c.fday = day + 3;
    int fc = 0;
    for (size_t i = 0; i < iv::kFactChecks.size(); ++i) if (iv::kFactChecks[i].rumour == static_cast<int>(ri)) fc = static_cast<int>(i);
    c.fc_url = std::string(kFactCheckUrl) + iv::kFactChecks[static_cast<size_t>(fc)].slug;
    std::string story = std::string("tin-don-") + rv.key;

    auto repost = [&](int64_t t, double comment_scale, double mean_hours) {
      Ctx pc = c;
      pc.ward = PickWard();
      pc.street = rng_.Int(3);
      int a = Authored();
      std::string text = Citizen(Pick(rv.claims), pc, a, true);
      double r = rng_.Unit();
      if (r < 0.3) text = std::string(Pick(iv::kSharePrefixes)) + text;
      else if (r < 0.38) text = iv::ToUpper(text);
      else if (r < 0.46 && text.size() > 90) {
        size_t cut = text.find(' ', 60);
        if (cut != std::string::npos) text = text.substr(0, cut) + "... Xem thêm";
      }
      int g = GroupPost(t, std::move(text), a, pc, story, false);
      CommentPlan gp;
      gp.specific = rv.comments;
      gp.generic = 0.12;
      gp.quote = 0.1;
      gp.mean_hours = mean_hours;
      Comments(g, rng_.HeavyCount(comment_scale, 200), gp, pc);
    };
    // Seeds: a few posts in the day before the burst.
    int seeds = std::max(1, N(rng_.Range(4, 9)));
    for (int i = 0; i < seeds; ++i) repost(std::max(t0_, start - rng_.Int(20 * 3600)), 0.5 * scale_ + 0.2, 3);
    // The burst: ~3 hours of reposts (each drawing quick comments).
    int burst = std::max(3, N(rng_.Range(70, 110)));
    for (int i = 0; i < burst; ++i) {
      int64_t t = start + static_cast<int64_t>(std::min(4.0 * 3600, rng_.Exp(1.1 * 3600)));
      repost(std::min(t, t_end_ - 1), 1.6 * scale_ + 0.3, 0.6);
    }
    int qs = std::max(1, N(rng_.Range(15, 35)));
    for (int i = 0; i < qs; ++i) {
      Ctx zc = c;
      zc.ward = PickWard();
      Zalo(start + static_cast<int64_t>(rng_.Exp(2 * 3600)), Pick(rv.zalo), zc, story, false);
    }
    // The office answers a few hours into the burst, the paper next morning.
    int64_t answer = start + rng_.Range(2, 5) * 3600 + rng_.Int(3600);
    if (answer < t_end_) {
      int p = OfficePost(answer, Fill(Pick(rv.office_debunk), c), c, story + "-cai-chinh", false);
      CommentPlan plan;
      plan.specific = iv::kGenericComments;
      plan.generic = 0.4;
      plan.mean_hours = 2;
      Comments(p, rng_.HeavyCount(15 * scale_, 500), plan, c);
      int64_t news = t0_ + (day + 1) * kDay + rng_.Range(6, 9) * 3600;
      if (news < t_end_) Article(news, rv.news_title, rv.news_body, c, story + "-cai-chinh", false);
    }
    // Tail: a decaying trickle over the next days.
    int tail = N(rng_.Range(10, 20));
    for (int i = 0; i < tail; ++i) {
      int64_t t = start + 4 * 3600 + static_cast<int64_t>(rng_.Exp(1.5 * kDay));
      if (t < t_end_) repost(t, 0.3 * scale_ + 0.2, 4);
    }
    DemoRumour info;
    info.key = rv.key;
    info.fact_check_id = "fc-" + std::to_string(fc + 1);
    info.claim = iv::kFactChecks[static_cast<size_t>(fc)].claim;
    info.burst_day = day;
    info.burst_start = FormatLocal(start);
    rumour_info_.push_back(std::move(info));
  }
}

void Generator::Background() {
  // Daily news beyond the events.
  int articles = N(days_ * 10.0);
  for (int i = 0; i < articles; ++i) {
    int concern = rng_.Int(iv::kConcernCount);
    Ctx c;
    c.concern = concern;
    c.ward = PickWard();
    c.street = rng_.Int(3);
    int64_t t = AnyTime(kNewsHours);
    c.day = DayOf(t);
    Article(t, iv::kVocab[concern].news_titles, iv::kVocab[concern].news_body, c, "", rng_.Chance(0.5));
  }
  static constexpr int kWeights[iv::kConcernCount] = {9, 8, 14, 13, 10, 9, 9, 12, 8, 8, 10};
  auto concern_pick = [&] {
    int r = rng_.Int(110);
    for (int k = 0; k < iv::kConcernCount; ++k) {
      r -= kWeights[k];
      if (r < 0) return k;
    }
    return static_cast<int>(iv::kChung);
  };
  // Office posts collected so far take some background comments too.
  std::vector<int> page_posts;
  for (size_t i = 0; i < recs_.size(); ++i) if (recs_[i].src == kPage && recs_[i].kind == kPost) page_posts.push_back(static_cast<int>(i));
  while (static_cast<int64_t>(recs_.size()) < target_) {
    int64_t left = target_ - static_cast<int64_t>(recs_.size());
    int concern = concern_pick();
    Ctx c;
    c.concern = concern;
    c.ward = PickWard();
    c.street = rng_.Int(3);
    c.h1 = rng_.Range(6, 23);
    double r = rng_.Unit();
    if (r < 0.5) {
      int64_t t = AnyTime(kCitizenHours);
      c.day = DayOf(t);
      const char* tmpl = Pick(iv::kVocab[concern].zalo);
      Zalo(t, tmpl, c, "", Located(tmpl));
    } else if (r < 0.72 && !page_posts.empty()) {
      int p = page_posts[static_cast<size_t>(rng_.Int(static_cast<int>(page_posts.size())))];
      CommentPlan plan;
      c.concern = recs_[static_cast<size_t>(p)].concern;
      if (c.concern < 0) c.concern = iv::kChung;
      plan.specific = iv::kVocab[c.concern].comments;
      int64_t have = recs_[static_cast<size_t>(p)].m[2];
      Comments(p, static_cast<int>(std::min<int64_t>(left, 1 + rng_.Int(3))), plan, c);
      recs_[static_cast<size_t>(p)].m[2] += have;
    } else {
      int a = Authored();
      int64_t t = AnyTime(kCitizenHours);
      c.day = DayOf(t);
      const char* tmpl = Pick(iv::kVocab[concern].posts);
      int g = GroupPost(t, Citizen(tmpl, c, a, true), a, c, "", Located(tmpl));
      CommentPlan gp;
      gp.specific = iv::kVocab[concern].comments;
      int n = static_cast<int>(std::min<int64_t>(left - 1, rng_.HeavyCount(1.2, 250)));
      Comments(g, std::max(0, n), gp, c);
    }
  }
}

void Generator::Run() {
  // Rumours first: their bursts get the budget they need at any scale.
  Rumours();
  PowerCuts();
  WaterCuts();
  RainDays();
  FuelPrices();
  Accidents();
  SlowStories();
  ScamWaves();
  OfficeDaily();
  Background();
}

void Generator::Write(std::ostream& out, DemoTruth* truth) {
  std::vector<uint32_t> order(recs_.size());
  for (size_t i = 0; i < recs_.size(); ++i) order[i] = static_cast<uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const Rec& x = recs_[a];
    const Rec& y = recs_[b];
    if (x.t != y.t) return x.t < y.t;
    return x.seq < y.seq;
  });
  std::string line;
  std::string buf;
  buf.reserve(1 << 20);
  if (truth) {
    truth->items.clear();
    truth->items.reserve(recs_.size());
    truth->rumours = rumour_info_;
  }
  for (uint32_t i : order) {
    const Rec& r = recs_[i];
    line.clear();
    line += "{\"id\":";
    iv::AppendJsonString(&line, r.id);
    line += ",\"source\":\"";
    line += kSources[r.src];
    line += "\",\"kind\":\"";
    line += kKinds[r.kind];
    line += '"';
    if (!r.title.empty()) {
      line += ",\"title\":";
      iv::AppendJsonString(&line, r.title);
    }
    line += ",\"text\":";
    // A text with any decomposed part (an NFD repost quoted, prefixed or
    // truncated) is decomposed throughout, as a device would send it.
    iv::AppendJsonString(&line, iv::HasCombiningMarks(r.text) ? iv::ToNfd(r.text) : r.text);
    if (!r.url.empty()) {
      line += ",\"url\":";
      iv::AppendJsonString(&line, r.url);
    }
    line += ",\"author\":";
    iv::AppendJsonString(&line, r.author);
    line += ",\"published_at\":\"";
    line += FormatLocal(r.t);
    line += '"';
    if (!r.parent_id.empty()) {
      line += ",\"parent_id\":";
      iv::AppendJsonString(&line, r.parent_id);
    }
    if (r.has_metrics) {
      char m[160];
      std::snprintf(m, sizeof m, ",\"metrics\":{\"reactions\":%lld,\"shares\":%lld,\"comments\":%lld,\"views\":%lld}",
                    static_cast<long long>(r.m[0]), static_cast<long long>(r.m[1]), static_cast<long long>(r.m[2]),
                    static_cast<long long>(r.m[3]));
      line += m;
    }
    if (!r.place.empty()) {
      line += ",\"place\":";
      iv::AppendJsonString(&line, r.place);
    }
    if (r.label >= 0) {
      line += ",\"labels\":[\"";
      line += iv::kConcernLabel[r.label];
      line += "\"]";
    }
    line += "}\n";
    buf += line;
    if (buf.size() > (1 << 20) - 4096) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
    if (truth) {
      DemoItemTruth t;
      t.source = kSources[r.src];
      t.id = r.id;
      t.story = r.story;
      if (r.rumour >= 0) t.fact_check_id = rumour_info_[static_cast<size_t>(r.rumour)].fact_check_id;
      truth->items.push_back(std::move(t));
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

}  // namespace

void GenerateItems(const DemoOptions& opts, std::ostream& out, DemoTruth* truth) {
  Generator g(opts);
  g.Run();
  g.Write(out, truth);
}

void GenerateItems(const DemoOptions& opts, std::ostream& out) { GenerateItems(opts, out, nullptr); }

void GenerateFactChecks(const DemoOptions& opts, std::ostream& out) {
  // Rumour fact-checks are dated a few hours into their burst (the same
  // schedule GenerateItems uses); the rest of the library predates the
  // period or falls inside it.
  Generator g(opts);
  Rand rng(opts.seed ^ 0xfac7c4ecULL);
  int days = std::max(1, opts.days);
  int64_t t0 = ParseStartDay(opts.start) * kDay;
  std::string line;
  for (size_t i = 0; i < iv::kFactChecks.size(); ++i) {
    const iv::FactCheckVocab& f = iv::kFactChecks[i];
    int64_t t;
    if (f.rumour >= 0) {
      // Before the office's answer, which comes 2-6 hours into the burst.
      t = g.rumour_start(f.rumour) + 90 * 60 + rng.Int(1800);
    } else if (rng.Chance(0.6)) {
      t = t0 - static_cast<int64_t>(rng.Range(5, 120)) * kDay + rng.Range(8, 17) * 3600 + rng.Int(3600);
    } else {
      t = t0 + static_cast<int64_t>(rng.Int(days)) * kDay + rng.Range(8, 17) * 3600 + rng.Int(3600);
    }
    line.clear();
    line += "{\"id\":";
    iv::AppendJsonString(&line, "fc-" + std::to_string(i + 1));
    line += ",\"claim\":";
    iv::AppendJsonString(&line, f.claim);
    line += ",\"verdict\":";
    iv::AppendJsonString(&line, f.verdict);
    line += ",\"body\":";
    iv::AppendJsonString(&line, f.body);
    line += ",\"url\":";
    iv::AppendJsonString(&line, std::string(kFactCheckUrl) + f.slug);
    line += ",\"published_at\":\"";
    line += FormatLocal(t);
    line += "\"}\n";
    out << line;
  }
}

std::string TownBoundaries() {
  // Cells of 0.012 degrees: the phường on a 4 x 2 grid in kWards' order, the
  // xã as larger blocks around it (north-west, north-east, west, east, south).
  struct Box {
    double x0, y0, x1, y1;
  };
  constexpr Box kPhuong[] = {{0, 1, 1, 2}, {1, 1, 2, 2}, {2, 1, 3, 2}, {3, 1, 4, 2},
                             {0, 0, 1, 1}, {1, 0, 2, 1}, {2, 0, 3, 1}, {3, 0, 4, 1}};
  constexpr Box kXa[] = {{-2, 2, 2, 4}, {2, 2, 6, 4}, {-2, -2, 0, 2}, {4, -2, 6, 2}, {0, -2, 4, 0}};
  const double lon0 = 106.30, lat0 = 10.20, cell = 0.012;
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  size_t phuong = 0, xa = 0;
  for (size_t i = 0; i < internal::kWards.size(); ++i) {
    const auto& w = internal::kWards[i];
    const bool is_xa = std::string_view(w.type) == "xã";
    const Box b = is_xa ? kXa[xa++ % std::size(kXa)] : kPhuong[phuong++ % std::size(kPhuong)];
    char ring[512];
    std::snprintf(ring, sizeof ring, "[[[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f]]]",
                  lon0 + b.x0 * cell, lat0 + b.y0 * cell, lon0 + b.x1 * cell, lat0 + b.y0 * cell, lon0 + b.x1 * cell,
                  lat0 + b.y1 * cell, lon0 + b.x0 * cell, lat0 + b.y1 * cell, lon0 + b.x0 * cell, lat0 + b.y0 * cell);
    if (i) out += ",";
    out += "{\"type\":\"Feature\",\"properties\":{\"name\":\"" + std::string(w.type) + " " + w.name +
           "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + ring + "}}";
  }
  out += "]}";
  return out;
}

}  // namespace vox::demo
