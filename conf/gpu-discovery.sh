#!/usr/bin/env bash
# Spark resource discovery script for GPUs (spark.executor.resource.gpu.discoveryScript, or
# spark.worker.resource.gpu.discoveryScript on a standalone worker). Prints Spark's JSON, e.g.
#   {"name":"gpu","addresses":["0","1"]}
# with the CUDA device ordinals this process may use; EarlyRank's GpuBinding binds each task to the first
# address Spark assigns it. nvidia-smi lists the GPUs the container can see. When CUDA_VISIBLE_DEVICES
# is set, CUDA renumbers the visible devices 0..k-1, so those ordinals are reported instead of
# nvidia-smi's indices. Without nvidia-smi (or GPUs) the list is empty: Spark then reports that the
# executor lacks the GPUs it asked for, instead of failing inside this script.
set -u
indices=()
if command -v nvidia-smi >/dev/null 2>&1; then
  while IFS= read -r line; do
    line="${line//[[:space:]]/}"
    [[ "$line" =~ ^[0-9]+$ ]] && indices+=("$line")
  done < <(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null)
fi
if [ -n "${CUDA_VISIBLE_DEVICES+x}" ] && [ ${#indices[@]} -gt 0 ]; then
  IFS=, read -r -a visible <<< "$CUDA_VISIBLE_DEVICES"
  n=${#visible[@]}
  [ "$n" -le ${#indices[@]} ] || n=${#indices[@]}
  indices=()
  for ((i = 0; i < n; i++)); do indices+=("$i"); done
fi
out=""
for i in "${indices[@]}"; do out+="${out:+,}\"$i\""; done
printf '{"name":"gpu","addresses":[%s]}\n' "$out"
