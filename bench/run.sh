#!/usr/bin/env bash
# Measures ModeHop beside its baselines in one sitting and prints a markdown table.
#   GEMM 1024³: `modehop bench gemm` vs numpy/OpenBLAS sgemm (bench/numpy_sgemm.py)
#   training:   `modehop bench train` vs PyTorch (bench/torch_train.py) on shapes S, M and GPT-2-small, in --rounds
#               rounds that alternate the two sides (ModeHop first in odd rounds, PyTorch first in even ones), so a
#               drift of the machine's speed during the run falls on both; each side's tokens/s is the median of its
#               rounds (each round's is a median over --steps steps), the ratio the median of the rounds' ratios
#   scoring:    `modehop bench score` (prefix-shared and plain paths) vs PyTorch (bench/torch_score.py) on
#               GPT-2-small and Pythia-160m shapes, same workload file and same weights on both sides
#   fine-tune:  `modehop bench finetune` vs PyTorch (bench/torch_lora.py): rank-1 adapter steps over a frozen base and
#               full fine-tune steps of the Pythia-160m shape (T 64, B 8)
# Needs Debian's python3-torch and python3-numpy (apt-get install python3-torch python3-numpy).
# Usage: bench/run.sh [--threads N] [--steps S] [--rounds R] [--requests R] [--only gemm|train|score|finetune] [--json-dir DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads=2
steps=10
rounds=3
requests=128
only=""
out="$(mktemp -d)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --requests) requests="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --json-dir) out="$2"; mkdir -p "$out"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "bench/run.sh: --rounds must be a whole number ≥ 1, got $rounds" >&2; exit 2; }
py=/usr/bin/python3
"$py" -c "import torch, numpy" 2>/dev/null || { echo "bench/run.sh: needs python3-torch and python3-numpy (apt-get install python3-torch python3-numpy)" >&2; exit 2; }

"$root/modehop" --help >/dev/null   # build first, outside the timings
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; threads $threads" >&2

want() { [[ -z "$only" || "$only" == "$1" ]]; }
torch_env=(env OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS=1)

if want gemm; then
  "$root/modehop" bench gemm --size 1024 --threads "$threads" --json >"$out/gemm-modehop.json"
  "$py" "$root/bench/numpy_sgemm.py" --size 1024 --threads "$threads" >"$out/gemm-numpy.json"
fi

if want train; then
  shapes=(
    "S 4 128 4 128 512 32"
    "M 6 384 6 256 4096 8"
    "gpt2-small 12 768 12 64 50304 4"
  )
  for s in "${shapes[@]}"; do
    read -r name L C H T V B <<<"$s"
    shape=(--layers "$L" --channels "$C" --heads "$H" --seq "$T" --vocab "$V" --batch "$B" --steps "$steps" --threads "$threads")
    for ((r = 1; r <= rounds; r++)); do
      echo "train $name: round $r of $rounds" >&2
      if (( r % 2 == 1 )); then sides=(modehop torch); else sides=(torch modehop); fi
      for side in "${sides[@]}"; do
        if [[ "$side" == modehop ]]; then
          "$root/modehop" bench train "${shape[@]}" --json >"$out/train-$name-modehop-$r.json"
        else
          "${torch_env[@]}" "$py" "$root/bench/torch_train.py" "${shape[@]}" >"$out/train-$name-torch-$r.json"
        fi
      done
    done
  done
fi

if want score; then
  # One workload and one set of random weights per shape, written by the first ModeHop run and read by the others,
  # so the three runs score the same tokens with the same weights (their mean log-probs must agree).
  for shape in gpt2-small pythia-160m; do
    model="$out/model-$shape"
    "$root/modehop" bench score --shape "$shape" --requests "$requests" --threads "$threads" --json \
      --write-workload "$out/workload-$shape.json" --save-model "$model" >"$out/score-$shape-modehop.json"
    "$root/modehop" bench score --model "$model" --requests "$requests" --threads "$threads" --json --plain >"$out/score-$shape-plain.json"
    "${torch_env[@]}" "$py" "$root/bench/torch_score.py" --model "$model" --workload "$out/workload-$shape.json" --threads "$threads" >"$out/score-$shape-torch.json"
    rm -rf "$model"  # hundreds of MB of weights
  done
fi

if want finetune; then
  ft=(--family gpt_neox --layers 12 --channels 768 --heads 12 --seq 64 --vocab 50304 --batch 8 --rank 1 --steps "$steps" --threads "$threads")
  "$root/modehop" bench finetune "${ft[@]}" --json >"$out/finetune-modehop.json"
  "${torch_env[@]}" "$py" "$root/bench/torch_lora.py" "${ft[@]}" >"$out/finetune-torch.json"
