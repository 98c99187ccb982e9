#!/usr/bin/python3
"""Writes the LoRA reference fixtures the C# adapter loader and forward are tested against.

For each family's tiny reference model (fixtures/<name>/, written by make_fixtures.py, same weights and batch), this
applies a LoRA adapter with fixed nonzero A and B to every block's two output projections, the modules ModeHop's
adapters target (GPT-2 attn.c_proj and mlp.c_proj, GPT-NeoX attention.dense and mlp.dense_4h_to_h, Llama/OLMo 2
self_attn.o_proj and mlp.down_proj), written by hand as PEFT's LoraLayer forward (hf_models.output_projection; no
peft package), and writes under fixtures/<name>/lora/:
    adapter_config.json        PEFT's LoraConfig fields (peft_type LORA, r 2, lora_alpha 3, so scaling 1.5)
    adapter_model.safetensors  F32 base_model.model.<module>.lora_A.weight [r, in] and .lora_B.weight [out, r]
    golden.safetensors         F32 input_ids, targets, logits and grad.<adapter tensor name> (base weights frozen)
    golden.json                loss, r, lora_alpha, scaling, the module names, settings

Self-checks run first; any failure skips the fixture and exits 1:
    - with B = 0 the logits are exactly the base model's;
    - the logits match independent.py (float64 loops) run on merged weights W + scaling·B·A (Conv1D: its transpose),
      a second formulation of the same adapter;
    - the fp32 gradients of A and B match float64 autograd, which matches a central difference along a random direction;
    - two golden computations are bit-identical.

Usage: LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas /usr/bin/python3 tools/reference/make_lora_fixtures.py [--only NAME ...]
(netlib BLAS, as for make_fixtures.py, so the committed bytes regenerate exactly).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import hf_models  # noqa: E402
import independent  # noqa: E402
import make_fixtures  # noqa: E402
import self_checks  # noqa: E402
from safetensors_io import read_safetensors, write_safetensors  # noqa: E402

RANK = 2
ALPHA = 3
SCALING = ALPHA / RANK
SEED = 2024
NAMES = ["gpt2", "gpt_neox", "llama", "olmo2"]


def target_modules(config: dict) -> list[tuple[str, str, bool]]:
    """(params key of the module, PEFT module path inside the CausalLM, conv1d) for every block's two targets."""
    kind = config["model_type"]
    out = []
    for i in range(config.get("n_layer") or config["num_hidden_layers"]):
        if kind == "gpt2":
            # GPT2LMHeadModel nests the blocks under `transformer.`; GPT-2's model.safetensors names leave it out.
            out += [(f"h.{i}.attn.c_proj", f"transformer.h.{i}.attn.c_proj", True),
                    (f"h.{i}.mlp.c_proj", f"transformer.h.{i}.mlp.c_proj", True)]
        elif kind == "gpt_neox":
            out += [(f"gpt_neox.layers.{i}.attention.dense",) * 2 + (False,),
                    (f"gpt_neox.layers.{i}.mlp.dense_4h_to_h",) * 2 + (False,)]
        else:
            out += [(f"model.layers.{i}.self_attn.o_proj",) * 2 + (False,),
                    (f"model.layers.{i}.mlp.down_proj",) * 2 + (False,)]
    return out


def make_adapter(params: dict, modules) -> dict[str, torch.Tensor]:
    """Fixed nonzero A [r, in] ~ N(0, 1/in) and B [out, r] ~ N(0, 0.5²/r), keyed as the params dict's modules."""
    gen = torch.Generator().manual_seed(SEED)
    adapter = {}
    for key, _, conv1d in modules:
        weight = params[key + ".weight"]
        inputs, outputs = (weight.shape[0], weight.shape[1]) if conv1d else (weight.shape[1], weight.shape[0])
        adapter[key + ".lora_A.weight"] = torch.randn(RANK, inputs, generator=gen) / inputs ** 0.5
        adapter[key + ".lora_B.weight"] = torch.randn(outputs, RANK, generator=gen) * 0.5 / RANK ** 0.5
    return adapter


def loss_and_logits(fixture, params: dict, adapter: dict, input_ids, targets):
    forward = hf_models.family_of(fixture.config)[2]
    logits = forward({**params, **adapter, "lora_scaling": SCALING}, fixture.config, input_ids)
    return logits, hf_models.cross_entropy(logits, targets)


def golden(fixture, params: dict, adapter: dict, input_ids, targets):
    """logits, loss and d loss / d (A, B) with the base frozen, in fp32."""
    leaves = {n: t.clone().requires_grad_(True) for n, t in adapter.items()}
    logits, loss = loss_and_logits(fixture, params, leaves, input_ids, targets)
    loss.backward()
    return logits.detach(), loss.detach(), {n: leaf.grad.detach().clone() for n, leaf in leaves.items()}


