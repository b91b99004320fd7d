#!/usr/bin/python3
"""Turns `vox demo --generate` JSON Lines into one RSS 2.0 feed file, for
measuring the memory `vox ingest` takes on a large feed (BENCHMARKS.md
"streaming workbooks", feeds):

  vox demo --generate - --items 200000 --seed 7 | bench/make_rss.py 50 > big.xml
  ... | bench/make_rss.py 50 --bad-dates > rejected.xml

Items have a guid, a title, a link, a description and an RFC 822 pubDate;
with --bad-dates every pubDate is "32/13/2026", so that every item is read
and rejected and nothing is stored (the reader's memory alone).
Stops after about the given number of megabytes (10^6 bytes) at an item's
end. Standard library only.
"""
import datetime
import json
import sys
from xml.sax.saxutils import escape


def main():
    limit = int(float(sys.argv[1]) * 1_000_000) if len(sys.argv) > 1 else None
    bad_dates = "--bad-dates" in sys.argv[2:]
    out = sys.stdout
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            '<title>Tin phường</title><link>https://example.vn/</link>'
            '<description>Bản tin</description>\n')
    out.write(head)
    size = len(head.encode())
    for n, line in enumerate(sys.stdin):
        if not line.strip():
            continue
        it = json.loads(line)
        when = datetime.datetime.fromisoformat(it["published_at"]).strftime("%a, %d %b %Y %H:%M:%S %z")
        if bad_dates:
            when = "32/13/2026"
        text = it["text"]
        item = (f'<item><guid isPermaLink="false">tin-{n}</guid><title>{escape(text[:60])}</title>'
                f'<link>https://example.vn/tin/{n}.html</link><description>{escape(text)}</description>'
                f'<pubDate>{when}</pubDate></item>\n')
        out.write(item)
        size += len(item.encode())
        if limit is not None and size >= limit:
            break
    out.write("</channel></rss>\n")


if __name__ == "__main__":
    main()
