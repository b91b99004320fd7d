// `vox serve`: the JSON API (and, for now, a small search page) on loopback.
// Each worker thread opens its own connection to the store; the server only
// reads. Hostile requests get a JSON error, never a crash: bodies over
// 1 MiB, slow clients (read/write timeouts) and malformed parameters are refused.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "common/status.h"

namespace vox::http {

struct ServeOptions {
  std::string db;                 // store URI, opened once per worker thread
  std::string host = "127.0.0.1";
  int port = 8080;                // 0: pick a free port
  std::function<void(int port)> on_listening;  // called once bound
};

// Serves until Stop() is called from another thread (or the process ends).
Status Serve(const ServeOptions& opts);
void Stop();

}  // namespace vox::http
