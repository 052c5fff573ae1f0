import { performance } from 'node:perf_hooks';
import { post } from '../support/activities.ts';

/** What a wave of answers comes back with. */
export interface WaveReport {
  /** Per person, in the plan's order. */
  readonly latencies: number[];
  /** Those answered with the "Tak! Dit svar er gemt" card. */
  readonly acknowledged: number[];
  readonly failures: string[];
  readonly elapsedMs: number;
  readonly lastSentMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `count` card-action invokes in `waves` waves spread over `windowMs`, each wave at once,
 * and resolves when every invoke has been answered, with each latency and whether the answer was
 * acknowledged. `label` names a person in failures ("voter 12").
 */
export async function sendInWaves(options: { baseUrl: string; count: number; waves: number; windowMs: number; label: string; activityOf: (i: number) => object }): Promise<WaveReport> {
  const { count, waves, label } = options;
  const latencies: number[] = new Array<number>(count).fill(NaN);
  const acknowledged: number[] = [];
  const failures: string[] = [];
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  const perWave = Math.ceil(count / waves);
  const gap = waves > 1 ? options.windowMs / (waves - 1) : 0;
  let lastSentMs = 0;
  for (let w = 0; w < waves; w++) {
    const wait = t0 + w * gap - performance.now();
    if (wait > 0) await sleep(wait);
    for (let i = w * perWave; i < Math.min(count, (w + 1) * perWave); i++) {
      const activity = options.activityOf(i);
      const start = performance.now();
      lastSentMs = start - t0;
      inFlight.push(
        post(options.baseUrl, activity).then(
          (res) => {
            latencies[i] = performance.now() - start;
            const body = res.body as { type?: string; value?: unknown };
            if (res.status === 200 && body?.type === 'application/vnd.microsoft.card.adaptive' && JSON.stringify(body.value).includes('Tak! Dit svar er gemt')) acknowledged.push(i);
            else failures.push(`${label} ${i}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
          },
          (error: unknown) => {
            latencies[i] = performance.now() - start;
            failures.push(`${label} ${i}: ${String(error)}`);
          },
        ),
      );
    }
  }
  await Promise.all(inFlight);
  return { latencies, acknowledged, failures, elapsedMs: performance.now() - t0, lastSentMs };
}
