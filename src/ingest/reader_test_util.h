// Test helper: runs ReadBuffer and collects everything it reports.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/reader.h"

namespace vox::ingest::testing {

struct Collected {
  Status status;
  std::vector<Item> items;
  std::vector<Rejection> rejects;
  std::vector<Rejection> skips;
  std::vector<Rejection> notes;
};

inline Collected Read(Format format, std::string_view data, ReadOptions opts = {}) {
  Collected c;
  opts.on_skip = [&c](const Rejection& r) { c.skips.push_back(r); };
  opts.on_note = [&c](const Rejection& r) { c.notes.push_back(r); };
  c.status = ReadBuffer(
      format, data, opts,
      [&c](Item&& item) {
        c.items.push_back(std::move(item));
        return true;
      },
      [&c](const Rejection& r) { c.rejects.push_back(r); });
  return c;
}

inline ReadOptions Named(std::string name, std::string source = "") {
  ReadOptions o;
  o.input_name = std::move(name);
  o.default_source = std::move(source);
  return o;
}

// Tests run from the project root (gtest_discover_tests WORKING_DIRECTORY).
inline std::string ReadTestdata(const std::string& name) {
  std::ifstream in("src/ingest/testdata/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace vox::ingest::testing
