#!/usr/bin/env python3
"""Reposts for the several-workers tests: 250 stories of 4 near-identical
posts each (a word dropped, a prefix, a hashtag), all in two days, shuffled
(fixed seed). Writes JSON Lines to the file named by the first argument."""
import json, random, sys
r = random.Random(19)
onsets = "b c d đ g h k l m n ph qu r s t th tr v x nh ng kh".split()
nuclei = "a ă â e ê i o ô ơ u ư oa uy ia ươ uô".split()
codas = ["", "c", "m", "n", "ng", "nh", "p", "t"]
vocab = sorted({o + n + c for o in onsets for n in nuclei for c in codas})
rows = []
for s in range(250):
    base = [r.choice(vocab) for _ in range(28)]
    for k in range(4):
        words = list(base)
        if k == 1: del words[r.randrange(len(words))]
        if k == 2: words = ["Chia", "sẻ:"] + words
        if k == 3: words = words + ["#tinnong"]
        rows.append({"id": f"p{s}-{k}", "source": "fb-cong-dong", "kind": "post", "text": " ".join(words),
                     "author": f"a{r.randrange(10**9)}",
                     "published_at": f"2026-10-0{1 + r.randrange(2)}T{r.randrange(24):02d}:{r.randrange(60):02d}:00+07:00"})
r.shuffle(rows)
with open(sys.argv[1], "w") as f:
    for row in rows: f.write(json.dumps(row, ensure_ascii=False) + "\n")
