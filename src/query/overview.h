// The dashboard's morning screen ("Hôm nay") and its story page, each one
// answer computed here from the same functions the command line and the
// reports use (CountVolumes, ComputeTrends, CountConcerns, BestMatches), so
// that a figure on the screen is the figure everywhere else.
//
// Aggregates only: counts of items, sources and cases. No person is counted
// as a headline and no author is ever named: the voices a trend carries stay
// out of this answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "query/query.h"
#include "store/desk_records.h"
#include "store/store.h"

namespace vox::query {

struct OverviewRequest {
  std::string db_uri;       // the store's URI (taxonomy and gazetteer, as CountConcerns)
  int64_t now = 0;          // the end of "today"; 0: the newest item's published_at
  int tz_offset = 7 * 3600; // the office's zone
  int64_t usual_days = 14;  // "usual" is the mean per day over this many days before today
  int64_t rising = 5;       // rising stories kept
  int64_t concerns = 6;     // concerns kept
  int64_t matches = 5;      // suggested matches listed (all are counted)
  // The desk, when the reader may see cases: every case and every unit
  // (nullopt: the answer's "cases" is null). `desk_now` is the desk's clock.
  std::optional<std::vector<store::Case>> cases;
  std::vector<store::Unit> units;
  int64_t desk_now = 0;
  bool with_matches = true; // false: "matches" is null (the reader may not read items)
};

// {day, now, volumes: {today, usual, sources: [{name, today, usual}], days: [{date, items}]},
//  rising: [{story_id, label, count, sources, hours, expected, score}],
//  concerns: [{id, name, this_week, last_week}],
//  matches: {waiting, top: [{item_id, source, factcheck_id, score, claim, verdict}]} | null,
//  cases: {open, due_soon, overdue, units: [{unit_id, name, open, due_soon, overdue}]} | null}
// matches: the best match of each item that staff have not decided (suggested
// or auto), best score first. "today" is the office's calendar day of `now`; "this week" the 7 days that
// end with today, "last week" the 7 before.
Result<Json> OverviewJson(store::Store& store, const OverviewRequest& req);

// The "cases" part of the overview alone: cases still running against their
// deadline (not desk::IsSettled), by unit, most overdue first; `now` is the
// desk's clock. The server computes it for every request (cases change
// without an item changing) and may keep the rest of the overview a while.
Json CasesByUnitJson(const std::vector<store::Case>& cases, const std::vector<store::Unit>& units, int64_t now);
// The same answer from the counts the desk's store makes in place
// (store::DeskStore::CountOpenCases, due soon within 24 hours).
Json CasesByUnitJson(const std::vector<store::OpenCaseCount>& counts, const std::vector<store::Unit>& units);

// One story for its page: {story: StoryJson, timeline: {bucket: "hour"|"day",
// points: [{t, items}]}, sources: [{name, items}], items: [ItemJson] (the
// newest `sample` members: their text, never who wrote them),
// matches: [{item_id, source, factcheck_id, score, state, claim, verdict, url}]}.
// NotFound for an unknown story.
Result<Json> StoryPageJson(store::Store& store, int64_t story_id, int64_t sample = 12);

// How a story spread around a moment (an answer's publication): {id, label,
// items, voices, before_per_hour, after_per_hour, hours_before, hours_after}
// — items per hour in the `window` seconds before `at` and after it (up to
// the story's newest item when that is sooner; hours_after 0 when nothing
// came after). Counts only, never who wrote. NotFound for an unknown story.
Result<Json> StorySpreadJson(store::Store& store, int64_t story_id, int64_t at, int64_t window = 24 * 3600);

}  // namespace vox::query
