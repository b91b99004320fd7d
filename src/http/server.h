// `vox serve`: the JSON API and the search page.
//
// Each worker thread opens its own read-only connection to the store; the
// server never migrates, and writes only through the channels' webhooks,
// whose one ingest thread holds the only write connection (hooks.h). What it promises against hostile
// clients (docs/cli.md "serve"):
//   - it listens on a loopback address unless `allow_remote` is set, and
//     answers only requests whose Host is one of `allowed_hosts` (DNS
//     rebinding), with 421 otherwise;
//   - every answer carries a Content-Security-Policy without inline script,
//     X-Content-Type-Options, X-Frame-Options / frame-ancestors and
//     Referrer-Policy; Range headers are ignored;
//   - a search has a bounded cost (search.h QueryLimits, a deadline) and at
//     most `max_concurrent_searches` run at once, so slow queries cannot
//     starve /healthz and the other endpoints; past a bound: 422 naming it,
//     when every search slot stays busy: 503; the reads that scan the store
//     (stories, trends, concerns, matches) take the same slots;
//   - every answer of the API has the JSON form of query/query.h, the same
//     as the command line's --json (docs/api.md);
//   - bodies over 1 MiB, malformed parameters and unknown paths get a JSON
//     error;
//   - the connection layer (wire.h) answers pipelined requests, cuts off a
//     request that takes over 10 s to arrive, and caps connections per
//     address, without a slow client ever holding a worker.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "desk/channels.h"
#include "desk/desk.h"
#include "desk/outbox.h"
#include "ingest/pipeline.h"
#include "ingest/pseudonym.h"
#include "store/store.h"

namespace vox::http {

struct ServeOptions {
  std::string db;                 // store URI, opened read-only once per worker thread
  std::string host = "127.0.0.1";
  int port = 8080;                // 0: pick a free port
  bool allow_remote = false;      // listen on a non-loopback address without accounts (every
                                  // endpoint is open to whoever reaches it)
  bool require_login = false;     // the read API needs a session or token too (the desk's
                                  // /api/v1 routes always do); allows a non-loopback address
  bool secure_cookies = false;    // the session cookie gets Secure (served behind TLS)
  desk::DeskOptions desk;         // the desk's calendar, zone, due days and contact key
                                  // (desk::LoadDeskSettings); pointers must outlive Serve
  std::vector<std::string> allowed_hosts;  // Host names besides localhost, 127.0.0.1, [::1] and `host`
  int threads = 64;               // worker threads (connections served at once)
  int max_concurrent_searches = 2;  // searches and scans running at once; others wait up to 2 s
  int64_t search_deadline_ms = 1000;  // per search, see search.h
  std::function<void(int port)> on_listening;  // called once bound
  // The channels' webhooks (docs/channels.md): active when `hook_store` is
  // given and the channel's secret is set. `hook_store` is a write
  // connection that only the webhooks' ingest thread uses; `pseudonymizer`
  // is the store's key; `hook_ingest` carries the observers and the
  // office's offset, as `vox ingest` sets them. All must outlive Serve.
  desk::ChannelSettings channels;
  store::Store* hook_store = nullptr;
  const ingest::Pseudonymizer* pseudonymizer = nullptr;
  ingest::IngestOptions hook_ingest;
  // Where accepted webhook events wait until they are stored, synced before
  // the platform is answered ("": in memory only, lost on a crash).
  std::string hook_spool;
  // The outbox's sender (desk/outbox.h): a thread with a write connection of
  // its own that sends published answers back to the channels; on when
  // `outbox` is set and the store has a contact key (SQLite stores only).
  bool outbox = false;
  desk::OutboxOptions outbox_options;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopback(const std::string& host);

// Every API route the server answers, as (method, OpenAPI path): the read
// API under /api/v1, the desk's and the channels' webhooks (/hooks/...). The OpenAPI document must list exactly
// these (routes_test.cc).
std::vector<std::pair<std::string, std::string>> ApiRoutes();

// Serves until Stop() is called from another thread (or the process ends).
Status Serve(const ServeOptions& opts);
void Stop();

}  // namespace vox::http
