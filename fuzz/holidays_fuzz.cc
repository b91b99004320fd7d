// libFuzzer target for the working-day calendar's parser (desk/calendar.h):
// an office edits this file by hand. Aborts when a property breaks: a parsed
// calendar's deadlines fall on working days, never before their start, and
// WorkingDaysBetween counts back exactly the days AddWorkingDays added.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "desk/calendar.h"

namespace {

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "property failed: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using vox::desk::WorkCalendar;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto cal = WorkCalendar::Parse(in, "holidays.txt");
  if (!cal.ok()) {
    Check(cal.status().message().rfind("holidays.txt", 0) == 0, "errors name the file");
    return 0;
  }
  constexpr int kTz = 7 * 3600;
  const int64_t starts[] = {1767225600, 1771200000, 1777420800, 1798761600};  // 2026-01-01 ... 2027-01-01
  for (int64_t from : starts) {
    for (int n : {1, 2, 10, 30}) {
      const int64_t due = cal->AddWorkingDays(from, n, kTz);
      Check(due > from, "a deadline is after its start");
      Check(cal->IsWorkingDay((due + kTz) / 86400), "a deadline falls on a working day");
      Check(cal->WorkingDaysBetween(from, due, kTz) == n, "WorkingDaysBetween inverts AddWorkingDays");
    }
  }
  return 0;
}
