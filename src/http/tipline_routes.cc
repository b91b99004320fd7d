// The public web form (docs/channels.md "Web form"): GET and POST /gop-y, and
// the status page of a reference, GET /gop-y/{ref}.
//
// Public, no sign-in, in Vietnamese, server-rendered (no script; the page's
// style is an embedded file, so the strict CSP holds). A submission becomes
// an item of kind `message` (source `web-form`; stored
// through the webhooks' spooled ingest thread, masked and tagged like every
// item; its id is random) and a case of origin `message`, whose reference
// (desk::TiplineRef) the sender gets. Contact details are kept only with
// the separate consent box ticked, sealed on the case. Abuse: a hidden
// honeypot field, size limits, and at most kPerAddress submissions per
// address in kWindow seconds (429 with Retry-After).
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "classify/classify.h"
#include "common/time.h"
#include "http/http_internal.h"
#include "report/report.h"
#include "text/text.h"

extern const char vox_embed_tipline_css[];
extern const unsigned long vox_embed_tipline_css_size;

namespace vox::http::internal {
namespace {

using json = nlohmann::json;

constexpr int kPerAddress = 5;
constexpr int64_t kWindow = 600;
constexpr size_t kMaxText = 4000, kMaxPlace = 120, kMaxContact = 300;

using report::EscapeHtml;

std::string Page(const std::string& title, const std::string& body) {
  return "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + EscapeHtml(title) + "</title><link rel=\"stylesheet\" href=\"/gop-y.css\"></head><body><main>" + body +
         "</main></body></html>";
}

// Submissions per address in the last kWindow seconds.
class RateLimit {
 public:
  // Seconds until the address may submit again; 0: it may now (and it counts).
  int64_t Take(const std::string& address, int64_t now) {
    std::lock_guard<std::mutex> lock(mu_);
    if (seen_.size() > 100000) seen_.clear();  // bounded memory under a flood of addresses
    auto& times = seen_[address];
    while (!times.empty() && times.front() <= now - kWindow) times.pop_front();
    if (static_cast<int>(times.size()) >= kPerAddress) return times.front() + kWindow - now;
    times.push_back(now);
    return 0;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<int64_t>> seen_;  // GUARDED_BY(mu_)
};

struct Choices {
  std::vector<std::pair<std::string, std::string>> concerns;  // id, name
  std::vector<std::string> places;                            // wards and communes
};

struct TiplineState {
  const DeskContext* desk;
  HookIngest* ingest;
  const Clock* clock;
  Choices choices;
  RateLimit limit;
};

const char* StateText(const std::string& state) {
  if (state == "new" || state == "triaged" || state == "reopened") return "Đã tiếp nhận, đang chờ xử lý";
  if (state == "assigned" || state == "in_progress") return "Đang được đơn vị chuyên môn xử lý";
  if (state == "answered") return "Đã có trả lời, đang chờ duyệt công bố";
  if (state == "published") return "Đã trả lời";
  if (state == "closed") return "Đã xử lý xong";
  if (state == "duplicate") return "Trùng với một phản ánh khác đang được xử lý";
  if (state == "not_responsible" || state == "referred") return "Đã chuyển cơ quan có thẩm quyền";
  return "Đã tiếp nhận";
}

std::string FormHtml(const TiplineState& t, const std::string& error, const std::multimap<std::string, std::string>& prev) {
  auto value = [&](const char* name) {
    auto it = prev.find(name);
    return it == prev.end() ? std::string() : EscapeHtml(it->second);
  };
  std::string b = "<h1>Gửi phản ánh, kiến nghị</h1>"
                  "<p>Ủy ban nhân dân tiếp nhận phản ánh, câu hỏi của người dân. Bạn sẽ nhận một <strong>mã tra cứu</strong> "
                  "để theo dõi việc xử lý. Không cần đăng nhập.</p>";
  if (!error.empty()) b += "<p class=\"error\" role=\"alert\">" + EscapeHtml(error) + "</p>";
  b += "<form method=\"post\" action=\"/gop-y\">"
       "<label for=\"text\">Nội dung phản ánh hoặc câu hỏi <span class=\"req\">(bắt buộc)</span></label>"
       "<textarea id=\"text\" name=\"text\" rows=\"7\" maxlength=\"4000\" required>" + value("text") + "</textarea>"
       "<label for=\"concern\">Lĩnh vực</label><select id=\"concern\" name=\"concern\"><option value=\"\">— Không rõ —</option>";
  const std::string concern = prev.count("concern") ? prev.find("concern")->second : "";
  for (const auto& [id, name] : t.choices.concerns) {
    b += "<option value=\"" + EscapeHtml(id) + "\"" + (id == concern ? " selected" : "") + ">" + EscapeHtml(name) + "</option>";
  }
  b += "</select><label for=\"place\">Phường, xã</label><select id=\"place\" name=\"place\"><option value=\"\">— Không rõ —</option>";
  const std::string place = prev.count("place") ? prev.find("place")->second : "";
  for (const std::string& p : t.choices.places) {
    b += "<option" + std::string(p == place ? " selected" : "") + ">" + EscapeHtml(p) + "</option>";
  }
  b += "</select>"
       "<fieldset><legend>Liên hệ (không bắt buộc)</legend>"
       "<label for=\"contact\">Số điện thoại hoặc email để cán bộ liên hệ lại</label>"
       "<input id=\"contact\" name=\"contact\" maxlength=\"300\" autocomplete=\"off\" value=\"" + value("contact") + "\">"
       "<label class=\"check\"><input type=\"checkbox\" name=\"consent\" value=\"1\"> Tôi đồng ý để cơ quan lưu thông tin "
       "liên hệ này, chỉ dùng để trả lời phản ánh và xóa khi hồ sơ kết thúc.</label></fieldset>"
       "<div class=\"hp\" aria-hidden=\"true\"><label for=\"website\">Để trống ô này</label>"
       "<input id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>"
       "<button type=\"submit\">Gửi phản ánh</button></form>"
       "<p class=\"note\">Số điện thoại, email, số CCCD trong nội dung sẽ được che trước khi lưu. "
       "Đã có mã? Mở <code>/gop-y/MÃ</code> để tra cứu.</p>";
  return Page("Gửi phản ánh", b);
}

void Html(Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_content(html, "text/html; charset=utf-8");
}

void GetForm(const TiplineState& t, const Request&, Response& res) { Html(res, 200, FormHtml(t, "", {})); }

// The first value of a form field.
std::string Field(const std::multimap<std::string, std::string>& f, const char* name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

void PostForm(TiplineState& t, const Request& req, Response& res) {
  std::multimap<std::string, std::string> f;
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/x-www-form-urlencoded", 0) != 0 || !ParseForm(req.body, &f)) {
    return Html(res, 400, FormHtml(t, "Biểu mẫu gửi lên không hợp lệ. Vui lòng thử lại.", {}));
  }
  auto refuse = [&](const std::string& why) { Html(res, 400, FormHtml(t, why, f)); };
  const std::string text = Field(f, "text"), place = Field(f, "place"), concern = Field(f, "concern");
  const std::string contact = Field(f, "contact");
  if (!text::IsValidUtf8(text) || !text::IsValidUtf8(place) || !text::IsValidUtf8(contact) || !text::IsValidUtf8(concern))
    return refuse("Nội dung có ký tự không hợp lệ.");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return refuse("Vui lòng nhập nội dung phản ánh.");
  if (text.size() > kMaxText) return refuse("Nội dung dài quá 4.000 ký tự; vui lòng rút gọn.");
  if (place.size() > kMaxPlace || contact.size() > kMaxContact || concern.size() > 64)
    return refuse("Một ô của biểu mẫu dài quá mức cho phép.");
  const bool consent = Field(f, "consent") == "1";
  if (!contact.empty() && !consent)
    return refuse("Để lưu thông tin liên hệ, vui lòng đánh dấu ô đồng ý; hoặc xóa thông tin liên hệ để gửi ẩn danh.");
  if (!concern.empty() && std::none_of(t.choices.concerns.begin(), t.choices.concerns.end(),
                                       [&](const auto& c) { return c.first == concern; }))
    return refuse("Lĩnh vực không có trong danh sách.");
  const int64_t now = t.clock->Now();
  // The honeypot: a person never sees it; what fills it is told "sent" and
  // nothing is kept.
  if (!Field(f, "website").empty()) {
    return Html(res, 200, Page("Đã gửi", "<h1>Đã gửi</h1><p>Cảm ơn bạn.</p>"));
  }
  if (const int64_t wait = t.limit.Take(req.remote_addr, now); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    return Html(res, 429, FormHtml(t, "Bạn đã gửi nhiều phản ánh trong ít phút. Vui lòng thử lại sau " +
                                          std::to_string((wait + 59) / 60) + " phút.", f));
  }
  if (t.ingest == nullptr || t.desk->contact_key == nullptr) {
    return Html(res, 503, FormHtml(t, "Hệ thống tạm thời không nhận phản ánh. Vui lòng thử lại sau.", f));
  }
  auto d = ThreadDesk(*t.desk);
  if (!d.ok()) return Html(res, 503, FormHtml(t, "Hệ thống tạm thời không nhận phản ánh. Vui lòng thử lại sau.", f));
  // The case first (its id makes the reference), then the item named by it.
  desk::CaseDraft draft;
  draft.kind = text.find('?') != std::string::npos ? "question" : "concern";
  std::string title = text::MaskPii(text);
  for (char& c : title) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  size_t n = std::min<size_t>(title.size(), 120);
  while (n < title.size() && n > 0 && (static_cast<unsigned char>(title[n]) & 0xC0) == 0x80) --n;
  draft.title = title.substr(0, n);
  draft.description = text;
  // The item's id: random, so it says nothing of the case or the sender.
  unsigned char rnd[8];
  randombytes_buf(rnd, sizeof rnd);
  std::string item_id = "gy-";
  for (unsigned char c : rnd) {
    static constexpr char kHex[] = "0123456789abcdef";
    item_id += kHex[c >> 4];
    item_id += kHex[c & 15];
  }
  draft.origin = "message";
  draft.origin_ref = "item:web-form/" + item_id;
  draft.category = concern;
  draft.place = place;
  if (consent) draft.contact = contact;
  auto opened = (*d)->OpenCase(desk::Actor::Tipline(), draft);
  if (!opened.ok()) return Html(res, opened.status().code() == StatusCode::kInvalidArgument ? 400 : 503,
                                FormHtml(t, "Không gửi được: " + opened.status().message(), f));
  const std::string ref = desk::TiplineRef(*t.desk->contact_key, opened->id);
  json item = {{"id", item_id}, {"source", "web-form"}, {"kind", "message"}, {"text", text},
               {"published_at", FormatTimestamp(now)}};
  if (!place.empty()) item["place"] = place;
  if (t.ingest->OfferItem(item.dump() + "\n") != HookIngest::Offer::kAccepted) {
    std::fprintf(stderr, "vox serve: web form: case %lld opened, its item is not queued (queue full)\n",
                 static_cast<long long>(opened->id));
  }
  res.status = 303;
  res.set_header("Location", "/gop-y/" + ref + "?moi=1");
  res.set_content(Page("Đã gửi", "<p><a href=\"/gop-y/" + EscapeHtml(ref) + "\">Mã tra cứu: " + EscapeHtml(ref) + "</a></p>"),
                  "text/html; charset=utf-8");
}

void GetStatus(const TiplineState& t, const Request& req, Response& res) {
  const std::string ref = req.matches[1].str();
  int64_t id = 0;
  auto not_found = [&] {
    Html(res, 404, Page("Không tìm thấy", "<h1>Không tìm thấy mã này</h1><p>Vui lòng kiểm tra lại mã tra cứu "
                                          "(dạng GY123-ABCDEFGH).</p><p><a href=\"/gop-y\">Gửi phản ánh mới</a></p>"));
  };
  if (t.desk->contact_key == nullptr || !desk::ParseTiplineRef(*t.desk->contact_key, ref, &id)) return not_found();
  auto d = ThreadDesk(*t.desk);
  if (!d.ok()) return Html(res, 503, Page("Tạm thời gián đoạn", "<h1>Tạm thời gián đoạn</h1>"));
  auto st = (*d)->TiplineStatus(id);
  if (!st.ok()) return not_found();
  std::string b;
  if (req.get_param_value("moi") == "1") {
    b += "<p class=\"ok\" role=\"status\">Đã gửi phản ánh. Vui lòng ghi lại mã tra cứu dưới đây.</p>";
  }
  // Days as Vietnamese write them (07/12/2026), in the office's time.
  auto day = [](int64_t t) {
    if (t == 0) return std::string("—");
    const std::string iso = FormatTimestamp(t + 7 * 3600);
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
  };
  b += "<h1>Mã tra cứu <span class=\"ref\">" + EscapeHtml(desk::TiplineRef(*t.desk->contact_key, id)) + "</span></h1>"
       "<dl><dt>Tình trạng</dt><dd class=\"state\">" + std::string(StateText(st->state)) + "</dd>"
       "<dt>Ngày gửi</dt><dd>" + day(st->created_at) + "</dd>"
       "<dt>Cập nhật</dt><dd>" + day(st->updated_at) + "</dd>";
  if (st->due_at != 0 && st->public_answer.empty()) b += "<dt>Hạn trả lời</dt><dd>" + day(st->due_at) + "</dd>";
  b += "</dl>";
  if (!st->public_answer.empty()) {
    b += "<h2>Trả lời của cơ quan</h2><div class=\"answer\">";
    size_t start = 0;
    while (start <= st->public_answer.size()) {
      const size_t nl = st->public_answer.find('\n', start);
      b += "<p>" + EscapeHtml(st->public_answer.substr(start, nl == std::string::npos ? std::string::npos : nl - start)) + "</p>";
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    b += "</div>";
  }
  b += "<p><a href=\"/gop-y\">Gửi phản ánh khác</a></p>";
  Html(res, 200, Page("Mã tra cứu", b));
}

}  // namespace

void AddTiplineRoutes(Server& server, const DeskContext& desk, HookIngest* ingest, const Clock* clock,
                      store::Store* read) {
  auto t = std::make_shared<TiplineState>();
  t->desk = &desk;
  t->ingest = ingest;
  t->clock = clock;
  classify::Taxonomy tax = classify::Taxonomy::Default();
  std::string gaz_text(classify::Gazetteer::DefaultText());
  if (read != nullptr) {
    if (auto s = read->GetSetting(classify::kSettingTaxonomy); s.ok() && s->has_value()) {
      if (auto parsed = classify::Taxonomy::Parse(**s, "taxonomy"); parsed.ok()) tax = std::move(parsed).value();
    }
    if (auto s = read->GetSetting(classify::kSettingGazetteer); s.ok() && s->has_value()) gaz_text = **s;
  }
  for (const auto& c : tax.categories) t->choices.concerns.emplace_back(c.id, c.name.empty() ? c.id : c.name);
  if (auto gaz = classify::Gazetteer::Parse(gaz_text, "gazetteer"); gaz.ok()) {
    for (const auto& p : gaz->places()) {
      if (p.type == "ward" || p.type == "commune") t->choices.places.push_back(p.name);
    }
  }
  server.Get("/gop-y", [t](const Request& req, Response& res) { GetForm(*t, req, res); });
  server.Post("/gop-y", [t](const Request& req, Response& res) { PostForm(*t, req, res); });
  server.Get(R"(/gop-y/([A-Za-z0-9-]{1,40}))", [t](const Request& req, Response& res) { GetStatus(*t, req, res); });
  server.Get("/gop-y.css", [](const Request&, Response& res) {
    res.set_content(vox_embed_tipline_css, vox_embed_tipline_css_size, "text/css; charset=utf-8");
  });
}

}  // namespace vox::http::internal
