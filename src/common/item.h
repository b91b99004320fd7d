// Item: one piece of public text, as every reader produces it and the store
// keeps it. Readers fill it from their format; the ingest pipeline then
// pseudonymizes the author, masks personal data and canonicalizes text before
// anything is stored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vox {

struct Metrics {
  int64_t reactions = 0;
  int64_t shares = 0;
  int64_t comments = 0;
  int64_t views = 0;
};

struct Item {
  std::string source;        // source name; (source, id) is unique
  std::string id;            // external id, required
  std::string kind = "post"; // post | comment | article | report | message
  std::string title;
  std::string text;          // text or title is required
  std::string url;
  std::string author;        // RAW author as read. Never stored: replaced by author_pseudonym.
  std::string author_pseudonym;
  int64_t published_at = 0;  // Unix seconds UTC
  std::string parent_id;
  Metrics metrics;
  std::string place;
  std::vector<std::string> labels;  // staff categories
};

}  // namespace vox
