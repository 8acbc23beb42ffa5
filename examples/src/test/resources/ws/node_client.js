// Interop client: Node's `ws` package against a Celeris echo endpoint.
// Usage: node node_client.js ws://127.0.0.1:PORT/ws/echo NODE_MODULES_DIR
// Echoes text, binary, a 16 MiB fragmented binary, pings, closes with 4000; prints OK.
const path = require('path');
const crypto = require('crypto');
const WebSocket = require(path.join(process.argv[3], 'ws'));

const ws = new WebSocket(process.argv[2], ['echo'], { maxPayload: 64 * 1024 * 1024 });
const queue = [];
let waiter = null;
function next(kind) {
  return new Promise((resolve, reject) => {
    const take = () => {
      const e = queue.shift();
      if (e.kind !== kind) reject(new Error('expected ' + kind + ' got ' + e.kind));
      else resolve(e.value);
    };
    if (queue.length) take(); else waiter = take;
  });
}
function push(kind, value) {
  queue.push({ kind, value });
  if (waiter) { const w = waiter; waiter = null; w(); }
}
function check(ok, what) { if (!ok) { console.error('FAIL ' + what); process.exit(1); } }

ws.on('message', (data, isBinary) => push(isBinary ? 'binary' : 'text', data));
ws.on('pong', (data) => push('pong', data));
ws.on('close', (code) => push('close', code));
ws.on('error', (e) => { console.error('FAIL ' + e); process.exit(1); });
ws.on('open', async () => {
  check(ws.protocol === 'echo', 'subprotocol ' + ws.protocol);
  ws.send('hello \u2603');
  check((await next('text')).toString() === 'hello \u2603', 'text echo');
  ws.send(Buffer.from([0, 1, 2, 255]));
  check(Buffer.compare(await next('binary'), Buffer.from([0, 1, 2, 255])) === 0, 'binary echo');
  const big = crypto.randomBytes(16 * 1024 * 1024);
  const step = 1024 * 1024;
  for (let i = 0; i < big.length; i += step) {
    ws.send(big.subarray(i, i + step), { binary: true, fin: i + step >= big.length });
  }
  check(Buffer.compare(await next('binary'), big) === 0, '16 MiB fragmented echo');
  ws.ping(Buffer.from('ping-data'));
  check((await next('pong')).toString() === 'ping-data', 'pong payload');
  const extensions = ws.extensions;
  ws.close(4000, 'bye');
  check((await next('close')) === 4000, 'close code');
  console.log('OK extensions=' + extensions);
  process.exit(0);
});
