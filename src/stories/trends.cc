// Trends: which stories and concerns are rising now, with counts small
// enough for a town. For each entity (a story; a concern = a predicted
// category with score >= category_min_score, or a staff label) and each
// sub-window ending at `now` (1, 3, 6, 12, 24 h, ... up to the window):
//   expected = max(own baseline rate, floor) x hours x hour-of-day factor
// where the own rate is the entity's count in the trailing baseline divided
// by its hours, and the hour-of-day factor is the share of all baseline
// items posted in those hours of the day (Vietnam time, +1 smoothing)
// relative to a flat day. p = P(X >= count), X ~ Poisson(expected), times
// the number of sub-windows tried; score = -log10(p). The sub-window with
// the best score is reported, with a sentence a person can read.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "stories/stories.h"

namespace vox::stories {

double PoissonTail(int64_t k, double lambda) {
  if (k <= 0) return 1.0;
  if (lambda <= 0) return 0.0;
  // log pmf(j) = -lambda + j log lambda - lgamma(j+1)
  auto log_pmf = [&](int64_t j) { return -lambda + j * std::log(lambda) - std::lgamma(static_cast<double>(j) + 1); };
  if (static_cast<double>(k) > lambda) {
    // Upper tail directly: terms decrease past the mode.
    double sum = 0;
    double lp0 = log_pmf(k);
    for (int64_t j = k; j < k + 1000; ++j) {
      double term = std::exp(log_pmf(j) - lp0);
      sum += term;
      if (term < 1e-16 * sum) break;
    }
    return std::min(1.0, std::exp(lp0) * sum);
  }
  double cdf = 0;
  for (int64_t j = 0; j < k; ++j) cdf += std::exp(log_pmf(j));
  return std::clamp(1.0 - cdf, 0.0, 1.0);
}

namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kVietnamOffset = 7 * kHour;

int HourOfDay(int64_t t) { return static_cast<int>(((t + kVietnamOffset) % 86400 + 86400) % 86400 / kHour); }

struct Obs {
  int64_t t;
  const std::string* author;
};

struct Entity {
  std::vector<Obs> recent;  // inside the window
  int64_t baseline = 0;     // count in the baseline
};

std::string Hours(int64_t secs) {
  char buf[32];
  if (secs % 86400 == 0 && secs >= 2 * 86400) std::snprintf(buf, sizeof buf, "%lld d", static_cast<long long>(secs / 86400));
  else std::snprintf(buf, sizeof buf, "%lld h", static_cast<long long>(secs / kHour));
  return buf;
}

}  // namespace

Result<int64_t> NewestItemTime(store::Store& st) {
  int64_t newest = 0;
  store::ItemQuery q;
  q.newest_first = true;
  q.limit = 1;
  VOX_RETURN_IF_ERROR(st.ForEachItem(q, [&](const store::StoredItem& si) {
    newest = si.item.published_at;
    return false;
  }));
  return newest;
}

// The items of the baseline and the window, reduced to what the test needs.
struct TrendCounter::Rows {
  struct Row {
    int64_t t;
    int64_t story;
    size_t author;
    std::vector<std::string> concerns;
  };
  std::vector<Row> rows;
  std::vector<std::string> authors;  // interned pseudonyms
  std::unordered_map<std::string, size_t> author_ix;
  // Baseline counted from the hourly rollups (AddBaselineHours).
  std::array<double, 24> hod{};
  int64_t base_total = 0;
  std::unordered_map<int64_t, int64_t> story_base;
  std::map<std::string, int64_t> concern_base;
};

TrendCounter::TrendCounter(const TrendOptions& opts) : opts_(opts), rows_(std::make_unique<Rows>()) {}
TrendCounter::~TrendCounter() = default;
TrendCounter::TrendCounter(TrendCounter&&) noexcept = default;

int64_t TrendCounter::since() const { return opts_.now - opts_.window - opts_.baseline_days * 86400; }
int64_t TrendCounter::until() const { return opts_.now; }

void TrendCounter::Add(const store::StoredItem& si) {
  if (si.item.published_at < since() || si.item.published_at >= until()) return;
  Rows::Row r;
  r.t = si.item.published_at;
  r.story = si.story_id;
  auto [it, added] = rows_->author_ix.try_emplace(si.item.author_pseudonym, rows_->authors.size());
  if (added) rows_->authors.push_back(si.item.author_pseudonym);
  r.author = it->second;
  std::set<std::string> cs;
  for (const std::string& c : si.categories) {
    size_t colon = c.rfind(':');
    std::string name = colon == std::string::npos ? c : c.substr(0, colon);
    double score = colon == std::string::npos ? 1.0 : std::atof(c.c_str() + colon + 1);
    if (!name.empty() && score >= opts_.category_min_score) cs.insert(name);
  }
  for (const std::string& l : si.item.labels) {
    if (!l.empty()) cs.insert(l);
  }
  r.concerns.assign(cs.begin(), cs.end());
  rows_->rows.push_back(std::move(r));
}

