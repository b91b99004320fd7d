// `vox stories` and `vox trends`: the stories stage on the command line.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.h"

namespace vox::cli {

// Registers `stories` and `trends` on `app`. The chosen subcommand's callback
// sets *run; `g` is read when it runs (after parsing).
void RegisterStoriesCommands(CLI::App& app, Globals& g, Runner* run);

}  // namespace vox::cli
