#!/usr/bin/env python3
"""Scores bench/ocr_bench.sh's run (see there).

  ocr_score.py CORPUS MANIFEST READ.json WORKDIR SECONDS   accuracy; writes fc.jsonl, items-{read,typed}.jsonl
  ocr_score.py --matches MATCH.json MANIFEST               the share matched to their own fact-check
"""
import json
import statistics
import sys
import unicodedata


def norm(s):
    return " ".join(unicodedata.normalize("NFC", s).split())


def accuracy(truth, read, within):
    """1 - edit distance / len(truth); `within`: read's prefix and suffix are free."""
    a, b = norm(truth), norm(read)
    if not a:
        return 1.0 if not b else 0.0
    prev = [0] * (len(b) + 1) if within else list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        ai = a[i - 1]
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai != b[j - 1]))
        prev = cur
    d = min(prev) if within else prev[-1]
    return max(0.0, 1 - d / len(a))


def main():
    if sys.argv[1] == "--matches":
        matches = json.load(open(sys.argv[2]))
        man = [json.loads(l) for l in open(sys.argv[3])]
        best = {}
        for m in matches:
            if m.get("state") in ("suggested", "auto", "accepted"):
                best[(m["source"], m["item_id"])] = m["factcheck_id"]
        for what in ("read", "typed"):
            for noisy in (False, True):
                rows = [m for m in man if m["noisy"] == noisy]
                hit = sum(best.get(("ocr-" + what, m["file"])) == m["doc_id"] for m in rows)
                print(f"matched to their fact-check, {what:5s} {'noisy' if noisy else 'clean'}: "
                      f"{hit}/{len(rows)} = {hit / max(1, len(rows)):.3f}")
        return
    corpus, manifest, readf, work, seconds = sys.argv[1:6]
    man = [json.loads(l) for l in open(manifest)]
    read = {r["file"].rsplit("/", 1)[-1]: r for r in json.load(open(readf))}
    groups = {}
    for m in man:
        r = read.get(m["file"])
        acc = accuracy(m["truth"], r["text"] if r else "", m["layout"] != "note")
        m["acc"] = acc
        for key in ("all", "clean" if not m["noisy"] else "noisy",
                    ("noisy" if m["noisy"] else "clean") + " " + m["theme"],
                    ("noisy" if m["noisy"] else "clean") + " " + m["layout"],
                    ("noisy" if m["noisy"] else "clean") + " " + m["font"].strip("'"),
                    ("noisy" if m["noisy"] else "clean") + f" {m['size']}px"):
            groups.setdefault(key, []).append(acc)
    print(f"{len(man)} screenshots read in {float(seconds):.1f} s ({float(seconds) / len(man) * 1000:.0f} ms each)")
    for k in sorted(groups):
        v = groups[k]
        print(f"{k:32s} n={len(v):4d}  mean {statistics.mean(v):.4f}  median {statistics.median(v):.4f}  "
              f"≥0.95: {sum(x >= 0.95 for x in v) / len(v):.3f}")
    docs = {}
    for l in open(corpus):
        d = json.loads(l)
        if d.get("sentences"):
            docs[d["doc_id"]] = d
    with open(f"{work}/fc.jsonl", "w") as f:
        for d in docs.values():
            s = d["sentences"]
            f.write(json.dumps({"id": d["doc_id"], "claim": s[0], "verdict": "Sai", "body": " ".join(s[1:6]),
                                "url": d.get("url", "")}, ensure_ascii=False) + "\n")
    for what in ("read", "typed"):
        with open(f"{work}/items-{what}.jsonl", "w") as f:
            for m in man:
                text = read[m["file"]]["text"] if what == "read" and m["file"] in read else m["truth"]
                if not text.strip():
                    continue
                item = {"id": m["file"], "source": "ocr-" + what, "kind": "message", "text": text,
                        "published_at": "2026-12-01T08:00:00+07:00"}
                if what == "read":
                    item["labels"] = ["from_image"]  # as the channels mark a screenshot's text
                f.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
