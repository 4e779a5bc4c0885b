#!/usr/bin/env bash
# GPU benchmark for the traffic sector (under 5 minutes on one CUDA card):
# our network and pytorch-forecasting N-HiTS on a METR-LA-sized synthetic network
# (34,272 steps x 207 sensors), same batch size, one timed epoch each after a warm-up epoch.
# Prints the card, epoch time and samples (series-windows) per second for each model.
# Usage: bash benchmarks/gpu_traffic.sh            (needs a CUDA build of torch)
#        bash benchmarks/gpu_traffic.sh --tiny     (a quick check of the script on any machine)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--tiny" ]]; then
  python -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 'no CUDA device: run with --tiny to check the script on CPU')"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
fi
timeout 290 python benchmarks/traffic_gpu.py "$@"
