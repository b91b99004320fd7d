// GET /api/v1/report?from&to&unit&lang&format: the leadership report for the
// dashboard's download (report::Build, the same figures as the other routes).
// Staff who may read cases may ask for it; a PDF needs chromium on the
// server (501 saying so when absent).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "http/http_internal.h"
#include "report/report.h"

namespace vox::http::internal {
namespace {

void GetReport(const DeskContext& ctx, const Request& req, Response& res) {
  auto d = ThreadDesk(ctx);
  if (!d.ok()) return SendError(res, 503, d.status().message());
  std::string csrf;
  auto actor = RequestActor(ctx, req, &csrf);
  if (!actor.ok()) return SendStatus(res, actor.status());
  if (!desk::Can(actor->role, desk::Action::kReadCases))
    return SendStatus(res, Status::PermissionDenied("the " + std::string(desk::RoleName(actor->role)) +
                                                    " role may not read cases, nor their report"));
  if (!req.has_param("from") || !req.has_param("to"))
    return SendStatus(res, Status::InvalidArgument("from: required, with to (YYYY-MM-DD or RFC 3339; to is exclusive)"));
  auto period = report::RangePeriod(req.get_param_value("from"), req.get_param_value("to"));
  if (!period.ok()) return SendStatus(res, period.status());
  if (period->to - period->from > 400 * 86400)
    return SendStatus(res, Status::LimitExceeded("to: a report covers at most 400 days"));
  report::Lang lang = report::Lang::kVi;
  if (req.has_param("lang") && !report::ParseLang(req.get_param_value("lang"), &lang))
    return SendStatus(res, Status::InvalidArgument("lang: must be vi or en"));
  const std::string format = req.has_param("format") ? req.get_param_value("format") : "html";
  if (format != "html" && format != "pdf") return SendStatus(res, Status::InvalidArgument("format: must be html or pdf"));
  report::ReportRequest rr;
  rr.period = *period;
  rr.db_uri = ctx.db;
  if (req.has_param("unit")) {
    const std::string u = req.get_param_value("unit");
    char* end = nullptr;
    const long long id = std::strtoll(u.c_str(), &end, 10);
    if (u.empty() || !end || *end != '\0' || id <= 0)
      return SendStatus(res, Status::InvalidArgument("unit: must be a unit's id"));
    rr.unit_id = id;
  }
  if (format == "pdf") {
    if (auto c = report::FindChromium(); !c.ok()) return SendStatus(res, Status::Unsupported(c.status().message()));
  }
  auto st = ThreadStore(ctx.db);
  if (!st.ok()) return SendError(res, 503, st.status().message());
  auto data = report::Build(**st, &(*d)->store(), rr);
  if (!data.ok()) return SendStatus(res, data.status());
  const std::string html = report::RenderHtml(*data, lang);
  std::string name = "vox-report-" + period->label + "." + format;
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
  }
  res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  if (format == "html") {
    // The report's own styles are inline; it runs no script.
    res.headers.erase("Content-Security-Policy");
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                   "form-action 'none'; frame-ancestors 'none'");
    return res.set_content(html, "text/html; charset=utf-8");
  }
  char tmpl[] = "/tmp/vox-report-pdf-XXXXXX";
  const int fd = mkstemp(tmpl);
  if (fd < 0) return SendStatus(res, Status::IoError("cannot make a temporary file"));
  close(fd);
  const std::string path = tmpl;
  Status printed = report::RenderPdf(html, path);
  std::string pdf;
  if (printed.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    pdf = buf.str();
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (!printed.ok()) return SendStatus(res, printed);
  res.set_content(pdf, "application/pdf");
}

}  // namespace

void AddReportRoute(Server& server, const DeskContext& ctx) {
  server.Get("/api/v1/report", [&ctx](const Request& req, Response& res) { GetReport(ctx, req, res); });
}

}  // namespace vox::http::internal
