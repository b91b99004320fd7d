// Period parsing (ISO weeks, months, day ranges in the office's zone) and the
// escaping every text of a report goes through.
#include "report/report.h"

#include <gtest/gtest.h>

namespace vox::report {
namespace {

int64_t At(const char* rfc3339) {
  int64_t t = 0;
  EXPECT_TRUE(ParseTimestamp(rfc3339, &t)) << rfc3339;
  return t;
}

TEST(Period, IsoWeekStartsOnMondayInTheOfficeZone) {
  auto p = WeekPeriod("2026-W49");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->from, At("2026-11-30T00:00:00+07:00"));  // Monday
  EXPECT_EQ(p->to, At("2026-12-07T00:00:00+07:00"));
  EXPECT_EQ(p->label, "2026-W49");
}

TEST(Period, IsoWeekOneMayStartInThePreviousYear) {
  auto p = WeekPeriod("2026-W01");  // 1 January 2026 is a Thursday
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->from, At("2025-12-29T00:00:00+07:00"));
  auto q = WeekPeriod("2027-W01");  // 1 January 2027 is a Friday: week 1 starts on 4 January
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->from, At("2027-01-04T00:00:00+07:00"));
}

TEST(Period, Week53OnlyInYearsThatHaveIt) {
  EXPECT_TRUE(WeekPeriod("2026-W53").ok());   // 2026 starts on a Thursday: 53 weeks
  EXPECT_FALSE(WeekPeriod("2027-W53").ok());
  EXPECT_FALSE(WeekPeriod("2026-W00").ok());
  EXPECT_FALSE(WeekPeriod("2026-49").ok());
  EXPECT_FALSE(WeekPeriod("2026-Wx9").ok());
}

TEST(Period, MonthsHaveTheirLengthsAndDecemberEndsInJanuary) {
  auto feb = MonthPeriod("2028-02");
  ASSERT_TRUE(feb.ok());
  EXPECT_EQ(feb->to - feb->from, 29 * 86400);  // leap year
  auto dec = MonthPeriod("2026-12");
  ASSERT_TRUE(dec.ok());
  EXPECT_EQ(dec->from, At("2026-12-01T00:00:00+07:00"));
  EXPECT_EQ(dec->to, At("2027-01-01T00:00:00+07:00"));
  EXPECT_FALSE(MonthPeriod("2026-13").ok());
  EXPECT_FALSE(MonthPeriod("2026-1").ok());
}

TEST(Period, RangeIsHalfOpenAndNamesItsLastDay) {
  auto p = RangePeriod("2026-11-01", "2026-12-01");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->from, At("2026-11-01T00:00:00+07:00"));
  EXPECT_EQ(p->to, At("2026-12-01T00:00:00+07:00"));
  EXPECT_EQ(p->label, "2026-11-01 – 2026-11-30");
  EXPECT_FALSE(RangePeriod("2026-11-01", "2026-11-01").ok());
  EXPECT_FALSE(RangePeriod("2026-02-30", "2026-03-01").ok());
  EXPECT_FALSE(RangePeriod("yesterday", "2026-03-01").ok());
  auto r = RangePeriod("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->to - r->from, 86400);
}

TEST(Period, PreviousHasTheSameLength) {
  auto p = MonthPeriod("2026-03");
  ASSERT_TRUE(p.ok());
  Period prev = PreviousPeriod(*p);
  EXPECT_EQ(prev.to, p->from);
  EXPECT_EQ(prev.to - prev.from, p->to - p->from);
}

TEST(Escape, HtmlEntitiesForTextAndAttributes) {
  EXPECT_EQ(EscapeHtml("<b a=\"x\">Tom & 'Jerry'</b>"),
            "&lt;b a=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;");
  EXPECT_EQ(EscapeHtml("Phường Bến Nghé"), "Phường Bến Nghé");  // UTF-8 untouched
}

TEST(Escape, ScriptJsonCannotCloseItsBlock) {
  const std::string s = ScriptJson({{"label", "</script><script>alert(1)</script><!--"}});
  EXPECT_EQ(s.find('<'), std::string::npos);
  EXPECT_NE(s.find("\\u003c/script>"), std::string::npos);
}

// A report whose every text is hostile: nothing of it reaches the HTML or
// the SVG unescaped.
TEST(Render, EveryTextIsEscapedInHtmlAndSvg) {
  const std::string evil = "<img src=x onerror=alert(1)>&\"'";
  ReportData d;
  d.office_name = evil;
  d.period = *MonthPeriod("2026-10");
  d.previous = PreviousPeriod(d.period);
  d.period.label = evil;
  d.volumes.items = 3;
  d.volumes.sources.push_back({evil, 3});
  d.volumes.days.emplace_back("2026-10-02", 3);
  StoryLine l;
  l.label = evil;
  l.places = {evil};
  d.largest.push_back(l);
  d.rising.push_back(l);
  d.concerns.categories.push_back({"x", evil, 2});
  query::PlaceCount pc;
  pc.name = evil;
  pc.items = 2;
  d.concerns.places.push_back(pc);
  d.matches[evil] = 1;
  d.has_desk = true;
  UnitCases u;
  u.name = evil;
  u.opened = 1;
  d.units.push_back(u);
  for (Lang lang : {Lang::kVi, Lang::kEn}) {
    std::string html = RenderHtml(d, lang);
    // The data block holds the texts as JSON, with no '<' (ScriptJson); the
    // markup around it must hold them only as entities.
    const size_t block = html.find("<script type=\"application/json\" id=\"vox-report-data\">");
    ASSERT_NE(block, std::string::npos);
    const size_t end = html.find("</script>", block);
    ASSERT_NE(end, std::string::npos);
    const std::string json = html.substr(block + 53, end - block - 53);
    EXPECT_EQ(json.find('<'), std::string::npos) << json.substr(0, 200);
    html.erase(block, end - block);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("onerror=alert(1)>"), std::string::npos);
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;"), std::string::npos);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    // Self-contained: nothing fetched from elsewhere.
    EXPECT_EQ(html.find("src=\"http"), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
  }
}

TEST(Render, VietnameseByDefaultEnglishOnRequest) {
  ReportData d;
  d.office_name = "Văn phòng";
  d.period = *MonthPeriod("2026-10");
  d.previous = PreviousPeriod(d.period);
  const std::string vi = RenderHtml(d, Lang::kVi);
  EXPECT_NE(vi.find("Tổng quan kỳ báo cáo"), std::string::npos);
  EXPECT_NE(vi.find("chưa đo lường"), std::string::npos);
  const std::string en = RenderHtml(d, Lang::kEn);
  EXPECT_NE(en.find("The period at a glance"), std::string::npos);
  EXPECT_NE(en.find("not measured"), std::string::npos);
  Lang lang{};
  EXPECT_TRUE(ParseLang("en", &lang));
  EXPECT_FALSE(ParseLang("fr", &lang));
}

}  // namespace
}  // namespace vox::report
