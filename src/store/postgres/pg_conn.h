// A PostgreSQL connection through libpq, as the PostgreSQL stores use it:
// the URI goes to libpq unchanged (TLS, password, .pgpass, peer
// authentication are libpq's), statements are prepared once per connection
// (keyed by their SQL text's address, as SqliteStore does) and run with
// text parameters. Errors come back as Status: a unique violation is
// kConflict, a statement cancelled by its timeout kLimitExceeded, the rest
// kIoError with the server's message.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace vox::store::pg {

// One statement's result (owned; empty when the statement returned no rows).
class Rows {
 public:
  Rows() = default;
  explicit Rows(PGresult* r) : r_(r, &PQclear) {}
  int size() const { return r_ ? PQntuples(r_.get()) : 0; }
  bool null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string_view text(int row, int col) const {
    return {PQgetvalue(r_.get(), row, col), static_cast<size_t>(PQgetlength(r_.get(), row, col))};
  }
  std::string str(int row, int col) const { return std::string(text(row, col)); }
  int64_t i64(int row, int col) const;   // 0 when NULL
  double f64(int row, int col) const;    // 0 when NULL
  std::string bytes(int row, int col) const;  // a bytea column
  // Rows changed by an INSERT/UPDATE/DELETE.
  int64_t affected() const;

 private:
  std::shared_ptr<PGresult> r_;
};

// Parameters of one statement, kept alive until it has run.
class Params {
 public:
  Params& add(std::string_view v);
  Params& add(const char* v) { return add(std::string_view(v)); }
  Params& add(const std::string& v) { return add(std::string_view(v)); }
  Params& add(int64_t v);
  Params& add(int v) { return add(static_cast<int64_t>(v)); }
  Params& add(double v);
  Params& add(bool v) { return add(static_cast<int64_t>(v ? 1 : 0)); }
  Params& add_null();
  Params& add_bytes(std::string_view v);  // a bytea parameter (sent binary)
  template <class T>
  Params& add(const std::optional<T>& v) {
    return v ? add(*v) : add_null();
  }

  int count() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return ptrs_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }
  void Seal();

 private:
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
  std::vector<const char*> ptrs_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

class Conn {
 public:
  // Connects to `uri` (postgresql://...), with `application_name` vox.
  static Result<std::unique_ptr<Conn>> Connect(const std::string& uri);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // One or more statements without parameters.
  Status Exec(const std::string& sql);
  // One statement with parameters ($1...), prepared on first use. `sql`
  // must have static storage (a literal): it is the cache key.
  Result<Rows> Run(const char* sql, Params params = {});
  // The same, for SQL built at run time (not prepared).
  Result<Rows> RunText(const std::string& sql, Params params = {});

  // `COPY ... FROM STDIN` (text format) with `data` as its whole input.
  Status CopyIn(const std::string& sql, std::string_view data);

  std::string Where() const;  // "host/db" for messages, never the password
  bool in_transaction() const { return PQtransactionStatus(pg_) != PQTRANS_IDLE; }

 private:
  Conn() = default;
  Result<Rows> Check(PGresult* r, std::string_view what);
  PGconn* pg_ = nullptr;
  std::unordered_map<const char*, std::string> prepared_;  // SQL text -> statement name
};

}  // namespace vox::store::pg