Status TrendCounter::AddBaselineHours(store::Store& st, int64_t from_hour, int64_t to_hour) {
  if (opts_.category_min_score != 0.5 || opts_.min_count < 1) {
    return Status::InvalidArgument("the hourly rollups count concerns from a score of 0.5 and need min_count >= 1");
  }
  Rows& r = *rows_;
  store::HourCountQuery q;
  q.from_hour = from_hour;
  q.to_hour = to_hour;
  q.kind = store::HourCountKind::kSource;
  q.by_hour = true;
  VOX_RETURN_IF_ERROR(st.ForEachHourCount(q, [&](const store::HourCount& c) {
    r.hod[HourOfDay(c.hour * kHour)] += static_cast<double>(c.n);
    r.base_total += c.n;
    return true;
  }));
  // Only an entity with min_count items in the window is tested: the others' baselines are never read.
  const int64_t win_start = opts_.now - opts_.window;
  std::unordered_map<int64_t, int64_t> story_recent;
  std::map<std::string, int64_t> concern_recent;
  for (const Rows::Row& row : r.rows) {
    if (row.t < win_start) continue;
    if (row.story) ++story_recent[row.story];
    for (const std::string& c : row.concerns) ++concern_recent[c];
  }
  q.by_hour = false;
  q.kind = store::HourCountKind::kStory;
  for (const auto& [id, n] : story_recent) {
    if (n >= opts_.min_count) q.keys.push_back(std::to_string(id));
  }
  if (!q.keys.empty()) {
    VOX_RETURN_IF_ERROR(st.ForEachHourCount(q, [&](const store::HourCount& c) {
      r.story_base[std::strtoll(c.key.c_str(), nullptr, 10)] += c.n;
      return true;
    }));
  }
  q.kind = store::HourCountKind::kConcern;
  q.keys.clear();
  for (const auto& [name, n] : concern_recent) {
    if (n >= opts_.min_count) q.keys.push_back(name);
  }
  if (!q.keys.empty()) {
    VOX_RETURN_IF_ERROR(st.ForEachHourCount(q, [&](const store::HourCount& c) {
      r.concern_base[c.key] += c.n;
      return true;
    }));
  }
  return Status::Ok();
}

Result<std::vector<Trend>> ComputeTrends(store::Store& st, const TrendOptions& opts) {
  if (opts.window < kHour) return Status::InvalidArgument("trend window must be at least 1h");
  TrendOptions o = opts;
  if (o.now == 0) {
    auto newest = NewestItemTime(st);
    if (!newest.ok()) return newest.status();
    if (*newest == 0) return std::vector<Trend>();
    o.now = *newest + 1;
  }
  TrendCounter counter(o);
  auto add = [&](const store::StoredItem& si) {
    counter.Add(si);
    return true;
  };
  store::ItemQuery q;
  q.counts_only = true;
  // The baseline's whole hours come from the hourly rollups: the items read
  // are the window's and the baseline's two partial hours.
  const int64_t since = counter.since(), win_start = o.now - o.window;
  const int64_t from_hour = since >= 0 ? (since + kHour - 1) / kHour : since / kHour;
  const int64_t to_hour = win_start >= 0 ? win_start / kHour : (win_start - kHour + 1) / kHour;
  if (o.category_min_score == 0.5 && o.min_count >= 1 && from_hour < to_hour) {
    for (auto [a, b] : {std::pair{since, from_hour * kHour}, std::pair{to_hour * kHour, counter.until()}}) {
      if (a >= b) continue;
      q.since = a;
      q.until = b;
      VOX_RETURN_IF_ERROR(st.ForEachItem(q, add));
    }
    VOX_RETURN_IF_ERROR(counter.AddBaselineHours(st, from_hour, to_hour));
    return counter.Finish(st);
  }
  q.since = counter.since();
  q.until = counter.until();
  VOX_RETURN_IF_ERROR(st.ForEachItem(q, add));
  return counter.Finish(st);
}

