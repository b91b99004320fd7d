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
  int group;  // windowed (ComputeTrends): the partial hour it was read for, see Rows::Row
};

struct Entity {
  std::vector<Obs> recent;  // inside the window (windowed: its partial hours' items only)
  int64_t baseline = 0;     // count in the baseline
  std::vector<std::pair<int64_t, int64_t>> hours;  // windowed: the window's whole hours (hour, items)
};

int64_t CeilHour(int64_t t) { return t >= 0 ? (t + kHour - 1) / kHour : t / kHour; }
int64_t FloorHour(int64_t t) { return t >= 0 ? t / kHour : (t - kHour + 1) / kHour; }

// The sub-windows tried: 1, 3, 6, 12, 24 h... up to the window, and the window.
std::vector<int64_t> Spans(int64_t window) {
  std::vector<int64_t> spans;
  for (int64_t s : {1, 3, 6, 12, 24, 48, 72, 168}) {
    if (s * kHour <= window) spans.push_back(s * kHour);
  }
  if (spans.empty() || spans.back() != window) spans.push_back(window);
  return spans;
}

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
    // Windowed: -1 for the baseline; k for the partial hour that begins the
    // k-th sub-window ([now - span_k, the next hour)); spans.size() for the
    // partial hour that ends the window ([the last whole hour, now)).
    int group = -1;
  };
  std::vector<Row> rows;
  int group = -1;  // the group of the rows Add adds now
  // Windowed (ComputeTrends): the window's whole hours come from the rollups.
  bool windowed = false;
  std::unordered_map<int64_t, std::vector<std::pair<int64_t, int64_t>>> story_hours;
  std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> concern_hours;
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
  r.group = rows_->group;
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
  const int whole_window = r.windowed ? static_cast<int>(Spans(opts_.window).size()) - 1 : -1;
  for (const Rows::Row& row : r.rows) {
    if (row.t < win_start) continue;
    // Windowed: the other sub-windows' partial hours are inside the window's whole hours.
    if (r.windowed && row.group < whole_window) continue;
    if (row.story) ++story_recent[row.story];
    for (const std::string& c : row.concerns) ++concern_recent[c];
  }
  for (const auto& [id, hours] : r.story_hours) {
    for (const auto& [h, n] : hours) story_recent[id] += n;
  }
  for (const auto& [name, hours] : r.concern_hours) {
    for (const auto& [h, n] : hours) concern_recent[name] += n;
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
  auto read = [&](int64_t a, int64_t b, int group) -> Status {
    if (a >= b) return Status::Ok();
    q.since = a;
    q.until = b;
    counter.rows_->group = group;
    return st.ForEachItem(q, add);
  };
  // Whole hours come from the hourly rollups, the baseline's and the
  // window's: the items read one by one are those of the partial hours at
  // the edges of the baseline and of each sub-window.
  const int64_t since = counter.since(), now = o.now, win_start = now - o.window;
  const int64_t from_hour = CeilHour(since), to_hour = FloorHour(win_start);
  const int64_t w_from = CeilHour(win_start), w_to = FloorHour(now);
  if (o.category_min_score == 0.5 && o.min_count >= 1 && o.window % kHour == 0 && from_hour < to_hour &&
      w_from < w_to) {
    TrendCounter::Rows& r = *counter.rows_;
    r.windowed = true;
    VOX_RETURN_IF_ERROR(read(since, from_hour * kHour, -1));
    VOX_RETURN_IF_ERROR(read(to_hour * kHour, win_start, -1));
    const std::vector<int64_t> spans = Spans(o.window);
    for (size_t k = 0; k < spans.size(); ++k) {
      const int64_t a = now - spans[k];
      VOX_RETURN_IF_ERROR(read(a, std::min(CeilHour(a) * kHour, now), static_cast<int>(k)));
    }
    VOX_RETURN_IF_ERROR(read(w_to * kHour, now, static_cast<int>(spans.size())));
    store::HourCountQuery hq;
    hq.from_hour = w_from;
    hq.to_hour = w_to;
    hq.by_hour = true;
    hq.kind = store::HourCountKind::kStory;
    VOX_RETURN_IF_ERROR(st.ForEachHourCount(hq, [&](const store::HourCount& c) {
      r.story_hours[std::strtoll(c.key.c_str(), nullptr, 10)].emplace_back(c.hour, c.n);
      return true;
    }));
    hq.kind = store::HourCountKind::kConcern;
    VOX_RETURN_IF_ERROR(st.ForEachHourCount(hq, [&](const store::HourCount& c) {
      r.concern_hours[c.key].emplace_back(c.hour, c.n);
      return true;
    }));
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
      if (recent) e.recent.push_back({r.t, author, r.group});
      else ++e.baseline;
    };
    if (r.story) note(stories[r.story]);
    for (const std::string& c : r.concerns) note(concerns[c]);
  }
  // Hour-of-day factor: share of the day's posts in that hour x 24 (+1 smoothing).
  std::array<double, 24> factor;
  for (int h = 0; h < 24; ++h) factor[h] = (hod[h] + 1) * 24.0 / (static_cast<double>(base_total) + 24);

  const std::vector<int64_t> spans = Spans(opts.window);
  const bool windowed = rows_->windowed;
  const int tail = static_cast<int>(spans.size());
  for (const auto& [id, hours] : rows_->story_hours) stories[id].hours = hours;
  for (const auto& [name, hours] : rows_->concern_hours) concerns[name].hours = hours;
  // Windowed: items in [now - span, now) are the partial hour read for that
  // sub-window, the whole hours from the next one on, and the last partial hour.
  auto count_from = [&](const Entity& e, size_t k, std::set<const std::string*>* voices) {
    const int64_t from = now - spans[k];
    int64_t count = 0;
    if (!windowed) {
      for (const Obs& o : e.recent) {
        if (o.t >= from) {
          ++count;
          if (o.author) voices->insert(o.author);
        }
      }
      return count;
    }
    for (const Obs& o : e.recent) count += o.group == static_cast<int>(k) || o.group == tail;
    const int64_t first_whole = CeilHour(from);
    for (const auto& [h, n] : e.hours) {
      if (h >= first_whole) count += n;
    }
    return count;
  };

  std::vector<Trend> out;
  auto evaluate = [&](const Entity& e, double floor_per_hour, Trend proto) {
    std::set<const std::string*> unused;
    if (windowed && count_from(e, spans.size() - 1, &unused) < opts.min_count) return;
    if (!windowed && static_cast<int64_t>(e.recent.size()) < opts.min_count) return;
    const double rate = std::max(static_cast<double>(e.baseline) / base_hours, floor_per_hour);
    Trend best;
    best.score = -1;
    for (size_t k = 0; k < spans.size(); ++k) {
      const int64_t span = spans[k];
      const int64_t from = now - span;
      std::set<const std::string*> voices;
      const int64_t count = count_from(e, k, &voices);
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
  // Windowed, the voices of the trends kept are counted from their items now.
  for (Trend& t : out) {
    if (!windowed) continue;
    std::set<std::string> voices;
    store::ItemQuery vq;
    vq.counts_only = true;
    vq.since = now - t.span_seconds;
    vq.until = now;
    auto note = [&](const store::StoredItem& si) {
      bool has = t.kind == "story";
      for (const std::string& c : si.categories) {
        const size_t colon = c.rfind(':');
        const double score = colon == std::string::npos ? 1.0 : std::atof(c.c_str() + colon + 1);
        has = has || ((colon == std::string::npos ? c : c.substr(0, colon)) == t.key && score >= opts.category_min_score);
      }
      for (const std::string& l : si.item.labels) has = has || l == t.key;
      if (has && !si.item.author_pseudonym.empty()) voices.insert(si.item.author_pseudonym);
      return true;
    };
    if (t.kind == "story") {
      vq.story_id = t.story_id;
      VOX_RETURN_IF_ERROR(st.ForEachItem(vq, note));
    } else {
      vq.category = t.key;
      VOX_RETURN_IF_ERROR(st.ForEachItem(vq, note));
      vq.category.clear();
      vq.label = t.key;
      VOX_RETURN_IF_ERROR(st.ForEachItem(vq, note));
    }
    t.voices = static_cast<int64_t>(voices.size());
  }
  for (Trend& t : out) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%lld posts from %lld voices in %s; %.1f expected", static_cast<long long>(t.count),
                  static_cast<long long>(t.voices), Hours(t.span_seconds).c_str(), t.expected);
    t.explanation = buf;
  }
  // Stories are named by their headline (or the label staff set).
  for (Trend& t : out) {
    if (t.kind != "story" || !opts.name_stories) continue;
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
