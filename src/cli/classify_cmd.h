// `vox classify`, `vox classify train`, `vox label` and `vox concerns`:
// concern categories and places, counted in aggregate (see classify/classify.h
// and docs/concerns.md). Nothing here lists or counts authors.
#pragma once

#include "cli/common.h"

namespace vox::cli {

// Registers the subcommands on `app`. When one of them is chosen, its
// callback sets *run to the function that executes it (returning the exit
// code). `g` is read when that function runs, after parsing.
void RegisterClassifyCommands(CLI::App& app, Globals& g, Runner* run);

}  // namespace vox::cli
