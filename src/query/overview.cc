#include "query/overview.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "common/time.h"
#include "desk/desk.h"
#include "stories/stories.h"

namespace vox::query {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : (a - b + 1) / b; }

std::string DateOf(int64_t day) {
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(day, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

Json MatchWithClaim(store::Store& store, const store::Match& m, std::map<std::string, Json>* seen) {
  Json j = MatchJson(m);
  auto it = seen->find(m.factcheck_id);
  if (it == seen->end()) {
    Json fc = {{"claim", nullptr}, {"verdict", nullptr}, {"url", nullptr}};
    auto got = store.GetFactCheck(m.factcheck_id);
    if (got.ok() && got->has_value()) fc = {{"claim", (*got)->claim}, {"verdict", (*got)->verdict}, {"url", (*got)->url}};
    it = seen->emplace(m.factcheck_id, fc).first;
  }
  for (const auto& [k, v] : it->second.items()) j[k] = v;
  return j;
}

}  // namespace

Json CasesByUnitJson(const std::vector<store::Case>& cases, const std::vector<store::Unit>& units, int64_t now) {
  struct Counts {
    int64_t open = 0, due_soon = 0, overdue = 0;
  };
  std::map<int64_t, Counts> by_unit;
  Counts all;
  for (const auto& c : cases) {
    if (desk::IsSettled(c.state)) continue;
    const bool overdue = c.due_at != 0 && c.due_at < now;
    const bool soon = c.due_at != 0 && c.due_at >= now && c.due_at < now + 24 * 3600;
    for (Counts* k : {&by_unit[c.unit_id], &all}) {
      ++k->open;
      k->overdue += overdue;
      k->due_soon += soon;
    }
  }
  std::map<int64_t, std::string> names;
  for (const auto& u : units) names[u.id] = u.name;
  std::vector<std::pair<int64_t, Counts>> rows(by_unit.begin(), by_unit.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
    return x.second.overdue != y.second.overdue ? x.second.overdue > y.second.overdue : x.second.open > y.second.open;
  });
  Json list = Json::array();
  for (const auto& [id, k] : rows) {
    list.push_back({{"unit_id", id ? Json(id) : Json(nullptr)},
                    {"name", id ? Json(names[id]) : Json(nullptr)},
                    {"open", k.open},
                    {"due_soon", k.due_soon},
                    {"overdue", k.overdue}});
  }
  return {{"open", all.open}, {"due_soon", all.due_soon}, {"overdue", all.overdue}, {"units", list}};
}

Json CasesByUnitJson(const std::vector<store::OpenCaseCount>& counts, const std::vector<store::Unit>& units) {
  std::vector<store::OpenCaseCount> rows(counts);
  std::sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) { return x.unit_id < y.unit_id; });
  std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
    return x.overdue != y.overdue ? x.overdue > y.overdue : x.open > y.open;
  });
  std::map<int64_t, std::string> names;
  for (const auto& u : units) names[u.id] = u.name;
  store::OpenCaseCount all;
  Json list = Json::array();
  for (const auto& k : rows) {
    all.open += k.open;
    all.due_soon += k.due_soon;
    all.overdue += k.overdue;
    list.push_back({{"unit_id", k.unit_id ? Json(k.unit_id) : Json(nullptr)},
                    {"name", k.unit_id ? Json(names[k.unit_id]) : Json(nullptr)},
                    {"open", k.open},
                    {"due_soon", k.due_soon},
                    {"overdue", k.overdue}});
  }
  return {{"open", all.open}, {"due_soon", all.due_soon}, {"overdue", all.overdue}, {"units", list}};
}

