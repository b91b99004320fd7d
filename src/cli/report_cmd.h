// `vox report`: the leadership's report for a period, as HTML or PDF
// (docs/reports.md).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.h"

namespace vox::cli {

void RegisterReportCommand(CLI::App& app, Globals& g, Runner* run);

}  // namespace vox::cli