fi

"$py" - "$out" "$only" "$rounds" <<'PY'
import json, sys, os, statistics
d, only, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
want = lambda section: not only or only == section
load = lambda n: json.load(open(os.path.join(d, n)))
print("| measurement | ModeHop | baseline | ratio |")
print("|---|---|---|---|")
if want("gemm"):
    g, n = load("gemm-modehop.json"), load("gemm-numpy.json")
    print(f"| GEMM 1024³ GFLOP/s (X·Wᵀ) | {g['gflops_best']:.0f} | {n['gflops']:.0f} (numpy/OpenBLAS) | {g['gflops_best']/n['gflops']:.2f}× |")
if want("train"):
    steps_of = lambda runs: ", ".join(f"{x['ms_per_step']:.1f}" for x in runs)
    for name in ["S", "M", "gpt2-small"]:
        ms = [load(f"train-{name}-modehop-{r}.json") for r in range(1, rounds + 1)]
        ts = [load(f"train-{name}-torch-{r}.json") for r in range(1, rounds + 1)]
        m_ms, t_ms = statistics.median(x["ms_per_step"] for x in ms), statistics.median(x["ms_per_step"] for x in ts)
        tokens = ms[0]["batch"] * ms[0]["seq"]
        # The ratio is the median of the rounds' ratios: each pairs two runs taken back to back.
        ratios = [t["ms_per_step"] / m["ms_per_step"] for m, t in zip(ms, ts)]
        per_round = ", ".join(f"{r:.2f}×" for r in ratios)
        print(f"| train {name} tokens/s | {tokens / m_ms * 1e3:.0f} | {tokens / t_ms * 1e3:.0f} (PyTorch {ts[0].get('torch', '')}) | {statistics.median(ratios):.2f}× (rounds: {per_round}) |")
        print(f"| train {name} ms/step, median of {rounds} rounds (each round) | {m_ms:.1f} ({steps_of(ms)}) | {t_ms:.1f} ({steps_of(ts)}) | |")
        print(f"| train {name} peak RSS MB | {max(x['peak_rss_mb'] for x in ms):.0f} (budget ratio {max(x['rss_over_budget'] for x in ms):.2f}) | {max(x['peak_rss_mb'] for x in ts):.0f} | |")
if want("score"):
    for shape in ["gpt2-small", "pythia-160m"]:
        m, p, t = (load(f"score-{shape}-{k}.json") for k in ("modehop", "plain", "torch"))
        print(f"| score {shape} tokens/s, prefix-shared | {m['tokens_per_second']:.0f} | {t['tokens_per_second']:.0f} (PyTorch {t['torch']}, batch {t['batch_size']}) | {m['tokens_per_second']/t['tokens_per_second']:.2f}× |")
        print(f"| score {shape} tokens/s, plain path | {p['tokens_per_second']:.0f} | | {p['tokens_per_second']/t['tokens_per_second']:.2f}× |")
        print(f"| score {shape} ms/request ({m['requests']} requests, {m['tokens']} tokens) | {m['ms_per_request']:.0f} (plain {p['ms_per_request']:.0f}) | {t['ms_per_request']:.0f} | |")
        print(f"| score {shape} peak RSS MB | {m['peak_rss_mb']:.0f} (plain {p['peak_rss_mb']:.0f}) | {t['peak_rss_mb']:.0f} | |")
        print(f"| score {shape} mean log-prob (same weights) | {m['mean_log_prob']:.6f} (plain {p['mean_log_prob']:.6f}) | {t['mean_log_prob']:.6f} | |")
if want("finetune"):
    m, t = load("finetune-modehop.json"), load("finetune-torch.json")
    print(f"| fine-tune pythia-160m ms/step, rank-{m['rank']} adapters (T {m['seq']}, B {m['batch']}) | {m['ms_per_step']:.0f} | {t['ms_per_step']:.0f} (PyTorch {t['torch']}) | {t['ms_per_step']/m['ms_per_step']:.2f}× |")
    print(f"| fine-tune pythia-160m ms/step, full | {m['ms_per_step_full']:.0f} | {t['ms_per_step_full']:.0f} | {t['ms_per_step_full']/m['ms_per_step_full']:.2f}× |")
    print(f"| fine-tune pythia-160m peak RSS MB, adapters (full) | {m['peak_rss_mb']:.0f} ({m['peak_rss_mb_full']:.0f}) | {t['peak_rss_mb']:.0f} ({t['peak_rss_mb_full']:.0f}) | |")
PY
echo "raw JSON in $out" >&2
