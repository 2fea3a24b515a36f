/**
 * Words of the per-time-step test MSE figure in both languages (see `unrolled-labels.ts` for
 * why they live here rather than in props).
 */

/** The words one locale needs; `alt` takes the first four values as written in the figure. */
export interface MsePerStepWords {
  alt: (early: readonly string[]) => string;
  xAxis: string;
  yAxis: string;
  bayes: string;
  caption: string;
}

const KO: MsePerStepWords = {
  alt: (early) =>
    `미리 학습된 동기 모델의 시점별 테스트 MSE, 로그 눈금. t = 0에서 ${early[0]}로 점선인 베이즈 오차 ½ 바로 위에 있고, ` +
    `t = 1에서 ${early[1]}, t = 2에서 ${early[2]}, t = 3에서 ${early[3]}로 빠르게 떨어진 뒤, 나머지 시점에서는 ` +
    '10⁻⁵ 근처에 머뭅니다.',
  xAxis: '시점 t',
  yAxis: '테스트 MSE',
  bayes: '½: t = 0의 베이즈 오차',
  caption:
    '미리 학습된 동기 모델(2,000스텝)의 시점별 테스트 MSE. 테스트 윈도 1,024개의 평균이고, 세로축은 로그 눈금입니다. ' +
    '음영은 처음 네 시점입니다.',
};

const EN: MsePerStepWords = {
  alt: (early) =>
    `Test MSE per time step of the pretrained synced model, on a log scale. At t = 0 it is ${early[0]}, just above the ` +
    `dashed Bayes error of ½; it falls fast to ${early[1]} at t = 1, ${early[2]} at t = 2 and ${early[3]} at t = 3, ` +
    'and stays near 10⁻⁵ for the other time steps.',
  xAxis: 'time step t',
  yAxis: 'test MSE',
  bayes: '½: Bayes error at t = 0',
  caption:
    'Test MSE per time step of the pretrained synced model (2,000 steps), averaged over the 1,024 test windows, on a ' +
    'log scale. The shaded band is the first four time steps.',
};

/** The words for a page locale (Korean unless it is English). */
export function msePerStepWords(locale: string | undefined): MsePerStepWords {
  return locale === 'en' ? EN : KO;
}
