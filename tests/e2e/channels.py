#!/usr/bin/env python3
"""End-to-end tests of the channels' webhooks against a real `vox serve` on loopback.

  tests/e2e/channels.py PATH/TO/vox

Settings: secrets from a file, sealed at rest, never echoed nor audited.
Zalo: a signed text event becomes an item of kind message whose sender is only a
pseudonym; unsigned, wrongly signed, stale and replayed events are refused with
nothing stored; follows are counted. Facebook: the hub.challenge handshake; a
signed Page comment and Messenger message become the same items (ids, kinds,
parents, pseudonyms) as `vox ingest` of the same payload from a file; missing or
wrong signatures refused. A Messenger image attachment is fetched from a local
server standing for Facebook's CDN, its text read and stored as the message's
text (label from_image), the image kept nowhere; a sticker is not fetched.
A 2 MB body is refused. Signatures are computed here
with hashlib / hmac, independently of Vox.
"""
import calendar
import hashlib
import hmac
import http.client
import http.server
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import check, finish  # noqa: E402

VOX = os.path.realpath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="vox_channels_e2e_")
DB = os.path.join(TMP, "vox.db")
DB2 = os.path.join(TMP, "file.db")
NOW = "2026-10-01T09:00:00+07:00"
NOW_S = calendar.timegm(time.strptime("2026-10-01T02:00:00", "%Y-%m-%dT%H:%M:%S"))
NOW_MS = NOW_S * 1000
ENV = dict(os.environ, VOX_NOW=NOW)

APP_ID = "360846524940903967"
OA_SECRET = "OaSecret-8fK2mQ9xV4"
FB_SECRET = "fb-app-secret-1f2e3d4c"
VERIFY = "verify-me-7788"
SENDER = "4001234567890123"   # a Zalo user id: must never be stored or listed
FB_SENDER = "7000123456"       # a Messenger PSID
FB_COMMENTER = "9004004004"

def vox(*args, db=DB, env=ENV):
    p = subprocess.run([VOX, "--db", db, *args], capture_output=True, text=True, env=env)
    return p.returncode, p.stdout, p.stderr


def call(port, method, path, body=b"", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    h = {"Host": "127.0.0.1", "Content-Type": "application/json"}
    h.update(headers or {})
    conn.request(method, path, body=body if method != "GET" else None, headers=h)
    r = conn.getresponse()
    text = r.read().decode("utf-8", "replace")
    conn.close()
    try:
        r.json = json.loads(text) if text else None
    except ValueError:
        r.json = None
    r.text = text
    return r


def start_server(db):
    log = open(os.path.join(TMP, os.path.basename(db) + ".serve.out"), "w+")
    srv = subprocess.Popen([VOX, "--db", db, "serve", "--listen", "127.0.0.1:0"], stdout=log,
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


def stop_server(srv):
    srv.terminate()
    srv.wait(timeout=10)


def items(db=DB):
    rc, out, _ = vox("items", "--json", "--limit", "1000", db=db)
    return {(i["source"], i["id"]): i for i in json.loads(out)} if rc == 0 and out.strip() else {}, out


def wait_items(keys, db=DB, timeout=5.0):
    deadline = time.time() + timeout
    while True:
        got, out = items(db)
        if all(k in got for k in keys) or time.time() > deadline:
            return got, out
        time.sleep(0.1)


def db_rows(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT s.name, i.ext_id, i.kind, i.parent_id, i.text, i.author_key FROM items i "
                       "JOIN sources s ON s.id = i.source_id").fetchall()
    con.close()
    return {(r[0], r[1]): r for r in rows}


def pseudonym(db, author):
    key = bytes.fromhex(open(db + ".key").read().strip())
    return hmac.new(key, author.encode(), hashlib.sha256).digest()[:16].hex()


def zalo_event(msg_id, text, ts_ms, event="user_send_text", sender=SENDER):
    ev = {"app_id": APP_ID, "user_id_by_app": "5001", "event_name": event, "sender": {"id": sender},
          "recipient": {"id": "oa-1"}, "message": {"msg_id": msg_id, "text": text}, "timestamp": str(ts_ms)}
    return json.dumps(ev, ensure_ascii=False).encode()


def zalo_sig(body, ts_ms, secret=OA_SECRET):
    return "mac=" + hashlib.sha256(APP_ID.encode() + body + str(ts_ms).encode() + secret.encode()).hexdigest()


def fb_sig(body, secret=FB_SECRET):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


OCR_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "ocr", "testdata")
CDN_GETS = []  # paths the image server was asked for


class CdnHandler(http.server.BaseHTTPRequestHandler):
    """Facebook's attachment CDN: a screenshot, a sticker, and a page that is not an image."""

    def do_GET(self):
        CDN_GETS.append(self.path)
        if self.path in ("/shot.png", "/sticker.png"):
            data, ctype = open(os.path.join(OCR_DATA, "light.png"), "rb").read(), "image/png"
        else:
            data, ctype = b"<html>not an image</html>", "text/html"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *a):
        pass


