#pragma once

#include <sqlite3.h>

#include <map>
#include <string>
#include <unordered_map>

#include "store/store.h"

namespace vox::store {

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& path, const OpenOptions& opts);
  ~SqliteStore() override;

  std::string Describe() const override { return "sqlite:" + path_; }
  int schema_version() const override { return schema_version_; }
  Result<std::optional<std::string>> GetSetting(const std::string& key) override;
  Status SetSetting(const std::string& key, const std::string& value) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Result<Upsert> UpsertItem(const Item& item) override;
  Status ForEachItem(const ItemQuery& q, const std::function<bool(const StoredItem&)>& fn) override;
  Result<Stats> GetStats() override;
  Result<PurgeCounts> Purge(int64_t cutoff) override;
  Result<std::vector<SearchRow>> Search(const SearchRequest& req) override;

  sqlite3* handle() { return db_; }

 private:
  SqliteStore() = default;
  Status Migrate();
  Status Exec(const std::string& sql);
  Status Error(const std::string& what) const;
  // Cached prepared statements keyed by their SQL text (string literals).
  sqlite3_stmt* Prepare(const char* sql);
  Result<int64_t> SourceId(const std::string& name);

  sqlite3* db_ = nullptr;
  std::string path_;
  int schema_version_ = 0;
  std::map<std::string, sqlite3_stmt*> cache_;
  std::unordered_map<std::string, int64_t> source_ids_;
};

}  // namespace vox::store
