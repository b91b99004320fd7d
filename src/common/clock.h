// Clock: where "now" comes from. Everything time-dependent (retention,
// deadlines, "24h" on the command line, match decisions' times) asks a Clock,
// so that tests and reproducible runs can set the time; production uses
// SystemClock.
#pragma once

#include <atomic>
#include <cstdint>

namespace vox {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t Now() const = 0;  // Unix seconds, UTC
};

// The machine's clock.
class SystemClock final : public Clock {
 public:
  int64_t Now() const override;
};

// A clock that shows the time it was set to until it is moved (tests, and
// `VOX_NOW` for runs that must be reproducible).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t now) : now_(now) {}
  int64_t Now() const override { return now_.load(std::memory_order_relaxed); }
  void Set(int64_t now) { now_.store(now, std::memory_order_relaxed); }
  void Advance(int64_t seconds) { now_.fetch_add(seconds, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> now_;
};

// The process's clock: SystemClock unless the environment variable VOX_NOW
// holds a timestamp (RFC 3339, or Unix seconds), read once at first use.
const Clock& DefaultClock();

}  // namespace vox