def messenger_images(cdn):
    t = NOW_S * 1000

    def ev(mid, att, text=None):
        m = {"mid": mid, "attachments": [att]}
        if text:
            m["text"] = text
        return {"sender": {"id": FB_SENDER}, "recipient": {"id": "1001"}, "timestamp": t, "message": m}
    return {"object": "page", "entry": [{"id": "1001", "time": t, "messaging": [
        ev("m_img_shot", {"type": "image", "payload": {"url": cdn + "/shot.png"}}, "Tin này có thật không?"),
        ev("m_img_sticker", {"type": "image", "payload": {"url": cdn + "/sticker.png", "sticker_id": 369239263222822}}),
        ev("m_img_page", {"type": "image", "payload": {"url": cdn + "/page.html"}}),
    ]}]}


def main():
    check("init", vox("init")[0] == 0)

    # ---- not configured: the webhooks are not there
    srv, port, _ = start_server(DB)
    check("server announced its port", port > 0)
    try:
        r = call(port, "POST", "/hooks/zalo", b"{}")
        check("zalo webhook not configured: 404 JSON", r.status == 404 and (r.json or {}).get("error"), r.text)
        r = call(port, "GET", "/hooks/facebook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1")
        check("facebook webhook not configured: 404 JSON", r.status == 404 and (r.json or {}).get("error"), r.text)
    finally:
        stop_server(srv)

    # ---- settings
    secret_file = os.path.join(TMP, "oa-secret.txt")
    with open(secret_file, "w") as f:
        f.write(OA_SECRET + "\n")
    fb_file = os.path.join(TMP, "fb-secret.txt")
    with open(fb_file, "w") as f:
        f.write(FB_SECRET + "\n")
    rc, out, err = vox("settings", "set", "zalo.app_id", APP_ID)
    check("settings set zalo.app_id", rc == 0, err)
    rc, out, err = vox("settings", "set", "zalo.oa_secret_key", "--from-file", secret_file)
    check("settings set zalo.oa_secret_key --from-file", rc == 0 and OA_SECRET not in out, out + err)
    rc, out, err = vox("settings", "set", "facebook.app_secret", "--from-file", fb_file)
    check("settings set facebook.app_secret --from-file", rc == 0, err)
    rc, out, err = vox("settings", "set", "facebook.verify_token", VERIFY)
    check("settings set facebook.verify_token", rc == 0 and VERIFY not in out, out + err)
    rc, out, err = vox("settings", "set", "zalo.app_id", "not-digits")
    check("a malformed id is refused", rc != 0 and "zalo.app_id" in err, err)
    rc, out, err = vox("settings", "set", "facebook.graph_url", "ftp://x")
    check("a non-http URL is refused", rc != 0, err)
    rc, out, err = vox("settings", "get", "zalo.oa_secret_key")
    check("get of a secret: (set), never the value", rc == 0 and out.strip() == "(set)" and OA_SECRET not in out, out)
    rc, out, err = vox("settings", "get", "zalo.access_token")
    check("get of an unset secret: (not set)", rc == 0 and out.strip() == "(not set)", out)
    rc, out, err = vox("settings", "get", "zalo.api_url")
    check("zalo.api_url default", rc == 0 and out.strip() == "https://openapi.zalo.me", out)
    rc, out, err = vox("settings", "get", "facebook.graph_url")
    check("facebook.graph_url default", rc == 0 and out.strip() == "https://graph.facebook.com", out)
    rc, out, err = vox("settings", "get", "zalo.app_id")
    check("get of an id shows it", rc == 0 and out.strip() == APP_ID, out)
    rc, out, err = vox("audit", "show", "--json")
    check("the audit records the secrets' change, not their values",
          rc == 0 and "setting:zalo.oa_secret_key" in out and OA_SECRET not in out and FB_SECRET not in out
          and VERIFY not in out, out[-600:])
    raw = open(DB, "rb").read()
    for extra in ("-wal",):
        if os.path.exists(DB + extra):
            raw += open(DB + extra, "rb").read()
    check("secrets are sealed at rest (not in the database file)",
          OA_SECRET.encode() not in raw and FB_SECRET.encode() not in raw and VERIFY.encode() not in raw)

    srv, port, log = start_server(DB)
    check("server with channels announced its port", port > 0)
    try:
        run_zalo(port)
        run_facebook(port)
        big = b'{"pad":"' + b"x" * (2 * 1024 * 1024) + b'"}'
        r = call(port, "POST", "/hooks/zalo", big, {"X-ZEvent-Signature": zalo_sig(big, NOW_MS)})
        check("a 2 MB body is refused (zalo)", r.status == 413, f"{r.status} {r.text[:200]}")
        r = call(port, "POST", "/hooks/facebook", big, {"X-Hub-Signature-256": fb_sig(big)})
        check("a 2 MB body is refused (facebook)", r.status == 413, f"{r.status} {r.text[:200]}")
    finally:
        stop_server(srv)
    log.seek(0)
    served = log.read()
    check("the server's log names no sender", SENDER not in served and FB_SENDER not in served, served[-400:])

    # After the server stopped, everything it accepted is in the store.
    got, out = items()
    check("nothing refused was stored", not any(k[1].startswith("z-bad") for k in got), out[-400:])
    shutil.rmtree(TMP, ignore_errors=True)
    return finish()


