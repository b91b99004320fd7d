// The demo town's desk: the units its cases go to, a staff account per role,
// a month of cases opened from the largest stories and walked through their
// lives at the times a real office would (some answered and published, some
// closed, duplicate, not responsible, referred, reopened; some still open
// and overdue), and collaborators' reports. Everything goes through the Desk,
// so the demo's history is what the desk itself would have written, audit
// log included; the desk's clock is moved along the month as it goes.
#include "cli/demo_desk.h"

#include <algorithm>
#include <map>
#include <cstdio>
#include <random>

#include "desk/desk.h"
#include "query/query.h"
#include "stories/stories.h"
#include "store/desk_store.h"

namespace vox::cli {
namespace {

// What happens to a demo case, in order; the last state is where it stays.
const std::vector<std::vector<std::string>> kLives = {
    {},                                                              // still new
    {"triaged"},
    {"triaged", "assigned"},                                         // often overdue
    {"assigned", "in_progress"},
    {"assigned", "in_progress", "answered"},
    {"assigned", "in_progress", "answered", "approve", "published"},
    {"assigned", "in_progress", "answered", "approve", "published", "closed"},
    {"triaged", "duplicate"},
    {"triaged", "not_responsible"},
    {"triaged", "referred"},
    {"assigned", "answered", "approve", "published", "closed", "reopened"},
    {"assigned", "in_progress", "answered", "approve", "published", "closed"},
};

const char* KindFor(const std::string& label, std::mt19937_64& rng) {
  static const char* kKinds[] = {"concern", "request", "question", "incident"};
  if (label.find("tin đồn") != std::string::npos || label.find("lừa") != std::string::npos) return "rumour";
  return kKinds[rng() % 4];
}

}  // namespace

Status SeedDemoDesk(store::Store& st, const std::string& db, uint64_t seed) {
  auto stats = st.GetStats();
  if (!stats.ok()) return stats.status();
  if (stats->items == 0) return Status::Ok();
  stories::StoryListOptions lo;
  lo.limit = 40;
  lo.sort = stories::StorySort::kSize;
  auto top = stories::ListStories(st, lo);
  if (!top.ok()) return top.status();
  query::ConcernsRequest creq;
  creq.place_limit = 8;
  auto concerns = query::CountConcerns(st, db, creq);
  if (!concerns.ok()) return concerns.status();

  FixedClock clock(stats->first_published);
  auto ds = store::DeskStore::Open(db, {.clock = &clock});
  if (!ds.ok()) return ds.status();
  auto cases = (*ds)->CountCases();
  if (!cases.ok()) return cases.status();
  if (*cases > 0) return Status::Ok();  // seeded before
  auto settings = desk::LoadDeskSettings(st);
  if (!settings.ok()) return settings.status();
  desk::DeskOptions opts;
  settings->ApplyTo(&opts);
  desk::Desk d(**ds, opts);
  const desk::Actor cli = desk::Actor::Cli();
  std::mt19937_64 rng(seed);

  // Units: the wards where people raise the most, and two agencies.
  std::vector<int64_t> units;
  for (const auto& p : concerns->places) {
    if (units.size() >= 6) break;
    const bool ward = p.name.rfind("phường", 0) == 0, commune = p.name.rfind("xã", 0) == 0;
    const bool town = p.name.rfind("thị xã", 0) == 0 || p.name.rfind("thành phố", 0) == 0;
    if (!ward && !commune && !town) continue;  // a street or a landmark is not a unit
    auto u = d.AddUnit(cli, "UBND " + p.name, ward ? "ward" : commune ? "commune" : "other");
    if (u.ok()) units.push_back(u->id);
  }
  for (const char* agency : {"Điện lực thị xã", "Công ty Cấp nước thị xã"}) {
    auto u = d.AddUnit(cli, agency, "agency");
    if (!u.ok()) return u.status();
    units.push_back(u->id);
  }
  // One account per role besides the admin; their passwords are generated
  // and never shown (an admin sets them: vox user passwd NAME).
  std::map<std::string, desk::Actor> staff;
  for (const char* role : {"editor", "analyst", "collaborator", "viewer"}) {
    const std::string name = std::string("demo-") + role;
    auto u = d.AddUser(cli, name, role, desk::GeneratePassword(), 0);
    if (!u.ok()) return u.status();
    desk::Actor a;
    a.user_id = u->id;
    a.name = name;
    a.role = *desk::ParseRole(role);
    staff[role] = a;
  }

  // Cases from the largest stories, opened a few hours after each began.
  int opened = 0;
  for (size_t i = 0; i < top->size(); ++i) {
    const stories::StorySummary& s = (*top)[i];
    clock.Set(std::min(s.story.first_seen + 3600 * static_cast<int64_t>(1 + rng() % 20), stats->last_published));
    desk::CaseDraft draft;
    draft.kind = KindFor(s.label, rng);
    size_t cut = std::min<size_t>(s.label.size(), 200);  // on a character's first byte
    while (cut > 0 && cut < s.label.size() && (static_cast<unsigned char>(s.label[cut]) & 0xC0) == 0x80) --cut;
    draft.title = s.label.substr(0, cut);
    if (draft.title.empty()) continue;
    draft.description = "Câu chuyện " + std::to_string(s.story.size) + " bài, từ " +
                        std::to_string(s.story.voices) + " người.";
    draft.origin = "story";
    draft.origin_ref = "story:" + std::to_string(s.story.id);
    draft.links.push_back({0, "story", std::to_string(s.story.id)});
    auto c = d.OpenCase(staff["analyst"], draft);
    if (!c.ok()) return c.status();
    ++opened;
    store::Case cur = *c;
    const auto& life = kLives[i % kLives.size()];
    for (const std::string& step : life) {
      clock.Advance(3600 * static_cast<int64_t>(2 + rng() % 30));
      if (clock.Now() > stats->last_published) break;  // the month ended first
      desk::CasePatch p;
      p.version = cur.version;
      desk::Actor who = staff["analyst"];
      if (step == "assigned") p.unit_id = units[rng() % units.size()];
      else if (step == "approve") {
        p.approve_answer = true;
        who = staff["editor"];
      } else {
        p.state = step;
      }
      if (step == "answered") {
        p.internal_answer = "Đơn vị đã kiểm tra hiện trường và xử lý.";
        p.public_answer = "UBND đã tiếp nhận phản ánh, kiểm tra thực tế và chỉ đạo đơn vị xử lý. Cảm ơn bà con đã thông tin.";
      }
      if (step == "published" || step == "closed") who = staff["editor"];
      if (step == "published") p.publish_to = std::vector<std::string>{"feed"};  // the public feed of answers
      if (step == "duplicate") p.duplicate_of = cur.id > 1 ? cur.id - 1 : 0;
      if (step == "not_responsible") p.responsible_body = "Sở Tài nguyên và Môi trường";
      if (step == "referred") p.unit_id = units[rng() % units.size()];
      if (step == "reopened") p.note = "Người dân phản ánh lại: chưa xử lý xong.";
      if (step == "duplicate" && cur.id <= 1) break;
      auto next = d.ChangeCase(who, cur.id, p);
      if (!next.ok()) return Status::Internal("demo case " + std::to_string(cur.id) + " step " + step + ": " + next.status().message());
      cur = *next;
    }
  }
  // Collaborators' reports: links and texts seen around the town.
  static const char* kReports[][3] = {
      {"Nhóm Zalo khu phố chia sẻ tin nhà máy nước bị nhiễm độc, nhiều người hoang mang.", "https://zalo.me/g/khu-pho-3", "nuoc"},
      {"Cống thoát nước đầu hẻm bị nghẹt, mưa là ngập tới gối.", "", "ngap"},
      {"Trang Facebook lạ mạo danh UBND thu phí làm căn cước.", "https://facebook.com/ubnd-gia-mao", "lua_dao"},
      {"Đèn đường đoạn gần chợ tắt cả tuần nay.", "", "dien"},
      {"Tin nhắn giả danh điện lực yêu cầu chuyển khoản tiền điện.", "", "lua_dao"},
      {"Bãi rác tự phát sau trường học bốc mùi.", "", "moi_truong"},
  };
  int reports = 0;
  for (const auto& r : kReports) {
    clock.Set(stats->first_published + static_cast<int64_t>(rng() % static_cast<uint64_t>(
                                           std::max<int64_t>(1, stats->last_published - stats->first_published))));
    store::Report rep;
    rep.text = r[0];
    rep.link = r[1];
    rep.concern = r[2];
    if (!concerns->places.empty()) rep.place = concerns->places[rng() % concerns->places.size()].name;
    auto saved = d.SubmitReport(staff["collaborator"], rep);
    if (!saved.ok()) return saved.status();
    ++reports;
    if (reports % 2 == 0) {
      clock.Advance(5400);
      auto c = d.OpenCaseFromReport(staff["analyst"], saved->id, rep.concern == "lua_dao" ? "rumour" : "concern");
      if (!c.ok()) return c.status();
      ++opened;
    }
  }
  std::printf("desk: %zu units, %zu staff accounts, %d cases, %d collaborators' reports\n", units.size(),
              staff.size() + 1, opened, reports);
  return Status::Ok();
}

}  // namespace vox::cli
