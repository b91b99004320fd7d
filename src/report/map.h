// Ward and commune boundaries for the report's map (docs/reports.md "Map").
//
// The office supplies its boundaries as GeoJSON (a FeatureCollection of
// Polygon or MultiPolygon features, longitude/latitude as GeoJSON has them),
// saved with `vox settings set report.boundaries @wards.geojson` or given
// to one report with `vox report --boundaries FILE`. Each feature's name is
// read from the first of its properties `name`, `ten`, `ten_xa`, `NAME_3`,
// `ward`, `commune` that holds a string, and matched to Vox's place names
// without regard to case, diacritics or a leading "phường"/"xã"/"thị trấn".
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace vox::report {

struct Area {
  std::string name;  // as the file gives it
  // Polygons, each a list of rings (the first the outline, the others holes),
  // each ring a list of (longitude, latitude).
  std::vector<std::vector<std::vector<std::pair<double, double>>>> polygons;
};

struct Boundaries {
  std::vector<Area> areas;
};

// Bounds on what a boundaries file may hold (a ward map needs far less).
constexpr size_t kMaxBoundaryBytes = 20u << 20;
constexpr size_t kMaxAreas = 2000;
constexpr size_t kMaxPoints = 500000;

// Parses GeoJSON; InvalidArgument naming the feature and what is wrong.
// Features that are not areas (points, lines) are an error, not skipped:
// a ward map with a missing ward would mislead.
Result<Boundaries> ParseBoundaries(std::string_view geojson);

// The key a place name is matched by: lower-case, no diacritics, without a
// leading unit type ("Phường Bến Cũ", "P. Bến Cũ", "ben cu" -> "ben cu").
std::string PlaceMatchKey(std::string_view name);

// An SVG choropleth of `counts` (place name, items) over `b`, drawn in grey
// shades of five classes with each area's count written on it, and a legend;
// readable in black-and-white print. `unmatched` receives the places with
// items that no area's name matches.
std::string MapSvg(const Boundaries& b, const std::vector<std::pair<std::string, int64_t>>& counts,
                   const std::string& title, const std::string& legend_title,
                   std::vector<std::string>* unmatched);

}  // namespace vox::report
