// The demo workspace: a believable month of public text for a fictional
// Vietnamese town, generated deterministically from a seed. Everything here
// (town, wards, vocabulary, templates) is invented for Vox.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace vox::demo {

struct DemoOptions {
  uint64_t seed = 20261124;            // same seed, same output (byte for byte)
  int days = 30;                       // length of the period
  int64_t items = 40000;               // approximate number of items
  std::string start = "2026-10-01";    // first day (local time, UTC+7)
};

// Writes items as JSON Lines in the documented item schema (docs/formats.md):
// posts and comments from the office's Facebook page, public posts, news
// articles (kind article), citizen messages from the Zalo OA (kind message).
// Each line carries a "source".
void GenerateItems(const DemoOptions& opts, std::ostream& out);

// What the generator knows about its own output, for tests and for the demo
// walkthrough (which story an item belongs to, which rumour it spreads). Not
// part of the item schema: nothing here is written to the items stream.
struct DemoItemTruth {
  std::string source;
  std::string id;
  std::string story;          // generator's story key ("" = a one-off item)
  std::string fact_check_id;  // the rumour's fact-check ("" = not a rumour)
};

struct DemoRumour {
  std::string key;            // e.g. "nuoc-may-nhiem-doc"
  std::string fact_check_id;  // id in GenerateFactChecks' output
  std::string claim;
  int burst_day = 0;          // 0-based day of the burst within the period
  std::string burst_start;    // RFC 3339, +07:00
};

struct DemoTruth {
  std::vector<DemoItemTruth> items;  // in output order
  std::vector<DemoRumour> rumours;
};

// As above; also fills *truth when it is not null.
void GenerateItems(const DemoOptions& opts, std::ostream& out, DemoTruth* truth);

// Writes the fact-check library as JSON Lines: id, claim, verdict, body, url,
// published_at.
void GenerateFactChecks(const DemoOptions& opts, std::ostream& out);

// Schematic boundaries of the demo town's wards and communes as GeoJSON (the
// report's map, docs/reports.md): the eight phường of the centre in a grid,
// the five xã around them. The town is fictional, and so is its map.
std::string TownBoundaries();

}  // namespace vox::demo
