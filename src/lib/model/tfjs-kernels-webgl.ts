/**
 * The fused kernels of tfjs-kernels.ts as WebGL 2 programs (one fragment per output element,
 * unpacked float32 textures), run by TF.js's webgl backend. Each program follows its loop in
 * tfjs-kernels-cpu.ts. Sizes and offsets are compiled in (one compile per model and batch
 * size); the time step is a uniform, so the S dispatches of a cell share one program. Only
 * types come from @tensorflow/tfjs-backend-webgl, so pages without WebGL never load it.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import type { CellBackwardAttrs, CellStepAttrs, DenseAttrs, KERNEL, RowAttrs, UpdateAttrs } from './tfjs-kernels.ts';

/** GLSL helpers every program gets: TF.js's stable tanh and a float32 finiteness test. */
const HELPERS = `
  float rnnTanh(float x) {
    float e2x = exp(-2.0 * abs(x));
    return sign(x) * (1.0 - e2x) / (1.0 + e2x);
  }
  bool rnnFinite(float x) {
    return (floatBitsToUint(x) & 0x7f800000u) != 0x7f800000u;
  }
`;

/** A GLSL float literal; exponent form is valid for every finite value (1 needs "1e+0", not "1"). */
function float(value: number): string {
  return value.toExponential();
}

