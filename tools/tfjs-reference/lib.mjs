// Loads the bundled TF.js model in TF.js's own runtime (4.22, wasm backend) and prepares inputs the way the
// engine does, so the Java engine can be compared with the model's reference runtime on the same input.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import pngjs from 'pngjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const modelDir = path.join(repoRoot, 'models', 'coco-centernet');
export const samplesDir = path.join(repoRoot, 'resources', 'samples');
export const INPUT = 'tower_0/images';
export const OUTPUT = 'tower_0/detections';
export const SIZE = 512;

/** Starts the wasm backend (Node finds the .wasm files beside the package). */
export async function startWasm() {
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(dist + path.sep);
  await tf.setBackend('wasm');
  await tf.ready();
  return {
    backend: tf.getBackend(),
    version: tf.version_core,
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  };
}

/** The graph model from its JSON and .bin files, handed to tfjs-converter without a web server. */
export async function loadModel(dir = modelDir, jsonName = 'centernet.json') {
  const json = JSON.parse(fs.readFileSync(path.join(dir, jsonName), 'utf8'));
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const shards = json.weightsManifest.flatMap((group) => group.paths).map((p) => fs.readFileSync(path.join(dir, p)));
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs,
      weightData,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
      userDefinedMetadata: json.userDefinedMetadata,
    }),
  });
}

/** RGB pixels of a PNG (8-bit; alpha dropped). PNG is lossless, so every decoder gives the same bytes. */
export function readPng(file) {
  const png = pngjs.PNG.sync.read(fs.readFileSync(file));
  const rgb = new Float32Array(png.width * png.height * 3);
  for (let i = 0, o = 0; i < png.data.length; i += 4, o += 3) {
    rgb[o] = png.data[i];
    rgb[o + 1] = png.data[i + 1];
    rgb[o + 2] = png.data[i + 2];
  }
  return { width: png.width, height: png.height, rgb };
}

/** The same numbers as the engine's Letterbox.of (scale = min(512/w, 512/h), centred). */
export function letterboxOf(width, height, size = SIZE) {
  const scale = Math.min(size / width, size / height);
  const resizedWidth = Math.max(1, Math.min(size, Math.round(width * scale)));
  const resizedHeight = Math.max(1, Math.min(size, Math.round(height * scale)));
  return {
    resizedWidth,
    resizedHeight,
    padX: Math.floor((size - resizedWidth) / 2),
    padY: Math.floor((size - resizedHeight) / 2),
  };
}

/**
 * The model input [1, 512, 512, 3] float: TF's bilinear resize with half-pixel centres, zero padding around —
 * the letterbox the engine applies, done here with TF.js's own ops.
 */
export function letterboxTensor(image, size = SIZE) {
  const lb = letterboxOf(image.width, image.height, size);
  const input = tf.tidy(() => {
    const img = tf.tensor4d(image.rgb, [1, image.height, image.width, 3]);
    const resized = tf.image.resizeBilinear(img, [lb.resizedHeight, lb.resizedWidth], false, true);
    return tf.pad(resized, [[0, 0],
      [lb.padY, size - lb.resizedHeight - lb.padY],
      [lb.padX, size - lb.resizedWidth - lb.padX],
      [0, 0]]);
  });
  return { input, letterbox: lb };
}

/** Runs the model and returns its detection rows [x1, y1, x2, y2, score, class] (input pixels). */
export function detectRows(model, input) {
  const out = model.execute({ [INPUT]: input }, OUTPUT);
  const flat = out.dataSync();
  out.dispose();
  const rows = [];
  for (let i = 0; i < flat.length; i += 6) {
    rows.push(Array.from(flat.slice(i, i + 6)));
  }
  return rows;
}

/** Peak resident memory of this process in MB (Linux), or -1. */
export function peakRssMb() {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const m = status.match(/VmHWM:\s+(\d+) kB/);
    return m ? Math.round(Number(m[1]) / 1024) : -1;
  } catch {
    return -1;
  }
}

export { tf };
