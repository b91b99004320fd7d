#include "store/sqlite/mem_budget.h"

#include <sqlite3.h>

#include <algorithm>
#include <mutex>

namespace vox::store {
namespace {

sqlite3_mem_methods g_base{};  // SQLite's own allocator, wrapped
bool g_installed = false;

struct ThreadBudget {
  bool active = false;
  int64_t limit = 0;  // <= 0: none
  int64_t used = 0;
  int64_t peak = 0;
  std::chrono::steady_clock::time_point deadline{};
  uint32_t calls = 0;
  bool memory_exceeded = false;
  bool time_exceeded = false;
};
thread_local ThreadBudget t_budget;

// How often an allocation looks at the clock: often enough that a merge
// allocating megabytes at a time notices within milliseconds.
constexpr uint32_t kClockEvery = 32;

bool Admit(int64_t grow) {
  ThreadBudget& b = t_budget;
  if (b.memory_exceeded || b.time_exceeded) return false;  // stay refused until the statement unwinds
  if (b.limit > 0 && b.used + grow > b.limit) {
    b.memory_exceeded = true;
    return false;
  }
  if (b.deadline != std::chrono::steady_clock::time_point{} && ++b.calls % kClockEvery == 0 &&
      std::chrono::steady_clock::now() >= b.deadline) {
    b.time_exceeded = true;
    return false;
  }
  return true;
}

// Memory freed that the budget never counted (allocated before it) is no
// credit: the count stays at zero rather than going below.
void Count(int64_t delta) {
  ThreadBudget& b = t_budget;
  b.used = std::max<int64_t>(0, b.used + delta);
  if (b.used > b.peak) b.peak = b.used;
}

void* BudgetMalloc(int n) {
  if (!t_budget.active) return g_base.xMalloc(n);
  if (!Admit(n)) return nullptr;
  void* p = g_base.xMalloc(n);
  if (p) Count(g_base.xSize(p));
  return p;
}

void BudgetFree(void* p) {
  if (t_budget.active && p) Count(-static_cast<int64_t>(g_base.xSize(p)));
  g_base.xFree(p);
}

void* BudgetRealloc(void* p, int n) {
  if (!t_budget.active) return g_base.xRealloc(p, n);
  const int64_t before = p ? g_base.xSize(p) : 0;
  if (n > before && !Admit(n - before)) return nullptr;
  void* q = g_base.xRealloc(p, n);
  if (q) Count(g_base.xSize(q) - before);
  return q;
}

int BudgetSize(void* p) { return g_base.xSize(p); }
int BudgetRoundup(int n) { return g_base.xRoundup(n); }
int BudgetInit(void* app) { return g_base.xInit(app); }
void BudgetShutdown(void* app) { g_base.xShutdown(app); }

}  // namespace

bool InstallMemoryBudget() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &g_base) != SQLITE_OK) return;
    sqlite3_mem_methods wrapped{BudgetMalloc, BudgetFree,    BudgetRealloc,  BudgetSize,
                                BudgetRoundup, BudgetInit, BudgetShutdown, g_base.pAppData};
    g_installed = sqlite3_config(SQLITE_CONFIG_MALLOC, &wrapped) == SQLITE_OK;
  });
  return g_installed;
}

// Installed before main(), so that a connection any code opens first is
// already counted; the stores' Open calls it again in case this file's
// initializer has not run yet.
[[maybe_unused]] const bool kInstalledAtStart = InstallMemoryBudget();

MemoryBudget::MemoryBudget(int64_t limit_bytes, std::chrono::steady_clock::time_point deadline) {
  t_budget = ThreadBudget{};
  t_budget.active = true;
  t_budget.limit = limit_bytes;
  t_budget.deadline = deadline;
}

MemoryBudget::~MemoryBudget() { t_budget = ThreadBudget{}; }

bool MemoryBudget::memory_exceeded() const { return t_budget.memory_exceeded; }
bool MemoryBudget::time_exceeded() const { return t_budget.time_exceeded; }
int64_t MemoryBudget::peak_bytes() const { return t_budget.peak; }

}  // namespace vox::store
