// The published answers, public (docs/channels.md "Publishing"):
//   GET /feeds/answers.atom      an Atom 1.0 feed of the answers published
//                                to the target "feed", newest first;
//   GET /feeds/claimreview.json  the same answers to rumours that name a
//                                fact-check, as schema.org ClaimReview
//                                JSON-LD (one @graph);
//   GET /tra-loi/{case id}       the answer's public page, with its
//                                ClaimReview in a JSON-LD data block.
//
// What is public is what the editor approved for the public: the answer as
// published (the send's text, so a later edit does not change what was
// said), the case's kind, concern and place, and the fact-check it answers.
// Never the case's title or description (they may quote the person who
// wrote), its unit, staff or contact. A case published to other targets only
// is not here (404).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "claims/claims.h"
#include "common/time.h"
#include "http/http_internal.h"
#include "report/report.h"

namespace vox::http::internal {
namespace {

using json = nlohmann::json;
using report::EscapeHtml;

constexpr int kFeedEntries = 50;

struct Published {
  store::OutboxSend send;
  store::Case kase;
  std::optional<store::FactCheck> factcheck;  // a rumour's, when the case links one
};

struct PublishState {
  const DeskContext* desk = nullptr;
  std::string base_url;  // publish.base_url; empty: links relative to this server
};

std::string KindText(const std::string& kind) {
  if (kind == "rumour") return "Thông tin sai sự thật";
  if (kind == "question") return "Giải đáp";
  if (kind == "request") return "Đề nghị";
  if (kind == "incident") return "Sự việc";
  return "Phản ánh";
}

// The entry's title: the answer's first sentence, cut at a word within ~90
// characters (UTF-8 safe: cuts only at a space).
std::string Headline(const std::string& text) {
  std::string first = text.substr(0, text.find('\n'));
  for (size_t i = 0; i + 1 < first.size(); ++i) {
    if ((first[i] == '.' || first[i] == '?' || first[i] == '!') && first[i + 1] == ' ' && i >= 20) {
      first.resize(i + 1);
      break;
    }
  }
  if (first.size() > 110) {
    size_t cut = first.rfind(' ', 100);
    first.resize(cut == std::string::npos || cut < 40 ? 100 : cut);
    while (!first.empty() && (static_cast<unsigned char>(first.back()) & 0xC0) == 0x80) first.pop_back();
    if (!first.empty() && static_cast<unsigned char>(first.back()) >= 0xC0) first.pop_back();
    first += "…";
  }
  return first;
}

std::string Link(const PublishState& p, int64_t case_id) {
  return p.base_url + "/tra-loi/" + std::to_string(case_id);
}

Result<Published> Load(store::DeskStore& ds, store::Store* read, store::OutboxSend send) {
  Published out;
  auto c = ds.GetCase(send.case_id);
  if (!c.ok()) return c.status();
  if (!c->has_value()) return Status::NotFound("no case");
  out.kase = **c;
  out.send = std::move(send);
  if (out.kase.kind == "rumour" && read != nullptr) {
    auto links = ds.CaseLinks(out.kase.id);
    if (!links.ok()) return links.status();
    for (const store::CaseLink& l : *links) {
      if (l.kind != "factcheck") continue;
      auto fc = read->GetFactCheck(l.ref);
      if (fc.ok() && fc->has_value()) {
        out.factcheck = **fc;
        break;
      }
    }
  }
  return out;
}

// The newest answers published to the feed (one per case: its latest).
Result<std::vector<Published>> Newest(store::DeskStore& ds, store::Store* read, int limit) {
  store::OutboxQuery q;
  q.channel = "feed";
  q.state = "sent";
  q.limit = limit * 2;
  auto sends = ds.ListSends(q);
  if (!sends.ok()) return sends.status();
  std::vector<Published> out;
  std::vector<int64_t> seen;
  for (store::OutboxSend& s : *sends) {
    if (std::find(seen.begin(), seen.end(), s.case_id) != seen.end()) continue;
    seen.push_back(s.case_id);
    auto p = Load(ds, read, std::move(s));
    if (p.ok()) out.push_back(std::move(p).value());
    if (static_cast<int>(out.size()) >= limit) break;
  }
  return out;
}

// The ClaimReview of an answer to a rumour: the office reviews the claim of
// the fact-check the case links, with that fact-check's verdict; the answer
// is its reviewBody and its public page its url.
std::optional<json> ClaimReview(const PublishState& p, const Published& a, const std::string& office) {
  if (!a.factcheck) return std::nullopt;
  json cr = claims::ClaimReviewJson(*a.factcheck);
  cr["url"] = Link(p, a.kase.id);
  cr["identifier"] = "vox-case-" + std::to_string(a.kase.id);
  cr["reviewBody"] = a.send.text;
  cr["datePublished"] = FormatTimestamp(a.send.sent_at).substr(0, 10);
  cr["author"] = {{"@type", "Organization"}, {"name", office}};
  if (!p.base_url.empty()) cr["author"]["url"] = p.base_url;
  if (!a.factcheck->url.empty()) cr["isBasedOn"] = a.factcheck->url;
  if (!a.factcheck->appearance.empty()) cr["itemReviewed"]["firstAppearance"] = cr["itemReviewed"]["appearance"][0];
  return cr;
}

std::string OfficeName(store::Store* read) {
  if (read == nullptr) return "Văn phòng";
  auto v = read->GetSetting("office_name");
  return v.ok() && v->has_value() ? **v : "Văn phòng";
}

// Text for XML: HTML's escaping (the report's), without the control
// characters XML 1.0 does not allow (all below 0x20 but tab and line breaks).
std::string XmlEscape(const std::string& s) {
  std::string kept;
  kept.reserve(s.size());
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') kept += c;
  return EscapeHtml(kept);
}

void Unavailable(Response& res) {
  res.status = 503;
  res.set_header("Retry-After", "5");
  res.set_content("temporarily unavailable\n", "text/plain; charset=utf-8");
}

// What both feeds show: the newest answers published to the feed, and the
// office's name.
struct FeedPage {
  std::vector<Published> list;
  std::string office;
};

Result<FeedPage> LoadFeed(const PublishState& p) {
  auto d = ThreadDesk(*p.desk);
  if (!d.ok()) return d.status();
  auto read = ThreadStore(p.desk->db);
  store::Store* rs = read.ok() ? *read : nullptr;
  auto list = Newest((*d)->store(), rs, kFeedEntries);
  if (!list.ok()) return list.status();
  return FeedPage{std::move(list).value(), OfficeName(rs)};
}

void Atom(const PublishState& p, const Request&, Response& res) {
  auto feed = LoadFeed(p);
  if (!feed.ok()) return Unavailable(res);
  const std::vector<Published>* list = &feed->list;
  const std::string& office = feed->office;
  const int64_t updated = list->empty() ? 0 : list->front().send.sent_at;
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n";
  x += "<title>" + XmlEscape("Trả lời của " + office) + "</title>\n";
  x += "<id>" + XmlEscape(p.base_url.empty() ? "urn:vox:answers" : p.base_url + "/feeds/answers.atom") + "</id>\n";
  x += "<link rel=\"self\" href=\"" + XmlEscape(p.base_url + "/feeds/answers.atom") + "\"/>\n";
  x += "<updated>" + FormatTimestamp(updated) + "</updated>\n";
  x += "<author><name>" + XmlEscape(office) + "</name></author>\n";
  for (const Published& a : *list) {
    x += "<entry>\n<id>urn:vox:answer:" + std::to_string(a.kase.id) + ":" + std::to_string(a.send.id) + "</id>\n";
    x += "<title>" + XmlEscape(KindText(a.kase.kind) + ": " + Headline(a.send.text)) + "</title>\n";
    x += "<link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(Link(p, a.kase.id)) + "\"/>\n";
    x += "<published>" + FormatTimestamp(a.send.sent_at) + "</published>\n";
    x += "<updated>" + FormatTimestamp(a.send.sent_at) + "</updated>\n";
    if (!a.kase.category.empty()) x += "<category term=\"" + XmlEscape(a.kase.category) + "\"/>\n";
    if (a.factcheck) x += "<category term=\"fact-check\" label=\"" + XmlEscape(a.factcheck->verdict) + "\"/>\n";
    x += "<content type=\"text\">" + XmlEscape(a.send.text) + "</content>\n</entry>\n";
  }
  x += "</feed>\n";
  res.set_header("Cache-Control", "public, max-age=60");
  res.set_content(x, "application/atom+xml; charset=utf-8");
}

void ClaimReviewFeed(const PublishState& p, const Request&, Response& res) {
  auto feed = LoadFeed(p);
  if (!feed.ok()) return Unavailable(res);
  json graph = json::array();
  for (const Published& a : feed->list) {
    auto cr = ClaimReview(p, a, feed->office);
    if (!cr) continue;
    cr->erase("@context");
    graph.push_back(std::move(*cr));
  }
  json doc = {{"@context", "https://schema.org"}, {"@graph", graph}};
  res.set_header("Cache-Control", "public, max-age=60");
  res.set_content(doc.dump(2, ' ', false, json::error_handler_t::replace), "application/ld+json; charset=utf-8");
}

void AnswerPage(const PublishState& p, const Request& req, Response& res) {
  auto not_found = [&] {
    res.status = 404;
    res.set_content("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Không tìm thấy</title>"
                    "<link rel=\"stylesheet\" href=\"/gop-y.css\"></head><body><main><h1>Không tìm thấy câu trả lời "
                    "này</h1></main></body></html>",
                    "text/html; charset=utf-8");
  };
  const std::string digits = req.matches[1].str();
  const int64_t id = std::strtoll(digits.c_str(), nullptr, 10);
  if (id <= 0) return not_found();
  auto d = ThreadDesk(*p.desk);
  if (!d.ok()) return Unavailable(res);
  store::OutboxQuery q;
  q.channel = "feed";
  q.state = "sent";
  q.case_id = id;
  q.limit = 1;
  auto sends = (*d)->store().ListSends(q);
  if (!sends.ok()) return Unavailable(res);
  if (sends->empty()) return not_found();
  auto read = ThreadStore(p.desk->db);
  store::Store* rs = read.ok() ? *read : nullptr;
  auto a = Load((*d)->store(), rs, sends->front());
  if (!a.ok()) return not_found();
  const std::string office = OfficeName(rs);
  const std::string iso = FormatTimestamp(a->send.sent_at + 7 * 3600);
  std::string b = "<p class=\"kind\">" + EscapeHtml(KindText(a->kase.kind)) + " · " + iso.substr(8, 2) + "/" +
                  iso.substr(5, 2) + "/" + iso.substr(0, 4) + "</p><h1>" + EscapeHtml(Headline(a->send.text)) + "</h1>";
  if (a->factcheck) {
    b += "<dl><dt>Thông tin lan truyền</dt><dd>" + EscapeHtml(a->factcheck->claim) + "</dd><dt>Kết luận</dt><dd class=\"state\">" +
         EscapeHtml(a->factcheck->verdict) + "</dd></dl>";
  }
  b += "<h2>Trả lời của " + EscapeHtml(office) + "</h2><div class=\"answer\">";
  const std::string& t = a->send.text;
  for (size_t start = 0; start <= t.size();) {
    const size_t nl = t.find('\n', start);
    b += "<p>" + EscapeHtml(t.substr(start, nl == std::string::npos ? std::string::npos : nl - start)) + "</p>";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  b += "</div>";
  if (a->factcheck && !a->factcheck->url.empty())
    b += "<p>Nguồn: <a href=\"" + EscapeHtml(a->factcheck->url) + "\">" + EscapeHtml(a->factcheck->url) + "</a></p>";
  std::string head;
  if (auto cr = ClaimReview(p, *a, office)) {
    // A data block, not a script: the strict CSP does not apply to it.
    // ScriptJson escapes '<', so that no text can close the element.
    head = "<script type=\"application/ld+json\">" + report::ScriptJson(*cr) + "</script>";
  }
  res.set_header("Cache-Control", "public, max-age=60");
  res.set_content("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
                      EscapeHtml(Headline(a->send.text)) + "</title><link rel=\"stylesheet\" href=\"/gop-y.css\">" +
                      "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feeds/answers.atom\">" + head +
                      "</head><body><main>" + b + "</main></body></html>",
                  "text/html; charset=utf-8");
}

}  // namespace

void AddPublishRoutes(Server& server, const DeskContext& desk, const std::string& base_url) {
  auto p = std::make_shared<PublishState>();
  p->desk = &desk;
  p->base_url = base_url;
  server.Get("/feeds/answers.atom", [p](const Request& req, Response& res) { Atom(*p, req, res); });
  server.Get("/feeds/claimreview.json", [p](const Request& req, Response& res) { ClaimReviewFeed(*p, req, res); });
  server.Get(R"(/tra-loi/([0-9]{1,18}))", [p](const Request& req, Response& res) { AnswerPage(*p, req, res); });
}

}  // namespace vox::http::internal
