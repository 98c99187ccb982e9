"""Self-checks of the reference models; make_fixtures.py exits 1 if any fails.

Building blocks are checked against second formulations (rotary as complex rotation, blocked versus
interleaved QKV, GELUs against torch, grouped-query head mapping). Each fixture is then checked
whole: its fp32 logits against the float64 loop implementation in independent.py, its autograd
gradient against a central finite difference along a random direction (float64), the tied-head
gradient as the sum of its embedding and head parts, and torch's AdamW trajectory against the
update formula written out by hand (the formula README.md documents for the C# side).
"""

from __future__ import annotations

import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

import hf_models
import independent


class Checks:
    """Collects check outcomes so every failure is reported before the script exits."""

    def __init__(self) -> None:
        self.passed = 0
        self.failures: list[str] = []

    def expect(self, condition: bool, message: str) -> None:
        if condition:
            self.passed += 1
        else:
            self.failures.append(message)

    def close(self, actual, expected, tolerance: float, message: str) -> None:
        actual = torch.as_tensor(np.asarray(actual, dtype=np.float64))
        expected = torch.as_tensor(np.asarray(expected, dtype=np.float64))
        if actual.shape != expected.shape:
            self.expect(False, f"{message}: shape {tuple(actual.shape)} != {tuple(expected.shape)}")
            return
        diff = (actual - expected).abs().max().item() if actual.numel() else 0.0
        self.expect(diff <= tolerance, f"{message}: max |diff| {diff:.3g} > {tolerance:.3g}")

    def directional_derivative(self, loss_at, base: dict, grads: dict, seed: int, message: str) -> None:
        """Autograd against a central finite difference, in float64, along one random direction (seeded) over the tensors
        of `base`: `grads[n]` is the float64 gradient of `base[n]`, `loss_at(point)` the loss at a dict of shifted tensors."""
        gen = torch.Generator().manual_seed(seed)
        direction = {n: torch.randn(t.shape, generator=gen, dtype=torch.float64) for n, t in base.items()}
        analytic = sum((grads[n] * direction[n]).sum().item() for n in base)
        eps = 1e-5

        def shifted(sign: float) -> float:
            return loss_at({n: base[n].double() + sign * eps * direction[n] for n in base})

        numeric = (shifted(1.0) - shifted(-1.0)) / (2 * eps)
        self.expect(abs(numeric - analytic) <= 1e-6 * max(1.0, abs(analytic)),
                    f"{message}: directional derivative {analytic:.9g} vs finite difference {numeric:.9g}")

    def report(self, detail: str = "") -> int:
        """Prints the tally (and every failure, to stderr) and returns the script's exit code."""
        print(f"{self.passed} checks passed, {len(self.failures)} failed{detail}")
        for failure in self.failures:
            print("FAILED:", failure, file=sys.stderr)
        return 1 if self.failures else 0


