/**
 * The glossary: one Korean and one English term per concept, its symbol, the chapter that
 * introduces it, a one-line definition per locale, and the variants each locale must not use.
 *
 * Three things read it: the glossary page (`GlossaryTable.astro`, build time), the check
 * `scripts/check-glossary.mjs` (run by `npm test`, fails on any variant in a page or UI string),
 * and the people writing the chapters. Definitions may hold inline math in `$…$` (KaTeX source).
 *
 * Variants are plain strings (matched literally) or regular expressions. A regular expression may
 * look into neighbouring math (`스텝 $t$`) but a match that starts inside math or code is ignored.
 * JavaScript's `\b` only knows ASCII words, so Korean patterns use look-arounds on `[가-힣]` instead.
 */
import { TRAINING_TERMS } from './glossary-training.ts';

export type GlossaryLocale = 'ko' | 'en';

/** Chapter slugs, the same in both locales. */
export type ChapterSlug =
  'introduction' | 'forward' | 'training' | 'evaluation' | 'original' | 'variants' | 'practice' | 'inside';

/** Where a concept is listed on the glossary page. */
export type ConceptGroup = 'task' | 'model' | 'variants' | 'training' | 'practice' | 'tools';

/** A word or phrase not to use; `use` names the replacement when it is not the concept's term. */
export type Variant = string | RegExp | { pattern: string | RegExp; use: string };

/** One concept of the glossary. */
export interface Concept {
  /** Stable id, also the anchor on the glossary page (`#time-step`). */
  id: string;
  group: ConceptGroup;
  /** The one term per locale. */
  term: Record<GlossaryLocale, string>;
  /** KaTeX source of the symbol, '' when the concept has none. */
  symbol: string;
  /** The chapter that introduces the concept. */
  chapter: ChapterSlug;
  /** One line per locale; may contain `$…$` math. */
  definition: Record<GlossaryLocale, string>;
  /** Non-preferred variants per locale. */
  avoid: Partial<Record<GlossaryLocale, readonly Variant[]>>;
}

