#!/usr/bin/env python3
"""Markdown tables for issue 6 (active annotation loop) from bench/active.sh's output.

Reads bench/out/active.jsonl (one JSON line per run, appended by bench/active.sh) and each run's
learning-curve CSV (the "curve" path in the line), and prints to stdout:

  1. per dataset x teacher: the student's test accuracy / macro-F1 after 500 labels vs its teacher
     (the teacher's accuracy on the pool texts it labelled; for the k-NN teacher also on test when
     bench/out/active/<dataset>/knn-teacher-test.sqlite exists, see bench/README.md);
  2. per dataset x teacher x selector (uniform weights; the 30%-flip oracle, and the k-NN teacher where
     the knnsel experiment ran): test accuracy at 500 labels and the labels needed to reach random's
     mean test accuracy at 500 with the same teacher (first round of the selector's mean curve at or
     above it);
  3. per dataset x teacher: reweight vs uniform vs clean labels and the fraction of the gap to clean
     labels that reweighting recovers.

Everything is mean +- sample sd (n-1) over seeds; n is printed. Test numbers are only reported here;
nothing in the runs was chosen from them. Stdlib only.

Usage: python3 bench/active_summary.py [bench/out/active.jsonl]
"""
import csv
import json
import os
import sqlite3
import statistics
import sys
from collections import OrderedDict, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASETS = ["uci_sentiment", "fine_foods", "spamassassin"]
SELECTORS = ["random", "least-confidence", "entropy", "kmeans", "hybrid"]
BUDGET = 500


def selector_key(name):
    """The bench/active.sh selector name of a run's selector name."""
    if name.startswith("uncertainty("):
        return "least-confidence" if "least" in name else "entropy" if "entropy" in name else name
    if name.startswith("hybrid("):
        return "hybrid"
    return name


def teacher_key(annotator):
    """'oracle 30%', 'oracle clean', 'knn' or the name itself."""
    if annotator.startswith("oracle:"):
        flip = float(annotator.split("flip=")[1].split(",")[0])
        return "oracle clean" if flip == 0 else "oracle %d%%" % round(flip * 100)
    if annotator.startswith("knn"):
        return "knn"
    return annotator


def resolve(path):
    return path if os.path.isabs(path) else os.path.join(ROOT, path)


def load_runs(jsonl):
    """Runs keyed by (dataset, experiment, teacher, selector, weigher, seed); a rerun replaces an earlier line."""
    runs = OrderedDict()
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            if r.get("command") != "active":
                continue
            ds = os.path.splitext(r["data"])[0]
            key = (ds, r["experiment"], teacher_key(r["annotator"]), selector_key(r["selector"]), r["weigher"], r["seed"])
            runs[key] = r
    return runs


def load_curve(path):
    """{labels: row} of a curve CSV, or None when it is missing."""
    p = resolve(path)
    if not os.path.exists(p):
        return None
    with open(p, newline="", encoding="utf-8") as f:
        return {int(row["labels"]): row for row in csv.DictReader(f)}


def fmt(xs, digits=3):
    xs = [x for x in xs if x is not None]
    if not xs:
        return "–"
    m = statistics.mean(xs)
    if len(xs) == 1:
        return "%.*f (n=1)" % (digits, m)
    return "%.*f ± %.*f" % (digits, m, digits, statistics.stdev(xs))


def pick(runs, ds, teacher, selector, weigher, experiments):
    """{seed: run} for the first experiment that has runs of this configuration."""
    for e in experiments:
        got = {k[5]: r for k, r in runs.items()
               if k[0] == ds and k[1] == e and k[2] == teacher and k[3] == selector and k[4] == weigher}
        if got:
            return got
    return {}


def dataset_file(ds):
    return os.path.join(os.environ.get("DATASETS_DIR", os.path.join(ROOT, "..", "shared", "datasets")), ds + ".csv")


