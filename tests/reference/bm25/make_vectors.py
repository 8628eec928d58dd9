"""Test vectors for LlmWorkbook.Rag.Bm25Index: BM25 as Lucene's BM25Similarity defines it (exact document lengths).

score(q, d) = sum over query terms t (repeats count again) of
    idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl)),   idf(t) = ln(1 + (N - n + 0.5) / (n + 0.5))
Terms: lower-cased runs of letters and digits, minus Lucene's English stop words. Run: python3 make_vectors.py > vectors.json
"""
import json
import math
import re

STOP = set("a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split())
DOCS = [
    ("d1", "The loan of 3,000,000 florins was completed in Holland."),
    ("d2", "The Army and the Navy were increased; the Army needs more officers."),
    ("d3", "Holland and France: the loan, the loan, the loan."),
    ("d4", "Treaties with France and Spain were ratified by the Senate."),
    ("d5", "The Senate will consider the treaty with Spain and the loan."),
]
QUERIES = ["loan Holland", "army officers", "treaty Spain Senate", "loan loan", "railroads", "France"]


def analyze(text):
    return [w for w in (m.lower() for m in re.findall(r"[^\W_]+", text)) if w not in STOP]


def vectors(k1, b):
    terms = {d: analyze(t) for d, t in DOCS}
    n_docs = len(DOCS)
    avgdl = sum(len(t) for t in terms.values()) / n_docs
    out = []
    for q in QUERIES:
        scores = {}
        for t in analyze(q):
            n = sum(1 for d in terms if t in terms[d])
            if n == 0:
                continue
            idf = math.log(1 + (n_docs - n + 0.5) / (n + 0.5))
            for d, ts in terms.items():
                tf = ts.count(t)
                if tf:
                    scores[d] = scores.get(d, 0) + idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(ts) / avgdl))
        ranked = sorted(scores.items(), key=lambda s: (-s[1], [d for d, _ in DOCS].index(s[0])))
        out.append({"k1": k1, "b": b, "query": q, "results": [{"id": d, "score": s} for d, s in ranked]})
    return out


print(json.dumps({"documents": [{"id": d, "text": t} for d, t in DOCS], "cases": vectors(1.2, 0.75) + vectors(2.0, 0.0) + vectors(0.9, 1.0)}, indent=1))
