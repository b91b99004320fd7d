// The dashboard's read routes: GET /api/v1/overview (the morning screen) and
// GET /api/v1/stories/{id} (one story's page), both computed in src/query
// (overview.h). Either needs a session or token; the overview leaves out what
// the reader's role may not see (matches without kReadItems, cases without
// kReadCases), a story's page needs kReadItems.
#include "desk/desk.h"
#include "http/http_internal.h"
#include "query/overview.h"

namespace vox::http::internal {
namespace {

using Json = nlohmann::json;

void Send(httplib::Response& res, const Result<Json>& answer) {
  if (!answer.ok()) return SendStatus(res, answer.status());
  res.set_content(query::Dump(*answer), "application/json");
}

void GetOverview(const DeskContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto d = ThreadDesk(ctx);
  if (!d.ok()) return SendError(res, 503, d.status().message());
  std::string csrf;
  auto actor = RequestActor(ctx, req, &csrf);
  if (!actor.ok()) return SendStatus(res, actor.status());
  query::OverviewRequest oreq;
  oreq.db_uri = ctx.db;
  oreq.tz_offset = ctx.options.tz_offset;
  oreq.with_matches = desk::Can(actor->role, desk::Action::kReadItems);
  if (desk::Can(actor->role, desk::Action::kReadCases)) {
    std::vector<store::Case> cases;
    store::CaseQuery q;
    q.limit = 500;
    for (;;) {
      auto page = (*d)->ListCases(*actor, q);
      if (!page.ok()) return SendStatus(res, page.status());
      cases.insert(cases.end(), page->cases.begin(), page->cases.end());
      if (page->next_after == 0 || page->cases.empty()) break;
      q.after_id = page->next_after;
    }
    auto units = (*d)->ListUnits(*actor);
    if (!units.ok()) return SendStatus(res, units.status());
    oreq.cases = std::move(cases);
    oreq.units = std::move(*units);
    oreq.desk_now = (*d)->Now();
  }
  auto st = ThreadStore(ctx.db);
  if (!st.ok()) return SendError(res, 503, st.status().message());
  Send(res, query::OverviewJson(**st, oreq));
}

void GetStoryPage(const DeskContext& ctx, const httplib::Request& req, httplib::Response& res) {
  std::string csrf;
  auto actor = RequestActor(ctx, req, &csrf);
  if (!actor.ok()) return SendStatus(res, actor.status());
  if (!desk::Can(actor->role, desk::Action::kReadItems))
    return SendStatus(res, Status::PermissionDenied("the " + std::string(desk::RoleName(actor->role)) +
                                                    " role may not read stories"));
  int64_t id = 0;
  const std::string s = req.matches[1];
  if (s.size() > 15) return SendStatus(res, Status::NotFound("no story " + s));
  for (char c : s) id = id * 10 + (c - '0');
  auto st = ThreadStore(ctx.db);
  if (!st.ok()) return SendError(res, 503, st.status().message());
  Send(res, query::StoryPageJson(**st, id));
}

}  // namespace

const std::vector<RouteDoc>& DashRouteDocs() {
  static const std::vector<RouteDoc> docs = {{"GET", "/api/v1/overview"}, {"GET", "/api/v1/stories/{id}"}};
  return docs;
}

void AddDashRoutes(httplib::Server& server, const DeskContext& ctx) {
  server.Get("/api/v1/overview", [&ctx](const httplib::Request& req, httplib::Response& res) { GetOverview(ctx, req, res); });
  server.Get(R"(/api/v1/stories/(\d+))",
             [&ctx](const httplib::Request& req, httplib::Response& res) { GetStoryPage(ctx, req, res); });
}

}  // namespace vox::http::internal
