// `vox factcheck …` and `vox match …`: the fact-check library and matching
// (see src/claims/claims.h, docs/claims.md).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.h"

namespace vox::cli {

// Registers `factcheck` (import, add, list, search, export) and `match`
// (list, --text, decide, calibrate) on `app`. The subcommand the user chose
// sets *run to a function returning the exit code; `g` is read when that
// function runs (after parsing), so it is captured by reference.
void RegisterClaimsCommands(CLI::App& app, Globals& g, Runner* run);

}  // namespace vox::cli
