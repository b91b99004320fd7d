// The read side: what Vox answers about a store, each answer computed in one
// place and written in one JSON form, for every edge that shows it — the
// `vox` command's --json output, the HTTP API, and later the dashboard and
// the reports.
//
// Contracts:
//   - the JSON fields are promises to users' scripts (docs/cli.md, docs/api.md):
//     fields are only ever added, never renamed or dropped; an edge may add
//     fields of its own around these (the CLI's stats add "db"), never take
//     one away;
//   - nothing here names a person: voices are counts, authors and their
//     pseudonyms are never written (StoredItem's author_pseudonym stays out);
//   - functions that read take the store and a request and only read (they
//     work on a store opened read-only); they return a Status, never throw.
//
// This layer sits above the stages (search, stories, claims, classify) and
// below the edges (http/, cli/); it knows the Store interface only, no backend.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claims/claims.h"
#include "common/status.h"
#include "search/search.h"
#include "stories/stories.h"
#include "store/store.h"

namespace vox::query {

using Json = nlohmann::json;

// The one way Vox writes JSON: compact, invalid UTF-8 replaced by U+FFFD.
std::string Dump(const Json& j);

// ---- stats
// {items, revisions, voices, first_published, last_published (null when the
//  store is empty), sources: [{name, items}], kinds: {KIND: n}, schema_version,
//  bytes}
Json StatsJson(const store::Stats& s);

// ---- items
// {id, source, kind, title, text, url, published_at, parent_id,
//  metrics: {reactions, shares, comments, views}, place, labels, categories,
//  places, story_id (null when none), revisions}. Never the author nor its
//  pseudonym.
Json ItemJson(const store::StoredItem& si);
// The items `q` selects, as a JSON array of ItemJson. *next, when given,
// receives the cursor of the page after this one (store::EncodeItemCursor)
// when the page is full (q.limit items), else "".
Result<Json> ItemsJson(store::Store& store, const store::ItemQuery& q, std::string* next = nullptr);

// ---- search hits
// {id, source, score, snippet}
Json SearchHitJson(const search::Hit& h);
Json SearchHitsJson(const std::vector<search::Hit>& hits);

// ---- stories and trends
// "recent", "size", "rising" -> StorySort; false on anything else.
bool ParseStorySort(std::string_view name, stories::StorySort* out);
// {id, size, voices, sources, engagement, label, key_phrases, first_seen,
//  last_seen, items (with_items only)}
Json StoryJson(const stories::StorySummary& s, bool with_items);
Json StoriesJson(const std::vector<stories::StorySummary>& list, bool with_items);
// {kind, story_id (null for a concern), key, count, voices, hours, expected,
//  p_value, score, explanation}
Json TrendJson(const stories::Trend& t);
Json TrendsJson(const std::vector<stories::Trend>& trends);

// ---- volumes (aggregates only)
// Items published in [q.since, q.until) (q's other filters apply), by source
// and by the office's calendar day (UTC+tz_offset), for the reports and the
// dashboard: the period's volume is one number whoever asks.
struct Volumes {
  int64_t items = 0;
  std::vector<store::SourceStats> sources;          // most items first (ties: by name)
  std::vector<std::pair<std::string, int64_t>> days; // "YYYY-MM-DD" -> items, oldest first; only days with items
};
// A period bounded at both ends with no other filter is counted from the
// store's hourly rollups (its whole hours) and the items of its partial
// hours; anything else reads the items.
Result<Volumes> CountVolumes(store::Store& store, const store::ItemQuery& q, int tz_offset);
// CountVolumes one item at a time, for a caller that reads the items itself
// (the report counts several figures in one pass over the store): the items
// added, in any order, give what CountVolumes gives for the same items.
class VolumesCounter {
 public:
  explicit VolumesCounter(int tz_offset) : tz_offset_(tz_offset) {}
  void Add(const store::StoredItem& si);
  // n items of `source` published in `hour` (store::HourCount): the same as
  // adding them one at a time when the zone's offset is whole hours.
  void AddHour(const std::string& source, int64_t hour, int64_t n);
  Volumes Finish() const;

