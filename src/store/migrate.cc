#include "store/migrate.h"

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "store/postgres/pg_import.h"
#include "store/sqlite/sqlite_export.h"
#include "store/uri_internal.h"

namespace vox::store {

Result<std::unique_ptr<TableSource>> OpenTableSource(const std::string& uri) {
  if (internal::IsServerUri(uri)) {
    return Status::Unsupported("migrating from PostgreSQL is not supported: the source must be a SQLite store");
  }
  std::error_code ec;
  const std::string path = std::filesystem::absolute(internal::FilePath(uri), ec).string();
  return OpenSqliteTableSource(ec ? internal::FilePath(uri) : path);
}

Result<std::unique_ptr<TableSink>> OpenTableSink(const std::string& uri) {
  if (!internal::IsServerUri(uri)) {
    return Status::Unsupported("migrating into a SQLite store is not supported: the target must be postgresql://…");
  }
  return OpenPgTableSink(uri);
}

Result<MigrateReport> MigrateStore(TableSource& from, TableSink& to, const MigrateOptions& opts) {
  MigrateReport report;
  const std::string source = from.Describe();
  auto tables = from.Tables();
  if (!tables.ok()) return tables.status();
  auto order = to.TablesInOrder();
  if (!order.ok()) return order.status();
  // Counts the SQLite store keeps from its own items (the hourly rollups,
  // docs/store.md): PostgreSQL computes them when read, so they are not
  // copied (the items they count are).
  static constexpr std::string_view kDerived[] = {"item_counts"};
  tables->erase(std::remove_if(tables->begin(), tables->end(),
                               [&](const SourceTable& t) {
                                 return std::find(std::begin(kDerived), std::end(kDerived), t.name) !=
                                            std::end(kDerived) &&
                                        std::find(order->begin(), order->end(), t.name) == order->end();
                               }),
                tables->end());
  for (const SourceTable& t : *tables) {
    if (std::find(order->begin(), order->end(), t.name) == order->end()) report.skipped.push_back(t.name);
  }
  if (!report.skipped.empty()) {
    std::string names;
    for (const std::string& n : report.skipped) names += (names.empty() ? "" : ", ") + n;
    return Status::Unsupported("the target has no table for " + names + " of " + source +
                               ": are both at the same schema version?");
  }
  bool resumable = false;
  auto holds = to.HoldsData(source, &resumable);
  if (!holds.ok()) return holds.status();
  if (*holds || (resumable && opts.replace)) {
    if (!opts.replace) {
      return Status::Conflict(to.Describe() + " already holds data: give --replace to empty it and copy " + source +
                              " into it");
    }
    VOX_RETURN_IF_ERROR(to.Clear());
    resumable = false;
  }
  report.resumed = resumable;
  const int64_t chunk = std::max<int64_t>(1, opts.chunk_rows);
  for (const std::string& name : *order) {
    auto t = std::find_if(tables->begin(), tables->end(), [&](const SourceTable& s) { return s.name == name; });
    if (t == tables->end()) continue;  // the target's alone (none at the same schema version)
    auto target_cols = to.Columns(name);
    if (!target_cols.ok()) return target_cols.status();
    for (const std::string& c : t->columns) {
      if (std::find(target_cols->begin(), target_cols->end(), c) == target_cols->end()) {
        return Status::Unsupported("column " + name + "." + c + " of " + source + " has no place in the target");
      }
    }
    auto position = to.Position(source, name);
    if (!position.ok()) return position.status();
    TableReport tr;
    tr.table = name;
    tr.source_rows = t->rows;
    std::vector<TableRow> rows;
    TableRow after = std::move(*position);
    while (true) {
      rows.clear();
      int64_t bytes = 0;
      bool full = false;
      VOX_RETURN_IF_ERROR(from.Scan(*t, t->columns, after, chunk, [&](TableRow&& r) {
        for (const CellValue& v : r) bytes += static_cast<int64_t>(v.data.size()) + 8;
        rows.push_back(std::move(r));
        full = bytes >= opts.chunk_bytes;
        return !full;
      }));
      if (rows.empty()) break;
      after.assign(rows.back().begin() + static_cast<ptrdiff_t>(t->columns.size()), rows.back().end());
      for (TableRow& r : rows) r.resize(t->columns.size());
      VOX_RETURN_IF_ERROR(to.Write(source, name, t->columns, rows, after));
      tr.copied += static_cast<int64_t>(rows.size());
      if (opts.progress) opts.progress(name, tr.copied, t->rows);
      if (!full && static_cast<int64_t>(rows.size()) < chunk) break;
    }
    report.tables.push_back(std::move(tr));
  }
  auto settings = from.Settings();
  if (!settings.ok()) return settings.status();
  VOX_RETURN_IF_ERROR(to.PutSettings(*settings));
  report.settings = static_cast<int64_t>(settings->size());
  VOX_RETURN_IF_ERROR(to.Finish());
  for (TableReport& tr : report.tables) {
    auto n = to.Count(tr.table);
    if (!n.ok()) return n.status();
    tr.target_rows = *n;
    if (tr.target_rows != tr.source_rows) {
      return Status::Corruption("table " + tr.table + ": " + std::to_string(tr.source_rows) + " rows in " + source +
                                ", " + std::to_string(tr.target_rows) + " in " + to.Describe() +
                                " (was either written to since the copy began?)");
    }
  }
  return report;
}

}  // namespace vox::store
