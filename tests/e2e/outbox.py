#!/usr/bin/env python3
"""End-to-end test of the outbox against a real `vox serve` and two local servers
written here that speak the parts of the Zalo OA API and the Graph API Vox uses.

  tests/e2e/outbox.py PATH/TO/vox

A signed Zalo text message becomes an item and a case; its answer, approved and
published, is sent ONCE to that Zalo user although the fake Zalo server first
answers 500, then times out; an expired token stops the send at once with Zalo's
message on the case, and an editor's retry sends it; a Page comment is answered
with a reply comment under it after a Graph rate-limit answer, and a duplicate-post
answer (506) is resolved from the comment's replies without a second post; `vox serve`
killed with SIGKILL while Zalo holds a delivered message's answer resumes after a
restart without a second message. The fakes record everything they receive.
"""
import hashlib
import hmac
import http.client
import http.server
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import check, finish  # noqa: E402

VOX = os.path.realpath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="vox_outbox_e2e_")
DB = os.path.join(TMP, "vox.db")
ENV = dict(os.environ)
ENV.pop("VOX_NOW", None)  # retries wait on the real clock

APP_ID = "360846524940903967"
OA_SECRET = "OaSecret-8fK2mQ9xV4"
ZALO_TOKEN = "zalo-access-token-QWE123"
FB_SECRET = "fb-app-secret-1f2e3d4c"
PAGE_ID = "1001"
PAGE_TOKEN = "page-token-ASD456"
USER_A = "4001234567890123"   # Zalo user ids: sealed on their case only
USER_B = "4001234567890456"
USER_C = "4001234567890789"
COMMENTER = "9004004004"


# ---- The fake platforms: each POST is answered by the next step of its script.

class Fake:
    def __init__(self):
        self.lock = threading.Lock()
        self.script = []          # "500", "timeout", "ok", "expired", "ratelimit", "hang"
        self.posts = []           # every POST received: (path, headers, body)
        self.delivered = []       # what the platform accepted: dict(to, text, id)
        self.got_post = threading.Event()

    def next_step(self):
        with self.lock:
            return self.script.pop(0) if self.script else "ok"


ZALO = Fake()
GRAPH = Fake()


class ZaloHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def reply(self, code, obj):
        data = json.dumps(obj).encode()
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the caller gave up waiting (a timeout, a killed process)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with ZALO.lock:
            ZALO.posts.append((self.path, dict(self.headers), body))
        ZALO.got_post.set()
        step = ZALO.next_step()
        if self.path != "/v3.0/oa/message/cs" or self.headers.get("access_token") != ZALO_TOKEN and step != "expired":
            return self.reply(200, {"error": -124, "message": "Access token is invalid"})
        msg = json.loads(body)
        if step == "500":
            return self.reply(500, {"error": -1, "message": "internal error"})
        if step == "timeout":
            time.sleep(4)  # longer than outbox.timeout_seconds: nothing delivered
            return self.reply(504, {})
        if step == "expired":
            return self.reply(200, {"error": -216, "message": "Access token has expired"})
        with ZALO.lock:
            mid = "zmid-%d" % (len(ZALO.delivered) + 1)
            ZALO.delivered.append({"to": msg["recipient"]["user_id"], "text": msg["message"]["text"], "id": mid,
                                   "time": int(time.time() * 1000)})
        if step == "hang":
            time.sleep(60)  # delivered, but the answer never comes back in time
        return self.reply(200, {"error": 0, "message": "Success", "data": {"message_id": mid}})

    def do_GET(self):
        u = urllib.parse.urlparse(self.path)
        if u.path != "/v2.0/oa/conversation" or self.headers.get("access_token") != ZALO_TOKEN:
            return self.reply(200, {"error": -201, "message": "bad request"})
        data = json.loads(urllib.parse.parse_qs(u.query)["data"][0])
        with ZALO.lock:
            msgs = [{"src": 0, "time": d["time"], "message_id": d["id"], "message": d["text"], "type": "text"}
                    for d in ZALO.delivered if d["to"] == data["user_id"]]
        return self.reply(200, {"error": 0, "message": "Success", "data": msgs[::-1]})


