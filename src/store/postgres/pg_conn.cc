#include "store/postgres/pg_conn.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>

namespace vox::store::pg {

int64_t Rows::i64(int row, int col) const {
  if (null(row, col)) return 0;
  return std::strtoll(PQgetvalue(r_.get(), row, col), nullptr, 10);
}

double Rows::f64(int row, int col) const {
  if (null(row, col)) return 0;
  return std::strtod(PQgetvalue(r_.get(), row, col), nullptr);
}

std::string Rows::bytes(int row, int col) const {
  if (null(row, col)) return {};
  size_t n = 0;
  unsigned char* raw =
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_.get(), row, col)), &n);
  if (raw == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(raw), n);
  PQfreemem(raw);
  return out;
}

int64_t Rows::affected() const {
  const char* n = r_ ? PQcmdTuples(r_.get()) : "";
  return *n ? std::strtoll(n, nullptr, 10) : 0;
}

Params& Params::add(std::string_view v) {
  values_.emplace_back(v);
  nulls_.push_back(false);
  formats_.push_back(0);
  return *this;
}

Params& Params::add(int64_t v) { return add(std::to_string(v)); }

Params& Params::add(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return add(std::string_view(buf));
}

Params& Params::add_null() {
  values_.emplace_back();
  nulls_.push_back(true);
  formats_.push_back(0);
  return *this;
}

Params& Params::add_bytes(std::string_view v) {
  values_.emplace_back(v);
  nulls_.push_back(false);
  formats_.push_back(1);
  return *this;
}

void Params::Seal() {
  ptrs_.clear();
  lengths_.clear();
  for (size_t i = 0; i < values_.size(); ++i) {
    ptrs_.push_back(nulls_[i] ? nullptr : values_[i].c_str());
    lengths_.push_back(static_cast<int>(values_[i].size()));
  }
}

Result<std::unique_ptr<Conn>> Conn::Connect(const std::string& uri) {
  auto c = std::unique_ptr<Conn>(new Conn());
  // The URI is libpq's to read (host, port, sslmode, passfile...); only the
  // application name is added when the URI does not set one.
  const char* keys[] = {"dbname", "fallback_application_name", nullptr};
  const char* vals[] = {uri.c_str(), "vox", nullptr};
  c->pg_ = PQconnectdbParams(keys, vals, /*expand_dbname=*/1);
  if (c->pg_ == nullptr) return Status::IoError("PostgreSQL: out of memory connecting");
  if (PQstatus(c->pg_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c->pg_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return Status::IoError("cannot connect to PostgreSQL: " + msg);
  }
  // Notices (e.g. "schema already exists, skipping") are not for the terminal.
  PQsetNoticeProcessor(c->pg_, [](void*, const char*) {}, nullptr);
  return c;
}

Conn::~Conn() {
  if (pg_ != nullptr) PQfinish(pg_);
}

std::string Conn::Where() const {
  const char* host = PQhost(pg_);
  const char* db = PQdb(pg_);
  return std::string("postgresql:") + (host ? host : "") + "/" + (db ? db : "");
}

Result<Rows> Conn::Check(PGresult* r, std::string_view what) {
  const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return Rows(r);
  std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(pg_);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state ? state : "";
  if (r) PQclear(r);
  std::string text = "PostgreSQL: " + msg;
  if (!what.empty()) text = std::string(what) + ": " + msg;
  if (code == "23505") return Status::Conflict(text);
  if (code == "57014") return Status::LimitExceeded(text);
  if (code == "25006") return Status::Unsupported(text);  // read-only transaction
  return Status::IoError(text + " (" + Where() + ")");
}

Status Conn::Exec(const std::string& sql) {
  auto r = Check(PQexec(pg_, sql.c_str()), "");
  return r.ok() ? Status::Ok() : r.status();
}

Result<Rows> Conn::Run(const char* sql, Params params) {
  params.Seal();
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size());
    auto prep = Check(PQprepare(pg_, name.c_str(), sql, 0, nullptr), "");
    if (!prep.ok()) return prep.status();
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  return Check(PQexecPrepared(pg_, it->second.c_str(), params.count(), params.values(), params.lengths(),
                              params.formats(), 0),
               "");
}

Status Conn::CopyIn(const std::string& sql, std::string_view data) {
  PGresult* r = PQexec(pg_, sql.c_str());
  if (r == nullptr || PQresultStatus(r) != PGRES_COPY_IN) {
    auto checked = Check(r, "COPY");
    return checked.ok() ? Status::IoError("COPY did not start (" + Where() + ")") : checked.status();
  }
  PQclear(r);
  constexpr size_t kPiece = 1 << 20;
  for (size_t at = 0; at < data.size(); at += kPiece) {
    const size_t n = std::min(kPiece, data.size() - at);
    if (PQputCopyData(pg_, data.data() + at, static_cast<int>(n)) != 1) {
      PQputCopyEnd(pg_, "send failed");
      break;
    }
  }
  if (PQputCopyEnd(pg_, nullptr) != 1) return Status::IoError("COPY: " + std::string(PQerrorMessage(pg_)));
  Status st = Status::Ok();
  while (PGresult* done = PQgetResult(pg_)) {
    auto checked = Check(done, "COPY");
    if (!checked.ok() && st.ok()) st = checked.status();
  }
  return st;
}

Result<Rows> Conn::RunText(const std::string& sql, Params params) {
  params.Seal();
  return Check(PQexecParams(pg_, sql.c_str(), params.count(), nullptr, params.values(), params.lengths(),
                            params.formats(), 0),
               "");
}

}  // namespace vox::store::pg