def check_building_blocks(checks: Checks) -> None:
    gen = torch.Generator().manual_seed(7)

    x = torch.randn(2, 3, 6, 16, generator=gen, dtype=torch.float64)  # [B, H, T, D]
    for rotary_dims, base in [(4, 10000.0), (16, 500000.0)]:
        cos, sin = hf_models.rotary_cos_sin(6, rotary_dims, base, torch.float64)
        mine = hf_models.apply_rotary(x[..., :rotary_dims], cos, sin)
        other = np.stack([independent._rotate_complex(x[b, h].numpy(), rotary_dims, base)[:, :rotary_dims]
                          for b in range(2) for h in range(3)]).reshape(2, 3, 6, rotary_dims)
        checks.close(mine, other, 1e-12, f"rotate-half RoPE (R={rotary_dims}) vs complex rotation")
        inv = hf_models.rotary_inv_freq(rotary_dims, base)
        checks.close(inv, [base ** (-2.0 * j / rotary_dims) for j in range(rotary_dims // 2)], 1e-6,
                     f"inv_freq buffer (R={rotary_dims})")

    # Interleaved QKV viewed per head == blocked rows after the loader's permutation.
    heads, D, C = 2, 16, 32
    w = torch.randn(3 * C, C, generator=gen, dtype=torch.float64)
    b = torch.randn(3 * C, generator=gen, dtype=torch.float64)
    a = torch.randn(5, C, generator=gen, dtype=torch.float64)
    per_head = F.linear(a, w, b).view(5, heads, 3 * D)
    wb, bb = independent.neox_blocked_qkv(w.numpy(), b.numpy(), heads)
    blocked = a.numpy() @ wb.T + bb
    for part in range(3):
        for h in range(heads):
            checks.close(per_head[:, h, part * D:(part + 1) * D], blocked[:, part * C + h * D:part * C + (h + 1) * D],
                         1e-12, f"NeoX QKV part {part} head {h}: interleaved view vs blocked permutation")

    # GQA: repeat_interleave maps query head h to kv head h // (H / KVH).
    kv = torch.arange(2).view(1, 2, 1, 1).float()
    checks.expect(kv.repeat_interleave(2, dim=1).flatten().tolist() == [h // 2 for h in range(4)],
                  "repeat_kv head mapping")

    z = torch.linspace(-6, 6, 241, dtype=torch.float64)
    checks.close(hf_models.gelu_tanh(z), F.gelu(z, approximate="tanh"), 1e-12, "gelu_new vs F.gelu(tanh)")
    checks.close(hf_models.gelu_erf(z), independent._gelu_erf(z.numpy()), 1e-12, "exact GELU vs erf formula")
    checks.close(hf_models.rms_norm(a, torch.ones(C, dtype=torch.float64), 1e-5),
                 independent._rms_norm(a.numpy(), np.ones(C), 1e-5), 1e-12, "RMSNorm")

    q, k, v = (torch.randn(1, 1, 7, 8, generator=gen, dtype=torch.float64) for _ in range(3))
    checks.close(hf_models.causal_attention(q, k, v)[0, 0],
                 independent._attend(q[0, 0].numpy(), k[0, 0].numpy(), v[0, 0].numpy()), 1e-12, "causal attention")


def check_fixture(checks: Checks, fixture, params: dict, input_ids, targets, golden, adamw: dict, settings: dict) -> None:
    name, config = fixture.name, fixture.config
    logits, loss, grads = golden
    forward = hf_models.family_of(config)[2]

    numpy_params = {n: p.numpy() for n, p in params.items()}
    other = independent.LOGITS[config["model_type"]](numpy_params, config, input_ids.numpy())
    scale = max(1.0, float(np.abs(other).max()))
    checks.close(logits, other, 1e-5 * scale, f"{name}: logits vs independent float64 model")
    checks.close(loss.item(), independent.cross_entropy(other, targets.numpy()), 2e-5, f"{name}: loss vs independent")

    # Autograd vs central difference along one random direction, in float64.
    p64 = {n: p.double().requires_grad_(True) for n, p in params.items()}
    hf_models.cross_entropy(forward(p64, config, input_ids), targets).backward()
    checks.directional_derivative(lambda point: hf_models.cross_entropy(forward(point, config, input_ids), targets).item(),
                                  params, {n: p64[n].grad for n in params}, 11, name)
    for n in params:
        checks.close(grads[n], p64[n].grad, 1e-5 * max(1.0, p64[n].grad.abs().max().item()),
                     f"{name}: fp32 grad.{n} vs float64")

    tied = {"gpt2": "wte.weight", "llama": "model.embed_tokens.weight", "olmo2": "model.embed_tokens.weight"}[config["model_type"]] \
        if config.get("tie_word_embeddings") else None
    if tied is not None:
        # Split the tied matrix into an embedding leaf and a head leaf: the tied gradient is their sum.
        split = {n: p.double().requires_grad_(True) for n, p in params.items()}
        split["lm_head.weight"] = params[tied].double().requires_grad_(True)
        hf_models.cross_entropy(forward(split, config, input_ids), targets).backward()
        checks.close(grads[tied], split[tied].grad + split["lm_head.weight"].grad, 1e-5,
                     f"{name}: tied {tied} grad = embedding part + head part")
        checks.expect(split["lm_head.weight"].grad.abs().max().item() > 1e-3,
                      f"{name}: head part of the tied gradient is not exercised")

    if config["model_type"] == "gpt_neox":
        # Padded vocab rows never appear as inputs (zero embed_in grad) but still get logits (embed_out grad).
        pad = fixture.token_range
        checks.expect(grads["gpt_neox.embed_in.weight"][pad:].abs().max().item() == 0.0,
                      f"{name}: padded embed_in rows must get zero gradient")
        checks.expect(grads["embed_out.weight"][pad:].abs().max().item() > 0.0,
                      f"{name}: padded embed_out rows must get gradient through the softmax")

    check_adamw(checks, name, config, params, input_ids, targets, adamw, settings)


def key_bias_mask(name: str, shape, config: dict) -> torch.Tensor:
    """True on the key entries of a fused QKV bias, False elsewhere (all False for other parameters).

    q·(k + b) − q·k = q·b is the same for every key position, so softmax cancels it: the key bias
    has zero gradient in exact arithmetic, its fp32 gradient is rounding noise, and AdamW (which
    normalises by √v) turns that noise into full-size updates. Those entries cannot be compared.
    """
    if name.endswith("attn.c_attn.bias"):  # GPT-2 [Q | K | V]
        C = config["n_embd"]
        mask = torch.zeros(3 * C, dtype=torch.bool)
        mask[C:2 * C] = True
        return mask
    if name.endswith("attention.query_key_value.bias"):  # NeoX per head [q | k | v]
        C, H = config["hidden_size"], config["num_attention_heads"]
        D = C // H
        return torch.tensor([(i % (3 * D)) // D == 1 for i in range(3 * C)])
    return torch.zeros(shape, dtype=torch.bool)


def check_adamw(checks: Checks, name: str, config: dict, params: dict, input_ids, targets, adamw: dict, s: dict) -> None:
    """Replays the AdamW run in float64 with the update written out, against torch.optim.AdamW's numbers.

    clip:  g ← g · min(1, clip_norm / (‖g‖₂ + 1e-6)), ‖g‖₂ over all parameters together
    step t (from 1): p ← p · (1 − lr·wd);  m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²
                     p ← p − lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps)
    """
    forward = hf_models.family_of(config)[2]
    p = {n: v.double() for n, v in params.items()}
    m = {n: torch.zeros_like(v) for n, v in p.items()}
    v2 = {n: torch.zeros_like(v) for n, v in p.items()}
    losses, norms = [], []
    for t in range(1, s["steps"] + 1):
        leaves = {n: x.clone().requires_grad_(True) for n, x in p.items()}
        loss = hf_models.cross_entropy(forward(leaves, config, input_ids), targets)
        loss.backward()
        losses.append(loss.item())
        g = {n: leaves[n].grad for n in p}
        total = math.sqrt(sum((x * x).sum().item() for x in g.values()))
        norms.append(total)
        coef = min(1.0, s["clip_norm"] / (total + 1e-6))
        for n in p:
            grad = g[n] * coef
            wd = s["weight_decay"] if p[n].dim() >= 2 else 0.0
            p[n] = p[n] * (1 - s["lr"] * wd)
            m[n] = s["beta1"] * m[n] + (1 - s["beta1"]) * grad
            v2[n] = s["beta2"] * v2[n] + (1 - s["beta2"]) * grad * grad
            denom = v2[n].sqrt() / math.sqrt(1 - s["beta2"] ** t) + s["eps"]
            p[n] = p[n] - s["lr"] / (1 - s["beta1"] ** t) * m[n] / denom
    losses.append(hf_models.cross_entropy(forward(p, config, input_ids), targets).item())
    checks.close(adamw["losses"], losses, 1e-4, f"{name}: AdamW losses vs hand-written update")
    checks.close(adamw["grad_norms"], norms, 1e-4 * max(norms), f"{name}: pre-clip gradient norms")
    checks.expect(max(norms) > s["clip_norm"], f"{name}: clipping is never active, so it is not tested")
    for n in p:
        keep = ~key_bias_mask(n, p[n].shape, config)
        # Adam's m/√v turns small fp32 differences in tiny gradients into visible update
        # differences (about 2e-4 seen when the BLAS changes), far below the lr-sized (1e-2)
        # error a wrong formula gives.
        checks.close(adamw["final"][n][keep], p[n][keep], 1e-3, f"{name}: {n} after AdamW vs hand-written update")
    checks.expect(adamw["losses"][-1] < adamw["losses"][0], f"{name}: AdamW did not lower the loss")