def run_zalo(port):
    text = "Cho hỏi đường Lê Lợi tổ 5 ngập nước từ sáng, bao giờ có người đến xử lý ạ?"
    body = zalo_event("z-1", text, NOW_MS)
    r = call(port, "POST", "/hooks/zalo", body, {"X-ZEvent-Signature": zalo_sig(body, NOW_MS)})
    check("signed Zalo text event: 200", r.status == 200 and (r.json or {}).get("ok") is True, f"{r.status} {r.text}")
    got, out = wait_items([("zalo", "z-1")])
    it = got.get(("zalo", "z-1"), {})
    check("the event is an item of kind message shortly after", it.get("kind") == "message", out[-400:])
    check("its text is the message's", "Lê Lợi" in it.get("text", ""), it.get("text", ""))
    check("the raw sender id is not listed", SENDER not in out)
    rows = db_rows(DB)
    row = rows.get(("zalo", "z-1"))
    check("the sender is stored only as its pseudonym",
          row is not None and row[5] == pseudonym(DB, SENDER) and all(SENDER not in str(c) for c in row), str(row))

    refused = []
    # unsigned
    b = zalo_event("z-bad-unsigned", "tin chưa ký", NOW_MS)
    r = call(port, "POST", "/hooks/zalo", b)
    refused.append(("unsigned", r, 401))
    # wrongly signed: another key, and a body changed after signing
    b = zalo_event("z-bad-key", "tin ký sai", NOW_MS)
    r = call(port, "POST", "/hooks/zalo", b, {"X-ZEvent-Signature": zalo_sig(b, NOW_MS, "another-secret")})
    refused.append(("wrong key", r, 403))
    b = zalo_event("z-bad-edit", "tin bị sửa", NOW_MS)
    sig = zalo_sig(b, NOW_MS)
    r = call(port, "POST", "/hooks/zalo", b.replace("sửa".encode(), "đổi".encode()), {"X-ZEvent-Signature": sig})
    refused.append(("body changed after signing", r, 403))
    # stale, either way, though correctly signed
    for name, ts in (("6 minutes old", NOW_MS - 6 * 60 * 1000), ("6 minutes ahead", NOW_MS + 6 * 60 * 1000)):
        b = zalo_event("z-bad-stale-" + name[:1], "tin cũ", ts)
        r = call(port, "POST", "/hooks/zalo", b, {"X-ZEvent-Signature": zalo_sig(b, ts)})
        refused.append(("stale, " + name, r, 403))
    # replayed: the very request accepted above
    r = call(port, "POST", "/hooks/zalo", body, {"X-ZEvent-Signature": zalo_sig(body, NOW_MS)})
    refused.append(("replayed", r, 409))
    # replayed id in a new, correctly signed request
    b = zalo_event("z-1", "tin khác cùng mã", NOW_MS + 1000)
    r = call(port, "POST", "/hooks/zalo", b, {"X-ZEvent-Signature": zalo_sig(b, NOW_MS + 1000)})
    refused.append(("replayed message id", r, 409))
    for name, r, code in refused:
        check(f"zalo {name}: refused {code} with a JSON error",
              r.status == code and isinstance(r.json, dict) and r.json.get("error"), f"{r.status} {r.text[:200]}")
    # odd types in a signed event: a clean answer, never a server error
    odd = json.dumps({"app_id": int(APP_ID), "event_name": 7, "message": {"msg_id": 12345, "text": 5},
                      "timestamp": NOW_MS + 500}).encode()
    r = call(port, "POST", "/hooks/zalo", odd, {"X-ZEvent-Signature": zalo_sig(odd, NOW_MS + 500)})
    check("a signed event with odd field types: accepted or refused, not a 500", r.status in (200, 400), r.text)
    # follow: counted, not stored per person
    follow = json.dumps({"app_id": APP_ID, "event_name": "follow", "follower": {"id": SENDER},
                         "timestamp": str(NOW_MS + 2000), "user_id_by_app": "5001"}).encode()
    r = call(port, "POST", "/hooks/zalo", follow, {"X-ZEvent-Signature": zalo_sig(follow, NOW_MS + 2000)})
    check("signed follow event: 200", r.status == 200, r.text)
    r = call(port, "POST", "/hooks/zalo", follow, {"X-ZEvent-Signature": zalo_sig(follow, NOW_MS + 2000)})
    check("the same follow request again: replay refused", r.status == 409, r.text)
    # A last accepted event: once it is in, everything before it was processed.
    b = zalo_event("z-2", "Xin hỏi lịch tiêm chủng tháng 10 ở trạm y tế phường", NOW_MS + 3000)
    r = call(port, "POST", "/hooks/zalo", b, {"X-ZEvent-Signature": zalo_sig(b, NOW_MS + 3000)})
    check("a second signed event: 200", r.status == 200, r.text)
    got, out = wait_items([("zalo", "z-2")])
    check("nothing of a refused event was stored",
          ("zalo", "z-2") in got and not any(k[1].startswith("z-bad") for k in got) and "tin khác cùng mã" not in out
          and got.get(("zalo", "z-1"), {}).get("revisions", 0) == 0, out[-400:])
    rc, out, _ = vox("settings", "get", "zalo.count.follow")
    check("the follow was counted once", rc == 0 and out.strip() == "1", out)
    check("no item for the follow", not any(i.get("kind") != "message" for k, i in got.items() if k[0] == "zalo"))


