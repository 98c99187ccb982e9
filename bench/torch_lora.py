#!/usr/bin/python3
"""PyTorch fine-tune baseline beside `modehop bench finetune`: LoRA steps over a frozen base, then full steps.

Builds a random model of one family and shape through tools/reference/hf_models.py (the reference models, with Hugging
Face semantics; GPT-NeoX as Pythia: rotary on 25% of each head, parallel residual, untied head), attaches a hand-written
rank-r LoRA (no peft package) to every block's attention output and MLP output projections, the modules ModeHop's
adapters target (hf_models.output_projection: base(x) + lora_B(lora_A(x)) · alpha/r, alpha = 2r, B = 0 and
A ~ U(−1/√in, 1/√in) as PEFT initialises them), freezes the base (requires_grad False, so autograd skips every base
weight gradient) and times steps: forward, cross-entropy over every position of random tokens, backward,
clip_grad_norm_(1.0) and AdamW (betas (0.9, 0.999), eps 1e-8, weight decay 0, lr 1e-3) over the adapters. Then, in the
same process and on the same batches, the same steps with every weight trainable and no adapter (the full fine-tune).
Prints ONE JSON object:
    {"engine": "pytorch", "family", "layers", "channels", "heads", "seq", "vocab", "batch", "threads", "steps", "rank",
     "params", "trainable_params", "ms_per_step", "ms_per_step_min", "ms_per_step_full", "ms_per_step_full_min",
     "peak_rss_mb", "peak_rss_mb_full", "first_loss", "last_loss", "torch", "blas", "env"}
With --scored K only the last K positions of each row are targets (ignore_index elsewhere); the logits are computed
at every position, as a Hugging Face model does. ms_per_step is the median of the S timed adapter steps after W untimed warm-up steps; peak_rss_mb is ru_maxrss after
the adapter steps, peak_rss_mb_full after the full ones. The shapes follow `modehop bench finetune`: MLP 4C for gpt2
and gpt_neox, SwiGLU width ⌈8C/3⌉ to a multiple of 64 for llama, head dim C/H, no grouped-query attention.

Threads: torch.set_num_threads(--threads); set OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=1 in the environment before
python starts (see bench/README.md), and check `blas` names OpenBLAS.
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

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "reference"))
import hf_models  # noqa: E402
from torch_train import loaded_blas  # noqa: E402  (the BLAS library torch loaded, reported with the figures)


def config_of(family: str, L: int, C: int, H: int, T: int, V: int) -> dict:
    if family == "gpt2":
        return {"model_type": "gpt2", "n_embd": C, "n_layer": L, "n_head": H, "n_positions": T, "n_inner": None,
                "vocab_size": V, "layer_norm_epsilon": 1e-5, "tie_word_embeddings": True}
    if family == "gpt_neox":
        return {"model_type": "gpt_neox", "hidden_size": C, "num_hidden_layers": L, "num_attention_heads": H,
                "intermediate_size": 4 * C, "vocab_size": V, "max_position_embeddings": T, "rotary_pct": 0.25,
                "rotary_emb_base": 10000, "use_parallel_residual": True, "layer_norm_eps": 1e-5, "tie_word_embeddings": False}
    if family == "llama":
        return {"model_type": "llama", "hidden_size": C, "num_hidden_layers": L, "num_attention_heads": H,
                "num_key_value_heads": H, "head_dim": C // H, "intermediate_size": (8 * C // 3 + 63) // 64 * 64,
                "vocab_size": V, "max_position_embeddings": T, "rms_norm_eps": 1e-5, "rope_theta": 10000.0,
                "tie_word_embeddings": False}
    raise SystemExit(f"torch_lora.py: --family {family} is not one of gpt2, gpt_neox, llama")


def targets(config: dict) -> list[tuple[str, bool]]:
    """(module name in the params dict, conv1d) of every block's two output projections."""
    kind, out = config["model_type"], []
    for i in range(config.get("n_layer") or config.get("num_hidden_layers")):
        if kind == "gpt2":
            out += [(f"h.{i}.attn.c_proj", True), (f"h.{i}.mlp.c_proj", True)]
        elif kind == "gpt_neox":
            out += [(f"gpt_neox.layers.{i}.attention.dense", False), (f"gpt_neox.layers.{i}.mlp.dense_4h_to_h", False)]
        else:
            out += [(f"model.layers.{i}.self_attn.o_proj", False), (f"model.layers.{i}.mlp.down_proj", False)]
    return out


