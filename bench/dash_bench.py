#!/usr/bin/env python3
"""The dashboard's reads on a real `vox serve` (loopback, one keep-alive client).

    bench/dash_bench.py VOX STORE [REQUESTS=200]

STORE must be a copy (signing in writes a session): the script adds a user
`bench-admin-TIME` with a generated password (vox user add --generate-password),
starts `vox serve`, signs in, asks each route REQUESTS times in turn and prints
p50/p99/max per route, then the first (cold) answer of each.
"""
import http.client, json, os, re, subprocess, sys, time

vox, db = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 200
name = "bench-admin-" + str(int(time.time()))
out = subprocess.run([vox, "--db", db, "user", "add", name, "--role", "admin", "--generate-password"],
                     capture_output=True, text=True)
m = re.search(r"password \(shown once\): (\S+)", out.stdout + out.stderr)
if not m:
    sys.exit("cannot add " + name + ": " + out.stdout + out.stderr)
password = m.group(1)
server = subprocess.Popen([vox, "--db", db, "serve", "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True)
try:
    line = server.stdout.readline()
    port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("POST", "/api/v1/session", json.dumps({"user": name, "password": password}),
              {"Content-Type": "application/json"})
    r = c.getresponse()
    body = r.read()
    assert r.status == 200, body
    cookie = r.getheader("Set-Cookie").split(";")[0]
    routes = ["/api/v1/overview", "/api/v1/stories?limit=50", "/api/v1/stories?limit=100&sort=rising"]
    if os.environ.get("ROUTES"):  # a subset, e.g. to compare with a build that lacks a route
        routes = os.environ["ROUTES"].split(",")

    def get(path):
        t = time.perf_counter()
        try:
            c.request("GET", path, headers={"Cookie": cookie})
            r = c.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):
            # The server closed the keep-alive connection (its limits): a new one, not timed.
            c.close()
            c.connect()
            t = time.perf_counter()
            c.request("GET", path, headers={"Cookie": cookie})
            r = c.getresponse()
        r.read()
        assert r.status == 200, (path, r.status)
        return (time.perf_counter() - t) * 1000

    cold = {p: get(p) for p in routes}
    print("first answers: " + ", ".join(f"{p} {cold[p]:.1f} ms" for p in routes), flush=True)
    times = {p: [] for p in routes}
    for i in range(n):
        if i and i % 10 == 0:
            print(f"... {i} rounds", file=sys.stderr, flush=True)
        for p in routes:
            times[p].append(get(p))
    for p in routes:
        ts = sorted(times[p])
        q = lambda f: ts[min(len(ts) - 1, int(f * len(ts)))]
        print(f"{p}: p50 {q(0.5):.1f} ms, p99 {q(0.99):.1f} ms, max {ts[-1]:.1f} ms ({n} requests)")
finally:
    server.terminate()
    server.wait()
