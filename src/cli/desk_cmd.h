// `vox user`, `vox token`, `vox unit`, `vox case` and `vox audit`: the desk
// on the command line, acting as the store's owner ("cli" in the audit log).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.h"

namespace vox::cli {

void RegisterDeskCommands(CLI::App& app, Globals& g, Runner* run);

// The demo's admin: creates "admin" with a generated password when the store
// has no users, and prints the login once. Ok when there already are users.
Status EnsureDemoAdmin(const Globals& g);

}  // namespace vox::cli
