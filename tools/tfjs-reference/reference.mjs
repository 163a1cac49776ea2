// Writes the reference rows the engine's fidelity test compares against:
//   node reference.mjs [OUT.json]
// For each sample PNG: decode (pngjs), letterbox with TF.js ops, run the bundled model in TF.js 4.22 (wasm), and
// keep every row of tower_0/detections. rocket.jpg is left out: Java's JPEG decoder applies its embedded
// Adobe RGB profile and JS decoders do not, so the two sides would not see the same pixels.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { detectRows, letterboxTensor, loadModel, modelDir, readPng, repoRoot, samplesDir, startWasm } from './lib.mjs';

const PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'motorcycle_left.png'];
const out = process.argv[2]
  ?? path.join(repoRoot, 'engine', 'src', 'test', 'resources', 'fidelity', 'tfjs-wasm-reference.json');

const runtime = await startWasm();
const model = await loadModel();
const hash = crypto.createHash('sha256');
hash.update(fs.readFileSync(path.join(modelDir, 'centernet.json')));
hash.update(fs.readFileSync(path.join(modelDir, 'centernet.bin')));

const images = [];
for (const name of PHOTOS) {
  const image = readPng(path.join(samplesDir, name));
  const { input, letterbox } = letterboxTensor(image);
  const rows = detectRows(model, input).map((r) => r.map((v) => Number(v.toFixed(5))));
  input.dispose();
  images.push({ file: name, width: image.width, height: image.height, ...letterbox, rows });
  const best = rows[0];
  console.error(`${name}: best class ${best[5]} score ${best[4].toFixed(3)}`);
}

const reference = {
  generatedBy: 'tools/tfjs-reference/reference.mjs',
  runtime: `@tensorflow/tfjs-core ${runtime.version}, backend ${runtime.backend} (simd ${runtime.simd}, threads ${runtime.threads})`,
  model: 'models/coco-centernet (centernet.json + centernet.bin)',
  modelSha256: hash.digest('hex'),
  input: 'PNG RGB, resizeBilinear(alignCorners=false, halfPixelCenters=true) to round(w*s) x round(h*s), '
    + 's = min(512/w, 512/h), zero-padded centred to 512x512, float 0..255',
  rowFormat: '[x1, y1, x2, y2, score, class] in 512-input pixels, as tower_0/detections returns them',
  images,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
// One row per line: readable in a diff, small on disk.
const text = JSON.stringify(reference, null, 1).replace(/\[\s+(-?[\d.e-]+(?:,\s+-?[\d.e-]+)*)\s+\]/g,
  (_, nums) => '[' + nums.split(/,\s+/).join(', ') + ']');
fs.writeFileSync(out, text + '\n');
console.error(`wrote ${out}`);
