// Stories as the store keeps them (written by stories/).
#pragma once

#include <cstdint>
#include <string>

namespace vox::store {

// A story: near-duplicate / same-event group of items (written by the
// stories stage, src/stories/). Counters are kept incrementally at ingest;
// voices and sources are counted from the member items when read.
struct Story {
  int64_t id = 0;
  int64_t first_seen = 0;      // published_at of the earliest member
  int64_t last_seen = 0;       // published_at of the latest member
  int64_t size = 0;            // members
  int64_t voices = 0;          // distinct author pseudonyms (a count, never a list); read only
  int64_t sources = 0;         // distinct sources; read only
  int64_t engagement = 0;      // reactions + shares + comments of the members
  int64_t representative = 0;  // item rowid
  std::string label;
};

struct StoryQuery {
  int64_t since = 0;           // last_seen >= since (0: no bound)
  int64_t min_id = 0;          // id >= min_id
  int64_t limit = 0;           // 0: no limit
  bool newest_first = true;    // by last_seen; else by id
  bool with_counts = true;     // count voices and sources from the items
};

}  // namespace vox::store
