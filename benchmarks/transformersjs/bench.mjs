// The transformers.js side of `datafactory bench generate`: the same prompt token ids, candidates per problem,
// new tokens and sampling settings as the engine, on the same machine in the same run. Usage: node bench.mjs WORKLOAD.json
// Prints one JSON line per configuration: {"problems", "rows", "seconds", "tokens"}.
import { readFileSync } from 'node:fs';
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

async function run(problems, maxNewTokens) {
  // transformers.js has no num_return_sequences expansion: repeat each prompt once per candidate, as Hugging Face does.
  const prompts = work.prompts.slice(0, problems).flatMap((p) => Array(work.samples).fill(p));
  const width = Math.max(...prompts.map((p) => p.length));
  const ids = new BigInt64Array(prompts.length * width).fill(BigInt(work.pad));
  const mask = new BigInt64Array(prompts.length * width);
  prompts.forEach((p, r) => p.forEach((t, i) => {
    ids[r * width + width - p.length + i] = BigInt(t);
    mask[r * width + width - p.length + i] = 1n;
  }));
  const start = performance.now();
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
  const seconds = (performance.now() - start) / 1000;
  // Useful tokens: each row's tokens up to and including its first end-of-sequence token.
  let tokens = 0;
  for (const row of out.tolist()) {
    for (const t of row.slice(width)) {
      tokens++;
      if (eos.has(Number(t))) break;
    }
  }
  return { problems, rows: prompts.length, seconds, tokens };
}

await run(1, 4); // warm-up
for (const problems of work.configs) {
  console.log(JSON.stringify(await run(problems, work.max_new_tokens)));
}
