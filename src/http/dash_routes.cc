// The dashboard's read routes: GET /api/v1/overview (the morning screen) and
// GET /api/v1/stories/{id} (one story's page), both computed in src/query
// (overview.h). Either needs a session or token; the overview leaves out what
// the reader's role may not see (matches without kReadItems, cases without
// kReadCases), a story's page needs kReadItems.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "desk/channels.h"
#include "desk/desk.h"
#include "desk/outbox.h"
#include "http/http_internal.h"
#include <optional>

#include "query/overview.h"

namespace vox::http::internal {
namespace {

using Json = nlohmann::json;

void Send(Response& res, const Result<Json>& answer) {
  if (!answer.ok()) return SendStatus(res, answer.status());
  res.set_content(query::Dump(*answer), "application/json");
}

// The overview's figures from items (volumes, rising, concerns, matches)
// scan weeks of items: on a store of millions that takes seconds. The last
// answer is kept (one with matches, one without). While the store's content
// version stays the same and the answer is younger than kOverviewMaxAge it is
// current; otherwise it is still answered at once while one background
// computation makes the next (stories, concerns and matches also change
// without an item changing). Only the very first request waits. Cases are
// counted for every request.
constexpr std::chrono::seconds kOverviewMaxAge{60};

class OverviewCache {
 public:
  ~OverviewCache() {
    for (auto& t : refresher_) {
      if (t.joinable()) t.join();
    }
  }

  Result<Json> Get(store::Store& st, const std::string& db, const query::OverviewRequest& oreq) {
    auto version = st.ContentVersion();
    if (!version.ok()) return version.status();
    const int k = oreq.with_matches ? 1 : 0;
    std::unique_lock<std::mutex> lock(mu_);
    Slot& slot = slots_[k];
    if (slot.answer) {
      const bool stale = slot.version != *version || std::chrono::steady_clock::now() - slot.at >= kOverviewMaxAge;
      if (stale && !slot.refreshing) {
        slot.refreshing = true;
        if (refresher_[k].joinable()) refresher_[k].join();  // the previous one has finished
        refresher_[k] = std::thread([this, k, db, oreq, v = *version] { Refresh(k, db, oreq, v); });
      }
      return *slot.answer;
    }
    if (slot.refreshing) {
      cv_.wait(lock, [&] { return !slot.refreshing; });
      if (slot.answer) return *slot.answer;
    }
    slot.refreshing = true;
    lock.unlock();
    auto answer = query::OverviewJson(st, oreq);
    lock.lock();
    slot.refreshing = false;
    if (answer.ok()) {
      slot.answer = *answer;
      slot.version = *version;
      slot.at = std::chrono::steady_clock::now();
    }
    cv_.notify_all();
    return answer;
  }

 private:
  struct Slot {
    std::string version;
    std::chrono::steady_clock::time_point at;
    std::optional<Json> answer;
    bool refreshing = false;
  };

  // A computation on a connection of its own (the request's belongs to its worker).
  void Refresh(int k, const std::string& db, const query::OverviewRequest& oreq, const std::string& version) {
    std::optional<Json> answer;
    if (auto st = store::Store::Open(db, {.read_only = true}); st.ok()) {
      if (auto a = query::OverviewJson(**st, oreq); a.ok()) answer = std::move(*a);
    }
    std::lock_guard<std::mutex> lock(mu_);
    Slot& slot = slots_[k];
    slot.refreshing = false;
    if (answer) {
      slot.answer = std::move(answer);
      slot.version = version;
      slot.at = std::chrono::steady_clock::now();
    }
    cv_.notify_all();
  }