/** The GLSL getter of input `name` with `shape` at flat index `index` (rank 0, 1 or 2). */
function sampleFlat(name: string, shape: number[], index: string): string {
  const getter = `get${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  if (shape.length === 0) return `${getter}()`;
  if (shape.length === 1) return `${getter}(${index})`;
  if (shape.length === 2) return `${getter}((${index}) / ${shape[1]}, imod(${index}, ${shape[1]}))`;
  throw new Error(`fused kernel: input ${name} has rank ${shape.length}, expected at most 2`);
}

/**
 * GLSL adding `term` (an expression of the int `index`) for index = 0 … count − 1 to the float
 * `total`, in blocks of about √count: two levels of float32 partial sums instead of one running
 * sum, so the rounding error grows like √count·ε rather than count·ε (TF.js's own reductions
 * get the same from several passes; here it costs no extra dispatch).
 */
function blockedSum(total: string, count: number, index: string, term: string): string {
  const block = Math.max(1, Math.round(Math.sqrt(count)));
  return `
    for (int start = 0; start < ${count}; start += ${block}) {
      float partial = 0.0;
      int end = min(start + ${block}, ${count});
      for (int ${index} = start; ${index} < end; ${index}++) partial += ${term};
      ${total} += partial;
    }`;
}

/** The GLSL flat output index of an output of `shape` (rank 1 or 2). */
function flatOutputIndex(shape: number[]): string {
  return shape.length === 1 ? 'getOutputCoords()' : `getOutputCoords().x * ${shape[1]} + getOutputCoords().y`;
}

/** Named inputs, in order, skipping absent optional ones. */
function present(inputs: tf.NamedTensorInfoMap, names: string[]): Array<[string, tf.TensorInfo]> {
  return names.flatMap((name) => {
    const info = inputs[name];
    return info ? [[name, info] as [string, tf.TensorInfo]] : [];
  });
}

/** A kernel function that builds a program from its inputs and attributes and runs it. */
function webglKernel<A>(
  names: string[],
  build: (inputs: Map<string, tf.TensorInfo>, attrs: A) => { program: GPGPUProgram; uniforms?: number[][] },
): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const used = present(inputs, names);
    const { program, uniforms } = build(new Map(used), attrs as unknown as A);
    program.userCode = `${HELPERS}\n${program.userCode}`;
    const infos = used.map(([, info]) => info);
    return (backend as MathBackendWebGL).runWebGLProgram(program, infos, 'float32', uniforms);
  };
}

/** The shape of input `name`; throws when it is missing. */
function shapeOf(inputs: Map<string, tf.TensorInfo>, name: string): number[] {
  const info = inputs.get(name);
  if (!info) throw new Error(`fused kernel: input ${name} is missing`);
  return info.shape;
}

const STEP_UNIFORM = [{ name: 'timeStep', type: 'int' as const }];

const cellForward = webglKernel<CellStepAttrs>(
  ['previous', 'x', 'inputWeights', 'bias', 'recurrent', 'initial'],
  (inputs, { batchSize: B, step }) => {
    const H = shapeOf(inputs, 'bias')[0];
    const F = shapeOf(inputs, 'x')[1];
    const before = inputs.has('previous') ? 'getPrevious(rc.x, k)' : inputs.has('initial') ? 'getInitial(k)' : '';
    const carry = before ? `for (int k = 0; k < ${H}; k++) sum += ${before} * getRecurrent(k, rc.y);` : '';
    const userCode = `
      void main() {
        ivec2 rc = getOutputCoords();
        int row = timeStep * ${B} + rc.x;
        float sum = getBias(rc.y);
        for (int f = 0; f < ${F}; f++) sum += getX(row, f) * getInputWeights(f, rc.y);
        ${carry}
        setOutput(rnnTanh(sum));
      }`;
    const program = { variableNames: [...inputs.keys()], outputShape: [B, H], userCode, customUniforms: STEP_UNIFORM };
    return { program, uniforms: [[step]] };
  },
);

const cellBackward = webglKernel<CellBackwardAttrs>(
  ['next', 'outputGrads', 'outputWeights', 'state', 'recurrent'],
  (inputs, { batchSize: B, step, readOutStart, weightRow }) => {
    const H = shapeOf(inputs, 'state')[1];
    const [rows, O] = shapeOf(inputs, 'outputGrads');
    const carry = inputs.has('next')
      ? `for (int k = 0; k < ${H}; k++) sum += getNext(rc.x, k) * getRecurrent(rc.y, k);`
      : '';
    const userCode = `
      void main() {
        ivec2 rc = getOutputCoords();
        float sum = 0.0;
        int u = timeStep - ${readOutStart};
        if (u >= 0 && u < ${rows / B}) {
          int row = u * ${B} + rc.x;
          for (int o = 0; o < ${O}; o++) sum += getOutputGrads(row, o) * getOutputWeights(${weightRow} + rc.y, o);
        }
        ${carry}
        float h = getState(rc.x, rc.y);
        setOutput(sum * (1.0 - h * h));
      }`;
    const program = { variableNames: [...inputs.keys()], outputShape: [B, H], userCode, customUniforms: STEP_UNIFORM };
    return { program, uniforms: [[step]] };
  },
);

const joinRows: tf.KernelFunc = (args) => {
  const names = Object.keys(args.inputs);
  return webglKernel<object>(names, (inputs) => {
    const K = shapeOf(inputs, names[0])[1];
    let start = 0;
    const picks = names.map((name) => {
      const getter = `get${name.charAt(0).toUpperCase()}${name.slice(1)}`;
      const pick = `if (rc.x >= ${start}) value = ${getter}(rc.x - ${start}, rc.y);`;
      start += shapeOf(inputs, name)[0];
      return pick;
    });
    // Last block first, so each fragment samples only the block it lies in.
    const userCode = `
      void main() {
        ivec2 rc = getOutputCoords();
        float value;
        ${picks.reverse().join('\n        else ')}
        setOutput(value);
      }`;
    return { program: { variableNames: names, outputShape: [start, K], userCode } };
  })(args);
};

const dense = webglKernel<DenseAttrs>(
  ['a', 'a2', 'weights', 'bias'],
  (inputs, { rows, offset, offset2, activation }) => {
    const K1 = shapeOf(inputs, 'a')[1];
    const K2 = inputs.has('a2') ? shapeOf(inputs, 'a2')[1] : 0;
    const M = shapeOf(inputs, 'bias')[0];
    const second = K2
      ? `for (int i = 0; i < ${K2}; i++) sum += getA2(rc.x + ${offset2}, i) * getWeights(${K1} + i, rc.y);`
      : '';
    const userCode = `
      void main() {
        ivec2 rc = getOutputCoords();
        float sum = getBias(rc.y);
        for (int i = 0; i < ${K1}; i++) sum += getA(rc.x + ${offset}, i) * getWeights(i, rc.y);
        ${second}
        setOutput(${activation === 'tanh' ? 'rnnTanh(sum)' : 'sum'});
      }`;
    return { program: { variableNames: [...inputs.keys()], outputShape: [rows, M], userCode } };
  },
);

const denseBackward = webglKernel<object>(['gradient', 'weights', 'outputs'], (inputs) => {
  const [N, O] = shapeOf(inputs, 'outputs');
  const M = shapeOf(inputs, 'gradient')[1];
  const userCode = `
    void main() {
      ivec2 rc = getOutputCoords();
      float sum = 0.0;
      for (int m = 0; m < ${M}; m++) sum += getGradient(rc.x, m) * getWeights(rc.y, m);
      float z = getOutputs(rc.x, rc.y);
      setOutput(sum * (1.0 - z * z));
    }`;
  return { program: { variableNames: [...inputs.keys()], outputShape: [N, O], userCode } };
});

const weightGrad = webglKernel<RowAttrs>(['a', 'a2', 'initial', 'gradient'], (inputs, { rows, offset, offset2 }) => {
  const [Ra, K1] = shapeOf(inputs, 'a');
  const K2 = inputs.has('a2') ? shapeOf(inputs, 'a2')[1] : 0;
  const M = shapeOf(inputs, 'gradient')[1];
  const initial = inputs.has('initial') ? 'getInitial(rc.x)' : '0.0';
  const inRange = `r + ${offset} >= 0 && r + ${offset} < ${Ra}`;
  const first = `(${inRange} ? getA(r + ${offset}, rc.x) : ${initial}) * getGradient(r, rc.y)`;
  const second = K2 ? blockedSum('sum', rows, 'r', `getA2(r + ${offset2}, rc.x - ${K1}) * getGradient(r, rc.y)`) : '';
  const userCode = `
      void main() {
        ivec2 rc = getOutputCoords();
        float sum = 0.0;
        if (rc.x < ${K1}) {
          ${blockedSum('sum', rows, 'r', first)}
        } else {
          ${second}
        }
        setOutput(sum);
      }`;
  return { program: { variableNames: [...inputs.keys()], outputShape: [K1 + K2, M], userCode } };
});

const initialGrad = webglKernel<{ start: number; batchSize: number }>(
  ['gradient', 'recurrent'],
  (inputs, { start, batchSize }) => {
    const H = shapeOf(inputs, 'gradient')[1];
    const userCode = `
      void main() {
        int i = getOutputCoords();
        float sum = 0.0;
        for (int b = 0; b < ${batchSize}; b++) {
          float row = 0.0;
          for (int j = 0; j < ${H}; j++) row += getGradient(${start} + b, j) * getRecurrent(i, j);
          sum += row;
        }
        setOutput(sum);
      }`;
    return { program: { variableNames: [...inputs.keys()], outputShape: [H], userCode } };
  },
);

const columnSum = webglKernel<object>(['gradient'], (inputs) => {
  const [N, M] = shapeOf(inputs, 'gradient');
  const userCode = `
    void main() {
      int m = getOutputCoords();
      float sum = 0.0;
      ${blockedSum('sum', N, 'r', 'getGradient(r, m)')}
      setOutput(sum);
    }`;
  return { program: { variableNames: ['gradient'], outputShape: [M], userCode } };
});

const squaredError = webglKernel<object>(['predictions', 'targets'], (inputs) => {
  const N = shapeOf(inputs, 'targets')[0];
  const userCode = `
    void main() {
      float sum = 0.0;
      ${blockedSum('sum', N, 'r', 'pow(getPredictions(r, 0) - getTargets(r, 0), 2.0)')}
      setOutput(sum / ${float(N)});
    }`;
  return { program: { variableNames: ['predictions', 'targets'], outputShape: [], userCode } };
});

const squaredErrorGrad = webglKernel<object>(['predictions', 'targets'], (inputs) => {
  const N = shapeOf(inputs, 'targets')[0];
  const userCode = `
    void main() {
      int r = getOutputCoords().x;
      setOutput(${float(2 / N)} * (getPredictions(r, 0) - getTargets(r, 0)));
    }`;
  return { program: { variableNames: ['predictions', 'targets'], outputShape: [N, 1], userCode } };
});

const globalNorm: tf.KernelFunc = (args) => {
  const names = Object.keys(args.inputs);
  return webglKernel<object>(names, (inputs) => {
    const loops = [...inputs].map(([name, info]) => {
      const size = info.shape.reduce((product, dim) => product * dim, 1);
      const value = sampleFlat(name, info.shape, 'i');
      return blockedSum('sum', size, 'i', `${value} * ${value}`);
    });
    const userCode = `
      void main() {
        float sum = 0.0;
        ${loops.join('\n')}
        setOutput(sqrt(sum));
      }`;
    return { program: { variableNames: names, outputShape: [1], userCode } };
  })(args);
};

const stepStatus = webglKernel<object>(['loss', 'norm', 'previous'], (inputs) => {
  const userCode = `
    void main() {
      int i = getOutputCoords();
      float loss = ${sampleFlat('loss', shapeOf(inputs, 'loss'), '0')};
      float norm = ${sampleFlat('norm', shapeOf(inputs, 'norm'), '0')};
      bool ok = rnnFinite(loss) && rnnFinite(norm);
      float applied = getPrevious(3) + (ok ? 1.0 : 0.0);
      setOutput(i == 0 ? loss : i == 1 ? (ok ? norm : NAN) : i == 2 ? (ok ? 1.0 : 0.0) : applied);
    }`;
  return { program: { variableNames: [...inputs.keys()], outputShape: [4], userCode } };
});

/** GLSL for the clip factor and the gate, from the status input (see clipAndGate in the cpu kernels). */
function clipAndGate(clipNorm: number): string {
  const clip = clipNorm > 0 ? `getStatus(1) > ${float(clipNorm)} ? ${float(clipNorm)} / getStatus(1) : 1.0` : '1.0';
  return `float scale = ${clip};\n bool ok = getStatus(2) > 0.5;`;
}

const adamMoments = webglKernel<UpdateAttrs>(['moments', 'gradient', 'status'], (inputs, attrs) => {
  const shape = shapeOf(inputs, 'moments');
  const userCode = `
    void main() {
      ivec2 rc = getOutputCoords();
      ${clipAndGate(attrs.clipNorm)}
      float old = getMoments(rc.x, rc.y);
      float g = ${sampleFlat('gradient', shapeOf(inputs, 'gradient'), 'rc.y')} * scale;
      float next = rc.x == 0
        ? ${float(attrs.beta1)} * old + ${float(1 - attrs.beta1)} * g
        : ${float(attrs.beta2)} * old + ${float(1 - attrs.beta2)} * g * g;
      setOutput(ok ? next : old);
    }`;
  return { program: { variableNames: [...inputs.keys()], outputShape: shape, userCode } };
});

const updateParam = webglKernel<UpdateAttrs>(
  ['param', 'moments', 'gradient', 'status', 'stepSizes'],
  (inputs, attrs) => {
    const shape = shapeOf(inputs, 'param');
    const change =
      attrs.rule === 'adam'
        ? `getMoments(0, i) / (sqrt(getMoments(1, i)) + ${float(attrs.epsilon)})`
        : `scale * ${sampleFlat('gradient', shapeOf(inputs, 'gradient'), 'i')}`;
    const userCode = `
      void main() {
        int i = ${flatOutputIndex(shape)};
        ${clipAndGate(attrs.clipNorm)}
        float stepSize = getStepSizes(int(getStatus(3) - getStatus(2) + 0.5));
        float p = ${sampleFlat('param', shape, 'i')};
        setOutput(ok ? p - stepSize * ${change} : p);
      }`;
    return { program: { variableNames: [...inputs.keys()], outputShape: shape, userCode } };
  },
);

/** Every fused kernel's WebGL implementation, by the keys of {@link KERNEL}. */
export const webglKernels: Record<keyof typeof KERNEL, tf.KernelFunc> = {
  cellForward,
  cellBackward,
  joinRows,
  dense,
  denseBackward,
  weightGrad,
  initialGrad,
  columnSum,
  squaredError,
  squaredErrorGrad,
  globalNorm,
  stepStatus,
  adamMoments,
  updateParam,
};