 private:
  int tz_offset_;
  int64_t items_ = 0;
  std::map<std::string, int64_t> per_source_;
  std::map<int64_t, int64_t> per_day_;  // days since 1970-01-01 in the office's zone
};
// {items, sources: [{name, items}], days: [{date, items}]}
Json VolumesJson(const Volumes& v);

// ---- concerns and places (aggregates only)
struct ConcernsRequest {
  store::ItemQuery items;  // which items are counted (since/until, source...)
  size_t place_limit = 20; // places kept, the most frequent first (0: all)
};

struct ConcernCount {
  std::string id;    // category id
  std::string name;  // the taxonomy's name for it; the id for a label outside the taxonomy
  int64_t items = 0;
};

struct PlaceCount {
  std::string name;                       // canonical place name
  std::string type;                       // the gazetteer's type; empty when unknown
  int64_t items = 0;
  std::map<std::string, int64_t> categories;  // category id -> items at this place
};

struct Concerns {
  int64_t items = 0;          // items counted
  int64_t with_concern = 0;   // of them, with at least one category
  int64_t with_place = 0;     // of them, with at least one place
  std::vector<ConcernCount> categories;  // most items first (ties: by id)
  std::vector<PlaceCount> places;        // most items first (ties: by name), at most place_limit
};

// Counts per concern and per place over the store's items. `db_uri` is the
// store's URI (the taxonomy and gazetteer come from its settings, else the
// built-in ones).
Result<Concerns> CountConcerns(store::Store& store, const std::string& db_uri, const ConcernsRequest& req);
// CountConcerns one item at a time (see VolumesCounter): the items added, in
// any order, then Finish with the same store, URI and place_limit, give what
// CountConcerns gives for the same items.
class ConcernsCounter {
 public:
  void Add(const store::StoredItem& si);
  // n items with category `id` (store::HourCountKind::kCategory); counts
  // categories only (items, with_concern and places stay as they are).
  void AddCategory(const std::string& id, int64_t n) { per_category_[id] += n; }
  Result<Concerns> Finish(store::Store& store, const std::string& db_uri, size_t place_limit) const;

 private:
  int64_t items_ = 0, with_concern_ = 0, with_place_ = 0;
  std::map<std::string, int64_t> per_category_;
  std::map<std::string, PlaceCount> per_place_;
  std::vector<std::string> ids_;  // scratch: the categories of the item being added
};
// The categories of CountConcerns for the items published in [since, until)
// (both set), alone: from the hourly rollups and the partial hours' items.
Result<std::vector<ConcernCount>> CountCategories(store::Store& store, const std::string& db_uri, int64_t since,
                                                  int64_t until);
// {items, with_concern, with_place, categories: [{id, name, items}],
//  places: [{name, type, items, categories: {ID: n}}]}
Json ConcernsJson(const Concerns& c);

// ---- fact-checks and matches
// {id, claim, verdict, body, url, author, published_at, rating, appearance,
//  own}; published_at and rating null when the source gave none.
Json FactCheckJson(const store::FactCheck& fc);

// The best match per item, in the order the store lists matches: with a
// state, the best of that state; otherwise an accepted match first, else the
// best-scoring one staff did not reject.
Result<std::vector<store::Match>> BestMatches(store::Store& store, std::optional<store::MatchState> state);
// {item_id, source, factcheck_id, score, state}
Json MatchJson(const store::Match& m);
Json MatchesJson(const std::vector<store::Match>& matches);
// One text matched against the library: {factcheck_id, score, state} and,
// when the fact-check is found, {verdict, claim, url}.
Json TextMatchJson(const claims::MatchResult& r, const std::optional<store::FactCheck>& fc);

}  // namespace vox::query
