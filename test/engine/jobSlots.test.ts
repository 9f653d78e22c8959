import { describe, expect, it } from 'vitest';
import type { JobHandle } from '../../src/engine/jobs/jobProcess';
import { JobLimitError, JobSlots, jobLimits } from '../../src/engine/jobs/jobSlots';

/** A job handle whose process "ends" when the test says so. */
function fakeJob(jobId: string, log: string[]) {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const handle: JobHandle = { jobId, stop: () => log.push(`stop ${jobId}`), ended };
  return { handle, end };
}

function slots(maxRunning: number, maxQueued: number) {
  const log: string[] = [];
  const jobs = new Map<string, ReturnType<typeof fakeJob>>();
  const s = new JobSlots({ maxRunning, maxQueued });
  const submit = (id: string) =>
    s.submit(
      id,
      () => {
        log.push(`start ${id}`);
        const job = fakeJob(id, log);
        jobs.set(id, job);
        return job.handle;
      },
      (failure) => log.push(`cancel ${id}${failure ? `: ${failure}` : ''}`),
    );
  const end = async (id: string) => {
    jobs.get(id)!.end();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { s, log, submit, end };
}

describe('the engine’s job slots', () => {
  it('starts jobs up to the limit, queues the rest in order and starts the next when a process ends', async () => {
    const { s, log, submit, end } = slots(2, 2);
    expect([submit('a'), submit('b'), submit('c'), submit('d')]).toEqual([{ state: 'started' }, { state: 'started' }, { state: 'queued', place: 1 }, { state: 'queued', place: 2 }]);
    expect([s.runningCount, s.queuedCount]).toEqual([2, 2]);
    expect(log).toEqual(['start a', 'start b']);
    await end('b');
    expect(log).toEqual(['start a', 'start b', 'start c']);
    await end('a');
    expect(log.at(-1)).toBe('start d');
    expect([s.runningCount, s.queuedCount]).toEqual([2, 0]);
  });

  it('refuses a job when every slot and the queue are full, naming both limits and their variables', () => {
    const { s, submit } = slots(1, 1);
    submit('a');
    submit('b');
    expect(() => submit('c')).toThrow(JobLimitError);
    expect(() => submit('c')).toThrow(/1 training job is running and 1 waiting.*at most 1 at once, set by NETCANVAS_MAX_JOBS, and 1 waiting, set by NETCANVAS_MAX_QUEUED_JOBS/);
    expect(s.has('c')).toBe(false);
  });

  it('stops a running job through its handle and takes a waiting one out of the queue, so it never starts', async () => {
    const { s, log, submit, end } = slots(1, 4);
    submit('a');
    submit('b');
    submit('c');
    expect(s.stop('b')).toBe(true);
    expect(s.stop('a')).toBe(true);
    expect(s.stop('nobody')).toBe(false);
    await end('a');
    expect(log).toEqual(['start a', 'cancel b', 'stop a', 'start c']);
  });

  it('on close cancels every waiting job and stops the running ones, then starts nothing more', async () => {
    const { s, log, submit, end } = slots(1, 4);
    submit('a');
    submit('b');
    const closed = s.close();
    await end('a');
    await closed;
    expect(log).toEqual(['start a', 'cancel b', 'stop a']);
    expect(() => submit('c')).toThrow(/closed/);
  });

  it('reports a waiting job that cannot start as its failure and goes on with the next', async () => {
    const log: string[] = [];
    const s = new JobSlots({ maxRunning: 1, maxQueued: 4 });
    const first = fakeJob('a', log);
    s.submit('a', () => first.handle, () => log.push('cancel a'));
    s.submit('b', () => { throw new Error('the worker is missing'); }, (f) => log.push(`cancel b: ${f}`));
    const third = fakeJob('c', log);
    s.submit('c', () => (log.push('start c'), third.handle), () => log.push('cancel c'));
    first.end();
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['cancel b: the worker is missing', 'start c']);
  });

  it.each([
    { name: 'defaults when nothing is set', given: undefined, env: {}, want: { maxRunning: 2, maxQueued: 16 } },
    { name: 'the environment', given: undefined, env: { NETCANVAS_MAX_JOBS: '3', NETCANVAS_MAX_QUEUED_JOBS: '0' }, want: { maxRunning: 3, maxQueued: 0 } },
    { name: 'the caller over the environment', given: { maxRunning: 1 }, env: { NETCANVAS_MAX_JOBS: '3' }, want: { maxRunning: 1, maxQueued: 16 } },
  ])('takes its limits from $name', ({ given, env, want }) => {
    expect(jobLimits(given, env)).toEqual(want);
  });

  it.each([
    { given: undefined, env: { NETCANVAS_MAX_JOBS: 'two' }, error: /NETCANVAS_MAX_JOBS must be a whole number from 1 to 64, got "two"/ },
    { given: undefined, env: { NETCANVAS_MAX_JOBS: '0' }, error: /NETCANVAS_MAX_JOBS must be a whole number from 1 to 64/ },
    { given: { maxQueued: -1 }, env: {}, error: /jobLimits.maxQueued must be a whole number from 0 to 10000, got -1/ },
    { given: { maxRunning: 1.5 }, env: {}, error: /jobLimits.maxRunning/ },
  ])('refuses a limit that is not a whole number in its range: $error', ({ given, env, error }) => {
    expect(() => jobLimits(given, env)).toThrow(error);
  });
});
