"""Continue training a tiny-reasoner model folder on an exported JSON Lines file; write a new folder.

    /usr/bin/python3 models/tiny-reasoner/train/finetune.py --model models/tiny-reasoner \
        --data out/train.jsonl --out models/tiny-reasoner-ft --steps 300 --seed 1

Starts from the folder's ONNX weights (no PyTorch checkpoint needs to exist): every weight of the
decoder is read back from `onnx/model.onnx` by the node that uses it, and the rebuilt PyTorch model
must reproduce the ONNX graph's logits before training starts. The data is a DataFactory export:
`chat` ({"messages": [..., {"role": "user"}, {"role": "assistant"}]}) or `prompt-completion`
({"prompt", "completion"}) lines; the loss is on the assistant's tokens only, as in the original
training. `--max-train-tokens` caps the tokens trained on (the flywheel's arms train on equal
tokens). Writes the new folder in the same layout (tokenizer copied, ONNX exported and checked),
`lineage.json` (parent name and fingerprint, data file and its SHA-256, steps, tokens, loss) and
`MODEL_CARD.md`. Seeded: the same command gives the same weights on the same PyTorch build.
"""

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import sys
import time

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpe  # noqa: E402
import export  # noqa: E402
import model as mdl  # noqa: E402

LOAD_TOLERANCE = 1e-4


def log(msg):
    print(f"[finetune {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def fail(msg):
    print(f"error: {msg}", file=sys.stderr, flush=True)
    raise SystemExit(2)


def read_config(folder):
    path = os.path.join(folder, "config.json")
    if not os.path.isfile(path):
        fail(f"{path}: no config.json (is '{folder}' a model folder?)")
    with open(path, encoding="utf-8") as f:
        c = json.load(f)
    fields = {k: c[k] for k in ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
                                "num_attention_heads", "num_key_value_heads", "head_dim",
                                "max_position_embeddings", "rms_norm_eps", "rope_theta") if k in c}
    return mdl.Config(**fields)