Result<Json> OverviewJson(store::Store& store, const OverviewRequest& req) {
  int64_t now = req.now;
  if (now == 0) {
    auto newest = stories::NewestItemTime(store);
    if (!newest.ok()) return newest.status();
    now = *newest;
  }
  const int64_t today = FloorDiv(now + req.tz_offset, 86400);
  const int64_t day_start = today * 86400 - req.tz_offset;
  const int64_t day_end = day_start + 86400;
  const int64_t usual_days = std::max<int64_t>(req.usual_days, 1);

  // Volumes: today per source against the mean day of the days before.
  store::ItemQuery tq;
  tq.since = day_start;
  tq.until = day_end;
  auto vt = CountVolumes(store, tq, req.tz_offset);
  if (!vt.ok()) return vt.status();
  store::ItemQuery bq;
  bq.since = day_start - usual_days * 86400;
  bq.until = day_start;
  auto vb = CountVolumes(store, bq, req.tz_offset);
  if (!vb.ok()) return vb.status();
  std::map<std::string, std::pair<int64_t, int64_t>> per_source;  // today, days before
  for (const auto& s : vt->sources) per_source[s.name].first = s.items;
  for (const auto& s : vb->sources) per_source[s.name].second = s.items;
  std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> sources(per_source.begin(), per_source.end());
  std::stable_sort(sources.begin(), sources.end(), [](const auto& x, const auto& y) {
    return x.second.first != y.second.first ? x.second.first > y.second.first : x.second.second > y.second.second;
  });
  auto mean = [&](int64_t n) { return std::round(static_cast<double>(n) / static_cast<double>(usual_days) * 10) / 10; };
  Json src = Json::array();
  for (const auto& [name, n] : sources) src.push_back({{"name", name}, {"today", n.first}, {"usual", mean(n.second)}});
  Json days = Json::array();
  {
    std::map<std::string, int64_t> by_date;
    for (const auto& [d, n] : vb->days) by_date[d] = n;
    for (const auto& [d, n] : vt->days) by_date[d] += n;
    for (int64_t d = today - usual_days; d <= today; ++d) {
      const std::string date = DateOf(d);
      auto it = by_date.find(date);
      days.push_back({{"date", date}, {"items", it == by_date.end() ? 0 : it->second}});
    }
  }
  Json out;
  out["day"] = DateOf(today);
  out["now"] = FormatTimestamp(now);
  out["volumes"] = {{"today", vt->items}, {"usual", mean(vb->items)}, {"sources", src}, {"days", days}};

  // Rising stories in the last 24 hours: counts of items and of sources.
  stories::TrendOptions topts;
  topts.now = now;
  topts.limit = std::max<int64_t>(req.rising * 4, 20);
  topts.name_stories = false;  // only the ones shown are named, below
  auto trends = stories::ComputeTrends(store, topts);
  if (!trends.ok()) return trends.status();
  Json rising = Json::array();
  for (const auto& t : *trends) {
    if (t.kind != "story" || static_cast<int64_t>(rising.size()) >= req.rising) continue;
    int64_t sources_n = 0;
    std::string label;
    auto story = store.GetStory(t.story_id, true);
    if (!story.ok()) return story.status();
    if (story->has_value()) {
      sources_n = (*story)->sources;
      auto headline = stories::StoryHeadline(store, **story);
      if (!headline.ok()) return headline.status();
      label = *headline;
    }
    rising.push_back({{"story_id", t.story_id},
                      {"label", label},
                      {"count", t.count},
                      {"sources", sources_n},
                      {"hours", static_cast<double>(t.span_seconds) / 3600.0},
                      {"expected", std::round(t.expected * 10) / 10},
                      {"score", t.score}});
  }
  out["rising"] = rising;

  // Concerns: the 7 days ending today against the 7 before.
  // (CountConcerns' categories, read from the hourly rollups.)
  auto cthis = CountCategories(store, req.db_uri, day_end - 7 * 86400, day_end);
  if (!cthis.ok()) return cthis.status();
  auto clast = CountCategories(store, req.db_uri, day_end - 14 * 86400, day_end - 7 * 86400);
  if (!clast.ok()) return clast.status();
  std::map<std::string, int64_t> last;
  for (const auto& c : *clast) last[c.id] = c.items;
  Json concerns = Json::array();
  for (const auto& c : *cthis) {
    if (static_cast<int64_t>(concerns.size()) >= req.concerns) break;
    concerns.push_back({{"id", c.id}, {"name", c.name}, {"this_week", c.items}, {"last_week", last[c.id]}});
  }
  out["concerns"] = concerns;

  // Claims matched and waiting for a decision.
  if (req.with_matches) {
    // Staff have not decided them: suggested, or accepted by the machine alone.
    auto best = BestMatches(store, std::nullopt);
    if (!best.ok()) return best.status();
    std::vector<store::Match> top;
    for (const auto& m : *best) {
      if (m.state == store::MatchState::kSuggested || m.state == store::MatchState::kAuto) top.push_back(m);
    }
    const size_t waiting = top.size();
    std::stable_sort(top.begin(), top.end(), [](const store::Match& x, const store::Match& y) { return x.score > y.score; });
    if (static_cast<int64_t>(top.size()) > req.matches) top.resize(static_cast<size_t>(req.matches));
    std::map<std::string, Json> seen;
    Json list = Json::array();
    for (const auto& m : top) list.push_back(MatchWithClaim(store, m, &seen));
    out["matches"] = {{"waiting", waiting}, {"top", list}};
  } else {
    out["matches"] = nullptr;
  }

  out["cases"] = req.cases ? CasesByUnitJson(*req.cases, req.units, req.desk_now) : Json(nullptr);
  return out;
}

