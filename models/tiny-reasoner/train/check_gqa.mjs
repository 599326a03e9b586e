// Checks onnx/model_gqa.onnx (export_gqa.py) against onnx/model.onnx with onnxruntime-node.
//
//     node models/tiny-reasoner/train/check_gqa.mjs models/tiny-reasoner
//
// onnxruntime-node comes from benchmarks/transformersjs/node_modules (npm ci there). The reference is
// model.onnx run on each row alone (batch 1, unpadded, a growing past). Checks, each at most 1e-4 max abs
// logit difference:
//   1. prefill of one 20-token prompt: batch 1, past buffers [1, kv, max_len, head_dim] of zeros,
//      seqlens_k [19], total_sequence_length 20; every position's logits;
//   2. a batch of two prompts of different lengths (20 and 13 tokens): one right-padded prefill
//      (seqlens_k [19, 12]), then greedy decode steps, each row at its own length (seqlens_k per row,
//      total_sequence_length the largest), present fed back as the next past; greedy tokens identical;
//   3. the same as 2 with one preallocated buffer per cache tensor bound as both past and present (the
//      kernel then writes only the new positions).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const require = createRequire(new URL("../../../benchmarks/transformersjs/package.json", import.meta.url));
const ort = require("onnxruntime-node");

const TOL = 1e-4;
const STEPS = 8;
const folder = process.argv[2];
if (!folder) {
  console.error("usage: node check_gqa.mjs MODEL_FOLDER");
  process.exit(2);
}
const cfg = JSON.parse(readFileSync(path.join(folder, "config.json"), "utf8"));
const L = cfg.num_hidden_layers, KV = cfg.num_key_value_heads, HD = cfg.head_dim, V = cfg.vocab_size;
const MAX = cfg.max_position_embeddings;
const ref = await ort.InferenceSession.create(path.join(folder, "onnx", "model.onnx"));
const gqa = await ort.InferenceSession.create(path.join(folder, "onnx", "model_gqa.onnx"));
console.log(`onnxruntime-node ${ort.env.versions.common}; model.onnx inputs: ${ref.inputNames.join(", ")}`);
console.log(`model_gqa.onnx inputs: ${gqa.inputNames.join(", ")}`);

// Deterministic token ids below the pad id (509).
let seed = 12345;
const nextId = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 509;
const prompts = [Array.from({ length: 20 }, nextId), Array.from({ length: 13 }, nextId)];

const i64 = (rows) => new ort.Tensor("int64", BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);
const cacheNames = [];
for (let i = 0; i < L; i++) cacheNames.push([`past_key_values.${i}.key`, `present.${i}.key`], [`past_key_values.${i}.value`, `present.${i}.value`]);
const row = (logits, b, s) => {
  const [, S] = logits.dims;
  return logits.data.subarray((b * S + s) * V, (b * S + s + 1) * V);
};
const maxDiff = (a, b) => a.reduce((m, x, j) => Math.max(m, Math.abs(x - b[j])), 0);
const argmax = (a) => a.reduce((best, x, j) => (x > a[best] ? j : best), 0);

// model.onnx on one row alone: the prompt, then one token per step; returns each pass's logits (all positions).
async function reference(prompt, tokens) {
  let past = Object.fromEntries(cacheNames.map(([p]) => [p, new ort.Tensor("float32", new Float32Array(0), [1, KV, 0, HD])]));
  const out = [];
  let total = 0;
  for (const ids of [prompt, ...tokens.map((t) => [t])]) {
    const start = total;
    total += ids.length;
    const r = await ref.run({
      input_ids: i64([ids]),
      attention_mask: i64([Array(total).fill(1)]),
      position_ids: i64([ids.map((_, j) => start + j)]),
      ...past,
    });
    past = Object.fromEntries(cacheNames.map(([p, q]) => [p, r[q]]));
    out.push(r.logits);
  }
  return out;
}

const zeros = (b) => Object.fromEntries(cacheNames.map(([p]) => [p, new ort.Tensor("float32", new Float32Array(b * KV * MAX * HD), [b, KV, MAX, HD])]));
const gqaFeeds = (ids, lengths, past) => ({
  input_ids: i64(ids),
  seqlens_k: new ort.Tensor("int32", Int32Array.from(lengths.map((n) => n - 1)), [lengths.length]),
  total_sequence_length: new ort.Tensor("int32", Int32Array.from([Math.max(...lengths)]), []),
  ...past,
});

