#!/usr/bin/python3
"""Writes the reference fixtures the C# engine's tests compare against.

For each fixture in FIXTURES this writes, under tools/reference/fixtures/<name>/:
    config.json          the family's Hugging Face config
    model.safetensors    weights under HF names/layouts in the fixture's dtype, plus the family's
                         non-parameter buffers (which a loader must skip)
    golden.safetensors   F32: input_ids, targets, logits and grad.<param> for every parameter
    golden.json          loss, AdamW trajectory, settings, parameter and buffer names

Everything is computed in fp32 from the weights as stored (F16/BF16 rounded, then upcast), on one
thread. Before writing, the self-checks in self_checks.py must all pass; any failure exits 1.
See README.md beside this file for the layout.

Usage: /usr/bin/python3 tools/reference/make_fixtures.py [--out DIR] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import hf_models  # noqa: E402
import self_checks  # noqa: E402
from safetensors_io import read_safetensors, write_safetensors  # noqa: E402

BATCH_SIZE = 2
SEQ_LEN = 8
ADAMW = {"lr": 1e-2, "beta1": 0.9, "beta2": 0.95, "eps": 1e-8, "weight_decay": 0.1, "clip_norm": 1.0, "steps": 5}

DTYPES = {"float32": (torch.float32, "F32"), "float16": (torch.float16, "F16"), "bfloat16": (torch.bfloat16, "BF16")}


@dataclass(frozen=True)
class Fixture:
    name: str
    seed: int
    token_range: int  # input and target ids are drawn from [0, token_range); < vocab_size pads the vocab
    config: dict
    description: str


def gpt2_config(vocab_size: int) -> dict:
    return {
        "activation_function": "gelu_new",
        "architectures": ["GPT2LMHeadModel"],
        "attn_pdrop": 0.0,
        "bos_token_id": vocab_size - 1,
        "embd_pdrop": 0.0,
        "eos_token_id": vocab_size - 1,
        "initializer_range": 0.02,
        "layer_norm_epsilon": 1e-05,
        "model_type": "gpt2",
        "n_ctx": 16,
        "n_embd": 32,
        "n_head": 4,
        "n_inner": None,
        "n_layer": 2,
        "n_positions": 16,
        "reorder_and_upcast_attn": False,
        "resid_pdrop": 0.0,
        "scale_attn_by_inverse_layer_idx": False,
        "scale_attn_weights": True,
        "tie_word_embeddings": True,
        "torch_dtype": "float32",
        "use_cache": True,
        "vocab_size": vocab_size,
    }


def neox_config(heads: int, rotary_pct: float, parallel: bool, dtype: str) -> dict:
    return {
        "architectures": ["GPTNeoXForCausalLM"],
        "attention_bias": True,
        "attention_dropout": 0.0,
        "bos_token_id": 0,
        "classifier_dropout": 0.1,
        "eos_token_id": 0,
        "hidden_act": "gelu",
        "hidden_dropout": 0.0,
        "hidden_size": 32,
        "initializer_range": 0.02,
        "intermediate_size": 128,
        "layer_norm_eps": 1e-05,
        "max_position_embeddings": 16,
        "model_type": "gpt_neox",
        "num_attention_heads": heads,
        "num_hidden_layers": 2,
        "rope_scaling": None,
        "rotary_emb_base": 10000,
        "rotary_pct": rotary_pct,
        "tie_word_embeddings": False,
        "torch_dtype": dtype,
        "use_cache": True,
        "use_parallel_residual": parallel,
        "vocab_size": 80,
    }


def llama_config(vocab_size: int, kv_heads: int, tied: bool, rope_theta: float, dtype: str) -> dict:
    return {
        "architectures": ["LlamaForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "head_dim": 8,
        "hidden_act": "silu",
        "hidden_size": 32,
        "initializer_range": 0.02,
        "intermediate_size": 64,
        "max_position_embeddings": 16,
        "mlp_bias": False,
        "model_type": "llama",
        "num_attention_heads": 4,
        "num_hidden_layers": 2,
        "num_key_value_heads": kv_heads,
        "pretraining_tp": 1,
        "rms_norm_eps": 1e-05,
        "rope_scaling": None,
        "rope_theta": rope_theta,
        "tie_word_embeddings": tied,
        "torch_dtype": dtype,
        "use_cache": True,
        "vocab_size": vocab_size,
    }


def olmo2_config(vocab_size: int, kv_heads: int, tied: bool, rope_theta: float, dtype: str) -> dict:
    """Llama's keys as allenai/OLMo-2 config.json files spell them: no head_dim (D = hidden_size / heads), no
    mlp_bias or pretraining_tp, a pad token, rms_norm_eps 1e-6."""
    config = llama_config(vocab_size, kv_heads, tied, rope_theta, dtype)
    for key in ("head_dim", "mlp_bias", "pretraining_tp"):
        del config[key]
    config.update({"architectures": ["Olmo2ForCausalLM"], "model_type": "olmo2", "bos_token_id": None,
                   "eos_token_id": vocab_size - 1, "pad_token_id": vocab_size - 2, "rms_norm_eps": 1e-06})
    return config


FIXTURES = [
    Fixture("gpt2", 1001, 67, gpt2_config(67),
            "GPT-2: Conv1D [in,out] weights, tied head, gelu_new, F32, attn.bias/masked_bias buffers"),
    # 2 heads so head_dim 16 and rotary_dims 4: rotate-half pairs (0,2),(1,3) differ from the
    # interleaved (0,1),(2,3), and inv_freq[1] depends on rotary_dims, not head_dim.
    Fixture("gpt_neox", 1002, 70, neox_config(2, 0.25, True, "float16"),
            "Pythia-style GPT-NeoX: interleaved QKV, rotary on 25% of head dims, parallel residual, "
            "erf GELU, untied embed_out, vocab padded to 80 (ids < 70), F16, buffers to skip"),
    Fixture("gpt_neox_seq", 1003, 70, neox_config(4, 1.0, False, "float32"),
            "GPT-NeoX with sequential residual and rotary on the full head dim (8), F32"),
    Fixture("llama", 1004, 72, llama_config(72, 2, False, 10000.0, "bfloat16"),
            "Llama: RMSNorm, SwiGLU, rotate-half RoPE theta 1e4, GQA 4 query / 2 kv heads, untied head, BF16"),
    Fixture("llama_tied", 1005, 61, llama_config(61, 4, True, 500000.0, "float32"),
            "Llama: MHA (4 kv heads), tied embeddings (no lm_head.weight), RoPE theta 5e5, F32"),
    Fixture("olmo2", 1006, 70, olmo2_config(75, 2, False, 500000.0, "float32"),
            "OLMo 2: post-norm residual (no input norm), q_norm/k_norm over the whole projections before RoPE, "
            "GQA 4 query / 2 kv heads, SwiGLU, RoPE theta 5e5, untied head, vocab padded to 75 (ids < 70), F32"),
]


def make_model(fixture: Fixture):
    """(stored weights in the fixture's dtype, fp32 parameters upcast from them, buffers, specs)."""
    specs_of, buffers_of, _ = hf_models.family_of(fixture.config)
    specs = specs_of(fixture.config)
    torch.manual_seed(fixture.seed)
    fp32 = hf_models.init_parameters(specs)
    dtype = DTYPES[fixture.config["torch_dtype"]][0]
    stored = {name: value.to(dtype) for name, value in fp32.items()}
    params = {name: value.float() for name, value in stored.items()}
    # Token ids come after the weights from the same seeded stream: [B, T + 1], targets = next ids.
    tokens = torch.randint(0, fixture.token_range, (BATCH_SIZE, SEQ_LEN + 1))
    return stored, params, buffers_of(fixture.config), specs, tokens[:, :-1].contiguous(), tokens[:, 1:].contiguous()


def forward_loss(fixture: Fixture, params: dict, input_ids, targets):
    forward = hf_models.family_of(fixture.config)[2]
    logits = forward(params, fixture.config, input_ids)
    return logits, hf_models.cross_entropy(logits, targets)


def compute_golden(fixture: Fixture, params: dict, input_ids, targets):
    """logits [B, T, V], loss, and d loss / d p for every parameter (fp32 autograd)."""
    leaves = {name: value.clone().requires_grad_(True) for name, value in params.items()}
    logits, loss = forward_loss(fixture, leaves, input_ids, targets)
    loss.backward()
    return logits.detach(), loss.detach(), {name: leaf.grad.detach().clone() for name, leaf in leaves.items()}


def run_adamw(fixture: Fixture, params: dict, input_ids, targets) -> dict:
    """torch.optim.AdamW on the same batch, clip_grad_norm_ before each step; weight decay on ≥2-D params."""
    leaves = {name: value.clone().requires_grad_(True) for name, value in params.items()}
    decay = [p for p in leaves.values() if p.dim() >= 2]
    no_decay = [p for p in leaves.values() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": ADAMW["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}],
        lr=ADAMW["lr"], betas=(ADAMW["beta1"], ADAMW["beta2"]), eps=ADAMW["eps"])
    losses, grad_norms = [], []
    for _ in range(ADAMW["steps"]):
        optimizer.zero_grad(set_to_none=True)
        _, loss = forward_loss(fixture, leaves, input_ids, targets)
        losses.append(loss.item())
        loss.backward()
        grad_norms.append(torch.nn.utils.clip_grad_norm_(list(leaves.values()), ADAMW["clip_norm"]).item())
        optimizer.step()
    with torch.no_grad():
        losses.append(forward_loss(fixture, leaves, input_ids, targets)[1].item())
    return {
        **ADAMW,
        "losses": losses,
        "grad_norms": grad_norms,
        "param_norms_after": {name: leaf.detach().norm().item() for name, leaf in leaves.items()},
        "final": {name: leaf.detach().clone() for name, leaf in leaves.items()},
    }


