#!/usr/bin/python3
"""Turns `vox demo --generate` JSON Lines into an office's complaint-log CSV,
for measuring CSV ingest (BENCHMARKS.md "streaming CSV"):

  vox demo --generate - --items 1000000 --seed 7 | bench/make_csv.py 300 > log.csv

The header is Vietnamese (Mã, Ngày, Nội dung, Địa chỉ, Nguồn, Phân loại),
dates are dd/mm/yyyy HH:MM:SS in the office's time (the offset dropped), and
texts keep their line breaks, so many records are quoted fields spanning
lines. Stops after about the given number of megabytes (10^6 bytes) of
output, at a record's end. Standard library only.
"""
import csv
import io
import json
import sys


def main():
    limit = int(float(sys.argv[1]) * 1_000_000) if len(sys.argv) > 1 else None
    out = sys.stdout.buffer
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["Mã", "Ngày", "Nội dung", "Địa chỉ", "Nguồn", "Phân loại"])
    written = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        it = json.loads(line)
        when = it.get("published_at", "")  # 2026-10-02T11:11:52+07:00
        date = f"{when[8:10]}/{when[5:7]}/{when[0:4]} {when[11:19]}" if len(when) >= 19 else when
        text = it.get("text") or it.get("title") or ""
        row = [it["id"], date, text, it.get("place", ""), it.get("source", ""), it.get("kind", "")]
        w.writerow(row)
        data = buf.getvalue().encode()
        buf.seek(0)
        buf.truncate()
        out.write(data)
        written += len(data)
        if limit is not None and written >= limit:
            break
    out.write(buf.getvalue().encode())


if __name__ == "__main__":
    main()
