#!/usr/bin/python3
"""Turns `vox demo --generate` JSON Lines into a Zalo OA event export, for
measuring the memory of `vox ingest` on a large export (BENCHMARKS.md
"streaming Facebook and Zalo exports"):

  vox demo --generate - --items 1000000 --seed 7 | bench/make_zalo_events.py 400 > events.json

Writes {"oa_id": ..., "events": [event, ...]} (--lines: JSON Lines, one
event a line, as a webhook log keeps them). Each demo item becomes a
user_send_text event (message.text, message.msg_id, sender.id, timestamp in
milliseconds), one in ten a follow event before it (skipped by the reader);
pretty-printed with an indent of two spaces in the document form. With
--no-text every event is a follow event: every one is skipped, nothing is
stored, and `vox ingest` measures the reader alone. Stops after about the
given number of megabytes (10^6 bytes) of output, at an event's end.
Standard library only.
"""
import datetime
import json
import sys
import zlib


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    with_text = "--no-text" not in sys.argv
    lines = "--lines" in sys.argv
    limit = int(float(args[0]) * 1_000_000) if args else None
    out = sys.stdout.buffer
    head = b"" if lines else b'{\n  "oa_id": "360846524940903967",\n  "events": [\n'
    out.write(head)
    written = len(head)
    n = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        it = json.loads(line)
        ms = int(datetime.datetime.fromisoformat(it["published_at"]).timestamp() * 1000)
        sender = str(zlib.crc32(it.get("author", "").encode()))
        events = []
        if n % 10 == 0 or not with_text:
            events.append({"app_id": "360846524940903967", "event_name": "follow", "follower": {"id": sender},
                           "timestamp": str(ms), "user_id_by_app": sender})
        if with_text:
            events.append({"app_id": "360846524940903967", "event_name": "user_send_text",
                           "sender": {"id": sender}, "recipient": {"id": "oa1"},
                           "message": {"text": it["text"], "msg_id": "m-%d" % n},
                           "timestamp": str(ms), "user_id_by_app": sender})
        for ev in events:
            if lines:
                text = json.dumps(ev, ensure_ascii=False) + "\n"
            else:
                text = ("    " if n == 0 and ev is events[0] else ",\n    ") + \
                    json.dumps(ev, ensure_ascii=False, indent=2).replace("\n", "\n    ")
            data = text.encode()
            out.write(data)
            written += len(data)
        n += 1
        if limit is not None and written >= limit:
            break
    if not lines:
        out.write(b"\n  ]\n}\n")


if __name__ == "__main__":
    main()
