"""pass@1 and pass@16 on the held-out sets in examples/, sampling at temperature 0.8.

Reads the problem files the way the C# importers do (prompt text per the team's contract), samples
n=16 completions per problem with the KV cache, checks each with the Python re-implementation of
the verifiers in tasks.py, and reports the unbiased pass@k estimator (Chen et al., 2021).
"""

import json
import os
import time
from math import comb

import torch

import bpe
import tasks

N_SAMPLES = 16
TEMPERATURE = 0.8
SEED = 7
ROWS_PER_BATCH = 256


def load_problems(repo, family):
    out = []
    with open(os.path.join(repo, "examples", family + ".jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if family == "arithmetic":
                out.append({"id": r["id"], "prompt": r["prompt"], "answer": r["answer"]})
            elif family == "game24":
                out.append({"id": r["id"], "prompt": tasks.puzzle_prompt(r["numbers"], 24),
                            "numbers": r["numbers"], "target": 24})
            elif family == "countdown":
                out.append({"id": r["id"], "prompt": tasks.puzzle_prompt(r["numbers"], r["target"]),
                            "numbers": r["numbers"], "target": r["target"]})
            else:
                out.append({"id": r["id"], "prompt": tasks.cipher_prompt(r["ciphertext"]),
                            "answer": r["plaintext"]})
    return out


def pass_at_k(n, c, k):
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)


@torch.no_grad()
def sample(model, tok, prompts, max_new, gen):
    """Left-padded batched sampling with the KV cache; finished rows leave the batch."""
    enc = [tok.encode(bpe.chat_prompt(p)) for p in prompts]
    width = max(len(e) for e in enc)
    b = len(enc)
    ids = torch.full((b, width), tok.pad_id, dtype=torch.long)
    mask = torch.zeros((b, width), dtype=torch.long)
    for i, e in enumerate(enc):
        ids[i, width - len(e):] = torch.tensor(e)
        mask[i, width - len(e):] = 1
    pos = (mask.cumsum(-1) - 1).clamp(min=0)
    logits, past = model(ids, mask, pos)
    next_pos = pos[:, -1] + 1
    outputs = [[] for _ in range(b)]
    alive = torch.arange(b)
    last = logits[:, -1]
    for _ in range(max_new):
        probs = torch.softmax(last / TEMPERATURE, dim=-1)
        nxt = torch.multinomial(probs, 1, generator=gen).squeeze(1)
        keep = []
        for j, row in enumerate(alive.tolist()):
            t = int(nxt[j])
            if t == tok.eos_id:
                outputs[row].append(t)
            else:
                outputs[row].append(t)
                keep.append(j)
        if not keep:
            break
        if len(keep) < len(alive):
            kt = torch.tensor(keep)
            alive, nxt, mask, next_pos = alive[kt], nxt[kt], mask[kt], next_pos[kt]
            past = [(k[kt], v[kt]) for k, v in past]
        mask = torch.cat([mask, torch.ones(len(alive), 1, dtype=torch.long)], dim=1)
        logits, past = model(nxt.unsqueeze(1), mask, next_pos.unsqueeze(1), past)
        next_pos = next_pos + 1
        last = logits[:, -1]
    return outputs


def run(model, out_dir, work, log, n_problems, threads, max_new, repo):
    torch.set_num_threads(threads)
    tok = bpe.load(os.path.join(out_dir, "tokenizer.json"))
    gen = torch.Generator().manual_seed(SEED)
    report = {"temperature": TEMPERATURE, "n": N_SAMPLES, "max_new_tokens": max_new, "families": {}}
    samples_path = os.path.join(work, "eval_samples.jsonl")
    with open(samples_path, "w", encoding="utf-8") as sf:
        for family in tasks.FAMILIES:
            start = time.time()
            probs = load_problems(repo, family)[:n_problems]
            per_batch = max(1, ROWS_PER_BATCH // N_SAMPLES)
            p1 = p16 = 0.0
            tokens = 0
            truncated = 0
            for s in range(0, len(probs), per_batch):
                group = probs[s:s + per_batch]
                prompts = [p["prompt"] for p in group for _ in range(N_SAMPLES)]
                outs = sample(model, tok, prompts, max_new, gen)
                for gi, p in enumerate(group):
                    rows = outs[gi * N_SAMPLES:(gi + 1) * N_SAMPLES]
                    correct = 0
                    for r in rows:
                        tokens += len(r)
                        finished = bool(r) and r[-1] == tok.eos_id
                        truncated += not finished
                        text = tok.decode(r[:-1] if finished else r)
                        ok = finished and tasks.check(family, p, text)
                        correct += ok
                        sf.write(json.dumps({"family": family, "id": p["id"], "ok": ok, "text": text}) + "\n")
                    p1 += pass_at_k(N_SAMPLES, correct, 1)
                    p16 += pass_at_k(N_SAMPLES, correct, 16)
            n = len(probs)
            res = {"problems": n, "pass@1": round(p1 / n, 4), "pass@16": round(p16 / n, 4),
                   "mean_new_tokens": round(tokens / (n * N_SAMPLES), 1),
                   "truncated": truncated, "seconds": round(time.time() - start)}
            report["families"][family] = res
            log(f"eval {family}: {res}")
    with open(os.path.join(work, "eval.json"), "w") as f:
        json.dump(report, f, indent=2)
    return report
