// Readers turn one input format into Items. A reader never stops at a bad
// record: it reports the record (line, field, reason) and goes on.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "ingest/item.h"

namespace vox::ingest {

enum class Format { kAuto, kJsonl, kCsv, kRss, kAtom, kFacebook, kZalo };

Result<Format> ParseFormat(std::string_view name);
const char* FormatName(Format f);
// Guesses the format from the first bytes of the input (and the file name).
Format DetectFormat(std::string_view head, std::string_view name);

struct Rejection {
  std::string where;   // "file.jsonl:12" (line), or "feed.xml: item 3"
  std::string field;   // the offending field, empty when the whole record is bad
  std::string reason;  // what is wrong, for a person
  // Skips only (ReadOptions::on_skip): what kind of record was skipped, in
  // the singular and free of per-record detail, so that summaries can count
  // skips by it ("follow event", "duplicate id", "post without text").
  std::string category = {};
};

// The category of a record skipped because an earlier record of the same
// input had the same (source, id): the first one is kept.
inline constexpr const char* kSkipDuplicate = "duplicate id";

struct ReadOptions {
  std::string default_source;            // used when a record has no source
  std::string input_name = "-";          // file name or URL for messages
  size_t max_text_bytes = 1 << 20;       // a text field larger than this is rejected
  // Called for every record that is deliberately not an item and not an
  // error either (a Zalo "follow" event, a Facebook post with no text…).
  // `field` is empty; `reason` says why. May be empty (no callback).
  std::function<void(const Rejection&)> on_skip;
};

// Called for every good item; return false to stop reading.
using ItemSink = std::function<bool(Item&&)>;
using RejectSink = std::function<void(const Rejection&)>;

// Reads a whole buffer in the given format (not kAuto). Calls on_item for
// every valid record in input order and on_reject for every bad one.
// Within one buffer only the first record of each (source, id) is passed on;
// a later one goes to on_skip (category kSkipDuplicate) with the place of
// the first.
// Returns a non-OK status only when the input as a whole is unusable
// (e.g. an RSS file that is not XML at all).
Status ReadBuffer(Format format, std::string_view data, const ReadOptions& opts,
                  const ItemSink& on_item, const RejectSink& on_reject);

// Fetches an http(s) URL with timeouts and a size limit (libcurl).
struct FetchOptions {
  long connect_timeout_s = 10;
  long total_timeout_s = 60;
  size_t max_bytes = 64u << 20;
};
Result<std::string> FetchUrl(const std::string& url, const FetchOptions& opts = {});

}  // namespace vox::ingest
