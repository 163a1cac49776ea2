// Interop check (manual, not part of the Maven build): the official SDK @wecom/aibot-node-sdk as a client
// against Halfday's WeCom gateway simulator, to show the simulator speaks what the SDK speaks.
//
//   cd /tmp && npm pack @wecom/aibot-node-sdk && tar xzf wecom-aibot-node-sdk-*.tgz && (cd package && npm install --omit=dev)
//   HALFDAY_WECOM_SECRET=s3cret bin/halfday wecom-sim --port 18931 --bot-id botA    # prints {"event":"listening",...}
//   SDK=/tmp/package node engine/src/test/node/sdk-interop.cjs ws://127.0.0.1:18931 botA s3cret
//   then type into the simulator:  image grp-1 alice resources/samples/chelsea.png
//
// Expected: authenticated; the image decrypts identical to chelsea.png; astronaut.png uploads in two chunks and
// the simulator prints a reply whose image_sha256 equals the file's; both replies are acked with errcode 0.
const path = require('path');
const fs = require('fs');
const crypto = require('crypto');
const AiBot = require(path.join(process.env.SDK, 'dist/index.cjs.js'));
const [url, botId, secret] = process.argv.slice(2);
const samples = path.join(__dirname, '../../../resources/samples');
const quiet = { debug() {}, info() {}, warn: (...a) => console.log('WARN', ...a), error: (...a) => console.log('ERROR', ...a) };
const client = new AiBot.WSClient({ botId, secret, wsUrl: url, heartbeatInterval: 1000, logger: quiet });
client.on('authenticated', () => console.log('authenticated'));
client.on('message.image', async (frame) => {
  const b = frame.body;
  const { buffer, filename } = await client.downloadFile(b.image.url, b.image.aeskey);
  const orig = fs.readFileSync(path.join(samples, 'chelsea.png'));
  console.log('decrypted identical:', Buffer.compare(buffer, orig) === 0, '(server-sent filename, not used:', filename + ')');
  const big = fs.readFileSync(path.join(samples, 'astronaut.png'));
  const up = await client.uploadMedia(big, { type: 'image', filename: 'a.png' });
  console.log('uploaded', up.media_id, 'sha256', crypto.createHash('sha256').update(big).digest('hex'));
  console.log('media reply errcode', (await client.replyMedia(frame, 'image', up.media_id)).errcode);
  console.log('stream reply errcode', (await client.replyStream(frame, 'stream_1', 'Found 1 object: cat 52%', true)).errcode);
  setTimeout(() => { client.disconnect(); process.exit(0); }, 2500);
});
client.connect();
