// RenderHtml: the report as one self-contained HTML file. Charts are inline
// SVG drawn here: bars carry their numbers as text and the previous period is
// hatched, not only a lighter colour, so that a black-and-white print reads
// the same. Print CSS sets A4, margins and page numbers (@page margin boxes,
// which chromium prints). Every text goes through EscapeHtml; the figures
// also go into a JSON block that nothing executes (CSP allows it).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "report/report.h"

namespace vox::report {

std::string EscapeHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string ScriptJson(const query::Json& j) {
  const std::string s = query::Dump(j);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

namespace {

// The translation table: every string the report writes, in both languages.
struct Text {
  const char* key;
  const char* vi;
  const char* en;
};
constexpr Text kTexts[] = {
    {"title", "Báo cáo tình hình dư luận và xử lý phản ánh", "Report on public opinion and the office's response"},
    {"period", "Kỳ báo cáo", "Period"},
    {"previous", "Kỳ trước", "Previous period"},
    {"generated", "Lập lúc", "Generated"},
    {"unit", "Đơn vị", "Unit"},
    {"all_units", "Tất cả đơn vị", "All units"},
    {"s1", "1. Tổng quan kỳ báo cáo", "1. The period at a glance"},
    {"s2", "2. Những câu chuyện nổi bật", "2. The stories that mattered"},
    {"s3", "3. Mối quan tâm theo lĩnh vực và địa bàn", "3. Concerns by category and by place"},
    {"s4", "4. Thông tin được đối chiếu kiểm chứng", "4. Claims that circulated"},
    {"s5", "5. Hồ sơ phản ánh và kết quả xử lý", "5. Cases and how they were handled"},
    {"s6", "6. Trả lời đã công bố", "6. Answers published"},
    {"items", "Số tin", "Items"},
    {"total", "Tổng số tin", "Total items"},
    {"source", "Nguồn", "Source"},
    {"change", "Thay đổi", "Change"},
    {"by_day", "Số tin theo ngày so với kỳ trước", "Items by day against the previous period"},
    {"this_period", "Kỳ này", "This period"},
    {"most_changed", "Thay đổi lớn nhất", "What changed most"},
    {"largest", "Câu chuyện lớn nhất", "Largest stories"},
    {"rising", "Câu chuyện tăng nhanh nhất", "Fastest-rising stories"},
    {"story", "Câu chuyện", "Story"},
    {"size", "Số tin", "Items"},
    {"voices", "Số người", "Voices"},
    {"span", "Thời gian", "Span"},
    {"places", "Địa bàn", "Places"},
    {"rise", "Tin trong đợt tăng", "Items in the rise"},
    {"none", "Không có", "None"},
    {"category", "Lĩnh vực", "Category"},
    {"place", "Phường/xã", "Ward/commune"},
    {"concerns_chart", "Mối quan tâm theo lĩnh vực", "Concerns by category"},
    {"places_chart", "Mối quan tâm theo địa bàn", "Concerns by place"},
    {"map_note", "Bản đồ: chưa có dữ liệu ranh giới hành chính.", "Map: no boundaries supplied."},
    {"map", "Bản đồ mối quan tâm theo phường, xã", "Map of concerns by ward and commune"},
    {"map_legend", "Số ý kiến có mối quan tâm", "Items with a concern"},
    {"map_unmatched", "Địa bàn không có trên bản đồ", "Places not on the map"},
    {"map_error", "Bản đồ: không đọc được ranh giới hành chính", "Map: the boundaries could not be read"},
    {"with_concern", "Tin có mối quan tâm", "Items with a concern"},
    {"state", "Trạng thái", "State"},
    {"matched", "Tin khớp với bài kiểm chứng", "Items matched to fact-checks"},
    {"claim_answered", "Hồ sơ tin đồn đã trả lời", "Rumour cases answered"},
    {"median_claim", "Thời gian trả lời (trung vị)", "Time to answer (median)"},
    {"no_desk", "Không có dữ liệu hồ sơ trong kho này.", "The store holds no desk data."},
    {"opened", "Tiếp nhận", "Opened"},
    {"closed", "Đã đóng", "Closed"},
    {"overdue", "Quá hạn", "Overdue"},
    {"answered", "Đã trả lời", "Answered"},
    {"on_time", "Đúng hạn", "On time"},
    {"first_response", "Phản hồi đầu tiên (trung vị)", "First response (median)"},
    {"answer_time", "Trả lời (trung vị)", "Answer (median)"},
    {"units_chart", "Hồ sơ tiếp nhận theo đơn vị", "Cases opened by unit"},
    {"all", "Toàn văn phòng", "Whole office"},
    {"published", "Trả lời đã công bố", "Answers published"},
    {"reach", "Mức độ lan tỏa", "Reach"},
    {"not_measured", "chưa đo lường (chưa có dữ liệu kênh phát hành)",
     "not measured (the publishing channels do not report it yet)"},
    {"hours", "giờ", "h"},
    {"days", "ngày", "d"},
    {"na", "—", "—"},
    {"suggested", "Gợi ý", "Suggested"},
    {"auto", "Tự động", "Automatic"},
    {"accepted", "Đã xác nhận", "Accepted"},
    {"rejected", "Đã bác bỏ", "Rejected"},
    {"aggregates", "Báo cáo chỉ gồm số liệu tổng hợp; không nêu tên hay bí danh của người đăng.",
     "Aggregates only: no author names or pseudonyms."},
    {"page", "Trang", "Page"},
};

const char* T(Lang lang, std::string_view key) {
  for (const Text& t : kTexts) {
    if (key == t.key) return lang == Lang::kVi ? t.vi : t.en;
  }
  return "?";
}

std::string E(std::string_view s) { return EscapeHtml(s); }

std::string Num(int64_t n) { return std::to_string(n); }

// "+12 (+8.5%)", "−3 (−20.0%)", "+5 (mới)" when the previous was 0.
std::string ChangeText(int64_t now, int64_t before, Lang lang) {
  const int64_t diff = now - before;
  std::string s = (diff > 0 ? "+" : diff < 0 ? "−" : "±") + Num(diff < 0 ? -diff : diff);
  if (before > 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " (%s%.1f%%)", diff > 0 ? "+" : diff < 0 ? "−" : "",
                  std::fabs(100.0 * static_cast<double>(diff) / static_cast<double>(before)));
    s += buf;
  } else if (now > 0) {
    s += lang == Lang::kVi ? " (mới)" : " (new)";
  }
  return s;
}

std::string Duration(std::optional<int64_t> secs, Lang lang) {
  if (!secs) return T(lang, "na");
  char buf[48];
  if (*secs >= 2 * 86400) std::snprintf(buf, sizeof buf, "%.1f %s", static_cast<double>(*secs) / 86400, T(lang, "days"));
  else std::snprintf(buf, sizeof buf, "%.1f %s", static_cast<double>(*secs) / 3600, T(lang, "hours"));
  return buf;
}

std::string LocalDay(int64_t t) {
  const int64_t local = t + kOfficeOffsetSeconds;
  const int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04lld", d, m, static_cast<long long>(y));
  return buf;
}

std::string LocalTime(int64_t t) {
  const int64_t local = t + kOfficeOffsetSeconds;
  const int64_t sod = ((local % 86400) + 86400) % 86400;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld ", static_cast<long long>(sod / 3600),
                static_cast<long long>(sod / 60 % 60));
  return buf + LocalDay(t);
}

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Hatching for the previous period: readable without colour.
constexpr const char* kSvgDefs =
    "<defs><pattern id=\"hatch\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"#fff\"/>"
    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#000\" stroke-width=\"1.6\"/></pattern></defs>";

// Items by day: this period's bar (solid) beside the previous period's same
// day (hatched), with the day of the month under every bar pair and the
// largest value on the axis.
std::string DayChart(const ReportData& d, Lang lang) {
  const int64_t days = std::max<int64_t>(1, (d.period.to - d.period.from + 86399) / 86400);
  std::map<std::string, int64_t> cur(d.volumes.days.begin(), d.volumes.days.end());
  std::map<std::string, int64_t> prev(d.previous_volumes.days.begin(), d.previous_volumes.days.end());
  std::vector<std::pair<int64_t, int64_t>> bars;
  std::vector<std::string> labels;
  int64_t max = 1;
  for (int64_t i = 0; i < days; ++i) {
    const std::string dc = LocalDay(d.period.from + i * 86400);
    const std::string dp = LocalDay(d.previous.from + i * 86400);
    auto key = [](const std::string& dmy) { return dmy.substr(6, 4) + "-" + dmy.substr(3, 2) + "-" + dmy.substr(0, 2); };
    const int64_t c = cur.count(key(dc)) ? cur[key(dc)] : 0;
    const int64_t p = prev.count(key(dp)) ? prev[key(dp)] : 0;
    bars.emplace_back(c, p);
    labels.push_back(dc.substr(0, 2));
    max = std::max({max, c, p});
  }
  const double w = 680, h = 220, left = 40, bottom = 30, top = 24;
  const double slot = (w - left - 10) / static_cast<double>(days);
  const double bw = std::max(1.0, slot * 0.4);
  std::string s = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 680 240\" width=\"680\" height=\"240\" "
                  "xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"" + E(T(lang, "by_day")) + "\">";
  s += kSvgDefs;
  const double base = h - bottom + top;
  s += "<line x1=\"" + Fmt(left) + "\" y1=\"" + Fmt(base) + "\" x2=\"" + Fmt(w) + "\" y2=\"" + Fmt(base) +
       "\" stroke=\"#000\"/>";
  s += "<text x=\"" + Fmt(left - 4) + "\" y=\"" + Fmt(top + 4) + "\" text-anchor=\"end\" font-size=\"9\">" + Num(max) +
       "</text><text x=\"" + Fmt(left - 4) + "\" y=\"" + Fmt(base) + "\" text-anchor=\"end\" font-size=\"9\">0</text>";
  const double scale = (h - bottom) / static_cast<double>(max);
  for (size_t i = 0; i < bars.size(); ++i) {
    const double x = left + static_cast<double>(i) * slot + slot * 0.1;
    const double hc = static_cast<double>(bars[i].first) * scale, hp = static_cast<double>(bars[i].second) * scale;
    s += "<rect x=\"" + Fmt(x) + "\" y=\"" + Fmt(base - hc) + "\" width=\"" + Fmt(bw) + "\" height=\"" + Fmt(hc) +
         "\" fill=\"#222\"><title>" + E(labels[i]) + ": " + Num(bars[i].first) + "</title></rect>";
    s += "<rect x=\"" + Fmt(x + bw) + "\" y=\"" + Fmt(base - hp) + "\" width=\"" + Fmt(bw) + "\" height=\"" +
         Fmt(hp) + "\" fill=\"url(#hatch)\" stroke=\"#000\" stroke-width=\"0.5\"/>";
    if (days <= 31)
      s += "<text x=\"" + Fmt(x + bw) + "\" y=\"" + Fmt(base + 11) + "\" text-anchor=\"middle\" font-size=\"8\">" +
           E(labels[i]) + "</text>";
  }
  // Legend.
  s += "<rect x=\"" + Fmt(left) + "\" y=\"4\" width=\"10\" height=\"10\" fill=\"#222\"/><text x=\"" + Fmt(left + 14) +
       "\" y=\"13\" font-size=\"10\">" + E(T(lang, "this_period")) + " (" + E(d.period.label) + ")</text>";
  s += "<rect x=\"" + Fmt(left + 300) + "\" y=\"4\" width=\"10\" height=\"10\" fill=\"url(#hatch)\" stroke=\"#000\"/>"
       "<text x=\"" + Fmt(left + 314) + "\" y=\"13\" font-size=\"10\">" + E(T(lang, "previous")) + " (" +
       E(d.previous.label) + ")</text>";
  s += "</svg>";
  return s;
}

struct HBar {
  std::string label;
  int64_t value = 0;
  std::optional<int64_t> previous;  // drawn hatched under the bar when given
};

// Horizontal bars, the label on the left and the number at the bar's end.
std::string HBarChart(const std::vector<HBar>& bars, const std::string& title) {
  if (bars.empty()) return "";
  int64_t max = 1;
  for (const auto& b : bars) max = std::max({max, b.value, b.previous.value_or(0)});
  const double row = 22, left = 220, width = 380;
  const double h = row * static_cast<double>(bars.size()) + 8;
  std::string s = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 680 " + Fmt(h) + "\" width=\"680\" height=\"" +
                  Fmt(h) + "\" xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"" + E(title) + "\">";
  s += kSvgDefs;
  for (size_t i = 0; i < bars.size(); ++i) {
    const double y = 4 + row * static_cast<double>(i);
    const double bw = width * static_cast<double>(bars[i].value) / static_cast<double>(max);
    std::string label = bars[i].label;
    if (label.size() > 60) {
      size_t cut = 57;
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";
    }
    s += "<text x=\"" + Fmt(left - 6) + "\" y=\"" + Fmt(y + 13) + "\" text-anchor=\"end\" font-size=\"10\">" +
         E(label) + "</text>";
    s += "<rect x=\"" + Fmt(left) + "\" y=\"" + Fmt(y + 2) + "\" width=\"" + Fmt(bw) + "\" height=\"" +
         Fmt(bars[i].previous ? 9 : 14) + "\" fill=\"#222\"/>";
    if (bars[i].previous) {
      const double pw = width * static_cast<double>(*bars[i].previous) / static_cast<double>(max);
      s += "<rect x=\"" + Fmt(left) + "\" y=\"" + Fmt(y + 11) + "\" width=\"" + Fmt(pw) +
           "\" height=\"6\" fill=\"url(#hatch)\" stroke=\"#000\" stroke-width=\"0.4\"/>";
    }
    s += "<text x=\"" + Fmt(left + bw + 4) + "\" y=\"" + Fmt(y + 12) + "\" font-size=\"10\">" + Num(bars[i].value) +
         (bars[i].previous ? " / " + Num(*bars[i].previous) : "") + "</text>";
  }
  s += "</svg>";
  return s;
}

constexpr const char* kCss = R"css(
@page { size: A4; margin: 18mm 16mm 20mm 16mm;
  @bottom-center { content: counter(page) " / " counter(pages); font: 9pt "Noto Sans", "DejaVu Sans", sans-serif; } }
@page :first { @bottom-center { content: none; } }
html { font: 10.5pt/1.45 "Noto Sans", "DejaVu Sans", "Liberation Sans", sans-serif; color: #000; background: #fff; }
body { max-width: 180mm; margin: 0 auto; }
h1 { font-size: 22pt; margin: 0 0 8mm; }
h2 { font-size: 14pt; border-bottom: 1.5pt solid #000; padding-bottom: 2pt; margin-top: 8mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }
.title { height: 240mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }
.title .office { font-size: 16pt; font-weight: bold; }
.title .period { font-size: 14pt; margin-top: 4mm; }
.title .note { margin-top: 20mm; font-size: 9pt; }
section { break-before: page; }
section.first { break-before: auto; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; break-inside: auto; }
th, td { border: 0.6pt solid #000; padding: 1.5pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
svg.chart { max-width: 100%; height: auto; break-inside: avoid; }
.note { font-size: 9pt; }
.big { font-size: 13pt; font-weight: bold; }
)css";

std::string Row(const std::vector<std::string>& cells, const std::vector<bool>& numeric, bool head = false) {
  std::string s = "<tr>";
  for (size_t i = 0; i < cells.size(); ++i) {
    const char* tag = head ? "th" : "td";
    s += std::string("<") + tag + (i < numeric.size() && numeric[i] ? " class=\"n\"" : "") + ">" + cells[i] + "</" +
         tag + ">";
  }
  return s + "</tr>";
}

std::string StoryTable(const std::vector<StoryLine>& list, bool rising, Lang lang) {
  if (list.empty()) return "<p>" + E(T(lang, "none")) + "</p>";
  std::string s = "<table>";
  std::vector<std::string> head = {E(T(lang, "story")), E(T(lang, "size")), E(T(lang, "voices")), E(T(lang, "span")),
                                   E(T(lang, "places"))};
  if (rising) head.insert(head.begin() + 1, E(T(lang, "rise")));
  std::vector<bool> num = {false, true, true, false, false};
  if (rising) num.insert(num.begin() + 1, true);
  s += Row(head, num, true);
  for (const auto& l : list) {
    std::string places;
    for (const auto& p : l.places) places += (places.empty() ? "" : ", ") + E(p);
    std::vector<std::string> cells = {E(l.label), Num(l.size), Num(l.voices),
                                      E(LocalDay(l.first_seen)) + " – " + E(LocalDay(l.last_seen)),
                                      places.empty() ? E(T(lang, "na")) : places};
    if (rising) cells.insert(cells.begin() + 1, Num(l.count));
    s += Row(cells, num);
  }
  return s + "</table>";
}

const char* StateText(const std::string& state, Lang lang) {
  for (const char* k : {"suggested", "auto", "accepted", "rejected"}) {
    if (state == k) return T(lang, k);
  }
  return nullptr;
}

}  // namespace

std::string RenderHtml(const ReportData& d, Lang lang) {
  const bool vi = lang == Lang::kVi;
  std::string h;
  h.reserve(64 * 1024);
  h += "<!DOCTYPE html>\n<html lang=\"" + std::string(vi ? "vi" : "en") + "\"><head><meta charset=\"utf-8\">";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  h += "<title>" + E(T(lang, "title")) + " — " + E(d.office_name) + " — " + E(d.period.label) + "</title>";
  h += "<style>" + std::string(kCss) + "</style></head><body>\n";

  // Title page.
  h += "<div class=\"title\"><div class=\"office\">" + E(d.office_name) + "</div><h1>" + E(T(lang, "title")) + "</h1>";
  h += "<div class=\"period\">" + E(T(lang, "period")) + ": <b>" + E(d.period.label) + "</b> (" +
       E(LocalDay(d.period.from)) + " – " + E(LocalDay(d.period.to - 1)) + ")</div>";
  h += "<div>" + E(T(lang, "previous")) + ": " + E(LocalDay(d.previous.from)) + " – " + E(LocalDay(d.previous.to - 1)) +
       "</div>";
  h += "<div>" + E(T(lang, "unit")) + ": " + E(d.unit_id ? d.unit_name : T(lang, "all_units")) + "</div>";
  h += "<div class=\"note\">" + E(T(lang, "generated")) + ": " + E(LocalTime(d.generated_at)) + " (UTC+7). " +
       E(T(lang, "aggregates")) + "</div></div>\n";

  // 1. The period at a glance.
  h += "<section class=\"first\"><h2>" + E(T(lang, "s1")) + "</h2>";
  h += "<p class=\"big\">" + E(T(lang, "total")) + ": " + Num(d.volumes.items) + " · " + E(T(lang, "previous")) + ": " +
       Num(d.previous_volumes.items) + " · " + E(T(lang, "change")) + ": " +
       E(ChangeText(d.volumes.items, d.previous_volumes.items, lang)) + "</p>";
  h += "<h3>" + E(T(lang, "by_day")) + "</h3>" + DayChart(d, lang);
  {
    std::map<std::string, std::pair<int64_t, int64_t>> src;
    for (const auto& s : d.volumes.sources) src[s.name].first = s.items;
    for (const auto& s : d.previous_volumes.sources) src[s.name].second = s.items;
    std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> rows(src.begin(), src.end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
    h += "<table>" + Row({E(T(lang, "source")), E(T(lang, "this_period")), E(T(lang, "previous")), E(T(lang, "change"))},
                         {false, true, true, true}, true);
    for (const auto& [name, v] : rows)
      h += Row({E(name), Num(v.first), Num(v.second), E(ChangeText(v.first, v.second, lang))}, {false, true, true, true});
    h += "</table>";
    // What changed most: the sources and concerns with the largest absolute moves.
    std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> moves = rows;
    std::map<std::string, std::pair<int64_t, int64_t>> cat;
    for (const auto& c : d.concerns.categories) cat[c.name].first = c.items;
    for (const auto& c : d.previous_concerns.categories) cat[c.name].second = c.items;
    for (const auto& [name, v] : cat) moves.emplace_back(std::string(T(lang, "category")) + ": " + name, v);
    std::stable_sort(moves.begin(), moves.end(), [](const auto& a, const auto& b) {
      return std::llabs(a.second.first - a.second.second) > std::llabs(b.second.first - b.second.second);
    });
    h += "<h3>" + E(T(lang, "most_changed")) + "</h3><ul>";
    for (size_t i = 0; i < moves.size() && i < 5; ++i)
      h += "<li>" + E(moves[i].first) + ": " + Num(moves[i].second.second) + " → " + Num(moves[i].second.first) + " (" +
           E(ChangeText(moves[i].second.first, moves[i].second.second, lang)) + ")</li>";
    h += "</ul>";
  }
  h += "</section>\n";

  // 2. Stories.
  h += "<section><h2>" + E(T(lang, "s2")) + "</h2>";
  h += "<h3>" + E(T(lang, "largest")) + "</h3>" + StoryTable(d.largest, false, lang);
  h += "<h3>" + E(T(lang, "rising")) + "</h3>" + StoryTable(d.rising, true, lang);
  h += "</section>\n";

  // 3. Concerns.
  h += "<section><h2>" + E(T(lang, "s3")) + "</h2>";
  h += "<p>" + E(T(lang, "with_concern")) + ": " + Num(d.concerns.with_concern) + " / " + Num(d.concerns.items) + "</p>";
  {
    std::map<std::string, int64_t> prev;
    for (const auto& c : d.previous_concerns.categories) prev[c.id] = c.items;
    std::vector<HBar> bars;
    h += "<table>" + Row({E(T(lang, "category")), E(T(lang, "this_period")), E(T(lang, "previous")), E(T(lang, "change"))},
                         {false, true, true, true}, true);
    for (const auto& c : d.concerns.categories) {
      const int64_t p = prev.count(c.id) ? prev[c.id] : 0;
      h += Row({E(c.name), Num(c.items), Num(p), E(ChangeText(c.items, p, lang))}, {false, true, true, true});
      bars.push_back({c.name, c.items, p});
    }
    h += "</table>";
    h += "<h3>" + E(T(lang, "concerns_chart")) + "</h3>" + HBarChart(bars, T(lang, "concerns_chart"));
    std::map<std::string, int64_t> pprev;
    for (const auto& p : d.previous_concerns.places) pprev[p.name] = p.items;
    std::vector<HBar> pbars;
    h += "<table>" + Row({E(T(lang, "place")), E(T(lang, "this_period")), E(T(lang, "previous")), E(T(lang, "change"))},
                         {false, true, true, true}, true);
    for (size_t i = 0; i < d.concerns.places.size() && i < d.top_places; ++i) {
      const auto& p = d.concerns.places[i];
      const int64_t before = pprev.count(p.name) ? pprev[p.name] : 0;
      h += Row({E(p.name), Num(p.items), Num(before), E(ChangeText(p.items, before, lang))}, {false, true, true, true});
      pbars.push_back({p.name, p.items, before});
    }
    h += "</table>";
    h += "<h3>" + E(T(lang, "places_chart")) + "</h3>" + HBarChart(pbars, T(lang, "places_chart"));
    if (d.boundaries) {
      std::vector<std::pair<std::string, int64_t>> counts;
      // Wards and communes (and places the gazetteer does not type): streets,
      // landmarks and the town itself are not areas of a ward map.
      for (const auto& p : d.concerns.places)
        if (p.type.empty() || p.type == "ward" || p.type == "commune") counts.emplace_back(p.name, p.items);
      std::vector<std::string> unmatched;
      h += "<h3>" + E(T(lang, "map")) + "</h3>" +
           MapSvg(*d.boundaries, counts, T(lang, "map"), T(lang, "map_legend"), &unmatched);
      if (!unmatched.empty()) {
        std::string names;
        for (size_t i = 0; i < unmatched.size() && i < 12; ++i) names += (i ? ", " : "") + unmatched[i];
        if (unmatched.size() > 12) names += ", …";
        h += "<p class=\"note\">" + E(T(lang, "map_unmatched")) + ": " + E(names) + "</p>";
      }
    } else if (!d.boundaries_error.empty()) {
      h += "<p class=\"note\">" + E(T(lang, "map_error")) + ": " + E(d.boundaries_error) + "</p>";
    } else {
      h += "<p class=\"note\">" + E(T(lang, "map_note")) + "</p>";
    }
  }
  h += "</section>\n";

  // 4. Claims.
  h += "<section><h2>" + E(T(lang, "s4")) + "</h2><h3>" + E(T(lang, "matched")) + "</h3>";
  {
    std::set<std::string> states;
    for (const auto& [k, v] : d.matches) states.insert(k);
    for (const auto& [k, v] : d.previous_matches) states.insert(k);
    h += "<table>" + Row({E(T(lang, "state")), E(T(lang, "this_period")), E(T(lang, "previous"))}, {false, true, true}, true);
    int64_t sum = 0, psum = 0;
    for (const auto& st : states) {
      const int64_t n = d.matches.count(st) ? d.matches.at(st) : 0;
      const int64_t p = d.previous_matches.count(st) ? d.previous_matches.at(st) : 0;
      const char* name = StateText(st, lang);
      h += Row({E(name ? name : st), Num(n), Num(p)}, {false, true, true});
      sum += n;
      psum += p;
    }
    h += Row({"<b>" + E(T(lang, "total")) + "</b>", Num(sum), Num(psum)}, {false, true, true}) + "</table>";
    if (d.has_desk)
      h += "<p>" + E(T(lang, "claim_answered")) + ": " + Num(d.claim_cases_answered) + " · " + E(T(lang, "median_claim")) +
           ": " + E(Duration(d.median_claim_answer, lang)) + "</p>";
    else
      h += "<p class=\"note\">" + E(T(lang, "no_desk")) + "</p>";
  }
  h += "</section>\n";

  // 5. Cases.
  h += "<section><h2>" + E(T(lang, "s5")) + "</h2>";
  if (!d.has_desk) {
    h += "<p>" + E(T(lang, "no_desk")) + "</p>";
  } else {
    const std::vector<bool> num = {false, true, true, true, true, true, true, true};
    h += "<table>" + Row({E(T(lang, "unit")), E(T(lang, "opened")), E(T(lang, "closed")), E(T(lang, "overdue")),
                          E(T(lang, "answered")), E(T(lang, "on_time")), E(T(lang, "first_response")),
                          E(T(lang, "answer_time"))},
                         num, true);
    auto unit_row = [&](const UnitCases& u, const std::string& name) {
      return Row({name, Num(u.opened), Num(u.closed), Num(u.overdue), Num(u.answered),
                  Num(u.on_time) + " / " + Num(u.with_deadline), E(Duration(u.median_first_response, lang)),
                  E(Duration(u.median_answer, lang))},
                 num);
    };
    std::vector<HBar> bars;
    for (const auto& u : d.units) {
      h += unit_row(u, E(u.name));
      bars.push_back({u.name, u.opened, std::nullopt});
    }
    h += unit_row(d.total, "<b>" + E(d.unit_id ? d.unit_name : T(lang, "all")) + "</b>") + "</table>";
    h += "<h3>" + E(T(lang, "units_chart")) + "</h3>" + HBarChart(bars, T(lang, "units_chart"));
  }
  h += "</section>\n";

  // 6. Answers published.
  h += "<section class=\"first\"><h2>" + E(T(lang, "s6")) + "</h2>";
  if (d.has_desk)
    h += "<p>" + E(T(lang, "published")) + ": " + Num(d.answers_published) + " · " + E(T(lang, "previous")) + ": " +
         Num(d.previous_answers_published) + "</p>";
  else
    h += "<p>" + E(T(lang, "no_desk")) + "</p>";
  h += "<p>" + E(T(lang, "reach")) + ": " + E(T(lang, "not_measured")) + "</p></section>\n";

  h += "<script type=\"application/json\" id=\"vox-report-data\">" + ScriptJson(ReportJson(d)) + "</script>\n";
  h += "</body></html>\n";
  return h;
}

}  // namespace vox::report
