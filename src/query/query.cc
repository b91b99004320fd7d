#include "query/query.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "classify/classify.h"
#include "common/time.h"

namespace vox::query {

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// ---- stats

Json StatsJson(const store::Stats& s) {
  Json sources = Json::array();
  for (const auto& src : s.sources) sources.push_back({{"name", src.name}, {"items", src.items}});
  Json kinds = Json::object();
  for (const auto& [k, n] : s.kinds) kinds[k] = n;
  return {{"items", s.items},
          {"revisions", s.revisions},
          {"voices", s.voices},
          {"first_published", s.items ? Json(FormatTimestamp(s.first_published)) : Json(nullptr)},
          {"last_published", s.items ? Json(FormatTimestamp(s.last_published)) : Json(nullptr)},
          {"sources", std::move(sources)},
          {"kinds", std::move(kinds)},
          {"schema_version", s.schema_version},
          {"bytes", s.db_bytes}};
}

// ---- items

Json ItemJson(const store::StoredItem& si) {
  const Item& it = si.item;
  return {{"id", it.id},
          {"source", it.source},
          {"kind", it.kind},
          {"title", it.title},
          {"text", it.text},
          {"url", it.url},
          {"published_at", FormatTimestamp(it.published_at)},
          {"parent_id", it.parent_id},
          {"metrics",
           {{"reactions", it.metrics.reactions},
            {"shares", it.metrics.shares},
            {"comments", it.metrics.comments},
            {"views", it.metrics.views}}},
          {"place", it.place},
          {"labels", it.labels},
          {"categories", si.categories},
          {"places", si.places},
          {"story_id", si.story_id ? Json(si.story_id) : Json(nullptr)},
          {"revisions", si.revisions}};
}

Result<Json> ItemsJson(store::Store& store, const store::ItemQuery& q, std::string* next) {
  Json out = Json::array();
  store::ItemCursor last;
  int64_t n = 0;
  Status s = store.ForEachItem(q, [&](const store::StoredItem& si) {
    out.push_back(ItemJson(si));
    last = {si.item.published_at, si.rowid};
    ++n;
    return true;
  });
  if (!s.ok()) return s;
  if (next != nullptr) *next = q.limit > 0 && n == q.limit ? store::EncodeItemCursor(last) : std::string();
  return out;
}

// ---- search hits

Json SearchHitJson(const search::Hit& h) {
  return {{"id", h.id}, {"source", h.source}, {"score", h.score}, {"snippet", h.snippet}};
}

Json SearchHitsJson(const std::vector<search::Hit>& hits) {
  Json out = Json::array();
  for (const auto& h : hits) out.push_back(SearchHitJson(h));
  return out;
}

// ---- stories and trends

bool ParseStorySort(std::string_view name, stories::StorySort* out) {
  if (name == "recent") {
    *out = stories::StorySort::kRecent;
  } else if (name == "size") {
    *out = stories::StorySort::kSize;
  } else if (name == "rising") {
    *out = stories::StorySort::kRising;
  } else {
    return false;
  }
  return true;
}

Json StoryJson(const stories::StorySummary& s, bool with_items) {
  Json j = {{"id", s.story.id},
            {"size", s.story.size},
            {"voices", s.story.voices},
            {"sources", s.story.sources},
            {"engagement", s.story.engagement},
            {"label", s.label},
            {"key_phrases", s.key_phrases},
            {"first_seen", FormatTimestamp(s.story.first_seen)},
            {"last_seen", FormatTimestamp(s.story.last_seen)}};
  if (with_items) j["items"] = s.items;
  return j;
}

Json StoriesJson(const std::vector<stories::StorySummary>& list, bool with_items) {
  Json out = Json::array();
  for (const auto& s : list) out.push_back(StoryJson(s, with_items));
  return out;
}

Json TrendJson(const stories::Trend& t) {
  return {{"kind", t.kind},
          {"story_id", t.kind == "story" ? Json(t.story_id) : Json(nullptr)},
          {"key", t.key},
          {"count", t.count},
          {"voices", t.voices},
          {"hours", static_cast<double>(t.span_seconds) / 3600.0},
          {"expected", t.expected},
          {"p_value", t.p_value},
          {"score", t.score},
          {"explanation", t.explanation}};
}

Json TrendsJson(const std::vector<stories::Trend>& trends) {
  Json out = Json::array();
  for (const auto& t : trends) out.push_back(TrendJson(t));
  return out;
}

// ---- concerns and places

void VolumesCounter::Add(const store::StoredItem& si) {
  ++items_;
  ++per_source_[si.item.source];
  const int64_t local = si.item.published_at + tz_offset_;
  ++per_day_[local >= 0 ? local / 86400 : (local - 86399) / 86400];
}

void VolumesCounter::AddHour(const std::string& source, int64_t hour, int64_t n) {
  items_ += n;
  per_source_[source] += n;
  const int64_t local = hour * 3600 + tz_offset_;
  per_day_[local >= 0 ? local / 86400 : (local - 86399) / 86400] += n;
}

Volumes VolumesCounter::Finish() const {
  Volumes v;
  v.items = items_;
  for (const auto& [name, n] : per_source_) v.sources.push_back({name, n});
  std::stable_sort(v.sources.begin(), v.sources.end(),
                   [](const store::SourceStats& x, const store::SourceStats& y) { return x.items > y.items; });
  for (const auto& [day, n] : per_day_) {
    int64_t y = 0;
    unsigned m = 0, d = 0;
    CivilFromDays(day, &y, &m, &d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    v.days.emplace_back(buf, n);
  }
  return v;
}

namespace {

int64_t FloorHour(int64_t t) { return t >= 0 ? t / 3600 : (t - 3599) / 3600; }

// [since, until) as whole hours [*from_hour, *to_hour) and the partial
// hours before and after them; false when no whole hour fits.
bool WholeHours(int64_t since, int64_t until, int64_t* from_hour, int64_t* to_hour) {
  *from_hour = FloorHour(since + 3599);
  *to_hour = FloorHour(until);
  return *from_hour < *to_hour;
}

// Only a period: the rollups count every item, whatever else a query asks.
bool PeriodOnly(const store::ItemQuery& q) {
  return q.since != 0 && q.until != 0 && q.source.empty() && q.kind.empty() && q.story_id == 0 && q.ext_id.empty() &&
         q.label.empty() && q.category.empty() && q.place.empty() && q.after.rowid == 0 && q.limit == 0;
}

// The items of [since, until) minus its whole hours [from_hour, to_hour).
Status ForEachPartialItem(store::Store& store, int64_t since, int64_t until, int64_t from_hour, int64_t to_hour,
                          const std::function<bool(const store::StoredItem&)>& fn) {
  store::ItemQuery q;
  q.counts_only = true;
  for (auto [a, b] : {std::pair{since, from_hour * 3600}, std::pair{to_hour * 3600, until}}) {
    if (a >= b) continue;
    q.since = a;
    q.until = b;
    VOX_RETURN_IF_ERROR(store.ForEachItem(q, fn));
  }
  return Status::Ok();
}

}  // namespace

Result<Volumes> CountVolumes(store::Store& store, const store::ItemQuery& q, int tz_offset) {
  VolumesCounter counter(tz_offset);
  auto add = [&](const store::StoredItem& si) {
    counter.Add(si);
    return true;
  };
  int64_t from_hour = 0, to_hour = 0;
  if (PeriodOnly(q) && tz_offset % 3600 == 0 && WholeHours(q.since, q.until, &from_hour, &to_hour)) {
    VOX_RETURN_IF_ERROR(ForEachPartialItem(store, q.since, q.until, from_hour, to_hour, add));
    store::HourCountQuery hq;
    hq.kind = store::HourCountKind::kSource;
    hq.from_hour = from_hour;
    hq.to_hour = to_hour;
    hq.by_hour = true;
    VOX_RETURN_IF_ERROR(store.ForEachHourCount(hq, [&](const store::HourCount& c) {
      counter.AddHour(c.key, c.hour, c.n);
      return true;
    }));
    return counter.Finish();
  }
  store::ItemQuery cq = q;
  cq.counts_only = true;
  Status s = store.ForEachItem(cq, add);
  if (!s.ok()) return s;
  return counter.Finish();
}

Json VolumesJson(const Volumes& v) {
  Json sources = Json::array(), days = Json::array();
  for (const auto& s : v.sources) sources.push_back({{"name", s.name}, {"items", s.items}});
  for (const auto& [date, n] : v.days) days.push_back({{"date", date}, {"items", n}});
  return {{"items", v.items}, {"sources", sources}, {"days", days}};
}

void ConcernsCounter::Add(const store::StoredItem& si) {
  ++items_;
  ids_.clear();
  for (const auto& scored : si.categories) ids_.push_back(classify::ParseScored(scored).category);
  with_concern_ += !ids_.empty();
  with_place_ += !si.places.empty();
  for (const auto& id : ids_) ++per_category_[id];
  for (const auto& p : si.places) {
    PlaceCount& pc = per_place_[p];
    ++pc.items;
    for (const auto& id : ids_) ++pc.categories[id];
  }
}

Result<Concerns> ConcernsCounter::Finish(store::Store& store, const std::string& db_uri, size_t place_limit) const {
  // The taxonomy and gazetteer only: a path that never exists keeps the model out.
  auto annotator = classify::LoadAnnotator(store, db_uri, "/nonexistent");
  if (!annotator.ok()) return annotator.status();
  const classify::Taxonomy& tax = (*annotator)->taxonomy();
  const classify::Gazetteer& gaz = (*annotator)->gazetteer();

  Concerns c;
  c.items = items_;
  c.with_concern = with_concern_;
  c.with_place = with_place_;
  for (const auto& [id, n] : per_category_) {
    const classify::Category* cat = tax.Find(id);
    c.categories.push_back({id, cat ? cat->name : id, n});
  }
  std::stable_sort(c.categories.begin(), c.categories.end(),
                   [](const ConcernCount& x, const ConcernCount& y) { return x.items > y.items; });
  for (const auto& [name, counted] : per_place_) {
    PlaceCount pc = counted;
    pc.name = name;
    const classify::Place* place = gaz.Find(name);
    pc.type = place ? place->type : "";
    c.places.push_back(std::move(pc));
  }
  std::stable_sort(c.places.begin(), c.places.end(),
                   [](const PlaceCount& x, const PlaceCount& y) { return x.items > y.items; });
  if (place_limit > 0 && c.places.size() > place_limit) c.places.resize(place_limit);
  return c;
}

Result<Concerns> CountConcerns(store::Store& store, const std::string& db_uri, const ConcernsRequest& req) {
  ConcernsCounter counter;
  store::ItemQuery cq = req.items;
  cq.counts_only = true;
  Status s = store.ForEachItem(cq, [&](const store::StoredItem& si) {
    counter.Add(si);
    return true;
  });
  if (!s.ok()) return s;
  return counter.Finish(store, db_uri, req.place_limit);
}

Result<std::vector<ConcernCount>> CountCategories(store::Store& store, const std::string& db_uri, int64_t since,
                                                  int64_t until) {
  ConcernsCounter counter;
  auto add = [&](const store::StoredItem& si) {
    counter.Add(si);
    return true;
  };
  int64_t from_hour = 0, to_hour = 0;
  store::ItemQuery q;
  q.since = since;
  q.until = until;
  if (PeriodOnly(q) && WholeHours(since, until, &from_hour, &to_hour)) {
    VOX_RETURN_IF_ERROR(ForEachPartialItem(store, since, until, from_hour, to_hour, add));
    store::HourCountQuery hq;
    hq.kind = store::HourCountKind::kCategory;
    hq.from_hour = from_hour;
    hq.to_hour = to_hour;
    VOX_RETURN_IF_ERROR(store.ForEachHourCount(hq, [&](const store::HourCount& c) {
      counter.AddCategory(c.key, c.n);
      return true;
    }));
  } else {
    q.counts_only = true;
    VOX_RETURN_IF_ERROR(store.ForEachItem(q, add));
  }
  auto c = counter.Finish(store, db_uri, 1);
  if (!c.ok()) return c.status();
  return std::move(c->categories);
}

Json ConcernsJson(const Concerns& c) {
  Json cats = Json::array(), places = Json::array();
  for (const auto& cc : c.categories) cats.push_back({{"id", cc.id}, {"name", cc.name}, {"items", cc.items}});
  for (const auto& pc : c.places) {
    places.push_back({{"name", pc.name}, {"type", pc.type}, {"items", pc.items}, {"categories", pc.categories}});
  }
  return {{"items", c.items},
          {"with_concern", c.with_concern},
          {"with_place", c.with_place},
          {"categories", std::move(cats)},
          {"places", std::move(places)}};
}

// ---- fact-checks and matches

Json FactCheckJson(const store::FactCheck& fc) {
  return {{"id", fc.id},
          {"claim", fc.claim},
          {"verdict", fc.verdict},
          {"body", fc.body},
          {"url", fc.url},
          {"author", fc.author},
          {"published_at", fc.published_at ? Json(FormatTimestamp(*fc.published_at)) : Json(nullptr)},
          {"rating", fc.rating ? Json(*fc.rating) : Json(nullptr)},
          {"appearance", fc.appearance},
          {"own", fc.own}};
}


Result<std::vector<store::Match>> BestMatches(store::Store& store, std::optional<store::MatchState> state) {
  // The store lists an item's matches best score first: the first one kept
  // is the best, replaced only by an accepted one when no state is asked.
  std::vector<store::Match> best;
  std::map<int64_t, size_t> at;
  Status s = store.ForEachMatch([&](const store::Match& m) {
    if (state ? m.state != *state : m.state == store::MatchState::kRejected) return true;
    auto it = at.find(m.item_rowid);
    if (it == at.end()) {
      at[m.item_rowid] = best.size();
      best.push_back(m);
    } else if (!state && m.state == store::MatchState::kAccepted &&
               best[it->second].state != store::MatchState::kAccepted) {
      best[it->second] = m;
    }
    return true;
  });
  if (!s.ok()) return s;
  return best;
}

Json MatchJson(const store::Match& m) {
  return {{"item_id", m.item_id},
          {"source", m.item_source},
          {"factcheck_id", m.factcheck_id},
          {"score", m.score},
          {"state", store::MatchStateName(m.state)}};
}

Json MatchesJson(const std::vector<store::Match>& matches) {
  Json out = Json::array();
  for (const auto& m : matches) out.push_back(MatchJson(m));
  return out;
}

Json TextMatchJson(const claims::MatchResult& r, const std::optional<store::FactCheck>& fc) {
  Json j = {{"factcheck_id", r.factcheck_id}, {"score", r.score}, {"state", store::MatchStateName(r.state)}};
  if (fc) {
    j["verdict"] = fc->verdict;
    j["claim"] = fc->claim;
    j["url"] = fc->url;
  }
  return j;
}

}  // namespace vox::query
