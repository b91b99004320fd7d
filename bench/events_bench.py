#!/usr/bin/env python3
"""What the dashboard's event streams (GET /api/v1/events) cost a real `vox serve`.

    bench/events_bench.py VOX STORE [STREAMS=64] [SECONDS=10]

STORE must be a copy (it gets a token and cases). Prints, with no stream and
then with STREAMS streams open (8 per loopback address, 127.0.0.1-127.0.0.8):
/healthz requests a second (wrk, 2 threads, 16 connections) and the server's
CPU seconds over SECONDS idle seconds; then the time from POST /api/v1/cases to
the `cases` event on one stream, 10 times (p50, max); then the server's CPU
seconds while items keep arriving (`vox ingest` of 50 new items every second
for SECONDS seconds, by another process) with the streams open and with none:
what re-computing the rising stories and waiting matches costs.
"""
import http.client, json, os, re, socket, subprocess, sys, time

vox, db = sys.argv[1], sys.argv[2]
nstreams = int(sys.argv[3]) if len(sys.argv) > 3 else 64
seconds = int(sys.argv[4]) if len(sys.argv) > 4 else 10
out = subprocess.run([vox, "--db", db, "token", "add", "bench-events-" + str(int(time.time())), "--role", "admin"],
                     capture_output=True, text=True)
token = out.stdout.strip().splitlines()[-1]
server = subprocess.Popen([vox, "--db", db, "serve", "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True)


def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def stream(port, source_ip):
    s = socket.socket()
    s.bind((source_ip, 0))
    s.connect(("127.0.0.1", port))
    s.sendall(f"GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += s.recv(4096)
    assert head.startswith(b"HTTP/1.1 200"), head[:100]
    return s


def wrk(port):
    r = subprocess.run(["wrk", "-t2", "-c16", "-d5s", f"http://127.0.0.1:{port}/healthz"], capture_output=True, text=True)
    m = re.search(r"Requests/sec:\s+([\d.]+)", r.stdout)
    lat = re.search(r"Latency\s+(\S+)", r.stdout)
    return float(m.group(1)), lat.group(1)


try:
    port = int(re.search(r"127\.0\.0\.1:(\d+)", server.stdout.readline()).group(1))
    time.sleep(1)
    for n in (0, nstreams):
        streams = [stream(port, f"127.0.0.{1 + i // 8}") for i in range(n)]
        time.sleep(3)  # the first look at the store
        c0 = cpu(server.pid)
        time.sleep(seconds)
        idle = cpu(server.pid) - c0
        rps, lat = wrk(port)
        print(f"{n:3d} streams: /healthz {rps:,.0f} req/s (mean latency {lat}); server CPU {idle:.2f} s in {seconds} s idle")
        if n:
            watch = streams[0]
            watch.settimeout(30)
            delays = []
            for k in range(10):
                t = time.perf_counter()
                c = http.client.HTTPConnection("127.0.0.1", port)
                c.request("POST", "/api/v1/cases", json.dumps({"kind": "question", "title": f"bench {k}"}),
                          {"Content-Type": "application/json", "Authorization": "Bearer " + token})
                r = c.getresponse()
                r.read()
                buf = b""
                while b"event: cases" not in buf:
                    buf += watch.recv(65536)
                delays.append(time.perf_counter() - t)
            delays.sort()
            print(f"case opened -> cases event: p50 {delays[5]:.2f} s, max {delays[-1]:.2f} s (poll every 2 s)")
        # Items arriving: 50 a second by another process.
        gen = os.path.join(os.path.dirname(os.path.abspath(db)), "events_bench_items.jsonl")
        subprocess.run([vox, "demo", "--generate", gen, "--items", str(50 * seconds)], capture_output=True)
        lines = open(gen).read().splitlines()
        c0 = cpu(server.pid)
        t0 = time.time()
        for k in range(seconds):
            chunk = os.path.join(os.path.dirname(gen), f"events_bench_{n}_{k}.jsonl")
            with open(chunk, "w") as f:
                for line in lines[k * 50:(k + 1) * 50]:
                    item = json.loads(line)
                    item["id"] = f"bench-{n}-{item['id']}"
                    f.write(json.dumps(item, ensure_ascii=False) + "\n")
            subprocess.run([vox, "--db", db, "ingest", "--source", f"bench-{n}", chunk], capture_output=True)
            time.sleep(max(0, t0 + k + 1 - time.time()))
        print(f"{n:3d} streams, 50 items/s arriving: server CPU {cpu(server.pid) - c0:.2f} s in {seconds} s")
        for s in streams:
            s.close()
finally:
    server.terminate()
    server.wait()
