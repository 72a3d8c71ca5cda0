// Drives wasm-stage1.c (see there): gunzips the first files of the benchmark archive into one buffer, checks the
// record count against JSON.parse, and prints the scan's throughput (GB/s, best and median of 7).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const wasm = process.argv[2] ?? '/tmp/wasm-stage1.wasm';
const list = new URL('../../.bench/files-x1.txt', import.meta.url);
const { instance } = await WebAssembly.instantiate(readFileSync(wasm), {});
const { memory, input, capacity, countRecords, controlInString } = instance.exports;

const parts = [];
let bytes = 0;
let expected = 0;
for (const path of readFileSync(list, 'utf8').split('\0')) {
  const json = gunzipSync(readFileSync(path));
  if (bytes + json.length + 64 > capacity()) break;
  expected += JSON.parse(json.toString('utf8')).Records.length;
  parts.push(json);
  bytes += json.length;
}
const padded = Math.ceil(bytes / 64) * 64;
const view = new Uint8Array(memory.buffer, input(), padded).fill(0x20);
let at = 0;
for (const part of parts) {
  view.set(part, at);
  at += part.length;
}
const seconds = [];
let records = 0;
for (let run = 0; run < 7; run++) {
  const started = performance.now();
  records = countRecords(padded);
  seconds.push((performance.now() - started) / 1000);
}
seconds.sort((a, b) => a - b);
console.log(JSON.stringify({
  files: parts.length,
  bytes,
  records,
  expected,
  controlInString: controlInString(),
  bestGBps: +(bytes / seconds[0] / 1e9).toFixed(2),
  medianGBps: +(bytes / seconds[3] / 1e9).toFixed(2),
}));
