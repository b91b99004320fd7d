#!/usr/bin/env python3
"""End-to-end test of the public web form (/gop-y) against a real `vox serve`.

    python3 tests/e2e/tipline.py PATH/TO/vox

A citizen writes in without an account: the submission becomes an item of kind
message and a case; the sender gets a reference whose status page shows the
case's progress and, once published, the office's answer. Contact details are
kept only with the consent box ticked, sealed on the case. Checks the refusals
(empty, too long, contact without consent, wrong encoding), the honeypot, the
per-address limit, forged references, and that the page holds the strict CSP.
A screenshot sent with the form (multipart/form-data; a PNG of Vietnamese text
rendered here by chromium, as bench/ocr_screens.mjs renders its screens) is
read: its text is searchable in the item, labelled from_image, and the image
is kept nowhere; refusals of the multipart form (not an image, too large,
malformed) answer 400/413 in Vietnamese.
"""
import hashlib
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import check, finish  # noqa: E402

VOX = os.path.realpath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="vox_tipline_e2e_")
DB = os.path.join(TMP, "vox.db")
ENV = dict(os.environ)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def vox(*args):
    p = subprocess.run([VOX, "--db", DB, *args], capture_output=True, text=True, env=ENV)
    return p.returncode, p.stdout, p.stderr


