"""Write a second ONNX graph of a model folder's decoder that uses ONNX Runtime's GroupQueryAttention.

    /usr/bin/python3 models/tiny-reasoner/train/export_gqa.py models/tiny-reasoner

Why a second graph: the default `onnx/model.onnx` (export.py) concatenates the past and the new keys and
values into new `present.*` tensors at every decode step, a copy of the whole cache per layer per step,
and it takes one cache length for every row of a batch (rows of different lengths are left-padded and
masked). `onnx/model_gqa.onnx` uses `com.microsoft::GroupQueryAttention` (the layout onnxruntime-genai
uses): every row of a batch has its own length (`seqlens_k`), and the engine may bind one preallocated
buffer [batch, kv_heads, max_length, head_dim] per layer as both `past_key_values.*` and `present.*`,
so a step writes only the new position. The weights are the same: read back from `onnx/model.onnx`
(finetune.load_onnx_weights), so both graphs give the same logits up to float rounding.

Graph contract:
  inputs   input_ids int64 [batch, sequence]
           seqlens_k int32 [batch]: per row, tokens in the cache after this pass minus 1
           total_sequence_length int32, shape [] (a scalar): the largest total length in the batch
           past_key_values.{i}.key / .value float32 [batch, kv_heads, past_sequence, head_dim]
  outputs  logits float32 [batch, sequence, vocab]
           present.{i}.key / .value float32 [batch, kv_heads, present_sequence, head_dim]
Rotary positions come from seqlens_k inside the kernel (no position_ids, no attention_mask): a first
prompt (sequence == total_sequence_length) takes positions 0..S-1 (rows shorter than S are right-padded,
their length in seqlens_k); otherwise sequence must be 1 (one new token per row, at position
seqlens_k[b]) unless batch is 1.

What ONNX Runtime's kernel (contrib_ops/cpu/bert/group_query_attention_helper.h) requires:
- present_sequence = max(total_sequence_length, past_sequence): with a past buffer of the maximum length
  the present has that same length, and past and present may then be one buffer (the kernel sees equal
  pointers and writes only the new positions; otherwise it copies each row's valid past into present);
- total_sequence_length is one element (this graph declares it rank 0, so feed a scalar tensor);
- head_dim a multiple of 16 with rotary; cos/sin caches [>= total length, rotary_dim / 2], a multiple of 8;
- num_heads a multiple of kv_num_heads.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import finetune  # noqa: E402

REQUIRED = ("onnx/model.onnx", "config.json", "tokenizer.json")


class Builder:
    def __init__(self):
        self.nodes, self.inits = [], []

    def init(self, name, array):
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    def op(self, op_type, inputs, name, outputs=None, domain=None, **attrs):
        outputs = outputs or [name + "_output_0"]
        self.nodes.append(helper.make_node(op_type, inputs, outputs, name=name, domain=domain, **attrs))
        return outputs[0] if len(outputs) == 1 else outputs

    def rms_norm(self, x, weight, prefix):
        # model.RMSNorm: weight * (x * rsqrt(mean(x^2) + eps)), the node sequence of export.py's graph.
        sq = self.op("Pow", [x, "const_two"], prefix + "/Pow")
        mean = self.op("ReduceMean", [sq], prefix + "/ReduceMean", axes=[-1], keepdims=1)
        std = self.op("Sqrt", [self.op("Add", [mean, "const_eps"], prefix + "/Add")], prefix + "/Sqrt")
        inv = self.op("Div", ["const_one", std], prefix + "/Div")
        return self.op("Mul", [weight, self.op("Mul", [x, inv], prefix + "/Mul")], prefix + "/Mul_1")

    def linear(self, x, state, key, prefix):
        # Projection weights are stored transposed ([in, out]) under names without the "model." prefix, and
        # consumed by nodes named /model/layers.N/.../MatMul as in model.onnx, so load_onnx_weights's naming
        # scheme reads them back from this graph too.
        w = self.init(key + ".weight_T", state[key + ".weight"].numpy().T)
        return self.op("MatMul", [x, w], prefix + "/MatMul")


def build(cfg, model):
    state = model.state_dict()
    n, kv, hd = cfg.num_hidden_layers, cfg.num_key_value_heads, cfg.head_dim
    b = Builder()
    b.init("const_two", np.array(2.0))
    b.init("const_one", np.array(1.0))
    b.init("const_eps", np.array(cfg.rms_norm_eps))
    for key in ["embed_tokens.weight", "norm.weight"] + [f"layers.{i}.{ln}.weight" for i in range(n)
                                                         for ln in ("input_layernorm", "post_attention_layernorm")]:
        b.init("model." + key, state[key].numpy())
    # Rotary tables exactly as model.TinyLlama.rotary computes them (float32 positions times inv_freq).
    # model.py's rotary is rotate_half style: dimension j pairs with j + head_dim/2 and emb = cat(freqs,
    # freqs), which is GroupQueryAttention's non-interleaved rotary with cos/sin [position, head_dim/2].
    with torch.no_grad():
        cos, sin = model.rotary(torch.arange(cfg.max_position_embeddings).unsqueeze(0))
    b.init("cos_cache", cos[0, 0, :, : hd // 2].numpy())
    b.init("sin_cache", sin[0, 0, :, : hd // 2].numpy())

    x = b.op("Gather", ["model.embed_tokens.weight", "input_ids"], "/model/embed_tokens/Gather")
    for i in range(n):
        p = f"/model/layers.{i}"
        h = b.rms_norm(x, f"model.layers.{i}.input_layernorm.weight", p + "/input_layernorm")
        q, k, v = (b.linear(h, state, f"layers.{i}.self_attn.{m}_proj", f"{p}/self_attn/{m}_proj") for m in "qkv")
        attn, _, _ = b.op("GroupQueryAttention",
                          [q, k, v, f"past_key_values.{i}.key", f"past_key_values.{i}.value", "seqlens_k",
                           "total_sequence_length", "cos_cache", "sin_cache"],
                          p + "/self_attn/GroupQueryAttention",
                          outputs=[p + "/self_attn/GroupQueryAttention_output_0", f"present.{i}.key", f"present.{i}.value"],
                          domain="com.microsoft", num_heads=cfg.num_attention_heads, kv_num_heads=kv,
                          do_rotary=1, rotary_interleaved=0, scale=float(1.0 / np.sqrt(hd)))
        x = b.op("Add", [x, b.linear(attn, state, f"layers.{i}.self_attn.o_proj", p + "/self_attn/o_proj")], p + "/Add")
        h = b.rms_norm(x, f"model.layers.{i}.post_attention_layernorm.weight", p + "/post_attention_layernorm")
        gate = b.linear(h, state, f"layers.{i}.mlp.gate_proj", p + "/mlp/gate_proj")
        silu = b.op("Mul", [gate, b.op("Sigmoid", [gate], p + "/mlp/act_fn/Sigmoid")], p + "/mlp/act_fn/Mul")
        up = b.linear(h, state, f"layers.{i}.mlp.up_proj", p + "/mlp/up_proj")
        mlp = b.op("Mul", [silu, up], p + "/mlp/Mul")
        x = b.op("Add", [x, b.linear(mlp, state, f"layers.{i}.mlp.down_proj", p + "/mlp/down_proj")], p + "/Add_1")
    h = b.rms_norm(x, "model.norm.weight", "/model/norm")
    tied = b.op("Transpose", ["model.embed_tokens.weight"], "/lm_head/Transpose", perm=[1, 0])  # tied embeddings
    b.op("MatMul", [h, tied], "/lm_head/MatMul", outputs=["logits"])

    tensor = helper.make_tensor_value_info

    def cache(length):
        return ["batch_size", kv, length, hd]

    inputs = [tensor("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
              tensor("seqlens_k", TensorProto.INT32, ["batch_size"]),
              tensor("total_sequence_length", TensorProto.INT32, [])]
    outputs = [tensor("logits", TensorProto.FLOAT, ["batch_size", "sequence_length", cfg.vocab_size])]
    for i in range(n):
        for kind in ("key", "value"):
            inputs.append(tensor(f"past_key_values.{i}.{kind}", TensorProto.FLOAT, cache("past_sequence_length")))
            outputs.append(tensor(f"present.{i}.{kind}", TensorProto.FLOAT, cache("present_sequence_length")))
    graph = helper.make_graph(b.nodes, "tiny-reasoner-gqa", inputs, outputs, b.inits)
    return helper.make_model(graph, producer_name="export_gqa.py",
                             opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])


def main():
    if len(sys.argv) != 2:
        finetune.fail("usage: export_gqa.py MODEL_FOLDER")
    folder = sys.argv[1]
    for rel in REQUIRED:
        if not os.path.isfile(os.path.join(folder, rel)):
            finetune.fail(f"{os.path.join(folder, rel)} is missing: '{folder}' is not a model folder with an exported decoder")
    cfg = finetune.read_config(folder)
    model, source = finetune.load_onnx_weights(folder, cfg)
    proto = build(cfg, model)
    out = os.path.join(folder, "onnx", "model_gqa.onnx")
    tmp = f"{out}.{os.getpid()}.tmp"  # same directory, so the rename is atomic
    try:
        onnx.save(proto, tmp)
        onnx.checker.check_model(tmp)
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise
    print(f"wrote {out}: {len(proto.graph.node)} nodes, {os.path.getsize(out)} bytes, "
          f"{cfg.num_hidden_layers} GroupQueryAttention layers, weights from {source}")


if __name__ == "__main__":
    main()
