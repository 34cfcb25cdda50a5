#!/usr/bin/python3
"""Peer baselines for the annotator benchmark: fastText and scikit-learn.

Run with the Debian system python (/usr/bin/python3), which has the Debian
packages python3-sklearn, python3-pandas, python3-numpy and python3-fasttext.

Sub-commands
  run DATASET.csv        train/evaluate both peers on one dataset, time
                         prediction, print one JSON line per peer and write
                         bench/out/<dataset>-<peer>.json; also writes the
                         replicated prediction input bench/out/<dataset>-predict.csv
                         (a single `text` column) for our own student.
  select-fasttext CSV..  the one-off dev-only selection of fastText's char
                         n-gram range (minn/maxn), pooled over the datasets.
  table                  markdown table of everything in bench/out/.

Rules: models are fitted on the `train` split only; every choice is made on
the `dev` split (or fixed a priori); `test` is used only for the final report.
"""
import argparse
import csv
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("BENCH_OUT", os.path.join(HERE, "out"))

# ---------------------------------------------------------------- settings
FASTTEXT_BIN = os.environ.get("FASTTEXT", "fasttext")
# Fixed for all datasets. -wordNgrams 2 / -epoch 25 / -dim 50 follow the
# fastText text-classification tutorial; -lr 0.5 is the brief's comparable
# setting; bucket/neg/loss are fastText defaults. MINN/MAXN were chosen ONCE
# for all datasets by `select-fasttext` (mean dev macro-F1 over the three
# datasets, train split only) -- see bench/README.md.
FT_MINN, FT_MAXN = 0, 0
FT_ARGS = ["-wordNgrams", "2", "-epoch", "25", "-lr", "0.5", "-dim", "50",
           "-bucket", "2000000", "-loss", "softmax", "-minCount", "1",
           "-thread", "2", "-seed", "1", "-verbose", "0"]
FT_MINN_MAXN_GRID = [(0, 0), (2, 5), (3, 6)]
SK_C_GRID = [1.0, 10.0, 100.0]
PREDICT_LINES = int(os.environ.get("PREDICT_LINES", "200000"))
REPEATS = int(os.environ.get("REPEATS", "3"))

_PUNCT = re.compile(r"([.!?,'/()\"\[\]{}:;])")
_WS = re.compile(r"\s+")


def ft_normalise(text: str) -> str:
    """fastText line format: the tutorial's preprocessing, applied to every
    dataset alike -- separate punctuation, lowercase, collapse all whitespace
    (newlines included) to single spaces."""
    return _WS.sub(" ", _PUNCT.sub(r" \1 ", text.lower())).strip()


# ---------------------------------------------------------------- helpers
def load(path):
    df = pd.read_csv(path, keep_default_na=False, dtype=str)
    need = {"text", "label", "split"}
    if not need.issubset(df.columns):
        sys.exit(f"{path}: need columns {need}, got {list(df.columns)}")
    return {s: df[df.split == s].reset_index(drop=True) for s in ("train", "dev", "test")}


def metrics(gold, pred):
    return {"accuracy": float(accuracy_score(gold, pred)),
            "macroF1": float(f1_score(gold, pred, average="macro"))}


def replicate(texts, n):
    reps = -(-n // len(texts))
    return (list(texts) * reps)[:n]


def timed(fn, repeats):
    """Run fn() `repeats` times; return (median seconds, all seconds, last result)."""
    times, res = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        res = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times, res


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version()}


def fasttext_version():
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "fasttext"],
                             capture_output=True, text=True).stdout.strip()
        return out or "unknown"
    except OSError:
        return "unknown"


def write_ft_file(path, df):
    with open(path, "w", encoding="utf-8") as f:
        for t, l in zip(df.text, df.label):
            f.write(f"__label__{l.replace(' ', '_')} {ft_normalise(t)}\n")


def ft_train(train_file, model_prefix, minn, maxn):
    cmd = [FASTTEXT_BIN, "supervised", "-input", train_file, "-output", model_prefix,
           "-minn", str(minn), "-maxn", str(maxn)] + FT_ARGS
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0, cmd


def ft_predict_cli(model_bin, text_file):
    out = subprocess.run([FASTTEXT_BIN, "predict", model_bin, text_file],
                         check=True, capture_output=True, text=True).stdout
    return [l[len("__label__"):] for l in out.splitlines()]


