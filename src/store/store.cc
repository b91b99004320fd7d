#include "store/store.h"

#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/uri_internal.h"

namespace vox::store {

namespace internal {

bool IsServerUri(const std::string& uri) {
  return uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0;
}

std::string FilePath(const std::string& uri) { return uri.rfind("sqlite:", 0) == 0 ? uri.substr(7) : uri; }

}  // namespace internal

using internal::FilePath;
using internal::IsServerUri;

Result<Transaction> Transaction::Begin(Store& store) {
  VOX_RETURN_IF_ERROR(store.Begin());
  return Transaction(&store);
}

Transaction::~Transaction() {
  if (store_ != nullptr) store_->Rollback().PermitUncheckedError();
}

Status Transaction::Commit() {
  Store* s = store_;
  store_ = nullptr;
  if (s == nullptr) return Status::Internal("commit of a transaction that is not open");
  Status c = s->Commit();
  if (!c.ok()) s->Rollback().PermitUncheckedError();
  return c;
}

Status Transaction::Rollback() {
  Store* s = store_;
  store_ = nullptr;
  return s == nullptr ? Status::Ok() : s->Rollback();
}

std::string EncodeItemCursor(const ItemCursor& c) {
  return std::to_string(c.published_at) + "." + std::to_string(c.rowid);
}

bool DecodeItemCursor(std::string_view text, ItemCursor* out) {
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= text.size() || text.size() > 41) return false;
  auto number = [](std::string_view digits, int64_t* v) {
    bool negative = !digits.empty() && digits[0] == '-';
    if (negative) digits.remove_prefix(1);
    if (digits.empty() || digits.size() > 18) return false;
    int64_t n = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + (c - '0');
    }
    *v = negative ? -n : n;
    return true;
  };
  ItemCursor c;
  if (!number(text.substr(0, dot), &c.published_at) || !number(text.substr(dot + 1), &c.rowid) || c.rowid <= 0) {
    return false;
  }
  *out = c;
  return true;
}

Result<PurgeCounts> PurgeOlderThan(Store& store, int64_t window_seconds, int64_t* cutoff) {
  if (window_seconds < 0) return Status::InvalidArgument("a retention window cannot be negative");
  const int64_t before = store.clock().Now() - window_seconds;
  if (cutoff != nullptr) *cutoff = before;
  return store.Purge(before);
}

Result<std::string> FileBeside(const std::string& uri, std::string_view suffix) {
  if (IsServerUri(uri)) {
    return Status::InvalidArgument("the store is a server database, with no folder to keep a file in: give the "
                                   "file's path explicitly");
  }
  const std::string path = FilePath(uri);
  if (path.empty() || path == ":memory:") return Status::InvalidArgument("no store file to put a file beside");
  return path + std::string(suffix);
}

std::string ShownUri(const std::string& uri) {
  if (!IsServerUri(uri)) return uri;
  std::string out = uri;
  const size_t auth = out.find("://") + 3;
  const size_t end = out.find_first_of("/?", auth);
  const size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
  if (at != std::string::npos && at >= auth) {
    const size_t colon = out.find(':', auth);
    if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
  }
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    if (p > 0 && out[p - 1] != '?' && out[p - 1] != '&') continue;
    const size_t v = p + 9, stop = out.find('&', v);
    out.replace(v, (stop == std::string::npos ? out.size() : stop) - v, "***");
  }
  return out;
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& uri, const OpenOptions& opts) {
  if (IsServerUri(uri)) return PgStore::Open(uri, opts);
  const std::string path = FilePath(uri);
  if (path.empty()) return Status::InvalidArgument("empty --db path");
  return SqliteStore::Open(path, opts);
}

}  // namespace vox::store
