"""Export a model folder's decoder again, with the same weights, as export.py exports it today.

    /usr/bin/python3 models/tiny-reasoner/train/reexport.py models/tiny-reasoner

Reads every weight back from FOLDER/onnx/model.onnx (finetune.load_onnx_weights, which checks that the
rebuilt PyTorch model reproduces that graph's logits), exports the graph again (export.export: today the
grouped-query attention that does not copy the KV cache once per query head), runs the export checks
(export.check) on it, and compares the new graph's logits with the old graph's on the check prompts; only when
every check passes does it replace FOLDER/onnx/model.onnx. Prints the checks as JSON. Nothing else in the
folder changes: the weights, tokenizer and configs are the same, so the model generates the same tokens up to
the last bits of its logits.
"""

import json
import os
import shutil
import sys
import tempfile

import numpy as np
import onnx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpe  # noqa: E402
import export  # noqa: E402
import finetune  # noqa: E402
import onnx_eval  # noqa: E402

PROMPTS = ["Calculate 47 + 85.", "Decode the letter-pair cipher: oyfjdnisdr",
           "Using the numbers 3, 7, 25, 50, reach 78 with + - * /.", "Make 24 from 4, 6, 8, 9."]


def last_logits(path, cfg, seqs):
    ev = onnx_eval.Evaluator(onnx.load(path))
    out = []
    for seq in seqs:
        t = len(seq)
        lg, _ = export.run_graph(ev, cfg, [seq], np.ones((1, t)), [list(range(t))], export.empty_past(cfg, 1))
        out.append(lg[0])
    return out


def main():
    if len(sys.argv) != 2:
        finetune.fail("usage: reexport.py MODEL_FOLDER")
    folder = sys.argv[1]
    cfg = finetune.read_config(folder)
    model, old_path = finetune.load_onnx_weights(folder, cfg)
    tokenizer = os.path.join(folder, "tokenizer.json")
    if not os.path.isfile(tokenizer):
        finetune.fail(f"{tokenizer}: no tokenizer")
    tok = bpe.load(tokenizer)
    model.eval()
    loaded = finetune.check_loaded(model, old_path, cfg, tok)
    with tempfile.TemporaryDirectory() as work:
        new_path = os.path.join(work, "model.onnx")
        export.export(model, new_path)
        checks = export.check(new_path, cfg, tok, finetune.log)
        checks["torch_vs_onnx_max_abs_diff"] = export.torch_vs_onnx(model, new_path, cfg, tok)
        seqs = [tok.encode(bpe.chat_prompt(p) + "Step") for p in PROMPTS]
        old, new = last_logits(old_path, cfg, seqs), last_logits(new_path, cfg, seqs)
        checks["old_vs_new_graph_max_abs_diff"] = max(float(np.max(np.abs(a - b))) for a, b in zip(old, new))
        checks["loaded_from_onnx_max_abs_diff"] = loaded
        checks["onnx_bytes"] = {"old": os.path.getsize(old_path), "new": os.path.getsize(new_path)}
        for key in ("torch_vs_onnx_max_abs_diff", "old_vs_new_graph_max_abs_diff"):
            if not checks[key] <= export.TOL:
                finetune.fail(f"{new_path}: {key} = {checks[key]:.2e} exceeds {export.TOL}; {old_path} is unchanged")
        shutil.copyfile(new_path, old_path)
    print(json.dumps(checks, indent=2))
    finetune.log(f"replaced {old_path}")


if __name__ == "__main__":
    main()
