// The ingest pipeline: input -> reader -> privacy (pseudonymize author, mask
// personal data) -> canonical text -> store, committed in batches.
//
// Guarantees: every valid record is kept even when others are rejected; a
// batch is committed whole or not at all, so a crash loses at most the batch
// in flight and re-running the same input completes it without duplicates
// (items are keyed by (source, id)).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "ingest/pseudonym.h"
#include "ingest/reader.h"
#include "store/store.h"

namespace vox::ingest {

// A later stage that sees every added or changed item inside the batch's
// transaction, so that what it writes (claim matches, stories) commits with
// the item or not at all. Called in input order on the ingesting thread.
class ItemObserver {
 public:
  virtual ~ItemObserver() = default;
  virtual Status OnItem(store::Store& store, int64_t rowid, const Item& item) = 0;
  // The batch the observer saw items of was committed: what it wrote is
  // now in the store for every reader.
  virtual void OnCommit(store::Store& store) { (void)store; }
  // The batch the observer saw items of was rolled back (an error, or a
  // commit that failed): state it keeps in memory must become what the store
  // holds again.
  virtual Status OnRollback(store::Store& store) {
    (void)store;
    return Status::Ok();
  }
};

struct IngestOptions {
  Format format = Format::kAuto;
  std::string source;           // default source name for records without one
  size_t batch_size = 10000;    // records per transaction
  bool progress = false;        // print progress to stderr (only on a terminal)
  size_t max_text_bytes = 1 << 20;
  std::vector<ItemObserver*> observers;  // not owned
  // Called for every record skipped on purpose (not an item, or a repeated
  // (source, id) within the input; see Rejection::category). May be empty.
  RejectSink on_skip;
  // Offset in seconds east of UTC for times written without one (the
  // office's time zone; default Asia/Ho_Chi_Minh, +07:00).
  int local_offset_seconds = kOfficeOffsetSeconds;
  // "Now" for readers (feed read-time fallback, Zalo's future check); 0: the
  // store's clock.
  int64_t now = 0;
  // CSV/TSV: column mapping, encoding, date order (ReadOptions::table).
  TableOptions table;
  // IngestInput reads JSON Lines, JSON arrays, Facebook and Zalo exports and
  // CSV/TSV from a file, stdin or a URL in pieces of about this many bytes (cut at line or record ends): memory
  // stays bounded by a piece and the longest line or record, whatever the
  // input's size.
  size_t piece_bytes = 8u << 20;
  // How IngestInput fetches a URL (timeouts, size limit).
  FetchOptions fetch;
};

struct IngestReport {
  int64_t added = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  int64_t skipped = 0;         // records that are deliberately not items (see on_skip)
  // skipped, counted by Rejection::category ("follow event", "duplicate
  // id"…); at most kMaxSkipCategories names, the rest under "other record".
  std::map<std::string, int64_t> skipped_by;
  // Items kept with a value the reader supplied, by Rejection::category
  // ("dated from the channel", "dated at read time"); counted in added /
  // updated / unchanged as well.
  std::map<std::string, int64_t> notes;
  int64_t masked = 0;          // personal-data spans masked
  int64_t bytes = 0;
  double seconds = 0;
};

inline constexpr size_t kMaxSkipCategories = 16;

// Ingests a whole buffer (already read). `input_name` is used in messages.
Result<IngestReport> IngestBuffer(store::Store& store, const Pseudonymizer& pseudo, std::string_view data,
                                  const std::string& input_name, const IngestOptions& opts,
                                  const RejectSink& on_reject);

// Reads PATH, "-" (stdin) or an http(s) URL, then IngestBuffer. JSON Lines
// (UTF-8, SniffJsonLayout kLines, decided from the first MiB), JSON arrays
// and objects one after another (UTF-8, IsStreamableJsonDocuments),
// Facebook and Zalo exports (UTF-8, IsStreamableJsonExport; read twice, see
// ReadJsonExportStream) and CSV/TSV stream instead, in pieces of
// opts.piece_bytes (ReadJsonlStream, ReadJsonDocumentsStream,
// ReadJsonExportStream, ReadCsvStream; a URL's body as it downloads,
// OpenUrl); workbooks are read a row at a time from the file where it lies,
// stdin and URLs from a scratch copy (ReadWorkbookStream), and RSS/Atom
// feeds larger than the first MiB an item at a time (UTF-8,
// IsStreamableFeed; ReadFeedStream), with the same
// items, rejections, line numbers and batches as IngestBuffer on the whole
// input; other inputs are read whole. A read that fails part way (a URL's
// size limit or timeout, a lost connection) fails the input after the
// batches before it were committed, as a crash would: ingesting it again
// completes it. A directory fails with "PATH is a directory".
Result<IngestReport> IngestInput(store::Store& store, const Pseudonymizer& pseudo, const std::string& input,
                                 const IngestOptions& opts, const RejectSink& on_reject);

// Applies the privacy and text rules to one item in place: author replaced by
// its pseudonym (raw cleared), title/text canonicalized and personal data
// masked. Returns the number of masked spans.
int PrepareItem(const Pseudonymizer& pseudo, Item* item);

}  // namespace vox::ingest
