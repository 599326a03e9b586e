"""A small Llama-style decoder (RMSNorm, rotary positions from position_ids, SwiGLU, grouped KV).

The same forward serves training and the ONNX export: it takes the attention mask over past and
new tokens, explicit position ids and the past key/value tensors ([batch, kv_heads, past, head_dim],
keys stored after rotary as in Hugging Face Llama), and returns logits and the present tensors.
"""

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

NEG = -1e9  # finite, so a query with no visible key (a left-padding row) stays finite


@dataclass
class Config:
    vocab_size: int = 512
    hidden_size: int = 256
    intermediate_size: int = 704
    num_hidden_layers: int = 4
    num_attention_heads: int = 8
    num_key_value_heads: int = 4
    head_dim: int = 32
    max_position_embeddings: int = 512
    rms_norm_eps: float = 1e-5
    rope_theta: float = 10000.0

    def to_dict(self):
        return asdict(self)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.h, self.kv, self.d = cfg.num_attention_heads, cfg.num_key_value_heads, cfg.head_dim
        self.q_proj = nn.Linear(cfg.hidden_size, self.h * self.d, bias=False)
        self.k_proj = nn.Linear(cfg.hidden_size, self.kv * self.d, bias=False)
        self.v_proj = nn.Linear(cfg.hidden_size, self.kv * self.d, bias=False)
        self.o_proj = nn.Linear(self.h * self.d, cfg.hidden_size, bias=False)
        # Set by the ONNX export (export.py): attend per KV head, never materialising repeat_kv. The same
        # dot products; training keeps the repeat path, so seeded training runs stay bit-identical.
        self.grouped = False

    def forward(self, x, cos, sin, bias, past_k, past_v):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.h, self.d).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.kv, self.d).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.kv, self.d).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        present_k, present_v = k, v
        rep = self.h // self.kv
        if self.grouped:
            return self.o_proj(self.attend_grouped(q, k, v, bias, rep)), present_k, present_v
        if rep > 1:  # Hugging Face repeat_kv: each KV head serves rep consecutive query heads
            tk = k.shape[2]
            k = k.unsqueeze(2).expand(b, self.kv, rep, tk, self.d).reshape(b, self.h, tk, self.d)
            v = v.unsqueeze(2).expand(b, self.kv, rep, tk, self.d).reshape(b, self.h, tk, self.d)
        scores = torch.matmul(q, k.transpose(2, 3)) * (1.0 / math.sqrt(self.d)) + bias
        out = torch.matmul(torch.softmax(scores, dim=-1), v)
        out = out.transpose(1, 2).reshape(b, t, self.h * self.d)
        return self.o_proj(out), present_k, present_v

    def attend_grouped(self, q, k, v, bias, rep):
        """Attention with the rep query heads of each KV head stacked as rows: [b, kv, rep*t, d] against the
        cache's [b, kv, total, d]. In the exported graph this replaces the Expand and Reshape that copy the
        whole cache rep times per layer and step, which dominated a decode step's cost at long lengths."""
        b, _, t, _ = q.shape
        total = k.shape[2]
        scores = torch.matmul(q.reshape(b, self.kv, rep * t, self.d), k.transpose(2, 3)) * (1.0 / math.sqrt(self.d))
        scores = scores.view(b, self.kv, rep, t, total) + bias.view(b, 1, 1, t, total)
        out = torch.matmul(torch.softmax(scores.view(b, self.kv, rep * t, total), dim=-1), v)
        return out.view(b, self.h, t, self.d).transpose(1, 2).reshape(b, t, self.h * self.d)


class MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.gate_proj = nn.Linear(cfg.hidden_size, cfg.intermediate_size, bias=False)
        self.up_proj = nn.Linear(cfg.hidden_size, cfg.intermediate_size, bias=False)
        self.down_proj = nn.Linear(cfg.intermediate_size, cfg.hidden_size, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.input_layernorm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        self.self_attn = Attention(cfg)
        self.post_attention_layernorm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        self.mlp = MLP(cfg)

    def forward(self, x, cos, sin, bias, past_k, past_v):
        a, pk, pv = self.self_attn(self.input_layernorm(x), cos, sin, bias, past_k, past_v)
        x = x + a
        x = x + self.mlp(self.post_attention_layernorm(x))
        return x, pk, pv


class TinyLlama(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.embed_tokens = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.layers = nn.ModuleList([Block(cfg) for _ in range(cfg.num_hidden_layers)])
        self.norm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        inv = 1.0 / (cfg.rope_theta ** (torch.arange(0, cfg.head_dim, 2).float() / cfg.head_dim))
        self.register_buffer("inv_freq", inv, persistent=False)
        self.apply(self._init)
        for blk in self.layers:  # scaled residual projections (GPT-2)
            std = 0.02 / math.sqrt(2 * cfg.num_hidden_layers)
            nn.init.normal_(blk.self_attn.o_proj.weight, std=std)
            nn.init.normal_(blk.mlp.down_proj.weight, std=std)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)

    def rotary(self, position_ids):
        freqs = position_ids.unsqueeze(-1).float() * self.inv_freq
        emb = torch.cat([freqs, freqs], dim=-1).unsqueeze(1)  # [b, 1, t, head_dim]
        return emb.cos(), emb.sin()

    def forward(self, input_ids, attention_mask, position_ids, past=None):
        """past: list of (k, v) per layer or None. Returns logits and the list of presents."""
        b, t = input_ids.shape
        total = attention_mask.shape[1]
        q_pos = torch.arange(t, device=input_ids.device) + (total - t)
        k_pos = torch.arange(total, device=input_ids.device)
        causal = k_pos.unsqueeze(0) <= q_pos.unsqueeze(1)  # [t, total]
        allowed = causal.unsqueeze(0).unsqueeze(0) & attention_mask.bool().unsqueeze(1).unsqueeze(1)
        bias = torch.where(allowed, torch.zeros((), dtype=torch.float32),
                           torch.full((), NEG, dtype=torch.float32))
        cos, sin = self.rotary(position_ids)
        x = self.embed_tokens(input_ids)
        presents = []
        for i, blk in enumerate(self.layers):
            pk, pv = (past[i] if past is not None else (None, None))
            x, nk, nv = blk(x, cos, sin, bias, pk, pv)
            presents.append((nk, nv))
        logits = F.linear(self.norm(x), self.embed_tokens.weight)
        return logits, presents


def count_params(model):
    return sum(p.numel() for p in model.parameters())
