// The store: every byte Vox keeps goes through this interface, so that the
// embedded store and a server database are interchangeable for callers
// (backends live in store/<backend>/; nothing above this header knows which).
// The records it keeps are in small headers per concern: item_records.h,
// search_records.h, claim_records.h, story_records.h. A Store is used by one
// thread at a time (open one per thread).
//
// Invariants the store keeps whatever the backend:
//  - an item is identified by (source, external id); upserting the same item
//    again is a no-op ("unchanged"); changed title/text keeps the previous
//    text as a revision;
//  - the raw author never reaches the store: only Item::author_pseudonym;
//  - the search index commits in the same transaction as the items.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/item.h"
#include "common/status.h"
#include "store/claim_records.h"
#include "store/item_records.h"
#include "store/search_records.h"
#include "store/story_records.h"

namespace vox::store {

inline constexpr int kSchemaVersion = 12;

struct OpenOptions {
  // Where "now" comes from (ingest times, decisions' times); not owned, must
  // outlive the store. nullptr: DefaultClock().
  const Clock* clock = nullptr;
  bool create = false;  // create the store when missing (vox init); otherwise it must exist
  bool read_only = false;  // read commands and the server: never write, never migrate
                           // (a store older than this vox is refused: run `vox init`)
};

enum class Upsert { kAdded, kUpdated, kUnchanged };

class Store {
 public:
  virtual ~Store() = default;

  // Opens "PATH" (the embedded backend) or "postgresql://..." and brings the schema to
  // kSchemaVersion (refusing a store newer than this program).
  static Result<std::unique_ptr<Store>> Open(const std::string& uri, const OpenOptions& opts);

  virtual std::string Describe() const = 0;  // "<backend>:<where>", e.g. the file's path
  virtual int schema_version() const = 0;
  // The clock the store was opened with: stages that time-stamp what they
  // write ask it, so that tests can set the time.
  virtual const Clock& clock() const = 0;

  // Key/value settings kept in the store (retention window, key fingerprint...).
  virtual Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  virtual Status SetSetting(const std::string& key, const std::string& value) = 0;

  // Where a short link (bit.ly and the like) was found to lead, as
  // ingest/links.h resolved it: kept so that a link is asked once, and so
  // that rebuilding stories later joins what ingest joined. `url` is the
  // short link's canonical form; an empty target records a link that led
  // nowhere usable (asked again after a while). Written inside the current
  // transaction when there is one.
  struct LinkTarget {
    std::string target;
    int64_t resolved_at = 0;
  };
  virtual Result<std::optional<LinkTarget>> GetLinkTarget(const std::string& url) = 0;
  virtual Status PutLinkTarget(const std::string& url, const LinkTarget& t) = 0;
  // The text of a news page an article item links to (ingest/links.h,
  // LinkPages): its paragraphs, so that a quote of the article's body joins
  // the article's story although the feed gave only its lead. `url` is the
  // page's canonical link; an empty text records a fetch that failed.
  struct LinkPage {
    std::string text;
    int64_t fetched_at = 0;
  };
  virtual Result<std::optional<LinkPage>> GetLinkPage(const std::string& url) = 0;
  virtual Status PutLinkPage(const std::string& url, const LinkPage& p) = 0;

  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // Inserts or updates one item (inside the current transaction).
  // Inserts or updates one item (inside the current transaction). *rowid,
  // when given, receives the item's row id.
  virtual Result<Upsert> UpsertItem(const Item& item, int64_t* rowid = nullptr) = 0;

  // Visits items in published_at order (or newest first); stop by returning false.
  virtual Status ForEachItem(const ItemQuery& q, const std::function<bool(const StoredItem&)>& fn) = 0;

  virtual Result<Stats> GetStats() = 0;
  // A short token that changes whenever items are added, changed or purged
  // (by any process): answers computed from items can be cached under it.
  virtual Result<std::string> ContentVersion() = 0;

  // Deletes items published before `cutoff` with their revisions, pseudonyms
  // and index entries.
  virtual Result<PurgeCounts> Purge(int64_t cutoff) = 0;

  virtual Result<std::vector<SearchRow>> Search(const SearchRequest& req) = 0;

  // Fact-check library.
  virtual Result<Upsert> UpsertFactCheck(const FactCheck& fc) = 0;
  virtual Result<std::optional<FactCheck>> GetFactCheck(const std::string& id) = 0;
  virtual Status ForEachFactCheck(const std::function<bool(const FactCheck&)>& fn) = 0;

