#include "http/server.h"

#include <httplib.h>
#include <netinet/tcp.h>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "search/search.h"
#include "store/store.h"

namespace vox::http {
namespace {

using json = nlohmann::json;

std::mutex g_mu;
httplib::Server* g_server = nullptr;  // GUARDED_BY(g_mu)

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void SendError(httplib::Response& res, int code, const std::string& msg) {
  res.status = code;
  res.set_content(Dump({{"error", msg}}), "application/json");
}

// One store connection per server thread.
Result<store::Store*> ThreadStore(const std::string& db) {
  thread_local std::unique_ptr<store::Store> st;
  if (!st) {
    auto opened = store::Store::Open(db, {});
    if (!opened.ok()) return opened.status();
    st = std::move(opened).value();
  }
  return st.get();
}

bool ParseInt(const std::string& s, int64_t lo, int64_t hi, int64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v < lo || v > hi) return false;
  *out = v;
  return true;
}

const char kIndexHtml[] = R"html(<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Vox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem} input{font-size:1rem;padding:.4rem;width:70%} button{font-size:1rem;padding:.4rem .8rem}
li{margin:.6rem 0} mark{background:#ffe27a} .meta{color:#666;font-size:.85rem} #stats{color:#444}
</style></head><body>
<h1>Vox — bàn thông tin công cộng</h1>
<p id="stats">…</p>
<form id="f"><input id="q" name="q" placeholder="Tìm: mua, mưa, ko có điện, &quot;cắt điện&quot; -lừa…" autofocus>
<button>Tìm</button></form>
<ol id="results"></ol>
<script>
const $ = (s) => document.querySelector(s);
fetch('/api/stats').then(r => r.json()).then(s => {
  $('#stats').textContent = s.items + ' mục từ ' + s.sources.length + ' nguồn, ' + s.voices + ' người viết khác nhau';
});
$('#f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await fetch('/api/search?limit=20&q=' + encodeURIComponent($('#q').value));
  const body = await r.json();
  const ol = $('#results'); ol.innerHTML = '';
  if (!r.ok) { ol.textContent = body.error; return; }
  for (const h of body) {
    const li = document.createElement('li');
    const snip = document.createElement('div');
    snip.innerHTML = h.snippet;  // server-escaped, <mark> only
    const meta = document.createElement('div'); meta.className = 'meta';
    meta.textContent = h.source + ' · ' + h.id + ' · ' + h.score;
    li.append(snip, meta); ol.append(li);
  }
  if (!body.length) ol.textContent = 'Không có kết quả.';
});
</script></body></html>
)html";

}  // namespace

Status Serve(const ServeOptions& opts) {
  httplib::Server server;
  server.set_payload_max_length(1 << 20);
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_keep_alive_max_count(100);
  server.set_socket_options([](socket_t sock) {
    int one = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    SendError(res, 500, "internal error");
  });
  const std::string db = opts.db;

  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kIndexHtml, "text/html; charset=utf-8");
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"ok\":true}", "application/json");
  });
  server.Get("/api/stats", [db](const httplib::Request&, httplib::Response& res) {
    auto st = ThreadStore(db);
    if (!st.ok()) return SendError(res, 503, st.status().message());
    auto s = (*st)->GetStats();
    if (!s.ok()) return SendError(res, 500, s.status().message());
    json sources = json::array();
    for (const auto& src : s->sources) sources.push_back({{"name", src.name}, {"items", src.items}});
    json kinds = json::object();
    for (const auto& [k, n] : s->kinds) kinds[k] = n;
    res.set_content(Dump({{"items", s->items}, {"revisions", s->revisions}, {"voices", s->voices},
                          {"sources", sources}, {"kinds", kinds}, {"schema_version", s->schema_version}}),
                    "application/json");
  });
  server.Get("/api/search", [db](const httplib::Request& req, httplib::Response& res) {
    std::string q = req.get_param_value("q");
    if (q.empty()) return SendError(res, 400, "missing parameter q");
    if (q.size() > 1000) return SendError(res, 400, "parameter q is longer than 1000 bytes");
    search::SearchOptions so;
    if (req.has_param("limit") && !ParseInt(req.get_param_value("limit"), 1, 200, &so.limit)) {
      return SendError(res, 400, "parameter limit must be an integer from 1 to 200");
    }
    if (req.has_param("window") && !ParseInt(req.get_param_value("window"), 0, 100000, &so.window)) {
      return SendError(res, 400, "parameter window must be an integer from 0 to 100000");
    }
    so.source = req.get_param_value("source");
    so.kind = req.get_param_value("kind");
    auto st = ThreadStore(db);
    if (!st.ok()) return SendError(res, 503, st.status().message());
    auto hits = search::Search(**st, q, so);
    if (!hits.ok()) return SendError(res, 400, hits.status().message());
    json out = json::array();
    for (const auto& h : *hits) {
      out.push_back({{"id", h.id}, {"source", h.source}, {"score", h.score}, {"snippet", h.snippet}});
    }
    res.set_content(Dump(out), "application/json");
  });
  server.Get("/api/items", [db](const httplib::Request& req, httplib::Response& res) {
    store::ItemQuery q;
    q.limit = 50;
    if (req.has_param("limit") && !ParseInt(req.get_param_value("limit"), 1, 1000, &q.limit)) {
      return SendError(res, 400, "parameter limit must be an integer from 1 to 1000");
    }
    q.source = req.get_param_value("source");
    q.kind = req.get_param_value("kind");
    q.newest_first = true;
    auto st = ThreadStore(db);
    if (!st.ok()) return SendError(res, 503, st.status().message());
    json out = json::array();
    Status s = (*st)->ForEachItem(q, [&](const store::StoredItem& si) {
      out.push_back({{"id", si.item.id}, {"source", si.item.source}, {"kind", si.item.kind},
                     {"title", si.item.title}, {"text", si.item.text}, {"url", si.item.url},
                     {"published_at", FormatTimestamp(si.item.published_at)}});
      return true;
    });
    if (!s.ok()) return SendError(res, 500, s.message());
    res.set_content(Dump(out), "application/json");
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      res.set_content(Dump({{"error", "HTTP " + std::to_string(res.status)}}), "application/json");
    }
  });

  int port = opts.port;
  if (port == 0) {
    port = server.bind_to_any_port(opts.host);
    if (port < 0) return Status::IoError("cannot bind " + opts.host);
  } else if (!server.bind_to_port(opts.host, port)) {
    return Status::IoError("cannot listen on " + opts.host + ":" + std::to_string(port) +
                           " (in use? pass --listen HOST:PORT)");
  }
  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_server = &server;
  }
  if (opts.on_listening) opts.on_listening(port);
  bool ok = server.listen_after_bind();
  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_server = nullptr;
  }
  return ok ? Status::Ok() : Status::IoError("server stopped with an error");
}

void Stop() {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_server) g_server->stop();
}

}  // namespace vox::http
