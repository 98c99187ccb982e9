#!/usr/bin/python3
"""PyTorch training-step baseline beside `modehop bench train`.

Trains a GPT-2-style model with AdamW on random tokens and prints ONE JSON object:
    {"engine": "pytorch", "torch": …, "threads": N, "params": …, "tokens_per_second": …,
     "ms_per_step": …, "peak_rss_mb": …, "layers": L, "channels": C, "heads": H, "seq": T,
     "vocab": V, "batch": B, "steps": S, "warmup": W, …}

The model has learned positions, pre-LN LayerNorm, tanh GELU, an MLP of width 4C, a head tied to
the token embedding, biases everywhere, and plain causal attention (matmul, masked softmax,
matmul); torch 1.13 has no scaled_dot_product_attention. One step is forward, cross-entropy,
backward, clipping to global norm 1 and AdamW (lr 3e-4, betas (0.9, 0.95), weight decay 0.1), the
step `modehop bench train` times. The clock runs from the forward
to the end of the optimiser step. ms_per_step is the median over the S timed steps that follow W
untimed warm-up steps, and tokens_per_second = B·T / median. peak_rss_mb is this process's
ru_maxrss.

Threads: torch.set_num_threads(--threads). Debian's torch 1.13 on this machine is fastest with
    OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=1
set by the caller in the environment *before* python starts. OpenMP and OpenBLAS read them at
load time; this script only echoes them in the JSON. torch's matmuls go through the system
`libblas.so.3`. If that is Debian's netlib reference BLAS, the figures are no baseline: install
`libopenblas0-pthread` or put an OpenBLAS directory on LD_LIBRARY_PATH. The JSON's `blas` field
names the library that was loaded.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, channels: int, heads: int, seq_len: int) -> None:
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(channels)
        self.c_attn = nn.Linear(channels, 3 * channels)
        self.c_proj = nn.Linear(channels, channels)
        self.ln_2 = nn.LayerNorm(channels)
        self.c_fc = nn.Linear(channels, 4 * channels)
        self.mlp_proj = nn.Linear(4 * channels, channels)
        self.register_buffer("mask", torch.tril(torch.ones(seq_len, seq_len, dtype=torch.bool)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attention(self.ln_1(x))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))

    def attention(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        H = self.heads
        q, k, v = (t.view(B, T, H, C // H).transpose(1, 2) for t in self.c_attn(x).split(C, dim=2))  # [B, H, T, D]
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(C // H))  # [B, H, T, T]
        scores = scores.masked_fill(~self.mask[:T, :T], float("-inf"))
        y = torch.softmax(scores, dim=-1) @ v  # [B, H, T, D]
        return self.c_proj(y.transpose(1, 2).reshape(B, T, C))


class Gpt(nn.Module):
    def __init__(self, layers: int, channels: int, heads: int, seq_len: int, vocab: int) -> None:
        super().__init__()
        self.wte = nn.Embedding(vocab, channels)
        self.wpe = nn.Embedding(seq_len, channels)
        self.blocks = nn.ModuleList(Block(channels, heads, seq_len) for _ in range(layers))
        self.ln_f = nn.LayerNorm(channels)
        for p in self.parameters():
            if p.dim() >= 2:
                nn.init.normal_(p, std=0.02)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.T  # tied head: [B, T, V]


def loaded_blas() -> str | None:
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "blas" in os.path.basename(path):
                return path
    return None


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name, help_text in [("layers", "L, transformer blocks"), ("channels", "C, model width"),
                            ("heads", "H, attention heads (must divide C)"), ("seq", "T, tokens per row"),
                            ("vocab", "V, vocabulary size"), ("batch", "B, rows per step"),
                            ("steps", "S, timed steps"), ("threads", "N, torch.set_num_threads")]:
        parser.add_argument(f"--{name}", type=int, required=True, help=help_text)
    parser.add_argument("--warmup", type=int, default=2, help="W, untimed steps first (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if min(args.layers, args.channels, args.heads, args.seq, args.vocab, args.batch, args.steps, args.threads) < 1:
        parser.error("every shape, --steps and --threads must be ≥ 1")
    if args.channels % args.heads:
        parser.error(f"--heads {args.heads} must divide --channels {args.channels}")
    if args.warmup < 0:
        parser.error("--warmup must be ≥ 0")
    return args


def main() -> int:
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    L, C, H, T, V, B = args.layers, args.channels, args.heads, args.seq, args.vocab, args.batch

    model = Gpt(L, C, H, T, V)
    params = list(model.parameters())
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=3e-4, betas=(0.9, 0.95), eps=1e-8)
    total_steps = args.warmup + args.steps
    data = torch.randint(0, V, (total_steps, B, T + 1))

    step_ms, losses = [], []
    for step in range(total_steps):
        x, y = data[step, :, :T], data[step, :, 1:]
        start = time.perf_counter()
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, V), y.reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        elapsed = time.perf_counter() - start
        losses.append(loss.item())
        if step >= args.warmup:
            step_ms.append(elapsed * 1e3)

    median_ms = statistics.median(step_ms)
    result = {
        "engine": "pytorch",
        "torch": torch.__version__,
        "threads": args.threads,
        "params": sum(p.numel() for p in params),
        "tokens_per_second": round(B * T / (median_ms / 1e3), 1),
        "ms_per_step": round(median_ms, 2),
        "ms_per_step_min": round(min(step_ms), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "layers": L, "channels": C, "heads": H, "seq": T, "vocab": V, "batch": B,
        "steps": args.steps, "warmup": args.warmup,
        "tokens_per_step": B * T,
        "first_loss": round(losses[0], 4),
        "last_loss": round(losses[-1], 4),
        "blas": loaded_blas(),
        "env": {name: os.environ.get(name) for name in
                ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_WAIT_POLICY",
                 "OPENBLAS_CORETYPE", "LD_LIBRARY_PATH")},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