def check(checks, fixture, params, adapter, modules, input_ids, targets, result) -> None:
    name, config = fixture.name, fixture.config
    logits, loss, grads = result

    zero = {n: (torch.zeros_like(t) if n.endswith("lora_B.weight") else t) for n, t in adapter.items()}
    base_logits = hf_models.family_of(config)[2](params, config, input_ids)
    checks.expect(torch.equal(loss_and_logits(fixture, params, zero, input_ids, targets)[0], base_logits),
                  f"{name}/lora: with B = 0 the logits are not exactly the base model's")
    checks.expect((logits - base_logits).abs().max().item() > 1e-2, f"{name}/lora: the adapter hardly changes the logits")

    merged = {n: p.double().numpy() for n, p in params.items()}
    for key, _, conv1d in modules:
        delta = SCALING * (adapter[key + ".lora_B.weight"].double() @ adapter[key + ".lora_A.weight"].double())  # [out, in]
        merged[key + ".weight"] = merged[key + ".weight"] + (delta.T if conv1d else delta).numpy()
    other = independent.LOGITS[config["model_type"]](merged, config, input_ids.numpy())
    scale = max(1.0, float(np.abs(other).max()))
    checks.close(logits, other, 1e-5 * scale, f"{name}/lora: logits vs independent float64 model on merged weights")
    checks.close(loss.item(), independent.cross_entropy(other, targets.numpy()), 2e-5, f"{name}/lora: loss vs independent")

    p64 = {n: p.double() for n, p in params.items()}
    a64 = {n: t.double().requires_grad_(True) for n, t in adapter.items()}
    loss_and_logits(fixture, p64, a64, input_ids, targets)[1].backward()
    for n in adapter:
        checks.close(grads[n], a64[n].grad, 1e-5 * max(1.0, a64[n].grad.abs().max().item()), f"{name}/lora: fp32 grad of {n} vs float64")
        checks.expect(grads[n].abs().max().item() > 1e-4, f"{name}/lora: grad of {n} is not exercised")
    checks.directional_derivative(lambda point: loss_and_logits(fixture, p64, point, input_ids, targets)[1].item(),
                                  adapter, {n: a64[n].grad for n in adapter}, 13, f"{name}/lora")

    again = golden(fixture, params, adapter, input_ids, targets)
    checks.expect(torch.equal(again[0], logits) and torch.equal(again[1], loss)
                  and all(torch.equal(again[2][n], grads[n]) for n in grads),
                  f"{name}/lora: two golden computations are not bit-identical")


def adapter_config(config: dict) -> dict:
    """PEFT's adapter_config.json for these adapters (LoraConfig fields only)."""
    leaves = sorted({path.rsplit(".", 1)[1] for _, path, _ in target_modules(config)})
    return {
        "peft_type": "LORA", "task_type": "CAUSAL_LM", "base_model_name_or_path": None, "r": RANK, "lora_alpha": ALPHA,
        "target_modules": leaves, "lora_dropout": 0.0, "bias": "none",
        # PEFT sets fan_in_fan_out for Conv1D targets; lora_A / lora_B keep their [r, in] / [out, r] shapes either way.
        "fan_in_fan_out": config["model_type"] == "gpt2",
        "use_rslora": False, "init_lora_weights": True, "inference_mode": True, "modules_to_save": None, "layers_to_transform": None,
    }


def build(fixture, out_dir: str, checks) -> None:
    _, params, _, _, input_ids, targets = make_fixtures.make_model(fixture)
    modules = target_modules(fixture.config)
    adapter = make_adapter(params, modules)
    result = golden(fixture, params, adapter, input_ids, targets)
    before = len(checks.failures)
    check(checks, fixture, params, adapter, modules, input_ids, targets, result)
    if len(checks.failures) > before:
        print(f"{fixture.name}/lora: self-checks failed, fixture not written", file=sys.stderr)
        return

    logits, loss, grads = result
    peft = {key: "base_model.model." + path for key, path, _ in modules}

    def peft_name(n: str) -> str:
        key, leaf = n.rsplit(".lora_", 1)
        return f"{peft[key]}.lora_{leaf}"

    folder = os.path.join(out_dir, fixture.name, "lora")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "adapter_config.json"), "w") as f:
        json.dump(adapter_config(fixture.config), f, indent=2)
        f.write("\n")
    write_safetensors(os.path.join(folder, "adapter_model.safetensors"), {peft_name(n): t for n, t in adapter.items()}, {"format": "pt"})
    tensors = {"input_ids": input_ids.float(), "targets": targets.float(), "logits": logits}
    tensors.update({f"grad.{peft_name(n)}": g for n, g in grads.items()})
    write_safetensors(os.path.join(folder, "golden.safetensors"), tensors, {"format": "modehop-golden", "fixture": fixture.name + "/lora"})
    summary = {
        "fixture": fixture.name, "family": fixture.config["model_type"], "torch_version": torch.__version__, "seed": SEED,
        "batch_size": make_fixtures.BATCH_SIZE, "seq_len": make_fixtures.SEQ_LEN, "r": RANK, "lora_alpha": ALPHA, "scaling": SCALING,
        "loss": loss.item(), "modules": [path for _, path, _ in modules],
        "note": "the base model is fixtures/<fixture>; base weights frozen, gradients are of the adapter tensors only",
    }
    with open(os.path.join(folder, "golden.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    stored, _, _ = read_safetensors(os.path.join(folder, "adapter_model.safetensors"))
    checks.expect(all(torch.equal(stored[peft_name(n)], t) for n, t in adapter.items()), f"{fixture.name}/lora: adapter does not read back")
    print(f"{fixture.name + '/lora':15s} loss {loss.item():.6f} (base fixture {hf_models.cross_entropy(hf_models.family_of(fixture.config)[2](params, fixture.config, input_ids), targets).item():.6f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures"))
    parser.add_argument("--only", nargs="*", help="fixture names to build (default: " + ", ".join(NAMES) + ")")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    checks = self_checks.Checks()
    fixtures = {f.name: f for f in make_fixtures.FIXTURES}
    for name in NAMES:
        if not args.only or name in args.only:
            build(fixtures[name], args.out, checks)
    return checks.report()


if __name__ == "__main__":
    sys.exit(main())
