"""Train and measure the answer-sentence model (answers/sentences.py) on the booklet.

    python benchmarks/tune_answers.py [--config config.yaml] [--write-model] [--cadre FILE …]

Labels: for each booklet entry, the sentence of its main article that holds most of the team's plain answer
(idf-weighted share ≥ LABEL_MIN). Every phrasing of the entry (question and variants) is a training query.
The model is a linear softmax over an article's sentences, fitted by gradient descent. Figures are 5-fold
cross-validated by entry (the model never sees the entry it is tested on): the share of entries whose top
sentence is the label, and whose top sentence lies in the label's clause, against the retrieval order (the
first sentence of the best-matched clause) and the hand-set fallback weights. `--write-model` fits on all
entries and writes answers/sentence_model.json. Figures go to benchmarks/results/sentence_choice.md.

Cadre-style questions: the team's tuning sets written the way cadres ask (`CADRE_SETS`, or `--cadre FILE …`;
never a held-out set) add one sample per question with a gold article and a reference answer — in a dialogue
file its first turns and new topics, which stand alone — labelled the same way from the gold article whose
sentence holds most of the answer. They are cross-validated with the booklet (by item) and reported apart, for
a model fitted on the booklet alone and one fitted on both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from answers.intent import read_intent  # noqa: E402
from answers.sentences import (  # noqa: E402
    FALLBACK,
    FEATURES,
    MODEL_PATH,
    SentenceModel,
    article_words,
    closest_sentence,
    content_words,
    features,
    load_model,
)
from answers.service import load_service  # noqa: E402
from knowledge.materials import load_material  # noqa: E402
from settings import load_settings  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "sentence_choice.md"
BOOKLET = REPO / "knowledge" / "materials" / "faq.yaml"
LABEL_MIN = 0.35
FOLDS = 5
# tuning sets in cadres' words with reference answers (held-out sets are never listed here)
_DATA = REPO / "benchmarks" / "data"
CADRE_SETS = (REPO.parent / "shared" / "eval" / "questions.yaml", _DATA / "dialogues_dev.yaml",
              _DATA / "figures_fixed_tune.yaml", _DATA / "dialogues_tune_2.yaml", _DATA / "figures_tune_2.yaml",
              _DATA / "answers_tune.yaml")


def samples(service) -> list[dict]:
    """One sample per phrasing of each labelled booklet entry: feature rows, label index, entry id."""
    faq, _ = load_material(BOOKLET)
    out = []
    for entry in faq:
        article = service.article(entry.articles[0]) if entry.articles else None
        if article is None:
            continue
        label, share = closest_sentence(entry.answer, article)
        if label is None or share < LABEL_MIN:
            continue
        aw = article_words(article)
        if len(aw.sentences) < 2:
            continue
        target = aw.sentences.index(label)
        for form in (entry.question, *entry.variants):
            hits = service.index.search_with_evidence(form, k=10).hits
            clause_scores = next(({m.clause_number: m.score for m in h.clauses} for h in hits
                                  if h.article.id == article.id), {})
            rows = features(content_words(form), read_intent(form), aw, clause_scores)
            out.append({"entry": entry.id, "rows": np.array(rows), "label": target,
                        "clauses": [s.clause_number for s in aw.sentences], "scores": clause_scores,
                        "main": form == entry.question})
    return out


def standalone_questions(path: Path) -> list[dict]:
    """The questions of an eval or dialogue file that stand alone and have a gold article.

    In a dialogue file those are its first turns and new topics. Each gets a `key` unique across files,
    "<file stem>:<item id>:<turn>" (a dialogue's turns have no id of their own).
    """
    out = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        turns = item.get("turns")
        for i, q in enumerate(turns if turns is not None else [item]):
            if q.get("gold") and (turns is None or i == 0 or q.get("new_topic")):
                out.append({**q, "key": f"{path.stem}:{item.get('id', '')}:{i}"})
    return out


def cadre_samples(service, paths) -> list[dict]:
    """One sample per cadre-style question (see the module's docstring) whose answer a gold sentence holds."""
    out = []
    for path in paths:
        if not Path(path).is_file():
            continue
        for q in (q for q in standalone_questions(Path(path)) if q.get("answer")):
            labelled = [(a, *closest_sentence(q["answer"], a)) for a in map(service.article, q["gold"]) if a]
            labelled = [x for x in labelled if x[1] is not None and len(article_words(x[0]).sentences) > 1]
            if not labelled:
                continue
            article, label, share = max(labelled, key=lambda x: x[2])
            if share < LABEL_MIN:
                continue
            aw = article_words(article)
            hits = service.index.search_with_evidence(q["question"], k=10).hits
            clause_scores = next(({m.clause_number: m.score for m in h.clauses} for h in hits
                                  if h.article.id == article.id), {})
            rows = features(content_words(q["question"]), read_intent(q["question"]), aw, clause_scores)
            out.append({"entry": q.get("id", q["key"]), "rows": np.array(rows), "label": aw.sentences.index(label),
                        "clauses": [s.clause_number for s in aw.sentences], "scores": clause_scores,
                        "main": True, "cadre": True})
    return out


def fit(train: list[dict], l2: float = 0.01, steps: int = 400, rate: float = 0.5) -> np.ndarray:
    w = np.array(FALLBACK.weights, dtype=float)
    for _ in range(steps):
        grad = l2 * w
        for s in train:
            z = s["rows"] @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            grad += s.get("weight", 1.0) * (s["rows"].T @ p - s["rows"][s["label"]])
        w -= rate * grad / len(train)
    return w


def accuracy(test: list[dict], pick) -> tuple[float, float]:
    main = [s for s in test if s["main"]]
    exact = sum(pick(s) == s["label"] for s in main)
    clause = sum(s["clauses"][pick(s)] == s["clauses"][s["label"]] for s in main)
    return exact / len(main), clause / len(main)


def by_weights(w) -> callable:
    return lambda s: int(np.argmax(s["rows"] @ np.asarray(w)))


def _sureness(s: dict, w: np.ndarray) -> tuple[float, bool, bool]:
    """The model's share for its first sentence, whether that is the label, whether the label is in its top two."""
    z = s["rows"] @ w
    p = np.exp(z - z.max())
    p /= p.sum()
    order = np.argsort(-z)
    return float(p[order[0]]), bool(order[0] == s["label"]), bool(s["label"] in order[:2])


def retrieval_order(s: dict) -> int:
    best = max(s["scores"], key=s["scores"].get) if s["scores"] else ""
    return next((i for i, c in enumerate(s["clauses"]) if c == best), 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=None)
    parser.add_argument("--write-model", action="store_true")
    parser.add_argument("--cadre", nargs="*", default=[str(p) for p in CADRE_SETS],
                        help="tuning sets in cadres' words to add (never a held-out set)")
    parser.add_argument("--cadre-weight", type=float, default=3.0, help="weight of a cadre-style sample in the fit")
    args = parser.parse_args()
    service = load_service(load_settings(args.config))
    data = samples(service)
    cadre = cadre_samples(service, args.cadre)
    for s in cadre:
        s["weight"] = args.cadre_weight
    entries = sorted({s["entry"] for s in data})
    random.Random(7).shuffle(entries)
    cadre_items = sorted({s["entry"] for s in cadre})
    random.Random(7).shuffle(cadre_items)
    fold_of = {e: i % FOLDS for i, e in enumerate(entries)} | {e: i % FOLDS for i, e in enumerate(cadre_items)}
    totals = {"retrieval order": [0.0, 0.0], "fallback weights": [0.0, 0.0], "trained (cross-validated)": [0.0, 0.0]}
    on_cadre = {"booklet alone": [0, 0], "booklet and cadre sets": [0, 0], "retrieval order": [0, 0]}
    sureness: list[tuple[float, bool, bool]] = []  # (top share, first is the label, label among the first two)
    for k in range(FOLDS):
        train = [s for s in data + cadre if fold_of[s["entry"]] != k]
        test = [s for s in data if fold_of[s["entry"]] == k]
        w = fit(train)
        alone = fit([s for s in data if fold_of[s["entry"]] != k]) if cadre else w
        sureness += [_sureness(s, w) for s in test if s["main"]]
        for name, pick in (("retrieval order", retrieval_order), ("fallback weights", by_weights(FALLBACK.weights)),
                           ("trained (cross-validated)", by_weights(w))):
            exact, clause = accuracy(test, pick)
            totals[name][0] += exact / FOLDS
            totals[name][1] += clause / FOLDS
        for name, pick in (("booklet alone", by_weights(alone)), ("booklet and cadre sets", by_weights(w)),
                           ("retrieval order", retrieval_order)):
            for s in (s for s in cadre if fold_of[s["entry"]] == k):
                on_cadre[name][0] += pick(s) == s["label"]
                on_cadre[name][1] += s["clauses"][pick(s)] == s["clauses"][s["label"]]
    n_entries = len(entries)
    lines = [f"# Answer-sentence choice ({dt.date.today().isoformat()})", "",
             "`python benchmarks/tune_answers.py` — booklet entries whose plain answer is found in one sentence of "
             f"their main article (share ≥ {LABEL_MIN}): {n_entries} entries, {len(data)} phrasings; "
             f"{FOLDS}-fold cross-validation by entry, measured on each entry's main question.", "",
             "| method | top sentence = label | top sentence in the label's clause |", "|---|---|---|"]
    for name, (exact, clause) in totals.items():
        lines.append(f"| {name} | {exact:.3f} | {clause:.3f} |")
    if cadre:
        lines += ["", f"Cadre-style questions of the tuning sets ({len(cadre)} labelled, weight {args.cadre_weight} "
                  "in the fit; the trained row above is fitted on the booklet and these), cross-validated in the "
                  "same folds:",
                  "", "| fitted on | top sentence = label | in the label's clause |", "|---|---|---|"]
        for name, (exact, clause) in on_cadre.items():
            lines.append(f"| {name} | {exact / len(cadre):.3f} | {clause / len(cadre):.3f} |")
    lines += ["", "How sure the trained model is (softmax share of its first sentence, answers.sentences.top_share; "
              "the answer line shows two sentences below answers.quoting.UNSURE_SHARE):", "",
              "| first sentence's share | entries | first = label | label among the first two |", "|---|---|---|---|"]
    for low, high in ((0.0, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.7), (0.7, 1.01)):
        band = [x for x in sureness if low <= x[0] < high]
        if band:
            lines.append(f"| {low:.1f}–{min(high, 1.0):.1f} | {len(band)} | {sum(x[1] for x in band) / len(band):.3f} "
                         f"| {sum(x[2] for x in band) / len(band):.3f} |")
    print("\n".join(lines))
    if args.write_model:
        w = fit(data + cadre)
        trained_on = f"{n_entries} booklet entries, {len(cadre)} cadre-style questions"
        MODEL_PATH.write_text(json.dumps({"features": list(FEATURES), "weights": [round(float(x), 4) for x in w],
                                          "trained_on": trained_on}, indent=1) + "\n",
                              encoding="utf-8")
    shipped = load_model().weights
    lines += ["", "Shipped weights (answers/sentence_model.json, fitted on all entries by `--write-model`): "
              + ", ".join(f"{f} {x:+.2f}" for f, x in zip(FEATURES, shipped, strict=True))]
    print(lines[-1])
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _ = SentenceModel
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
