import fc from 'fast-check';
import type { FuzzTarget } from './targets';

export interface FuzzCounts {
  readonly target: string;
  cases: number;
  refused: number;
  accepted: number;
  crashes: number;
  acceptedInvalid: number;
  /** Cases that took longer than `slowMs` (reported, never asserted on time). */
  slow: number;
  /** The first few crashes and accepted-invalid cases, with their inputs. */
  readonly examples: string[];
}

const show = (value: unknown) => {
  const text = fc.stringify(value);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
};

/**
 * Feeds `runs` inputs to a target and counts how each ended. fast-check draws the inputs
 * (replayable from `seed`); nothing is shrunk: a crash is recorded with its input and the run goes on.
 */
export async function fuzz(target: FuzzTarget, runs: number, seed: number, slowMs = target.slowMs ?? 2000): Promise<FuzzCounts> {
  const counts: FuzzCounts = { target: target.name, cases: 0, refused: 0, accepted: 0, crashes: 0, acceptedInvalid: 0, slow: 0, examples: [] };
  const samples = fc.sample(target.input, { numRuns: runs, seed });
  for (const input of samples) {
    counts.cases++;
    const began = performance.now();
    try {
      const wrong = await target.run(input);
      if (wrong === null) counts.accepted++;
      else {
        counts.acceptedInvalid++;
        if (counts.examples.length < 5) counts.examples.push(`accepted-invalid (${wrong}): ${show(input)}`);
      }
    } catch (error) {
      if (target.typed.some((T) => error instanceof T) && error instanceof Error && error.message.length > 0) counts.refused++;
      else {
        counts.crashes++;
        if (counts.examples.length < 5) counts.examples.push(`crash ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}: ${show(input)}`);
      }
    }
    if (performance.now() - began > slowMs) counts.slow++;
  }
  await target.close?.();
  return counts;
}
