#!/usr/bin/python3
"""PyTorch scoring baseline beside `modehop bench score`.

Scores the workload that `modehop bench score --write-workload FILE` wrote, the way a typical PyTorch
evaluation harness does, and prints ONE JSON object:
    {"engine": "pytorch", "torch": …, "threads": N, "params": …, "requests": …, "tokens": …,
     "seconds": …, "tokens_per_second": …, "ms_per_request": …, "peak_rss_mb": …, "mean_log_prob": …, …}

The harness: every (context, continuation) pair is one sequence `context + continuation[:-1]`. The
sequences are sorted by length, longest first, and cut into batches of --batch-size sequences
right-padded with id 0. Each batch runs the whole model, so the logits are [B, T, V] at every
position. Then log_softmax runs over V, and the log-probabilities of the continuation's tokens
are gathered at the continuation's positions. All of it runs under torch.inference_mode().

The model is one of tools/reference/hf_models.py's pure-torch GPT-2 / GPT-NeoX / Llama forwards,
which have Hugging Face semantics. Its weights come from:
  --shape gpt2-small | pythia-160m   random weights (torch.manual_seed(--seed)), the shapes of
                                      `modehop bench score --shape`;
  --model DIR                         a Hugging Face directory: config.json, and model.safetensors
                                      or model.safetensors.index.json. For example, the directory
                                      written by `modehop bench score --save-model DIR`, so that
                                      both engines score the same weights and `mean_log_prob` agrees.

tokens_per_second = (context tokens + continuation tokens of every request, each counted once) /
seconds. `seconds` is the wall time of scoring the whole workload, after the first --warmup requests
were scored once untimed. These are the same definitions `modehop bench score` uses.

Threads: torch.set_num_threads(--threads). Set OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=1 in the
environment before python starts (see bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "reference"))
import hf_models  # noqa: E402
import safetensors_io  # noqa: E402

SHAPES = {
    "gpt2-small": {"model_type": "gpt2", "n_embd": 768, "n_layer": 12, "n_head": 12, "vocab_size": 50257,
                   "n_positions": 1024, "n_inner": None, "layer_norm_epsilon": 1e-5},
    "pythia-160m": {"model_type": "gpt_neox", "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12,
                    "intermediate_size": 3072, "vocab_size": 50304, "max_position_embeddings": 2048,
                    "rotary_pct": 0.25, "rotary_emb_base": 10000, "layer_norm_eps": 1e-5,
                    "use_parallel_residual": True, "tie_word_embeddings": False},
}


def load_model_dir(path: str) -> tuple[dict, dict[str, torch.Tensor]]:
    with open(os.path.join(path, "config.json")) as f:
        config = json.load(f)
    config.setdefault("n_inner", None)
    index = os.path.join(path, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    else:
        files = ["model.safetensors"]
    params = {}
    for name in files:
        tensors, _, _ = safetensors_io.read_safetensors(os.path.join(path, name))
        for key, value in tensors.items():
            params[key.removeprefix("transformer.")] = value.float()
    return config, params


def score(forward, params: dict, config: dict, requests: list[dict], batch_size: int) -> list[list[list[float]]]:
    """log P of every continuation token, result[r][c][i], through full-sequence forwards."""
    sequences = []  # (request, continuation, tokens, first read position)
    for r, q in enumerate(requests):
        for c, cont in enumerate(q["continuations"]):
            sequences.append((r, c, q["context"] + cont[:-1], len(q["context"]) - 1))
    sequences.sort(key=lambda s: -len(s[2]))
    result = [[None] * len(q["continuations"]) for q in requests]
    for start in range(0, len(sequences), batch_size):
        batch = sequences[start:start + batch_size]
        T = max(len(s[2]) for s in batch)
        ids = torch.zeros(len(batch), T, dtype=torch.long)
        for b, s in enumerate(batch):
            ids[b, :len(s[2])] = torch.tensor(s[2])
        log_probs = F.log_softmax(forward(params, config, ids), dim=-1)  # [B, T, V]
        for b, (r, c, _, first) in enumerate(batch):
            cont = requests[r]["continuations"][c]
            positions = torch.arange(first, first + len(cont))
            result[r][c] = log_probs[b, positions, torch.tensor(cont)].tolist()
    return result


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--shape", choices=sorted(SHAPES), help="random weights of this shape")
    source.add_argument("--model", help="a Hugging Face model directory")
    parser.add_argument("--workload", required=True, help="the JSON written by modehop bench score --write-workload")
    parser.add_argument("--threads", type=int, required=True, help="torch.set_num_threads")
    parser.add_argument("--batch-size", type=int, default=16, help="sequences per forward (default 16)")
    parser.add_argument("--warmup", type=int, default=4, help="requests scored once, untimed, first (default 4)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random weights (--shape)")
    args = parser.parse_args()
    if args.threads < 1 or args.batch_size < 1 or args.warmup < 0:
        parser.error("--threads and --batch-size must be ≥ 1, --warmup ≥ 0")
    return args


def main() -> int:
    args = parse_args()
    torch.set_num_threads(args.threads)
    if args.model:
        config, params = load_model_dir(args.model)
        name = args.model
    else:
        config, name = dict(SHAPES[args.shape]), args.shape
        torch.manual_seed(args.seed)
        specs, _, _ = hf_models.family_of(config)
        params = hf_models.init_parameters(specs(config))
    _, _, forward = hf_models.family_of(config)
    with open(args.workload) as f:
        requests = json.load(f)["requests"]

    with torch.inference_mode():
        if args.warmup > 0:
            score(forward, params, config, requests[:args.warmup], args.batch_size)
        start = time.perf_counter()
        scores = score(forward, params, config, requests, args.batch_size)
        seconds = time.perf_counter() - start

    context_tokens = sum(len(q["context"]) for q in requests)
    continuation_tokens = sum(len(c) for q in requests for c in q["continuations"])
    tokens = context_tokens + continuation_tokens
    every = [x for r in scores for c in r for x in c]
    result = {
        "engine": "pytorch",
        "torch": torch.__version__,
        "path": "full-sequence",
        "model": name,
        "family": config["model_type"],
        "params": sum(params[spec[0]].numel() for spec in hf_models.family_of(config)[0](config)),
        "threads": args.threads,
        "requests": len(requests),
        "context_tokens": context_tokens,
        "continuation_tokens": continuation_tokens,
        "tokens": tokens,
        "warmup_requests": min(args.warmup, len(requests)),
        "batch_size": args.batch_size,
        "seconds": round(seconds, 3),
        "tokens_per_second": round(tokens / seconds, 1),
        "ms_per_request": round(seconds * 1e3 / len(requests), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "mean_log_prob": sum(every) / len(every),
        "env": {key: os.environ.get(key) for key in
                ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_CORETYPE", "LD_LIBRARY_PATH")},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