Result<Json> StoryPageJson(store::Store& store, int64_t story_id, int64_t sample) {
  auto story = store.GetStory(story_id, true);
  if (!story.ok()) return story.status();
  if (!story->has_value()) return Status::NotFound("no story " + std::to_string(story_id));
  stories::StorySummary sum;
  sum.story = **story;
  if (sum.story.label.empty()) {
    auto label = stories::StoryHeadline(store, sum.story);
    if (label.ok()) sum.label = *label;
  } else {
    sum.label = sum.story.label;
  }
  store::ItemQuery q;
  q.story_id = story_id;
  q.newest_first = true;
  std::vector<int64_t> times;
  std::map<std::string, int64_t> per_source;
  std::set<std::pair<std::string, std::string>> members;
  Json items = Json::array();
  Status s = store.ForEachItem(q, [&](const store::StoredItem& si) {
    times.push_back(si.item.published_at);
    ++per_source[si.item.source];
    members.emplace(si.item.source, si.item.id);
    if (static_cast<int64_t>(items.size()) < sample) items.push_back(ItemJson(si));
    return true;
  });
  if (!s.ok()) return s;
  Json sources = Json::array();
  std::vector<std::pair<std::string, int64_t>> src(per_source.begin(), per_source.end());
  std::stable_sort(src.begin(), src.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  for (const auto& [name, n] : src) sources.push_back({{"name", name}, {"items", n}});
  // Hours when the story spans up to three days, else days (office's zone).
  Json points = Json::array();
  std::string bucket = "hour";
  if (!times.empty()) {
    const auto [lo, hi] = std::minmax_element(times.begin(), times.end());
    const int64_t width = (*hi - *lo) <= 3 * 86400 ? 3600 : 86400;
    if (width == 86400) bucket = "day";
    const int64_t off = width == 86400 ? kOfficeOffsetSeconds : 0;
    std::map<int64_t, int64_t> counts;
    for (int64_t t : times) ++counts[FloorDiv(t + off, width)];
    for (int64_t b = counts.begin()->first; b <= counts.rbegin()->first; ++b) {
      auto it = counts.find(b);
      points.push_back({{"t", FormatTimestamp(b * width - off)}, {"items", it == counts.end() ? 0 : it->second}});
    }
  }
  Json matches = Json::array();
  std::map<std::string, Json> seen;
  s = store.ForEachMatch([&](const store::Match& m) {
    if (m.state != store::MatchState::kRejected && members.count({m.item_source, m.item_id}) &&
        matches.size() < 50) {
      matches.push_back(MatchWithClaim(store, m, &seen));
    }
    return true;
  });
  if (!s.ok()) return s;
  return Json{{"story", StoryJson(sum, false)},
              {"timeline", {{"bucket", bucket}, {"points", points}}},
              {"sources", sources},
              {"items", items},
              {"matches", matches}};
}

Result<Json> StorySpreadJson(store::Store& store, int64_t story_id, int64_t at, int64_t window) {
  auto story = store.GetStory(story_id, true);
  if (!story.ok()) return story.status();
  if (!*story) return Status::NotFound("no story " + std::to_string(story_id));
  store::ItemQuery q;
  q.story_id = story_id;
  q.newest_first = true;
  int64_t before = 0, after = 0, newest = 0;
  Status s = store.ForEachItem(q, [&](const store::StoredItem& si) {
    const int64_t t = si.item.published_at;
    newest = std::max(newest, t);
    if (t < at && t >= at - window) ++before;
    if (t >= at && t < at + window) ++after;
    return true;
  });
  if (!s.ok()) return s;
  const double hours_before = static_cast<double>(window) / 3600.0;
  const double hours_after =
      newest < at ? 0.0 : std::max(1.0, static_cast<double>(std::min(window, newest - at + 1)) / 3600.0);
  auto rate = [](int64_t n, double h) { return h <= 0 ? 0.0 : std::round(static_cast<double>(n) / h * 100) / 100; };
  return Json{{"id", story_id},
              {"label", (*story)->label},
              {"items", (*story)->size},
              {"voices", (*story)->voices},
              {"before_per_hour", rate(before, hours_before)},
              {"after_per_hour", rate(after, hours_after)},
              {"hours_before", hours_before},
              {"hours_after", std::round(hours_after * 10) / 10}};
}

}  // namespace vox::query
