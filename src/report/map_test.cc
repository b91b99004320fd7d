// Boundaries for the report's map: what a GeoJSON file must hold, how place
// names meet feature names, and what the drawn map says.
#include "report/map.h"

#include <gtest/gtest.h>

namespace vox::report {
namespace {

// Two squares side by side, the second one a MultiPolygon with a hole.
constexpr const char* kTwoWards = R"({
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "properties": {"name": "Phường Bến Cũ"},
     "geometry": {"type": "Polygon", "coordinates": [[[106.0, 10.0], [106.1, 10.0], [106.1, 10.1], [106.0, 10.1], [106.0, 10.0]]]}},
    {"type": "Feature", "properties": {"ten_xa": "Xã Vân Sơn", "dan_so": 1200},
     "geometry": {"type": "MultiPolygon", "coordinates": [[
        [[106.1, 10.0], [106.3, 10.0], [106.3, 10.1], [106.1, 10.1], [106.1, 10.0]],
        [[106.2, 10.02], [106.22, 10.02], [106.22, 10.04], [106.2, 10.04], [106.2, 10.02]]]]}}
  ]})";

TEST(Boundaries, ReadsPolygonsAndMultiPolygonsWithTheirNames) {
  auto b = ParseBoundaries(kTwoWards);
  ASSERT_TRUE(b.ok()) << b.status().message();
  ASSERT_EQ(b->areas.size(), 2u);
  EXPECT_EQ(b->areas[0].name, "Phường Bến Cũ");
  EXPECT_EQ(b->areas[1].name, "Xã Vân Sơn");
  ASSERT_EQ(b->areas[1].polygons.size(), 1u);
  EXPECT_EQ(b->areas[1].polygons[0].size(), 2u);  // outline and hole
  EXPECT_DOUBLE_EQ(b->areas[0].polygons[0][0][1].first, 106.1);
}

TEST(Boundaries, RefusesWhatIsNotAWardMapNamingTheFeature) {
  auto msg = [](const std::string& text) {
    auto b = ParseBoundaries(text);
    EXPECT_FALSE(b.ok()) << text;
    return b.ok() ? std::string() : b.status().message();
  };
  EXPECT_NE(msg("<html>").find("not JSON"), std::string::npos);
  EXPECT_NE(msg(R"({"type":"Point","coordinates":[1,2]})").find("FeatureCollection or Feature"), std::string::npos);
  EXPECT_NE(msg(R"({"type":"FeatureCollection","features":[]})").find("no features"), std::string::npos);
  const std::string line =
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[1,1],[2,1],[2,2],[1,1]]]}},)"
      R"({"type":"Feature","properties":{"name":"Đê"},"geometry":{"type":"LineString","coordinates":[[1,1],[2,2]]}}]})";
  const std::string m = msg(line);
  EXPECT_NE(m.find("feature 2 (Đê)"), std::string::npos) << m;
  EXPECT_NE(m.find("not an area"), std::string::npos) << m;
  EXPECT_NE(msg(R"({"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[1,1],[2,1],[2,2],[1,1]]]}})")
                .find("no name"),
            std::string::npos);
  EXPECT_NE(msg(R"({"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[1,1],[2,1],[1,1]]]}})")
                .find("at least 4 positions"),
            std::string::npos);
  EXPECT_NE(msg(R"({"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[1,1],[200,1],[2,2],[1,1]]]}})")
                .find("not a longitude and latitude"),
            std::string::npos);
  EXPECT_NE(msg(std::string(kMaxBoundaryBytes + 1, ' ')).find("limit"), std::string::npos);
}

TEST(Boundaries, PlaceNamesMatchWithoutCaseDiacriticsOrUnitType) {
  EXPECT_EQ(PlaceMatchKey("Phường Bến Cũ"), "ben cu");
  EXPECT_EQ(PlaceMatchKey("P. Bến Cũ"), "ben cu");
  EXPECT_EQ(PlaceMatchKey("ben  cu"), "ben cu");
  EXPECT_EQ(PlaceMatchKey("XÃ VÂN SƠN"), "van son");
  EXPECT_EQ(PlaceMatchKey("Thị trấn An Điềm"), "an diem");
  EXPECT_EQ(PlaceMatchKey("Phường 12"), "12");
  EXPECT_EQ(PlaceMatchKey("Phường"), "phuong");  // a name that is only the type stays
  EXPECT_NE(PlaceMatchKey("Vân Sơn"), PlaceMatchKey("Vân Hà"));
}

TEST(Boundaries, MapShadesByCountWritesEachCountAndListsPlacesNotOnIt) {
  auto b = ParseBoundaries(kTwoWards);
  ASSERT_TRUE(b.ok());
  std::vector<std::string> unmatched;
  const std::string svg =
      MapSvg(*b, {{"Bến Cũ", 40}, {"Vân Sơn", 3}, {"Đồng Gạo", 7}, {"Cồn Mây", 0}}, "Bản đồ", "Số ý kiến", &unmatched);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  // Bến Cũ (40, the most) in the darkest class, Vân Sơn (3) in the lightest.
  EXPECT_NE(svg.find("fill=\"#3d3d3d\" fill-rule=\"evenodd\" stroke=\"#000\" stroke-width=\"0.8\"><title>Phường Bến Cũ: 40"),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("fill=\"#e3e3e3\" fill-rule=\"evenodd\" stroke=\"#000\" stroke-width=\"0.8\"><title>Xã Vân Sơn: 3"),
            std::string::npos);
  EXPECT_NE(svg.find(">40</tspan>"), std::string::npos);
  EXPECT_NE(svg.find(">3</tspan>"), std::string::npos);
  // The hole is drawn as a second ring of the same path, cut out by evenodd.
  EXPECT_EQ(unmatched, (std::vector<std::string>{"Đồng Gạo"}));  // Cồn Mây has no items: not listed
  // Names are escaped.
  Boundaries evil;
  evil.areas.push_back({"<script>", {{{{1, 1}, {2, 1}, {2, 2}, {1, 1}}}}});
  const std::string escaped = MapSvg(evil, {}, "t", "l", nullptr);
  EXPECT_EQ(escaped.find("<script>"), std::string::npos);
  EXPECT_NE(escaped.find("&lt;script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace vox::report
