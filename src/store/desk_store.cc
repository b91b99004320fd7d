#include "store/desk_store.h"

#include <map>

#include "store/postgres/pg_desk.h"
#include "store/sqlite/sqlite_desk.h"
#include "store/uri_internal.h"

namespace vox::store {

// As Store::Open: the same --db value names the same store.
Result<std::unique_ptr<DeskStore>> DeskStore::Open(const std::string& uri, const OpenOptions& opts) {
  if (internal::IsServerUri(uri)) return PgDeskStore::Open(uri, opts);
  const std::string path = internal::FilePath(uri);
  if (path.empty()) return Status::InvalidArgument("empty --db path");
  return SqliteDeskStore::Open(path, opts);
}

}  // namespace vox::store

namespace vox::store {
namespace {
Status NoOutbox() {
  return Status::Unsupported("the outbox is kept on a SQLite store only for now (docs/channels.md)");
}
}  // namespace

Result<std::vector<OpenCaseCount>> DeskStore::CountOpenCases(int64_t now, int64_t soon) {
  std::map<int64_t, OpenCaseCount> by_unit;
  for (const char* state : {"new", "triaged", "assigned", "in_progress", "reopened"}) {
    CaseQuery q;
    q.state = state;
    q.limit = 500;
    for (;;) {
      auto page = ListCases(q);
      if (!page.ok()) return page.status();
      for (const Case& c : *page) {
        OpenCaseCount& k = by_unit[c.unit_id];
        k.unit_id = c.unit_id;
        ++k.open;
        k.overdue += c.due_at != 0 && c.due_at < now;
        k.due_soon += c.due_at != 0 && c.due_at >= now && c.due_at < now + soon;
      }
      if (static_cast<int>(page->size()) < q.limit) break;
      q.after_id = page->back().id;
    }
  }
  std::vector<OpenCaseCount> out;
  for (const auto& [id, k] : by_unit) out.push_back(k);
  return out;
}

Status DeskStore::PutCaseReply(int64_t, const std::string&) { return NoOutbox(); }
Result<std::optional<std::string>> DeskStore::GetCaseReply(int64_t) { return std::optional<std::string>(); }
Result<int64_t> DeskStore::InsertSend(const OutboxSend&) { return NoOutbox(); }
Result<std::optional<OutboxSend>> DeskStore::GetSend(int64_t) { return std::optional<OutboxSend>(); }
Status DeskStore::UpdateSend(const OutboxSend&) { return NoOutbox(); }
Result<std::vector<OutboxSend>> DeskStore::ListSends(const OutboxQuery&) { return std::vector<OutboxSend>(); }
Result<std::optional<OutboxSend>> DeskStore::NextSend(int64_t) { return std::optional<OutboxSend>(); }
Result<int64_t> DeskStore::InsertReachSnapshot(const ReachSnapshot&) {
  return Status::Unsupported("this store keeps no reach snapshots");
}
Result<std::optional<ReachSnapshot>> DeskStore::LastReachSnapshot(int64_t) { return std::optional<ReachSnapshot>(); }
Result<std::vector<ReachSnapshot>> DeskStore::ReachSnapshots(int64_t, int) { return std::vector<ReachSnapshot>(); }

}  // namespace vox::store