# ---------------------------------------------------------------- fastText
def run_fasttext(name, sp, work, big_texts, peer="fasttext", minn=FT_MINN, maxn=FT_MAXN):
    train_file = os.path.join(work, "train.txt")
    write_ft_file(train_file, sp["train"])
    prefix = os.path.join(work, peer)
    train_s, cmd = ft_train(train_file, prefix, minn, maxn)
    model_bin = prefix + ".bin"

    def eval_split(df, tag):
        f = os.path.join(work, f"{tag}.txt")
        with open(f, "w", encoding="utf-8") as fh:
            for t in df.text:
                fh.write(ft_normalise(t) + "\n")
        back = {l.replace(" ", "_"): l for l in sp["train"].label}
        pred = [back.get(p, p) for p in ft_predict_cli(model_bin, f)]
        assert len(pred) == len(df), (len(pred), len(df))
        return metrics(list(df.label), pred)

    dev_m = eval_split(sp["dev"], "dev")
    test_m = eval_split(sp["test"], "test")

    # throughput, CLI: the replicated test texts, already normalised, one a line
    big_file = os.path.join(work, "big.txt")
    with open(big_file, "w", encoding="utf-8") as fh:
        for t in big_texts:
            fh.write(ft_normalise(t) + "\n")
    one_file = os.path.join(work, "one.txt")
    with open(one_file, "w", encoding="utf-8") as fh:
        fh.write(ft_normalise(big_texts[0]) + "\n")

    def cli(path):
        subprocess.run([FASTTEXT_BIN, "predict", model_bin, path], check=True,
                       stdout=subprocess.DEVNULL)

    big_s, big_all, _ = timed(lambda: cli(big_file), REPEATS)
    one_s, one_all, _ = timed(lambda: cli(one_file), REPEATS)
    n = len(big_texts)

    # throughput, in-process (python3-fasttext binding, same C++ code), model
    # loaded once: (a) on the already-normalised lines, as the CLI gets them;
    # (b) normalisation (python regex) + predict from the raw texts.
    inproc = None
    try:
        import fasttext  # Debian python3-fasttext
        fasttext.FastText.eprint = lambda *a, **k: None  # silence load warning
        model = fasttext.load_model(model_bin)
        with open(big_file, encoding="utf-8") as fh:
            norm = fh.read().split("\n")[:-1]

        def predict_norm():
            out = []
            for i in range(0, n, 10000):
                labels, _ = model.predict(norm[i:i + 10000])
                out.extend(l[0] for l in labels)
            return out

        def predict_raw():
            out = []
            for i in range(0, n, 10000):
                labels, _ = model.predict([ft_normalise(t) for t in big_texts[i:i + 10000]])
                out.extend(l[0] for l in labels)
            return out

        a_s, a_all, a_pred = timed(predict_norm, REPEATS)
        b_s, b_all, b_pred = timed(predict_raw, REPEATS)
        assert len(a_pred) == n and a_pred == b_pred
        inproc = {"seconds": a_s, "secondsAll": a_all, "textsPerSecond": n / a_s,
                  "withNormalisationSeconds": b_s, "withNormalisationSecondsAll": b_all,
                  "withNormalisationTextsPerSecond": n / b_s,
                  "note": "python3-fasttext binding, model loaded once, batches of 10,000; "
                          "textsPerSecond on pre-normalised lines, withNormalisation* "
                          "includes the python lowercase/punctuation normalisation"}
    except ImportError:
        pass

    corrected = big_s - one_s
    return {
        "dataset": name, "peer": peer,
        "version": fasttext_version(),
        "settings": " ".join(cmd[cmd.index("-minn"):]) + "  (text: lowercase, punctuation split, whitespace collapsed)",
        "trainExamples": len(sp["train"]),
        "accuracy": test_m["accuracy"], "macroF1": test_m["macroF1"],
        "dev": dev_m,
        "trainSeconds": train_s,
        "modelBytes": os.path.getsize(model_bin),
        "predict": {
            "texts": n,
            "cliSeconds": big_s, "cliSecondsAll": big_all,
            "cliOneLineSeconds": one_s, "cliOneLineSecondsAll": one_all,
            "cliTextsPerSecondRaw": n / big_s,
            "cliTextsPerSecondLoadCorrected": n / corrected if corrected > 0 else None,
            "inProcess": inproc,
        },
        "textsPerSecond": (inproc or {}).get("textsPerSecond") or n / big_s,
        "machine": machine(),
    }


