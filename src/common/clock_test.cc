#include "common/clock.h"
#include "common/time.h"

#include <gtest/gtest.h>

#include <ctime>

namespace vox {
namespace {

TEST(Clock, FixedClockShowsWhatItWasSetTo) {
  FixedClock c(1'790'000'000);
  EXPECT_EQ(c.Now(), 1'790'000'000);
  c.Advance(3600);
  EXPECT_EQ(c.Now(), 1'790'003'600);
  c.Set(5);
  EXPECT_EQ(c.Now(), 5);
}

TEST(Clock, SystemClockFollowsTheMachine) {
  SystemClock c;
  const int64_t before = static_cast<int64_t>(std::time(nullptr));
  const int64_t now = c.Now();
  EXPECT_GE(now, before);
  EXPECT_LE(now, static_cast<int64_t>(std::time(nullptr)));
}

TEST(Time, CivilDaysRoundTrip) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2026, 12, 7), 20794);
  for (int64_t d = -800; d < 80000; d += 37) {
    int64_t y;
    unsigned m, day;
    CivilFromDays(d, &y, &m, &day);
    EXPECT_EQ(DaysFromCivil(y, m, day), d);
  }
}

}  // namespace
}  // namespace vox