/** The task and the data. */
const TASK_TERMS: readonly Concept[] = [
  {
    id: 'window',
    group: 'task',
    term: { ko: '윈도', en: 'window' },
    symbol: '',
    chapter: 'introduction',
    definition: {
      ko: '사인파에서 잘라 낸, 연속한 샘플 $T$개의 구간. 학습도 평가도 윈도 단위로 합니다.',
      en: 'A stretch of $T$ consecutive samples cut from a sine wave; training and evaluation work window by window.',
    },
    avoid: { ko: ['윈도우'] },
  },
  {
    id: 'time-step',
    group: 'task',
    term: { ko: '시점', en: 'time step' },
    symbol: 't',
    chapter: 'introduction',
    definition: {
      ko: '윈도 안에서 샘플 하나의 자리($t = 0, \\dots, T-1$). 셀은 시점마다 한 번 돌아갑니다. 파라미터 갱신을 뜻하는 스텝과 구별합니다.',
      en: 'The position of one sample in a window, $t = 0, \\dots, T-1$; the cell runs once per time step. Not to be confused with a training step.',
    },
    avoid: {
      ko: [
        '시간 단계',
        '시간단계',
        '시간 스텝',
        '시간스텝',
        '타임 스텝',
        '타임스텝',
        /시각(?![화적])/,
        /(?:스텝|단계)\s*\$\s*[tsT](?![A-Za-z])/,
        /(?:스텝|단계)\s*(?:[ts]|\{(?:t|s|next)\})(?![A-Za-z0-9_])/,
        // A time offset (“8 시점 뒤”); training progress is written “200 스텝 후”.
        {
          pattern: /(?:스텝|단계)\s*(?:뒤|앞|늦게|일찍|전(?![체부략환달파진송]))/,
          use: '시점 (학습 스텝의 진행이면 “스텝 후”)',
        },
        /스텝별\s*(?:입력|예측|정답|테스트|오차)/,
        /스텝마다\s*한\s*열/,
        '스텝짜리',
        /(?:스텝|단계)\s*간격/,
        /\{horizon\}\s*스텝/,
        '(스텝)',
        '단계마다',
        '단계별',
        '모든 단계',
      ],
      en: [/\btimesteps?\b/i, /(?<!per-)\btime-steps?\b/i],
    },
  },
  {
    id: 'window-length',
    group: 'task',
    term: { ko: '윈도 길이', en: 'window length' },
    symbol: 'T',
    chapter: 'introduction',
    definition: {
      ko: '윈도 하나의 시점 수. 원래 글과 이 사이트 모두 64입니다.',
      en: 'The number of time steps in a window: 64, in the original and here.',
    },
    avoid: {},
  },
  {
    id: 'target',
    group: 'task',
    term: { ko: '정답', en: 'target' },
    symbol: 'y^{(t)}',
    chapter: 'introduction',
    definition: {
      ko: '시점 $t$에서 맞혀야 하는 값. 이 과제에서는 같은 파동의 예측 거리만큼 뒤의 값입니다.',
      en: 'The value to be predicted at time step $t$: here the same wave, one forecast horizon later.',
    },
    avoid: { ko: ['타깃', '타겟', '목표값', '목푯값'], en: [/\bground[- ]truth\b/i] },
  },
  {
    id: 'prediction',
    group: 'task',
    term: { ko: '예측', en: 'prediction' },
    symbol: '\\hat{y}^{(t)}',
    chapter: 'introduction',
    definition: {
      ko: '모델이 시점 $t$에 내놓는 값. 정답 $y^{(t)}$와 비교합니다.',
      en: 'The value the model outputs at time step $t$, compared with the target $y^{(t)}$.',
    },
    avoid: { ko: ['예상값', '예상치'] },
  },
  {
    id: 'horizon',
    group: 'task',
    term: { ko: '예측 거리', en: 'forecast horizon' },
    symbol: '',
    chapter: 'introduction',
    definition: {
      ko: '정답이 입력보다 몇 시점 앞의 값인지. 기본값 8은 주기 32의 4분의 1입니다.',
      en: 'How many time steps ahead of the input the target lies; the default, 8, is a quarter of the 32-step period.',
    },
    avoid: { ko: ['호라이즌'] },
  },
  {
    id: 'noise',
    group: 'task',
    term: { ko: '입력 잡음', en: 'input noise' },
    symbol: '',
    chapter: 'training',
    definition: {
      ko: '입력에만 더하는 가우스 잡음. 실험실에서 표준편차를 정합니다. 정답에는 더하지 않습니다.',
      en: 'Gaussian noise added to the inputs only (never to the targets); the lab sets its standard deviation.',
    },
    avoid: { ko: ['노이즈'] },
  },
  {
    id: 'test-window',
    group: 'task',
    term: { ko: '테스트 윈도', en: 'test window' },
    symbol: 'N',
    chapter: 'evaluation',
    definition: {
      ko: '학습에 쓰지 않고 따로 둔 윈도 $N = 1{,}024$개. 모든 테스트 MSE는 여기서 잽니다.',
      en: 'The $N = 1{,}024$ windows kept out of training; every test MSE is measured on them.',
    },
    avoid: {},
  },
];

