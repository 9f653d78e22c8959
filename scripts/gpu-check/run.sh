#!/usr/bin/env bash
# The GPU check, on a lent GPU machine (device tool), from the repository's root, after
# `node scripts/gpu-check/pack.mjs` here and with `.gpu-check` carried:
#   run(command: "bash scripts/gpu-check/run.sh", carry: [".gpu-check"], timeout_s: 540)
# Writes everything under $OUT (or ./gpu-check-out): the backends' speeds beside PyTorch (CUDA
# and CPU) on the same machine, and per-kernel profiles of one training step under a few
# tfjs-webgpu settings. Each part has its own time limit, so one that hangs does not take the rest.
set -uo pipefail
cd "$(dirname "$0")/../.."
kit=.gpu-check
out=${OUT:-gpu-check-out}
mkdir -p "$out"
log() { echo "== $(date -u +%H:%M:%S) $*" | tee -a "$out/log.txt"; }

# Vulkan and EGL loaders (Dawn reaches the NVIDIA driver through Vulkan); only on a machine
# with an NVIDIA driver, so that a dry run elsewhere leaves the system alone.
if command -v nvidia-smi >/dev/null && ! ldconfig -p | grep -q libvulkan.so.1; then
  for f in "$kit"/gl/*.deb; do [ -e "$f" ] && dpkg -x "$f" /; done
  ldconfig
fi
[ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ] && export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json ] && export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json

node=$(command -v node || true)
if [ -z "$node" ]; then
  gunzip -c "$kit/node.gz" > /tmp/node && chmod +x /tmp/node && node=/tmp/node
fi
[ -f "$kit/node_modules/webgpu/dist/linux-x64/dawn.node" ] || gunzip -k "$kit/node_modules/webgpu/dist/linux-x64/dawn.node.gz"
export NETCANVAS_NATIVE=0   # the native kernels are built per machine; this check is about the GPU

log "machine"; { nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv; nproc; "$node" --version; } >> "$out/log.txt" 2>&1

for backend in webgpu wasm; do
  log "netcanvas bench on $backend"
  timeout 200 "$node" "$kit/bench.mjs" bench --backends $backend --repeats 3 --no-peer --out "$out/bench-$backend.json" >> "$out/log.txt" 2>&1 || log "bench ended with $?"
done

for flags in "" "WEBGPU_CPU_FORWARD=false" "WEBGPU_CPU_FORWARD=false;WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE=64"; do
  log "profile webgpu [$flags]"
  NETCANVAS_TF_FLAGS="$flags" timeout 120 "$node" "$kit/bench.mjs" profile webgpu >> "$out/profiles.jsonl" 2>> "$out/log.txt" || log "profile ended with $?"
done

if [ -f "$kit/torch_peer.py" ]; then
  python=$(command -v python3)
  log "PyTorch peer, CUDA"
  timeout 120 "$python" "$kit/torch_peer.py" --device cuda > "$out/peer-cuda.jsonl" 2>> "$out/log.txt" || log "peer (cuda) ended with $?"
  log "PyTorch peer, CPU"
  timeout 120 "$python" "$kit/torch_peer.py" --device cpu > "$out/peer-cpu.jsonl" 2>> "$out/log.txt" || log "peer (cpu) ended with $?"
fi
log "done"
cat "$out/log.txt" | grep -v "^\s*$" | tail -60