def datasets(out):
    """Split sizes, label shares and the majority-class test accuracy (the floor a student must beat)."""
    out.append("### 0. Datasets\n")
    out.append("| dataset | train (pool) | dev (gold) | test | label shares train / dev / test | majority-class test acc |")
    out.append("|---|---|---|---|---|---|")
    csv.field_size_limit(1 << 30)
    for ds in DATASETS:
        p = dataset_file(ds)
        if not os.path.exists(p):
            continue
        counts = defaultdict(lambda: defaultdict(int))
        with open(p, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                counts[row["split"].strip().lower()][row["label"].strip()] += 1
        labels = sorted(set(l for c in counts.values() for l in c))
        share = " / ".join(":".join("%.2f" % (counts[sp][l] / max(1, sum(counts[sp].values()))) for l in labels)
                           for sp in ("train", "dev", "test"))
        test = counts["test"]
        out.append("| %s | %d | %d | %d | %s (%s) | %.3f |" % (
            ds, sum(counts["train"].values()), sum(counts["dev"].values()), sum(test.values()), share, ":".join(labels),
            max(test.values()) / sum(test.values())))
    out.append("")


def knn_teacher_on_test(ds):
    """(accuracy, macro-F1, n) of the k-NN teacher's stored answers on the test split, or None."""
    db = os.path.join(ROOT, "bench", "out", "active", ds, "knn-teacher-test.sqlite")
    data = dataset_file(ds)
    if not (os.path.exists(db) and os.path.exists(data)):
        return None
    csv.field_size_limit(1 << 30)
    gold = {}
    with open(data, newline="", encoding="utf-8") as f:
        # ids are row-N, N the 1-based position among the data rows (DatasetReader)
        for i, row in enumerate(csv.DictReader(f), start=1):
            if row["split"].strip().lower() == "test":
                gold["row-%d" % i] = row["label"].strip()
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    pred = {}
    for example_id, labels, abstained in con.execute(
            "SELECT example_id, labels, abstention_reason FROM annotations WHERE source LIKE 'knn%'"):
        if abstained:
            pred[example_id] = None
            continue
        try:
            ls = json.loads(labels)
        except ValueError:
            ls = [labels]
        pred[example_id] = ls[0] if isinstance(ls, list) and ls else ls
    con.close()
    ids = [i for i in gold if i in pred]
    if not ids:
        return None
    correct = sum(1 for i in ids if pred[i] == gold[i])
    labels = sorted(set(gold.values()))
    f1s = []
    for lab in labels:
        tp = sum(1 for i in ids if pred[i] == lab and gold[i] == lab)
        fp = sum(1 for i in ids if pred[i] == lab and gold[i] != lab)
        fn = sum(1 for i in ids if pred[i] != lab and gold[i] == lab)
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return correct / len(gold), statistics.mean(f1s), len(ids), len(gold)


def student_vs_teacher(runs, out):
    out.append("### 1. Student vs its teacher (500 labels, random selector)\n")
    out.append("Student: test accuracy / macro-F1 after the last round. Teacher (pool): accuracy of the teacher's 500"
               " answers against the pool texts' gold labels (the same 500 texts the student learned from). Teacher"
               " (test): the k-NN teacher labelling the test split (deterministic, one number). Δ = student test"
               " accuracy − teacher pool accuracy, per seed.\n")
    out.append("| dataset | teacher | weigher | n | student test acc | student test macro-F1 | teacher acc (pool) |"
               " teacher acc / macro-F1 (test) | Δ acc (student − teacher) |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for ds in DATASETS:
        knn_test = knn_teacher_on_test(ds)
        for teacher, label in (("oracle 30%", "oracle, 30% flips"), ("knn", "k-NN over 100 gold dev"),
                               ("oracle clean", "oracle, clean (flip 0)")):
            for w in ("uniform", "reweight"):
                if teacher == "oracle clean" and w != "uniform":
                    continue
                exps = ["knn"] if teacher == "knn" else ["reweight", "selectors"]
                rs = pick(runs, ds, teacher, "random", w, exps)
                if not rs:
                    continue
                seeds = sorted(rs)
                acc = [rs[s]["accuracy"] for s in seeds]
                f1 = [rs[s]["macroF1"] for s in seeds]
                tacc = [rs[s]["teacherAccuracy"] for s in seeds]
                delta = [a - t for a, t in zip(acc, tacc)]
                if teacher == "knn" and knn_test:
                    tt = "%.3f / %.3f" % (knn_test[0], knn_test[1])
                    if knn_test[2] != knn_test[3]:
                        tt += " (%d of %d answered)" % (knn_test[2], knn_test[3])
                elif teacher == "oracle 30%":
                    tt = "≈0.70 by construction"
                elif teacher == "oracle clean":
                    tt = "1.000 by construction"
                else:
                    tt = "not measured"
                out.append("| %s | %s | %s | %d | %s | %s | %s | %s | %s |" % (
                    ds, label, w, len(seeds), fmt(acc), fmt(f1), fmt(tacc), tt, fmt(delta)))
    out.append("")


def mean_curve(runs_by_seed, column="test_accuracy"):
    """{labels: [values over seeds]} of one curve column (default test accuracy per round) of the runs."""
    pts = defaultdict(list)
    for r in runs_by_seed.values():
        c = load_curve(r["curve"])
        if c is None:
            continue
        for labels, row in c.items():
            if row.get(column):
                pts[labels].append(float(row[column]))
    return pts


def first_reach(means, target):
    """The first label count whose mean is at or above target, or 'not reached by 500'."""
    if target is None:
        return "–"
    hit = [k for k in sorted(means) if means[k] >= target - 1e-12]
    return str(hit[0]) if hit else "not reached by %d" % BUDGET


SELECTOR_TEACHERS = (
    # teacher key, label, experiments holding random's runs, experiments holding the other selectors' runs
    ("oracle 30%", "oracle, 30% flips", ["selectors", "reweight"], ["selectors"]),
    ("knn", "k-NN teacher", ["knnsel", "knn"], ["knnsel"]),
)


def selectors(runs, out):
    out.append("### 2. Selectors vs random (uniform weights)\n")
    out.append("Test accuracy at 500 labels (mean ± sd over seeds). *Labels to reach random@500*: the first label count"
               " (50, 100, …, 500) at which the selector's mean test-accuracy curve is at or above random's mean test"
               " accuracy at 500 labels (same teacher); the same with macro-F1 in the next column (fine_foods and"
               " spamassassin are imbalanced, see table 0). The mean curves move by ±0.02 from round to round, so a"
               " crossing a round or two early is within noise. Rows of configurations that were not run are left"
               " out for the k-NN teacher (see the text).\n")
    out.append("| dataset | teacher | selector | n | test acc @500 | test macro-F1 @500 | teacher acc on its labels |"
               " labels to reach random@500 (acc) | (macro-F1) | mean test acc @100 / @250 |")
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    for ds in DATASETS:
        for teacher, label, base_exps, sel_exps in SELECTOR_TEACHERS:
            targets = {}
            base = pick(runs, ds, teacher, "random", "uniform", base_exps)
            for col in ("test_accuracy", "test_macro_f1"):
                curve = mean_curve(base, col) if base else {}
                targets[col] = statistics.mean(curve[BUDGET]) if BUDGET in curve else None
            for sel in SELECTORS:
                rs = pick(runs, ds, teacher, sel, "uniform", base_exps if sel == "random" else sel_exps)
                if not rs:
                    if teacher == "oracle 30%":
                        out.append("| %s | %s | %s | 0 | not run | | | | | |" % (ds, label, sel))
                    continue
                seeds = sorted(rs)
                reach = []
                early = "–"
                for col in ("test_accuracy", "test_macro_f1"):
                    curve = mean_curve(rs, col)
                    means = {k: statistics.mean(v) for k, v in curve.items() if len(v) == len(seeds)}
                    r = first_reach(means, targets[col])
                    if sel == "random" and targets[col] is not None:
                        r += " (target %.3f)" % targets[col]
                    reach.append(r)
                    if col == "test_accuracy":
                        early = " / ".join("%.3f" % means[k] if k in means else "–" for k in (100, 250))
                out.append("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |" % (
                    ds, label, sel, len(seeds), fmt([rs[s]["accuracy"] for s in seeds]),
                    fmt([rs[s]["macroF1"] for s in seeds]), fmt([rs[s]["teacherAccuracy"] for s in seeds]),
                    reach[0], reach[1], early))
    out.append("")


def reweighting(runs, out):
    out.append("### 3. Reweighting vs uniform vs clean labels (random selector, 500 labels)\n")
    out.append("Clean = the oracle with no flips (same seeds, so the same 500 texts: the random selector does not"
               " depend on the teacher). Gap recovered = (reweight − uniform) / (clean − uniform) on mean test"
               " accuracy; the per-seed ratio's mean ± sd is in brackets (unstable when a seed's gap is small).\n")
    out.append("| dataset | teacher | n | uniform test acc | reweight test acc | clean test acc | reweight − uniform |"
               " gap to clean | gap recovered | uniform / reweight macro-F1 |")
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    for ds in DATASETS:
        clean = pick(runs, ds, "oracle clean", "random", "uniform", ["reweight"])
        for teacher, exps in (("oracle 30%", ["reweight"]), ("knn", ["knn"])):
            uni = pick(runs, ds, teacher, "random", "uniform", exps)
            rw = pick(runs, ds, teacher, "random", "reweight", exps)
            seeds = sorted(set(uni) & set(rw) & set(clean))
            if not seeds:
                continue
            u = [uni[s]["accuracy"] for s in seeds]
            w = [rw[s]["accuracy"] for s in seeds]
            c = [clean[s]["accuracy"] for s in seeds]
            d = [b - a for a, b in zip(u, w)]
            g = [b - a for a, b in zip(u, c)]
            gm = statistics.mean(g)
            frac = "%.0f%%" % (100 * statistics.mean(d) / gm) if abs(gm) > 1e-9 else "no gap"
            per = [x / y for x, y in zip(d, g) if abs(y) > 1e-9]
            if len(per) > 1:
                frac += " [%.0f ± %.0f%%]" % (100 * statistics.mean(per), 100 * statistics.stdev(per))
            f1 = "%s / %s" % (fmt([uni[s]["macroF1"] for s in seeds]), fmt([rw[s]["macroF1"] for s in seeds]))
            label = "oracle, 30% flips" if teacher == "oracle 30%" else "k-NN over 100 gold dev"
            out.append("| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |" % (
                ds, label, len(seeds), fmt(u), fmt(w), fmt(c), fmt(d), fmt(g), frac, f1))
    out.append("")


def per_seed(runs, out):
    out.append("### Per-seed test accuracy at 500 labels\n")
    out.append("| dataset | experiment | teacher | selector | weigher | seeds: accuracy | seconds per run |")
    out.append("|---|---|---|---|---|---|---|")
    groups = OrderedDict()
    for k, r in runs.items():
        groups.setdefault(k[:5], {})[k[5]] = r
    order = {d: i for i, d in enumerate(DATASETS)}
    for k in sorted(groups, key=lambda k: (order.get(k[0], 99), k[1], k[2], SELECTORS.index(k[3]) if k[3] in SELECTORS else 9, k[4])):
        rs = groups[k]
        cells = ", ".join("%s: %.3f" % (s, rs[s]["accuracy"]) for s in sorted(rs))
        secs = [rs[s]["seconds"] for s in rs]
        out.append("| %s | %s | %s | %s | %s | %s | %.0f–%.0f |" % (k[0], k[1], k[2], k[3], k[4], cells, min(secs), max(secs)))
    out.append("")


def main():
    jsonl = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "bench", "out", "active.jsonl")
    runs = load_runs(jsonl)
    out = []
    datasets(out)
    student_vs_teacher(runs, out)
    selectors(runs, out)
    reweighting(runs, out)
    per_seed(runs, out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
