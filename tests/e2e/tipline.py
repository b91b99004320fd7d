#!/usr/bin/env python3
"""End-to-end test of the public web form (/gop-y) against a real `vox serve`.

    python3 tests/e2e/tipline.py PATH/TO/vox

A citizen writes in without an account: the submission becomes an item of kind
message and a case; the sender gets a reference whose status page shows the
case's progress and, once published, the office's answer. Contact details are
kept only with the consent box ticked, sealed on the case. Checks the refusals
(empty, too long, contact without consent, wrong encoding), the honeypot, the
per-address limit, forged references, and that the page holds the strict CSP.
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


def call(port, method, path, body=None, headers=None, form=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
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
    check("... a form that posts to itself", '<form method="post" action="/gop-y">' in r.text)
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
        return len(json.loads(out)["cases"]) if rc == 0 and out.strip().startswith("{") else -1
    before = cases()
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
