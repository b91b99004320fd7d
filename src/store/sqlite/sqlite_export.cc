// The SQLite store as the source of a migration (migrate.h): its tables
// (without the FTS5 index, which the target builds its own way, and meta,
// whose settings are read apart), each read in row id order, or in primary
// key order for a table without row ids, one bounded page at a time.
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>

#include "store/migrate.h"
#include "store/sqlite/sqlite_export.h"
#include "store/sqlite/sqlite_store.h"

namespace vox::store {
namespace {

std::string Quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

class SqliteTableSource final : public TableSource {
 public:
  explicit SqliteTableSource(std::unique_ptr<Store> store)
      : store_(std::move(store)), db_(static_cast<SqliteStore*>(store_.get())->handle()) {}

  std::string Describe() const override { return store_->Describe(); }

  Result<std::vector<SourceTable>> Tables() override {
    std::vector<SourceTable> out;
    std::vector<std::pair<std::string, bool>> names;  // name, without rowid
    {
      auto s = Prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
                       " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'items\\_fts%' ESCAPE '\\'"
                       " AND name <> 'meta' ORDER BY name");
      if (!s.ok()) return s.status();
      int rc;
      while ((rc = sqlite3_step(*s)) == SQLITE_ROW) {
        names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(*s, 0)), sqlite3_column_int(*s, 1) != 0);
      }
      sqlite3_finalize(*s);
      if (rc != SQLITE_DONE) return Error("listing tables");
    }
    for (const auto& [name, without_rowid] : names) {
      SourceTable t;
      t.name = name;
      std::vector<std::pair<int, std::string>> pk;
      auto s = Prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid");
      if (!s.ok()) return s.status();
      sqlite3_bind_text(*s, 1, name.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(*s) == SQLITE_ROW) {
        std::string col = reinterpret_cast<const char*>(sqlite3_column_text(*s, 0));
        if (sqlite3_column_int(*s, 1) > 0) pk.emplace_back(sqlite3_column_int(*s, 1), col);
        t.columns.push_back(std::move(col));
      }
      sqlite3_finalize(*s);
      if (without_rowid) {
        std::sort(pk.begin(), pk.end());
        for (auto& [_, col] : pk) t.key.push_back(col);
      } else {
        t.key = {"rowid"};
      }
      auto c = Prepare("SELECT count(*) FROM " + Quote(name));
      if (!c.ok()) return c.status();
      if (sqlite3_step(*c) == SQLITE_ROW) t.rows = sqlite3_column_int64(*c, 0);
      sqlite3_finalize(*c);
      out.push_back(std::move(t));
    }
    return out;
  }

  Status Scan(const SourceTable& t, const std::vector<std::string>& columns, const TableRow& after, int64_t limit,
              const std::function<bool(TableRow&&)>& fn) override {
    std::string cols, key;
    for (const std::string& c : columns) cols += (cols.empty() ? "" : ", ") + Quote(c);
    for (const std::string& k : t.key) key += (key.empty() ? "" : ", ") + (k == "rowid" ? k : Quote(k));
    std::string sql = "SELECT " + cols + ", " + key + " FROM " + Quote(t.name);
    if (!after.empty()) {
      std::string params;
      for (size_t i = 0; i < after.size(); ++i) params += (i ? ", ?" : "?") + std::to_string(i + 1);
      sql += " WHERE (" + key + ") > (" + params + ")";
    }
    sql += " ORDER BY " + key + " LIMIT " + std::to_string(limit);
    auto s = Prepare(sql);
    if (!s.ok()) return s.status();
    for (size_t i = 0; i < after.size(); ++i) {
      const CellValue& v = after[i];
      const int at = static_cast<int>(i + 1);
      switch (v.type) {
        case CellValue::Type::kInteger: sqlite3_bind_int64(*s, at, std::stoll(v.data)); break;
        case CellValue::Type::kReal: sqlite3_bind_double(*s, at, std::stod(v.data)); break;
        case CellValue::Type::kBlob:
          sqlite3_bind_blob(*s, at, v.data.data(), static_cast<int>(v.data.size()), SQLITE_TRANSIENT);
          break;
        case CellValue::Type::kNull: sqlite3_bind_null(*s, at); break;
        default: sqlite3_bind_text(*s, at, v.data.data(), static_cast<int>(v.data.size()), SQLITE_TRANSIENT);
      }
    }
    const int n = sqlite3_column_count(*s);
    int rc;
    while ((rc = sqlite3_step(*s)) == SQLITE_ROW) {
      TableRow row(static_cast<size_t>(n));
      for (int i = 0; i < n; ++i) {
        CellValue& v = row[static_cast<size_t>(i)];
        switch (sqlite3_column_type(*s, i)) {
          case SQLITE_INTEGER:
            v.type = CellValue::Type::kInteger;
            v.data = std::to_string(sqlite3_column_int64(*s, i));
            break;
          case SQLITE_FLOAT: {
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(*s, i));
            v.type = CellValue::Type::kReal;
            v.data = buf;
            break;
          }
          case SQLITE_TEXT:
            v.type = CellValue::Type::kText;
            v.data.assign(reinterpret_cast<const char*>(sqlite3_column_text(*s, i)),
                          static_cast<size_t>(sqlite3_column_bytes(*s, i)));
            break;
          case SQLITE_BLOB:
            v.type = CellValue::Type::kBlob;
            v.data.assign(static_cast<const char*>(sqlite3_column_blob(*s, i)),
                          static_cast<size_t>(sqlite3_column_bytes(*s, i)));
            break;
          default: v.type = CellValue::Type::kNull;
        }
      }
      if (!fn(std::move(row))) {
        rc = SQLITE_DONE;
        break;
      }
    }
    sqlite3_finalize(*s);
    if (rc != SQLITE_DONE) return Error("reading " + t.name);
    return Status::Ok();
  }

  Result<std::vector<std::pair<std::string, std::string>>> Settings() override {
    std::vector<std::pair<std::string, std::string>> out;
    auto s = Prepare("SELECT key, value FROM meta WHERE key <> 'schema_version' ORDER BY key");
    if (!s.ok()) return s.status();
    int rc;
    while ((rc = sqlite3_step(*s)) == SQLITE_ROW) {
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(*s, 0)),
                       reinterpret_cast<const char*>(sqlite3_column_text(*s, 1)));
    }
    sqlite3_finalize(*s);
    if (rc != SQLITE_DONE) return Error("reading settings");
    return out;
  }

 private:
  Result<sqlite3_stmt*> Prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return Error("preparing " + sql);
    return s;
  }
  Status Error(const std::string& what) { return Status::IoError(what + ": " + sqlite3_errmsg(db_)); }

  std::unique_ptr<Store> store_;
  sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<TableSource>> OpenSqliteTableSource(const std::string& path) {
  OpenOptions o;
  o.read_only = true;
  auto st = SqliteStore::Open(path, o);
  if (!st.ok()) return st.status();
  return std::unique_ptr<TableSource>(new SqliteTableSource(std::move(*st)));
}

}  // namespace vox::store