class GraphHandler(ZaloHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with GRAPH.lock:
            GRAPH.posts.append((self.path, dict(self.headers), body))
        step = GRAPH.next_step()
        if self.headers.get("Authorization") != "Bearer " + PAGE_TOKEN:
            return self.reply(400, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException",
                                              "code": 190}})
        m = re.fullmatch(r"/(\d+_\d+)/comments", self.path)
        if not m:
            return self.reply(400, {"error": {"message": "Unknown path", "code": 100}})
        if step == "ratelimit":
            data = json.dumps({"error": {"message": "(#32) Page request limit reached", "type": "OAuthException",
                                         "code": 32}}).encode()
            self.send_response(400)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Business-Use-Case-Usage", json.dumps(
                {PAGE_ID: [{"type": "pages", "call_count": 100, "total_cputime": 30, "total_time": 40,
                            "estimated_time_to_regain_access": 0}]}))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        text = urllib.parse.parse_qs(body.decode())["message"][0]
        with GRAPH.lock:
            dup = any(d["to"] == m.group(1) and d["text"] == text for d in GRAPH.delivered)
            if step == "duplicate" and not dup:
                # As if an earlier call had posted it without Vox learning so.
                GRAPH.delivered.append({"to": m.group(1), "text": text,
                                        "id": "%s_%d" % (m.group(1).split("_")[0], 5000 + len(GRAPH.delivered))})
                dup = True
            if dup:
                return self.reply(400, {"error": {"message": "(#506) Duplicate status message", "type": "OAuthException",
                                                  "code": 506}})
            cid = "%s_%d" % (m.group(1).split("_")[0], 5000 + len(GRAPH.delivered))
            GRAPH.delivered.append({"to": m.group(1), "text": text, "id": cid})
        return self.reply(200, {"id": cid})

    def do_GET(self):
        m = re.match(r"/(\d+_\d+)/comments", self.path)
        with GRAPH.lock:
            data = [{"id": d["id"], "message": d["text"], "from": {"id": PAGE_ID, "name": "Page"}}
                    for d in GRAPH.delivered if m and d["to"] == m.group(1)]
        return self.reply(200, {"data": data})


def serve_fake(handler):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, srv.server_address[1]


# ---- Vox.

def vox(*args):
    p = subprocess.run([VOX, "--db", DB, *args], capture_output=True, text=True, env=ENV)
    return p.returncode, p.stdout, p.stderr


def start_server(name):
    log = open(os.path.join(TMP, name + ".serve.out"), "w+")
    srv = subprocess.Popen([VOX, "--db", DB, "serve", "--listen", "127.0.0.1:0"], stdout=log,
                           stderr=subprocess.STDOUT, env=ENV)
    port = 0
    for _ in range(200):
        log.seek(0)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", log.read())
        if m:
            port = int(m.group(1))
            break
        if srv.poll() is not None:
            break
        time.sleep(0.05)
    return srv, port, log


