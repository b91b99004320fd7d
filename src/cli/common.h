// What every `vox` subcommand shares: global options, exit codes, opening the
// store and the key, printing errors and JSON.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "ingest/pseudonym.h"
#include "ingest/reader.h"
#include "query/query.h"
#include "store/store.h"

namespace vox::cli {

inline constexpr int kOk = 0, kFailure = 1, kUsage = 2, kPartial = 3;

struct Globals {
  std::string db;        // --db
  std::string key_file;  // --key-file
  std::string contact_key_file;  // --contact-key-file
  std::string lexicon;   // --lexicon
};

// A subcommand module registers its subcommands on `app`; the one the user
// chose sets *run (via CLI11 callbacks) to the function that executes it.
using Runner = std::function<int()>;

using query::Dump;                           // compact, invalid UTF-8 replaced
int Fail(const Status& st);                  // prints "vox: message", returns 1 or 2
// A rejected input record on stderr, the one way: "FILE:LINE: field 'F': reason"
// (without the field part when the whole record is bad).
void PrintRejection(const ingest::Rejection& r);
// The contact key's file (--contact-key-file, else <db>.contact-key; a
// PostgreSQL store has no folder, so there it must be given).
Result<std::string> ContactKeyFile(const Globals& g);
std::string KeyFile(const Globals& g);
Result<std::unique_ptr<store::Store>> OpenStore(const Globals& g, bool create = false);
// For commands that only read: never writes or migrates, so it works on a
// store one may not write to (and while another process writes).
Result<std::unique_ptr<store::Store>> OpenStoreForReading(const Globals& g);
// Loads the pseudonym key and checks it belongs to this store.
Result<ingest::Pseudonymizer> LoadKey(const Globals& g, store::Store& st, bool create);

}  // namespace vox::cli
