// The transformers.js side of `datafactory bench generate`: the same prompt token ids, candidates per problem,
// new tokens and sampling settings as the engine, on the same machine in the same run. Usage: node bench.mjs WORKLOAD.json
// Loads the model, warms up and prints {"ready":true}; then reads one job per line on stdin,
// {"problems": N, "batch_rows": R} (R = 0: all rows in one generate call), and prints one JSON line per job:
// {"problems", "rows", "batch_rows", "seconds", "tokens"}. The engine drives the order, so the two sides interleave.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { env, AutoModelForCausalLM, Tensor } from '@huggingface/transformers';

const work = JSON.parse(readFileSync(process.argv[2], 'utf8'));
env.allowRemoteModels = false;
env.localModelPath = work.model_root;

const model = await AutoModelForCausalLM.from_pretrained(work.model_name, {
  dtype: work.dtype,
  device: 'cpu',
  session_options: work.threads > 0 ? { intraOpNumThreads: work.threads } : {},
});
const eos = new Set(work.eos);

// One generate call over these prompts (left-padded to the longest); returns the useful tokens.
async function generate(prompts, maxNewTokens) {
  const width = Math.max(...prompts.map((p) => p.length));
  const ids = new BigInt64Array(prompts.length * width).fill(BigInt(work.pad));
  const mask = new BigInt64Array(prompts.length * width);
  prompts.forEach((p, r) => p.forEach((t, i) => {
    ids[r * width + width - p.length + i] = BigInt(t);
    mask[r * width + width - p.length + i] = 1n;
  }));
  const out = await model.generate({
    input_ids: new Tensor('int64', ids, [prompts.length, width]),
    attention_mask: new Tensor('int64', mask, [prompts.length, width]),
    max_new_tokens: maxNewTokens,
    do_sample: true,
    temperature: work.temperature,
    top_k: work.top_k,
    top_p: work.top_p,
    eos_token_id: work.eos,
    pad_token_id: work.pad,
  });
  // Useful tokens: each row's tokens up to and including its first end-of-sequence token.
  let tokens = 0;
  for (const row of out.tolist()) {
    for (const t of row.slice(width)) {
      tokens++;
      if (eos.has(Number(t))) break;
    }
  }
  return tokens;
}

async function run(problems, batchRows, maxNewTokens) {
  // transformers.js has no num_return_sequences expansion: repeat each prompt once per candidate, as Hugging Face does.
  const prompts = work.prompts.slice(0, problems).flatMap((p) => Array(work.samples).fill(p));
  const size = batchRows > 0 ? batchRows : prompts.length;
  const start = performance.now();
  let tokens = 0;
  for (let i = 0; i < prompts.length; i += size) {
    tokens += await generate(prompts.slice(i, i + size), maxNewTokens);
  }
  const seconds = (performance.now() - start) / 1000;
  return { problems, rows: prompts.length, batch_rows: Math.min(size, prompts.length), seconds, tokens };
}

await run(1, 0, 4); // warm-up
console.log(JSON.stringify({ ready: true }));
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const job = JSON.parse(line);
  console.log(JSON.stringify(await run(job.problems, job.batch_rows, work.max_new_tokens)));
}
