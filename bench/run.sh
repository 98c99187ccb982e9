#!/usr/bin/env bash
# Measures ModeHop beside its baselines in one sitting and prints a markdown table.
#   GEMM 1024³: `modehop bench gemm` vs numpy/OpenBLAS sgemm (bench/numpy_sgemm.py)
#   training:   `modehop bench train` vs PyTorch (bench/torch_train.py) on shapes S, M and GPT-2-small
# Needs Debian's python3-torch and python3-numpy (apt-get install python3-torch python3-numpy).
# Usage: bench/run.sh [--threads N] [--steps S] [--json-dir DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads=2
steps=10
out="$(mktemp -d)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --json-dir) out="$2"; mkdir -p "$out"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
py=/usr/bin/python3
"$py" -c "import torch, numpy" 2>/dev/null || { echo "bench/run.sh: needs python3-torch and python3-numpy (apt-get install python3-torch python3-numpy)" >&2; exit 2; }

"$root/modehop" --help >/dev/null   # build first, outside the timings
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; threads $threads" >&2

"$root/modehop" bench gemm --size 1024 --threads "$threads" --json >"$out/gemm-modehop.json"
"$py" "$root/bench/numpy_sgemm.py" --size 1024 --threads "$threads" >"$out/gemm-numpy.json"

shapes=(
  "S 4 128 4 128 512 32"
  "M 6 384 6 256 4096 8"
  "gpt2-small 12 768 12 64 50304 4"
)
for s in "${shapes[@]}"; do
  read -r name L C H T V B <<<"$s"
  "$root/modehop" bench train --layers "$L" --channels "$C" --heads "$H" --seq "$T" --vocab "$V" --batch "$B" --steps "$steps" --threads "$threads" --json >"$out/train-$name-modehop.json"
  OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS=1 "$py" "$root/bench/torch_train.py" --layers "$L" --channels "$C" --heads "$H" --seq "$T" --vocab "$V" --batch "$B" --steps "$steps" --threads "$threads" >"$out/train-$name-torch.json"
done

"$py" - "$out" <<'PY'
import json, sys, os
d = sys.argv[1]
load = lambda n: json.load(open(os.path.join(d, n)))
g, n = load("gemm-modehop.json"), load("gemm-numpy.json")
print("| measurement | ModeHop | baseline | ratio |")
print("|---|---|---|---|")
print(f"| GEMM 1024³ GFLOP/s (X·Wᵀ) | {g['gflops_best']:.0f} | {n['gflops']:.0f} (numpy/OpenBLAS) | {g['gflops_best']/n['gflops']:.2f}× |")
for name in ["S", "M", "gpt2-small"]:
    m, t = load(f"train-{name}-modehop.json"), load(f"train-{name}-torch.json")
    print(f"| train {name} tokens/s | {m['tokens_per_second']:.0f} | {t['tokens_per_second']:.0f} (PyTorch {t.get('torch','')}) | {m['tokens_per_second']/t['tokens_per_second']:.2f}× |")
    print(f"| train {name} ms/step | {m['ms_per_step']:.1f} | {t['ms_per_step']:.1f} | |")
    print(f"| train {name} peak RSS MB | {m['peak_rss_mb']:.0f} (budget ratio {m['rss_over_budget']:.2f}) | {t['peak_rss_mb']:.0f} | |")
PY
echo "raw JSON in $out" >&2
