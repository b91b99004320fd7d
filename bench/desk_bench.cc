// The desk under a realistic load: N cases (default 100,000, with events and
// links) in a store that already holds the items (make it with
// `vox --db D demo --items 1000000 --no-serve`), served by the real server on
// loopback and asked over HTTP with a keep-alive client, as the dashboard does.
//
//   bench_desk --db D [--cases 100000] [--requests 2000]
//
// Prints login time (Argon2id at libsodium's interactive limits), p50/p99 of
// the case list (each filter, and a page 1,000 cases deep by keyset cursor)
// and of the case page (the case, its links and its events), and in the same
// run the peer: the same deep page fetched with LIMIT/OFFSET, the usual way.
#include <httplib.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "desk/desk.h"
#include "http/server.h"
#include "store/desk_store.h"
#include "store/store.h"

namespace {

using Steady = std::chrono::steady_clock;

double Ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Stat {
  double p50, p99, max;
};

Stat Percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))]; };
  return {at(0.50), at(0.99), v.back()};
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "bench_desk: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  int64_t want_cases = 100000;
  int requests = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--db")) db = argv[i + 1];
    else if (!std::strcmp(argv[i], "--cases")) want_cases = std::atoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--requests")) requests = std::atoi(argv[i + 1]);
  }
  if (db.empty()) return Fail("--db PATH is required (a store with items: vox --db PATH demo --items 1000000 --no-serve)");
  using namespace vox;
  int64_t items = 0;
  {
    auto st = store::Store::Open(db, {});
    if (!st.ok()) return Fail(st.status().message());
    auto s = (*st)->GetStats();
    if (s.ok()) items = s->items;
  }
  auto opened = store::DeskStore::Open(db, {});
  if (!opened.ok()) return Fail(opened.status().message());
  store::DeskStore& ds = **opened;
  desk::Desk d(ds, {});
  const desk::Actor cli = desk::Actor::Cli();

  // ---- the cases
  auto have = ds.CountCases();
  if (!have.ok()) return Fail(have.status().message());
  std::vector<int64_t> units;
  (void)ds.ForEachUnit([&](const store::Unit& u) {
    units.push_back(u.id);
    return true;
  });
  for (int i = static_cast<int>(units.size()); i < 30; ++i) {
    auto u = d.AddUnit(cli, "Đơn vị " + std::to_string(i + 1), i < 20 ? "ward" : "agency");
    if (!u.ok()) return Fail(u.status().message());
    units.push_back(u->id);
  }
  const auto t_fill = Steady::now();
  if (*have < want_cases) {
    std::mt19937_64 rng(42);
    const int64_t now = ds.clock().Now();
    if (Status b = ds.Begin(); !b.ok()) return Fail(b.message());
    for (int64_t i = *have; i < want_cases; ++i) {
      store::Case c;
      c.version = 1 + static_cast<int64_t>(rng() % 6);
      c.kind = std::string(desk::kCaseKinds[rng() % 5]);
      c.state = std::string(desk::kCaseStates[rng() % 11]);
      c.title = "Phản ánh số " + std::to_string(i) + ": đường ngập sau mưa lớn ở tổ " + std::to_string(rng() % 40);
      c.description = "Người dân phản ánh tình trạng ngập kéo dài, ảnh hưởng đi lại và buôn bán.";
      c.origin = "story";
      c.origin_ref = "story:" + std::to_string(1 + rng() % 5000);
      c.unit_id = units[rng() % units.size()];
      c.created_at = now - static_cast<int64_t>(rng() % (180 * 86400));
      c.updated_at = c.created_at;
      c.due_at = c.created_at + 14 * 86400;
      auto id = ds.InsertCase(c);
      if (!id.ok()) return Fail(id.status().message());
      for (int e = 0; e < 4; ++e) {
        store::CaseEvent ev;
        ev.case_id = *id;
        ev.at = c.created_at + e * 3600;
        ev.action = e == 0 ? "created" : "state";
        ev.to_state = c.state;
        ev.note = "ghi chú xử lý";
        if (auto r = ds.AppendCaseEvent(ev); !r.ok()) return Fail(r.status().message());
      }
      if (Status s = ds.AddCaseLink({*id, "story", c.origin_ref.substr(6)}); !s.ok()) return Fail(s.message());
    }
    if (Status c = ds.Commit(); !c.ok()) return Fail(c.message());
  }
  const double fill_s = Ms(Steady::now() - t_fill) / 1000;
  auto total = ds.CountCases();
  std::printf("store: %lld items, %lld cases (%.1f s to add the missing ones)\n", static_cast<long long>(items),
              static_cast<long long>(total.ok() ? *total : 0), fill_s);

  // ---- login: Argon2id at the interactive limits
  if (auto u = ds.FindUser("bench-analyst"); u.ok() && !*u) {
    if (auto a = d.AddUser(cli, "bench-analyst", "analyst", "mật khẩu đo tốc độ", 0); !a.ok())
      return Fail(a.status().message());
  }
  std::vector<double> login_ms;
  std::string cookie;
  for (int i = 0; i < 10; ++i) {
    const auto t = Steady::now();
    auto l = d.Login("bench-analyst", "mật khẩu đo tốc độ", "127.0.0.1");
    login_ms.push_back(Ms(Steady::now() - t));
    if (!l.ok()) return Fail(l.status().message());
    cookie = "vox_session=" + l->session_token;
  }
  const Stat login = Percentiles(login_ms);
  std::printf("login (Argon2id interactive, 10 sign-ins): p50 %.0f ms, max %.0f ms\n", login.p50, login.max);

  // ---- the server on loopback
  int port = 0;
  http::ServeOptions so;
  so.db = db;
  so.port = 0;
  so.threads = 8;
  so.on_listening = [&](int p) { port = p; };
  std::thread server([&] { (void)http::Serve(so); });
  for (int i = 0; i < 500 && port == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (port == 0) return Fail("the server did not start");
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  const httplib::Headers headers = {{"Cookie", cookie}};

  auto measure = [&](const std::string& name, const std::function<std::string(int)>& path) {
    std::vector<double> ms;
    for (int i = 0; i < requests; ++i) {
      const std::string p = path(i);
      const auto t = Steady::now();
      auto r = client.Get(p.c_str(), headers);
      ms.push_back(Ms(Steady::now() - t));
      if (!r || r->status != 200) {
        std::fprintf(stderr, "bench_desk: %s -> %d\n", p.c_str(), r ? r->status : -1);
        std::exit(1);
      }
    }
    const Stat s = Percentiles(ms);
    std::printf("  %-44s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n", name.c_str(), s.p50, s.p99, s.max);
  };
  std::mt19937_64 rng(7);
  const int64_t n = total.ok() ? *total : 1;
  std::printf("over HTTP, %d requests each (keep-alive, one client):\n", requests);
  measure("GET /api/v1/cases (newest 50)", [](int) { return std::string("/api/v1/cases"); });
  measure("GET /api/v1/cases?state=assigned", [](int) { return std::string("/api/v1/cases?state=assigned"); });
  measure("GET /api/v1/cases?unit=U (30 units)", [&](int i) {
    return "/api/v1/cases?unit=" + std::to_string(units[static_cast<size_t>(i) % units.size()]);
  });
  measure("GET /api/v1/cases?overdue=1", [](int) { return std::string("/api/v1/cases?overdue=1"); });
  measure("GET /api/v1/cases?kind=rumour&state=new", [](int) { return std::string("/api/v1/cases?kind=rumour&state=new"); });
  measure("GET /api/v1/cases?cursor=C (1,000 cases deep)", [&](int) { return "/api/v1/cases?cursor=" + std::to_string(n - 1000); });
  measure("GET /api/v1/cases/{id} (random case)", [&](int) { return "/api/v1/cases/" + std::to_string(1 + rng() % n); });
  measure("GET /api/v1/cases/{id}/events", [&](int) { return "/api/v1/cases/" + std::to_string(1 + rng() % n) + "/events"; });
  http::Stop();
  server.join();

  // ---- the peer: a deep page by OFFSET, on the same file, in the same run
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return Fail("sqlite open");
  for (int depth : {1000, 50000}) {
    std::vector<double> keyset_ms, offset_ms;
    const std::string keyset = "SELECT * FROM cases WHERE id < " + std::to_string(n - depth) + " ORDER BY id DESC LIMIT 50";
    const std::string offset = "SELECT * FROM cases ORDER BY id DESC LIMIT 50 OFFSET " + std::to_string(depth);
    for (int i = 0; i < 200; ++i) {
      for (auto [sql, out] : {std::pair{&keyset, &keyset_ms}, {&offset, &offset_ms}}) {
        sqlite3_stmt* st = nullptr;
        const auto t = Steady::now();
        sqlite3_prepare_v2(raw, sql->c_str(), -1, &st, nullptr);
        while (sqlite3_step(st) == SQLITE_ROW) {
        }
        sqlite3_finalize(st);
        out->push_back(Ms(Steady::now() - t));
      }
    }
    const Stat k = Percentiles(keyset_ms), o = Percentiles(offset_ms);
    std::printf("SQL only, a page %d cases deep: keyset (what Vox does) p50 %.3f ms p99 %.3f ms; "
                "LIMIT/OFFSET p50 %.3f ms p99 %.3f ms\n", depth, k.p50, k.p99, o.p50, o.p99);
  }
  sqlite3_close(raw);
  return 0;
}