def write_fixture(fixture: Fixture, out_dir: str, stored, buffers, specs, input_ids, targets, golden, adamw) -> None:
    logits, loss, grads = golden
    folder = os.path.join(out_dir, fixture.name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(fixture.config, f, indent=2, sort_keys=True)
        f.write("\n")
    write_safetensors(os.path.join(folder, "model.safetensors"), {**stored, **buffers}, {"format": "pt"})
    tensors = {"input_ids": input_ids.float(), "targets": targets.float(), "logits": logits}
    tensors.update({f"grad.{name}": grad for name, grad in grads.items()})
    write_safetensors(os.path.join(folder, "golden.safetensors"), tensors,
                      {"format": "modehop-golden", "fixture": fixture.name})
    summary = {
        "fixture": fixture.name,
        "family": fixture.config["model_type"],
        "description": fixture.description,
        "dtype": fixture.config["torch_dtype"],
        "weights_safetensors_dtype": DTYPES[fixture.config["torch_dtype"]][1],
        "seed": fixture.seed,
        "torch_version": torch.__version__,
        "batch_size": BATCH_SIZE,
        "seq_len": SEQ_LEN,
        "token_range": fixture.token_range,
        "ids_dtype": "F32",
        "loss": loss.item(),
        "parameters": [{"name": name, "shape": shape} for name, shape, _ in specs],
        "buffers": sorted(buffers),
        "adamw": {key: value for key, value in adamw.items() if key != "final"},
    }
    # Fused QKV biases whose key slice has zero gradient in exact arithmetic (see README).
    summary["adamw"]["key_bias_params"] = [name for name, shape, _ in specs
                                           if self_checks.key_bias_mask(name, shape, fixture.config).any()]
    text = json.dumps(summary, indent=2)
    # Keep shapes and short number lists on one line.
    text = re.sub(r"\[\s*([-+\d.e,\s]*?)\s*\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    text = re.sub(r"\{\s*(\"name\": \"[^\"]+\",)\s*(\"shape\": \[[^\]]*\])\s*\}", r"{\1 \2}", text)
    with open(os.path.join(folder, "golden.json"), "w") as f:
        f.write(text + "\n")


def build(fixture: Fixture, out_dir: str, checks: self_checks.Checks) -> None:
    stored, params, buffers, specs, input_ids, targets = make_model(fixture)
    golden = compute_golden(fixture, params, input_ids, targets)
    adamw = run_adamw(fixture, params, input_ids, targets)

    failures_before = len(checks.failures)
    again = compute_golden(fixture, params, input_ids, targets)
    checks.expect(all(torch.equal(a, b) for a, b in zip(golden[:2], again[:2]))
                  and all(torch.equal(golden[2][n], again[2][n]) for n in golden[2]),
                  f"{fixture.name}: two golden computations are not bit-identical")
    self_checks.check_fixture(checks, fixture, params, input_ids, targets, golden, adamw, ADAMW)
    if len(checks.failures) > failures_before:
        print(f"{fixture.name}: self-checks failed, fixture not written", file=sys.stderr)
        return

    write_fixture(fixture, out_dir, stored, buffers, specs, input_ids, targets, golden, adamw)
    folder = os.path.join(out_dir, fixture.name)
    model, _, _ = read_safetensors(os.path.join(folder, "model.safetensors"))
    checks.expect(set(model) == set(stored) | set(buffers), f"{fixture.name}: model.safetensors names differ")
    for name, value in {**stored, **buffers}.items():
        checks.expect(model[name].dtype == value.dtype and torch.equal(model[name], value),
                      f"{fixture.name}: {name} does not read back bit-identical")
    gold, _, _ = read_safetensors(os.path.join(folder, "golden.safetensors"))
    checks.expect(torch.equal(gold["logits"], golden[0]) and torch.equal(gold["input_ids"].long(), input_ids),
                  f"{fixture.name}: golden.safetensors does not read back")
    print(f"{fixture.name:13s} loss {golden[1].item():.6f}  adamw losses "
          + " ".join(f"{x:.4f}" for x in adamw["losses"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures"))
    parser.add_argument("--only", nargs="*", help="fixture names to build (default: all)")
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    checks = self_checks.Checks()
    self_checks.check_building_blocks(checks)
    for fixture in FIXTURES:
        if not args.only or fixture.name in args.only:
            build(fixture, args.out, checks)
    total = sum(os.path.getsize(os.path.join(root, f)) for root, _, files in os.walk(args.out) for f in files)
    return checks.report(f"; fixtures take {total / 1024:.0f} KiB")


if __name__ == "__main__":
    sys.exit(main())
