import type { enLadder } from '../en/ladder.ts';

/** Korean UI strings, part: the compute ladder. The same keys as `enLadder`. */
export const koLadder: Record<keyof typeof enLadder, string> = {
  'ladder.settings': '배치 크기별 엔진 속도 설정',
  'ladder.engines': '잴 엔진',
  'ladder.engines.all': '이 기기의 모든 엔진',
  'ladder.engines.processor': '직접 구현과 WASM (WebGL 빼고)',
  'ladder.engines.scratch': '직접 구현만',
  'ladder.engines.wasm': 'WASM만',
  'ladder.engines.webgl': 'WebGL만',
  'ladder.from': '가장 작은 배치 크기',
  'ladder.to': '가장 큰 배치 크기',
  'ladder.measure': '재기',
  'ladder.measureAgain': '다시 재기',
  'ladder.stop': '멈추기',
  'ladder.idle':
    '재기를 누르기 전에는 아무것도 돌지 않습니다. 누르면 점마다 새 모델을 이 기기에서 몇 스텝씩 학습시켜 시간을 잽니다. 계산은 백그라운드 워커에서 돌고, 전부 재는 데 1–2분쯤 걸립니다.',
  'ladder.starting': '학습기를 준비하는 중…',
  'ladder.measuring': '{engine}, B = {batch} 재는 중 ({total}개 중 {index}번째)…',
  'ladder.progress': '잰 점',
  'ladder.done': '이 기기에서 점 {count}개를 {seconds}초 동안 쟀습니다.',
  'ladder.stopped': '점 {total}개 가운데 {count}개를 재고 멈췄습니다.',
  'ladder.noEngine': '고른 엔진이 이 기기에서 돌지 않습니다. “이 기기의 모든 엔진”을 고르세요.',
  'ladder.engineFailed': '{engine}: 이 기기에서 잴 수 없습니다({message}).',
  'ladder.skipped':
    '{engine}: B = {batch}부터는 건너뜁니다. 이 기기에서는 한 스텝에 약 {seconds}초가 걸릴 것으로 보입니다.',
  'ladder.software': '{engine} (소프트웨어)',
  'ladder.chart': '배치 크기 B에 따른 학습 스텝 하나의 시간 (두 축 모두 로그 눈금)',
  'ladder.axisBatch': '배치 크기 B',
  'ladder.axisMs': '스텝당 ms',
  'ladder.empty': '재기를 누르면 이 기기의 그래프가 그려집니다.',
  'ladder.readout': 'B = {batch}: {values}',
  'ladder.value': '{engine} {ms} ms',
  'ladder.label': '배치 크기에 따른 스텝당 시간(ms). {values}',
  'ladder.tableCaption': '배치 크기 B와 엔진에 따른 학습 스텝 하나의 시간(ms)',
  'ladder.cell.skipped': '건너뜀 (약 {ms})',
  'ladder.cell.failed': '실패',
  'ladder.summary.single': '{engine} 하나만 쟀습니다.',
  'ladder.summary.same': '잰 모든 배치 크기에서 {engine} 쪽이 가장 빠릅니다. 이 기기에서는 순위가 뒤집히지 않습니다.',
  'ladder.summary.crossover':
    'B = {batch}부터는 {winner} 쪽이 {loser}보다 빠릅니다. 그보다 작은 배치에서는 {loser} 쪽이 빠릅니다.',
  'ladder.summary.software':
    '이 기기의 WebGL은 GPU 없이 소프트웨어로 돕니다. 이 곡선은 GPU가 아니라 CPU가 GPU를 흉내 낸 속도입니다.',
  'ladder.growthSame': 'B = {from} → {to} (윈도 {work}배)로 키웠더니 스텝 시간은 {list}가 되었습니다.',
  'ladder.growth': '배치가 커질 때 스텝 시간이 늘어난 정도: {list}.',
  'ladder.growthShort': '{engine} {ratio}배',
  'ladder.growthItem': '{item} (B = {from} → {to}, 윈도 {work}배)',
};