class Api:
    def __init__(self, port, token):
        self.port, self.token = port, token

    def call(self, method, path, body=None, headers=None, raw=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        h = {"Host": "127.0.0.1", "Content-Type": "application/json"}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        h.update(headers or {})
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
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


def zalo_post(api, msg_id, text, sender):
    ts = int(time.time() * 1000)
    ev = {"app_id": APP_ID, "user_id_by_app": "5001", "event_name": "user_send_text", "sender": {"id": sender},
          "recipient": {"id": "oa-1"}, "message": {"msg_id": msg_id, "text": text}, "timestamp": str(ts)}
    body = json.dumps(ev, ensure_ascii=False).encode()
    sig = "mac=" + hashlib.sha256(APP_ID.encode() + body + str(ts).encode() + OA_SECRET.encode()).hexdigest()
    return api.call("POST", "/hooks/zalo", raw=body, headers={"X-ZEvent-Signature": sig})


def wait_for(fn, timeout=20.0, step=0.2):
    deadline = time.time() + timeout
    while True:
        v = fn()
        if v or time.time() > deadline:
            return v
        time.sleep(step)


def case_of(api, origin_ref):
    r = api.call("GET", "/api/v1/cases?limit=100")
    for c in (r.json or []) if r.status == 200 else []:
        if c.get("origin_ref") == origin_ref:
            return c
    return None


def publish(api, case_id, answer, unit_id):
    c = api.call("GET", f"/api/v1/cases/{case_id}").json
    steps = [{"public_answer": answer, "approve_answer": True}, {"unit_id": unit_id}, {"state": "answered"},
             {"state": "published"}]
    for patch in steps:
        patch["version"] = c["version"]
        r = api.call("PATCH", f"/api/v1/cases/{case_id}", patch)
        if r.status != 200:
            return r
        c = r.json
    return r


def sends_of(api, case_id):
    r = api.call("GET", f"/api/v1/outbox?case={case_id}")
    return r.json if r.status == 200 else []


def state_is(api, case_id, state):
    s = sends_of(api, case_id)
    return s[0] if s and s[0]["state"] == state else None


def main():
    zsrv, zport = serve_fake(ZaloHandler)
    gsrv, gport = serve_fake(GraphHandler)
    check("init", vox("init")[0] == 0)
    secrets = {"zalo.oa_secret_key": OA_SECRET, "zalo.access_token": ZALO_TOKEN, "facebook.app_secret": FB_SECRET,
               "facebook.page_token": PAGE_TOKEN}
    for key, value in secrets.items():
        path = os.path.join(TMP, key)
        with open(path, "w") as f:
            f.write(value + "\n")
        rc, out, err = vox("settings", "set", key, "--from-file", path)
        check(f"settings set {key}", rc == 0 and value not in out, out + err)
    for key, value in {"zalo.app_id": APP_ID, "facebook.page_id": PAGE_ID,
                       "zalo.api_url": f"http://127.0.0.1:{zport}", "facebook.graph_url": f"http://127.0.0.1:{gport}",
                       "outbox.retry_base_seconds": "1", "outbox.timeout_seconds": "2"}.items():
        rc, out, err = vox("settings", "set", key, value)
        check(f"settings set {key}", rc == 0, err)
    rc, out, err = vox("settings", "set", "outbox.timeout_seconds", "0")
    check("an out-of-range outbox setting is refused", rc != 0 and "outbox.timeout_seconds" in err, err)
    rc, out, err = vox("token", "add", "desk", "--role", "editor")
    token = out.strip().splitlines()[-1] if rc == 0 else ""
    check("an editor's token", rc == 0 and len(token) > 20, err)
    rc, out, err = vox("unit", "add", "Điện lực phường", "--kind", "agency")
    check("a unit", rc == 0, err)
    unit_id = 1

    srv, port, log = start_server("first")
    api = Api(port, token)
    check("vox serve announced its port", port > 0)
    try:
        # ---- Zalo: 500, then a timeout, then delivered once.
        r = zalo_post(api, "msg-a-1", "Cho hỏi khi nào phường có lịch cắt điện tuần sau?", USER_A)
        check("signed Zalo message accepted", r.status == 200, f"{r.status} {r.text}")
        case_a = wait_for(lambda: case_of(api, "item:zalo/msg-a-1"))
        check("the Zalo message opened a case", bool(case_a), "no case")
        case_a = case_a or {"id": 0}
        check("the case shows no Zalo user id", USER_A not in json.dumps(case_a), json.dumps(case_a))
        rc, out, _ = vox("items", "--json")
        check("the item holds no Zalo user id", rc == 0 and "msg-a-1" in out and USER_A not in out, out[-300:])
        ZALO.script = ["500", "timeout", "ok"]
        answer_a = "Lịch cắt điện tuần sau được đăng trên trang của phường vào thứ Hai."
        r = publish(api, case_a["id"], answer_a, unit_id)
        check("the answer is approved and published", r.status == 200 and r.json["state"] == "published",
              f"{r.status} {r.text[:300]}")
        sent = wait_for(lambda: state_is(api, case_a["id"], "sent"), timeout=30)
        check("the reply is sent after a 500 and a timeout", bool(sent), json.dumps(sends_of(api, case_a["id"])))
        to_a = [d for d in ZALO.delivered if d["to"] == USER_A]
        check("Zalo received it exactly once, for the person who wrote, with the answer",
              len(to_a) == 1 and to_a[0]["text"] == answer_a, json.dumps(ZALO.delivered, ensure_ascii=False))
        posts_a = [p for p in ZALO.posts if json.loads(p[2]).get("recipient", {}).get("user_id") == USER_A]
        check("three attempts were made (500, timeout, success)", len(posts_a) == 3, str(len(posts_a)))
        check("the reply quotes the message it answers",
              all(json.loads(p[2])["message"].get("quote_message_id") == "msg-a-1" for p in posts_a))
        check("the send records Zalo's message id", bool(sent) and sent["platform_id"] == (to_a or [{}])[0].get("id"),
              json.dumps(sent))
        c = api.call("GET", f"/api/v1/cases/{case_a['id']}").json or {}
        check("the case's JSON shows its send", [s["state"] for s in c.get("sends", [])] == ["sent"], json.dumps(c)[:400])
        time.sleep(2.5)
        check("no second delivery later", len([d for d in ZALO.delivered if d["to"] == USER_A]) == 1)

        # ---- an expired token: stops at once with Zalo's message on the case.
        r = zalo_post(api, "msg-b-1", "Đường tổ 3 bị ngập từ sáng", USER_B)
        case_b = wait_for(lambda: case_of(api, "item:zalo/msg-b-1")) or {"id": 0}
        ZALO.script = ["expired"]
        r = publish(api, case_b["id"], "Phường đã cử người khơi thông cống tổ 3.", unit_id)
        check("second case published", r.status == 200, r.text[:300])
        failed = wait_for(lambda: state_is(api, case_b["id"], "failed"), timeout=15)
        check("an expired token fails the send at once with Zalo's message",
              bool(failed) and "Access token has expired" in failed["error"] and failed["attempts"] == 1,
              json.dumps(sends_of(api, case_b["id"])))
        ev = api.call("GET", f"/api/v1/cases/{case_b['id']}/events").json or []
        check("the case's history shows the platform's message",
              any("Access token has expired" in (e.get("note") or "") for e in ev), json.dumps(ev)[-400:])
        time.sleep(2.5)
        check("no retry after a permanent error",
              len([p for p in ZALO.posts if json.loads(p[2]).get("recipient", {}).get("user_id") == USER_B]) == 1)
        r = Api(port, "").call("POST", f"/api/v1/outbox/{(failed or {'id': 0})['id']}/retry")
        check("retry without a sign-in: 401", r.status == 401, f"{r.status}")
        r = api.call("POST", f"/api/v1/outbox/{(failed or {'id': 0})['id']}/retry")
        check("an editor retries it", r.status == 200 and r.json["state"] == "queued", f"{r.status} {r.text}")
        check("the retry is sent once the token works",
              bool(wait_for(lambda: state_is(api, case_b["id"], "sent"), timeout=15)))
        rc, out, _ = vox("audit", "show", "--json")
        check("the retry is audited", rc == 0 and "outbox.retry" in out)
        r = api.call("GET", "/api/v1/outbox?state=sent")
        check("the outbox lists by state", r.status == 200 and len(r.json) == 2 and
              all(s["state"] == "sent" for s in r.json), r.text[:300])
        r = api.call("GET", "/api/v1/outbox?state=nonsense")
        check("a bad state filter: 400", r.status == 400, r.text)

        # ---- a Page comment answered with a reply comment under it, after a rate limit.
        fb = {"object": "page", "entry": [{"id": PAGE_ID, "time": int(time.time()), "changes": [
            {"field": "feed", "value": {
                "from": {"id": COMMENTER, "name": "Người dân"}, "post": {"id": "1001_2001"},
                "message": "Khu tôi ở tổ 7 vẫn chưa có nước từ hôm qua", "post_id": "1001_2001",
                "comment_id": "2001_3010", "created_time": int(time.time()), "item": "comment",
                "parent_id": "1001_2001", "verb": "add"}}]}]}
        body = json.dumps(fb, ensure_ascii=False).encode()
        sig = "sha256=" + hmac.new(FB_SECRET.encode(), body, hashlib.sha256).hexdigest()
        r = api.call("POST", "/hooks/facebook", raw=body, headers={"X-Hub-Signature-256": sig})
        check("signed Page comment accepted", r.status == 200, r.text)
        wait_for(lambda: "2001_3010" in vox("items", "--json")[1])
        r = api.call("POST", "/api/v1/cases", {"kind": "concern", "title": "Tổ 7 mất nước", "origin": "item",
                                               "origin_ref": "item:facebook/2001_3010"})
        check("a case opened from the comment", r.status == 201, r.text)
        case_c = r.json or {"id": 0}
        GRAPH.script = ["ratelimit", "ok"]
        answer_c = "Công ty cấp nước đã sửa xong đường ống, nước có lại từ 14 giờ."
        r = publish(api, case_c["id"], answer_c, unit_id)
        check("the comment's case published", r.status == 200, r.text[:300])
        sent = wait_for(lambda: state_is(api, case_c["id"], "sent"), timeout=20)
        check("the reply comment is sent after a rate-limit answer", bool(sent),
              json.dumps(sends_of(api, case_c["id"])))
        check("Graph got one reply comment, under that comment, with the answer",
              len(GRAPH.delivered) == 1 and GRAPH.delivered[0]["to"] == "2001_3010"
              and GRAPH.delivered[0]["text"] == answer_c, json.dumps(GRAPH.delivered, ensure_ascii=False))
        check("two Graph calls (rate limit, success)", len(GRAPH.posts) == 2, str(len(GRAPH.posts)))

        # ---- Graph's duplicate-post error: the reply already there is taken as the send.
        fb2 = json.loads(json.dumps(fb))
        fb2["entry"][0]["changes"][0]["value"].update({"comment_id": "2001_3011", "message": "Tổ 8 cũng mất nước"})
        body = json.dumps(fb2, ensure_ascii=False).encode()
        sig = "sha256=" + hmac.new(FB_SECRET.encode(), body, hashlib.sha256).hexdigest()
        r = api.call("POST", "/hooks/facebook", raw=body, headers={"X-Hub-Signature-256": sig})
        wait_for(lambda: "2001_3011" in vox("items", "--json")[1])
        r = api.call("POST", "/api/v1/cases", {"kind": "concern", "title": "Tổ 8 mất nước", "origin": "item",
                                               "origin_ref": "item:facebook/2001_3011"})
        case_e = r.json or {"id": 0}
        GRAPH.script = ["duplicate"]
        r = publish(api, case_e["id"], "Tổ 8 có nước lại từ 15 giờ.", unit_id)
        sent = wait_for(lambda: state_is(api, case_e["id"], "sent"), timeout=20)
        under = [d for d in GRAPH.delivered if d["to"] == "2001_3011"]
        check("a duplicate-post answer (506) is resolved from the comment's replies, once",
              bool(sent) and len(under) == 1 and sent["platform_id"] == under[0]["id"],
              json.dumps(sends_of(api, case_e["id"])) + json.dumps(GRAPH.delivered, ensure_ascii=False))

        # ---- kill -9 mid-send: Zalo delivered, its answer held; no duplicate after a restart.
        r = zalo_post(api, "msg-c-1", "Xin hỏi thủ tục cấp lại giấy khai sinh?", USER_C)
        case_d = wait_for(lambda: case_of(api, "item:zalo/msg-c-1")) or {"id": 0}
        ZALO.script = ["hang"]
        ZALO.got_post.clear()
        answer_d = "Thủ tục cấp lại giấy khai sinh làm tại bộ phận một cửa của phường."
        r = publish(api, case_d["id"], answer_d, unit_id)
        check("the fourth case published", r.status == 200, r.text[:300])
        check("Zalo received the send", ZALO.got_post.wait(15))
        time.sleep(0.3)
        srv.send_signal(signal.SIGKILL)
        srv.wait(timeout=10)
        con = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
        row = con.execute("SELECT state, attempt_key FROM outbox WHERE case_id = ?", (case_d["id"],)).fetchone()
        con.close()
        check("killed mid-send: the send is marked sending with its attempt key",
              row is not None and row[0] == "sending" and row[1].endswith("#1"), str(row))
    finally:
        if srv.poll() is None:
            srv.terminate()
            srv.wait(timeout=10)

    srv, port, log2 = start_server("second")
    api = Api(port, token)
    try:
        sent = wait_for(lambda: state_is(api, case_d["id"], "sent"), timeout=30)
        to_c = [d for d in ZALO.delivered if d["to"] == USER_C]
        check("after the restart the interrupted send is resolved as sent",
              bool(sent) and sent["platform_id"] == (to_c or [{}])[0].get("id"), json.dumps(sends_of(api, case_d["id"])))
        check("and Zalo has it once, from one POST",
              len(to_c) == 1 and len([p for p in ZALO.posts
                                      if json.loads(p[2]).get("recipient", {}).get("user_id") == USER_C]) == 1,
              json.dumps(ZALO.delivered, ensure_ascii=False))
    finally:
        srv.terminate()
        srv.wait(timeout=10)

    everyone = {d["to"] for d in ZALO.delivered}
    check("Zalo messages went only to the three people who wrote", everyone == {USER_A, USER_B, USER_C}, str(everyone))
    check("three Zalo messages in all, one per case", len(ZALO.delivered) == 3, str(len(ZALO.delivered)))
    raw = b""
    for extra in ("", "-wal"):
        if os.path.exists(DB + extra):
            raw += open(DB + extra, "rb").read()
    check("no Zalo user id or token in the database file",
          all(s.encode() not in raw for s in (USER_A, USER_B, USER_C, ZALO_TOKEN, PAGE_TOKEN)))
    logs = ""
    for lg in (log, log2):
        lg.seek(0)
        logs += lg.read()
    check("no token or user id in the server's output",
          all(s not in logs for s in (USER_A, USER_B, USER_C, ZALO_TOKEN, PAGE_TOKEN)), logs[-500:])
    rc, out, err = vox("outbox", "list")
    check("vox outbox list", rc == 0 and out.count(" sent ") == 5, out + err)
    rc, out, err = vox("audit", "verify")
    check("the audit chain is intact", rc == 0, out + err)
    zsrv.shutdown()
    gsrv.shutdown()
    return finish()


if __name__ == "__main__":
    sys.exit(main())
