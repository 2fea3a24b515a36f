/**
 * Reads a Chromium trace (the JSON `browser.stopTracing()` returns) of one page while a demo
 * trains: the page's main-thread tasks (wall time and the thread's own CPU time, which a busy
 * shared machine does not inflate), what the longest of them did, and the CPU time each
 * dedicated worker (a trainer) spent. Used by bench/race.ts.
 */

/** One trace event (only the fields read here); times in microseconds. */
interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: {
    name?: string;
    data?: { functionName?: string; url?: string; type?: string };
    elementCount?: number;
    beginData?: { dirtyObjects?: number; totalObjects?: number };
  };
}

/** A main-thread task: wall and CPU milliseconds, and what took its time ("12.0/3.1 ms FunctionCall foo (chart.js)"). */
export interface TaskSummary {
  wallMs: number;
  cpuMs: number;
  parts: string[];
}

/** What the trace says about the page while it trained. */
export interface TraceSummary {
  /** Main-thread tasks of 50 ms or more (wall time), and the longest tasks by wall and by CPU time. */
  tasksOver50: number;
  longestByWall: TaskSummary | null;
  longestByCpu: TaskSummary | null;
  /** CPU time of all main-thread tasks, ms. */
  mainCpuMs: number;
  /** CPU time of each dedicated worker thread, ms, largest first. */
  workerCpuMs: number[];
}

const TOP_LEVEL = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/** Thread names by "pid:tid". */
function threadNames(events: readonly TraceEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const event of events) {
    if (event.ph === 'M' && event.name === 'thread_name')
      names.set(`${event.pid}:${event.tid}`, event.args?.name ?? '');
  }
  return names;
}

/** Top-level tasks per thread ("pid:tid" → tasks), only complete events. */
function topLevelTasks(events: readonly TraceEvent[]): Map<string, TraceEvent[]> {
  const tasks = new Map<string, TraceEvent[]>();
  for (const event of events) {
    if (event.ph !== 'X' || !TOP_LEVEL.has(event.name) || event.dur === undefined) continue;
    const key = `${event.pid}:${event.tid}`;
    const list = tasks.get(key) ?? [];
    // Nested RunTasks (a task inside a task) count once, as their outer task.
    const last = list.at(-1);
    if (last && event.ts < last.ts + (last.dur ?? 0)) continue;
    list.push(event);
    tasks.set(key, list);
  }
  return tasks;
}

/** The label of an event inside a task: its name, and the function and script it called. */
function label(event: TraceEvent): string {
  const data = event.args?.data;
  const script = data?.url ? ` (${data.url.split('/').pop()?.split('?')[0] ?? ''})` : '';
  const detail = data?.functionName ? ` ${data.functionName}` : data?.type ? ` ${data.type}` : '';
  // How much a style recalculation or layout had to redo (whole page or a few elements).
  const styled = event.args?.elementCount !== undefined ? ` (${event.args.elementCount} elements)` : '';
  const layout = event.args?.beginData?.dirtyObjects;
  const laidOut = layout !== undefined ? ` (${layout} of ${event.args?.beginData?.totalObjects ?? '?'} objects)` : '';
  return `${event.name}${detail}${script}${styled}${laidOut}`;
}

/** What took the time inside `task`: its events one level down, grouped by label, longest first. */
function partsOf(task: TraceEvent, events: readonly TraceEvent[]): string[] {
  const end = task.ts + (task.dur ?? 0);
  const inside = events.filter(
    (event) =>
      event.ph === 'X' &&
      event.pid === task.pid &&
      event.tid === task.tid &&
      event !== task &&
      event.ts >= task.ts &&
      event.ts < end &&
      !TOP_LEVEL.has(event.name),
  );
  const totals = new Map<string, { wall: number; cpu: number }>();
  for (const event of inside) {
    const total = totals.get(label(event)) ?? { wall: 0, cpu: 0 };
    total.wall += (event.dur ?? 0) / 1000;
    total.cpu += (event.tdur ?? 0) / 1000;
    totals.set(label(event), total);
  }
  return [...totals.entries()]
    .sort((a, b) => b[1].cpu - a[1].cpu)
    .slice(0, 8)
    .map(([name, ms]) => `${ms.wall.toFixed(1)}/${ms.cpu.toFixed(1)} ms ${name}`);
}

function summariseTask(task: TraceEvent | undefined, events: readonly TraceEvent[]): TaskSummary | null {
  if (!task) return null;
  return { wallMs: (task.dur ?? 0) / 1000, cpuMs: (task.tdur ?? 0) / 1000, parts: partsOf(task, events) };
}

/** Summarises a trace of one page (its busiest renderer main thread and that renderer's workers). */
export function summariseTrace(json: string): TraceSummary {
  const parsed = JSON.parse(json) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const names = threadNames(events);
  const tasks = topLevelTasks(events);
  const mains = [...tasks.entries()].filter(([key]) => names.get(key) === 'CrRendererMain');
  mains.sort((a, b) => b[1].length - a[1].length);
  const [mainKey, mainTasks] = mains[0] ?? ['', []];
  const pid = mainKey.split(':')[0];
  const cpu = (list: readonly TraceEvent[]) => list.reduce((sum, task) => sum + (task.tdur ?? 0), 0) / 1000;
  const workerCpuMs = [...tasks.entries()]
    .filter(([key]) => key.startsWith(`${pid}:`) && names.get(key) === 'DedicatedWorker thread')
    .map(([, list]) => cpu(list))
    .sort((a, b) => b - a);
  const byWall = [...mainTasks].sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))[0];
  const byCpu = [...mainTasks].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))[0];
  return {
    tasksOver50: mainTasks.filter((task) => (task.dur ?? 0) >= 50_000).length,
    longestByWall: summariseTask(byWall, events),
    longestByCpu: summariseTask(byCpu, events),
    mainCpuMs: cpu(mainTasks),
    workerCpuMs,
  };
}
