// Boundaries (GeoJSON) and the report's ward map (map.h).
#include "report/map.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "report/report.h"
#include "text/text.h"

namespace vox::report {
namespace {

using nlohmann::json;
using Ring = std::vector<std::pair<double, double>>;
using Polygon = std::vector<Ring>;

std::string FeatureName(const json& props) {
  if (!props.is_object()) return "";
  for (const char* key : {"name", "ten", "Ten", "TEN", "ten_xa", "Ten_xa", "TEN_XA", "NAME_3", "ward", "commune"}) {
    auto it = props.find(key);
    if (it != props.end() && it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
  }
  return "";
}

Status ParseRing(const json& j, const std::string& where, size_t* points, Ring* out) {
  if (!j.is_array() || j.size() < 4) return Status::InvalidArgument(where + ": a ring needs at least 4 positions");
  for (const auto& pos : j) {
    if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number())
      return Status::InvalidArgument(where + ": a position must be [longitude, latitude]");
    const double lon = pos[0].get<double>(), lat = pos[1].get<double>();
    if (!std::isfinite(lon) || !std::isfinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90)
      return Status::InvalidArgument(where + ": position [" + pos[0].dump() + ", " + pos[1].dump() +
                                     "] is not a longitude and latitude");
    if (++*points > kMaxPoints)
      return Status::LimitExceeded(where + ": more than " + std::to_string(kMaxPoints) +
                                   " positions in all (simplify the boundaries first)");
    out->emplace_back(lon, lat);
  }
  return Status::Ok();
}

Status ParsePolygon(const json& j, const std::string& where, size_t* points, Polygon* out) {
  if (!j.is_array() || j.empty()) return Status::InvalidArgument(where + ": a polygon needs at least one ring");
  for (const auto& r : j) {
    Ring ring;
    VOX_RETURN_IF_ERROR(ParseRing(r, where, points, &ring));
    out->push_back(std::move(ring));
  }
  return Status::Ok();
}

// Twice the signed area and the centroid of a ring (shoelace formula), in
// the projected plane.
double RingArea(const Ring& r, double* cx, double* cy) {
  double a = 0, x = 0, y = 0;
  for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    const double f = r[j].first * r[i].second - r[i].first * r[j].second;
    a += f;
    x += (r[j].first + r[i].first) * f;
    y += (r[j].second + r[i].second) * f;
  }
  if (std::fabs(a) > 1e-12) {
    *cx = x / (3 * a);
    *cy = y / (3 * a);
  } else if (!r.empty()) {
    *cx = r[0].first;
    *cy = r[0].second;
  }
  return a;
}

std::string Fmt1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

constexpr const char* kShades[] = {"#e3e3e3", "#bdbdbd", "#969696", "#6b6b6b", "#3d3d3d"};

// The name written on the map, without its unit type ("phường Bến Cũ" ->
// "Bến Cũ"): the legend and the title already say what the areas are.
std::string ShortName(const std::string& name) {
  for (const char* prefix : {"phường ", "Phường ", "PHƯỜNG ", "xã ", "Xã ", "XÃ ", "thị trấn ", "Thị trấn ", "THỊ TRẤN "}) {
    const std::string p = prefix;
    if (name.size() > p.size() && name.compare(0, p.size(), p) == 0) return name.substr(p.size());
  }
  return name;
}

}  // namespace

