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
restart without a second message. A screenshot sent to the OA becomes an item with the
text read from it (labelled from_image), and nothing of the image is kept. An answer to a rumour, published to the public
feed, the outgoing webhook and the Page's feed, reaches a webhook receiver once with a
valid HMAC signature after a 500, is posted on the Page once, and is in an Atom feed
and a ClaimReview feed that a real XML parser and a JSON-LD processor read (and that
`vox factcheck import` reads back). The fakes record everything they receive.
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
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import check, finish  # noqa: E402

VOX = os.path.realpath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="vox_outbox_e2e_")
DB = os.path.join(TMP, "vox.db")
# `--pg`: the same test on a PostgreSQL store, a schema of its own in $VOX_TEST_PG (scripts/pg-cluster.sh),
# its keys in files named by --key-file and --contact-key-file. What reads the SQLite file directly is skipped.
PG = "--pg" in sys.argv[2:]
PG_SCHEMA = f"outbox_e2e_{os.getpid()}"
KEY_ARGS = []
if PG:
    if not os.environ.get("VOX_TEST_PG"):
        print("skipped: --pg needs VOX_TEST_PG (scripts/pg-cluster.sh)")
        sys.exit(77)
    subprocess.run(["psql", "-q", os.environ["VOX_TEST_PG"], "-c", f"CREATE SCHEMA {PG_SCHEMA}"], check=True)
    DB = os.environ["VOX_TEST_PG"] + ("&" if "?" in os.environ["VOX_TEST_PG"] else "?") + \
        f"options=-csearch_path%3D{PG_SCHEMA}"
    KEY_ARGS = ["--key-file", os.path.join(TMP, "vox.key"), "--contact-key-file", os.path.join(TMP, "vox.contact-key")]
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
HOOK_SECRET = "hook-secret-7Yt5Rr"
BASE_URL = "https://ubnd.example.vn"


# ---- The fake platforms: each POST is answered by the next step of its script.

class Fake:
    def __init__(self):
        self.lock = threading.Lock()
        self.script = []          # "500", "timeout", "ok", "expired", "ratelimit", "hang"
        self.posts = []           # every POST received: (path, headers, body)
        self.delivered = []       # what the platform accepted: dict(to, text, id)
        self.insights = []        # Graph: the insights paths read
        self.articles = []        # Zalo: the articles created
        self.verified = []        # Zalo: the article tokens verified
        self.got_post = threading.Event()

    def next_step(self):
        with self.lock:
            return self.script.pop(0) if self.script else "ok"


