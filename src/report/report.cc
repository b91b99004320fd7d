// Build: every figure through the read side (query/, stories::, the desk's
// store), for the period and for the period of the same length before it.
// Period parsing: ISO weeks, months and day ranges in the office's zone.
#include "report/report.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <thread>
#include <unordered_map>

#include "desk/desk.h"
#include "stories/stories.h"

namespace vox::report {
namespace {

constexpr int64_t kDay = 86400;

// Digits only, exactly n of them.
bool Digits(std::string_view s, size_t n, int64_t* out) {
  if (s.size() != n) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// 0 for Monday .. 6 for Sunday (1970-01-01 was a Thursday).
int64_t Weekday(int64_t days) { return ((days % 7) + 7 + 3) % 7; }

// Monday of ISO week 1 of `year`: the week holding 4 January.
int64_t IsoWeekOneMonday(int64_t year) {
  const int64_t jan4 = DaysFromCivil(year, 1, 4);
  return jan4 - Weekday(jan4);
}

std::string DayString(int64_t t, int tz) {
  const int64_t local = t + tz;
  const int64_t days = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

// "YYYY-MM-DD" at 00:00 of the office's day, else RFC 3339.
bool ParseDayOrTime(const std::string& s, int tz, int64_t* out) {
  int64_t y = 0, m = 0, d = 0;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && Digits(s.substr(0, 4), 4, &y) &&
      Digits(s.substr(5, 2), 2, &m) && Digits(s.substr(8, 2), 2, &d)) {
    if (m < 1 || m > 12 || d < 1 || d > 31) return false;
    const int64_t days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    int64_t yy = 0;
    unsigned mm = 0, dd = 0;
    CivilFromDays(days, &yy, &mm, &dd);
    if (mm != m || dd != d) return false;  // 2026-02-30
    *out = days * kDay - tz;
    return true;
  }
  return ParseTimestamp(s, out);
}

std::optional<int64_t> Median(std::vector<int64_t> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool In(int64_t t, const Period& p) { return t != 0 && t >= p.from && t < p.to; }

// The most frequent places among a story's items (at most 300 of them read).
Result<std::vector<std::string>> StoryPlaces(store::Store& st, int64_t story_id) {
  store::ItemQuery q;
  q.story_id = story_id;
  q.limit = 300;
  auto items = query::ItemsJson(st, q);
  if (!items.ok()) return items.status();
  std::map<std::string, int64_t> counts;
  for (const auto& it : *items) {
    for (const auto& p : it["places"]) ++counts[p.get<std::string>()];
  }
  std::vector<std::pair<std::string, int64_t>> v(counts.begin(), counts.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size() && i < 3; ++i) out.push_back(v[i].first);
  return out;
}

Status CountCases(store::DeskStore& ds, const ReportRequest& req, int64_t now, ReportData* d) {
  std::unordered_map<int64_t, std::string> names;
  VOX_RETURN_IF_ERROR(ds.ForEachUnit([&](const store::Unit& u) {
    names[u.id] = u.name;
    return true;
  }));
  if (req.unit_id != 0) {
    auto it = names.find(req.unit_id);
    if (it == names.end()) return Status::NotFound("no unit " + std::to_string(req.unit_id));
    d->unit_name = it->second;
  }
  const Period& p = d->period;
  const Period& prev = d->previous;
  const int64_t judged_at = std::min(now, p.to);
  struct Acc {
    UnitCases c;
    std::vector<int64_t> first, answer;
  };
  std::map<int64_t, Acc> per_unit;
  Acc total;
  std::vector<int64_t> claim_answers;
  auto add = [&](Acc& a, const store::Case& c) {
    if (In(c.created_at, p)) {
      ++a.c.opened;
      if (c.first_response_at != 0) a.first.push_back(c.first_response_at - c.created_at);
    }
    if (In(c.closed_at, p)) ++a.c.closed;
    if (In(c.answered_at, p)) {
      ++a.c.answered;
      a.answer.push_back(c.answered_at - c.created_at);
      if (c.due_at != 0) {
        ++a.c.with_deadline;
        if (c.answered_at <= c.due_at) ++a.c.on_time;
      }
    }
    const bool answered_by_then = c.answered_at != 0 && c.answered_at <= judged_at;
    const bool closed_by_then = c.closed_at != 0 && c.closed_at <= judged_at;
    if (c.due_at != 0 && c.created_at < judged_at && c.due_at < judged_at && !answered_by_then && !closed_by_then &&
        !(c.updated_at <= judged_at && desk::IsSettled(c.state)))
      ++a.c.overdue;
  };
  store::CaseQuery q;
  q.unit_id = req.unit_id;
  q.limit = 500;
  for (;;) {
    auto page = ds.ListCases(q);
    if (!page.ok()) return page.status();
    for (const store::Case& c : *page) {
      add(total, c);
      if (c.unit_id != 0) add(per_unit[c.unit_id], c);
      if ((c.origin == "match" || c.kind == "rumour") && In(c.answered_at, p)) {
        ++d->claim_cases_answered;
        claim_answers.push_back(c.answered_at - c.created_at);
      }
      // Published answers: approved public answers, counted when answered.
      const bool published = c.answer_approved_by != 0 || c.state == "published";
      if (published && In(c.answered_at, p)) ++d->answers_published;
      if (published && In(c.answered_at, prev)) ++d->previous_answers_published;
    }
    if (page->size() < static_cast<size_t>(q.limit)) break;
    q.after_id = page->back().id;
  }
  auto finish = [](Acc& a) {
    a.c.median_first_response = Median(std::move(a.first));
    a.c.median_answer = Median(std::move(a.answer));
    return a.c;
  };
  d->total = finish(total);
  for (auto& [id, acc] : per_unit) {
    UnitCases u = finish(acc);
    u.unit_id = id;
    auto it = names.find(id);
    u.name = it == names.end() ? "#" + std::to_string(id) : it->second;
    d->units.push_back(std::move(u));
  }
  std::stable_sort(d->units.begin(), d->units.end(),
                   [](const UnitCases& a, const UnitCases& b) { return a.opened > b.opened; });
  d->median_claim_answer = Median(std::move(claim_answers));
  d->has_desk = true;
  return Status::Ok();
}

// The rising stories among `trends` (the fastest-rising stories and
// concerns over a window of the period's length ending at the period's end
// or at the newest item, whichever is earlier, as /api/v1/trends?hours=
// computes them), with their places.
Status RisingStories(store::Store& st, const std::vector<stories::Trend>& trends, size_t top,
                     std::vector<StoryLine>* out) {
  for (const auto& t : trends) {
    if (t.kind != "story" || out->size() >= top) continue;
    auto story = st.GetStory(t.story_id, true);
    if (!story.ok()) return story.status();
    StoryLine l;
    l.id = t.story_id;
    l.label = t.key;
    l.count = t.count;
    l.span_seconds = t.span_seconds;
    l.score = t.score;
    if (*story) {
      l.size = (*story)->size;
      l.voices = (*story)->voices;
      l.sources = (*story)->sources;
      l.first_seen = (*story)->first_seen;
      l.last_seen = (*story)->last_seen;
    }
    auto places = StoryPlaces(st, l.id);
    if (!places.ok()) return places.status();
    l.places = std::move(places).value();
    out->push_back(std::move(l));
  }
  return Status::Ok();
}

// store::ItemQuery's since/until: 0 is no bound.
bool InRange(int64_t t, const store::ItemQuery& q) {
  return (q.since == 0 || t >= q.since) && (q.until == 0 || t < q.until);
}

// The figures that read the period's items — volumes, concerns and claim
// matches of the period and of the one before, and the rising stories' window
// and baseline — counted in one pass over the items they need between them, each item
// handed to the counters whose range holds it: the same counters the API's
// CountVolumes, CountConcerns and ComputeTrends run, so the figures are theirs.
struct ItemFigures {
  store::ItemQuery period, previous;  // the items of each (since/until only)
  int tz_offset = kOfficeOffsetSeconds;
  std::optional<stories::TrendOptions> trends;  // none: no rising stories to look for
  // Out.
  query::Volumes volumes, previous_volumes;
  query::Concerns concerns, previous_concerns;
  std::vector<stories::Trend> rising;
  // Best matches (query::BestMatches) of the items published in each period, by state.
  std::map<std::string, int64_t> matches, previous_matches;
};

Status CountItemFigures(store::Store& st, const std::string& db_uri, ItemFigures* f) {
  query::VolumesCounter vol(f->tz_offset), pvol(f->tz_offset);
  query::ConcernsCounter con, pcon;
  std::optional<stories::TrendCounter> trend;
  if (f->trends) trend.emplace(*f->trends);
  // The union of the ranges (0: no bound).
  store::ItemQuery all;
  auto widen = [&](int64_t since, int64_t until, bool first) {
    all.since = first ? since : (all.since == 0 || since == 0 ? 0 : std::min(all.since, since));
    all.until = first ? until : (all.until == 0 || until == 0 ? 0 : std::max(all.until, until));
  };
  widen(f->period.since, f->period.until, true);
  widen(f->previous.since, f->previous.until, false);
  if (trend) widen(trend->since(), trend->until(), false);
  all.counts_only = true;
  auto best = query::BestMatches(st, std::nullopt);
  if (!best.ok()) return best.status();
  std::unordered_map<int64_t, store::MatchState> best_state;  // item rowid -> its best match's state
  for (const store::Match& m : *best) best_state.emplace(m.item_rowid, m.state);
  auto count_match = [&](const store::StoredItem& si, std::map<std::string, int64_t>* out) {
    if (si.item.published_at == 0) return;
    auto it = best_state.find(si.rowid);
    if (it != best_state.end()) ++(*out)[store::MatchStateName(it->second)];
  };
  VOX_RETURN_IF_ERROR(st.ForEachItem(all, [&](const store::StoredItem& si) {
    const int64_t t = si.item.published_at;
    if (InRange(t, f->period)) {
      vol.Add(si);
      con.Add(si);
      count_match(si, &f->matches);
    }
    if (InRange(t, f->previous)) {
      pvol.Add(si);
      pcon.Add(si);
      count_match(si, &f->previous_matches);
    }
    if (trend) trend->Add(si);  // keeps its own range
    return true;
  }));
  f->volumes = vol.Finish();
  f->previous_volumes = pvol.Finish();
  // Every place kept (what moved needs them all).
  auto c = con.Finish(st, db_uri, 0);
  if (!c.ok()) return c.status();
  f->concerns = std::move(c).value();
  auto pc = pcon.Finish(st, db_uri, 0);
  if (!pc.ok()) return pc.status();
  f->previous_concerns = std::move(pc).value();
  if (trend) {
    auto r = trend->Finish(st);
    if (!r.ok()) return r.status();
    f->rising = std::move(r).value();
  }
  return Status::Ok();
}

// A part of the report run meanwhile on a connection of its own (a Store is
// one thread's): the pass over the period's items takes seconds on a large
// store. Without a URI, or when a second
// connection cannot be opened, the part runs here, on `fallback`.
class Side {
 public:
  Side(const std::string& uri, store::Store& fallback, std::function<Status(store::Store&)> fn) {
    if (!uri.empty()) {
      auto opened = store::Store::Open(uri, {.clock = &fallback.clock(), .read_only = true});
      if (opened.ok()) own_ = std::move(opened).value();
    }
    if (own_) thread_ = std::thread([this, fn = std::move(fn)] { status_ = fn(*own_); });
    else status_ = fn(fallback);
  }
  ~Side() {
    if (thread_.joinable()) thread_.join();
  }
  Status Wait() {
    if (thread_.joinable()) thread_.join();
    return status_;
  }

 private:
  std::unique_ptr<store::Store> own_;
  Status status_;
  std::thread thread_;
};

// VOX_REPORT_TIMING=1 prints how long each part of Build took on stderr
// (bench/report_bench.sh): the report's cost is a sum of scans, and this
// names the one to look at.
class PartTimer {
 public:
  PartTimer() : on_(std::getenv("VOX_REPORT_TIMING") != nullptr), last_(std::chrono::steady_clock::now()) {}
  void Done(const char* part) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "report: %-10s %8.3f s\n", part, std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace

Result<Period> WeekPeriod(std::string_view s, int tz) {
  int64_t year = 0, week = 0;
  if (s.size() != 8 || s[4] != '-' || (s[5] != 'W' && s[5] != 'w') || !Digits(s.substr(0, 4), 4, &year) ||
      !Digits(s.substr(6, 2), 2, &week))
    return Status::InvalidArgument("week: '" + std::string(s) + "' is not an ISO week such as 2026-W49");
  const int64_t monday = IsoWeekOneMonday(year);
  const int64_t weeks_in_year = (IsoWeekOneMonday(year + 1) - monday) / 7;
  if (week < 1 || week > weeks_in_year)
    return Status::InvalidArgument("week: " + std::to_string(year) + " has weeks 1 to " +
                                   std::to_string(weeks_in_year));
  Period p;
  p.from = (monday + (week - 1) * 7) * kDay - tz;
  p.to = p.from + 7 * kDay;
  p.label = std::string(s.substr(0, 5)) + "W" + std::string(s.substr(6, 2));
  return p;
}

Result<Period> MonthPeriod(std::string_view s, int tz) {
  int64_t year = 0, month = 0;
  if (s.size() != 7 || s[4] != '-' || !Digits(s.substr(0, 4), 4, &year) || !Digits(s.substr(5, 2), 2, &month) ||
      month < 1 || month > 12)
    return Status::InvalidArgument("month: '" + std::string(s) + "' is not a month such as 2026-11");
  Period p;
  p.from = DaysFromCivil(year, static_cast<unsigned>(month), 1) * kDay - tz;
  const int64_t ny = month == 12 ? year + 1 : year;
  const unsigned nm = month == 12 ? 1u : static_cast<unsigned>(month + 1);
  p.to = DaysFromCivil(ny, nm, 1) * kDay - tz;
  p.label = std::string(s);
  return p;
}

Result<Period> RangePeriod(const std::string& from, const std::string& to, int tz) {
  Period p;
  if (!ParseDayOrTime(from, tz, &p.from))
    return Status::InvalidArgument("from: '" + from + "' is not a day (YYYY-MM-DD) or an RFC 3339 time");
  if (!ParseDayOrTime(to, tz, &p.to))
    return Status::InvalidArgument("to: '" + to + "' is not a day (YYYY-MM-DD) or an RFC 3339 time");
  if (p.to <= p.from) return Status::InvalidArgument("to: must be after from (to is exclusive)");
  // The label names the last day inside the period.
  p.label = DayString(p.from, tz) + " – " + DayString(p.to - 1, tz);
  return p;
}

Period PreviousPeriod(const Period& p) {
  Period prev;
  prev.to = p.from;
  prev.from = p.from - (p.to - p.from);
  return prev;
}

Result<ReportData> Build(store::Store& st, store::DeskStore* desk, const ReportRequest& req) {
  ReportData d;
  PartTimer timer;
  d.period = req.period;
  d.previous = PreviousPeriod(req.period);
  d.previous.label = DayString(d.previous.from, req.tz_offset) + " – " + DayString(d.previous.to - 1, req.tz_offset);
  d.unit_id = req.unit_id;
  d.top_places = req.top_places;
  const int64_t now = req.now != 0 ? req.now : st.clock().Now();
  d.generated_at = now;
  auto office = st.GetSetting("office_name");
  if (!office.ok()) return office.status();
  d.office_name = office->value_or("Văn phòng");
  {
    std::string geojson = req.boundaries_geojson;
    if (geojson.empty()) {
      auto saved = st.GetSetting("report.boundaries");
      if (!saved.ok()) return saved.status();
      geojson = saved->value_or("");
    }
    if (!geojson.empty()) {
      auto parsed = ParseBoundaries(geojson);
      if (parsed.ok()) d.boundaries = std::make_shared<const Boundaries>(std::move(parsed).value());
      else d.boundaries_error = parsed.status().message();
    }
  }

  // 1. Volumes, 3. concerns, 4. claim matches and 2. the rising stories (over
  // a window of the period's length ending at its end, or at the newest item,
  // as /api/v1/trends?hours= does): one pass over the items, then the rising
  // stories' places, on a side connection, while the rest is read here.
  ItemFigures figures;
  figures.period.since = d.period.from;
  figures.period.until = d.period.to;
  figures.previous.since = d.previous.from;
  figures.previous.until = d.previous.to;
  figures.tz_offset = req.tz_offset;
  d.trend_window_hours = std::clamp<int64_t>((d.period.to - d.period.from) / 3600, 1, 24 * 90);
  auto newest = stories::NewestItemTime(st);
  if (!newest.ok()) return newest.status();
  stories::TrendOptions to;
  to.now = std::min(d.period.to, *newest);
  to.window = d.trend_window_hours * 3600;
  to.limit = 200;
  if (*newest != 0 && to.now > d.period.from) figures.trends = to;
  Side items(req.db_uri, st, [&](store::Store& s) -> Status {
    VOX_RETURN_IF_ERROR(CountItemFigures(s, req.db_uri, &figures));
    return RisingStories(s, figures.rising, req.top_stories, &d.rising);  // with their places
  });

  // 2. Stories: the largest among those seen in the period.
  stories::StoryListOptions so;
  so.since = d.period.from;
  so.sort = stories::StorySort::kSize;
  // A few more than kept: stories first seen after the period are skipped.
  so.limit = static_cast<int64_t>(req.top_stories) + 5;
  auto largest = stories::ListStories(st, so);
  if (!largest.ok()) return largest.status();
  for (const auto& s : *largest) {
    if (s.story.first_seen >= d.period.to) continue;
    if (d.largest.size() >= req.top_stories) break;
    StoryLine l;
    l.id = s.story.id;
    l.label = s.label;
    l.size = s.story.size;
    l.voices = s.story.voices;
    l.sources = s.story.sources;
    l.first_seen = s.story.first_seen;
    l.last_seen = s.story.last_seen;
    d.largest.push_back(std::move(l));
  }
  timer.Done("largest");
  for (StoryLine& l : d.largest) {
    auto places = StoryPlaces(st, l.id);
    if (!places.ok()) return places.status();
    l.places = std::move(places).value();
  }
  timer.Done("places");

  // 5, 6. Cases and published answers.
  if (desk != nullptr) VOX_RETURN_IF_ERROR(CountCases(*desk, req, now, &d));
  timer.Done("cases");
  VOX_RETURN_IF_ERROR(items.Wait());
  timer.Done("items");
  d.volumes = std::move(figures.volumes);
  d.previous_volumes = std::move(figures.previous_volumes);
  d.concerns = std::move(figures.concerns);
  d.previous_concerns = std::move(figures.previous_concerns);
  d.matches = std::move(figures.matches);
  d.previous_matches = std::move(figures.previous_matches);
  return d;
}

bool ParseLang(std::string_view s, Lang* out) {
  if (s == "vi") *out = Lang::kVi;
  else if (s == "en") *out = Lang::kEn;
  else return false;
  return true;
}

namespace {

query::Json Opt(const std::optional<int64_t>& v) { return v ? query::Json(*v) : query::Json(nullptr); }

query::Json UnitJson(const UnitCases& u) {
  return {{"unit_id", u.unit_id},
          {"name", u.name},
          {"opened", u.opened},
          {"closed", u.closed},
          {"overdue", u.overdue},
          {"answered", u.answered},
          {"with_deadline", u.with_deadline},
          {"on_time", u.on_time},
          {"median_first_response_seconds", Opt(u.median_first_response)},
          {"median_answer_seconds", Opt(u.median_answer)}};
}

query::Json StoryLineJson(const StoryLine& l) {
  return {{"id", l.id},          {"label", l.label},     {"size", l.size},
          {"voices", l.voices},  {"sources", l.sources}, {"first_seen", FormatTimestamp(l.first_seen)},
          {"last_seen", FormatTimestamp(l.last_seen)},   {"places", l.places},
          {"count", l.count},    {"span_seconds", l.span_seconds}, {"score", l.score}};
}

query::Json PeriodJson(const Period& p) {
  return {{"from", FormatTimestamp(p.from)}, {"to", FormatTimestamp(p.to)}, {"label", p.label}};
}

}  // namespace

query::Json ReportJson(const ReportData& d) {
  query::Json largest = query::Json::array(), rising = query::Json::array(), units = query::Json::array();
  for (const auto& l : d.largest) largest.push_back(StoryLineJson(l));
  for (const auto& l : d.rising) rising.push_back(StoryLineJson(l));
  for (const auto& u : d.units) units.push_back(UnitJson(u));
  query::Json j = {
      {"office_name", d.office_name},
      {"period", PeriodJson(d.period)},
      {"previous", PeriodJson(d.previous)},
      {"generated_at", FormatTimestamp(d.generated_at)},
      {"unit_id", d.unit_id == 0 ? query::Json(nullptr) : query::Json(d.unit_id)},
      {"unit_name", d.unit_name},
      {"volumes", query::VolumesJson(d.volumes)},
      {"previous_volumes", query::VolumesJson(d.previous_volumes)},
      {"stories", {{"largest", largest}, {"rising", rising}, {"trend_window_hours", d.trend_window_hours}}},
      {"concerns", query::ConcernsJson(d.concerns)},
      {"previous_concerns", query::ConcernsJson(d.previous_concerns)},
      {"claims",
       {{"matches", d.matches},
        {"previous_matches", d.previous_matches},
        {"cases_answered", d.claim_cases_answered},
        {"median_answer_seconds", Opt(d.median_claim_answer)}}},
      {"cases", d.has_desk ? query::Json{{"total", UnitJson(d.total)}, {"units", units}} : query::Json(nullptr)},
      {"answers", {{"published", d.answers_published},
                   {"previous_published", d.previous_answers_published},
                   {"reach", "not measured"}}},
  };
  return j;
}

}  // namespace vox::report
