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
//
// The form may carry one screenshot (multipart/form-data, http/multipart.h:
// at most 5 MiB, PNG, JPEG or WebP by its first bytes). Its text is read by
// src/ocr on a thread of the form's own (one engine, one image at a time, a
// few waiting) and joins the item, labelled `from_image` as a Zalo image's
// text is; the image itself is dropped once read, never stored or spooled.
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>

#include "claims/claims.h"
#include "classify/classify.h"
#include "common/time.h"
#include "http/http_internal.h"
#include "http/multipart.h"
#include "ocr/ocr.h"
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
constexpr size_t kMaxImage = 5u << 20;  // the screenshot, encoded
constexpr size_t kMaxImageText = 8000;  // bytes of text read from it kept
constexpr size_t kOcrWaiting = 4;       // screenshots waiting to be read at most

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

// Reads the form's screenshots, one at a time, on a thread of its own: one
// Tesseract engine for the form, however many server workers take forms.
class FormImageReader {
 public:
  FormImageReader() : thread_([this] { Run(); }) {}
  ~FormImageReader() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  FormImageReader(const FormImageReader&) = delete;
  FormImageReader& operator=(const FormImageReader&) = delete;

  // The text read from `bytes`; nullopt when kOcrWaiting images are already
  // waiting (the caller answers 503). The bytes are dropped once read.
  std::optional<Result<ocr::Reading>> Read(std::string bytes) {
    auto job = std::make_shared<Job>();
    job->bytes = std::move(bytes);
    std::future<Result<ocr::Reading>> done = job->done.get_future();
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_ || queue_.size() >= kOcrWaiting) return std::nullopt;
      queue_.push_back(job);
    }
    cv_.notify_one();
    return done.get();
  }

 private:
  struct Job {
    std::string bytes;
    std::promise<Result<ocr::Reading>> done;
  };
  void Run() {
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      Result<ocr::Reading> read = Status::Internal("not read");
      try {
        read = ocr::ReadText(job->bytes);
      } catch (...) {
        read = Status::Internal("the image could not be read");
      }
      std::string().swap(job->bytes);
      job->done.set_value(std::move(read));
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Job>> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;                   // GUARDED_BY(mu_)
  std::thread thread_;
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
  FormImageReader images;
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
  b += "<form method=\"post\" action=\"/gop-y\" enctype=\"multipart/form-data\">"
       "<label for=\"text\">Nội dung phản ánh hoặc câu hỏi <span class=\"req\">(bắt buộc, trừ khi gửi ảnh)</span></label>"
       "<textarea id=\"text\" name=\"text\" rows=\"7\" maxlength=\"4000\">" + value("text") + "</textarea>"
       "<label for=\"image\">Ảnh chụp màn hình (không bắt buộc; PNG, JPEG hoặc WebP, tối đa 5 MB)</label>"
       "<input id=\"image\" name=\"image\" type=\"file\" accept=\"image/png,image/jpeg,image/webp\">"
       "<p class=\"note\">Chữ trong ảnh được đọc tự động và lưu cùng phản ánh; ảnh không được lưu lại.</p>"
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

bool StartsWithNoCase(const std::string& s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

void PostForm(TiplineState& t, const Request& req, Response& res) {
  std::multimap<std::string, std::string> f;
  std::string image;  // the screenshot's bytes, dropped once read
  const std::string type = req.get_header_value("Content-Type");
  if (StartsWithNoCase(type, "multipart/form-data")) {
    MultipartLimits lim;
    lim.max_file_bytes = kMaxImage;
    lim.max_total_bytes = kTiplineMaxBody;
    const MultipartResult mp = ParseMultipart(req.body, type, lim);
    if (mp.status == 413) {
      return Html(res, 413, FormHtml(t, "Ảnh hoặc nội dung gửi lên quá lớn: ảnh tối đa 5 MB, nội dung tối đa 4.000 ký tự.", {}));
    }
    if (!mp.ok()) return Html(res, 400, FormHtml(t, "Biểu mẫu gửi lên không hợp lệ. Vui lòng thử lại.", {}));
    bool had_image = false;
    for (const MultipartPart& part : mp.parts) {
      if (part.name == "image" && part.has_filename) {
        if (had_image) return Html(res, 400, FormHtml(t, "Mỗi phản ánh chỉ gửi kèm một ảnh.", {}));
        had_image = true;
        image.assign(part.data);  // empty: no file chosen
      } else if (part.has_filename) {
        return Html(res, 400, FormHtml(t, "Biểu mẫu gửi lên không hợp lệ. Vui lòng thử lại.", {}));
      } else {
        f.emplace(part.name, std::string(part.data));
      }
    }
  } else if (!StartsWithNoCase(type, "application/x-www-form-urlencoded") || !ParseForm(req.body, &f)) {
    return Html(res, 400, FormHtml(t, "Biểu mẫu gửi lên không hợp lệ. Vui lòng thử lại.", {}));
  }
  auto refuse = [&](const std::string& why) { Html(res, 400, FormHtml(t, why, f)); };
  const std::string text = Field(f, "text"), place = Field(f, "place"), concern = Field(f, "concern");
  const std::string contact = Field(f, "contact");
  if (!text::IsValidUtf8(text) || !text::IsValidUtf8(place) || !text::IsValidUtf8(contact) || !text::IsValidUtf8(concern))
    return refuse("Nội dung có ký tự không hợp lệ.");
  if (!image.empty()) {
    // Decided by the first bytes, whatever the browser called it.
    const std::string_view kind = ocr::ImageType(image);
    if (kind != "png" && kind != "jpeg" && kind != "webp") return refuse("Ảnh phải là tệp PNG, JPEG hoặc WebP.");
  }
  const bool typed = text.find_first_not_of(" \t\r\n") != std::string::npos;
  if (!typed && image.empty()) return refuse("Vui lòng nhập nội dung phản ánh hoặc gửi kèm ảnh.");
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
  // The screenshot's text (after the limits above, so an address over its
  // limit costs no reading): the typed text, a line break, the text read.
  std::string full = text;
  if (!image.empty()) {
    auto read = t.images.Read(std::move(image));
    std::string().swap(image);
    if (!read) {
      res.set_header("Retry-After", "30");
      return Html(res, 503, FormHtml(t, "Hệ thống đang đọc nhiều ảnh khác. Vui lòng gửi lại sau ít phút.", f));
    }
    if (!read->ok()) {
      if (read->status().code() == StatusCode::kInvalidArgument)
        return refuse("Không đọc được ảnh này (ảnh hỏng hoặc quá lớn, tối đa 8.000 điểm ảnh mỗi chiều).");
      std::fprintf(stderr, "vox serve: web form: image not read: %s\n", read->status().message().c_str());
      return Html(res, 503, FormHtml(t, "Hệ thống tạm thời không đọc được ảnh. Vui lòng nhập nội dung hoặc thử lại sau.", f));
    }
    std::string seen = (*read)->text;
    if (seen.size() > kMaxImageText) {
      size_t n = kMaxImageText;
      while (n > 0 && (static_cast<unsigned char>(seen[n]) & 0xC0) == 0x80) --n;
      seen.resize(n);
    }
    if (seen.find_first_not_of(" \t\r\n") == std::string::npos) {
      if (!typed) return refuse("Không đọc được chữ trong ảnh. Vui lòng nhập nội dung phản ánh.");
    } else {
      full = typed ? text + "\n" + seen : seen;
    }
  }
  const bool from_image = full != text;
  auto d = ThreadDesk(*t.desk);
  if (!d.ok()) return Html(res, 503, FormHtml(t, "Hệ thống tạm thời không nhận phản ánh. Vui lòng thử lại sau.", f));
  // The case first (its id makes the reference), then the item named by it.
  desk::CaseDraft draft;
  draft.kind = full.find('?') != std::string::npos ? "question" : "concern";
  std::string title = text::MaskPii(typed ? text : full);
  for (char& c : title) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  size_t n = std::min<size_t>(title.size(), 120);
  while (n < title.size() && n > 0 && (static_cast<unsigned char>(title[n]) & 0xC0) == 0x80) --n;
  draft.title = title.substr(0, n);
  draft.description = full;
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
  json item = {{"id", item_id}, {"source", "web-form"}, {"kind", "message"}, {"text", full},
               {"published_at", FormatTimestamp(now)}};
  if (!place.empty()) item["place"] = place;
  if (from_image) item["labels"] = {claims::kImageTextLabel};
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