ZALO = Fake()
GRAPH = Fake()
HOOK = Fake()
PAGE_POSTS = []  # the Page's own posts: dict(id, message, link)


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
        if self.path.startswith("/v2.0/article/"):
            return self.article(body)
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

    # Articles (platforms.md): create answers a token, verify turns it into the article's id.
    def article(self, body):
        if self.headers.get("access_token") != ZALO_TOKEN:
            return self.reply(200, {"error": -124, "message": "Access token is invalid"})
        req = json.loads(body)
        with ZALO.lock:
            if self.path == "/v2.0/article/create":
                ZALO.articles.append(req)
                return self.reply(200, {"error": 0, "message": "Success",
                                        "data": {"token": "atk-%d" % len(ZALO.articles)}})
            if self.path == "/v2.0/article/verify":
                ZALO.verified.append(req.get("token"))
                return self.reply(200, {"error": 0, "message": "Success",
                                        "data": {"id": "article-" + req.get("token", "")[4:]}})
        return self.reply(200, {"error": -201, "message": "bad request"})

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
        if self.path == f"/{PAGE_ID}/feed":
            form = urllib.parse.parse_qs(body.decode())
            with GRAPH.lock:
                pid = "%s_%d" % (PAGE_ID, 7000 + len(PAGE_POSTS))
                PAGE_POSTS.append({"id": pid, "message": form["message"][0], "link": form.get("link", [""])[0]})
            return self.reply(200, {"id": pid})
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
        m = re.fullmatch(r"/(\d+_\d+)\?fields=reactions\.summary\(total_count\),comments\.summary\(true\),shares", self.path)
        if m:
            if self.headers.get("Authorization") != "Bearer " + PAGE_TOKEN:
                return self.reply(400, {"error": {"message": "Invalid OAuth access token.", "code": 190}})
            with GRAPH.lock:
                known = any(p["id"] == m.group(1) for p in PAGE_POSTS)
            if not known:
                return self.reply(400, {"error": {"message": "Unsupported get request.", "code": 100}})
            return self.reply(200, {"id": m.group(1), "reactions": {"data": [], "summary": {"total_count": 37}},
                                    "comments": {"data": [], "summary": {"order": "ranked", "total_count": 5}},
                                    "shares": {"count": 12}})
        m = re.fullmatch(r"/(\d+_\d+)/insights/(post_total_media_view_unique|post_impressions_unique)", self.path)
        if m:
            # Page insights (../shared/platforms.md): the newer metric answers; the one it replaces would too.
            if self.headers.get("Authorization") != "Bearer " + PAGE_TOKEN:
                return self.reply(400, {"error": {"message": "Invalid OAuth access token.", "code": 190}})
            with GRAPH.lock:
                GRAPH.insights.append(self.path)
            return self.reply(200, {"data": [{"name": m.group(2), "period": "lifetime", "values": [{"value": 4321}],
                                              "title": "Lifetime Post Total Unique Media Views", "id": "x"}]})
        if self.path.startswith(f"/{PAGE_ID}/posts"):
            with GRAPH.lock:
                return self.reply(200, {"data": [{"id": p["id"], "message": p["message"]} for p in PAGE_POSTS[::-1]]})
        m = re.match(r"/(\d+_\d+)/comments", self.path)
        with GRAPH.lock:
            data = [{"id": d["id"], "message": d["text"], "from": {"id": PAGE_ID, "name": "Page"}}
                    for d in GRAPH.delivered if m and d["to"] == m.group(1)]
        return self.reply(200, {"data": data})


class HookHandler(ZaloHandler):
    """A receiver of Vox's outgoing webhook: checks X-Vox-Signature-256 the way a
    receiver would, keeps one delivery per X-Vox-Delivery, answers 500 when told."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with HOOK.lock:
            HOOK.posts.append((self.path, dict(self.headers), body))
        step = HOOK.next_step()
        want = "sha256=" + hmac.new(HOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(want, self.headers.get("X-Vox-Signature-256", "")):
            return self.reply(401, {"error": "bad signature"})
        if step == "500":
            return self.reply(500, {"error": "busy"})
        delivery = self.headers.get("X-Vox-Delivery", "")
        with HOOK.lock:
            if all(d["delivery"] != delivery for d in HOOK.delivered):
                HOOK.delivered.append({"delivery": delivery, "body": json.loads(body)})
        return self.reply(200, {"ok": True})


def serve_fake(handler):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, srv.server_address[1]


# ---- Vox.

def vox(*args):
    p = subprocess.run([VOX, "--db", DB, *KEY_ARGS, *args], capture_output=True, text=True, env=ENV)
    return p.returncode, p.stdout, p.stderr


def start_server(name):
    log = open(os.path.join(TMP, name + ".serve.out"), "w+")
    srv = subprocess.Popen([VOX, "--db", DB, *KEY_ARGS, "serve", "--listen", "127.0.0.1:0"], stdout=log,
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


def zalo_send(api, event_name, message, sender):
    """A Zalo OA event as Zalo signs it (X-ZEvent-Signature), posted to the webhook."""
    ts = int(time.time() * 1000)
    ev = {"app_id": APP_ID, "user_id_by_app": "5001", "event_name": event_name, "sender": {"id": sender},
          "recipient": {"id": "oa-1"}, "message": message, "timestamp": str(ts)}
    body = json.dumps(ev, ensure_ascii=False).encode()
    sig = "mac=" + hashlib.sha256(APP_ID.encode() + body + str(ts).encode() + OA_SECRET.encode()).hexdigest()
    return api.call("POST", "/hooks/zalo", raw=body, headers={"X-ZEvent-Signature": sig})


def zalo_post(api, msg_id, text, sender):
    return zalo_send(api, "user_send_text", {"msg_id": msg_id, "text": text}, sender)


def zalo_image_post(api, msg_id, url, sender, caption=None):
    msg = {"msg_id": msg_id, "attachments": [{"type": "image", "payload": {"thumbnail": url, "url": url}}]}
    if caption:
        msg["text"] = caption
    return zalo_send(api, "user_send_image", msg, sender)


class ImageHandler(ZaloHandler):
    """Zalo's image CDN: the notice screenshot, and a page that is not an image."""

    def do_GET(self):
        if self.path == "/shot.png":
            data = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "ocr", "testdata",
                                     "dark.png"), "rb").read()
            ctype = "image/png"
        else:
            data, ctype = b"<html>not an image</html>", "text/html"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


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


