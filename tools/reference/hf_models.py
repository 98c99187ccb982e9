"""Reference decoder-only transformers in plain torch with Hugging Face semantics and weight names.

Each family is a pure function `forward(params, config, input_ids) -> logits` over a dict of
parameters keyed by the exact names of the family's Hugging Face `model.safetensors`, in the
layouts those files use, with `config` the family's `config.json` dict. Written from the
transformers modeling files' documented behaviour (GPT2LMHeadModel, GPTNeoXForCausalLM,
LlamaForCausalLM, Olmo2ForCausalLM) in eval mode (no dropout), fp32 throughout.

`parameter_specs(config)` lists every parameter as (name, shape, kind) in module order; `kind`
drives the random initialisation and says how the weight is laid out:
    "embedding"  [rows, C] looked up or used as an output head
    "conv1d"     GPT-2 Conv1D, [in, out], y = x @ W + b
    "linear"     nn.Linear, [out, in], y = x @ W.T + b
    "norm"       a LayerNorm / RMSNorm weight (scale)
    "bias"       any bias vector
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F


# ----------------------------------------------------------------------------------------------
# Shared pieces


def causal_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """softmax(q kᵀ / √D + causal mask) v over q, k, v [B, H, T, D]; masked scores are finfo.min."""
    T, D = q.shape[-2], q.shape[-1]
    scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(D)  # [B, H, T, T]
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    scores = torch.where(mask, scores, torch.tensor(torch.finfo(scores.dtype).min, dtype=scores.dtype))
    return torch.matmul(torch.softmax(scores, dim=-1), v)


def gelu_tanh(x: torch.Tensor) -> torch.Tensor:
    """GPT-2 `gelu_new`: 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def gelu_erf(x: torch.Tensor) -> torch.Tensor:
    """Exact GELU (`ACT2FN["gelu"]`): 0.5 x (1 + erf(x / √2))."""
    return F.gelu(x)


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    """LlamaRMSNorm: weight * x * rsqrt(mean(x², last dim) + eps), in fp32."""
    variance = x.pow(2).mean(-1, keepdim=True)
    return weight * (x * torch.rsqrt(variance + eps))


def rotary_cos_sin(seq_len: int, rotary_dims: int, base: float, dtype=torch.float32):
    """cos, sin [T, rotary_dims] of rotate-half RoPE: inv_freq[j] = 1 / base^(2j / rotary_dims),
    angle[t, j] = t · inv_freq[j], emb = cat(angle, angle)."""
    inv_freq = 1.0 / (base ** (torch.arange(0, rotary_dims, 2, dtype=torch.int64).to(dtype) / rotary_dims))
    positions = torch.arange(seq_len, dtype=dtype)
    freqs = torch.outer(positions, inv_freq)  # [T, rotary_dims / 2]
    emb = torch.cat([freqs, freqs], dim=-1)  # [T, rotary_dims]
    return emb.cos(), emb.sin()


