/**
 * Words of the one-step shapes figure in both languages (see `unrolled-labels.ts` for why they
 * live here rather than in props).
 */

/** The words one locale needs. */
export interface StepShapesWords {
  alt: string;
  nextStep: string;
  caption: string;
}

const KO: StepShapesWords = {
  alt:
    '배치 하나가 시점 하나를 지나는 동안의 행렬 모양. X(t)는 B×F, H(t−1)은 B×H입니다. X(t)에 W_xh(F×H)를, ' +
    'H(t−1)에 W_hh(H×H)를 곱하면 둘 다 B×H가 되고, 여기에 b_h를 모든 행에 더한 것이 A(t)(B×H)입니다. tanh를 거친 ' +
    'H(t)(B×H)는 다음 시점으로 넘어가고, W_hy(H×O)와 b_y, tanh를 거쳐 Z(t)(B×O)가, W_l(O×1)과 b_l을 거쳐 ' +
    '예측 ŷ(t)(B×1)가 됩니다.',
  nextStep: '다음 시점으로',
  caption:
    '배치 하나가 시점 하나를 지나는 동안의 행렬 모양. 괄호 안은 실험실 기본값 B = 64, F = 1, H = O = 32일 때의 ' +
    '모양입니다.',
};

const EN: StepShapesWords = {
  alt:
    'The matrix shapes of one batch through one time step. X(t) is B×F and H(t−1) is B×H. Multiplying X(t) by W_xh ' +
    '(F×H) and H(t−1) by W_hh (H×H) gives two B×H matrices; their sum plus b_h, added to every row, is A(t) (B×H). ' +
    'Through the tanh it becomes H(t) (B×H), which goes on to the next time step; through W_hy (H×O), b_y and a tanh ' +
    'it becomes Z(t) (B×O), and through W_l (O×1) and b_l the prediction ŷ(t) (B×1).',
  nextStep: 'next time step',
  caption:
    'The matrix shapes of one batch through one time step. In brackets: the shapes with the lab defaults B = 64, ' +
    'F = 1, H = O = 32.',
};

/** The words for a page locale (Korean unless it is English). */
export function stepShapesWords(locale: string | undefined): StepShapesWords {
  return locale === 'en' ? EN : KO;
}
