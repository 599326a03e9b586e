"""ONNX export of the decoder with KV cache, and the checks that the exported graph is consistent.

Checks, all on the exported ONNX graph (not on torch):
- whole sequence in one call (past length 0) vs the same sequence fed token by token through the
  KV cache: logits agree (max abs difference <= 1e-4);
- a left-padded batch (mask zeros on the left, position_ids = cumsum(mask) - 1 clipped at 0)
  gives each row the same last-token logits as that row alone.

Debian's python3-onnx is 1.12, which has no onnx.reference.ReferenceEvaluator (added in 1.13), and
there is no onnxruntime for Python here, so the graph is run by the small NumPy evaluator in
onnx_eval.py, which implements exactly the operators this export uses.
"""

import json
import os

import numpy as np
import onnx
import torch

import bpe
import onnx_eval

TOL = 1e-4


class Wrapper(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model
        self.n = model.cfg.num_hidden_layers

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(self.n)]
        logits, presents = self.model(input_ids, attention_mask, position_ids, past)
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def io_names(n_layers):
    past, present = [], []
    for i in range(n_layers):
        past += [f"past_key_values.{i}.key", f"past_key_values.{i}.value"]
        present += [f"present.{i}.key", f"present.{i}.value"]
    return past, present


def export(model, path):
    cfg = model.cfg
    n = cfg.num_hidden_layers
    past_names, present_names = io_names(n)
    b, t, p = 2, 3, 4
    ids = torch.randint(0, cfg.vocab_size, (b, t))
    mask = torch.ones(b, p + t, dtype=torch.long)
    pos = torch.arange(p, p + t).expand(b, t).contiguous()
    past = [torch.randn(b, cfg.num_key_value_heads, p, cfg.head_dim) for _ in range(2 * n)]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    for name in past_names:
        axes[name] = {0: "batch_size", 2: "past_sequence_length"}
    for name in present_names:
        axes[name] = {0: "batch_size", 2: "total_sequence_length"}
    # Grouped-query attention without the repeated KV copies (model.Attention.attend_grouped).
    attention = [blk.self_attn for blk in model.layers]
    for a in attention:
        a.grouped = True
    try:
        with torch.no_grad():
            torch.onnx.export(Wrapper(model), (ids, mask, pos, *past), path, opset_version=17,
                              input_names=["input_ids", "attention_mask", "position_ids"] + past_names,
                              output_names=["logits"] + present_names, dynamic_axes=axes,
                              do_constant_folding=True)
    finally:
        for a in attention:
            a.grouped = False
    onnx.checker.check_model(onnx.load(path))


def empty_past(cfg, b):
    return {name: np.zeros((b, cfg.num_key_value_heads, 0, cfg.head_dim), np.float32)
            for name in io_names(cfg.num_hidden_layers)[0]}


def run_graph(ev, cfg, ids, mask, pos, past):
    feeds = {"input_ids": np.asarray(ids, np.int64), "attention_mask": np.asarray(mask, np.int64),
             "position_ids": np.asarray(pos, np.int64), **past}
    out = ev.run(feeds)
    past_names, present_names = io_names(cfg.num_hidden_layers)
    return out["logits"], {pn: out[qn] for pn, qn in zip(past_names, present_names)}