/** The model: cell, state, output layers, parameters. */
const MODEL_TERMS: readonly Concept[] = [
  {
    id: 'hidden-state',
    group: 'model',
    term: { ko: '은닉 상태', en: 'hidden state' },
    symbol: 'h^{(t)}',
    chapter: 'introduction',
    definition: {
      ko: '지금까지 읽은 입력을 요약한 길이 $H$의 행 벡터. 신경망의 기억입니다.',
      en: 'A row vector of $H$ numbers that summarises the inputs read so far: the network’s memory.',
    },
    avoid: { ko: ['은닉상태', '히든 스테이트', '숨은 상태', '숨겨진 상태'] },
  },
  {
    id: 'hidden-size',
    group: 'model',
    term: { ko: '은닉 크기', en: 'hidden size' },
    symbol: 'H',
    chapter: 'introduction',
    definition: {
      ko: '은닉 상태의 유닛 수. 원래 글에서는 32입니다.',
      en: 'The number of units in the hidden state; 32 in the original.',
    },
    avoid: { ko: ['히든 사이즈', '은닉 사이즈'] },
  },
  {
    id: 'input-size',
    group: 'model',
    term: { ko: '입력 크기', en: 'input size' },
    symbol: 'F',
    chapter: 'introduction',
    definition: {
      ko: '시점마다 들어가는 특징 수. 이 과제에서는 1입니다.',
      en: 'The number of features per time step; 1 in this task.',
    },
    avoid: { ko: ['피처'] },
  },
  {
    id: 'cell',
    group: 'model',
    term: { ko: '셀', en: 'cell' },
    symbol: 'h^{(t)} = \\tanh(x^{(t)} W_{xh} + h^{(t-1)} W_{hh} + b_h)',
    chapter: 'introduction',
    definition: {
      ko: '입력과 이전 은닉 상태로 새 은닉 상태를 만드는 순환 부분. 모든 시점에서 같은 가중치를 씁니다.',
      en: 'The recurrent part that makes the new hidden state from the input and the previous state, with the same weights at every time step.',
    },
    avoid: {},
  },
  {
    id: 'unrolling',
    group: 'model',
    term: { ko: '펼치기', en: 'unrolling' },
    symbol: '',
    chapter: 'introduction',
    definition: {
      ko: '셀을 시점마다 하나씩 그려, 순환 신경망을 가중치를 공유하는 깊은 신경망으로 보는 것.',
      en: 'Drawing one copy of the cell per time step, so the recurrent network becomes a deep network with shared weights.',
    },
    avoid: { ko: ['언롤'] },
  },
  {
    id: 'parameter',
    group: 'model',
    term: { ko: '파라미터', en: 'parameter' },
    symbol: '\\theta',
    chapter: 'introduction',
    definition: {
      ko: '학습으로 정해지는 값 전체: $W_{xh}, W_{hh}, b_h, W_{hy}, b_y, W_l, b_l$.',
      en: 'Everything training sets: $W_{xh}, W_{hh}, b_h, W_{hy}, b_y, W_l, b_l$.',
    },
    avoid: { ko: [/매개\s*변수/] },
  },
  {
    id: 'recurrent-weights',
    group: 'model',
    term: { ko: '순환 가중치', en: 'recurrent weights' },
    symbol: 'W_{hh}',
    chapter: 'introduction',
    definition: {
      ko: '이전 은닉 상태를 다음 시점으로 넘기는 $H \\times H$ 행렬.',
      en: 'The $H \\times H$ matrix that carries the previous hidden state into the next time step.',
    },
    avoid: {},
  },
  {
    id: 'input-projection',
    group: 'model',
    term: { ko: '입력 투영', en: 'input projection' },
    symbol: 'x^{(t)} W_{xh}',
    chapter: 'forward',
    definition: {
      ko: '입력을 은닉 상태의 공간으로 옮기는 곱. 모든 시점의 것을 반복문 전에 한 번에 계산할 수 있습니다.',
      en: 'The product that maps the input into the state space; all time steps can be computed at once before the loop.',
    },
    avoid: { ko: ['입력 사영', '입력 프로젝션'] },
  },
  {
    id: 'output-layer',
    group: 'model',
    term: { ko: '출력층', en: 'output layer' },
    symbol: 'z^{(t)} = \\tanh(h^{(t)} W_{hy} + b_y)',
    chapter: 'introduction',
    definition: {
      ko: '은닉 상태를 예측으로 바꾸는 부분: 유닛 $O$개의 $\\tanh$ 층과 그 뒤의 선형 층 $\\hat{y}^{(t)} = z^{(t)} W_l + b_l$.',
      en: 'What turns the hidden state into a prediction: a $\\tanh$ layer of $O$ units, then the linear layer $\\hat{y}^{(t)} = z^{(t)} W_l + b_l$.',
    },
    avoid: { ko: [/출력\s*레이어/, /출력\s+층/, '아웃풋 레이어'] },
  },
  {
    id: 'output-units',
    group: 'model',
    term: { ko: '출력 유닛 수', en: 'output units' },
    symbol: 'O',
    chapter: 'introduction',
    definition: {
      ko: '출력층 $\\tanh$ 부분의 유닛 수. 원래 글에서는 32입니다.',
      en: 'The number of units of the output layer’s $\\tanh$ part; 32 in the original.',
    },
    avoid: {},
  },
  {
    id: 'xavier',
    group: 'model',
    term: { ko: 'Xavier 초기화', en: 'Xavier initialisation' },
    symbol: 'U(-a, a),\\ a = \\sqrt{6 / (n_{\\text{in}} + n_{\\text{out}})}',
    chapter: 'original',
    definition: {
      ko: '가중치 행렬을 입력 쪽 크기와 출력 쪽 크기로 정한 구간에서 균등하게 뽑는 초기화. 원래 글이 썼고, 이 사이트도 씁니다.',
      en: 'Drawing each weight matrix uniformly from a range set by its input and output sizes; the original used it, and so does this site.',
    },
    avoid: {
      ko: ['자비에', '세이비어', '글로럿', /Glorot\s*초기화/],
      en: [
        { pattern: /\bGlorot initiali[sz]ation\b/, use: 'Xavier initialisation' },
        { pattern: /\binitializ(?:e|es|ed|ing|ation|er)\b/i, use: 'initialis… (British spelling)' },
      ],
    },
  },
  {
    id: 'initial-state',
    group: 'model',
    term: { ko: '초기 상태', en: 'initial state' },
    symbol: 'h^{(-1)}',
    chapter: 'introduction',
    definition: {
      ko: '첫 시점 전의 은닉 상태. 셀이 $t = 0$에서 읽는 “이전 상태”입니다.',
      en: 'The hidden state before the first time step: the “previous state” the cell reads at $t = 0$.',
    },
    avoid: { ko: ['시작 상태', '처음 상태'] },
  },
  {
    id: 'zero-initial-state',
    group: 'model',
    term: { ko: '0 초기 상태', en: 'zero initial state' },
    symbol: 'h^{(-1)} = 0',
    chapter: 'introduction',
    definition: {
      ko: '초기 상태를 모든 윈도에서 0으로 두는 방식. 원래 글과 이 사이트의 기본값입니다.',
      en: 'Starting every window from a hidden state of zeros; the default of the original and of this site.',
    },
    avoid: {},
  },
  {
    id: 'learned-initial-state',
    group: 'model',
    term: { ko: '학습되는 초기 상태', en: 'learned initial state' },
    symbol: 'h^{(-1)} = h_{\\text{init}}',
    chapter: 'practice',
    definition: {
      ko: '초기 상태를 다른 가중치처럼 학습하는 길이 $H$의 파라미터 벡터 $h_{\\text{init}}$로 두는 방식.',
      en: 'Making the initial state a parameter vector $h_{\\text{init}}$ of length $H$, trained like the other weights.',
    },
    avoid: {},
  },
];

/** Every concept, in the order of the glossary page. */
export const GLOSSARY: readonly Concept[] = [...TASK_TERMS, ...MODEL_TERMS, ...TRAINING_TERMS];

/** Headings and labels of the glossary page. */
export const GLOSSARY_LABELS: Record<
  GlossaryLocale,
  {
    term: string;
    symbol: string;
    definition: string;
    chapter: string;
  }
> = {
  ko: {
    term: '용어',
    symbol: '기호',
    definition: '정의',
    chapter: '처음 나오는 장',
  },
  en: {
    term: 'Term',
    symbol: 'Symbol',
    definition: 'Definition',
    chapter: 'Introduced in',
  },
};
