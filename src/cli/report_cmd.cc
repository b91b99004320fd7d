// vox report (--from DATE --to DATE | --week 2026-W49 | --month 2026-11)
//            [--unit U] [--lang vi|en] (--out FILE.html|FILE.pdf | --json)
#include "cli/report_cmd.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "report/report.h"
#include "store/desk_store.h"

namespace vox::cli {
namespace {

struct ReportArgs {
  std::string from, to, week, month, unit, lang = "vi", out, boundaries;
  bool as_json = false;
};

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Result<report::Period> PeriodOf(const ReportArgs& a) {
  const int given = (!a.week.empty()) + (!a.month.empty()) + (!a.from.empty() || !a.to.empty());
  if (given != 1) return Status::InvalidArgument("give one period: --from DATE --to DATE, --week YYYY-Www or --month YYYY-MM");
  if (!a.week.empty()) return report::WeekPeriod(a.week);
  if (!a.month.empty()) return report::MonthPeriod(a.month);
  if (a.from.empty() || a.to.empty()) return Status::InvalidArgument("--from and --to go together (--to is exclusive)");
  return report::RangePeriod(a.from, a.to);
}

int Run(const Globals& g, const ReportArgs& a) {
  report::Lang lang{};
  if (!report::ParseLang(a.lang, &lang)) return Fail(Status::InvalidArgument("--lang must be vi or en"));
  const bool pdf = EndsWith(a.out, ".pdf");
  if (!a.as_json && !pdf && !EndsWith(a.out, ".html") && !EndsWith(a.out, ".htm"))
    return Fail(Status::InvalidArgument("--out must name a .html or .pdf file (or pass --json)"));
  auto period = PeriodOf(a);
  if (!period.ok()) return Fail(period.status());
  std::string geojson;
  if (!a.boundaries.empty()) {
    std::ifstream f(a.boundaries, std::ios::binary);
    if (!f) return Fail(Status::IoError("--boundaries: cannot read " + a.boundaries));
    geojson.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    if (auto parsed = report::ParseBoundaries(geojson); !parsed.ok())
      return Fail(Status::InvalidArgument(a.boundaries + ": " + parsed.status().message()));
  }
  // Before any work: a PDF needs chromium.
  if (pdf) {
    if (auto c = report::FindChromium(); !c.ok()) {
      std::fprintf(stderr, "vox: %s\n", c.status().message().c_str());
      return kFailure;
    }
  }
  auto st = OpenStoreForReading(g);
  if (!st.ok()) return Fail(st.status());
  std::unique_ptr<store::DeskStore> desk;
  if (auto ds = store::DeskStore::Open(g.db, {.read_only = true}); ds.ok()) {
    desk = std::move(ds).value();
  } else {
    std::fprintf(stderr, "vox: the cases sections are left out: %s\n", ds.status().message().c_str());
  }
  report::ReportRequest req;
  req.period = *period;
  req.db_uri = g.db;
  req.boundaries_geojson = std::move(geojson);
  if (!a.unit.empty()) {
    if (!desk) return Fail(Status::InvalidArgument("--unit: this store has no desk to read units from"));
    char* end = nullptr;
    const long long id = std::strtoll(a.unit.c_str(), &end, 10);
    if (end && *end == '\0' && id > 0) {
      req.unit_id = id;
    } else {
      auto u = desk->FindUnit(a.unit);
      if (!u.ok()) return Fail(u.status());
      if (!*u) return Fail(Status::NotFound("--unit: no unit named '" + a.unit + "' (vox unit list)"));
      req.unit_id = (*u)->id;
    }
  }
  auto data = report::Build(**st, desk.get(), req);
  if (!data.ok()) return Fail(data.status());
  if (a.as_json) std::cout << Dump(report::ReportJson(*data)) << "\n";
  if (a.out.empty()) return kOk;
  const std::string html = report::RenderHtml(*data, lang);
  if (pdf) {
    if (Status s = report::RenderPdf(html, a.out); !s.ok()) return Fail(s);
  } else {
    std::ofstream out(a.out, std::ios::binary);
    out << html;
    out.close();
    if (!out) return Fail(Status::IoError("cannot write " + a.out));
  }
  std::fprintf(stderr, "vox: wrote %s (%s)\n", a.out.c_str(), period->label.c_str());
  return kOk;
}

}  // namespace

void RegisterReportCommand(CLI::App& app, Globals& g, Runner* run) {
  auto a = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand("report", "the leadership's report for a period, as HTML or PDF (docs/reports.md)");
  cmd->add_option("--from", a->from, "first day (YYYY-MM-DD, the office's day) or an RFC 3339 time");
  cmd->add_option("--to", a->to, "end of the period, exclusive (YYYY-MM-DD or RFC 3339)");
  cmd->add_option("--week", a->week, "an ISO week, e.g. 2026-W49 (Monday to Sunday)");
  cmd->add_option("--month", a->month, "a month, e.g. 2026-11");
  cmd->add_option("--unit", a->unit, "cases of this unit only (its name or id)");
  cmd->add_option("--lang", a->lang, "vi (default) or en");
  cmd->add_option("--out", a->out, "FILE.html, or FILE.pdf (printed by chromium)");
  cmd->add_option("--boundaries", a->boundaries,
                  "GeoJSON of the wards and communes for the map (else the report.boundaries setting)");
  cmd->add_flag("--json", a->as_json, "print every figure as JSON on stdout (the HTML's vox-report-data block)");
  cmd->callback([run, a, &g] { *run = [a, &g] { return Run(g, *a); }; });
}

}  // namespace vox::cli
