/**
 * Part of the glossary (see `glossary.ts` for the format): the three variants and training.
 */
import type { Concept } from './glossary.ts';
import { PRACTICE_TERMS, TOOL_TERMS } from './glossary-practice.ts';

const VARIANT_TERMS: readonly Concept[] = [
  {
    id: 'synced',
    group: 'variants',
    term: { ko: '동기 RNN', en: 'synced RNN' },
    symbol: '',
    chapter: 'forward',
    definition: {
      ko: '시점 $t$의 예측을 $h^{(t)}$에서 읽는 방식. 그때까지의 입력 $x^{(0)}, \\dots, x^{(t)}$만 봅니다.',
      en: 'Reads the prediction for time step $t$ from $h^{(t)}$, having seen only $x^{(0)}, \\dots, x^{(t)}$.',
    },
    avoid: {
      ko: [/동기화(?:된)?\s*(?:RNN|신경망|모델|방식)/, /싱크\s*RNN/, '동기식'],
      en: [/\bsync (?:RNN|network|model|variant)s?\b/i, /\bsynchronous (?:RNN|network|model|variant)s?\b/i],
    },
  },
  {
    id: 'delayed',
    group: 'variants',
    term: { ko: '지연 RNN', en: 'delayed RNN' },
    symbol: '',
    chapter: 'forward',
    definition: {
      ko: '입력 뒤에 0을 $d$개 덧붙여 읽고, 시점 $t$의 예측을 $h^{(t+d)}$에서 읽는 방식.',
      en: 'Reads the window followed by $d$ zeros and takes the prediction for time step $t$ from $h^{(t+d)}$.',
    },
    avoid: { ko: [{ pattern: '딜레이', use: '지연' }] },
  },
  {
    id: 'delay',
    group: 'variants',
    term: { ko: '지연', en: 'delay' },
    symbol: 'd',
    chapter: 'forward',
    definition: {
      ko: '지연 RNN이 예측을 미루는 시점 수.',
      en: 'The number of time steps by which the delayed RNN postpones each prediction.',
    },
    avoid: {},
  },
  {
    id: 'bidirectional',
    group: 'variants',
    term: { ko: '양방향 RNN', en: 'bidirectional RNN' },
    symbol: 'g^{(t)}',
    chapter: 'forward',
    definition: {
      ko: '윈도를 끝에서부터 읽는 셀을 하나 더 두고, 그 상태 $g^{(t)}$와 $h^{(t)}$를 함께 출력층에 넣는 방식.',
      en: 'Adds a second cell that reads the window from the end; the output layer reads its state $g^{(t)}$ together with $h^{(t)}$.',
    },
    avoid: { ko: ['쌍방향', /양\s+방향/], en: [/\bbi-directional\b/i, /\bbi-?direction\b/i] },
  },
  {
    id: 'receptive-field',
    group: 'variants',
    term: { ko: '수용 영역', en: 'receptive field' },
    symbol: 'R_{ts} = \\left|\\partial \\hat{y}^{(t)} / \\partial x^{(s)}\\right|',
    chapter: 'variants',
    definition: {
      ko: '예측 $\\hat{y}^{(t)}$가 어느 입력 $x^{(s)}$에 얼마나 민감한지를 나타낸 것.',
      en: 'How sensitive the prediction $\\hat{y}^{(t)}$ is to each input $x^{(s)}$.',
    },
    avoid: { ko: ['수용장', '수용 필드', '리셉티브 필드'] },
  },
  {
    id: 'bayes-error',
    group: 'variants',
    term: { ko: '베이즈 오차', en: 'Bayes error' },
    symbol: '',
    chapter: 'variants',
    definition: {
      ko: '주어진 정보로는 어떤 모델도 더 줄일 수 없는 오차. 동기 RNN의 $t = 0$에서는 $\\tfrac{1}{2}$입니다.',
      en: 'The error no model can go below with the information it has; $\\tfrac{1}{2}$ for a synced RNN at $t = 0$.',
    },
    avoid: { ko: ['베이즈 에러'] },
  },
  {
    id: 'latency',
    group: 'variants',
    term: { ko: '지연 시간', en: 'latency' },
    symbol: '',
    chapter: 'variants',
    definition: {
      ko: '입력이 들어온 뒤 그 시점의 예측이 나오기까지 걸리는 시점 수. 지연 RNN은 $d$, 양방향 RNN은 윈도 끝까지입니다.',
      en: 'How many time steps pass between an input and the prediction for it: $d$ for the delayed RNN, the rest of the window for the bidirectional one.',
    },
    avoid: { ko: ['레이턴시'] },
  },
  {
    id: 'causality',
    group: 'variants',
    term: { ko: '인과성', en: 'causality' },
    symbol: '',
    chapter: 'variants',
    definition: {
      ko: '예측이 그 시점까지의 입력만 쓰는 성질. 실시간 예측에 필요하고, 양방향 RNN에는 없습니다.',
      en: 'Using only inputs up to the current time step; live forecasting needs it, and the bidirectional RNN lacks it.',
    },
    avoid: {},
  },
];

