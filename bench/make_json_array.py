#!/usr/bin/python3
"""Turns `vox demo --generate` JSON Lines into one JSON array of pretty-printed
item objects (the shape of a "JSON export"), for measuring the memory of
`vox ingest` on a large whole-file JSON input (BENCHMARKS.md "streaming JSON
arrays"):

  vox demo --generate - --items 1000000 --seed 7 | bench/make_json_array.py 300 > export.json

Each object is written with an indent of two spaces, so records span lines.
Stops after about the given number of megabytes (10^6 bytes) of output, at a
record's end, and closes the array. Standard library only.
"""
import json
import sys


def main():
    limit = int(float(sys.argv[1]) * 1_000_000) if len(sys.argv) > 1 else None
    out = sys.stdout.buffer
    out.write(b"[\n")
    written = 2
    first = True
    for line in sys.stdin:
        if not line.strip():
            continue
        rec = json.dumps(json.loads(line), ensure_ascii=False, indent=2)
        data = (("" if first else ",\n") + rec).encode()
        first = False
        out.write(data)
        written += len(data)
        if limit is not None and written >= limit:
            break
    out.write(b"\n]\n")


if __name__ == "__main__":
    main()
