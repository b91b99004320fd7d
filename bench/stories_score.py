#!/usr/bin/env python3
"""Scores the stories of any vox binary on the share set (numbers go to BENCHMARKS.md).

    bench/stories_score.py TRUTH.tsv EXPORT.jsonl

EXPORT.jsonl is `vox export items` of a store that ingested bench_share_maker's
items (one split); TRUTH.tsv is the maker's truth. Prints pairwise P/R/F1,
follow-ups kept apart and the join rate of the common share kinds, scored as
bench_stories_eval --shares scores them: so that a binary without that mode (an
older release) can be compared in the same run.
"""
import collections
import json
import sys

truth={}
for l in open(sys.argv[1]):
    i,s,v,sp=l.rstrip('\n').split('\t'); truth[i]=(s,v)
pred={}
for l in open(sys.argv[2]):
    j=json.loads(l); pred[j['id']]=j['story_id']
ids=[i for i in pred if i in truth]
def pairs(n): return n*(n-1)/2
cell=collections.Counter((truth[i][0],pred[i]) for i in ids)
tn=collections.Counter(truth[i][0] for i in ids); pn=collections.Counter(pred[i] for i in ids)
tp=sum(pairs(n) for n in cell.values()); P=tp/sum(pairs(n) for n in pn.values()); R=tp/sum(pairs(n) for n in tn.values())
anchor={truth[i][0]:i for i in ids if truth[i][1] in ('article','followup_article')}
j=collections.Counter(); t=collections.Counter()
for i in ids:
    a=anchor.get(truth[i][0])
    if not a or a==i: continue
    t[truth[i][1]]+=1; j[truth[i][1]]+= pred[i]==pred[a]
fa=sum(1 for k,a in anchor.items() if k.endswith('~followup') and k[:-9] in anchor and pred[a]!=pred[anchor[k[:-9]]])
fn=sum(1 for k,a in anchor.items() if k.endswith('~followup') and k[:-9] in anchor)
print(f"P {P:.4f} R {R:.4f} F1 {2*P*R/(P+R):.4f}; follow-ups apart {fa}/{fn}; " + ", ".join(f"{k} {j[k]/t[k]:.3f}" for k in ['link_only','generic_link','quote','quote_nolink','copy_verbatim','copy_nodiac','page_post','page_reply']))
