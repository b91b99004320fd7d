// Items as the store keeps and lists them: the stored item with what stages
// added to it, the query that lists items (filters, keyset cursor), counts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/item.h"

namespace vox::store {

struct StoredItem {
  int64_t rowid = 0;
  Item item;                 // author is always empty; author_pseudonym set
  int64_t ingested_at = 0;
  int64_t story_id = 0;      // 0 when not assigned
  int revisions = 0;         // earlier versions kept
  std::vector<std::string> categories;
  std::vector<std::string> places;
};

// Where a page of items ended: the next page starts after it (keyset
// paging, stable while items arrive). rowid 0: from the start.
struct ItemCursor {
  int64_t published_at = 0;
  int64_t rowid = 0;
};
// "1790000000.42": a cursor as the API hands it out; Decode is false for
// anything else.
std::string EncodeItemCursor(const ItemCursor& c);
bool DecodeItemCursor(std::string_view text, ItemCursor* out);

struct ItemQuery {
  std::string source;        // empty: any
  std::string kind;          // empty: any
  int64_t since = 0;         // published_at >= since (0: no bound)
  int64_t until = 0;         // published_at < until (0: no bound)
  int64_t story_id = 0;      // 0: any
  std::string ext_id;        // empty: any (with source: one item)
  std::string label;         // a staff label the item has; empty: any
  std::string category;      // a predicted category the item has (its name, without score); empty: any
  std::string place;         // a place tag the item has; empty: any
  ItemCursor after;          // only items after this one in the order asked (rowid 0: from the start)
  int64_t limit = 0;         // 0: no limit
  bool newest_first = false;
  // true: a scan that only counts (the report's volumes, concerns, trends):
  // title, text, url and parent_id are left empty and revisions 0; every
  // other field is read. Reads less per item.
  bool counts_only = false;
};

// Rollups: items counted per hour (UTC, hour = floor(published_at / 3600))
// and key, kept by the store as items, stories and tags change, so that
// counts over weeks read hundreds of rows instead of a million items.
enum class HourCountKind {
  kSource = 0,    // key: the source's name; every item counts once
  kStory = 1,     // key: the story id in decimal; items with a story
  kCategory = 2,  // key: a predicted category's name, whatever its score (CountConcerns)
  kConcern = 3,   // key: a concern as trends see it: a category scored >= 0.50 (two decimals)
                  // or a staff label; an item counts once per distinct name
};

struct HourCountQuery {
  HourCountKind kind = HourCountKind::kSource;
  int64_t from_hour = 0;          // hours in [from_hour, to_hour)
  int64_t to_hour = 0;
  std::vector<std::string> keys;  // only these keys; empty: every key
  bool by_hour = false;           // false: one row per key (hour = from_hour), summed over the hours
};

struct HourCount {
  int64_t hour = 0;
  std::string key;
  int64_t n = 0;
};

struct SourceStats {
  std::string name;
  int64_t items = 0;
};

struct Stats {
  int64_t items = 0;
  int64_t revisions = 0;
  int64_t voices = 0;        // distinct author pseudonyms (a count, never a list)
  int64_t first_published = 0;
  int64_t last_published = 0;
  std::vector<SourceStats> sources;
  std::vector<std::pair<std::string, int64_t>> kinds;
  int schema_version = 0;
  int64_t db_bytes = 0;
};

struct PurgeCounts {
  int64_t items = 0;
  int64_t revisions = 0;
  int64_t stories = 0;   // stories removed because every item of theirs was purged
  int64_t partitions = 0;  // whole months of items dropped at once (PostgreSQL; the rest row by row)
};

}  // namespace vox::store
