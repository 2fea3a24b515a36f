/**
 * Part of the glossary (see `glossary.ts` for the format): the fixes used in practice, and the
 * tools that evaluate and check the model.
 */
import type { Concept } from './glossary.ts';

/** The fixes used in practice. */
export const PRACTICE_TERMS: readonly Concept[] = [
  {
    id: 'clipping',
    group: 'practice',
    term: { ko: '기울기 클리핑', en: 'gradient clipping' },
    symbol: 'g \\leftarrow g \\cdot \\min\\left(1, c / \\lVert g \\rVert\\right)',
    chapter: 'practice',
    definition: {
      ko: '전역 노름 $\\lVert g \\rVert$가 문턱값 $c$를 넘으면 모든 기울기를 같은 비율로 줄여 노름을 $c$로 맞추는 것.',
      en: 'When the global norm $\\lVert g \\rVert$ exceeds the threshold $c$, scaling every gradient by the same factor so the norm becomes $c$.',
    },
    avoid: { ko: [/기울기\s*(?:자르기|잘라내기|절단)/] },
  },
  {
    id: 'global-norm',
    group: 'practice',
    term: { ko: '전역 노름', en: 'global norm' },
    symbol: '\\lVert g \\rVert',
    chapter: 'practice',
    definition: {
      ko: '모든 파라미터의 기울기를 한 벡터로 이어 붙였을 때의 유클리드 노름.',
      en: 'The Euclidean norm of all parameters’ gradients joined into one vector.',
    },
    avoid: { ko: ['글로벌 노름'] },
  },
  {
    id: 'burn-in',
    group: 'practice',
    term: { ko: '번인', en: 'burn-in' },
    symbol: 'k',
    chapter: 'practice',
    definition: {
      ko: '윈도의 처음 $k$개 시점을 손실에서 빼는 것. 셀은 그 시점들도 읽지만 그 예측은 학습에 쓰지 않습니다.',
      en: 'Leaving the first $k$ time steps of a window out of the loss; the cell still reads them, but their predictions do not train.',
    },
    avoid: { ko: ['버닝', '번-인'], en: [/\bburnin\b/i] },
  },
  {
    id: 'warm-up',
    group: 'practice',
    term: { ko: '워밍업 구간', en: 'warm-up prefix' },
    symbol: 'P',
    chapter: 'practice',
    definition: {
      ko: '윈도 앞에 실제 과거 입력 $P$개를 먼저 읽혀 상태를 만들어 두는 것. 그 구간에서는 예측하지 않습니다.',
      en: 'Feeding $P$ real past inputs before the window so the state is ready; nothing is predicted during them.',
    },
    avoid: { ko: ['웜업', '웜 업', '예열 구간'], en: [/\bwarmup\b/i] },
  },
  {
    id: 'truncated-bptt',
    group: 'practice',
    term: { ko: '잘린 시간 역전파', en: 'truncated BPTT' },
    symbol: 'T_{\\text{tr}}',
    chapter: 'practice',
    definition: {
      ko: '긴 시퀀스를 길이 $T_{\\text{tr}}$인 조각으로 나눠, 상태는 이어서 넘기되 기울기는 조각 안에서만 거슬러 보내는 방법.',
      en: 'Cutting a long sequence into pieces of length $T_{\\text{tr}}$: the state carries on, but gradients flow back only within a piece.',
    },
    avoid: { ko: [/절단(?:된)?\s*(?:BPTT|시간 역전파|역전파)/] },
  },
  {
    id: 'gated-cell',
    group: 'practice',
    term: { ko: '게이트 셀', en: 'gated cell' },
    symbol: '',
    chapter: 'practice',
    definition: {
      ko: 'LSTM, GRU처럼 게이트로 상태의 갱신을 조절해 기울기 소실을 누그러뜨리는 셀.',
      en: 'A cell such as the LSTM or GRU whose gates control how the state is updated, easing vanishing gradients.',
    },
    avoid: { ko: ['게이티드 셀'] },
  },
];

