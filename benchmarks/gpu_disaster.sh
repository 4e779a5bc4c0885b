#!/usr/bin/env bash
# GPU benchmark for the disaster sector (under 5 minutes on one CUDA card): the flood LSTM with
# hidden size 256 and batches of 256 chunks (each 365 spin-up + 365 scored days), bf16 autocast,
# on CAMELS basins from --data DIR, or on 15 simulated basins when no data folder is given.
# Prints the card, training time, epochs, forecasts trained per second and the test scores beside
# persistence. Training stops after 200 s (--time-limit) so the whole run stays under 5 minutes.
# Usage: bash benchmarks/gpu_disaster.sh [--data DIR]   (needs a CUDA build of torch)
#        bash benchmarks/gpu_disaster.sh --tiny         (a quick check of the script on any machine)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--tiny" ]]; then
  python -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 'no CUDA device: run with --tiny to check the script on CPU')"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
fi
timeout 290 python benchmarks/disaster_gpu.py "$@"
