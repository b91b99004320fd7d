// PostgreSQL backend of the Store (store.h): one database (or one schema of
// it: the URI's search_path), a versioned schema (meta.schema_version)
// migrated forward on open under an advisory lock, and the search index as
// a GIN-indexed tsvector of the same terms as the SQLite index, written in
// the same transaction as the items (pg_search.h). Write transactions take
// turns under an advisory lock, as SQLite's do; reads never wait.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include "store/postgres/pg_conn.h"
#include "store/store.h"

namespace vox::store {

class PgStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& uri, const OpenOptions& opts);

  std::string Describe() const override { return conn_->Where(); }
  int schema_version() const override { return schema_version_; }
  const Clock& clock() const override { return *clock_; }
  Result<std::optional<std::string>> GetSetting(const std::string& key) override;
  Status SetSetting(const std::string& key, const std::string& value) override;
  Result<std::optional<LinkTarget>> GetLinkTarget(const std::string& url) override;
  Status PutLinkTarget(const std::string& url, const LinkTarget& t) override;
  Result<std::optional<LinkPage>> GetLinkPage(const std::string& url) override;
  Status PutLinkPage(const std::string& url, const LinkPage& p) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Result<Upsert> UpsertItem(const Item& item, int64_t* rowid = nullptr) override;
  Status ForEachItem(const ItemQuery& q, const std::function<bool(const StoredItem&)>& fn) override;
  Result<Stats> GetStats() override;
  Result<std::string> ContentVersion() override;
  Result<PurgeCounts> Purge(int64_t cutoff) override;
  Result<std::vector<SearchRow>> Search(const SearchRequest& req) override;
  Result<Upsert> UpsertFactCheck(const FactCheck& fc) override;
  Result<std::optional<FactCheck>> GetFactCheck(const std::string& id) override;
  Status ForEachFactCheck(const std::function<bool(const FactCheck&)>& fn) override;
  Status PutMatch(const Match& m) override;
  Status ClearMachineMatches(int64_t item_rowid) override;
  Status DecideMatch(const std::string& item_source, const std::string& item_id, const std::string& factcheck_id,
                     MatchState state, double score) override;
  Status ForEachMatch(const std::function<bool(const Match&)>& fn) override;
  Status SetItemAnnotations(int64_t item_rowid, const std::vector<std::string>& categories,
                            const std::vector<std::string>& places) override;
  Status SetItemLabels(const std::string& source, const std::string& id,
                       const std::vector<std::string>& labels) override;
  Result<StoredItem> GetItem(const std::string& source, const std::string& id) override;
  Status InsertStory(const Story& s) override;
  Status UpdateStory(const Story& s) override;
  Status PutStoryState(int64_t story_id, const std::string& state) override;
  Status ForEachStory(const StoryQuery& q,
                      const std::function<bool(const Story&, const std::string& state)>& fn) override;
  Result<std::optional<Story>> GetStory(int64_t id, bool with_counts) override;
  Result<int64_t> MaxStoryId() override;
  Status DeleteStory(int64_t id) override;
  Status ClearStories() override;
  Result<int64_t> ItemStory(int64_t item_rowid) override;
  Status SetItemStory(int64_t item_rowid, int64_t story_id) override;
  // Counted from the items at each call (no rollup table on PostgreSQL yet).
  Status ForEachHourCount(const HourCountQuery& q, const std::function<bool(const HourCount&)>& fn) override;

  // Brings the database at `conn` to kSchemaVersion (creating it when
  // `create`), under an advisory lock; *version receives the version found.
  // Shared with PgDeskStore's checks.
  // `target` below kSchemaVersion stops earlier (tests of a migration step).
  static Status Migrate(pg::Conn& conn, bool create, int* version, int target = kSchemaVersion);
  // The schema version stored at `conn` (0 when there is no store).
  static Result<int> StoredVersion(pg::Conn& conn, bool* exists);

 private:
  PgStore() = default;
  Result<int64_t> SourceId(const std::string& name);
  // Replaces an item's tags of the given kinds (one list per kind), in one
  // statement (and one delete unless the row is fresh).
  Status ReplaceTags(int64_t item_rowid, const std::vector<std::pair<int, const std::vector<std::string>*>>& lists);
  Result<std::vector<SearchRow>> SearchWithin(const SearchRequest& req);
  Result<double> PhraseIdf(const std::string& tsquery, int64_t rows, int64_t max_rowid);
  // Index totals (rows, positions) changed by this transaction, written at
  // commit (or at once outside a transaction).
  Status FlushTotals();
  // Makes the partition of items for the month of `published_at` when it
  // does not exist yet (asked once per month per transaction).
  Status EnsurePartition(int64_t published_at);

  // The session's statement_timeout: Search sets its deadline and leaves it
  // (consecutive searches need no round trip for it); what may run long
  // (transactions, purge, stats) clears it first.
  Status SetTimeout(int64_t ms);

  std::unique_ptr<pg::Conn> conn_;
  int64_t timeout_ms_ = 0;
  int schema_version_ = 0;
  const Clock* clock_ = nullptr;
  bool in_txn_ = false;
  int64_t delta_rows_ = 0, delta_positions_ = 0;
  bool items_changed_ = false;
  // The row UpsertItem inserted last (0: none since), the tag kinds (bits)
  // written for it since, and whether its story was set: a fresh row needs
  // no delete of its tags and has no story to read (round trips saved).
  int64_t fresh_rowid_ = 0;
  unsigned fresh_kinds_ = 0;
  bool fresh_story_set_ = false;
  // Inside a write transaction (under the writer lock, see Begin) the
  // highest story id is remembered until the transaction ends (-1: not read).
  int64_t story_max_ = -1;
  std::unordered_map<std::string, int64_t> source_ids_;
  // Months (their first second) whose partition this transaction has made
  // sure of; they stay while it lasts (purges run under the writer lock too).
  std::set<int64_t> partitions_;
  struct CachedIdf {
    double idf;
    int64_t rows;
  };
  std::unordered_map<std::string, CachedIdf> idf_cache_;
};

}  // namespace vox::store
