// TF.js (4.22, wasm backend) on the engine's fixed benchmark input, for bench/run-detect.sh:
//   node bench.mjs [--runs N] [--warmup N]
// Prints one line in the engine's format:
//   tfjs-wasm p50_ms=… p90_ms=… imgs_per_s=… rss_mb=… cold_start_ms=… scenario=fixed-512x512 …
// The input is astronaut.png (512×512, so the letterbox is the identity), built once; each timed run is one
// model.execute plus reading the rows back (no NMS or box mapping: that only flatters TF.js).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { detectRows, letterboxTensor, loadModel, peakRssMb, readPng, samplesDir, startWasm } from './lib.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
}

const runs = option('--runs', 50);
const warmup = option('--warmup', 5);

const runtime = await startWasm();
const model = await loadModel();
const { input } = letterboxTensor(readPng(path.join(samplesDir, 'astronaut.png')));
detectRows(model, input);
// performance.now() counts from the process's time origin: Node start to first detection.
const coldStartMs = performance.now();

for (let i = 0; i < warmup; i++) {
  detectRows(model, input);
}
const ms = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  detectRows(model, input);
  ms.push(performance.now() - t);
}
const total = ms.reduce((a, b) => a + b, 0);
console.log(`tfjs-wasm p50_ms=${percentile(ms, 50).toFixed(1)} p90_ms=${percentile(ms, 90).toFixed(1)}`
  + ` imgs_per_s=${(runs / (total / 1000)).toFixed(1)} rss_mb=${peakRssMb()} cold_start_ms=${coldStartMs.toFixed(0)}`
  + ` scenario=fixed-512x512 runs=${runs} backend=${runtime.backend} simd=${runtime.simd} threads=${runtime.threads}`);
