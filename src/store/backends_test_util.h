// The backends every store suite runs on (store_test.cc, desk_store_test.cc),
// listed once: a new backend is added here and must pass both suites
// unchanged.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace vox::store {

struct Backend {
  std::string name;
  // The --db value for a fresh store in `dir` (a folder the test owns).
  std::function<std::string(const std::filesystem::path& dir)> uri;
};

inline std::vector<Backend> Backends() {
  return {
      {"sqlite", [](const std::filesystem::path& dir) { return (dir / "vox.db").string(); }},
  };
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
