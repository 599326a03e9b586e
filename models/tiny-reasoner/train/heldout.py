"""Held-out evaluation of several models on the whole examples/ sets, as one results table.

    /usr/bin/python3 models/tiny-reasoner/train/heldout.py --out /work/heldout \
        --results benchmarks/results/flywheel-heldout.md \
        base=models/tiny-reasoner-base r1-verified=/work/fw8/models/r1-verified ...

The flywheel (flywheel.py) evaluates each model on the first --eval-problems held-out problems of each
family to keep a round short; this evaluates the models it made on all 200 problems of each family
(800 in all), with the same sampling: `datafactory eval examples/{arithmetic,game24,countdown,cipher}.jsonl
--model M --samples 8 --seed 1 --problems 0 --max-tokens 384 --json`, embedded, no store. Each
model's output is kept in --out as NAME.json, and a model whose file is there is not evaluated again
(delete the file to re-measure). The first model is the reference of the "vs" column.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FAMILIES = ("arithmetic", "game24", "countdown", "cipher")
KINDS = ("math", "game24", "countdown", "cipher")


def log(msg):
    print(f"[heldout {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def evaluate(cli, model, samples, seed, out_path):
    files = [os.path.join(REPO, "examples", f + ".jsonl") for f in FAMILIES]
    cmd = ["dotnet", cli, "eval", *files, "--model", model, "--samples", str(samples), "--seed", str(seed),
           "--problems", "0", "--max-tokens", "384", "--json"]
    log("$ datafactory " + " ".join(cmd[2:]))
    p = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise SystemExit(f"error: datafactory eval --model {model} exited {p.returncode}:\n{p.stderr[-4000:]}")
    with open(out_path + ".tmp", "w", encoding="utf-8") as f:
        f.write(p.stdout)
    os.replace(out_path + ".tmp", out_path)


def scores(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            for field in ("kind", "problems", "pass@1", "greedy"):
                if field not in row:
                    raise SystemExit(f"error: {path}:{number}: no field '{field}'")
            rows[row["kind"]] = row
    missing = [k for k in KINDS if k not in rows]
    if missing:
        raise SystemExit(f"error: {path}: no line for {', '.join(missing)}")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("models", nargs="+", help="NAME=MODEL_DIR, the first is the reference")
    ap.add_argument("--out", required=True, help="folder for each model's eval output (NAME.json)")
    ap.add_argument("--results", required=True, help="results table (Markdown)")
    ap.add_argument("--samples", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--note", default="", help="a paragraph under the table")
    ap.add_argument("--cli", default=os.path.join(REPO, "src", "DataFactory.Cli", "bin", "Release", "net10.0", "datafactory.dll"))
    args = ap.parse_args()
    pairs = []
    for item in args.models:
        name, sep, model = item.partition("=")
        if not sep or not name or not model:
            raise SystemExit(f"error: '{item}': expected NAME=MODEL_DIR")
        if not os.path.isdir(model):
            raise SystemExit(f"error: '{item}': {model} is not a folder")
        pairs.append((name, os.path.abspath(model)))
    os.makedirs(args.out, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    for k, (name, model) in enumerate(pairs, 1):
        path = os.path.join(args.out, name + ".json")
        if os.path.isfile(path):
            log(f"{k}/{len(pairs)} {name}: kept {path}")
            continue
        if not os.path.isfile(args.cli):
            raise SystemExit(f"error: {args.cli} not found; build it first: dotnet build src/DataFactory.Cli -c Release")
        log(f"{k}/{len(pairs)} {name}: evaluating {model}")
        evaluate(args.cli, model, args.samples, args.seed, path)

    table = [(name, model, scores(os.path.join(args.out, name + ".json"))) for name, model in pairs]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, stdout=subprocess.PIPE, text=True).stdout.strip()
    load = " ".join(open("/proc/loadavg").read().split()[:3]) if os.path.isfile("/proc/loadavg") else "unknown"
    lines = [
        "# Held-out evaluation on the whole examples/ sets", "",
        f"Command: `/usr/bin/python3 models/tiny-reasoner/train/heldout.py {' '.join(sys.argv[1:])}`, "
        f"{started:%Y-%m-%d %H:%M} UTC, commit {commit}.",
        f"Machine: {os.cpu_count()} logical cores, {platform.platform()}, load average {load} when written.", "",
        f"Each model: `datafactory eval` on all 200 problems of each examples/ set (800 held-out problems), {args.samples} "
        f"samples per problem, seed {args.seed}, at most 384 new tokens; pass@1 is the unbiased estimate from the samples, "
        "greedy one greedy decode per problem. The outputs are in the --out folder (NAME.json).", "",
        "| model | folder | arithmetic | game24 | countdown | cipher | mean pass@1 | vs " + table[0][0] + " | mean greedy |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    reference = sum(table[0][2][k]["pass@1"] for k in KINDS) / len(KINDS)
    for name, model, s in table:
        mean = sum(s[k]["pass@1"] for k in KINDS) / len(KINDS)
        greedy = sum(s[k]["greedy"] for k in KINDS) / len(KINDS)
        cells = " | ".join(f"{s[k]['pass@1'] * 100:.1f} %" for k in KINDS)
        shown = os.path.relpath(model, REPO) if model.startswith(REPO + os.sep) else model
        lines.append(f"| `{name}` | `{shown}` | {cells} | {mean * 100:.1f} % | {(mean - reference) * 100:+.1f} | {greedy * 100:.1f} % |")
    if args.note:
        lines += ["", args.note]
    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    with open(args.results, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    log(f"wrote {args.results}")


if __name__ == "__main__":
    main()
