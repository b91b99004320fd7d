// The OpenAPI document (/api/v1/openapi.json) lists exactly the routes the
// server answers: none documented that is not served, none served that is
// not documented. tests/e2e/desk.py checks the other half against a running
// server (every documented path answers).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "http/server.h"

extern const char vox_embed_openapi_json[];
extern const unsigned long vox_embed_openapi_json_size;

namespace vox::http {
namespace {

std::set<std::pair<std::string, std::string>> Documented() {
  auto doc = nlohmann::json::parse(std::string(vox_embed_openapi_json, vox_embed_openapi_json_size));
  std::set<std::pair<std::string, std::string>> out;
  for (auto& [path, methods] : doc["paths"].items()) {
    for (auto& [method, op] : methods.items()) {
      std::string m = method;
      for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.emplace(m, path);
    }
  }
  return out;
}

TEST(Routes, EveryServedRouteIsDocumented) {
  const auto documented = Documented();
  for (const auto& r : ApiRoutes()) EXPECT_TRUE(documented.count(r)) << r.first << " " << r.second << " is not in openapi.json";
}

TEST(Routes, EveryDocumentedRouteIsServed) {
  const auto routes = ApiRoutes();
  const std::set<std::pair<std::string, std::string>> served(routes.begin(), routes.end());
  for (const auto& d : Documented()) EXPECT_TRUE(served.count(d)) << d.first << " " << d.second << " is documented but not served";
}

TEST(Routes, DocumentIsOpenApi31WithErrorsAsJson) {
  auto doc = nlohmann::json::parse(std::string(vox_embed_openapi_json, vox_embed_openapi_json_size));
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
  EXPECT_GE(ApiRoutes().size(), 25u);
}

}  // namespace
}  // namespace vox::http