  std::mutex mu_;
  std::condition_variable cv_;
  Slot slots_[2];              // GUARDED_BY(mu_)
  std::thread refresher_[2];   // GUARDED_BY(mu_)
};

OverviewCache& Cache() {
  static OverviewCache cache;
  return cache;
}

void GetOverview(const DeskContext& ctx, const Request& req, Response& res) {
  auto d = ThreadDesk(ctx);
  if (!d.ok()) return SendError(res, 503, d.status().message());
  std::string csrf;
  auto actor = RequestActor(ctx, req, &csrf);
  if (!actor.ok()) return SendStatus(res, actor.status());
  query::OverviewRequest oreq;
  oreq.db_uri = ctx.db;
  oreq.tz_offset = ctx.options.tz_offset;
  oreq.with_matches = desk::Can(actor->role, desk::Action::kReadItems);
  std::optional<Json> cases;
  if (desk::Can(actor->role, desk::Action::kReadCases)) {
    // Counted by the desk's store in place (an index of the open cases).
    auto counts = (*d)->CountOpenCases(*actor);
    if (!counts.ok()) return SendStatus(res, counts.status());
    auto units = (*d)->ListUnits(*actor);
    if (!units.ok()) return SendStatus(res, units.status());
    cases = query::CasesByUnitJson(*counts, *units);
  }
  auto st = ThreadStore(ctx.db);
  if (!st.ok()) return SendError(res, 503, st.status().message());
  auto figures = Cache().Get(**st, ctx.db, oreq);
  if (!figures.ok()) return SendStatus(res, figures.status());
  Json out = std::move(*figures);
  out["cases"] = cases ? std::move(*cases) : Json(nullptr);
  res.set_content(query::Dump(out), "application/json");
}

void GetStoryPage(const DeskContext& ctx, const Request& req, Response& res) {
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

// GET /api/v1/settings: the office's settings for the admin screen, each
// {name, value, default, secret, set}. Only the settings Vox knows are
// listed; a secret's value is never answered (value null, `set` says whether
// it is there); a file held as a setting (the holiday calendar, the report's
// map) answers its size as `bytes` instead of its text.
void GetSettings(const DeskContext& ctx, const Request& req, Response& res) {
  std::string csrf;
  auto actor = RequestActor(ctx, req, &csrf);
  if (!actor.ok()) return SendStatus(res, actor.status());
  if (!desk::Can(actor->role, desk::Action::kManageUsers))
    return SendStatus(res, Status::PermissionDenied("the " + std::string(desk::RoleName(actor->role)) +
                                                    " role may not read the settings"));
  auto st = ThreadStore(ctx.db);
  if (!st.ok()) return SendError(res, 503, st.status().message());
  struct Known {
    std::string name;
    std::string default_value;
    bool secret = false;
    bool file = false;
  };
  std::vector<Known> known = {{"office_name", "Văn phòng"}, {"time_zone", ""}, {"retention", ""}};
  for (std::string_view kind : desk::kCaseKinds) {
    known.push_back({"desk.due." + std::string(kind), std::to_string(desk::DefaultDueDays(kind))});
  }
  known.push_back({"desk.holidays", "", false, true});
  known.push_back({"report.boundaries", "", false, true});
  for (const desk::ChannelKey& k : desk::ChannelKeys()) known.push_back({k.name, k.default_value, k.secret});
  const desk::OutboxOptions outbox;
  known.push_back({"outbox.retry_base_seconds", std::to_string(static_cast<int>(outbox.backoff.base_seconds))});
  known.push_back({"outbox.timeout_seconds", std::to_string(outbox.timeout_seconds)});
  known.push_back({"outbox.max_attempts", std::to_string(outbox.backoff.max_attempts)});
  known.push_back({"reach.interval_minutes", std::to_string(outbox.reach_interval_minutes)});
  // Asking the web on a sender's behalf (docs/stories.md "Short links", "Article pages").
  known.push_back({"links.expand", "off"});
  known.push_back({"links.fetch_pages", "off"});
  known.push_back({"links.shorteners", ""});
  known.push_back({"links.allow_private", "off"});
  Json out = Json::array();
  for (const Known& k : known) {
    auto v = (*st)->GetSetting(k.name);
    if (!v.ok()) return SendStatus(res, v.status());
    Json row = {{"name", k.name}, {"secret", k.secret}, {"set", v->has_value()},
                {"default", k.default_value.empty() ? Json(nullptr) : Json(k.default_value)}};
    row["value"] = (k.secret || k.file || !v->has_value()) ? Json(nullptr) : Json(**v);
    if (k.file) row["bytes"] = v->has_value() ? Json((*v)->size()) : Json(nullptr);
    out.push_back(std::move(row));
  }
  res.set_content(query::Dump(out), "application/json");
}

}  // namespace

const std::vector<RouteDoc>& DashRouteDocs() {
  static const std::vector<RouteDoc> docs = {{"GET", "/api/v1/overview"}, {"GET", "/api/v1/stories/{id}"},
                                             {"GET", "/api/v1/settings"}, {"GET", "/api/v1/events"}};
  return docs;
}

void AddDashRoutes(Server& server, const DeskContext& ctx) {
  server.Get("/api/v1/settings", [&ctx](const Request& req, Response& res) { GetSettings(ctx, req, res); });
  AddEventRoutes(server, ctx);
  server.Get("/api/v1/overview", [&ctx](const Request& req, Response& res) { GetOverview(ctx, req, res); });
  server.Get(R"(/api/v1/stories/(\d+))",
             [&ctx](const Request& req, Response& res) { GetStoryPage(ctx, req, res); });
}

}  // namespace vox::http::internal
