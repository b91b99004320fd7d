// The backends every store suite runs on (store_test.cc, desk_store_test.cc),
// listed once: a new backend is added here and must pass both suites
// unchanged.
//
// PostgreSQL runs when VOX_TEST_PG names a database to test in
// (postgresql:///vox?host=/tmp/dir, as scripts/test.sh sets it for the
// cluster it starts): each test gets a fresh schema of its own there, named
// after its folder, and its URI puts that schema first on the search path.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "store/postgres/pg_conn.h"

namespace vox::store {

struct Backend {
  std::string name;
  // The --db value for a fresh store in `dir` (a folder the test owns).
  std::function<std::string(const std::filesystem::path& dir)> uri;
  // Removes the store that uri(dir) named, leaving `dir` empty: the next
  // open finds no store.
  std::function<void(const std::filesystem::path& dir)> remove;
};

inline void EmptyDir(const std::filesystem::path& dir) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
}

// A fresh schema in the database `base` names for the test folder `dir`.
inline std::string FreshPgSchemaUri(const std::string& base, const std::filesystem::path& dir) {
  char schema[32];
  std::snprintf(schema, sizeof schema, "t%016zx", std::hash<std::string>()(dir.string()));
  auto conn = pg::Conn::Connect(base);
  if (!conn.ok()) {
    ADD_FAILURE() << "VOX_TEST_PG: " << conn.status().message();
  } else {
    Status st = (*conn)->Exec(std::string("DROP SCHEMA IF EXISTS ") + schema + " CASCADE; CREATE SCHEMA " + schema);
    if (!st.ok()) ADD_FAILURE() << "VOX_TEST_PG: " << st.message();
  }
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

inline std::vector<Backend> Backends() {
  std::vector<Backend> out = {
      {"sqlite", [](const std::filesystem::path& dir) { return (dir / "vox.db").string(); }, EmptyDir},
  };
  if (const char* pg = std::getenv("VOX_TEST_PG"); pg != nullptr && *pg != 0) {
    const std::string base = pg;
    out.push_back({"postgresql", [base](const std::filesystem::path& dir) { return FreshPgSchemaUri(base, dir); },
                   [base](const std::filesystem::path& dir) {
                     FreshPgSchemaUri(base, dir);
                     EmptyDir(dir);
                   }});
  }
  return out;
}

// A fresh, empty folder for the running test: `prefix`, the process and the
// test's name ('/' of parameterized names replaced).
inline std::filesystem::path FreshTestDir(const std::string& prefix) {
  std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  for (char& c : name) if (c == '/') c = '_';
  auto dir = std::filesystem::temp_directory_path() / (prefix + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace vox::store
