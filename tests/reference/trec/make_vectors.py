"""Test vectors for LlmWorkbook.Evaluation.RetrievalMetrics, computed the way trec_eval defines its measures.

An implementation written apart from the C# one, following trec_eval 9.0.7's definitions:
  P_k          relevant documents in the top k, divided by k (also when fewer than k were retrieved)
  recall_k     relevant documents in the top k, divided by all relevant documents
  recip_rank   1 / rank of the first relevant document, 0 when none is retrieved
  ndcg_cut_k   sum over ranks i <= k of gain_i / log2(i + 1), divided by the same sum over the ideal ranking
               (every judged document, highest gain first); gains are the relevance grades, 0 when unjudged
Run with any Python 3:  python3 make_vectors.py > vectors.json
"""
import json
import math

CASES = [
    # (ranking, {document: grade}, k)
    (["d3", "d1", "d7", "d2", "d9"], {"d1": 1, "d2": 1}, 3),
    (["d3", "d1", "d7", "d2", "d9"], {"d1": 1, "d2": 1}, 5),
    (["d1", "d2", "d3"], {"d1": 1, "d2": 1, "d3": 1}, 2),
    (["d4", "d5", "d6"], {"d1": 1}, 3),
    (["d4", "d5"], {"d5": 1, "d9": 1}, 10),
    (["a", "b", "c", "d", "e", "f"], {"c": 3, "a": 1, "f": 2, "z": 2}, 5),
    (["a", "b", "c", "d", "e", "f"], {"c": 3, "a": 1, "f": 2, "z": 2}, 1),
    ([], {"d1": 1}, 5),
    (["x", "y", "z"], {"z": 2, "y": 2}, 3),
]


def precision(ranking, grades, k):
    return sum(1 for d in ranking[:k] if grades.get(d, 0) > 0) / k


def recall(ranking, grades, k):
    relevant = sum(1 for g in grades.values() if g > 0)
    return sum(1 for d in ranking[:k] if grades.get(d, 0) > 0) / relevant


def reciprocal_rank(ranking, grades):
    for i, d in enumerate(ranking, start=1):
        if grades.get(d, 0) > 0:
            return 1.0 / i
    return 0.0


def ndcg(ranking, grades, k):
    dcg = sum(grades.get(d, 0) / math.log2(i + 1) for i, d in enumerate(ranking[:k], start=1))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 1) for i, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg > 0 else 0.0


print(json.dumps([
    {"ranking": r, "grades": g, "k": k, "precision": precision(r, g, k), "recall": recall(r, g, k),
     "reciprocal_rank": reciprocal_rank(r, g), "ndcg": ndcg(r, g, k)}
    for r, g, k in CASES
], indent=1))
