// Reports: the weekly and monthly report the office's leadership reads
// (docs/reports.md). Build computes every figure of a period through the
// read side (query/), the same functions the API answers with, so that a
// report and the dashboard never disagree; RenderHtml writes it as one
// self-contained HTML file (charts as inline SVG drawn here, print CSS for
// A4); RenderPdf prints that file with Debian's chromium.
//
// Contracts:
//   - aggregates only: a report never carries an author, a pseudonym or a
//     raw text; story labels and sample texts are the masked text the store
//     keeps (the pipeline masked it before the store saw it);
//   - every text written into HTML goes through EscapeHtml (the JSON data
//     block through ScriptJson), whatever its source;
//   - Build only reads (a read-only store and desk work); errors are values.
//
// This layer sits above the read side and below the edges (http/, cli/).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "query/query.h"
#include "report/map.h"
#include "store/desk_store.h"
#include "store/store.h"

namespace vox::report {

// A period [from, to) in Unix seconds; `label` names it as asked ("2026-W49",
// "2026-11", "2026-11-01 – 2026-11-30").
struct Period {
  int64_t from = 0;
  int64_t to = 0;
  std::string label;
};

// "2026-W49": the ISO week (Monday 00:00 to the next Monday, in the zone
// UTC+tz_offset). Weeks 1..52, or 53 in the years that have it.
Result<Period> WeekPeriod(std::string_view iso_week, int tz_offset = kOfficeOffsetSeconds);
// "2026-11": the calendar month.
Result<Period> MonthPeriod(std::string_view month, int tz_offset = kOfficeOffsetSeconds);
// from/to: "YYYY-MM-DD" (00:00 of the office's day) or RFC 3339; `to` is
// exclusive and must be after `from`.
Result<Period> RangePeriod(const std::string& from, const std::string& to, int tz_offset = kOfficeOffsetSeconds);
// The period of the same length just before p.
Period PreviousPeriod(const Period& p);

struct ReportRequest {
  Period period;
  std::string db_uri;            // the store's URI (concerns read its taxonomy and gazetteer)
  int64_t unit_id = 0;           // cases of this unit only (0: every unit); items have no unit
  int tz_offset = kOfficeOffsetSeconds;  // the office's days
  size_t top_stories = 10;       // largest and rising stories kept
  size_t top_places = 15;        // places drawn (the data block keeps them all)
  int64_t now = 0;               // 0: the store's clock (overdue is judged at min(now, to))
  std::string boundaries_geojson;  // the map's boundaries (map.h); empty: the store's
                                   // `report.boundaries` setting, if any
};

struct StoryLine {
  int64_t id = 0;
  std::string label;             // the story's readable label (masked text)
  int64_t size = 0, voices = 0, sources = 0;
  int64_t first_seen = 0, last_seen = 0;
  std::vector<std::string> places;  // up to three, the most frequent among its items first
  // Rising stories only (stories::Trend).
  int64_t count = 0;             // items in the rising sub-window
  int64_t span_seconds = 0;
  double score = 0;              // -log10(p)
};

// Cases of one unit (unit_id 0 and name "" in `total`: every unit).
struct UnitCases {
  int64_t unit_id = 0;
  std::string name;
  int64_t opened = 0;            // created in the period
  int64_t closed = 0;            // closed in the period
  int64_t overdue = 0;           // at the period's end (or now): past due_at, not answered nor settled
  int64_t answered = 0;          // answered in the period
  int64_t with_deadline = 0;     // of them, with a deadline
  int64_t on_time = 0;           // of those, answered by the deadline
  std::optional<int64_t> median_first_response;  // seconds, over cases opened in the period
  std::optional<int64_t> median_answer;          // seconds, over cases answered in the period
};

struct ReportData {
  std::string office_name;       // setting office_name (default "Văn phòng")
  Period period, previous;
  int64_t generated_at = 0;
  int64_t unit_id = 0;
  std::string unit_name;
  // 1. volumes
  query::Volumes volumes, previous_volumes;
  // 2. stories
  std::vector<StoryLine> largest, rising;
  int64_t trend_window_hours = 0;
  // 3. concerns (all places; the rendering draws the first top_places)
  query::Concerns concerns, previous_concerns;
  size_t top_places = 15;
  // 4. claims: best matches (query::BestMatches) of items published in the period, by state
  std::map<std::string, int64_t> matches, previous_matches;
  int64_t claim_cases_answered = 0;               // cases from a match or of kind rumour answered in the period
  std::optional<int64_t> median_claim_answer;     // seconds from opening to answer
  // 5. cases (has_desk false: the store has no desk tables to read)
  bool has_desk = false;
  UnitCases total;
  std::vector<UnitCases> units;
  // the map (map.h): absent when no boundaries are supplied
  std::shared_ptr<const Boundaries> boundaries;
  std::string boundaries_error;  // why the saved boundaries could not be drawn
  // 6. answers published in the period (reach is not measured yet)
  int64_t answers_published = 0, previous_answers_published = 0;
};

// Computes a report. `desk` may be null (the cases sections then say so).
Result<ReportData> Build(store::Store& store, store::DeskStore* desk, const ReportRequest& req);

// Every figure of the report in one JSON object: what the HTML carries in
// its <script type="application/json" id="vox-report-data"> block and
// `vox report --json` prints. Volumes and concerns in their API forms.
query::Json ReportJson(const ReportData& d);

enum class Lang { kVi, kEn };
bool ParseLang(std::string_view s, Lang* out);  // "vi" | "en"

// One self-contained HTML file: no external resource, no script that runs.
std::string RenderHtml(const ReportData& d, Lang lang);

// & < > " ' as entities: safe in text and in quoted attributes.
std::string EscapeHtml(std::string_view s);
// JSON for a <script type="application/json"> block: every '<' written as
// \u003c so that no "</script>" or "<!--" can end or bend the block.
std::string ScriptJson(const query::Json& j);

// ---- PDF
struct PdfOptions {
  std::string chromium;          // "": `chromium` found on PATH
  int timeout_seconds = 120;     // then the browser is killed and the call fails
};
// The path of `chromium` on PATH; NotFound with what to install when absent.
Result<std::string> FindChromium();
// Prints `html` to `pdf_path` with chromium --headless --print-to-pdf (A4 and
// page numbers come from the HTML's print CSS).
Status RenderPdf(const std::string& html, const std::string& pdf_path, const PdfOptions& opts = {});

}  // namespace vox::report