const TRAINING_ONLY_TERMS: readonly Concept[] = [
  {
    id: 'training',
    group: 'training',
    term: { ko: '학습', en: 'training' },
    symbol: '',
    chapter: 'introduction',
    definition: {
      ko: '손실이 줄어드는 쪽으로 파라미터를 되풀이해 갱신하는 일.',
      en: 'Updating the parameters again and again so that the loss goes down.',
    },
    avoid: { ko: [{ pattern: '훈련', use: '학습' }] },
  },
  {
    id: 'loss',
    group: 'training',
    term: { ko: '손실', en: 'loss' },
    symbol: 'L',
    chapter: 'introduction',
    definition: {
      ko: '배치의 모든 윈도와 시점에 걸친 제곱 오차의 평균. 학습은 이 값을 줄입니다.',
      en: 'The squared error averaged over every window and time step of a batch; training drives it down.',
    },
    avoid: {
      ko: [/(?<![가-힣])로스/, '비용 함수', '코스트'],
      en: [{ pattern: /\bcost function\b/i, use: 'loss' }],
    },
  },
  {
    id: 'batch',
    group: 'training',
    term: { ko: '배치', en: 'batch' },
    symbol: '',
    chapter: 'introduction',
    definition: {
      ko: '한 스텝에서 함께 계산하는 윈도 묶음.',
      en: 'The windows computed together in one training step.',
    },
    avoid: { ko: ['미니배치', '미니 배치'], en: [/\bmini-?batch(?:es)?\b/i] },
  },
  {
    id: 'batch-size',
    group: 'training',
    term: { ko: '배치 크기', en: 'batch size' },
    symbol: 'B',
    chapter: 'introduction',
    definition: {
      ko: '배치 하나에 든 윈도 수. 실험실 기본값은 64, 원래 글은 2,048입니다.',
      en: 'The number of windows in a batch: 64 by default in the lab, 2,048 in the original.',
    },
    avoid: {
      ko: [
        '배치 사이즈',
        '배치사이즈',
        // “배치 64개” reads as 64 batches.
        { pattern: /배치\s*(?:\$[^$\n]*\$|[\d,]+)\s*개/, use: '배치 크기 …' },
      ],
    },
  },
  {
    id: 'training-step',
    group: 'training',
    term: { ko: '학습 스텝', en: 'training step' },
    symbol: '',
    chapter: 'training',
    definition: {
      ko: '배치 하나로 기울기를 구해 파라미터를 한 번 갱신하는 일. 줄여서 스텝이라 하고, 학습의 진행은 “200 스텝 후”처럼 씁니다.',
      en: 'One update of all parameters from the gradient of one batch; “step” for short.',
    },
    avoid: {
      ko: [
        { pattern: '학습 단계', use: '학습 스텝' },
        { pattern: '이터레이션', use: '스텝' },
      ],
    },
  },
  {
    id: 'epoch',
    group: 'training',
    term: { ko: '에포크', en: 'epoch' },
    symbol: '',
    chapter: 'training',
    definition: {
      ko: '학습 윈도 전체를 한 번씩 쓰는 동안의 스텝들. 윈도 4,096개를 배치 크기 2,048로 나누면 한 에포크는 두 스텝입니다.',
      en: 'The steps that use every training window once; 4,096 windows in batches of 2,048 make an epoch of two steps.',
    },
    avoid: { ko: ['에폭'] },
  },
  {
    id: 'gradient',
    group: 'training',
    term: { ko: '기울기', en: 'gradient' },
    symbol: 'g = \\partial L / \\partial \\theta',
    chapter: 'training',
    definition: {
      ko: '파라미터를 조금 바꿀 때 손실이 변하는 비율. 파라미터와 모양이 같습니다.',
      en: 'How fast the loss changes as each parameter changes; it has the shape of the parameters.',
    },
    avoid: { ko: ['그래디언트', '그레이디언트', '그라디언트', /경사(?!\s*하강)/] },
  },
  {
    id: 'pre-activation',
    group: 'training',
    term: { ko: '활성화 전 값', en: 'pre-activation' },
    symbol: 'a^{(t)},\\ \\delta^{(t)} = \\partial L / \\partial a^{(t)}',
    chapter: 'training',
    definition: {
      ko: '셀에서 $\\tanh$에 들어가기 직전의 값($h^{(t)} = \\tanh(a^{(t)})$). 시간 역전파는 이 값에 대한 기울기 $\\delta^{(t)}$를 거꾸로 전합니다.',
      en: 'The cell’s value just before the $\\tanh$, $h^{(t)} = \\tanh(a^{(t)})$; backpropagation through time passes its gradient $\\delta^{(t)}$ backwards.',
    },
    avoid: {},
  },
  {
    id: 'bptt',
    group: 'training',
    term: { ko: '시간 역전파', en: 'backpropagation through time' },
    symbol: '',
    chapter: 'introduction',
    definition: {
      ko: '펼친 신경망을 마지막 시점부터 첫 시점까지 거꾸로 지나며 기울기를 구하는 역전파. 줄여서 BPTT.',
      en: 'Backpropagation through the unrolled network, from the last time step to the first; BPTT for short.',
    },
    avoid: {
      ko: ['시간에 따른 역전파', '시간을 통한 역전파', '시간 역전달', /시간\s*축\s*역전파/],
      en: [{ pattern: /\bback[- ]propagation\b/i, use: 'backpropagation' }],
    },
  },
  {
    id: 'learning-rate',
    group: 'training',
    term: { ko: '학습률', en: 'learning rate' },
    symbol: '\\eta',
    chapter: 'training',
    definition: {
      ko: '한 스텝에서 파라미터를 움직이는 크기를 정하는 수. 실험실 기본값 0.01, 원래 글 0.001.',
      en: 'The number that sets how far one step moves the parameters: 0.01 in the lab, 0.001 in the original.',
    },
    avoid: { ko: ['학습율', /러닝\s*레이트/] },
  },
  {
    id: 'optimiser',
    group: 'training',
    term: { ko: '옵티마이저', en: 'optimiser' },
    symbol: '',
    chapter: 'introduction',
    definition: {
      ko: '기울기로 파라미터를 갱신하는 규칙. 이 사이트는 Adam을 씁니다.',
      en: 'The rule that updates the parameters from the gradient; this site uses Adam.',
    },
    avoid: {
      ko: ['최적화 알고리즘', '최적화기', '옵티마이져', '최적화 도구'],
      en: [{ pattern: /\b[Oo]ptimizers?\b/, use: 'optimiser' }],
    },
  },
  {
    id: 'adam',
    group: 'training',
    term: { ko: 'Adam', en: 'Adam' },
    symbol: 'm,\\ v',
    chapter: 'training',
    definition: {
      ko: '기울기의 이동 평균 $m$과 기울기 제곱의 이동 평균 $v$로 파라미터마다 스텝 크기를 조절하는 옵티마이저.',
      en: 'An optimiser that scales each parameter’s step by running averages of its gradient, $m$, and squared gradient, $v$.',
    },
    avoid: { ko: ['아담'] },
  },
  {
    id: 'adam-betas',
    group: 'training',
    term: { ko: 'Adam 감쇠율', en: 'Adam decay rates' },
    symbol: '\\beta_1,\\ \\beta_2',
    chapter: 'training',
    definition: {
      ko: '$m$과 $v$가 지난 기울기를 얼마나 오래 기억하는지 정하는 수. 기본값은 0.9와 0.999입니다.',
      en: 'How long $m$ and $v$ remember past gradients; 0.9 and 0.999 by default.',
    },
    avoid: {},
  },
  {
    id: 'adam-epsilon',
    group: 'training',
    term: { ko: 'Adam 엡실론', en: 'Adam epsilon' },
    symbol: '\\epsilon',
    chapter: 'training',
    definition: {
      ko: '0으로 나누지 않도록 분모 $\\sqrt{v}$에 더하는 작은 수. TF1 기본값은 $10^{-8}$입니다.',
      en: 'A small number added to the denominator $\\sqrt{v}$ to avoid dividing by zero; TF1’s default is $10^{-8}$.',
    },
    avoid: {},
  },
  {
    id: 'adam-step',
    group: 'training',
    term: { ko: 'Adam 스텝 수', en: 'Adam step count' },
    symbol: '\\tau',
    chapter: 'training',
    definition: {
      ko: '지금까지 한 스텝 수. 편향 보정 $1 - \\beta_1^{\\tau}$, $1 - \\beta_2^{\\tau}$에 쓰입니다. 번인의 $k$와는 다른 기호입니다.',
      en: 'The number of steps taken so far, used in the bias corrections $1 - \\beta_1^{\\tau}$ and $1 - \\beta_2^{\\tau}$; not the burn-in $k$.',
    },
    avoid: {},
  },
  {
    id: 'vanishing',
    group: 'training',
    term: { ko: '기울기 소실', en: 'vanishing gradients' },
    symbol: '\\operatorname{diag}\\!\\left(1 - (h^{(t)})^2\\right) W_{hh}^{\\top}',
    chapter: 'training',
    definition: {
      ko: '한 시점 거슬러 갈 때마다 곱해지는 인수 $\\operatorname{diag}(1 - (h^{(t)})^2)\\,W_{hh}^{\\top}$가 작아서 먼 과거의 기울기가 지수적으로 줄어드는 현상.',
      en: 'The factor $\\operatorname{diag}(1 - (h^{(t)})^2)\\,W_{hh}^{\\top}$, applied once per time step back, is small, so gradients from the distant past shrink geometrically.',
    },
    avoid: { ko: ['기울기 소멸', '기울기 사라짐'] },
  },
  {
    id: 'exploding',
    group: 'training',
    term: { ko: '기울기 폭발', en: 'exploding gradients' },
    symbol: '',
    chapter: 'training',
    definition: {
      ko: '같은 인수가 커서 기울기가 시점을 거슬러 갈수록 지수적으로 커지는 현상. $W_{hh}$에 달려 있습니다.',
      en: 'The same factor is large, so gradients grow geometrically as they travel back; it depends on $W_{hh}$.',
    },
    avoid: { ko: ['기울기 폭주'] },
  },
];

/** Variants, training, practice and tools, in page order. */
export const TRAINING_TERMS: readonly Concept[] = [
  ...VARIANT_TERMS,
  ...TRAINING_ONLY_TERMS,
  ...PRACTICE_TERMS,
  ...TOOL_TERMS,
];