def load_onnx_weights(folder, cfg):
    """The PyTorch state dict of the decoder exported in folder/onnx/model.onnx.

    Named initializers (embeddings, norms) keep their parameter names; the projection weights were
    folded into anonymous transposed MatMul constants by the export, so they are found by the node
    that consumes them (/model/layers.N/self_attn/q_proj/MatMul and so on)."""
    path = os.path.join(folder, "onnx", "model.onnx")
    if not os.path.isfile(path):
        fail(f"{path}: no ONNX decoder")
    graph = onnx.load(path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    state = {}
    for name, value in inits.items():
        if name.startswith("model."):
            state[name[len("model."):]] = torch.from_numpy(value.copy())
    for node in graph.node:
        if node.op_type != "MatMul" or not node.name.startswith("/model/layers."):
            continue
        weight = next((x for x in node.input if x in inits), None)
        if weight is None:
            continue
        # /model/layers.3/mlp/down_proj/MatMul -> layers.3.mlp.down_proj.weight
        parts = node.name.strip("/").split("/")[1:-1]
        key = ".".join(parts) + ".weight"
        state[key] = torch.from_numpy(inits[weight].T.copy())
    model = mdl.TinyLlama(cfg)
    expected = set(model.state_dict().keys())
    missing = sorted(expected - set(state))
    extra = sorted(set(state) - expected)
    if missing or extra:
        fail(f"{path}: weights do not match the architecture in config.json (missing {missing[:5]}, unexpected {extra[:5]})")
    model.load_state_dict(state)
    return model, path


def check_loaded(model, onnx_path, cfg, tok):
    diff = export.torch_vs_onnx(model, onnx_path, cfg, tok)
    if not diff <= LOAD_TOLERANCE:
        fail(f"{onnx_path}: the rebuilt PyTorch model differs from the ONNX graph (max abs logit difference {diff:.2e})")
    return diff


def read_examples(path):
    """(prompt, completion) pairs from a chat or prompt-completion export; errors name file, line and field."""
    if not os.path.isfile(path):
        fail(f"{path}: no such file")
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                fail(f"{path}:{number}: not JSON ({e.msg})")
            if "messages" in row:
                msgs = row["messages"]
                user = [m for m in msgs if isinstance(m, dict) and m.get("role") == "user"]
                assistant = [m for m in msgs if isinstance(m, dict) and m.get("role") == "assistant"]
                if not user or not assistant:
                    fail(f"{path}:{number}: messages: needs a user and an assistant message")
                prompt, completion = user[-1].get("content"), assistant[-1].get("content")
            elif "prompt" in row and "completion" in row:
                prompt, completion = row["prompt"], row["completion"]
            else:
                fail(f"{path}:{number}: neither 'messages' (chat) nor 'prompt' and 'completion'")
            if not isinstance(prompt, str) or not isinstance(completion, str):
                fail(f"{path}:{number}: prompt and completion must be strings")
            rows.append((prompt, completion))
    if not rows:
        fail(f"{path}: no examples")
    return rows


def encode(tok, prompt, completion):
    prompt_ids = tok.encode(bpe.chat_prompt(prompt))
    return prompt_ids + tok.encode(completion) + [tok.eos_id], len(prompt_ids)


def collate(encoded, pad_id):
    t = max(len(s) for s, _ in encoded)
    ids = torch.full((len(encoded), t), pad_id, dtype=torch.long)
    labels = torch.full((len(encoded), t), -100, dtype=torch.long)
    mask = torch.zeros((len(encoded), t), dtype=torch.long)
    for row, (seq, p) in enumerate(encoded):
        ids[row, :len(seq)] = torch.tensor(seq)
        mask[row, :len(seq)] = 1
        labels[row, p - 1:len(seq) - 1] = torch.tensor(seq[p:])
    return ids, mask, labels


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fingerprint(folder):
    """The same fingerprint as DataFactory's ModelFingerprint for the standard decoder file."""
    h = hashlib.sha256()
    for name in ("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json"):
        p = os.path.join(folder, name)
        if os.path.isfile(p):
            h.update(name.encode())
            with open(p, "rb") as f:
                h.update(f.read())
    decoder = os.path.join(folder, "onnx", "model.onnx")
    h.update(b"decoder:onnx/model.onnx")
    files = [decoder] + sorted(os.path.join(folder, "onnx", n) for n in os.listdir(os.path.join(folder, "onnx"))
                               if n.startswith("model.onnx") and len(n) > len("model.onnx") and n[len("model.onnx")] in "_.")
    edge = 1 << 20
    for p in files:
        size = os.path.getsize(p)
        rel = os.path.relpath(p, folder).replace(os.sep, "/")
        h.update(f"{rel}:{size}".encode())
        with open(p, "rb") as f:
            h.update(f.read(min(edge, size)))
            if size > edge:
                f.seek(-min(edge, size), os.SEEK_END)
                h.update(f.read())
    return h.hexdigest()


def train(model, encoded, args, pad_id):
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    params = list(model.parameters())
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95))
    order = []
    losses = []
    seen = 0
    start = time.time()
    model.train()
    for step in range(args.steps):
        if len(order) < args.batch:
            more = list(range(len(encoded)))
            rng.shuffle(more)
            order += more
        batch = [encoded[i] for i in order[:args.batch]]
        del order[:args.batch]
        lr = args.lr * min(1.0, (step + 1) / max(1, args.warmup)) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * step / args.steps)))
        for g in opt.param_groups:
            g["lr"] = lr
        ids, mask, labels = collate(batch, pad_id)
        pos = (mask.cumsum(-1) - 1).clamp(min=0)
        logits, _ = model(ids, mask, pos)
        loss = F.cross_entropy(logits.view(-1, logits.shape[-1]), labels.view(-1), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        seen += sum(len(s) for s, _ in batch)
        losses.append(loss.item())
        if step % 25 == 0 or step == args.steps - 1:
            el = time.time() - start
            log(f"step {step + 1}/{args.steps} loss {losses[-1]:.4f} lr {lr:.2e} tokens {seen} "
                f"{seen / max(el, 1e-9):.0f} tok/s elapsed {el:.0f}s")
    model.eval()
    return {"steps": args.steps, "tokens_seen": seen, "first_loss": round(losses[0], 4),
            "final_loss": round(float(np.mean(losses[-10:])), 4), "seconds": round(time.time() - start, 1)}


def write_card(out, parent_name, lineage):
    t = lineage["training"]
    d = lineage["data"]
    text = f"""# {os.path.basename(os.path.abspath(out))}

Fine-tuned from `{parent_name}` (fingerprint `{lineage['parent']['fingerprint'][:16]}…`) by
`models/tiny-reasoner/train/finetune.py`. Same architecture, tokenizer, prompt format and ONNX layout
as its parent; see the parent's model card for those.

| | |
|---|---|
| data | `{d['file']}` (SHA-256 `{d['sha256'][:16]}…`), {d['examples']} examples, {d['examples_used']} used, {d['tokens']} tokens |
| steps | {t['steps']} of AdamW, batch {t['batch']}, peak learning rate {t['lr']}, warm-up {t['warmup']}, cosine to 10 % |
| tokens trained | {t['tokens_seen']} |
| loss | {t['first_loss']} at the first step, {t['final_loss']} over the last 10 steps |
| seed | {t['seed']} |
| time | {t['seconds']} s on {t['threads']} threads |
| loaded from ONNX | max abs logit difference {lineage['loaded_from_onnx_max_abs_diff']:.1e} |

`lineage.json` holds the same in machine-readable form; `datafactory models register` reads it.
"""
    with open(os.path.join(out, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True, help="parent model folder (tiny-reasoner layout)")
    ap.add_argument("--data", required=True, help="exported JSON Lines (chat or prompt-completion)")
    ap.add_argument("--out", required=True, help="new model folder (must not exist, or be empty)")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--token-budget", type=int, default=0,
                    help="train on about this many tokens: sets --steps from the batch and the mean example length (0: use --steps)")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=0, help="PyTorch threads (0: all cores)")
    ap.add_argument("--max-train-tokens", type=int, default=0,
                    help="train on at most this many tokens of the data, taken in a seeded random order (0: all)")
    ap.add_argument("--name", default=None, help="model name recorded in lineage.json (default: the folder name)")
    args = ap.parse_args()
    if args.steps < 1 or args.batch < 1:
        fail("--steps and --batch must be at least 1")
    if os.path.exists(args.out) and os.listdir(args.out):
        fail(f"{args.out}: exists and is not empty")
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    cfg = read_config(args.model)
    tok = bpe.load(os.path.join(args.model, "tokenizer.json"))
    model, onnx_path = load_onnx_weights(args.model, cfg)
    diff = check_loaded(model, onnx_path, cfg, tok)
    log(f"loaded {onnx_path}: {mdl.count_params(model)} parameters, matches the ONNX graph (max abs diff {diff:.1e})")

    rows = read_examples(args.data)
    encoded = [encode(tok, p, c) for p, c in rows]
    encoded = [e for e in encoded if len(e[0]) <= cfg.max_position_embeddings]
    if not encoded:
        fail(f"{args.data}: every example is longer than the context ({cfg.max_position_embeddings} tokens)")
    if args.max_train_tokens > 0:
        rng = random.Random(args.seed + 7)
        rng.shuffle(encoded)
        kept, total = [], 0
        for e in encoded:
            if total + len(e[0]) > args.max_train_tokens:
                break
            kept.append(e)
            total += len(e[0])
        encoded = kept or encoded[:1]
    tokens = sum(len(s) for s, _ in encoded)
    log(f"{len(rows)} examples in {args.data}, {len(encoded)} used ({tokens} tokens)")
    if args.token_budget > 0:
        args.steps = max(1, round(args.token_budget / (args.batch * tokens / len(encoded))))
        log(f"token budget {args.token_budget}: {args.steps} steps of {args.batch} examples")

    stats = train(model, encoded, args, tok.pad_id)

    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copyfile(os.path.join(args.model, name), os.path.join(args.out, name))
    with open(os.path.join(args.model, "generation_config.json"), encoding="utf-8") as f:
        max_new = json.load(f).get("max_new_tokens", 384)
    work = os.path.join(args.out, ".work")
    os.makedirs(work, exist_ok=True)
    export.run(model, args.out, cfg, max_new, work, log)
    shutil.rmtree(work)

    parent_name = os.path.basename(os.path.abspath(args.model))
    lineage = {
        "name": args.name or os.path.basename(os.path.abspath(args.out)),
        "parent": {"name": parent_name, "fingerprint": fingerprint(args.model)},
        "data": {"file": os.path.abspath(args.data), "sha256": sha256(args.data), "examples": len(rows),
                 "examples_used": len(encoded), "tokens": tokens},
        "training": {**stats, "batch": args.batch, "lr": args.lr, "warmup": args.warmup, "seed": args.seed,
                     "threads": torch.get_num_threads(), "max_train_tokens": args.max_train_tokens,
                     "token_budget": args.token_budget},
        "loaded_from_onnx_max_abs_diff": diff,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    with open(os.path.join(args.out, "lineage.json"), "w", encoding="utf-8") as f:
        json.dump(lineage, f, indent=2)
        f.write("\n")
    write_card(args.out, parent_name, lineage)
    log(f"wrote {args.out} (fingerprint {fingerprint(args.out)[:16]}…)")


if __name__ == "__main__":
    main()