/** Evaluation and the tools that check the model. */
export const TOOL_TERMS: readonly Concept[] = [
  {
    id: 'mse-per-step',
    group: 'tools',
    term: { ko: '시점별 평균 제곱 오차', en: 'mean squared error per time step' },
    symbol: '\\mathrm{MSE}(t)',
    chapter: 'evaluation',
    definition: {
      ko: '테스트 윈도 $N$개에 걸쳐 시점 $t$ 하나의 제곱 오차를 평균한 값.',
      en: 'The squared error at one time step $t$, averaged over the $N$ test windows.',
    },
    avoid: { ko: ['평균제곱오차', '평균 자승 오차', '평균 제곱 에러'], en: [/\bmean square error\b/i] },
  },
  {
    id: 'pretrained',
    group: 'tools',
    term: { ko: '미리 학습된 모델', en: 'pretrained model' },
    symbol: '',
    chapter: 'evaluation',
    definition: {
      ko: '사이트와 함께 배포되는, 미리 학습해 둔 가중치 파일. 페이지를 열자마자 그림을 보여 줍니다.',
      en: 'A weights file trained in advance and shipped with the site, so figures show a finished model at once.',
    },
    avoid: { ko: [/사전\s*(?:학습|훈련)된/, '프리트레인'] },
  },
  {
    id: 'engine',
    group: 'tools',
    term: { ko: '엔진', en: 'engine' },
    symbol: '',
    chapter: 'forward',
    definition: {
      ko: '모델을 계산하는 구현. 타입 배열로 직접 구현한 엔진과 TensorFlow.js 엔진(WebGL, WASM, CPU)이 있습니다.',
      en: 'An implementation that computes the model: the from-scratch engine on typed arrays, or TensorFlow.js (WebGL, WASM, CPU).',
    },
    avoid: {},
  },
  {
    id: 'autodiff',
    group: 'tools',
    term: { ko: '자동 미분', en: 'automatic differentiation' },
    symbol: '',
    chapter: 'forward',
    definition: {
      ko: '계산 그래프를 기록해 두었다가 기울기를 기계적으로 구하는 방법. TensorFlow.js 엔진이 씁니다.',
      en: 'Recording the computation and deriving its gradients mechanically; the TensorFlow.js engine uses it.',
    },
    avoid: { ko: ['자동미분'] },
  },
  {
    id: 'gradient-check',
    group: 'tools',
    term: { ko: '기울기 확인', en: 'gradient check' },
    symbol: '',
    chapter: 'inside',
    definition: {
      ko: '손으로 유도한 기울기를 유한 차분과 자동 미분의 결과와 비교해 맞는지 확인하는 것.',
      en: 'Comparing hand-derived gradients with finite differences and with automatic differentiation.',
    },
    avoid: { ko: [/기울기\s*(?:검산|검사|점검|체크|검증)/] },
  },
  {
    id: 'finite-difference',
    group: 'tools',
    term: { ko: '유한 차분', en: 'finite differences' },
    symbol: '\\varepsilon',
    chapter: 'inside',
    definition: {
      ko: '파라미터 하나를 $\\pm\\varepsilon$만큼 움직였을 때의 손실 변화로 기울기를 어림하는 방법. Adam의 $\\epsilon$과는 다른 기호입니다.',
      en: 'Estimating a gradient from the change in loss when one parameter moves by $\\pm\\varepsilon$; not Adam’s $\\epsilon$.',
    },
    avoid: { ko: ['유한차분'] },
  },
  {
    id: 'relative-error',
    group: 'tools',
    term: { ko: '상대 오차', en: 'relative error' },
    symbol: '\\mathrm{err}(a, b)',
    chapter: 'inside',
    definition: {
      ko: '두 값의 차이를 그 값들의 크기로 나눈 것. 기울기 확인의 판정 기준입니다.',
      en: 'The difference of two values divided by their size; the yardstick of the gradient check.',
    },
    avoid: { ko: ['상대 차이', '상대오차', '상대적 오차'], en: [/\brelative differences?\b/i] },
  },
  {
    id: 'seed',
    group: 'tools',
    term: { ko: '시드', en: 'seed' },
    symbol: '',
    chapter: 'training',
    definition: {
      ko: '무작위 수열을 정하는 정수. 시드가 같으면 데이터, 초기 가중치, 배치 순서가 모두 같습니다.',
      en: 'The integer that fixes every random draw: the same seed gives the same data, initial weights and batch order.',
    },
    avoid: { ko: ['씨드', '씨앗'] },
  },
  {
    id: 'reset',
    group: 'tools',
    term: { ko: '초기화', en: 'reset' },
    symbol: '',
    chapter: 'training',
    definition: {
      ko: '데모의 모델을 시드의 초기 가중치로 되돌리는 것.',
      en: 'Returning a demo’s model to the initial weights of its seed.',
    },
    avoid: { ko: ['리셋', /^처음으로$/, /처음으로\s*(?:되돌|돌아)/, /\*\*처음으로\*\*/, /[“"]처음으로[”"]/] },
  },
];