def check(path, cfg, tok, log):
    ev = onnx_eval.Evaluator(onnx.load(path))
    text = bpe.chat_prompt("Calculate 47 + 85.") + "Add the columns from the right.\n7+5+0=12: 2"
    seq = tok.encode(text)
    t = len(seq)
    # whole sequence, past length 0
    full, _ = run_graph(ev, cfg, [seq], np.ones((1, t)), [list(range(t))], empty_past(cfg, 1))
    # token by token through the cache
    past = empty_past(cfg, 1)
    steps = []
    for i in range(t):
        lg, past = run_graph(ev, cfg, [[seq[i]]], np.ones((1, i + 1)), [[i]], past)
        steps.append(lg[0, 0])
    cached_diff = float(np.max(np.abs(np.stack(steps) - full[0])))
    # prefill half, then the rest in one call with the cache
    h = t // 2
    _, past = run_graph(ev, cfg, [seq[:h]], np.ones((1, h)), [list(range(h))], empty_past(cfg, 1))
    rest, _ = run_graph(ev, cfg, [seq[h:]], np.ones((1, t)), [list(range(h, t))], past)
    chunk_diff = float(np.max(np.abs(rest[0] - full[0, h:])))
    # left-padded batch vs each row alone
    rows = [seq, tok.encode(bpe.chat_prompt("Decode the letter-pair cipher: oyfjdnisdr")),
            tok.encode(bpe.chat_prompt("Calculate 3 * 4."))]
    width = max(len(r) for r in rows)
    ids = np.full((len(rows), width), tok.pad_id)
    mask = np.zeros((len(rows), width))
    for k, r in enumerate(rows):
        ids[k, width - len(r):] = r
        mask[k, width - len(r):] = 1
    pos = np.clip(np.cumsum(mask, axis=1) - 1, 0, None)
    batch, _ = run_graph(ev, cfg, ids, mask, pos, empty_past(cfg, len(rows)))
    pad_diff = 0.0
    for k, r in enumerate(rows):
        alone, _ = run_graph(ev, cfg, [r], np.ones((1, len(r))), [list(range(len(r)))], empty_past(cfg, 1))
        pad_diff = max(pad_diff, float(np.max(np.abs(alone[0, -1] - batch[k, -1]))))
    result = {"sequence_tokens": t, "cached_vs_uncached_max_abs_diff": cached_diff,
              "prefill_then_chunk_max_abs_diff": chunk_diff, "left_padded_batch_max_abs_diff": pad_diff,
              "tolerance": TOL}
    log(f"onnx checks: {result}")
    for key in ("cached_vs_uncached_max_abs_diff", "prefill_then_chunk_max_abs_diff", "left_padded_batch_max_abs_diff"):
        if not result[key] <= TOL:
            raise SystemExit(f"ONNX check failed: {key} = {result[key]}")
    return result


def torch_vs_onnx(model, path, cfg, tok):
    ev = onnx_eval.Evaluator(onnx.load(path))
    seq = tok.encode(bpe.chat_prompt("Calculate 12 - 7."))
    t = len(seq)
    ref, _ = run_graph(ev, cfg, [seq], np.ones((1, t)), [list(range(t))], empty_past(cfg, 1))
    with torch.no_grad():
        lg, _ = model(torch.tensor([seq]), torch.ones(1, t, dtype=torch.long), torch.arange(t).unsqueeze(0))
    return float(np.max(np.abs(lg.numpy() - ref)))


def write_configs(out_dir, cfg, tok, max_new_tokens):
    config = {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "attention_bias": False,
        "mlp_bias": False,
        "hidden_act": "silu",
        "hidden_size": cfg.hidden_size,
        "intermediate_size": cfg.intermediate_size,
        "num_hidden_layers": cfg.num_hidden_layers,
        "num_attention_heads": cfg.num_attention_heads,
        "num_key_value_heads": cfg.num_key_value_heads,
        "head_dim": cfg.head_dim,
        "vocab_size": cfg.vocab_size,
        "max_position_embeddings": cfg.max_position_embeddings,
        "rms_norm_eps": cfg.rms_norm_eps,
        "rope_theta": cfg.rope_theta,
        "rope_scaling": None,
        "initializer_range": 0.02,
        "bos_token_id": None,
        "eos_token_id": tok.eos_id,
        "pad_token_id": tok.pad_id,
        "tie_word_embeddings": True,
        "torch_dtype": "float32",
        "use_cache": True,
    }
    gen = {"eos_token_id": tok.eos_id, "pad_token_id": tok.pad_id, "bos_token_id": None,
           "do_sample": True, "temperature": 0.8, "top_p": 1.0, "top_k": 0,
           "max_new_tokens": max_new_tokens}
    for name, obj in (("config.json", config), ("generation_config.json", gen)):
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            json.dump(obj, f, indent=2)
            f.write("\n")


def run(model, out_dir, cfg, max_new_tokens, work, log):
    tok = bpe.load(os.path.join(out_dir, "tokenizer.json"))
    path = os.path.join(out_dir, "onnx", "model.onnx")
    export(model, path)
    log(f"exported {path} ({os.path.getsize(path)} bytes)")
    write_configs(out_dir, cfg, tok, max_new_tokens)
    result = check(path, cfg, tok, log)
    result["torch_vs_onnx_max_abs_diff"] = torch_vs_onnx(model, path, cfg, tok)
    result["onnx_bytes"] = os.path.getsize(path)
    result["opset"] = 17
    with open(os.path.join(work, "export_checks.json"), "w") as f:
        json.dump(result, f, indent=2)
    log(f"torch vs onnx max abs diff {result['torch_vs_onnx_max_abs_diff']:.2e}")
