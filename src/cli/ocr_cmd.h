// `vox ocr FILE...`: the text Vox reads from screenshots (docs/channels.md
// "Screenshots"), to check an image before relying on it.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.h"

namespace vox::cli {

void RegisterOcrCommand(CLI::App& app, Globals& g, Runner* run);

}  // namespace vox::cli