def rotary_inv_freq(rotary_dims: int, base: float) -> torch.Tensor:
    """The `rotary_emb.inv_freq` buffer: 1 / base^(2j / rotary_dims), j < rotary_dims / 2."""
    return 1.0 / (base ** (torch.arange(0, rotary_dims, 2, dtype=torch.int64).float() / rotary_dims))


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    """cat(-x2, x1) where x1, x2 are the two halves of the last dimension: pairs (i, i + d/2)."""
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def apply_rotary(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """x·cos + rotate_half(x)·sin over x [B, H, T, R] with cos, sin [T, R]."""
    return x * cos + rotate_half(x) * sin


def rotary_grouped_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, heads: int, kv_heads: int,
                             cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """Llama-style attention from the projections q [B, T, H·D], k and v [B, T, KVH·D] to [B, T, H·D]: split into
    heads, rotate-half RoPE on q and k, repeat_kv (kv head j serves query heads j·(H/KVH) … (j+1)·(H/KVH) − 1),
    causal softmax attention, heads concatenated."""
    B, T, _ = q.shape
    D = q.shape[-1] // heads
    q = apply_rotary(q.view(B, T, heads, D).transpose(1, 2), cos, sin)  # [B, H, T, D]
    k = apply_rotary(k.view(B, T, kv_heads, D).transpose(1, 2), cos, sin)  # [B, KVH, T, D]
    v = v.view(B, T, kv_heads, D).transpose(1, 2)
    k = k.repeat_interleave(heads // kv_heads, dim=1)
    v = v.repeat_interleave(heads // kv_heads, dim=1)
    return causal_attention(q, k, v).transpose(1, 2).reshape(B, T, heads * D)


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy over all B·T positions; logits [B, T, V], targets [B, T]."""
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))


def output_projection(p: dict, module: str, x: torch.Tensor, conv1d: bool = False) -> torch.Tensor:
    """One of a block's two output projections (the modules LoRA adapters target), `module` its HF name without
    `.weight`: x @ W + b for GPT-2's Conv1D [in, out], F.linear(x, W, b) otherwise (b may be absent). When p also holds
    `module.lora_A.weight` [r, in] and `module.lora_B.weight` [out, r], the LoRA update is added as PEFT's LoraLayer
    forward computes it, written out (no peft package, dropout 0):
        result = base(x) + lora_B(lora_A(x)) * scaling,   scaling = p["lora_scaling"] (lora_alpha / r).
    Without them the result is exactly the plain projection, so the base fixtures are unchanged."""
    weight, bias = p[module + ".weight"], p.get(module + ".bias")
    result = (x @ weight + bias) if conv1d else F.linear(x, weight, bias)
    lora_a = p.get(module + ".lora_A.weight")
    if lora_a is not None:
        result = result + F.linear(F.linear(x, lora_a), p[module + ".lora_B.weight"]) * p["lora_scaling"]
    return result


# ----------------------------------------------------------------------------------------------
# GPT-2 (GPT2LMHeadModel, names without the `transformer.` prefix, tied lm_head)


def gpt2_parameter_specs(config: dict) -> list[tuple[str, list[int], str]]:
    C, L, V, P = config["n_embd"], config["n_layer"], config["vocab_size"], config["n_positions"]
    inner = config["n_inner"] or 4 * C
    specs = [("wte.weight", [V, C], "embedding"), ("wpe.weight", [P, C], "embedding")]
    for i in range(L):
        h = f"h.{i}."
        specs += [
            (h + "ln_1.weight", [C], "norm"), (h + "ln_1.bias", [C], "bias"),
            (h + "attn.c_attn.weight", [C, 3 * C], "conv1d"), (h + "attn.c_attn.bias", [3 * C], "bias"),
            (h + "attn.c_proj.weight", [C, C], "conv1d"), (h + "attn.c_proj.bias", [C], "bias"),
            (h + "ln_2.weight", [C], "norm"), (h + "ln_2.bias", [C], "bias"),
            (h + "mlp.c_fc.weight", [C, inner], "conv1d"), (h + "mlp.c_fc.bias", [inner], "bias"),
            (h + "mlp.c_proj.weight", [inner, C], "conv1d"), (h + "mlp.c_proj.bias", [C], "bias"),
        ]
    specs += [("ln_f.weight", [C], "norm"), ("ln_f.bias", [C], "bias")]
    return specs


def gpt2_buffers(config: dict) -> dict[str, torch.Tensor]:
    """Non-parameter buffers a real GPT-2 model.safetensors carries (the loader must skip them)."""
    P = config["n_positions"]
    buffers = {}
    for i in range(config["n_layer"]):
        buffers[f"h.{i}.attn.bias"] = torch.tril(torch.ones(P, P, dtype=torch.float32)).view(1, 1, P, P)
        buffers[f"h.{i}.attn.masked_bias"] = torch.tensor(-1e4, dtype=torch.float32)
    return buffers


def gpt2_forward(p: dict[str, torch.Tensor], config: dict, input_ids: torch.Tensor) -> torch.Tensor:
    B, T = input_ids.shape
    C, H, eps = config["n_embd"], config["n_head"], config["layer_norm_epsilon"]
    D = C // H
    x = p["wte.weight"][input_ids] + p["wpe.weight"][torch.arange(T)]  # [B, T, C]
    for i in range(config["n_layer"]):
        h = f"h.{i}."
        a = F.layer_norm(x, (C,), p[h + "ln_1.weight"], p[h + "ln_1.bias"], eps)
        qkv = a @ p[h + "attn.c_attn.weight"] + p[h + "attn.c_attn.bias"]  # [B, T, 3C] = [Q | K | V]
        q, k, v = (t.view(B, T, H, D).transpose(1, 2) for t in qkv.split(C, dim=-1))  # [B, H, T, D]
        y = causal_attention(q, k, v).transpose(1, 2).reshape(B, T, C)
        x = x + output_projection(p, h + "attn.c_proj", y, conv1d=True)
        m = F.layer_norm(x, (C,), p[h + "ln_2.weight"], p[h + "ln_2.bias"], eps)
        m = gelu_tanh(m @ p[h + "mlp.c_fc.weight"] + p[h + "mlp.c_fc.bias"])
        x = x + output_projection(p, h + "mlp.c_proj", m, conv1d=True)
    x = F.layer_norm(x, (C,), p["ln_f.weight"], p["ln_f.bias"], eps)
    # Tied head: lm_head is wte. A separate "lm_head.weight" is accepted only so a self-check can
    # split the tied gradient into its embedding and head parts; real GPT-2 files never hold one.
    return x @ p.get("lm_head.weight", p["wte.weight"]).T  # [B, T, V]


# ----------------------------------------------------------------------------------------------
# GPT-NeoX (GPTNeoXForCausalLM: interleaved fused QKV, partial rotary, parallel residual)


def neox_rotary_dims(config: dict) -> int:
    head_size = config["hidden_size"] // config["num_attention_heads"]
    return int(head_size * config["rotary_pct"])


def neox_parameter_specs(config: dict) -> list[tuple[str, list[int], str]]:
    C, L, V, I = config["hidden_size"], config["num_hidden_layers"], config["vocab_size"], config["intermediate_size"]
    specs = [("gpt_neox.embed_in.weight", [V, C], "embedding")]
    for i in range(L):
        h = f"gpt_neox.layers.{i}."
        specs += [
            (h + "input_layernorm.weight", [C], "norm"), (h + "input_layernorm.bias", [C], "bias"),
            (h + "post_attention_layernorm.weight", [C], "norm"), (h + "post_attention_layernorm.bias", [C], "bias"),
            (h + "attention.query_key_value.weight", [3 * C, C], "linear"),
            (h + "attention.query_key_value.bias", [3 * C], "bias"),
            (h + "attention.dense.weight", [C, C], "linear"), (h + "attention.dense.bias", [C], "bias"),
            (h + "mlp.dense_h_to_4h.weight", [I, C], "linear"), (h + "mlp.dense_h_to_4h.bias", [I], "bias"),
            (h + "mlp.dense_4h_to_h.weight", [C, I], "linear"), (h + "mlp.dense_4h_to_h.bias", [C], "bias"),
        ]
    specs += [("gpt_neox.final_layer_norm.weight", [C], "norm"), ("gpt_neox.final_layer_norm.bias", [C], "bias"),
              ("embed_out.weight", [V, C], "embedding")]
    return specs


def neox_buffers(config: dict) -> dict[str, torch.Tensor]:
    P = config["max_position_embeddings"]
    inv_freq = rotary_inv_freq(neox_rotary_dims(config), config["rotary_emb_base"])
    buffers = {}
    for i in range(config["num_hidden_layers"]):
        h = f"gpt_neox.layers.{i}.attention."
        buffers[h + "bias"] = torch.tril(torch.ones(P, P, dtype=torch.bool)).view(1, 1, P, P)
        buffers[h + "masked_bias"] = torch.tensor(-1e9, dtype=torch.float32)
        buffers[h + "rotary_emb.inv_freq"] = inv_freq.clone()
    return buffers


def neox_forward(p: dict[str, torch.Tensor], config: dict, input_ids: torch.Tensor) -> torch.Tensor:
    B, T = input_ids.shape
    C, H, eps = config["hidden_size"], config["num_attention_heads"], config["layer_norm_eps"]
    D = C // H
    R = neox_rotary_dims(config)
    x = p["gpt_neox.embed_in.weight"][input_ids]  # [B, T, C]
    cos, sin = rotary_cos_sin(T, R, config["rotary_emb_base"], x.dtype)
    for i in range(config["num_hidden_layers"]):
        h = f"gpt_neox.layers.{i}."
        a = F.layer_norm(x, (C,), p[h + "input_layernorm.weight"], p[h + "input_layernorm.bias"], eps)
        qkv = F.linear(a, p[h + "attention.query_key_value.weight"], p[h + "attention.query_key_value.bias"])
        qkv = qkv.view(B, T, H, 3 * D).permute(0, 2, 1, 3)  # [B, H, T, 3D]: per head [q | k | v]
        q, k, v = qkv[..., :D], qkv[..., D:2 * D], qkv[..., 2 * D:]
        q = torch.cat([apply_rotary(q[..., :R], cos, sin), q[..., R:]], dim=-1)
        k = torch.cat([apply_rotary(k[..., :R], cos, sin), k[..., R:]], dim=-1)
        y = causal_attention(q, k, v).transpose(1, 2).reshape(B, T, C)
        attn_out = output_projection(p, h + "attention.dense", y)
        if config["use_parallel_residual"]:
            # x + attn(ln1(x)) + mlp(ln2(x)): both norms read the same x.
            m = F.layer_norm(x, (C,), p[h + "post_attention_layernorm.weight"],
                             p[h + "post_attention_layernorm.bias"], eps)
            x = _neox_mlp(p, h, m) + attn_out + x
        else:
            attn_out = attn_out + x
            m = F.layer_norm(attn_out, (C,), p[h + "post_attention_layernorm.weight"],
                             p[h + "post_attention_layernorm.bias"], eps)
            x = _neox_mlp(p, h, m) + attn_out
    x = F.layer_norm(x, (C,), p["gpt_neox.final_layer_norm.weight"], p["gpt_neox.final_layer_norm.bias"], eps)
    return F.linear(x, p["embed_out.weight"])  # [B, T, V]


def _neox_mlp(p: dict[str, torch.Tensor], h: str, x: torch.Tensor) -> torch.Tensor:
    x = gelu_erf(F.linear(x, p[h + "mlp.dense_h_to_4h.weight"], p[h + "mlp.dense_h_to_4h.bias"]))
    return output_projection(p, h + "mlp.dense_4h_to_h", x)


# ----------------------------------------------------------------------------------------------
# Llama (LlamaForCausalLM: RMSNorm, SwiGLU, full-head rotate-half RoPE, grouped-query attention)


def llama_head_dim(config: dict) -> int:
    return config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"]


def llama_style_specs(config: dict, layer_specs) -> list[tuple[str, list[int], str]]:
    """model.embed_tokens, then `layer_specs(prefix)` for every layer, model.norm, and lm_head unless tied."""
    C, V = config["hidden_size"], config["vocab_size"]
    specs = [("model.embed_tokens.weight", [V, C], "embedding")]
    for i in range(config["num_hidden_layers"]):
        specs += layer_specs(f"model.layers.{i}.")
    specs.append(("model.norm.weight", [C], "norm"))
    if not config["tie_word_embeddings"]:
        specs.append(("lm_head.weight", [V, C], "embedding"))
    return specs


def llama_parameter_specs(config: dict) -> list[tuple[str, list[int], str]]:
    C, I = config["hidden_size"], config["intermediate_size"]
    H, KVH, D = config["num_attention_heads"], config["num_key_value_heads"], llama_head_dim(config)
    return llama_style_specs(config, lambda h: [
        (h + "input_layernorm.weight", [C], "norm"),
        (h + "self_attn.q_proj.weight", [H * D, C], "linear"),
        (h + "self_attn.k_proj.weight", [KVH * D, C], "linear"),
        (h + "self_attn.v_proj.weight", [KVH * D, C], "linear"),
        (h + "self_attn.o_proj.weight", [C, H * D], "linear"),
        (h + "post_attention_layernorm.weight", [C], "norm"),
        (h + "mlp.gate_proj.weight", [I, C], "linear"),
        (h + "mlp.up_proj.weight", [I, C], "linear"),
        (h + "mlp.down_proj.weight", [C, I], "linear"),
    ])


def llama_buffers(config: dict) -> dict[str, torch.Tensor]:
    return {}


def llama_style_forward(p: dict[str, torch.Tensor], config: dict, input_ids: torch.Tensor, block) -> torch.Tensor:
    """embed_tokens, `block(p, prefix, x, cos, sin, config)` for every layer, model.norm, head → logits [B, T, V]."""
    x = p["model.embed_tokens.weight"][input_ids]  # [B, T, C]
    cos, sin = rotary_cos_sin(input_ids.shape[1], llama_head_dim(config), config["rope_theta"], x.dtype)
    for i in range(config["num_hidden_layers"]):
        x = block(p, f"model.layers.{i}.", x, cos, sin, config)
    return llama_style_head(p, config, rms_norm(x, p["model.norm.weight"], config["rms_norm_eps"]))


def llama_block(p: dict[str, torch.Tensor], h: str, x: torch.Tensor, cos, sin, config: dict) -> torch.Tensor:
    """Pre-norm: x + attn(input_layernorm(x)), then + mlp(post_attention_layernorm(·))."""
    eps = config["rms_norm_eps"]
    a = rms_norm(x, p[h + "input_layernorm.weight"], eps)
    q, k, v = (F.linear(a, p[h + f"self_attn.{n}_proj.weight"]) for n in "qkv")  # [B, T, H·D], [B, T, KVH·D] ×2
    y = rotary_grouped_attention(q, k, v, config["num_attention_heads"], config["num_key_value_heads"], cos, sin)
    x = x + output_projection(p, h + "self_attn.o_proj", y)
    return x + swiglu_mlp(p, h, rms_norm(x, p[h + "post_attention_layernorm.weight"], eps))


def llama_forward(p: dict[str, torch.Tensor], config: dict, input_ids: torch.Tensor) -> torch.Tensor:
    return llama_style_forward(p, config, input_ids, llama_block)


def swiglu_mlp(p: dict[str, torch.Tensor], h: str, x: torch.Tensor) -> torch.Tensor:
    """down_proj(silu(gate_proj(x)) · up_proj(x))."""
    m = F.silu(F.linear(x, p[h + "mlp.gate_proj.weight"])) * F.linear(x, p[h + "mlp.up_proj.weight"])
    return output_projection(p, h + "mlp.down_proj", m)


def llama_style_head(p: dict[str, torch.Tensor], config: dict, x: torch.Tensor) -> torch.Tensor:
    """Logits [B, T, V] from the final-normed stream: lm_head, or the token embedding when tied."""
    head = p["lm_head.weight"] if "lm_head.weight" in p else p["model.embed_tokens.weight"]
    if not config["tie_word_embeddings"] and "lm_head.weight" not in p:
        raise KeyError("lm_head.weight is required when tie_word_embeddings is false")
    return F.linear(x, head)


# ----------------------------------------------------------------------------------------------
# OLMo 2 (Olmo2ForCausalLM: Llama's parts, post-norm residual, RMSNorm over the whole q and k projections)


def olmo2_parameter_specs(config: dict) -> list[tuple[str, list[int], str]]:
    """In Olmo2DecoderLayer's module order. There are no buffers: Olmo2RotaryEmbedding's inv_freq is registered with
    persistent=False, so real checkpoints do not carry it (FAMILIES reuses llama_buffers)."""
    C, I = config["hidden_size"], config["intermediate_size"]
    H, KVH, D = config["num_attention_heads"], config["num_key_value_heads"], llama_head_dim(config)
    return llama_style_specs(config, lambda h: [
        (h + "self_attn.q_proj.weight", [H * D, C], "linear"),
        (h + "self_attn.k_proj.weight", [KVH * D, C], "linear"),
        (h + "self_attn.v_proj.weight", [KVH * D, C], "linear"),
        (h + "self_attn.o_proj.weight", [C, H * D], "linear"),
        (h + "self_attn.q_norm.weight", [H * D], "norm"),
        (h + "self_attn.k_norm.weight", [KVH * D], "norm"),
        (h + "mlp.gate_proj.weight", [I, C], "linear"),
        (h + "mlp.up_proj.weight", [I, C], "linear"),
        (h + "mlp.down_proj.weight", [C, I], "linear"),
        (h + "post_attention_layernorm.weight", [C], "norm"),
        (h + "post_feedforward_layernorm.weight", [C], "norm"),
    ])


def olmo2_block(p: dict[str, torch.Tensor], h: str, x: torch.Tensor, cos, sin, config: dict) -> torch.Tensor:
    """Post-norm inside the residual: the sublayers read the raw stream, their outputs are normed, then added."""
    eps = config["rms_norm_eps"]
    # q_norm / k_norm: one RMSNorm over the whole projection (all heads together), before the head split and RoPE.
    q = rms_norm(F.linear(x, p[h + "self_attn.q_proj.weight"]), p[h + "self_attn.q_norm.weight"], eps)  # [B, T, H·D]
    k = rms_norm(F.linear(x, p[h + "self_attn.k_proj.weight"]), p[h + "self_attn.k_norm.weight"], eps)  # [B, T, KVH·D]
    v = F.linear(x, p[h + "self_attn.v_proj.weight"])
    y = rotary_grouped_attention(q, k, v, config["num_attention_heads"], config["num_key_value_heads"], cos, sin)
    x = x + rms_norm(output_projection(p, h + "self_attn.o_proj", y), p[h + "post_attention_layernorm.weight"], eps)
    return x + rms_norm(swiglu_mlp(p, h, x), p[h + "post_feedforward_layernorm.weight"], eps)


def olmo2_forward(p: dict[str, torch.Tensor], config: dict, input_ids: torch.Tensor) -> torch.Tensor:
    return llama_style_forward(p, config, input_ids, olmo2_block)


# ----------------------------------------------------------------------------------------------

FAMILIES = {
    "gpt2": (gpt2_parameter_specs, gpt2_buffers, gpt2_forward),
    "gpt_neox": (neox_parameter_specs, neox_buffers, neox_forward),
    "llama": (llama_parameter_specs, llama_buffers, llama_forward),
    "olmo2": (olmo2_parameter_specs, llama_buffers, olmo2_forward),
}


def family_of(config: dict):
    """(parameter_specs, buffers, forward) of the config's `model_type`."""
    return FAMILIES[config["model_type"]]


def init_parameters(specs: list[tuple[str, list[int], str]]) -> dict[str, torch.Tensor]:
    """Random fp32 parameters drawn in spec order from torch's global RNG (seed it first).

    Larger than a training init on purpose, so attention patterns, rotary angles and the
    nonlinearities all matter in the outputs: embeddings N(0, 0.3²), projections N(0, 1/fan_in),
    norm scales 1 + N(0, 0.1²), biases N(0, 0.1²).
    """
    params = {}
    for name, shape, kind in specs:
        if kind == "embedding":
            value = 0.3 * torch.randn(shape)
        elif kind == "conv1d":
            value = torch.randn(shape) / math.sqrt(shape[0])
        elif kind == "linear":
            value = torch.randn(shape) / math.sqrt(shape[1])
        elif kind == "norm":
            value = 1.0 + 0.1 * torch.randn(shape)
        elif kind == "bias":
            value = 0.1 * torch.randn(shape)
        else:
            raise ValueError(f"{name}: unknown parameter kind {kind}")
        params[name] = value.float()
    return params