Result<Boundaries> ParseBoundaries(std::string_view geojson) {
  if (geojson.size() > kMaxBoundaryBytes)
    return Status::LimitExceeded("boundaries: " + std::to_string(geojson.size()) + " bytes, more than the limit of " +
                                 std::to_string(kMaxBoundaryBytes));
  json doc = json::parse(geojson, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("boundaries: not JSON (GeoJSON expected)");
  std::vector<const json*> features;
  const std::string type = doc.is_object() && doc.contains("type") && doc["type"].is_string() ? doc["type"].get<std::string>() : "";
  if (type == "FeatureCollection") {
    if (!doc.contains("features") || !doc["features"].is_array())
      return Status::InvalidArgument("boundaries: a FeatureCollection needs a 'features' array");
    for (const auto& f : doc["features"]) features.push_back(&f);
  } else if (type == "Feature") {
    features.push_back(&doc);
  } else {
    return Status::InvalidArgument("boundaries: a GeoJSON FeatureCollection or Feature expected, not '" +
                                   (type.empty() ? std::string(doc.type_name()) : type) + "'");
  }
  if (features.size() > kMaxAreas)
    return Status::LimitExceeded("boundaries: " + std::to_string(features.size()) + " features, more than the limit of " +
                                 std::to_string(kMaxAreas));
  Boundaries b;
  size_t points = 0;
  for (size_t i = 0; i < features.size(); ++i) {
    const json& f = *features[i];
    std::string where = "boundaries: feature " + std::to_string(i + 1);
    if (!f.is_object() || !f.contains("geometry") || !f["geometry"].is_object())
      return Status::InvalidArgument(where + ": no geometry");
    Area area;
    area.name = f.contains("properties") ? FeatureName(f["properties"]) : "";
    if (area.name.empty())
      return Status::InvalidArgument(where + ": no name (a string property 'name', 'ten', 'ten_xa' or 'NAME_3')");
    where += " (" + area.name + ")";
    const json& g = f["geometry"];
    const std::string gtype = g.contains("type") && g["type"].is_string() ? g["type"].get<std::string>() : "";
    if (!g.contains("coordinates")) return Status::InvalidArgument(where + ": geometry without coordinates");
    if (gtype == "Polygon") {
      Polygon p;
      VOX_RETURN_IF_ERROR(ParsePolygon(g["coordinates"], where, &points, &p));
      area.polygons.push_back(std::move(p));
    } else if (gtype == "MultiPolygon") {
      if (!g["coordinates"].is_array() || g["coordinates"].empty())
        return Status::InvalidArgument(where + ": a MultiPolygon needs at least one polygon");
      for (const auto& pj : g["coordinates"]) {
        Polygon p;
        VOX_RETURN_IF_ERROR(ParsePolygon(pj, where, &points, &p));
        area.polygons.push_back(std::move(p));
      }
    } else {
      return Status::InvalidArgument(where + ": geometry '" + gtype + "' is not an area (Polygon or MultiPolygon)");
    }
    b.areas.push_back(std::move(area));
  }
  if (b.areas.empty()) return Status::InvalidArgument("boundaries: no features");
  return b;
}

std::string PlaceMatchKey(std::string_view name) {
  std::string k = text::FoldAccents(text::Normalize(name));
  std::string out;
  for (char c : k) {
    const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (l == '.' || l == ',' || l == '_' || l == '-') out += ' ';
    else out += l;
  }
  // Words, single spaces.
  std::string words;
  size_t i = 0;
  while (i < out.size()) {
    while (i < out.size() && out[i] == ' ') ++i;
    size_t j = i;
    while (j < out.size() && out[j] != ' ') ++j;
    if (j > i) words += (words.empty() ? "" : " ") + out.substr(i, j - i);
    i = j;
  }
  for (const char* prefix : {"thi tran ", "phuong ", "xa ", "tt ", "p ", "x "}) {
    const std::string p = prefix;
    if (words.size() > p.size() && words.compare(0, p.size(), p) == 0) return words.substr(p.size());
  }
  return words;
}

std::string MapSvg(const Boundaries& b, const std::vector<std::pair<std::string, int64_t>>& counts,
                   const std::string& title, const std::string& legend_title, std::vector<std::string>* unmatched) {
  std::map<std::string, int64_t> by_key;
  for (const auto& [name, n] : counts) by_key[PlaceMatchKey(name)] += n;
  std::map<std::string, bool> matched;
  // Projection: longitude scaled by the cosine of the middle latitude, so
  // that a ward keeps its shape at Vietnam's latitudes.
  double min_lon = std::numeric_limits<double>::max(), max_lon = -min_lon, min_lat = min_lon, max_lat = -min_lon;
  for (const auto& a : b.areas)
    for (const auto& p : a.polygons)
      for (const auto& r : p)
        for (const auto& [lon, lat] : r) {
          min_lon = std::min(min_lon, lon), max_lon = std::max(max_lon, lon);
          min_lat = std::min(min_lat, lat), max_lat = std::max(max_lat, lat);
        }
  const double k = std::cos((min_lat + max_lat) / 2 * M_PI / 180);
  const double span_x = std::max((max_lon - min_lon) * k, 1e-9), span_y = std::max(max_lat - min_lat, 1e-9);
  const double width = 680, max_h = 520, legend_h = 34;
  const double scale = std::min((width - 20) / span_x, (max_h - 20) / span_y);
  const double height = span_y * scale + 20 + legend_h;
  auto X = [&](double lon) { return 10 + (lon - min_lon) * k * scale; };
  auto Y = [&](double lat) { return 10 + (max_lat - lat) * scale; };

  int64_t max_n = 0;
  for (const auto& a : b.areas) {
    auto it = by_key.find(PlaceMatchKey(a.name));
    if (it != by_key.end()) max_n = std::max(max_n, it->second);
  }
  // Five classes of equal width over 1..max; 0 stays white.
  auto klass = [&](int64_t n) -> int {
    if (n <= 0 || max_n <= 0) return -1;
    return std::min(4, static_cast<int>((n - 1) * 5 / std::max<int64_t>(max_n, 1)));
  };

  std::string s = "<svg class=\"chart map\" role=\"img\" viewBox=\"0 0 " + Fmt1(width) + " " + Fmt1(height) +
                  "\" width=\"" + Fmt1(width) + "\" height=\"" + Fmt1(height) +
                  "\" xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"" + EscapeHtml(title) + "\">";
  std::string labels;
  for (const auto& a : b.areas) {
    const std::string key = PlaceMatchKey(a.name);
    auto it = by_key.find(key);
    const int64_t n = it != by_key.end() ? it->second : 0;
    if (it != by_key.end()) matched[key] = true;
    const int c = klass(n);
    std::string d;
    double best = 0, lx = 0, ly = 0;
    for (const auto& p : a.polygons) {
      for (const auto& r : p) {
        for (size_t i = 0; i < r.size(); ++i) d += (i ? "L" : "M") + Fmt1(X(r[i].first)) + " " + Fmt1(Y(r[i].second));
        d += "Z";
      }
      Ring projected;
      for (const auto& [lon, lat] : p[0]) projected.emplace_back(X(lon), Y(lat));
      double cx = 0, cy = 0;
      const double area = std::fabs(RingArea(projected, &cx, &cy));
      if (area >= best) best = area, lx = cx, ly = cy;
    }
    s += "<path d=\"" + d + "\" fill=\"" + (c < 0 ? "#fff" : kShades[c]) +
         "\" fill-rule=\"evenodd\" stroke=\"#000\" stroke-width=\"0.8\"><title>" + EscapeHtml(a.name) + ": " +
         std::to_string(n) + "</title></path>";
    labels += "<text x=\"" + Fmt1(lx) + "\" y=\"" + Fmt1(ly) +
              "\" text-anchor=\"middle\" font-size=\"8.5\" stroke=\"#fff\" stroke-width=\"2\" stroke-linejoin=\"round\" "
              "paint-order=\"stroke\">"
              "<tspan x=\"" + Fmt1(lx) + "\" dy=\"-2\">" + EscapeHtml(ShortName(a.name)) + "</tspan><tspan x=\"" + Fmt1(lx) +
              "\" dy=\"11\" font-weight=\"bold\">" + std::to_string(n) + "</tspan></text>";
  }
  s += labels;
  // Legend: the five classes with their ranges.
  const double ly0 = height - legend_h + 8;
  s += "<text x=\"10\" y=\"" + Fmt1(ly0 + 9) + "\" font-size=\"9\">" + EscapeHtml(legend_title) + "</text>";
  double x = 150;
  for (int c = -1; c < 5; ++c) {
    std::string range;
    if (c < 0) {
      range = "0";
    } else {
      const int64_t lo = max_n * c / 5 + 1, hi = max_n * (c + 1) / 5;
      if (hi < lo) continue;
      range = lo == hi ? std::to_string(lo) : std::to_string(lo) + "–" + std::to_string(hi);
    }
    s += "<rect x=\"" + Fmt1(x) + "\" y=\"" + Fmt1(ly0) + "\" width=\"14\" height=\"11\" fill=\"" +
         (c < 0 ? "#fff" : kShades[c]) + "\" stroke=\"#000\" stroke-width=\"0.6\"/>";
    s += "<text x=\"" + Fmt1(x + 18) + "\" y=\"" + Fmt1(ly0 + 9) + "\" font-size=\"9\">" + range + "</text>";
    x += 80;
  }
  s += "</svg>";
  if (unmatched) {
    for (const auto& [name, n] : counts)
      if (n > 0 && !matched.count(PlaceMatchKey(name))) unmatched->push_back(name);
  }
  return s;
}

}  // namespace vox::report
