"""A small NumPy interpreter for the opset-17 operators the exported decoder uses.

Stands in for onnx.reference.ReferenceEvaluator, which Debian's python3-onnx (1.12) does not have.
Each operator follows the ONNX operator specification for opset 17; an operator outside this set
raises, so the check cannot silently skip a node.
"""

import numpy as np
from onnx import numpy_helper
from onnx.helper import get_attribute_value
from onnx.mapping import TENSOR_TYPE_TO_NP_TYPE


def _attrs(node):
    return {a.name: get_attribute_value(a) for a in node.attribute}


def _split(x, split, axis, n_out):
    if split is None:
        split = [x.shape[axis] // n_out] * n_out
    idx = np.cumsum(split)[:-1]
    return np.split(x, idx, axis=axis)


def _slice(data, starts, ends, axes=None, steps=None):
    axes = list(range(len(starts))) if axes is None else [int(a) for a in axes]
    steps = [1] * len(starts) if steps is None else steps
    sl = [slice(None)] * data.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        dim = data.shape[a]
        s, e = int(s), int(e)
        s = max(min(s + dim if s < 0 else s, dim), 0)
        e = max(min(e + dim if e < 0 else e, dim), -1 if st < 0 else 0)
        sl[a] = slice(s, e, int(st))
    return data[tuple(sl)]


def _softmax(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - m)
    return e / np.sum(e, axis=axis, keepdims=True)


def _run(op, a, x):
    if op == "Identity":
        return [x[0]]
    if op in ("Add", "Sub", "Mul", "Div", "Pow"):
        l, r = x
        if op == "Add":
            return [l + r]
        if op == "Sub":
            return [l - r]
        if op == "Mul":
            return [l * r]
        if op == "Div":
            return [(l // r) if np.issubdtype(l.dtype, np.integer) else (l / r).astype(l.dtype)]
        return [np.power(l, r).astype(l.dtype)]
    if op == "MatMul":
        return [np.matmul(x[0], x[1])]
    if op == "Sqrt":
        return [np.sqrt(x[0])]
    if op == "Neg":
        return [-x[0]]
    if op == "Sigmoid":
        return [(1.0 / (1.0 + np.exp(-x[0]))).astype(x[0].dtype)]
    if op == "Cos":
        return [np.cos(x[0])]
    if op == "Sin":
        return [np.sin(x[0])]
    if op == "Softmax":
        return [_softmax(x[0], a.get("axis", -1))]
    if op == "ReduceMean":
        axes = tuple(a["axes"]) if "axes" in a else None
        return [np.mean(x[0], axis=axes, keepdims=bool(a.get("keepdims", 1))).astype(x[0].dtype)]
    if op == "Shape":
        return [np.array(x[0].shape, dtype=np.int64)]
    if op == "Cast":
        return [x[0].astype(TENSOR_TYPE_TO_NP_TYPE[a["to"]])]
    if op == "Unsqueeze":
        out = x[0]
        axes = sorted(int(v) + (out.ndim + len(x[1]) if v < 0 else 0) for v in x[1])
        for ax in axes:
            out = np.expand_dims(out, ax)
        return [out]
    if op == "Squeeze":
        return [np.squeeze(x[0], axis=tuple(int(v) for v in x[1])) if len(x) > 1 else np.squeeze(x[0])]
    if op == "Concat":
        return [np.concatenate(x, axis=a["axis"])]
    if op == "Reshape":
        shape = [int(v) for v in x[1]]
        shape = [x[0].shape[i] if (v == 0 and not a.get("allowzero", 0)) else v for i, v in enumerate(shape)]
        return [x[0].reshape(shape)]
    if op == "Transpose":
        return [np.transpose(x[0], a.get("perm"))]
    if op == "Gather":
        return [np.take(x[0], x[1], axis=a.get("axis", 0))]
    if op == "Slice":
        return [_slice(x[0], x[1], x[2], x[3] if len(x) > 3 else None, x[4] if len(x) > 4 else None)]
    if op == "Split":
        split = x[1] if len(x) > 1 and x[1] is not None else None
        return _split(x[0], split, a.get("axis", 0), a["__n_out"])
    if op == "Where":
        return [np.where(x[0], x[1], x[2])]
    if op == "Equal":
        return [np.equal(x[0], x[1])]
    if op == "LessOrEqual":
        return [np.less_equal(x[0], x[1])]
    if op == "Less":
        return [np.less(x[0], x[1])]
    if op == "And":
        return [np.logical_and(x[0], x[1])]
    if op == "Not":
        return [np.logical_not(x[0])]
    if op == "Expand":
        shape = np.broadcast_shapes(x[0].shape, tuple(int(v) for v in x[1]))
        return [np.broadcast_to(x[0], shape).copy()]
    if op == "ConstantOfShape":
        value = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
        return [np.full(tuple(int(v) for v in x[0]), value.reshape(-1)[0], dtype=value.dtype)]
    if op == "Range":
        return [np.arange(x[0], x[1], x[2]).astype(x[0].dtype)]
    raise NotImplementedError(f"operator {op} is not in onnx_eval")


class Evaluator:
    def __init__(self, model):
        self.graph = model.graph
        self.init = {t.name: numpy_helper.to_array(t) for t in self.graph.initializer}
        self.outputs = [o.name for o in self.graph.output]

    def run(self, feeds):
        env = dict(self.init)
        env.update(feeds)
        for node in self.graph.node:
            a = _attrs(node)
            if node.op_type == "Constant":
                env[node.output[0]] = numpy_helper.to_array(a["value"])
                continue
            a["__n_out"] = len(node.output)
            ins = [env[n] if n else None for n in node.input]
            outs = _run(node.op_type, a, ins)
            for name, val in zip(node.output, outs):
                env[name] = val
        return {n: env[n] for n in self.outputs}
