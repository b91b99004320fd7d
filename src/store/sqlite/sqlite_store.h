#pragma once

#include <sqlite3.h>

#include <map>
#include <string>
#include <unordered_map>

#include "store/sqlite/fts_rank.h"
#include "store/store.h"

namespace vox::store {

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& path, const OpenOptions& opts);
  ~SqliteStore() override;

  std::string Describe() const override { return "sqlite:" + path_; }
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
  Status ForEachHourCount(const HourCountQuery& q, const std::function<bool(const HourCount&)>& fn) override;

  sqlite3* handle() { return db_; }
  // The SQL that brings a store from `version` to version + 1 (for tests).
  static const char* MigrationSql(int version);

 private:
  SqliteStore() = default;
  Status Migrate();
  Status MigrateSteps();
  Status Exec(const std::string& sql);
  Status Error(const std::string& what) const;
  // Cached prepared statements keyed by their SQL text (string literals).
  sqlite3_stmt* Prepare(const char* sql);
  Result<int64_t> SourceId(const std::string& name);
  // Adds (or with remove=true, takes out) one item's terms in the search index.
  // Replaces an item's tags of one kind (item_tags) with `values`, in order.
  Status ReplaceTags(int64_t item_rowid, int kind, const std::vector<std::string>& values);
  Status IndexItem(int64_t rowid, const std::string& title, const std::string& text, bool remove);
  // BM25 inverse document frequency of one MATCH phrase (estimated, cached).
  Result<std::vector<SearchRow>> SearchWithin(const SearchRequest& req);
  // What changes when items are added, changed or purged (ContentVersion,
  // and the search caches' invalidation).
  struct ChangeMarks {
    int64_t min_rowid = 0, max_rowid = 0, revision = 0, purges = 0;
  };
  Status ReadChangeMarks(ChangeMarks* m);
  Result<double> PhraseIdf(const std::string& expr, int64_t rows, int64_t max_rowid);

  // The hourly rollups (item_counts). What an item adds to them:
  struct CountFacts {
    int64_t hour = 0;
    std::string source;
    int64_t story = 0;
    std::vector<std::pair<std::string, double>> categories;  // name, score
    std::vector<std::string> labels;
  };
  // Before an existing item changes (not one inserted in this transaction):
  // remember what it added, once per transaction.
  Status NoteChange(int64_t item_rowid);
  Result<std::optional<CountFacts>> ReadFacts(int64_t item_rowid);
  // Writes what the transaction's changes add to and take from item_counts
  // (at Commit, or at once outside a transaction) and forgets them.
  Status FlushCounts();
  Status FlushIfAutocommit();

  sqlite3* db_ = nullptr;
  std::string path_;
  int schema_version_ = 0;
  const Clock* clock_ = nullptr;
  // The row UpsertItem inserted last (0: none since), and the tag kinds
  // (bits) written for it since: ReplaceTags needs no delete for the others.
  int64_t fresh_rowid_ = 0;
  unsigned fresh_kinds_ = 0;
  // Items inserted in the open transaction, with their facts as they are
  // now; existing items changed in it, with their facts before the change.
  std::unordered_map<int64_t, CountFacts> fresh_facts_;
  std::unordered_map<int64_t, std::optional<CountFacts>> facts_before_;
  // Keyed by the SQL text's address: callers pass string literals (or
  // strings with static storage), so the same statement is the same pointer.
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
  std::unordered_map<std::string, int64_t> source_ids_;
  struct CachedIdf {
    double idf;
    int64_t rows;  // store size when estimated
  };
  std::unordered_map<std::string, CachedIdf> idf_cache_;
  // Row lengths for voxrank; what other connections rewrote is forgotten by
  // Search (through the revision log and the highest rowid).
  DocLengths doc_lengths_;
  int64_t seen_revision_ = -1;
  int64_t seen_max_rowid_ = -1;
  int64_t seen_purges_ = 0;
};

}  // namespace vox::store