def publish(api, case_id, answer, unit_id, targets=None):
    c = api.call("GET", f"/api/v1/cases/{case_id}").json
    last = {"state": "published"}
    if targets is not None:
        last["publish_to"] = targets
    steps = [{"public_answer": answer, "approve_answer": True}, {"unit_id": unit_id}, {"state": "answered"}, last]
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
    hsrv, hport = serve_fake(HookHandler)
    isrv, iport = serve_fake(ImageHandler)
    check("init", vox("init")[0] == 0)
    secrets = {"zalo.oa_secret_key": OA_SECRET, "zalo.access_token": ZALO_TOKEN, "facebook.app_secret": FB_SECRET,
               "facebook.page_token": PAGE_TOKEN, "webhook.secret": HOOK_SECRET}
    for key, value in secrets.items():
        path = os.path.join(TMP, key)
        with open(path, "w") as f:
            f.write(value + "\n")
        rc, out, err = vox("settings", "set", key, "--from-file", path)
        check(f"settings set {key}", rc == 0 and value not in out, out + err)
    for key, value in {"zalo.app_id": APP_ID, "facebook.page_id": PAGE_ID,
                       "zalo.api_url": f"http://127.0.0.1:{zport}", "facebook.graph_url": f"http://127.0.0.1:{gport}",
                       "outbox.retry_base_seconds": "1", "outbox.timeout_seconds": "2",
                       "webhook.url": f"http://127.0.0.1:{hport}/vox", "publish.base_url": BASE_URL,
                       "office_name": "UBND phường Demo", "zalo.article_cover_url": f"{BASE_URL}/logo.png",
                       "zalo.article_author": "UBND phường Demo"}.items():
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

        # ---- a screenshot sent to the OA: its text is read, the image is not kept.
        r = zalo_image_post(api, "msg-img-1", f"http://127.0.0.1:{iport}/shot.png", USER_B)
        check("a signed Zalo image event accepted", r.status == 200, r.text)
        item = wait_for(lambda: next((i for i in json.loads(vox("items", "--json", "--source", "zalo")[1] or "[]")
                                      if i["id"] == "msg-img-1"), None), timeout=60)
        check("the screenshot's text is the item's text, labelled as read from an image",
              bool(item) and "lừa đảo" in item["text"] and "Bến Vân" in item["text"] and
              "from_image" in item.get("labels", []), json.dumps(item, ensure_ascii=False)[:400])
        check("a case opened for the screenshot", bool(wait_for(lambda: case_of(api, "item:zalo/msg-img-1"))))
        r = zalo_image_post(api, "msg-img-2", f"http://127.0.0.1:{iport}/page.html", USER_B)
        time.sleep(1.5)
        rc, out, _ = vox("items", "--json", "--source", "zalo")
        check("an image URL that serves no image stores nothing", rc == 0 and "msg-img-2" not in out, out[-300:])
        png = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "ocr", "testdata",
                                "dark.png"), "rb").read()
        if not PG:
            raw = b"".join(open(DB + x, "rb").read() for x in ("", "-wal") if os.path.exists(DB + x))
            check("the image is not kept in the store", png[100:164] not in raw)

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

        # ---- publishing an answer to a rumour: the feeds, the webhook, the Page.
        fc = {"id": "fc-nuoc-1", "claim": "Nhà máy nước thị xã bị nhiễm độc, không được dùng nước máy",
              "verdict": "Sai", "url": "https://ubnd.example.vn/kiem-chung/nuoc-may", "rating": 1,
              "appearance": "https://news.example.vn/bai/nuoc-nhiem-doc"}
        fc_path = os.path.join(TMP, "fc.jsonl")
        with open(fc_path, "w") as f:
            f.write(json.dumps(fc, ensure_ascii=False) + "\n")
        rc, out, err = vox("factcheck", "import", fc_path)
        check("a fact-check imported", rc == 0, out + err)
        r = api.call("POST", "/api/v1/cases", {"kind": "rumour", "title": "Bà Lan ở tổ 5 nói nước máy nhiễm độc",
                                               "origin": "hand", "links": [{"kind": "factcheck", "ref": "fc-nuoc-1"}]})
        check("a rumour case linked to the fact-check", r.status == 201, r.text[:300])
        case_r = r.json or {"id": 0}
        r = api.call("POST", "/api/v1/cases", {"kind": "question", "title": "Hỏi riêng", "origin": "hand"})
        case_q = r.json or {"id": 0}
        r = api.call("PATCH", f"/api/v1/cases/{case_r['id']}",
                     {"version": case_r.get("version", 0), "state": "published", "publish_to": ["feed", "telegram"]})
        check("an unknown target is refused with the field named",
              r.status == 400 and (r.json or {}).get("field") == "publish_to", r.text)
        r = api.call("PATCH", f"/api/v1/cases/{case_r['id']}",
                     {"version": case_r.get("version", 0), "state": "published", "publish_to": ["feed"]})
        check("publishing an answer not written and approved is refused", r.status == 400, r.text)
        HOOK.script = ["500", "ok"]
        answer_r = ("Thông tin nước máy bị nhiễm độc là sai. Kết quả xét nghiệm ngày 5/12 của Trung tâm Kiểm soát "
                    "bệnh tật đạt chuẩn; người dân dùng nước bình thường.")
        r = publish(api, case_r["id"], answer_r, unit_id, ["feed", "webhook", "facebook_page", "zalo_article"])
        check("the rumour's answer is published to four targets", r.status == 200 and r.json["state"] == "published",
              r.text[:300])
        r = publish(api, case_q["id"], "Trả lời riêng cho người hỏi.", unit_id)
        check("a case published without targets", r.status == 200, r.text[:300])
        done = wait_for(lambda: len([s for s in sends_of(api, case_r["id"]) if s["state"] == "sent"]) == 4, timeout=20)
        check("the four sends are sent", bool(done), json.dumps(sends_of(api, case_r["id"])))
        check("the Zalo OA has one article with the answer and its link, verified once",
              len(ZALO.articles) == 1 and ZALO.articles[0]["body"][0]["content"] == answer_r and
              ZALO.articles[0]["body"][1]["content"] == f"{BASE_URL}/tra-loi/{case_r['id']}" and
              ZALO.articles[0]["cover"]["photo_url"] == f"{BASE_URL}/logo.png" and ZALO.verified == ["atk-1"],
              json.dumps(ZALO.articles, ensure_ascii=False))
        check("the article's id is what the send records",
              any(s["channel"] == "zalo_article" and s["platform_id"] == "article-1" for s in sends_of(api, case_r["id"])),
              json.dumps(sends_of(api, case_r["id"])))
        check("the webhook receiver has it once, signed, after a 500",
              len(HOOK.delivered) == 1 and len(HOOK.posts) == 2 and
              HOOK.delivered[0]["body"]["answer"] == answer_r and
              HOOK.delivered[0]["body"]["url"] == f"{BASE_URL}/tra-loi/{case_r['id']}",
              json.dumps(HOOK.delivered, ensure_ascii=False) + str(len(HOOK.posts)))
        check("the webhook carries no case title or person",
              all("Bà Lan" not in p[2].decode() for p in HOOK.posts))
        check("the Page has one post with the answer and its link",
              len(PAGE_POSTS) == 1 and PAGE_POSTS[0]["message"].startswith(answer_r) and
              PAGE_POSTS[0]["link"] == f"{BASE_URL}/tra-loi/{case_r['id']}", json.dumps(PAGE_POSTS, ensure_ascii=False))
        r = api.call("GET", f"/api/v1/cases/{case_r['id']}/reach")
        ans = ((r.json or {}).get("answers") or [{}])[0]
        check("reach: the Page post's engagement read back from Graph",
              r.status == 200 and ans.get("reactions") == 37 and ans.get("comments") == 5 and ans.get("shares") == 12
              and r.json.get("answer_engagement") == 54, r.text[:400])
        r = Api(port, "").call("GET", f"/api/v1/cases/{case_r['id']}/reach")
        check("reach needs a sign-in", r.status == 401, str(r.status))
        # Reach on a schedule: the server reads the Page's answer by itself (reach.interval_minutes, default
        # hourly; the first reading soon after the post) and keeps each reading for the case page.
        def history():
            r = api.call("GET", f"/api/v1/cases/{case_r['id']}/reach")
            return (r.json or {}).get("history") if r.status == 200 else None
        hist = wait_for(lambda: history(), timeout=30, step=0.5)
        check("reach: a reading taken on schedule, with the post's insights",
              hist and len(hist) == 1 and hist[0].get("engagement") == 54 and hist[0].get("impressions") == 4321
              and hist[0].get("reactions") == 37 and hist[0].get("at"), json.dumps(hist))
        check("... read with the newer insights metric", GRAPH.insights[:1] == [
              f"/{PAGE_POSTS[0]['id']}/insights/post_total_media_view_unique"] if PAGE_POSTS else False, GRAPH.insights)
        time.sleep(11)
        check("... and not again before the interval", len(history() or []) == 1, json.dumps(history()))
        rc, out, _ = vox("settings", "get", "reach.interval_minutes")
        check("the interval's default is an hour", rc == 0 and out.strip() == "60", out)
        r = api.call("GET", f"/api/v1/outbox?channel=webhook")
        check("the outbox lists one channel's sends",
              r.status == 200 and [x["channel"] for x in r.json] == ["webhook"], r.text[:300])
        r = api.call("GET", f"/api/v1/outbox?channel=sms")
        check("an unknown channel: 400", r.status == 400 and "channel" in r.text, r.text)
        pub = Api(port, "")
        r = pub.call("GET", "/feeds/answers.atom")
        ns = {"a": "http://www.w3.org/2005/Atom"}
        try:
            feed = ET.fromstring(r.text.encode())
        except ET.ParseError as e:
            feed = None
            check("the Atom feed parses", False, str(e))
        entries = feed.findall("a:entry", ns) if feed is not None else []
        check("the Atom feed is public XML with one entry",
              r.status == 200 and "atom+xml" in r.getheader("Content-Type", "") and len(entries) == 1, r.text[:500])
        if entries:
            e = entries[0]
            check("the entry has the answer, its page and a date",
                  e.find("a:content", ns).text == answer_r and
                  e.find("a:link", ns).get("href") == f"{BASE_URL}/tra-loi/{case_r['id']}" and
                  re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e.find("a:updated", ns).text or "") is not None,
                  ET.tostring(e, encoding="unicode"))
            check("the feed has every element Atom requires",
                  all(feed.find(f"a:{x}", ns) is not None for x in ("id", "title", "updated", "author")) and
                  all(e.find(f"a:{x}", ns) is not None for x in ("id", "title", "updated")))
        check("the feed holds no case title", "Bà Lan" not in r.text and "Hỏi riêng" not in r.text)
        r = pub.call("GET", "/feeds/claimreview.json")
        doc = r.json or {}
        graph = doc.get("@graph", [])
        cr = graph[0] if graph else {}
        check("the ClaimReview feed has the rumour's review",
              r.status == 200 and len(graph) == 1 and cr.get("@type") == "ClaimReview" and
              cr.get("claimReviewed") == fc["claim"] and cr.get("reviewRating", {}).get("alternateName") == "Sai" and
              cr.get("url") == f"{BASE_URL}/tra-loi/{case_r['id']}" and
              cr.get("author", {}).get("name") == "UBND phường Demo" and
              cr.get("itemReviewed", {}).get("appearance", [{}])[0].get("url") == fc["appearance"], r.text[:800])
        try:
            if "/usr/lib/python3/dist-packages" not in sys.path:
                sys.path.append("/usr/lib/python3/dist-packages")  # Debian's python3-pyld under another python3
            from pyld import jsonld
            ctx = {"@context": {"@vocab": "https://schema.org/"}}
            jsonld.set_document_loader(lambda url, options=None: {
                "contextUrl": None, "documentUrl": url, "document": ctx})
            expanded = jsonld.expand(doc)
            flat = json.dumps(expanded)
            check("a JSON-LD processor reads it as schema.org ClaimReview",
                  "https://schema.org/ClaimReview" in flat and "https://schema.org/claimReviewed" in flat and
                  "https://schema.org/reviewRating" in flat, flat[:400])
        except ImportError:
            check("pyld (python3-pyld) is installed for the JSON-LD check", False)
        other = os.path.join(TMP, "other.db")
        subprocess.run([VOX, "--db", other, "init"], capture_output=True, env=ENV)
        p = subprocess.run([VOX, "--db", other, "factcheck", "import", f"http://127.0.0.1:{port}/feeds/claimreview.json"],
                           capture_output=True, text=True, env=ENV)
        p2 = subprocess.run([VOX, "--db", other, "factcheck", "list", "--json"], capture_output=True, text=True, env=ENV)
        check("another Vox imports the ClaimReview feed", p.returncode == 0 and fc["claim"] in p2.stdout and
              answer_r[:40] in p2.stdout, p.stdout + p.stderr + p2.stdout[:300])
        r = pub.call("GET", f"/tra-loi/{case_r['id']}")
        m = re.search(r'<script type="application/ld\+json">(.*?)</script>', r.text, re.S)
        check("the answer's public page has the answer and its ClaimReview",
              r.status == 200 and "nhiễm độc là sai" in r.text and m is not None and
              json.loads(m.group(1)).get("claimReviewed") == fc["claim"], r.text[:500])
        r = pub.call("GET", f"/tra-loi/{case_q['id']}")
        check("a case not published to the feed has no public page", r.status == 404, str(r.status))
        r = pub.call("GET", "/tra-loi/99999999")
        check("an unknown case: 404", r.status == 404, str(r.status))

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
        if PG:
            out = subprocess.run(["psql", "-At", "-F", "|", DB, "-c",
                                  f"SELECT state, attempt_key FROM outbox WHERE case_id = {int(case_d['id'])}"],
                                 capture_output=True, text=True).stdout.strip()
            row = tuple(out.split("|")) if out else None
        else:
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
    if PG:
        raw = subprocess.run(["pg_dump", "--data-only", f"--schema={PG_SCHEMA}", os.environ["VOX_TEST_PG"]],
                             capture_output=True).stdout
        check("the PostgreSQL store was dumped for the next check", b"COPY" in raw and b"outbox" in raw, raw[:200])
    for extra in ("", "-wal"):
        if not PG and os.path.exists(DB + extra):
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
    check("vox outbox list", rc == 0 and out.count(" sent ") == 9, out + err)
    rc, out, err = vox("audit", "verify")
    check("the audit chain is intact", rc == 0, out + err)
    zsrv.shutdown()
    gsrv.shutdown()
    hsrv.shutdown()
    isrv.shutdown()
    if PG:
        subprocess.run(["psql", "-q", os.environ["VOX_TEST_PG"], "-c", f"DROP SCHEMA {PG_SCHEMA} CASCADE"])
    return finish()


if __name__ == "__main__":
    sys.exit(main())
