"""The data flywheel, end to end, with controls: harvest, export, fine-tune, evaluate, register.

    /usr/bin/python3 models/tiny-reasoner/train/flywheel.py --base models/tiny-reasoner-base \
        --rounds 2 --arms verified,unfiltered,no-flawed,star --work out/flywheel \
        --results benchmarks/results/flywheel.md

A script, not a `datafactory` command: it calls only the public CLI (import, run --local, export,
eval, models register) and finetune.py, so the loop is exactly what a user can do, the C# service
gains no Python dependency, and training stays in the one language where Debian's PyTorch lives.

Each round draws fresh training problems from the task generators (problems.py: the training side
of the hash split, never the held-out sets), and for each arm harvests them with the arm's current
model (embedded store, `run --local --keep-flawed --keep-rejected`), exports the arm's data,
fine-tunes to a token budget equal for every arm of the round, registers the new model with the
run it was trained on, and evaluates it on the held-out examples/ sets. Arms:

- verified:   verified traces, flawed ones included (final-answer verification only);
- unfiltered: every candidate, right or wrong (the control: what verification buys);
- no-flawed:  verified traces without the flawed ones (what step checks buy);
- star:       verified traces plus STaR rationalizations: problems with no verified trace are
              retried with the gold answer as a hint, and the rationales that verify are kept with
              the hint removed.

Arms whose current model is the same share its harvest (one run, several exports). Every figure
goes into the results table with the commands' settings; nothing is measured twice: harvests and
evaluations are remembered in the work folder (state.json), so an interrupted experiment resumes
where it stopped, and a later invocation can add rounds (`--later-arms` limits rounds 2 and up to
some arms, for example only the verified arm's second round).
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FAMILIES = ("arithmetic", "game24", "countdown", "cipher")
KINDS = {"arithmetic": "math", "game24": "game24", "countdown": "countdown", "cipher": "cipher"}
ARMS = ("verified", "unfiltered", "no-flawed", "star")


def log(msg):
    print(f"[flywheel {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Cli:
    def __init__(self, dll, db, threads):
        self.base = ["dotnet", dll]
        self.db = db
        self.env = {**os.environ, "DATAFACTORY__MODEL__INTRAOPTHREADS": str(threads)}

    def __call__(self, *args, store=True):
        cmd = self.base + list(args) + (["--db", self.db] if store else [])
        log("$ datafactory " + " ".join(args))
        p = subprocess.run(cmd, cwd=REPO, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise SystemExit(f"error: datafactory {' '.join(args)} exited {p.returncode}:\n{p.stderr[-4000:]}")
        return p.stdout


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def chat(prompt, completion):
    return {"messages": [{"role": "user", "content": prompt}, {"role": "assistant", "content": completion}]}


def text_of(value, role):
    """A KTO field in standard (string) or conversational (list of messages) form."""
    if isinstance(value, str):
        return value
    return [m["content"] for m in value if m.get("role") == role][-1]


class Flywheel:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        os.makedirs(self.work, exist_ok=True)
        self.cli = Cli(args.cli, os.path.join(self.work, "flywheel.db"), args.threads)
        self.state_path = os.path.join(self.work, "state.json")
        self.state = json.load(open(self.state_path, encoding="utf-8")) if os.path.isfile(self.state_path) else {"harvests": {}, "evals": {}}
        self.rows = []
        # The code that runs is the code at the start (the CLI binary may be a copy: --cli); a table assembled
        # from remembered measurements names the commit that measured them (--measured-at).
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        self.commit = head if args.measured_at is None else f"{args.measured_at} (measurements; table written at {head})"

    def save(self):
        # Merge with what is on disk, so that an invocation that resumes never loses what another recorded.
        if os.path.isfile(self.state_path):
            on_disk = json.load(open(self.state_path, encoding="utf-8"))
            for part in ("harvests", "evals"):
                self.state[part] = {**on_disk.get(part, {}), **self.state[part]}
        tmp = f"{self.state_path}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self.state, f, indent=1)
        os.replace(tmp, self.state_path)

    def evaluate(self, model, label):
        key = os.path.abspath(model)
        if key in self.state["evals"]:
            known = self.state["evals"][key]
            log(f"{label}: mean pass@1 {100 * known['mean']:.1f} % (measured before, from state.json)")
            return known["scores"], known["mean"]
        files = [os.path.join(REPO, "examples", f + ".jsonl") for f in FAMILIES]
        out = self.cli("eval", *files, "--model", model, "--samples", str(self.args.eval_samples), "--seed",
                       str(self.args.seed), "--problems", str(self.args.eval_problems), "--max-tokens", "384", "--json")
        scores = {s["kind"]: s for s in (json.loads(line) for line in out.split("\n") if line.strip())}
        mean = sum(s["pass@1"] for s in scores.values()) / max(1, len(scores))
        log(f"{label}: mean pass@1 {100 * mean:.1f} %")
        self.state["evals"][key] = {"scores": scores, "mean": mean}
        self.save()
        return scores, mean

    def problems(self, rnd):
        folder = os.path.join(self.work, f"round{rnd}", "problems")
        if not os.path.isdir(folder):
            subprocess.run([sys.executable, os.path.join(HERE, "problems.py"), "--seed", str(self.args.seed * 1000 + rnd),
                            "--per-family", str(self.args.per_family), "--out", folder], check=True)
        return folder

    def harvest(self, model, rnd):
        """One run of the model over the round's problems (shared by arms on the same model)."""
        key = f"{os.path.abspath(model)}#{rnd}"
        if key in self.state["harvests"]:
            return tuple(self.state["harvests"][key])
        tag = hashlib.sha256(os.path.abspath(model).encode()).hexdigest()[:8]
        set_name = f"round{rnd}-{tag}"
        folder = self.problems(rnd)
        for family in FAMILIES:
            self.cli("import", os.path.join(folder, family + ".jsonl"), "--set", set_name)
        keep = ["--keep-flawed"] + (["--keep-rejected"] if "unfiltered" in self.args.arms else [])
        policy = (["--target-verified", str(self.args.target_verified), "--budget", str(self.args.budget)]
                  if self.args.target_verified else ["--samples", str(self.args.samples)])
        out = self.cli("run", "--set", set_name, "--local", "--model", model, *policy, "--seed", str(self.args.seed), *keep)
        run_id = out.strip().split("\n")[0].strip()
        self.state["harvests"][key] = [set_name, run_id]
        self.save()
        return set_name, run_id

    def export(self, set_name, run_id, name, *flags):
        path = os.path.join(self.work, name)
        self.cli("export", "--set", set_name, "--run", run_id, "--out", path, *flags)
        return read_jsonl(path)

    def arm_data(self, arm, model, rnd, folder):
        set_name, run_id = self.harvest(model, rnd)
        runs = [run_id]
        prefix = f"round{rnd}/{arm}"
        os.makedirs(os.path.join(self.work, f"round{rnd}", arm), exist_ok=True)
        if arm == "verified":
            rows = self.export(set_name, run_id, f"{prefix}/export.jsonl", "--format", "chat", "--include-flawed")
        elif arm == "no-flawed":
            rows = self.export(set_name, run_id, f"{prefix}/export.jsonl", "--format", "chat")
        elif arm == "unfiltered":
            kto = self.export(set_name, run_id, f"{prefix}/export.jsonl", "--format", "kto", "--include-flawed")
            rows = [chat(text_of(r["prompt"], "user"), text_of(r["completion"], "assistant")) for r in kto]
        elif arm == "star":
            rows = self.export(set_name, run_id, f"{prefix}/export.jsonl", "--format", "chat", "--include-flawed")
            rationalized, hint_run = self.rationalize(model, rnd, set_name, run_id, folder)
            rows += rationalized
            runs.append(hint_run)
        else:
            raise SystemExit(f"error: unknown arm {arm}")
        return rows, runs

    def rationalize(self, model, rnd, set_name, run_id, folder):
        """STaR: the problems without a verified trace, retried with the gold answer as a hint."""
        raw = self.export(set_name, run_id, f"round{rnd}/star/raw.jsonl", "--format", "raw", "--include-flawed")
        solved = {r["problem_id"] for r in raw}
        hinted, original = [], {}
        for family in FAMILIES:
            for p in read_jsonl(os.path.join(folder, family + ".jsonl")):
                if p["id"] in solved:
                    continue
                prompt, hint = hint_for(family, p)
                if hint is None:
                    continue
                row = dict(p)
                row["prompt"] = f"{prompt}\nHint: the answer is {hint}."
                if family == "arithmetic":
                    row.update({"kind": "math"})
                hinted.append((family, row))
                original[row["prompt"]] = prompt
        hint_set = f"{set_name}-hint"
        if hint_set in self.state["harvests"]:
            hint_run = self.state["harvests"][hint_set][1]
            traces = read_jsonl(os.path.join(self.work, f"round{rnd}/star/rationales.jsonl"))
            kept = [chat(original[t["prompt"]], t["completion"]) for t in traces if t["prompt"] in original
                    and "hint" not in t["completion"].lower()]
            return kept, hint_run
        for family in FAMILIES:
            rows = [r for f, r in hinted if f == family]
            if rows:
                path = os.path.join(self.work, f"round{rnd}", "star", f"hint-{family}.jsonl")
                write_jsonl(path, rows)
                self.cli("import", path, "--set", hint_set)
        out = self.cli("run", "--set", hint_set, "--local", "--model", model, "--samples", str(self.args.samples),
                       "--seed", str(self.args.seed))
        hint_run = out.strip().split("\n")[0].strip()
        self.state["harvests"][hint_set] = [hint_set, hint_run]
        self.save()
        traces = self.export(hint_set, hint_run, f"round{rnd}/star/rationales.jsonl", "--format", "prompt-completion")
        kept = [chat(original[t["prompt"]], t["completion"]) for t in traces if t["prompt"] in original
                and "hint" not in t["completion"].lower()]
        log(f"star: {len(hinted)} unsolved problems retried with a hint, {len(kept)} rationales kept")
        return kept, hint_run

    def finetune(self, parent, data_rows, out, budget, rnd, arm):
        data = os.path.join(self.work, f"round{rnd}", arm, "train.jsonl")
        os.makedirs(os.path.dirname(data), exist_ok=True)
        rng = random.Random(self.args.seed + rnd)
        rows = list(data_rows)
        rng.shuffle(rows)
        write_jsonl(data, rows)
        subprocess.run([sys.executable, os.path.join(HERE, "finetune.py"), "--model", parent, "--data", data, "--out", out,
                        "--token-budget", str(budget), "--batch", str(self.args.batch), "--lr", str(self.args.lr),
                        "--seed", str(self.args.seed), "--threads", str(self.args.threads),
                        "--name", os.path.basename(out)], check=True)

    def run(self):
        a = self.args
        if a.bundled_only:
            self.bundled_round()
            self.write()
            return
        base_scores, base_mean = self.evaluate(a.base, "base")
        self.rows.append({"round": 0, "arm": "base", "model": os.path.basename(a.base), "examples": 0, "tokens": 0,
                          "scores": base_scores, "mean": base_mean})
        current = {arm: a.base for arm in a.arms}
        for rnd in range(1, a.rounds + 1):
            folder = self.problems(rnd)
            arms = a.arms if rnd == 1 else a.later_arms
            data = {arm: self.arm_data(arm, current[arm], rnd, folder) for arm in arms}
            tokens = {arm: sum(len(json.dumps(r)) for r in rows) for arm, (rows, _) in data.items()}
            budget = a.token_budget
            log(f"round {rnd}: data per arm: " + ", ".join(f"{arm} {len(rows)} examples" for arm, (rows, _) in data.items()))
            for arm in arms:
                rows, runs = data[arm]
                if not rows:
                    log(f"round {rnd} {arm}: no training data; the model stays")
                    continue
                out = os.path.join(self.work, "models", f"r{rnd}-{arm}")
                if not os.path.isdir(out):
                    self.finetune(current[arm], rows, out, budget, rnd, arm)
                self.cli("models", "register", out, *sum((["--run", r] for r in runs), []))
                scores, mean = self.evaluate(out, f"round {rnd} {arm}")
                lineage = json.load(open(os.path.join(out, "lineage.json"), encoding="utf-8"))
                self.rows.append({"round": rnd, "arm": arm, "model": os.path.basename(out), "examples": len(rows),
                                  "tokens": lineage["training"]["tokens_seen"], "scores": scores, "mean": mean,
                                  "loss": lineage["training"]["final_loss"], "data_chars": tokens[arm]})
                current[arm] = out
            self.write()
        if a.from_bundled:
            self.bundled_round()
        self.write()

    def bundled_round(self):
        a = self.args
        model = os.path.join(REPO, "models", "tiny-reasoner")
        scores, mean = self.evaluate(model, "bundled")
        self.rows.append({"round": 0, "arm": "bundled", "model": "tiny-reasoner", "examples": 0, "tokens": 0,
                          "scores": scores, "mean": mean})
        arm = a.bundled_arm
        rows, runs = self.arm_data(arm, model, 1, self.problems(1))
        out = os.path.join(self.work, "models", f"bundled-r1-{arm}")
        if not os.path.isdir(out):
            self.finetune(model, rows, out, a.token_budget, 1, f"bundled-{arm}")
        self.cli("models", "register", out, *sum((["--run", r] for r in runs), []))
        scores, mean = self.evaluate(out, f"bundled + round 1 {arm}")
        lineage = json.load(open(os.path.join(out, "lineage.json"), encoding="utf-8"))
        self.rows.append({"round": 1, "arm": f"bundled {arm}", "model": os.path.basename(out), "examples": len(rows),
                          "tokens": lineage["training"]["tokens_seen"], "scores": scores, "mean": mean,
                          "loss": lineage["training"]["final_loss"]})

    def write(self):
        a = self.args
        commit = self.commit
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        lines = [
            "# Flywheel experiment", "",
            f"Command: `/usr/bin/python3 models/tiny-reasoner/train/flywheel.py {' '.join(sys.argv[1:])}`, "
            f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}.",
            f"Machine: {os.cpu_count()} logical cores, {platform.platform()}, load average {load} when written.", "",
            f"Starting model `{a.base}`. Each round: {a.per_family} fresh training problems per family (problems.py, "
            f"seed {a.seed}·1000+round, training side of the hash split), harvested with "
            + (f"the adaptive policy (at most {a.budget} candidates per problem, stopping at {a.target_verified} distinct verified "
               f"traces without a false step)" if a.target_verified else f"{a.samples} samples")
            + f" (seed {a.seed}); fine-tuned to {a.token_budget} training tokens per arm (batch {a.batch}, lr {a.lr}); "
            f"evaluated on {'all the' if a.eval_problems == 0 else f'the first {a.eval_problems}'} held-out problems of each examples/ set with {a.eval_samples} samples "
            f"(unbiased pass@1, seed {a.seed}) and greedy decoding.", "",
            "| round | arm | model | training examples | tokens trained | final loss | arithmetic | game24 | countdown | cipher | mean pass@1 | vs base |",
            "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        base = self.rows[0]["mean"] if self.rows else 0
        extra = [r for path in a.include_rows for r in json.load(open(path, encoding="utf-8"))]
        for r in self.rows + extra:
            cells = [f"{100 * r['scores'].get(KINDS[f], {}).get('pass@1', 0):.1f} %" for f in FAMILIES]
            loss = f"{r['loss']:.3f}" if "loss" in r else "-"
            lines.append(f"| {r['round']} | {r['arm']} | `{r['model']}` | {r['examples']} | {r['tokens']} | {loss} | "
                         + " | ".join(cells) + f" | {100 * r['mean']:.1f} % | {100 * (r['mean'] - base):+.1f} |")
        lines += ["", "pass@1 per family on the held-out sets; mean = mean of the four families; vs base = points over the starting model.", ""]
        os.makedirs(os.path.dirname(os.path.abspath(a.results)), exist_ok=True)
        with open(a.results, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        json.dump(self.rows, open(os.path.join(self.work, "rows.json"), "w"), indent=1)
        log(f"wrote {a.results}")


def hint_for(family, p):
    """The problem's prompt as the importer renders it, and a hint: the gold answer."""
    sys.path.insert(0, HERE)
    import tasks
    if family == "arithmetic":
        return p["prompt"], p["answer"]
    if family == "cipher":
        return tasks.cipher_prompt(p["ciphertext"]), p["plaintext"]
    target = p.get("target", 24)
    solutions = tasks.all_solutions(p["numbers"], target)
    if not solutions:
        return None, None
    return tasks.puzzle_prompt(p["numbers"], target), sorted(expr for _, expr in solutions)[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True, help="starting model folder")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--arms", default=",".join(ARMS))
    ap.add_argument("--later-arms", default=None, help="arms that go on in rounds 2 and up (default: all of --arms)")
    ap.add_argument("--work", required=True, help="work folder (store, problems, exports, models)")
    ap.add_argument("--results", required=True, help="results table (Markdown)")
    ap.add_argument("--per-family", type=int, default=200, help="fresh training problems per family and round")
    ap.add_argument("--samples", type=int, default=8, help="candidates per training problem")
    ap.add_argument("--target-verified", type=int, default=0,
                    help="harvest adaptively (run --target-verified K --budget B) instead of flat --samples")
    ap.add_argument("--budget", type=int, default=16, help="candidates per training problem at most, with --target-verified")
    ap.add_argument("--token-budget", type=int, default=400000, help="training tokens per arm and round")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--eval-problems", type=int, default=100, help="held-out problems per family (0: all 200)")
    ap.add_argument("--eval-samples", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--from-bundled", action="store_true", help="also one round of the verified arm from models/tiny-reasoner")
    ap.add_argument("--bundled-only", action="store_true", help="only that round (in its own work folder, beside another invocation)")
    ap.add_argument("--bundled-arm", default="verified", choices=["verified", "no-flawed"],
                    help="the data of the round from models/tiny-reasoner: verified traces (flawed included) or without flawed ones")
    ap.add_argument("--measured-at", default=None, help="the commit whose CLI made the remembered measurements (its build passed as --cli)")
    ap.add_argument("--include-rows", action="append", default=[],
                    help="rows.json of another invocation (a --bundled-only one) to add to the results table")
    ap.add_argument("--cli", default=os.path.join(REPO, "src", "DataFactory.Cli", "bin", "Release", "net10.0", "datafactory.dll"))
    args = ap.parse_args()
    args.arms = [a for a in args.arms.split(",") if a]
    args.later_arms = args.arms if args.later_arms is None else [a for a in args.later_arms.split(",") if a]
    unknown = [a for a in args.arms + args.later_arms if a not in ARMS or a not in args.arms]
    if unknown:
        raise SystemExit(f"error: unknown arms {unknown}; choose from {', '.join(ARMS)} (--later-arms from --arms)")
    if not os.path.isfile(args.cli):
        raise SystemExit(f"error: {args.cli} not found; build it first: dotnet build src/DataFactory.Cli -c Release")
    args.base = os.path.abspath(args.base)
    Flywheel(args).run()


if __name__ == "__main__":
    main()
