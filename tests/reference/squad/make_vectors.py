"""Test vectors for LlmWorkbook.Evaluation.AnswerMetrics from the SQuAD 2.0 evaluation script's own definitions.

normalize_answer, compute_exact and compute_f1 below are those of the official script (evaluate-v2.0.py,
https://rajpurkar.github.io/SQuAD-explorer/). Run with any Python 3:  python3 make_vectors.py > vectors.json
"""
import collections
import json
import re
import string


def normalize_answer(s):
    def remove_articles(text):
        return re.sub(re.compile(r'\b(a|an|the)\b', re.UNICODE), ' ', text)

    def white_space_fix(text):
        return ' '.join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return ''.join(ch for ch in text if ch not in exclude)

    return white_space_fix(remove_articles(remove_punc(s.lower())))


def get_tokens(s):
    if not s:
        return []
    return normalize_answer(s).split()


def compute_exact(a_gold, a_pred):
    return int(normalize_answer(a_gold) == normalize_answer(a_pred))


def compute_f1(a_gold, a_pred):
    gold_toks = get_tokens(a_gold)
    pred_toks = get_tokens(a_pred)
    common = collections.Counter(gold_toks) & collections.Counter(pred_toks)
    num_same = sum(common.values())
    if len(gold_toks) == 0 or len(pred_toks) == 0:
        return int(gold_toks == pred_toks)
    if num_same == 0:
        return 0
    precision = 1.0 * num_same / len(pred_toks)
    recall = 1.0 * num_same / len(gold_toks)
    return (2 * precision * recall) / (precision + recall)


PAIRS = [
    ("3,000,000 florins", "3,000,000 florins"),
    ("a loan of 3,000,000 florins", "3,000,000 florins"),
    ("The four western counties of Pennsylvania", "the four western counties of Pennsylvania"),
    ("western counties", "the four western counties of Pennsylvania"),
    ("5%", "5%"),
    ("5 percent", "5%"),
    ("the the the", "the"),
    ("an apple a day", "apple day"),
    ("Theodore Roosevelt", "Franklin D. Roosevelt"),
    ("Franklin D. Roosevelt", "Franklin D Roosevelt"),
    ("$1.5 billion", "1.5 billion dollars"),
    ("war, war and war", "war and peace"),
    ("", "something"),
    ("", ""),
    ("...", ""),
    ("Thea theme", "the theme"),
    ("  spaced\tout\nwords ", "spaced out words"),
    ("U.S.-Mexico border", "US Mexico border"),
    ("Zürich, Switzerland", "zürich switzerland"),
    ("The context does not say.", "not in the corpus"),
    ("1,000,000 florins at 5% for ten years", "5%"),
    ("ten ten ten years", "ten years ten"),
]

vectors = [
    {"prediction": p, "gold": g, "normalized_prediction": normalize_answer(p),
     "exact": compute_exact(g, p), "f1": compute_f1(g, p)}
    for p, g in PAIRS
]
print(json.dumps(vectors, ensure_ascii=False, indent=1))
