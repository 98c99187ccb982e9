#!/usr/bin/env bash
# Installs the baselines' dependencies from Debian: PyTorch, numpy and OpenBLAS (without OpenBLAS,
# Debian's numpy and torch fall back to the slow reference BLAS). Run as root: bench/setup.sh
set -euo pipefail
apt-get update -qq
apt-get install -y -qq python3-torch python3-numpy libopenblas0-pthread