let worst = 0;
const report = (label, d) => {
  worst = Math.max(worst, d);
  console.log(`${label}: max abs diff ${d.toExponential(2)}${d <= TOL ? "" : "  FAIL"}`);
};

// 1. Prefill of one prompt.
{
  const [p] = prompts;
  const [expected] = await reference(p, []);
  const r = await gqa.run(gqaFeeds([p], [p.length], zeros(1)));
  report(`1. prefill, batch 1, ${p.length} tokens, last position`, maxDiff(row(r.logits, 0, p.length - 1), row(expected, 0, p.length - 1)));
  let all = 0;
  for (let s = 0; s < p.length; s++) all = Math.max(all, maxDiff(row(r.logits, 0, s), row(expected, 0, s)));
  report(`1. prefill, batch 1, ${p.length} tokens, every position`, all);
  const shapes = cacheNames.slice(0, 1).map(([, q]) => `${q} [${r[q].dims}]`);
  console.log(`   present shape with a past of length ${MAX}: ${shapes}`);
}

// 2 and 3. A batch of two rows of different lengths, greedy decode.
async function batch(shared) {
  const label = shared ? "3. shared past/present buffers" : "2. present fed back as past";
  const lengths = prompts.map((p) => p.length);
  const width = Math.max(...lengths);
  const padded = prompts.map((p) => [...p, ...Array(width - p.length).fill(cfg.pad_token_id)]);
  let past = zeros(2);
  const run = async (ids) => {
    const feeds = gqaFeeds(ids, lengths, past);
    // shared: the present outputs are the past input tensors themselves (same memory).
    const fetches = shared ? Object.fromEntries([["logits", null], ...cacheNames.map(([p, q]) => [q, past[p]])]) : undefined;
    const r = fetches ? await gqa.run(feeds, fetches) : await gqa.run(feeds);
    if (!shared) past = Object.fromEntries(cacheNames.map(([p, q]) => [p, r[q]]));
    return r.logits;
  };
  let logits = await run(padded);
  const got = [[], []], tokens = [[], []];
  let last = lengths.map((n) => n - 1);
  for (let step = 0; step <= STEPS; step++) {
    for (let b = 0; b < 2; b++) got[b].push(Float32Array.from(row(logits, b, last[b])));
    if (step === STEPS) break;
    const next = got.map((g) => argmax(g[g.length - 1]));
    next.forEach((t, b) => tokens[b].push(t));
    lengths.forEach((_, b) => lengths[b]++);
    last = [0, 0];
    logits = await run(next.map((t) => [t]));
  }
  if (shared) {
    // The bound buffers themselves hold the cache: row b's last position written, the next one still zero.
    const k = past["past_key_values.0.key"].data, at = (b, s) => k.subarray(((b * KV) * MAX + s) * HD, ((b * KV) * MAX + s + 1) * HD);
    const ok = lengths.every((n, b) => at(b, n - 1).some((x) => x !== 0) && at(b, n).every((x) => x === 0));
    console.log(`   shared buffers hold the cache (rows at lengths ${lengths.join(", ")}): ${ok ? "yes" : "no  FAIL"}`);
    if (!ok) worst = Infinity;
  }
  for (let b = 0; b < 2; b++) {
    const expected = await reference(prompts[b], tokens[b]);
    const refTokens = expected.slice(0, STEPS).map((lg) => argmax(row(lg, 0, lg.dims[1] - 1)));
    const diffs = expected.map((lg, s) => maxDiff(got[b][s], row(lg, 0, lg.dims[1] - 1)));
    const same = refTokens.every((t, j) => t === tokens[b][j]);
    console.log(`${label}, row ${b} (prompt ${prompts[b].length} tokens): prefill ${diffs[0].toExponential(2)}, steps ${diffs.slice(1).map((d) => d.toExponential(2)).join(" ")}`);
    console.log(`   greedy tokens ${tokens[b].join(" ")} ${same ? "== model.onnx's" : `!= model.onnx's ${refTokens.join(" ")}  FAIL`}`);
    report(`${label}, row ${b}, every step`, Math.max(...diffs));
    if (!same) worst = Infinity;
  }
}
await batch(false);
await batch(true);

console.log(worst <= TOL ? `OK: max abs diff ${worst.toExponential(2)} <= ${TOL}` : `FAILED (tolerance ${TOL})`);
process.exit(worst <= TOL ? 0 : 1);