# ---------------------------------------------------------------- sklearn
def make_vectorizer():
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)


def make_lr(c):
    return LogisticRegression(C=c, solver="liblinear", max_iter=1000)


def run_sklearn(name, sp, big_texts):
    tr, dev, te = sp["train"], sp["dev"], sp["test"]
    # choose C on dev (macro-F1; ties -> smaller C)
    vec = make_vectorizer().fit(tr.text)
    Xtr, Xdev = vec.transform(tr.text), vec.transform(dev.text)
    grid = {}
    for c in SK_C_GRID:
        m = make_lr(c).fit(Xtr, tr.label)
        grid[c] = metrics(list(dev.label), m.predict(Xdev))["macroF1"]
    best_c = max(SK_C_GRID, key=lambda c: (grid[c], -c))

    # final fit, timed: vectorizer fit + LR fit on train
    t0 = time.perf_counter()
    vec = make_vectorizer().fit(tr.text)
    Xtr = vec.transform(tr.text)
    lr = make_lr(best_c).fit(Xtr, tr.label)
    train_s = time.perf_counter() - t0

    dev_m = metrics(list(dev.label), lr.predict(vec.transform(dev.text)))
    test_m = metrics(list(te.label), lr.predict(vec.transform(te.text)))

    n = len(big_texts)

    def predict_all():
        out = []
        for i in range(0, n, 10000):
            out.extend(lr.predict(vec.transform(big_texts[i:i + 10000])))
        return out

    p_s, p_all, pred = timed(predict_all, REPEATS)
    assert len(pred) == n
    return {
        "dataset": name, "peer": "sklearn-tfidf-lr",
        "version": sklearn.__version__,
        "settings": f"TfidfVectorizer(ngram_range=(1,2), sublinear_tf=True) + "
                    f"LogisticRegression(solver=liblinear, C={best_c:g}); C grid {SK_C_GRID} on dev macro-F1",
        "devGrid": {f"{c:g}": v for c, v in grid.items()},
        "C": best_c,
        "features": len(vec.vocabulary_),
        "trainExamples": len(tr),
        "accuracy": test_m["accuracy"], "macroF1": test_m["macroF1"],
        "dev": dev_m,
        "trainSeconds": train_s,
        "predict": {"texts": n, "seconds": p_s, "secondsAll": p_all,
                    "note": "in-process, single thread, transform+predict in chunks of 10,000"},
        "textsPerSecond": n / p_s,
        "machine": machine(),
    }


# ---------------------------------------------------------------- commands
def write_predict_csv(path, texts):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(["text"])
        for t in texts:
            w.writerow([t])


def cmd_run(args):
    os.makedirs(OUT, exist_ok=True)
    name = os.path.splitext(os.path.basename(args.csv))[0]
    sp = load(args.csv)
    big = replicate(list(sp["test"].text), PREDICT_LINES)
    write_predict_csv(os.path.join(OUT, f"{name}-predict.csv"), big)
    peers = args.peers.split(",")
    with tempfile.TemporaryDirectory(prefix=f"ft-{name}-") as work:
        for peer in peers:
            if peer == "fasttext":
                res = run_fasttext(name, sp, work, big)
            elif peer == "fasttext-chars":
                # the same character n-gram range as our default featurizer (2-5), for a
                # throughput comparison at comparable features; not fastText's best on dev
                res = run_fasttext(name, sp, work, big, peer, 2, 5)
            elif peer == "sklearn":
                res = run_sklearn(name, sp, big)
            else:
                sys.exit(f"unknown peer {peer}")
            line = json.dumps(res)
            print(line, flush=True)
            with open(os.path.join(OUT, f"{name}-{res['peer']}.json"), "w") as f:
                f.write(line + "\n")


