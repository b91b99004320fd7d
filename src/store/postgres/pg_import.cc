// The PostgreSQL store as the target of a migration (migrate.h). Rows go in
// with COPY (text format), one transaction per chunk together with the
// position the chunk reached (table migrate_progress, keyed by the source),
// so that an interrupted run resumes after its last committed chunk. Items
// get their search terms (tsvector and length) computed here from their
// title and text, as UpsertItem computes them; the index totals and the id
// sequences are rebuilt from the rows at the end.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "store/postgres/pg_conn.h"
#include "store/postgres/pg_import.h"
#include "store/postgres/pg_search.h"
#include "store/postgres/pg_store.h"

namespace vox::store {
namespace {

using pg::Params;

// One migration into a database at a time (a session lock: released when
// the connection closes, also when the process is killed).
constexpr int64_t kImportLock = 0x766f78696d706f72;

// Tables that are the target's own bookkeeping, never copied.
bool OwnTable(const std::string& t) {
  return t == "meta" || t == "index_totals" || t == "migrate_progress" || t == "item_partitions";
}

std::string Quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A value in COPY's text format.
void AppendCopyText(std::string_view v, std::string* out) {
  for (char c : v) {
    switch (c) {
      case '\\': *out += "\\\\"; break;
      case '\t': *out += "\\t"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      default: out->push_back(c);
    }
  }
}

void AppendCopyBytea(std::string_view v, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  *out += "\\\\x";
  for (unsigned char c : v) {
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
}

// A key position as stored in migrate_progress: type letter and data per
// value, separated by \x1f (keys are ids and short names).
std::string EncodePosition(const TableRow& key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i) out.push_back('\x1f');
    out.push_back("nirtb"[static_cast<int>(key[i].type)]);
    out += key[i].data;
  }
  return out;
}

TableRow DecodePosition(std::string_view s) {
  TableRow out;
  if (s.empty()) return out;
  size_t at = 0;
  while (true) {
    const size_t end = s.find('\x1f', at);
    std::string_view part = s.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    CellValue v;
    const std::string_view types = "nirtb";
    const size_t t = part.empty() ? 0 : types.find(part[0]);
    v.type = static_cast<CellValue::Type>(t == std::string_view::npos ? 0 : t);
    if (!part.empty()) v.data = std::string(part.substr(1));
    out.push_back(std::move(v));
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return out;
}

class PgTableSink final : public TableSink {
 public:
  explicit PgTableSink(std::unique_ptr<pg::Conn> conn) : conn_(std::move(conn)) {}

  std::string Describe() const override { return conn_->Where(); }

  Result<std::vector<std::string>> TablesInOrder() override {
    auto t = conn_->Run(
        "SELECT c.relname FROM pg_class c WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
        " AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname");
    if (!t.ok()) return t.status();
    auto fk = conn_->Run(
        "SELECT a.relname, b.relname FROM pg_constraint k JOIN pg_class a ON a.oid = k.conrelid"
        " JOIN pg_class b ON b.oid = k.confrelid WHERE k.contype = 'f' AND NOT a.relispartition"
        " AND k.connamespace = current_schema()::regnamespace");
    if (!fk.ok()) return fk.status();
    std::map<std::string, std::set<std::string>> needs;
    for (int i = 0; i < t->size(); ++i) {
      if (!OwnTable(t->str(i, 0))) needs[t->str(i, 0)];
    }
    for (int i = 0; i < fk->size(); ++i) {
      if (fk->str(i, 0) != fk->str(i, 1)) needs[fk->str(i, 0)].insert(fk->str(i, 1));
    }
    // Kahn's order, by name among the ready ones (a stable order for messages).
    std::vector<std::string> out;
    while (!needs.empty()) {
      auto ready = std::find_if(needs.begin(), needs.end(), [&](const auto& kv) {
        return std::all_of(kv.second.begin(), kv.second.end(), [&](const std::string& d) { return !needs.count(d); });
      });
      if (ready == needs.end()) return Status::Internal("the target's tables reference each other in a cycle");
      out.push_back(ready->first);
      needs.erase(ready);
    }
    return out;
  }

  Result<std::vector<std::string>> Columns(const std::string& table) override {
    auto r = conn_->Run(
        "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
        " WHERE attrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass"
        " AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
        Params().add(table));
    if (!r.ok()) return r.status();
    std::vector<std::string> out;
    for (int i = 0; i < r->size(); ++i) {
      out.push_back(r->str(i, 0));
      if (r->text(i, 1) == "bytea") bytea_.insert(table + "." + r->str(i, 0));
    }
    return out;
  }

  Result<bool> HoldsData(const std::string& source, bool* resumable) override {
    *resumable = false;
    auto mine = conn_->Run("SELECT count(*) FILTER (WHERE source = $1), count(*) FROM migrate_progress",
                           Params().add(source));
    if (!mine.ok()) return mine.status();
    if (mine->i64(0, 0) > 0) {
      *resumable = true;
      return false;
    }
    if (mine->i64(0, 1) > 0) return true;  // another source's run
    auto tables = TablesInOrder();
    if (!tables.ok()) return tables.status();
    for (const std::string& t : *tables) {
      auto r = conn_->RunText("SELECT EXISTS (SELECT 1 FROM " + Quote(t) + ")");
      if (!r.ok()) return r.status();
      if (r->text(0, 0) == "t") return true;
    }
    return false;
  }

  Status Clear() override {
    auto tables = TablesInOrder();
    if (!tables.ok()) return tables.status();
    std::string list;
    for (const std::string& t : *tables) list += (list.empty() ? "" : ", ") + Quote(t);
    VOX_RETURN_IF_ERROR(conn_->Exec("BEGIN"));
    Status st = [&]() -> Status {
      if (!list.empty()) VOX_RETURN_IF_ERROR(conn_->Exec("TRUNCATE " + list + " RESTART IDENTITY CASCADE"));
      VOX_RETURN_IF_ERROR(conn_->Exec(
          "DELETE FROM migrate_progress; DELETE FROM meta WHERE key <> 'schema_version';"
          "UPDATE index_totals SET rows = 0, positions = 0, changes = changes + 1"));
      return conn_->Exec("COMMIT");
    }();
    if (!st.ok()) conn_->Exec("ROLLBACK").PermitUncheckedError();
    return st;
  }

  Result<TableRow> Position(const std::string& source, const std::string& table) override {
    auto r = conn_->Run("SELECT position FROM migrate_progress WHERE source = $1 AND tbl = $2",
                        Params().add(source).add(table));
    if (!r.ok()) return r.status();
    if (!r->size()) return TableRow{};
    return DecodePosition(r->text(0, 0));
  }

  Status Write(const std::string& source, const std::string& table, const std::vector<std::string>& columns,
               const std::vector<TableRow>& rows, const TableRow& position) override {
    const bool items = table == "items";
    int title = -1, text = -1, published = -1;
    std::string cols;
    std::vector<bool> bytea;
    for (size_t i = 0; i < columns.size(); ++i) {
      cols += (cols.empty() ? "" : ", ") + Quote(columns[i]);
      bytea.push_back(bytea_.count(table + "." + columns[i]) > 0);
      if (columns[i] == "title") title = static_cast<int>(i);
      if (columns[i] == "text") text = static_cast<int>(i);
      if (columns[i] == "published_at") published = static_cast<int>(i);
    }
    if (items) {
      if (title < 0 || text < 0) return Status::InvalidArgument("items without title and text cannot be indexed");
      cols += ", terms, term_count";
    }
    std::string data;
    for (const TableRow& row : rows) {
      for (size_t i = 0; i < columns.size(); ++i) {
        if (i) data.push_back('\t');
        const CellValue& v = row[i];
        if (v.type == CellValue::Type::kNull) {
          data += "\\N";
        } else if (bytea[i]) {
          AppendCopyBytea(v.data, &data);
        } else {
          AppendCopyText(v.data, &data);
        }
      }
      if (items) {
        pg::IndexedText it = pg::IndexText(row[static_cast<size_t>(title)].data, row[static_cast<size_t>(text)].data);
        data.push_back('\t');
        AppendCopyText(it.tsvector, &data);
        data += "\t" + std::to_string(it.length);
      }
      data.push_back('\n');
    }
    VOX_RETURN_IF_ERROR(conn_->Exec("BEGIN"));
    Status st = [&]() -> Status {
      if (items && published >= 0) {
        // Items go to monthly partitions: the months of this chunk are made first.
        std::set<int64_t> days;
        for (const TableRow& row : rows) {
          const int64_t t = std::atoll(row[static_cast<size_t>(published)].data.c_str());
          days.insert(t - ((t % 86400) + 86400) % 86400);
        }
        for (int64_t d : days) {
          if (!days_.insert(d).second) continue;
          auto r = conn_->Run("SELECT vox_item_partition($1)", Params().add(d));
          if (!r.ok()) return r.status();
        }
      }
      VOX_RETURN_IF_ERROR(conn_->CopyIn("COPY " + Quote(table) + " (" + cols + ") FROM STDIN", data));
      auto r = conn_->Run(
          "INSERT INTO migrate_progress(source, tbl, position, rows) VALUES($1, $2, $3, $4)"
          " ON CONFLICT(source, tbl) DO UPDATE SET position = excluded.position,"
          " rows = migrate_progress.rows + excluded.rows",
          Params().add(source).add(table).add(EncodePosition(position)).add(static_cast<int64_t>(rows.size())));
      if (!r.ok()) return r.status();
      return conn_->Exec("COMMIT");
    }();
    if (!st.ok()) {
      conn_->Exec("ROLLBACK").PermitUncheckedError();
      days_.clear();
    }
    return st;
  }

  Status PutSettings(const std::vector<std::pair<std::string, std::string>>& settings) override {
    for (const auto& [k, v] : settings) {
      auto r = conn_->Run(
          "INSERT INTO meta(key, value) VALUES($1, $2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
          Params().add(k).add(v));
      if (!r.ok()) return r.status();
    }
    return Status::Ok();
  }

  Status Finish() override {
    // Identity columns continue after the highest id copied.
    auto ids = conn_->Run(
        "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
        " WHERE a.attidentity <> '' AND c.relnamespace = current_schema()::regnamespace");
    if (!ids.ok()) return ids.status();
    for (int i = 0; i < ids->size(); ++i) {
      const std::string t = Quote(ids->str(i, 0)), c = Quote(ids->str(i, 1));
      auto r = conn_->RunText("SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(" + c + "), 0) + 1, false) FROM " + t,
                              Params().add(t).add(ids->str(i, 1)));
      if (!r.ok()) return r.status();
    }
    VOX_RETURN_IF_ERROR(conn_->Exec(
        "UPDATE index_totals SET rows = (SELECT count(*) FROM items),"
        " positions = (SELECT coalesce(sum(term_count), 0) FROM items), changes = changes + 1 WHERE id = 1"));
    return conn_->Exec("ANALYZE");
  }

  Result<int64_t> Count(const std::string& table) override {
    auto r = conn_->RunText("SELECT count(*) FROM " + Quote(table));
    if (!r.ok()) return r.status();
    return r->i64(0, 0);
  }

 private:
  std::unique_ptr<pg::Conn> conn_;
  std::set<std::string> bytea_;  // "table.column" of bytea columns
  std::set<int64_t> days_;  // days of items whose month's partition was made
};

}  // namespace

Result<std::unique_ptr<TableSink>> OpenPgTableSink(const std::string& uri) {
  auto conn = pg::Conn::Connect(uri);
  if (!conn.ok()) return conn.status();
  int found = 0;
  VOX_RETURN_IF_ERROR(PgStore::Migrate(**conn, /*create=*/true, &found));
  auto lock = (*conn)->Run("SELECT pg_try_advisory_lock($1)", Params().add(kImportLock));
  if (!lock.ok()) return lock.status();
  if (lock->text(0, 0) != "t") {
    return Status::Conflict("another vox migrate is writing into " + (*conn)->Where());
  }
  VOX_RETURN_IF_ERROR((*conn)->Exec(
      "CREATE TABLE IF NOT EXISTS migrate_progress(source TEXT NOT NULL, tbl TEXT NOT NULL,"
      " position TEXT NOT NULL, rows BIGINT NOT NULL, PRIMARY KEY (source, tbl))"));
  return std::unique_ptr<TableSink>(new PgTableSink(std::move(*conn)));
}

}  // namespace vox::store
