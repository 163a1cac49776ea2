// Makes rocket.jpg.enc: resources/samples/rocket.jpg encrypted the way WeCom encrypts files for AI bots
// (AES-256-CBC, IV = first 16 key bytes, PKCS#7 padded to 32 bytes), using Node's own crypto - an
// implementation independent of ours - so WeComMediaCipherTest checks our decryption against it.
// Optional cross-check with the official SDK's decryptFile: SDK=/path/to/package node make-fixture.mjs
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const plain = fs.readFileSync(new URL('../../../../../resources/samples/rocket.jpg', import.meta.url));
const key = Buffer.from(fs.readFileSync(new URL('./rocket.jpg.aeskey', import.meta.url), 'utf8').trim(), 'base64');
const pad = 32 - (plain.length % 32);
const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
cipher.setAutoPadding(false);
const enc = Buffer.concat([cipher.update(padded), cipher.final()]);
fs.writeFileSync(new URL('./rocket.jpg.enc', import.meta.url), enc);
console.log(`wrote rocket.jpg.enc (${enc.length} bytes)`);
if (process.env.SDK) {
  const sdk = createRequire(import.meta.url)(`${process.env.SDK}/dist/index.cjs.js`);
  const back = sdk.decryptFile(enc, fs.readFileSync(new URL('./rocket.jpg.aeskey', import.meta.url), 'utf8').trim());
  console.log(`SDK decryptFile round trip identical: ${Buffer.compare(back, plain) === 0}`);
}
