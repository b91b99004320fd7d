#include "common/clock.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "common/time.h"

namespace vox {

int64_t SystemClock::Now() const { return static_cast<int64_t>(std::time(nullptr)); }

const Clock& DefaultClock() {
  static const Clock* clock = [] () -> const Clock* {
    const char* env = std::getenv("VOX_NOW");
    if (env != nullptr && *env != '\0') {
      const std::string s = env;
      int64_t t = 0;
      char* end = nullptr;
      const long long n = std::strtoll(s.c_str(), &end, 10);
      if (end != nullptr && *end == '\0' && n > 0) return new FixedClock(n);
      if (ParseTimestamp(s, &t)) return new FixedClock(t);
      std::fprintf(stderr, "vox: VOX_NOW='%s' is not a time (RFC 3339 or Unix seconds); using the system clock\n",
                   env);
    }
    return new SystemClock();
  }();
  return *clock;
}

}  // namespace vox
