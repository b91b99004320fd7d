// A memory and time budget for one search on one thread.
//
// SQLite allocates through sqlite3_malloc, which Vox routes through a thin
// wrapper (InstallMemoryBudget, before the first connection opens). While a
// MemoryBudget is alive on a thread, the bytes that thread's allocations add
// are counted, and an allocation that would take them past the limit fails:
// SQLite then stops the statement with SQLITE_NOMEM, leaving the connection
// usable. The same wrapper checks the budget's deadline every few
// allocations, which is what stops the one step the progress handler cannot
// (an FTS5 prefix merge inside a single xFilter call grows its doclists
// allocation by allocation).
//
// Memory that another thread's connection allocates is not counted, nor is
// memory allocated before the budget began; freeing such memory is no credit
// (the count never goes below zero), so the count is at least what this
// search holds. One budget at a time per thread.
#pragma once
#include <chrono>
#include <cstdint>

namespace vox::store {

// Routes SQLite's allocator through the budget check; idempotent and
// thread-safe. False when SQLite had already been initialized by someone else
// (budgets then never trip).
bool InstallMemoryBudget();

class MemoryBudget {
 public:
  // limit_bytes <= 0: no memory bound; deadline == time_point{}: none.
  MemoryBudget(int64_t limit_bytes, std::chrono::steady_clock::time_point deadline);
  ~MemoryBudget();
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  bool memory_exceeded() const;  // an allocation was refused for memory
  bool time_exceeded() const;    // an allocation was refused for time
  int64_t peak_bytes() const;    // the most this search held at once
};

}  // namespace vox::store