Result<std::vector<Trend>> TrendCounter::Finish(store::Store& st) {
  const TrendOptions& opts = opts_;
  if (opts.window < kHour) return Status::InvalidArgument("trend window must be at least 1h");
  const int64_t now = opts.now;
  const int64_t win_start = now - opts.window;
  const double base_hours = static_cast<double>(opts.baseline_days * 24);
  // Items are kept in the order they came; order does not change a figure.
  std::unordered_map<int64_t, Entity> stories;
  std::map<std::string, Entity> concerns;
  std::array<double, 24> hod = rows_->hod;
  int64_t base_total = rows_->base_total;
  for (const auto& [id, n] : rows_->story_base) stories[id].baseline += n;
  for (const auto& [name, n] : rows_->concern_base) concerns[name].baseline += n;
  const std::vector<Rows::Row>& rows = rows_->rows;
  const std::vector<std::string>& authors = rows_->authors;

  for (const Rows::Row& r : rows) {
    const bool recent = r.t >= win_start;
    if (!recent) {
      hod[HourOfDay(r.t)] += 1;
      ++base_total;
    }
    const std::string* author = authors[r.author].empty() ? nullptr : &authors[r.author];
    auto note = [&](Entity& e) {
      if (recent) e.recent.push_back({r.t, author});
      else ++e.baseline;
    };
    if (r.story) note(stories[r.story]);
    for (const std::string& c : r.concerns) note(concerns[c]);
  }
  // Hour-of-day factor: share of the day's posts in that hour x 24 (+1 smoothing).
  std::array<double, 24> factor;
  for (int h = 0; h < 24; ++h) factor[h] = (hod[h] + 1) * 24.0 / (static_cast<double>(base_total) + 24);

  std::vector<int64_t> spans;
  for (int64_t s : {1, 3, 6, 12, 24, 48, 72, 168}) {
    if (s * kHour <= opts.window) spans.push_back(s * kHour);
  }
  if (spans.empty() || spans.back() != opts.window) spans.push_back(opts.window);

  std::vector<Trend> out;
  auto evaluate = [&](const Entity& e, double floor_per_hour, Trend proto) {
    if (static_cast<int64_t>(e.recent.size()) < opts.min_count) return;
    const double rate = std::max(static_cast<double>(e.baseline) / base_hours, floor_per_hour);
    Trend best;
    best.score = -1;
    for (int64_t span : spans) {
      const int64_t from = now - span;
      int64_t count = 0;
      std::set<const std::string*> voices;
      for (const Obs& o : e.recent) {
        if (o.t >= from) {
          ++count;
          if (o.author) voices.insert(o.author);
        }
      }
      double hod_sum = 0;
      for (int64_t t = from; t < now; t += kHour) hod_sum += factor[HourOfDay(t)];
      const double expected = rate * hod_sum;
      double p = std::min(1.0, PoissonTail(count, expected) * static_cast<double>(spans.size()));
      double score = -std::log10(std::max(p, 1e-300));
      if (score > best.score) {
        best = proto;
        best.count = count;
        best.voices = static_cast<int64_t>(voices.size());
        best.span_seconds = span;
        best.expected = expected;
        best.p_value = p;
        best.score = score;
      }
    }
    if (best.score < opts.min_score || best.count < opts.min_count) return;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%lld posts from %lld voices in %s; %.1f expected", static_cast<long long>(best.count),
                  static_cast<long long>(best.voices), Hours(best.span_seconds).c_str(), best.expected);
    best.explanation = buf;
    out.push_back(std::move(best));
  };
  // Deterministic order of evaluation: stories by id, concerns by name.
  std::vector<int64_t> ids;
  for (const auto& [id, e] : stories) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (int64_t id : ids) {
    Trend proto;
    proto.kind = "story";
    proto.story_id = id;
    evaluate(stories[id], opts.story_floor_per_hour, proto);
  }
  for (const auto& [name, e] : concerns) {
    Trend proto;
    proto.kind = "concern";
    proto.key = name;
    evaluate(e, opts.concern_floor_per_hour, proto);
  }
  std::stable_sort(out.begin(), out.end(), [](const Trend& a, const Trend& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.count > b.count;
  });
  if (opts.limit > 0 && static_cast<int64_t>(out.size()) > opts.limit) out.resize(opts.limit);
  // Stories are named by their headline (or the label staff set).
  for (Trend& t : out) {
    if (t.kind != "story") continue;
    auto s = st.GetStory(t.story_id, /*with_counts=*/false);
    if (!s.ok()) return s.status();
    if (!s->has_value()) continue;
    auto headline = StoryHeadline(st, **s);
    if (!headline.ok()) return headline.status();
    t.key = *headline;
  }
  return out;
}

}  // namespace vox::stories
