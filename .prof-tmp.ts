import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createTfjsEngine } from './src/lib/model/tfjs.ts';
import { initParams } from './src/lib/model/params.ts';
import { ORIGINAL_CONFIG } from './src/lib/model/config.ts';
import { createRng } from './src/lib/rng.ts';
await tf.setBackend('cpu');
const rng = createRng(1);
const e = await createTfjsEngine(ORIGINAL_CONFIG, initParams(ORIGINAL_CONFIG, rng));
const B = 256; const x = Float32Array.from({length: B*64}, () => rng.normal()); const y = x.slice();
const batch = {batchSize: B, x, y};
for (let i = 0; i < 3; i++) await e.trainStep(batch);
const info = await tf.profile(async () => { await e.trainStep(batch); });
const byKernel = new Map<string, {n: number, ms: number}>();
for (const k of info.kernels) { const r = byKernel.get(k.name) ?? {n: 0, ms: 0}; r.n++; r.ms += (k.kernelTimeMs as number); byKernel.set(k.name, r); }
console.log([...byKernel].sort((a, b) => b[1].ms - a[1].ms).map(([n, r]) => `${n} ${r.n} ${r.ms.toFixed(1)}`).join('\n'));
const t0 = performance.now(); for (let i = 0; i < 5; i++) await e.trainStep(batch); console.log('ms/step', (performance.now() - t0) / 5);
