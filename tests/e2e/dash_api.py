#!/usr/bin/env python3
"""End-to-end tests of the dashboard's API against a real `vox serve` on
loopback with the demo town (vox demo):

  tests/e2e/dash_api.py PATH/TO/vox

The story filters of GET /api/v1/stories (period, source, concern, place,
least size, rising) checked against what the items and trends say on their
own; keyset pages that hold every filtered story once; a 400 naming the
parameter for each bad value. GET /api/v1/settings (admin only, secrets never
answered). GET /api/v1/events: a case opened or changed and a burst of new
items each bring their event; the stream holds no worker; its bounds.
"""
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import check, finish  # noqa: E402

VOX = os.path.realpath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="vox_dash_e2e_")
DB = os.path.join(TMP, "vox.db")


def vox(*args, stdin=None):
    p = subprocess.run([VOX, "--db", DB, *args], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


class Client:
    """A client with a bearer token (or none)."""

    def __init__(self, port, bearer=""):
        self.port = port
        self.bearer = bearer

    def call(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"Host": "127.0.0.1"}
        if self.bearer:
            h["Authorization"] = "Bearer " + self.bearer
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        text = r.read().decode("utf-8", "replace")
        conn.close()
        try:
            r.json = json.loads(text) if text else None
        except ValueError:
            r.json = None
        r.text = text
        return r

    def get(self, path):
        r = self.call("GET", path)
        if r.status != 200:
            raise RuntimeError(f"GET {path}: {r.status} {r.text[:200]}")
        return r.json

    def pages(self, path, key="cursor"):
        """Every page of a keyset listing, in order."""
        out, cursor, n = [], "", 0
        while True:
            sep = "&" if "?" in path else "?"
            r = self.call("GET", path + (f"{sep}{key}={cursor}" if cursor else ""))
            if r.status != 200:
                raise RuntimeError(f"GET {path}: {r.status} {r.text[:200]}")
            out += r.json
            cursor = r.getheader("X-Next-Cursor") or ""
            n += 1
            if not cursor or n > 10000:
                return out, n


def start_server():
    log = open(os.path.join(TMP, "serve.log"), "w")
    p = subprocess.Popen([VOX, "--db", DB, "serve", "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=log, text=True)
    line = ""
    deadline = time.time() + 20
    while time.time() < deadline:
        line = p.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if m:
            return p, int(m.group(1))
    raise RuntimeError("vox serve did not start: " + line)


def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def iso(d):
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def story_filters(c):
    items, _ = c.pages("/api/v1/items?limit=1000")
    allst, _ = c.pages("/api/v1/stories?limit=1000")
    check("the demo has items and stories", len(items) > 1000 and len(allst) > 20, f"{len(items)} items, {len(allst)} stories")
    by_id = {s["id"]: s for s in allst}
    ids = lambda lst: [s["id"] for s in lst]  # noqa: E731

    def members(pred):
        return {i["story_id"] for i in items if i.get("story_id") and pred(i)}

    # Source: the stories with a member from that source.
    sources = sorted({i["source"] for i in items})
    for src in sources[:3]:
        got = c.get(f"/api/v1/stories?limit=1000&source={src}")
        check(f"source={src} keeps the stories with a member from it", set(ids(got)) == members(lambda i: i["source"] == src),
              f"{len(got)} vs {len(members(lambda i: i['source'] == src))}")
    # Concern: the stories with a member of that concern (any score).
    cats = {}
    for i in items:
        for cat in i.get("categories") or []:
            cats.setdefault(cat.split(":")[0], 0)
            cats[cat.split(":")[0]] += 1
    concern = max(cats, key=cats.get)
    want = members(lambda i: any(x.split(":")[0] == concern for x in i.get("categories") or []))
    got = c.get(f"/api/v1/stories?limit=1000&concern={concern}")
    check(f"concern={concern} keeps the stories with a member of it", want and set(ids(got)) == want, f"{len(got)} vs {len(want)}")
    # Place: the stories with a member tagged with that place.
    places = {}
    for i in items:
        for p in i.get("places") or []:
            places[p] = places.get(p, 0) + 1
    check("the demo's items have places", places)
    if places:
        place = max(places, key=places.get)
        want = members(lambda i: place in (i.get("places") or []))
        from urllib.parse import quote
        got = c.get(f"/api/v1/stories?limit=1000&place={quote(place)}")
        check(f"place={place} keeps the stories with a member there", want and set(ids(got)) == want, f"{len(got)} vs {len(want)}")
        # Filters combine: place and concern together, in the order of the unfiltered list.
        want2 = members(lambda i: place in (i.get("places") or []) and any(x.split(":")[0] == concern for x in i.get("categories") or []))
        got = c.get(f"/api/v1/stories?limit=1000&place={quote(place)}&concern={concern}")
        check("place and concern together: a member with both", set(ids(got)) == want2, f"{len(got)} vs {len(want2)}")
        check("a filtered list keeps the list's order", ids(got) == [s for s in ids(allst) if s in want2])
    # Least size.
    got = c.get("/api/v1/stories?limit=1000&min_size=5")
    check("min_size=5 keeps the stories of 5 members or more", ids(got) == [s["id"] for s in allst if s["size"] >= 5] and got,
          f"{len(got)}")
    # Period: since/until against the members' published_at.
    newest = max(ts(i["published_at"]) for i in items)
    since, until = newest - timedelta(days=10), newest - timedelta(days=3)
    want = members(lambda i: since <= ts(i["published_at"]) < until)
    got = c.get(f"/api/v1/stories?limit=1000&since={iso(since)}&until={iso(until)}")
    check("since/until keep the stories with a member in the period", want and set(ids(got)) == want, f"{len(got)} vs {len(want)}")
    got = c.get(f"/api/v1/stories?limit=1000&days=7")
    want = {s["id"] for s in allst if ts(s["last_seen"]) >= newest - timedelta(days=7)}
    check("days=7: the stories seen in the 7 days up to the newest item", want and set(ids(got)) == want, f"{len(got)} vs {len(want)}")
    src = sources[0]
    want = members(lambda i: i["source"] == src and since <= ts(i["published_at"]) < until)
    got = c.get(f"/api/v1/stories?limit=1000&source={src}&since={iso(since)}&until={iso(until)}")
    check("source in a period: a member from it inside the period", set(ids(got)) == want, f"{len(got)} vs {len(want)}")
    # Rising: the story trends.
    trends = c.get("/api/v1/trends?limit=200")
    rising = {t["story_id"] for t in trends if t["kind"] == "story"}
    got = c.get("/api/v1/stories?limit=1000&rising=1&sort=rising")
    check("rising=1 keeps the rising stories", rising and set(ids(got)) == rising, f"{ids(got)} vs {rising}")
    # Keyset pages: every filtered story once, in order, for each sort.
    for sort in ("recent", "size", "rising"):
        whole = c.get(f"/api/v1/stories?limit=1000&sort={sort}&min_size=2")
        paged, n = c.pages(f"/api/v1/stories?limit=7&sort={sort}&min_size=2")
        check(f"pages of 7 ({sort}) hold the whole list once, in order", ids(paged) == ids(whole) and n > 2,
              f"{len(paged)} vs {len(whole)} in {n} pages")
    paged, n = c.pages(f"/api/v1/stories?limit=3&concern={concern}")
    whole = c.get(f"/api/v1/stories?limit=1000&concern={concern}")
    check("pages with a filter hold the filtered list", ids(paged) == ids(whole), f"{len(paged)} vs {len(whole)}")
    # Bad values: a 400 that names the parameter.
    for q, field in [("days=0", None), ("days=abc", None), ("min_size=-1", None), ("since=yesterday", None),
                     ("until=2026-13-01", None), ("rising=yes", "rising"), ("cursor=nope", "cursor"), ("source=", "source"),
                     (f"since={iso(until)}&until={iso(since)}", "until"), (f"days=3&since={iso(since)}", "days")]:
        r = c.call("GET", "/api/v1/stories?" + q)
        name = q.split("=")[0]
        ok = r.status == 400 and r.json and name in r.json.get("error", "") and (field is None or r.json.get("field") == field)
        check(f"stories?{q} is a 400 naming {name}", ok, f"{r.status} {r.text[:200]}")


class EventStream:
    """GET /api/v1/events read line by line (the stream does not end)."""

    def __init__(self, port, bearer):
        import socket
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.sendall((f"GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {bearer}\r\n"
                           "Accept: text/event-stream\r\n\r\n").encode())
        self.f = self.sock.makefile("rb")
        self.status = int(self.f.readline().split()[1])
        self.headers = {}
        while True:
            line = self.f.readline().decode().strip()
            if not line:
                break
            k, _, v = line.partition(":")
            self.headers[k.strip().lower()] = v.strip()

    def next_event(self, name, seconds):
        """The data of the next event called `name` within `seconds`, else None."""
        import socket
        deadline = time.time() + seconds
        event = data = None
        while time.time() < deadline:
            self.sock.settimeout(max(0.1, deadline - time.time()))
            try:
                line = self.f.readline()
            except (socket.timeout, TimeoutError):
                return None
            if not line:
                return None
            line = line.decode().rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data = line[6:]
            elif line == "":
                if event == name and data is not None:
                    return json.loads(data)
                event = data = None
        return None

    def close(self):
        self.f.close()  # the socket's descriptor closes with its last file object
        self.sock.close()


def events(c, port, admin_token, viewer_token):
    # Not signed in: 401; the stream: its type, its retry and comment lines first.
    r = Client(port).call("GET", "/api/v1/events")
    check("events without a sign-in: 401", r.status == 401 and r.json and "error" in r.json, r.text[:200])
    es = EventStream(port, admin_token)
    check("events: 200 text/event-stream", es.status == 200 and es.headers.get("content-type", "").startswith("text/event-stream"),
          f"{es.status} {es.headers}")
    first = es.f.readline().decode()
    check("events: the stream starts with retry", first.startswith("retry: "), first)
    # The stream never holds a worker: with it open, ordinary requests are answered at once.
    t0 = time.time()
    for _ in range(20):
        c.get("/healthz")
    check("with a stream open the server answers (20 requests)", time.time() - t0 < 5, f"{time.time() - t0:.2f} s")
    time.sleep(2.5)  # the hub's first look (what is there now is not news)
    # A new case: a cases event names it.
    r = Client(port, admin_token).call("POST", "/api/v1/cases", {"kind": "question", "title": "Khi nào có điện lại ở tổ 3?"})
    check("a case is opened", r.status == 201, r.text[:200])
    case_id = (r.json or {}).get("id")
    ev = es.next_event("cases", 15)
    check("a cases event arrives after a case is opened", ev is not None and case_id in ev.get("opened", []) and ev.get("new", 0) >= 1,
          str(ev))
    # A changed case.
    r = Client(port, admin_token).call("POST", f"/api/v1/cases/{case_id}/events", {"text": "đang xác minh"})
    ev = es.next_event("cases", 15) if r.status in (200, 201) else None
    check("a cases event arrives after a case changes", ev is not None and case_id in ev.get("changed", []), f"{r.status} {r.text[:200]} {ev}")
    # New items: a burst of reposts an hour after the newest item is a rising story.
    items, _ = c.pages("/api/v1/items?limit=1000")
    newest = max(ts(i["published_at"]) for i in items)
    path = os.path.join(TMP, "burst.jsonl")
    with open(path, "w") as f:
        for k in range(12):
            f.write(json.dumps({"id": f"burst-{k}", "source": "burst-test", "author": f"a{k}",
                                "text": "Cầu Bà Rén sập nhịp giữa, xe cộ không qua được, mọi người đi đường khác " + "!" * (k % 3),
                                "published_at": iso(newest + timedelta(minutes=30 + k * 2))}) + "\n")
    rc, out, err = vox("ingest", path)
    check("a burst of reposts is ingested", rc == 0, err[-300:])
    ev = es.next_event("stories", 30)
    check("a stories event names the new rising story", ev is not None and ev.get("new", 0) >= 1 and ev.get("rising"), str(ev))
    if ev:
        story = Client(port, admin_token).call("GET", f"/api/v1/stories/{ev['rising'][0]}").json or {}
        check("... which is the burst's story", any(i["source"] == "burst-test" for i in story.get("items", [])), str(story.get("sources")))
    es.close()
    # The bounds: at most 8 streams from one address, the 9th is a 503.
    streams = [EventStream(port, admin_token) for _ in range(8)]
    extra = EventStream(port, admin_token)
    check("a 9th stream from one address: 503", extra.status == 503 and all(s.status == 200 for s in streams),
          f"{extra.status} {[s.status for s in streams]}")
    extra.close()
    for s in streams:
        s.close()
    time.sleep(1)
    again = EventStream(port, admin_token)
    check("closed streams give their place back", again.status == 200, str(again.status))
    again.close()


def settings(port, admin_token, viewer_token):
    rc, _, err = vox("settings", "set", "webhook.secret", "--from-file", os.path.join(TMP, "secret.txt"))
    check("a secret is set", rc == 0, err)
    r = Client(port, admin_token).call("GET", "/api/v1/settings")
    rows = {x["name"]: x for x in (r.json or [])}
    check("settings: 200 for an admin", r.status == 200 and "office_name" in rows and "desk.due.question" in rows, r.text[:300])
    w = rows.get("webhook.secret", {})
    check("a secret is listed as set, never its value", w.get("set") is True and w.get("value") is None and w.get("secret") is True, str(w))
    check("the secret's text is nowhere in the answer", "s3cr3t-value-never-shown" not in r.text)
    check("a file setting answers its size", "bytes" in rows.get("desk.holidays", {}), str(rows.get("desk.holidays")))
    r = Client(port, viewer_token).call("GET", "/api/v1/settings")
    check("settings: 403 for a viewer", r.status == 403, f"{r.status} {r.text[:200]}")
    r = Client(port).call("GET", "/api/v1/settings")
    check("settings: 401 without a sign-in", r.status == 401, f"{r.status}")


def main():
    rc, out, err = vox("demo", "--no-serve", "--items", "3000")
    check("vox demo", rc == 0, err[-400:])
    tokens = {}
    for role in ("admin", "viewer"):
        rc, out, err = vox("token", "add", "dash-" + role, "--role", role)
        tokens[role] = out.strip().splitlines()[-1] if rc == 0 else ""
    check("tokens for an admin and a viewer", all(len(t) == 43 for t in tokens.values()), str(tokens))
    with open(os.path.join(TMP, "secret.txt"), "w") as f:
        f.write("s3cr3t-value-never-shown\n")
    server, port = start_server()
    try:
        c = Client(port)
        story_filters(c)
        settings(port, tokens["admin"], tokens["viewer"])
        events(c, port, tokens["admin"], tokens["viewer"])
    finally:
        server.terminate()
        server.wait(timeout=10)
    return finish()


if __name__ == "__main__":
    try:
        code = main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(code)