def init(specs) -> dict[str, torch.Tensor]:
    """A training-style init: weights N(0, 0.02²), norm scales 1, biases 0."""
    params = {}
    for name, shape, kind in specs:
        if kind == "norm":
            params[name] = torch.ones(shape)
        elif kind == "bias":
            params[name] = torch.zeros(shape)
        else:
            params[name] = torch.randn(shape) * 0.02
    return params


def timed_steps(forward, config, leaves: dict, trainable: list, inputs, labels, warmup: int):
    optimizer = torch.optim.AdamW(trainable, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    step_ms, losses = [], []
    for step in range(inputs.shape[0]):
        x, y = inputs[step], labels[step]
        start = time.perf_counter()
        logits = forward(leaves, config, x)
        loss = hf_models.cross_entropy(logits, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        elapsed = time.perf_counter() - start
        if step >= warmup:
            step_ms.append(elapsed * 1e3)
            losses.append(loss.item())
    return step_ms, losses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--family", default="gpt_neox")
    for name, default in [("layers", 12), ("channels", 768), ("heads", 12), ("seq", 64), ("vocab", 50304), ("batch", 8),
                          ("steps", 5), ("rank", 1), ("threads", 2)]:
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--scored", type=int, default=None, help="positions per row that are targets (the last ones); default all")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if min(args.layers, args.channels, args.heads, args.seq, args.vocab, args.batch, args.steps, args.rank, args.threads) < 1:
        parser.error("every shape, --steps, --rank and --threads must be ≥ 1")
    if args.channels % args.heads:
        parser.error(f"--heads {args.heads} must divide --channels {args.channels}")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    L, C, H, T, V, B, r = args.layers, args.channels, args.heads, args.seq, args.vocab, args.batch, args.rank

    config = config_of(args.family, L, C, H, T, V)
    specs_of, _, forward = hf_models.family_of(config)
    base = init(specs_of(config))
    for p in base.values():
        p.requires_grad_(False)
    adapter = {}
    for module, conv1d in targets(config):
        weight = base[module + ".weight"]
        inputs, outputs = (weight.shape[0], weight.shape[1]) if conv1d else (weight.shape[1], weight.shape[0])
        bound = 1.0 / math.sqrt(inputs)
        adapter[module + ".lora_A.weight"] = (torch.rand(r, inputs) * 2 - 1).mul_(bound).requires_grad_(True)
        adapter[module + ".lora_B.weight"] = torch.zeros(outputs, r, requires_grad=True)
    data = torch.randint(0, V, (args.warmup + args.steps, B, T + 1))
    scored = T if args.scored is None else max(1, min(T, args.scored))
    inputs, labels = data[:, :, :T], data[:, :, 1:].clone()
    labels[:, :, :T - scored] = -100  # targets cross_entropy ignores

    lora_ms, lora_losses = timed_steps(forward, config, {**base, **adapter, "lora_scaling": 2.0}, list(adapter.values()),
                                       inputs, labels, args.warmup)
    lora_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for p in base.values():
        p.requires_grad_(True)
    full_ms, _ = timed_steps(forward, config, base, list(base.values()), inputs, labels, args.warmup)

    result = {
        "engine": "pytorch", "family": args.family, "layers": L, "channels": C, "heads": H, "seq": T, "vocab": V, "batch": B,
        "threads": args.threads, "steps": args.steps, "rank": r, "scored_positions": scored,
        "params": sum(p.numel() for p in base.values()), "trainable_params": sum(p.numel() for p in adapter.values()),
        "ms_per_step": round(statistics.median(lora_ms), 2), "ms_per_step_min": round(min(lora_ms), 2),
        "ms_per_step_full": round(statistics.median(full_ms), 2), "ms_per_step_full_min": round(min(full_ms), 2),
        "peak_rss_mb": round(lora_peak, 1),
        "peak_rss_mb_full": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "first_loss": round(lora_losses[0], 4), "last_loss": round(lora_losses[-1], 4),
        "torch": torch.__version__, "blas": loaded_blas(),
        "env": {name: os.environ.get(name) for name in
                ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_WAIT_POLICY", "OPENBLAS_CORETYPE", "LD_LIBRARY_PATH")},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
