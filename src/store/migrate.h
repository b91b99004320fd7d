// Moving a whole store from one backend to another (`vox migrate`): every
// table the source has (items, revisions, tags, stories, fact-checks,
// matches, settings, users, sessions, cases, the audit chain, the outbox...),
// row for row with the same ids, so that every reference between tables,
// every story id and every audit hash stays what it was.
//
// Contract:
//  - the source is read, never written; the target is created (or brought
//    to kSchemaVersion) first, and both must be at kSchemaVersion;
//  - a target that already holds data is refused unless `replace` (which
//    empties the target's tables first) or unless the data is an earlier
//    run of the same migration (then it resumes);
//  - rows go in chunks of at most `chunk_rows` rows and about `chunk_bytes`
//    bytes (a chunk ends after the row that reaches it), each committed with the
//    position it reached: memory stays bounded by a chunk whatever the size
//    of the store, and a run that is interrupted (killed, a lost connection)
//    resumes where its last chunk committed; running it again after it
//    finished copies nothing and verifies again;
//  - at the end the target's own bookkeeping is rebuilt (id sequences, the
//    search index's totals) and the rows of every table are counted on both
//    sides: a difference fails the migration.
// Only a SQLite source and a PostgreSQL target are supported in this version.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace vox::store {

// One value of a row as the source holds it.
struct CellValue {
  enum class Type { kNull, kInteger, kReal, kText, kBlob };
  Type type = Type::kNull;
  std::string data;  // decimal text for numbers (reals with 17 digits), bytes otherwise
};
using TableRow = std::vector<CellValue>;

// A table of the source: its columns, and the columns that order it (the
// row id, or the primary key of a table without one).
struct SourceTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::string> key;  // a prefix-free subset of `columns`, or {"rowid"}
  int64_t rows = 0;
};

// Reads a store's tables for a migration (store/<backend>/).
class TableSource {
 public:
  virtual ~TableSource() = default;
  virtual std::string Describe() const = 0;
  // The store's own tables (no search index internals, no meta), in no order.
  virtual Result<std::vector<SourceTable>> Tables() = 0;
  // The rows of `t` after `after` (a key as previously returned; empty:
  // from the start), in key order, at most `limit`: `columns` then the key
  // values in each row; fn returns false to stop early.
  virtual Status Scan(const SourceTable& t, const std::vector<std::string>& columns, const TableRow& after,
                      int64_t limit, const std::function<bool(TableRow&&)>& fn) = 0;
  // The store's settings (meta without the schema version).
  virtual Result<std::vector<std::pair<std::string, std::string>>> Settings() = 0;
};

// Writes a store's tables for a migration (store/<backend>/).
class TableSink {
 public:
  virtual ~TableSink() = default;
  virtual std::string Describe() const = 0;
  // The tables the target has, in an order where every table comes after
  // the tables it references.
  virtual Result<std::vector<std::string>> TablesInOrder() = 0;
  virtual Result<std::vector<std::string>> Columns(const std::string& table) = 0;
  // Rows in the target's tables other than what a migration run wrote
  // (true: the target holds data of its own) and whether a run from
  // `source` started here.
  virtual Result<bool> HoldsData(const std::string& source, bool* resumable) = 0;
  // Empties every table (and forgets earlier runs).
  virtual Status Clear() = 0;
  // Where the run from `source` reached in `table` (empty: not started).
  virtual Result<TableRow> Position(const std::string& source, const std::string& table) = 0;
  // Writes `rows` (values for `columns`) and the new position in one transaction.
  virtual Status Write(const std::string& source, const std::string& table, const std::vector<std::string>& columns,
                       const std::vector<TableRow>& rows, const TableRow& position) = 0;
  virtual Status PutSettings(const std::vector<std::pair<std::string, std::string>>& settings) = 0;
  // Rebuilds what the target derives from the rows (id sequences, index totals).
  virtual Status Finish() = 0;
  virtual Result<int64_t> Count(const std::string& table) = 0;
};

struct MigrateOptions {
  bool replace = false;       // empty a target that holds data, then copy
  int64_t chunk_rows = 2000;  // rows per committed chunk, at most
  int64_t chunk_bytes = 32 << 20;  // bytes of values per chunk, about (long texts)
  // Progress: (table, rows copied so far, rows in the source table), called
  // after every chunk and once when a table is done. May be empty.
  std::function<void(const std::string&, int64_t, int64_t)> progress;
};

struct TableReport {
  std::string table;
  int64_t source_rows = 0;
  int64_t target_rows = 0;
  int64_t copied = 0;  // by this run (0 when an earlier run had copied it all)
};

struct MigrateReport {
  std::vector<TableReport> tables;
  std::vector<std::string> skipped;  // source tables the target has no place for
  bool resumed = false;
  int64_t settings = 0;
};

// Opens a source/target by URI ("sqlite:PATH" or a path; "postgresql://...").
Result<std::unique_ptr<TableSource>> OpenTableSource(const std::string& uri);
Result<std::unique_ptr<TableSink>> OpenTableSink(const std::string& uri);

// Copies every table of `from` into `to` (see the contract above). A count
// that differs at the end is a kCorruption error naming the table.
Result<MigrateReport> MigrateStore(TableSource& from, TableSink& to, const MigrateOptions& opts);

}  // namespace vox::store