def cmd_select_fasttext(args):
    """Dev-only, once for all datasets: mean dev macro-F1 per (minn, maxn)."""
    scores = {g: [] for g in FT_MINN_MAXN_GRID}
    with tempfile.TemporaryDirectory(prefix="ft-select-") as work:
        for path in args.csv:
            sp = load(path)
            tf = os.path.join(work, "train.txt")
            write_ft_file(tf, sp["train"])
            df = os.path.join(work, "dev.txt")
            with open(df, "w", encoding="utf-8") as fh:
                for t in sp["dev"].text:
                    fh.write(ft_normalise(t) + "\n")
            for (mn, mx) in FT_MINN_MAXN_GRID:
                for seed in ("1", "2", "3"):
                    prefix = os.path.join(work, "m")
                    cmd = [FASTTEXT_BIN, "supervised", "-input", tf, "-output", prefix,
                           "-minn", str(mn), "-maxn", str(mx)] + FT_ARGS
                    cmd[cmd.index("-seed") + 1] = seed
                    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
                    pred = ft_predict_cli(prefix + ".bin", df)
                    f1 = metrics(list(sp["dev"].label), pred)["macroF1"]
                    scores[(mn, mx)].append(f1)
                    print(json.dumps({"dataset": os.path.basename(path), "minn": mn, "maxn": mx,
                                      "seed": seed, "devMacroF1": f1}), flush=True)
    summary = {f"{mn}-{mx}": float(np.mean(v)) for (mn, mx), v in scores.items()}
    best = max(summary, key=summary.get)
    print(json.dumps({"meanDevMacroF1": summary, "best": best}))


def fmt(x, spec):
    return "n/a" if x is None else format(x, spec)


def cmd_table(args):
    rows = []
    for fn in sorted(os.listdir(OUT)):
        if fn.endswith(".json") and not fn.startswith("annotator-"):
            with open(os.path.join(OUT, fn)) as f:
                try:
                    rows.append(json.loads(f.read().strip().splitlines()[-1]))
                except (ValueError, IndexError):
                    print(f"skipping unreadable {fn}", file=sys.stderr)
    order = {"uci_sentiment": 0, "spamassassin": 1, "fine_foods": 2}
    porder = {"annotator-fast": 0, "annotator-fast-words": 1, "fasttext": 2, "fasttext-chars": 3, "sklearn-tfidf-lr": 4}
    rows.sort(key=lambda r: (order.get(r.get("dataset"), 9), r.get("dataset"),
                             porder.get(r.get("peer"), 9)))
    print("| dataset | system | test accuracy | test macro-F1 | train s | "
          "predict texts/s, in-process | predict texts/s, whole process | notes |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        p = r.get("predict") or {}
        if r["peer"] in ("fasttext", "fasttext-chars"):
            ip = p.get("inProcess") or {}
            inproc = ip.get("textsPerSecond")
            whole = p.get("cliTextsPerSecondRaw")
            note = (f"CLI load-corrected {fmt(p.get('cliTextsPerSecondLoadCorrected'), ',.0f')}/s; "
                    f"in-process incl. python normalisation "
                    f"{fmt(ip.get('withNormalisationTextsPerSecond'), ',.0f')}/s; "
                    f"model {fmt((r.get('modelBytes') or 0) / 1e6, '.0f')} MB")
        elif r["peer"] == "sklearn-tfidf-lr":
            inproc, whole = r.get("textsPerSecond"), None
            note = f"C={r.get('C'):g}, {r.get('features'):,} features"
        else:
            inproc = r.get("textsPerSecond")
            whole = p.get("processTextsPerSecond")
            mb = r.get("modelBytes")
            note = "CLI-reported rate; whole process = JVM start + model load + predict" + (
                f"; model {mb / 1e6:.2f} MB" if mb else "")
        print(f"| {r['dataset']} | {r['peer']} | {fmt(r.get('accuracy'), '.4f')} | "
              f"{fmt(r.get('macroF1'), '.4f')} | {fmt(r.get('trainSeconds'), '.2f')} | "
              f"{fmt(inproc, ',.0f')} | {fmt(whole, ',.0f')} | {note} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("csv")
    r.add_argument("--peers", default="fasttext,fasttext-chars,sklearn")
    s = sub.add_parser("select-fasttext")
    s.add_argument("csv", nargs="+")
    sub.add_parser("table")
    args = ap.parse_args()
    {"run": cmd_run, "select-fasttext": cmd_select_fasttext, "table": cmd_table}[args.cmd](args)


if __name__ == "__main__":
    main()
