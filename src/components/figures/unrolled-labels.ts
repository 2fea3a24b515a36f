/**
 * Words of the unrolled-network figure in both languages. The figure is drawn at build time in
 * the page's language, and the chapters pass it the same props in both locales (the locale
 * check compares component tags), so its words live here rather than in props.
 */

/** The words one locale needs. */
export interface UnrolledWords {
  rolled: string;
  unrolled: string;
  forwardAlt: string;
  backwardAlt: string;
  inputWeights: string;
  recurrentWeights: string;
  outputLayer: string;
  outputLayerName: string;
  sameColour: string;
  fromPrediction: string;
  fromNextStep: string;
  cellGradient: string;
  zeroState: string;
}

const KO: UnrolledWords = {
  rolled: '접은 그림',
  unrolled: '시점마다 펼친 그림',
  forwardAlt:
    '펼친 순환 신경망. 시점 0, 1, 2, …, T−1마다 같은 셀이 하나씩 있습니다. 각 셀은 입력 x와 이전 은닉 상태를 받아 ' +
    '새 은닉 상태 h를 만들어 다음 셀로 넘기고, 출력층이 그 상태로 예측 ŷ를 냅니다. 첫 셀이 받는 이전 상태는 0입니다. ' +
    '접은 그림에서는 셀 하나가 자기 상태를 자기에게 다시 넘깁니다.',
  backwardAlt:
    '시간 역전파. 예측마다 손실의 기울기가 출력층을 거꾸로 지나 그 시점의 셀로 들어오고, 셀에서 셀로는 마지막 ' +
    '시점에서 첫 시점 쪽으로 W_hh의 전치를 곱하며 거슬러 갑니다. 마지막 셀 뒤에서 들어오는 기울기는 0입니다.',
  inputWeights: '입력 → 은닉 상태',
  recurrentWeights: '이전 은닉 상태 → 다음 시점',
  outputLayer: '은닉 상태 → 예측',
  outputLayerName: '출력층',
  sameColour: '색이 같은 화살표는 모두 같은 가중치를 씁니다.',
  fromPrediction: '예측에서 출력층을 거꾸로 지나 들어오는 기울기',
  fromNextStep: '다음 시점에서 거슬러 오는 기울기',
  cellGradient: '칸 안의 δ는 셀의 활성화 전 값에 대한 기울기입니다.',
  zeroState: '0',
};

const EN: UnrolledWords = {
  rolled: 'rolled',
  unrolled: 'unrolled over time',
  forwardAlt:
    'The recurrent network unrolled: one copy of the same cell per time step 0, 1, 2, …, T−1. Each cell takes the ' +
    'input x and the previous hidden state, makes the new hidden state h and hands it to the next cell; the output ' +
    'layer turns that state into the prediction ŷ. The first cell receives a previous state of 0. Rolled up, one ' +
    'cell hands its state back to itself.',
  backwardAlt:
    'Backpropagation through time: at every prediction the gradient of the loss goes back through the output layer ' +
    'into that step’s cell, and from cell to cell it travels from the last time step towards the first, multiplied ' +
    'by the transpose of W_hh. The gradient arriving from beyond the last cell is 0.',
  inputWeights: 'input → hidden state',
  recurrentWeights: 'previous hidden state → next time step',
  outputLayer: 'hidden state → prediction',
  outputLayerName: 'output layer',
  sameColour: 'Arrows of the same colour all use the same weights.',
  fromPrediction: 'gradient from the prediction, back through the output layer',
  fromNextStep: 'gradient coming back from the next time step',
  cellGradient: 'δ in each box is the gradient with respect to the cell’s pre-activation.',
  zeroState: '0',
};

/** The words for a page locale (Korean unless it is English). */
export function unrolledWords(locale: string | undefined): UnrolledWords {
  return locale === 'en' ? EN : KO;
}