def facebook_payload():
    t = NOW_S
    return {
        "object": "page",
        "entry": [
            {"id": "1001", "time": t, "changes": [
                {"field": "feed", "value": {
                    "from": {"id": FB_COMMENTER, "name": "Người dân"},
                    "post": {"status_type": "mobile_status_update", "id": "1001_2001"},
                    "message": "Khu tôi ở tổ 7 vẫn chưa có nước từ hôm qua",
                    "post_id": "1001_2001", "comment_id": "2001_3010", "created_time": t,
                    "item": "comment", "parent_id": "1001_2001", "verb": "add"}}]},
            {"id": "1001", "time": t * 1000, "messaging": [
                {"sender": {"id": FB_SENDER}, "recipient": {"id": "1001"}, "timestamp": t * 1000,
                 "message": {"mid": "m_AbC123xyz", "text": "Cho em hỏi bao giờ có nước lại ạ? Nhà em ở tổ 5."}}]},
        ],
    }


def run_facebook(port):
    q = "/hooks/facebook?hub.mode=subscribe&hub.verify_token=" + VERIFY + "&hub.challenge=1158201444"
    r = call(port, "GET", q)
    check("facebook handshake: the challenge echoed as text/plain",
          r.status == 200 and r.text == "1158201444" and "text/plain" in (r.getheader("Content-Type") or ""),
          f"{r.status} {r.text[:200]}")
    r = call(port, "GET", "/hooks/facebook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444")
    check("facebook handshake with a wrong token: 403", r.status == 403 and "1158201444" not in r.text, r.text)
    r = call(port, "GET", "/hooks/facebook?hub.mode=unsubscribe&hub.verify_token=" + VERIFY + "&hub.challenge=5")
    check("facebook handshake with another mode: 403", r.status == 403, r.text)

    payload = facebook_payload()
    body = json.dumps(payload, ensure_ascii=False).encode()
    r = call(port, "POST", "/hooks/facebook", body)
    check("facebook unsigned: 401", r.status == 401 and (r.json or {}).get("error"), r.text)
    r = call(port, "POST", "/hooks/facebook", body, {"X-Hub-Signature-256": fb_sig(body, "wrong-secret")})
    check("facebook wrongly signed: 403", r.status == 403 and (r.json or {}).get("error"), r.text)
    r = call(port, "POST", "/hooks/facebook", body, {"X-Hub-Signature-256": fb_sig(body)[:-2] + "00"})
    check("facebook signature altered: 403", r.status == 403, r.text)
    got, _ = items()
    check("nothing stored from refused Facebook requests",
          ("facebook", "2001_3010") not in got and ("facebook", "m_AbC123xyz") not in got)
    odd = b'{"object": 5, "entry": []}'
    r = call(port, "POST", "/hooks/facebook", odd, {"X-Hub-Signature-256": fb_sig(odd)})
    check("facebook signed but not a Page payload: 400", r.status == 400 and (r.json or {}).get("error"), r.text)
    r = call(port, "POST", "/hooks/facebook", body, {"X-Hub-Signature-256": fb_sig(body)})
    check("facebook signed: 200", r.status == 200, f"{r.status} {r.text}")
    keys = [("facebook", "2001_3010"), ("facebook", "m_AbC123xyz")]
    got, out = wait_items(keys)
    check("the Page comment is a comment under its post",
          got.get(keys[0], {}).get("kind") == "comment" and got.get(keys[0], {}).get("parent_id") == "1001_2001",
          out[-400:])
    check("the Messenger message is a message", got.get(keys[1], {}).get("kind") == "message", out[-400:])
    check("no Facebook sender is listed", FB_SENDER not in out and FB_COMMENTER not in out)

    # The same payload from a file, into a second store with the same pseudonym key.
    shutil.copy(DB + ".key", DB2 + ".key")
    os.chmod(DB2 + ".key", 0o600)
    check("second store", vox("init", db=DB2)[0] == 0)
    path = os.path.join(TMP, "webhook.json")
    with open(path, "wb") as f:
        f.write(body)
    rc, out, err = vox("ingest", "--format", "facebook", path, db=DB2)
    check("vox ingest of the same payload", rc == 0, err)
    live, filed = db_rows(DB), db_rows(DB2)
    for k in keys:
        a, b = live.get(k), filed.get(k)
        check(f"{k[1]}: the same item as the file reader makes (id, kind, parent, text, pseudonym)",
              a is not None and a == b, f"{a} vs {b}")
    check("the senders are only pseudonyms",
          live.get(keys[1]) is not None and live[keys[1]][5] == pseudonym(DB, FB_SENDER) and
          live.get(keys[0]) is not None and live[keys[0]][5] == pseudonym(DB, FB_COMMENTER))
    # Delivered again (Facebook retries): the same items, nothing doubled.
    r = call(port, "POST", "/hooks/facebook", body, {"X-Hub-Signature-256": fb_sig(body)})
    check("a repeated delivery is accepted", r.status == 200, r.text)
    time.sleep(0.5)
    got2, _ = items()
    check("and doubles nothing", len([k for k in got2 if k[0] == "facebook"]) == 2)

    # ---- Messenger images: read like Zalo's, through the same fetch and OCR.
    cdn = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CdnHandler)
    cdn.daemon_threads = True
    threading.Thread(target=cdn.serve_forever, daemon=True).start()
    try:
        body = json.dumps(messenger_images(f"http://127.0.0.1:{cdn.server_address[1]}"), ensure_ascii=False).encode()
        r = call(port, "POST", "/hooks/facebook", body, {"X-Hub-Signature-256": fb_sig(body)})
        check("a signed Messenger delivery with images: 200", r.status == 200, r.text)
        key = ("facebook", "m_img_shot")
        got, out = wait_items([key], timeout=60)
        item = got.get(key, {})
        check("the screenshot's text is the message's text, after its caption",
              item.get("text", "").startswith("Tin này có thật không?\n") and "lừa đảo" in item.get("text", ""),
              json.dumps(item, ensure_ascii=False)[:400])
        check("... labelled as read from an image", "from_image" in item.get("labels", []), item)
        time.sleep(0.5)
        got, out = items()
        check("a sticker is not fetched and, without text, is no item",
              "/sticker.png" not in CDN_GETS and ("facebook", "m_img_sticker") not in got, CDN_GETS)
        check("a URL that serves no image stores nothing", "/page.html" in CDN_GETS and ("facebook", "m_img_page") not in got,
              CDN_GETS)
        raw = b"".join(open(os.path.join(TMP, f), "rb").read() for f in os.listdir(TMP)
                       if f.startswith("vox.db") and os.path.isfile(os.path.join(TMP, f)))
        png = open(os.path.join(OCR_DATA, "light.png"), "rb").read()
        check("the image is not kept in the store", png[100:164] not in raw and b"IHDR" not in raw)
        check("... nor its URL", b"/shot.png" not in raw)
        rc, out, _ = vox("case", "list", "--json")
        opened = [c for c in (json.loads(out) if rc == 0 and out.strip().startswith("[") else [])
                  if c.get("origin_ref") == "item:facebook/m_img_shot"]
        check("the image message opens its case like a text message", len(opened) == 1, out[-400:])
    finally:
        cdn.shutdown()


if __name__ == "__main__":
    sys.exit(main())
