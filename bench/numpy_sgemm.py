#!/usr/bin/python3
"""numpy float32 GEMM throughput: the BLAS baseline beside `modehop bench gemm`.

Measures C = A · Bᵀ with A, B float32 [N, N] (the forward `X·Wᵀ` form) and prints one JSON object:
    {"engine": "numpy-openblas", "gflops": …, "size": N, "threads": T, "blas": {…}, …}
gflops = 2·N³ / (best time) over --repeats timed calls after --warmup calls.

The thread count is applied by setting OPENBLAS_NUM_THREADS, OMP_NUM_THREADS and MKL_NUM_THREADS
to --threads *before numpy is imported* (the BLAS reads them when it loads). numpy links the
system `libblas.so.3`. On Debian that is the netlib reference BLAS unless `libopenblas0-pthread`
is installed, or LD_LIBRARY_PATH points at an OpenBLAS directory that provides `libblas.so.3`.
`blas.library` in the output names the library that was actually loaded; `engine` is
"numpy-openblas" only when that library is OpenBLAS ("numpy-reference-blas" for netlib, whose
figures are no baseline). OPENBLAS_CORETYPE (for example
Cooperlake, to get the AVX-512 kernels on Zen 5) is passed through and echoed.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import sys
import time


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, required=True, help="N of the N×N×N product")
    parser.add_argument("--threads", type=int, required=True, help="BLAS threads (set through the environment)")
    parser.add_argument("--repeats", type=int, default=10, help="timed calls; the best one is reported")
    parser.add_argument("--warmup", type=int, default=2, help="untimed calls first")
    args = parser.parse_args()
    if args.size < 1 or args.threads < 1 or args.repeats < 1 or args.warmup < 0:
        parser.error("--size, --threads and --repeats must be ≥ 1, --warmup ≥ 0")
    return args


def loaded_blas() -> dict:
    """The BLAS shared library mapped into this process, and OpenBLAS's own description if it is one."""
    libraries = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            name = os.path.basename(path)
            if ("blas" in name or "mkl" in name or "blis" in name) and path not in libraries:
                libraries.append(path)
    info: dict = {"library": libraries[0] if libraries else None, "libraries": libraries}
    real = os.path.realpath(libraries[0]) if libraries else ""
    info["reference"] = bool(libraries) and "/blas/" in real and "openblas" not in real
    for path in libraries:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            info["openblas_config"] = lib.openblas_get_config().decode().strip()
            info["openblas_core"] = lib.openblas_get_corename().decode().strip()
            info["openblas_threads"] = lib.openblas_get_num_threads()
            break
        except (OSError, AttributeError):
            continue
    return info


def main() -> int:
    args = parse_args()
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(args.threads)

    import numpy as np  # after the environment is set: the BLAS reads it at load time

    N = args.size
    rng = np.random.default_rng(0)
    a = rng.standard_normal((N, N), dtype=np.float32)  # [N, N]
    b = rng.standard_normal((N, N), dtype=np.float32)  # [N, N]
    out = np.empty((N, N), dtype=np.float32)
    for _ in range(args.warmup):
        np.matmul(a, b.T, out=out)
    blas = loaded_blas()
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        np.matmul(a, b.T, out=out)
        times.append(time.perf_counter() - start)
    best = min(times)
    result = {
        "engine": "numpy-openblas" if "openblas_core" in blas else ("numpy-reference-blas" if blas["reference"] else "numpy-blas"),
        "gflops": round(2.0 * N ** 3 / best / 1e9, 2),
        "size": N,
        "threads": args.threads,
        "form": "A*B^T",
        "best_ms": round(best * 1e3, 4),
        "median_ms": round(sorted(times)[len(times) // 2] * 1e3, 4),
        "repeats": args.repeats,
        "numpy": np.__version__,
        "blas": blas,
        "env": {name: os.environ.get(name) for name in
                ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_CORETYPE", "LD_LIBRARY_PATH")},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
