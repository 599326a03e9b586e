"""Fresh training problems for the flywheel, from the task generators, never from the held-out sets.

    /usr/bin/python3 models/tiny-reasoner/train/problems.py --seed 101 --per-family 200 --out work/round1

Writes OUT/{arithmetic,game24,countdown,cipher}.jsonl in the formats of examples/ (so `datafactory
import` reads them as it reads the examples). Problems are drawn from the training side of the hash
split (tasks.is_held_out_key), at the held-out sets' difficulty (so that the harvest practises what
is measured), and distinct within the call; any problem whose key or prompt is in examples/ is
skipped as a second guard. Seeded: the same seed gives the same files.
"""

import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import tasks  # noqa: E402
from train import HELD_OUT_DIFFICULTY, ID_PREFIX, REPO  # noqa: E402


def held_out_prompts():
    prompts = set()
    for family in tasks.FAMILIES:
        path = os.path.join(REPO, "examples", family + ".jsonl")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    prompts.add(json.dumps({k: v for k, v in json.loads(line).items() if k != "id"}, sort_keys=True))
    return prompts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--per-family", type=int, default=200)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    held = held_out_prompts()
    for family in tasks.FAMILIES:
        rng = random.Random(f"flywheel:{args.seed}:{family}")
        seen, rows, attempts = set(), [], 0
        while len(rows) < args.per_family:
            attempts += 1
            if attempts > 200 * args.per_family:
                raise SystemExit(f"error: {family}: only {len(rows)} distinct training problems found")
            ex = tasks.generate(family, rng, held_out=False, **HELD_OUT_DIFFICULTY[family])
            record = json.dumps(ex["record"], sort_keys=True)
            if record in seen or record in held:
                continue
            seen.add(record)
            rows.append({"id": f"fw{args.seed}-{ID_PREFIX[family]}-{len(rows) + 1:04d}", **ex["record"]})
        with open(os.path.join(args.out, family + ".jsonl"), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
        print(f"{family}: {len(rows)} problems", file=sys.stderr)


if __name__ == "__main__":
    main()