def call(port, method, path, body=None, headers=None, form=None, src="127.0.0.1"):
    """`src`: the client's loopback address (the form counts submissions per address)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(src, 0))
    h = {"Host": "127.0.0.1"}
    if form is not None:
        body = urllib.parse.urlencode(form).encode()
        h["Content-Type"] = "application/x-www-form-urlencoded"
    elif isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse()
    r.text = r.read().decode("utf-8", "replace")
    try:
        r.json = json.loads(r.text) if r.text and r.text[0] in "[{" else None
    except ValueError:
        r.json = None
    conn.close()
    return r


def multipart(fields, files, boundary="----voxE2E7MA4YWxkTrZu0gW"):
    """A multipart/form-data body as a browser writes it: fields, then (name, filename, type, bytes) files."""
    out = b""
    for k, v in fields.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n").encode() + v.encode() + b"\r\n"
    for name, filename, ctype, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
                f"Content-Type: {ctype}\r\n\r\n").encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


SHOT_TEXT = "Tin đồn: nước máy phường Bến Cũ bị nhiễm độc, bà con không được dùng từ ngày mai."


def render_png(text):
    """A phone-like screenshot of `text` (PNG), rendered by headless chromium."""
    html = os.path.join(TMP, "shot.html")
    png = os.path.join(TMP, "shot.png")
    with open(html, "w", encoding="utf-8") as f:
        f.write("<!doctype html><html><head><meta charset='utf-8'></head><body style='margin:0;background:#fff;"
                "color:#050505;font:26px \\'DejaVu Sans\\';line-height:1.4'><div style='padding:18px;width:640px'>"
                f"{text}</div></body></html>")
    p = subprocess.run([os.environ.get("CHROMIUM", "/usr/bin/chromium"), "--headless=new", "--no-sandbox", "--disable-gpu",
                        "--hide-scrollbars", "--font-render-hinting=none", "--window-size=700,200",
                        f"--screenshot={png}", "file://" + html], capture_output=True, text=True, timeout=60)
    check("chromium rendered the screenshot", p.returncode == 0 and os.path.exists(png), p.stderr[-300:])
    return open(png, "rb").read() if os.path.exists(png) else b""


def ref_for(case_id):
    """The reference of a case, computed from the key file as docs/channels.md describes."""
    key = open(DB + ".contact-key", "rb").read()
    h = hashlib.blake2b(key=key, digest_size=16)
    h.update(b"vox-tipline-ref\0" + str(case_id).encode())
    return f"GY{case_id}-" + "".join(ALPHABET[b % len(ALPHABET)] for b in h.digest()[:8])


def main():
    rc, _, err = vox("init")
    check("init", rc == 0, err)
    log = open(os.path.join(TMP, "serve.out"), "w+")
    srv = subprocess.Popen([VOX, "--db", DB, "serve", "--listen", "127.0.0.1:0"], stdout=log,
                           stderr=subprocess.STDOUT, env=ENV)
    port = 0
    for _ in range(200):
        log.seek(0)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", log.read())
        if m:
            port = int(m.group(1))
            break
        time.sleep(0.05)
    check("server started", port > 0)
    try:
        run(port)
    finally:
        srv.terminate()
        srv.wait(timeout=10)
    shutil.rmtree(TMP, ignore_errors=True)
    return finish()


def run(port):
    # ---- The form
    r = call(port, "GET", "/gop-y")
    check("GET /gop-y: 200 HTML in Vietnamese", r.status == 200 and "text/html" in r.getheader("Content-Type", "")
          and 'lang="vi"' in r.text and "Gửi phản ánh" in r.text, r.status)
    check("... a form that posts to itself, with a file", '<form method="post" action="/gop-y" enctype="multipart/form-data">'
          in r.text and 'type="file"' in r.text and 'accept="image/png,image/jpeg,image/webp"' in r.text)
    check("... the wards of the office's gazetteer to choose from", "phường" in r.text and "<option" in r.text)
    check("... the concerns of its taxonomy", 'name="concern"' in r.text)
    check("... a separate consent box for contact details", 'name="consent"' in r.text)
    check("... no script and no inline style (the strict CSP holds)",
          "<script" not in r.text and "style=" not in r.text and "script-src 'self'" in r.getheader("Content-Security-Policy", ""))
    r = call(port, "GET", "/gop-y.css")
    check("its style sheet is served", r.status == 200 and "text/css" in r.getheader("Content-Type", ""))

    # ---- A submission with consented contact details
    text = "Cống trên đường Lê Lợi bị tắc, mưa là ngập. Tôi gọi 0912 345 678 mà không ai nghe?"
    r = call(port, "POST", "/gop-y", form={"text": text, "place": "phường Bến Cũ", "concern": "",
                                            "contact": "chị Hoa, 0987 654 321", "consent": "1", "website": ""})
    loc = r.getheader("Location", "")
    m = re.match(r"^/gop-y/(GY(\d+)-[A-Z2-9]{8})\?moi=1$", loc)
    check("a submission: 303 to its status page with a reference", r.status == 303 and m, f"{r.status} {loc}")
    ref, cid = (m.group(1), int(m.group(2))) if m else ("", 0)
    check("the reference is the case id and a keyed tag of it (docs/channels.md)", ref == ref_for(cid), ref)
    r = call(port, "GET", loc)
    check("the status page: received, with its reference", r.status == 200 and ref in r.text
          and "Đã tiếp nhận" in r.text and "Hạn trả lời" in r.text, r.text[:300])
    check("... it shows no contact details and no phone number", "0987" not in r.text and "0912" not in r.text)
    r = call(port, "GET", f"/gop-y/{ref.lower()}")
    check("a reference typed in lower case works too", r.status == 200 and "Đã tiếp nhận" in r.text)

    # The case: origin message, the text masked, the contact sealed.
    rc, out, err = vox("case", "show", str(cid))
    check("a case was opened from the message", rc == 0 and "message item:web-form/gy-" in out, out + err)
    check("... its title is the text, masked", "[SĐT]" in out and "0912" not in out, out)
    # The item: stored by the server's ingest thread.
    got = []
    for _ in range(50):
        rc, out, _ = vox("items", "--json", "--source", "web-form")
        got = json.loads(out) if rc == 0 and out.strip() else []
        if got:
            break
        time.sleep(0.1)
    check("an item of kind message from source web-form", len(got) == 1 and got[0]["kind"] == "message", got)
    item = got[0] if got else {}
    check("... its text masked, its place kept", "[SĐT]" in item.get("text", "") and "0912" not in item.get("text", "")
          and item.get("place") == "phường Bến Cũ", item)
    check("... and no author at all (the form asks for none)", "author" not in item or not item.get("author"), item)
    blob = b"".join(open(os.path.join(TMP, f), "rb").read() for f in os.listdir(TMP)
                    if f.startswith("vox.db") and os.path.isfile(os.path.join(TMP, f)))
    check("the contact is nowhere in the store's files in clear", "0987 654 321".encode() not in blob
          and "0912 345 678".encode() not in blob)
    rc, out, _ = vox("token", "add", "desk", "--role", "editor")
    token = out.strip().split()[-1] if rc == 0 else ""
    auth = {"Authorization": f"Bearer {token}"}
    r = call(port, "GET", f"/api/v1/cases/{cid}/contact", headers=auth)
    check("staff read the consented contact on the case", r.status == 200 and "0987 654 321" in (r.json or {}).get("contact", ""),
          r.text)
    rc, out, _ = vox("audit", "show")
    check("the audit log records the case as opened by the public web form", "public:web-form" in out, out[-400:])
    rc, out, _ = vox("audit", "verify")
    check("... and its chain verifies", rc == 0, out)

    # ---- Refusals keep nothing
    def cases():
        rc, out, _ = vox("case", "list", "--json")
        return len(json.loads(out)) if rc == 0 and out.strip().startswith("[") else -1
    before = cases()
    check("cases are counted", before > 0, before)
    r = call(port, "POST", "/gop-y", form={"text": "Đèn đường hỏng", "contact": "0911 111 111"})
    check("contact details without the consent box: 400 saying so", r.status == 400 and "đồng ý" in r.text, r.status)
    check("... the form keeps what was typed", "Đèn đường hỏng" in r.text)
    r = call(port, "POST", "/gop-y", form={"text": "   "})
    check("an empty text: 400", r.status == 400 and "nhập nội dung" in r.text, r.status)
    r = call(port, "POST", "/gop-y", form={"text": "x" * 4001})
    check("a text over 4,000 characters: 400", r.status == 400 and "4.000" in r.text, r.status)
    r = call(port, "POST", "/gop-y", body={"text": "json"})
    check("a JSON body: 400", r.status == 400, r.status)
    r = call(port, "POST", "/gop-y", body=b"text=%ZZ", headers={"Content-Type": "application/x-www-form-urlencoded"})
    check("malformed form encoding: 400", r.status == 400, r.status)
    r = call(port, "POST", "/gop-y", body=b"text=%C3%28", headers={"Content-Type": "application/x-www-form-urlencoded"})
    check("invalid UTF-8: 400", r.status == 400, r.status)
    r = call(port, "POST", "/gop-y", form={"text": "Mua thuốc giá rẻ", "concern": "not-a-concern"})
    check("a concern not in the taxonomy: 400", r.status == 400, r.status)
    r = call(port, "POST", "/gop-y", form={"text": "Khuyến mãi lớn http://spam.example", "website": "http://spam.example"})
    check("the honeypot filled: told 'sent'", r.status == 200 and "Đã gửi" in r.text, r.status)
    check("... and none of these kept a case", cases() == before, cases())

    # ---- A screenshot with the form (multipart/form-data), from another address
    SHOT_SRC = "127.0.0.2"
    png = render_png(SHOT_TEXT)
    check("the screenshot is a PNG", png[:8] == b"\x89PNG\r\n\x1a\n", png[:8])
    body, h = multipart({"text": "Có phải không?", "place": "", "concern": "", "contact": "", "website": ""},
                        [("image", "anh chup.png", "application/octet-stream", png)])
    r = call(port, "POST", "/gop-y", body=body, headers=h, src=SHOT_SRC)
    loc = r.getheader("Location", "")
    m = re.match(r"^/gop-y/(GY(\d+)-[A-Z2-9]{8})\?moi=1$", loc)
    check("a form with a screenshot: 303 to its status page", r.status == 303 and m, f"{r.status} {r.text[-300:]}")
    shot_cid = int(m.group(2)) if m else 0
    got = []
    for _ in range(100):
        rc, out, _ = vox("search", "nhiễm độc", "--json")
        got = [h for h in (json.loads(out) if rc == 0 and out.strip().startswith("[") else [])
               if h.get("source") == "web-form"]
        if got:
            break
        time.sleep(0.1)
    check("the screenshot's text is searchable in the form's item", len(got) == 1, out[-400:])
    rc, out, _ = vox("export", "items")
    items = [json.loads(line) for line in out.splitlines() if line.strip()]
    shot = [i for i in items if i.get("source") == "web-form" and "Có phải không?" in i.get("text", "")]
    check("... the item holds the typed text, then the text read", len(shot) == 1 and "nhiễm độc" in shot[0]["text"]
          and shot[0]["text"].index("Có phải không?") < shot[0]["text"].index("nhiễm độc"), shot)
    check("... labelled from_image", shot and "from_image" in shot[0].get("labels", []), shot)
    r = call(port, "GET", f"/api/v1/cases/{shot_cid}", headers=auth)
    check("... and its case's description holds the text read", r.status == 200
          and "nhiễm độc" in (r.json or {}).get("description", ""), r.text[-400:])
    blob = b"".join(open(os.path.join(root, f), "rb").read() for root, _, fs in os.walk(TMP) for f in fs
                    if f.startswith("vox.db") or root.endswith("hooks"))
    check("... the image is kept nowhere in the store or its spool", png[200:264] not in blob and b"IHDR" not in blob)
    # An image alone, no typed text: its text is the message.
    body, h = multipart({"text": ""}, [("image", "a.png", "image/png", png)])
    r = call(port, "POST", "/gop-y", body=body, headers=h, src=SHOT_SRC)
    check("a screenshot without typed text: accepted", r.status == 303, f"{r.status} {r.text[-300:]}")
    # Refusals of the multipart form, in Vietnamese, keeping nothing.
    before = cases()
    body, h = multipart({"text": "xem ảnh"}, [("image", "a.gif", "image/gif", b"GIF89a" + b"\0" * 64)])
    r = call(port, "POST", "/gop-y", body=body, headers=h, src=SHOT_SRC)
    check("a GIF (not PNG, JPEG or WebP by its bytes): 400 saying so", r.status == 400 and "PNG, JPEG hoặc WebP" in r.text,
          r.status)
    body, h = multipart({"text": "xem ảnh"}, [("image", "a.png", "image/png", b"<html>not an image</html>")])
    r = call(port, "POST", "/gop-y", body=body, headers=h, src=SHOT_SRC)
    check("a page called image/png: 400", r.status == 400 and "PNG, JPEG hoặc WebP" in r.text, r.status)
    body, h = multipart({"text": "ảnh lớn"}, [("image", "big.png", "image/png", png[:16] + b"\0" * (5 * 1024 * 1024))])
    r = call(port, "POST", "/gop-y", body=body, headers=h, src=SHOT_SRC)
    check("an image over 5 MB: 413 in Vietnamese on the form", r.status == 413 and "tối đa 5 MB" in r.text
          and "<form" in r.text, r.status)
    body, h = multipart({"text": "a"}, [])
    r = call(port, "POST", "/gop-y", body=body.replace(b"\r\n", b"\n"), headers=h, src=SHOT_SRC)
    check("a malformed multipart body: 400 in Vietnamese", r.status == 400 and "không hợp lệ" in r.text, r.status)
    body, h = multipart({"text": "a", "website": "http://spam.example"}, [("image", "a.png", "image/png", png)])
    r = call(port, "POST", "/gop-y", body=body, headers=h, src=SHOT_SRC)
    check("the honeypot holds for the multipart form too", r.status == 200 and "Đã gửi" in r.text, r.status)
    r = call(port, "POST", "/gop-y", body=b"x" * (9 * 1024 * 1024), headers=h, src=SHOT_SRC)
    check("a body over the route's 8 MiB: 413 before it is read", r.status == 413, r.status)
    check("... none of these kept a case", cases() == before, cases())

    # ---- Forged references
    for bad in [ref[:-1] + ("A" if ref[-1] != "A" else "B"), f"GY{cid + 1}-AAAAAAAA", "GY-1", "abc"]:
        r = call(port, "GET", f"/gop-y/{bad}")
        check(f"a forged reference {bad}: 404", r.status == 404 and "Không tìm thấy" in r.text, r.status)
    r = call(port, "POST", "/api/v1/cases", body={"kind": "concern", "title": "staff case"}, headers=auth)
    staff = (r.json or {}).get("id", 0)
    r = call(port, "GET", f"/gop-y/{ref_for(staff)}")
    check("a correctly tagged reference of a case not from the form: 404", staff and r.status == 404, r.status)

    # ---- The office answers; the status page shows it
    v = lambda: call(port, "GET", f"/api/v1/cases/{cid}", headers=auth).json["version"]  # noqa: E731
    answer = "UBND phường đã cho nạo vét cống đường Lê Lợi ngày 8/12. Cảm ơn bà con đã phản ánh."
    rc, out, _ = vox("unit", "add", "UBND phường Bến Cũ")
    units = call(port, "GET", "/api/v1/units", headers=auth).json or []
    unit = units[0]["id"] if units and isinstance(units, list) else (units.get("units") or [{}])[0].get("id")
    r = call(port, "PATCH", f"/api/v1/cases/{cid}", body={"version": v(), "state": "assigned", "unit_id": unit}, headers=auth)
    check("staff assign it to the ward", r.status == 200 and r.json.get("state") == "assigned", r.text)
    r = call(port, "PATCH", f"/api/v1/cases/{cid}", body={"version": v(), "state": "in_progress"}, headers=auth)
    r = call(port, "GET", f"/gop-y/{ref}")
    check("in progress: the page says it is being handled", "Đang được đơn vị chuyên môn xử lý" in r.text, r.text[-500:])
    r = call(port, "PATCH", f"/api/v1/cases/{cid}", body={"version": v(), "state": "answered", "public_answer": answer,
                                                           "internal_answer": "nội bộ: đội 3 làm"}, headers=auth)
    r = call(port, "GET", f"/gop-y/{ref}")
    check("answered but not published: the answer is not shown yet", answer not in r.text and "chờ duyệt" in r.text)
    call(port, "PATCH", f"/api/v1/cases/{cid}", body={"version": v(), "approve_answer": True}, headers=auth)
    r = call(port, "PATCH", f"/api/v1/cases/{cid}", body={"version": v(), "state": "published"}, headers=auth)
    check("the editor publishes", r.status == 200 and r.json.get("state") == "published", r.text)
    r = call(port, "GET", f"/gop-y/{ref}")
    check("published: the status page shows the office's answer", "Đã trả lời" in r.text and answer in r.text, r.text[-600:])
    check("... never the internal answer", "đội 3" not in r.text)

    # ---- At most 5 submissions per address in 10 minutes
    codes = [call(port, "POST", "/gop-y", form={"text": f"Phản ánh số {i}: rác chưa thu"}).status for i in range(5)]
    check("four more from the same address are accepted, the sixth in ten minutes is 429",
          codes[:4] == [303] * 4 and codes[4] == 429, codes)
    r = call(port, "POST", "/gop-y", form={"text": "thêm một lần"})
    check("... with Retry-After and a message in Vietnamese", r.status == 429 and r.getheader("Retry-After")
          and "thử lại sau" in r.text, r.status)


if __name__ == "__main__":
    sys.exit(main())
