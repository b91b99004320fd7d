#!/usr/bin/python3
"""Turns `vox demo --generate` JSON Lines into one Facebook Graph Page export,
{"data": [post, ...], "paging": {...}}, for measuring the memory of `vox
ingest` on a large export (BENCHMARKS.md "streaming Facebook and Zalo
exports"):

  vox demo --generate - --items 1000000 --seed 7 | bench/make_facebook_export.py 400 > page.json

Every fourth demo item becomes a post (id 1001_N, message, created_time in
the Graph API's form, from, permalink_url, shares, reactions) and the three
after it its comments (comments.data; the third a reply to the second), as
the /{page-id}/feed edge gives them with fields=comments{comments}; the
paging object, which names the edge, comes after the data as the Graph API
writes it. Pretty-printed with an indent of two spaces, so records span
lines. With --no-text no record has a message: every one is skipped, nothing
is stored, and `vox ingest` measures the reader alone. Stops after about the
given number of megabytes (10^6 bytes) of output, at a post's end, and
closes the document. Standard library only.
"""
import datetime
import json
import sys
import zlib


def graph_time(local):
    # "2026-10-02T11:11:52+07:00" -> "2026-10-02T04:11:52+0000"
    t = datetime.datetime.fromisoformat(local).astimezone(datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S+0000")


def record(it, rid, with_text):
    rec = {"id": rid, "created_time": graph_time(it["published_at"]),
           "from": {"id": str(zlib.crc32(it.get("author", "").encode())), "name": it.get("author", "")}}
    if with_text:
        rec["message"] = it["text"]
    return rec


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    with_text = "--no-text" not in sys.argv
    limit = int(float(args[0]) * 1_000_000) if args else None
    out = sys.stdout.buffer
    head = b'{\n  "data": [\n'
    out.write(head)
    written = len(head)
    group = []
    n = 0

    def flush(group, n):
        post_it, comments = group[0], group[1:]
        post = record(post_it, "1001_%d" % (2000 + n), with_text)
        post["permalink_url"] = "https://www.facebook.com/1001/posts/%d" % (2000 + n)
        m = post_it.get("metrics", {})
        post["shares"] = {"count": m.get("shares", 0)}
        post["reactions"] = {"summary": {"total_count": m.get("reactions", 0)}}
        data = []
        for i, c in enumerate(comments):
            com = record(c, "%d_%d" % (2000 + n, 3000 + i), with_text)
            com["like_count"] = c.get("metrics", {}).get("reactions", 0)
            if i == 2 and data:
                data[-1]["comments"] = {"data": [com]}
            else:
                data.append(com)
        if data:
            post["comments"] = {"data": data, "summary": {"total_count": len(comments)}}
        return json.dumps(post, ensure_ascii=False, indent=2)

    for line in sys.stdin:
        if not line.strip():
            continue
        group.append(json.loads(line))
        if len(group) < 4:
            continue
        text = ("    " if n == 0 else ",\n    ") + flush(group, n).replace("\n", "\n    ")
        group = []
        n += 1
        data = text.encode()
        out.write(data)
        written += len(data)
        if limit is not None and written >= limit:
            break
    out.write(b'\n  ],\n  "paging": {\n    "cursors": {"before": "QVFIUjRa", "after": "QVFIUmFh"},\n'
              b'    "next": "https://graph.facebook.com/v19.0/1001/feed?after=QVFIUmFh"\n  }\n}\n')


if __name__ == "__main__":
    main()