  // Matches. PutMatch replaces the machine's match for (item, fact-check)
  // unless staff already decided it. ClearMachineMatches drops an item's
  // suggested/auto matches (before re-matching it); decisions stay.
  virtual Status PutMatch(const Match& m) = 0;
  virtual Status ClearMachineMatches(int64_t item_rowid) = 0;
  // Records a staff decision. NotFound when the item is unknown.
  virtual Status DecideMatch(const std::string& item_source, const std::string& item_id,
                             const std::string& factcheck_id, MatchState state, double score) = 0;
  virtual Status ForEachMatch(const std::function<bool(const Match&)>& fn) = 0;
  // Classification results for an item: predicted categories ("cat:score"
  // strings) and place tags. Staff labels live on Item::labels.
  virtual Status SetItemAnnotations(int64_t item_rowid, const std::vector<std::string>& categories,
                                    const std::vector<std::string>& places) = 0;
  // Replaces an item's staff labels. NotFound when the item is unknown.
  virtual Status SetItemLabels(const std::string& source, const std::string& id,
                               const std::vector<std::string>& labels) = 0;

  // Looks an item up by (source, id); NotFound when absent.
  virtual Result<StoredItem> GetItem(const std::string& source, const std::string& id) = 0;

  // The hourly rollups (HourCountKind), rows with n > 0 in key order (by
  // hour first when q.by_hour). They agree with the items at every commit:
  // what a scan of the items in those hours would count.
  virtual Status ForEachHourCount(const HourCountQuery& q, const std::function<bool(const HourCount&)>& fn) = 0;

  // ---- Stories (src/stories/). All writes happen inside the caller's transaction.
  // Inserts a story with the given id (ids are allocated by the stories stage).
  virtual Status InsertStory(const Story& s) = 0;
  // Replaces a story's counters, representative and label (by id).
  virtual Status UpdateStory(const Story& s) = 0;
  // The stories stage's opaque state for a story (its representative's features).
  virtual Status PutStoryState(int64_t story_id, const std::string& state) = 0;
  virtual Status ForEachStory(const StoryQuery& q,
                              const std::function<bool(const Story&, const std::string& state)>& fn) = 0;
  // One story; with_counts also counts its voices and sources (a scan of
  // its items: the ingest path asks without).
  virtual Result<std::optional<Story>> GetStory(int64_t id, bool with_counts) = 0;
  // The highest story id ever given (ids are never reused, also after
  // ClearStories), 0 when none.
  virtual Result<int64_t> MaxStoryId() = 0;
  // Deletes one story with its state (its items must have left it).
  virtual Status DeleteStory(int64_t id) = 0;
  // Deletes every story and its state and sets every item's story to 0
  // (before `vox stories rebuild`); later ids continue after the old ones.
  virtual Status ClearStories() = 0;
  // The story of an item (0 when none), and setting it.
  virtual Result<int64_t> ItemStory(int64_t item_rowid) = 0;
  virtual Status SetItemStory(int64_t item_rowid, int64_t story_id) = 0;
};

// Retention: deletes what was published more than `window_seconds` before
// the store's clock's now (Store::Purge). *cutoff, when given, receives the
// time purged before.
Result<PurgeCounts> PurgeOlderThan(Store& store, int64_t window_seconds, int64_t* cutoff = nullptr);

// A transaction that is rolled back unless it is committed: every write
// path opens one with Transaction::Begin and commits it; leaving a scope
// early (an error) rolls back.
class Transaction {
 public:
  static Result<Transaction> Begin(Store& store);
  Transaction(Transaction&& other) noexcept : store_(other.store_) { other.store_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // Commits; when that fails, the transaction is rolled back before the
  // error is returned. Either way the guard is then done.
  Status Commit();
  Status Rollback();
  bool active() const { return store_ != nullptr; }

 private:
  explicit Transaction(Store* store) : store_(store) {}
  Store* store_;
};

// The file kept beside a store's own file: `uri`'s path + suffix
// ("vox.db" -> "vox.db.key"). InvalidArgument for a server database (no
// folder of its own: the caller asks for an explicit path) or an in-memory one.
Result<std::string> FileBeside(const std::string& uri, std::string_view suffix);

// `uri` as it may be shown (messages, `vox stats`): a server URI without its
// password (user:password@ and a password= parameter); a path unchanged.
std::string ShownUri(const std::string& uri);

}  // namespace vox::store
