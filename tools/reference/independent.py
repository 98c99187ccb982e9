"""A second, independent formulation of the four families, in float64 numpy with explicit loops.

It shares no code with `hf_models.py` and is written differently on purpose, so the two only agree
if both read the architecture the same way:
- GPT-NeoX's interleaved fused QKV is first permuted into a blocked [Q heads | K heads | V heads]
  matrix with an index table (what a loader does), instead of viewing the output per head;
- rotary embedding is a complex multiplication (x_j + i·x_{j+R/2}) · e^{i·t·θ_j}, not rotate_half;
- attention is a loop over (batch, head, query position) with a softmax over the visible keys only;
- grouped-query attention indexes kv head h // (H / KVH) directly;
- norms, GELUs and SiLU are written from their formulas;
- OLMo 2's query/key norm divides each position's whole projection row by one root mean square, written out.
"""

from __future__ import annotations

import math

import numpy as np

_erf = np.vectorize(math.erf)


def _layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def _rms_norm(x, w, eps):
    return x / np.sqrt((x * x).mean(-1, keepdims=True) + eps) * w


def _gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def _gelu_erf(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def _rotate_complex(x, rotary_dims, base):
    """x [T, D]: rotates the first rotary_dims dims of each row at its position t by pairs (j, j + R/2)."""
    out = x.copy()
    half = rotary_dims // 2
    for t in range(x.shape[0]):
        for j in range(half):
            theta = t * base ** (-2.0 * j / rotary_dims)
            z = complex(x[t, j], x[t, j + half]) * complex(math.cos(theta), math.sin(theta))
            out[t, j], out[t, j + half] = z.real, z.imag
    return out


def _attend(q, k, v):
    """q, k, v [T, D] of one head: out[t] = Σ_{s≤t} softmax_s(q_t·k_s / √D) v_s."""
    T, D = q.shape
    out = np.zeros_like(q)
    for t in range(T):
        scores = np.array([q[t] @ k[s] for s in range(t + 1)]) / math.sqrt(D)
        weights = np.exp(scores - scores.max())
        weights /= weights.sum()
        out[t] = weights @ v[:t + 1]
    return out


def _p(params, name):
    return params[name].astype(np.float64)


def gpt2_logits(params, config, input_ids):
    C, H, eps = config["n_embd"], config["n_head"], config["layer_norm_epsilon"]
    D = C // H
    B, T = input_ids.shape
    logits = []
    for b in range(B):
        x = _p(params, "wte.weight")[input_ids[b]] + _p(params, "wpe.weight")[:T]
        for i in range(config["n_layer"]):
            pre = f"h.{i}."
            a = _layer_norm(x, _p(params, pre + "ln_1.weight"), _p(params, pre + "ln_1.bias"), eps)
            w, bias = _p(params, pre + "attn.c_attn.weight"), _p(params, pre + "attn.c_attn.bias")
            heads = []
            for h in range(H):
                # Conv1D [in, out]; output columns [Q | K | V], each C wide, head h at h·D.
                cols = [part * C + h * D + np.arange(D) for part in range(3)]
                q, k, v = (a @ w[:, c] + bias[c] for c in cols)
                heads.append(_attend(q, k, v))
            y = np.concatenate(heads, axis=1)
            x = x + y @ _p(params, pre + "attn.c_proj.weight") + _p(params, pre + "attn.c_proj.bias")
            m = _layer_norm(x, _p(params, pre + "ln_2.weight"), _p(params, pre + "ln_2.bias"), eps)
            m = _gelu_tanh(m @ _p(params, pre + "mlp.c_fc.weight") + _p(params, pre + "mlp.c_fc.bias"))
            x = x + m @ _p(params, pre + "mlp.c_proj.weight") + _p(params, pre + "mlp.c_proj.bias")
        x = _layer_norm(x, _p(params, "ln_f.weight"), _p(params, "ln_f.bias"), eps)
        logits.append(x @ _p(params, "wte.weight").T)
    return np.stack(logits)


def neox_blocked_qkv(weight, bias, heads):
    """Permutes interleaved rows (head h: [q | k | v] at h·3D) into blocked [Q heads | K heads | V heads]."""
    D = weight.shape[0] // (3 * heads)
    index = [h * 3 * D + part * D + d for part in range(3) for h in range(heads) for d in range(D)]
    return weight[index], bias[index]


def neox_logits(params, config, input_ids):
    C, H, eps = config["hidden_size"], config["num_attention_heads"], config["layer_norm_eps"]
    D = C // H
    R = int(D * config["rotary_pct"])
    base = config["rotary_emb_base"]
    B, T = input_ids.shape
    logits = []
    for b in range(B):
        x = _p(params, "gpt_neox.embed_in.weight")[input_ids[b]]
        for i in range(config["num_hidden_layers"]):
            pre = f"gpt_neox.layers.{i}."
            a = _layer_norm(x, _p(params, pre + "input_layernorm.weight"), _p(params, pre + "input_layernorm.bias"), eps)
            w, bias = neox_blocked_qkv(_p(params, pre + "attention.query_key_value.weight"),
                                       _p(params, pre + "attention.query_key_value.bias"), H)
            qkv = a @ w.T + bias  # [T, 3C] blocked
            heads = []
            for h in range(H):
                q = _rotate_complex(qkv[:, h * D:(h + 1) * D], R, base)
                k = _rotate_complex(qkv[:, C + h * D:C + (h + 1) * D], R, base)
                v = qkv[:, 2 * C + h * D:2 * C + (h + 1) * D]
                heads.append(_attend(q, k, v))
            y = np.concatenate(heads, axis=1)
            attn = y @ _p(params, pre + "attention.dense.weight").T + _p(params, pre + "attention.dense.bias")
            mlp_in = x if config["use_parallel_residual"] else x + attn
            m = _layer_norm(mlp_in, _p(params, pre + "post_attention_layernorm.weight"),
                            _p(params, pre + "post_attention_layernorm.bias"), eps)
            m = _gelu_erf(m @ _p(params, pre + "mlp.dense_h_to_4h.weight").T + _p(params, pre + "mlp.dense_h_to_4h.bias"))
            m = m @ _p(params, pre + "mlp.dense_4h_to_h.weight").T + _p(params, pre + "mlp.dense_4h_to_h.bias")
            x = x + attn + m
        x = _layer_norm(x, _p(params, "gpt_neox.final_layer_norm.weight"), _p(params, "gpt_neox.final_layer_norm.bias"), eps)
        logits.append(x @ _p(params, "embed_out.weight").T)
    return np.stack(logits)


def _grouped_heads(q_all, k_all, v_all, heads, kv_heads, head_dim, base):
    """[T, H·D]: per query head h, its q and kv head g = h // (H / KVH)'s k rotated, then attended over g's v."""
    D = head_dim
    out = []
    for h in range(heads):
        g = h // (heads // kv_heads)
        q = _rotate_complex(q_all[:, h * D:(h + 1) * D], D, base)
        k = _rotate_complex(k_all[:, g * D:(g + 1) * D], D, base)
        out.append(_attend(q, k, v_all[:, g * D:(g + 1) * D]))
    return np.concatenate(out, axis=1)


def _swiglu(params, pre, x):
    gate = x @ _p(params, pre + "mlp.gate_proj.weight").T
    up = x @ _p(params, pre + "mlp.up_proj.weight").T
    return (gate / (1.0 + np.exp(-gate)) * up) @ _p(params, pre + "mlp.down_proj.weight").T


def llama_logits(params, config, input_ids):
    H, KVH, eps = config["num_attention_heads"], config["num_key_value_heads"], config["rms_norm_eps"]
    D = config.get("head_dim") or config["hidden_size"] // H
    head_name = "model.embed_tokens.weight" if config["tie_word_embeddings"] else "lm_head.weight"
    logits = []
    for b in range(input_ids.shape[0]):
        x = _p(params, "model.embed_tokens.weight")[input_ids[b]]
        for i in range(config["num_hidden_layers"]):
            pre = f"model.layers.{i}."
            a = _rms_norm(x, _p(params, pre + "input_layernorm.weight"), eps)
            q_all, k_all, v_all = (a @ _p(params, pre + f"self_attn.{n}_proj.weight").T for n in "qkv")
            y = _grouped_heads(q_all, k_all, v_all, H, KVH, D, config["rope_theta"])
            x = x + y @ _p(params, pre + "self_attn.o_proj.weight").T
            x = x + _swiglu(params, pre, _rms_norm(x, _p(params, pre + "post_attention_layernorm.weight"), eps))
        x = _rms_norm(x, _p(params, "model.norm.weight"), eps)
        logits.append(x @ _p(params, head_name).T)
    return np.stack(logits)


def olmo2_logits(params, config, input_ids):
    H, KVH, eps = config["num_attention_heads"], config["num_key_value_heads"], config["rms_norm_eps"]
    D = config.get("head_dim") or config["hidden_size"] // H
    head_name = "model.embed_tokens.weight" if config["tie_word_embeddings"] else "lm_head.weight"

    def whole_row_norm(rows, w):
        # rows [T, n]: row t scaled by 1 / sqrt(Σ_j rows[t, j]² / n + eps), then by w
        out = np.empty_like(rows)
        for t in range(rows.shape[0]):
            out[t] = rows[t] * w / math.sqrt(sum(value * value for value in rows[t]) / rows.shape[1] + eps)
        return out

    logits = []
    for b in range(input_ids.shape[0]):
        x = _p(params, "model.embed_tokens.weight")[input_ids[b]]
        for i in range(config["num_hidden_layers"]):
            pre = f"model.layers.{i}."
            q_all = whole_row_norm(x @ _p(params, pre + "self_attn.q_proj.weight").T, _p(params, pre + "self_attn.q_norm.weight"))
            k_all = whole_row_norm(x @ _p(params, pre + "self_attn.k_proj.weight").T, _p(params, pre + "self_attn.k_norm.weight"))
            v_all = x @ _p(params, pre + "self_attn.v_proj.weight").T
            attn = _grouped_heads(q_all, k_all, v_all, H, KVH, D, config["rope_theta"]) @ _p(params, pre + "self_attn.o_proj.weight").T
            h_mid = x + _rms_norm(attn, _p(params, pre + "post_attention_layernorm.weight"), eps)
            x = h_mid + _rms_norm(_swiglu(params, pre, h_mid), _p(params, pre + "post_feedforward_layernorm.weight"), eps)
        x = _rms_norm(x, _p(params, "model.norm.weight"), eps)
        logits.append(x @ _p(params, head_name).T)
    return np.stack(logits)


LOGITS = {"gpt2": gpt2_logits, "gpt_neox": neox_logits, "llama": llama_logits, "olmo2": olmo2_logits}


def cross_entropy(logits, targets):
    """Mean over positions of logsumexp(logits) − logits[target], float64."""
    flat = logits.reshape(-1, logits.shape[-1])
    top = flat.max(-1, keepdims=True)
    lse = (np.log(np.exp(flat - top).sum(-1, keepdims=True)) + top)[:, 0]
    return float((lse - flat[np.arange(flat.shape[0]), targets.reshape(-1)]).mean())
