#!/usr/bin/env bash
# The detection benchmark, side by side in one run: the engine (TensorFlow Java) and the model's own runtime
# (TF.js 4.22, wasm backend, in Node) on the same model and the same 512×512 input, then the engine's folder batch.
#
#   bench/run-detect.sh [--runs N] [--photos DIR]
#
# --photos DIR: more real photos for the 100-photo folder batch (its *.jpg files), for example from Debian's
# opencv-doc package:
#   (cd /tmp && apt-get download opencv-doc && dpkg -x opencv-doc_*.deb opencv-doc)
#   bench/run-detect.sh --photos /tmp/opencv-doc/usr/share/doc/opencv-doc/examples/data
# Without it the folder is the five bundled sample photos repeated.
#
# Needs the engine built (mvn -q -DskipTests package) and Node ≥ 18; installs tools/tfjs-reference's npm
# packages on first use.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=50
photos=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --photos) photos=(--photos "$2"); shift 2 ;;
    *) echo "usage: $0 [--runs N] [--photos DIR]" >&2; exit 2 ;;
  esac
done

if ! ls "$root"/engine/target/halfday-engine-*.jar >/dev/null 2>&1; then
  echo "building the engine..." >&2
  (cd "$root" && mvn -q -pl engine -am -DskipTests package)
fi
if [[ ! -d "$root/tools/tfjs-reference/node_modules" ]]; then
  echo "installing the TF.js packages..." >&2
  (cd "$root/tools/tfjs-reference" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

engine=$("$root/bin/halfday" bench detect --runs "$runs" "${photos[@]}")
tfjs=$(node "$root/tools/tfjs-reference/bench.mjs" --runs "$runs")
echo "$engine"
echo "$tfjs"

value() { sed -E "s/.* $1=([^ ]+).*/\1/"; }
engine_p50=$(grep 'scenario=fixed-512x512' <<<"$engine" | value p50_ms)
tfjs_p50=$(value p50_ms <<<"$tfjs")
awk -v e="$engine_p50" -v t="$tfjs_p50" \
  'BEGIN { printf "compare scenario=fixed-512x512 engine_p50_ms=%s tfjs_wasm_p50_ms=%s speedup=%.1fx\n", e, t, t / e }'
