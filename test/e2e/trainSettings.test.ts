import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/api/contract';
import { appForSuite } from './support/suite';

/**
 * The Train view's learning-rate schedule, early stopping and class weights, in Chromium
 * against a host with a real engine: set on the iris starter network, each edit one undo
 * step, refused with a message naming the class where a weight list does not fit, and
 * carried to the engine. The oracles: Keras's step formula (ExponentialDecay, staircase) for
 * the picture and for the rates the saved run trained at, and Keras's EarlyStopping worked
 * out by hand for the epoch the run stops after.
 */
const TABLES = '../shared/datasets/tables';
const haveData = existsSync(join(TABLES, 'iris.csv'));

describe.skipIf(!haveData)('schedule, early stopping and class weights in the Train view', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nc-e2e-train-settings-'));
  if (haveData) copyFileSync(join(TABLES, 'iris.csv'), join(dir, 'iris.csv'));
  const app = appForSuite({ dataDir: dir });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const EPOCHS = 8;
  /** Keras's ExponentialDecay(lr, decay_steps, decay_rate, staircase=True) at epoch e. */
  const step = (lr: number, decaySteps: number, decayRate: number) => Array.from({ length: EPOCHS }, (_, e) => lr * decayRate ** Math.floor(e / decaySteps));
  /** The toolbar's Undo (Ctrl+Z does the same outside a text field; tested once below). */
  const undo = () => app().page.getByTestId('undo').click();
  const pictured = async (): Promise<number[]> => JSON.parse((await app().page.getByTestId('lr-picture').getAttribute('data-rates')) ?? 'null') as number[];

  it('sets a step schedule, early stopping and class weights; undo takes each back; a weight list that does not fit is refused naming the class', async () => {
    const { page } = app();
    await page.keyboard.press('Control+Shift+D');
    await page.locator('[data-testid="data-entry"][data-name="iris.csv"]').click();
    await page.getByTestId('data-report').waitFor();
    await page.getByTestId('data-starter').click();
    await page.getByTestId('canvas').waitFor();
    await page.getByTestId('tab-train').click();
    await page.getByTestId('train-epochs').fill(String(EPOCHS));
    await page.getByTestId('train-seed').fill('1');
    const lr = Number(await page.getByTestId('train-lr').inputValue());

    // A constant rate at first: the picture is flat at the optimizer's rate.
    expect(await pictured()).toEqual(Array.from({ length: EPOCHS }, () => lr));
    await page.getByTestId('train-schedule').selectOption('step');
    await page.getByTestId('train-schedule-decaySteps').fill('2');
    expect(await page.getByTestId('train-schedule-decayRate').inputValue()).toBe('0.5');
    await page.getByTestId('train-schedule-decayRate').fill('0.25');
    (await pictured()).forEach((r, e) => expect(r, `epoch ${e}`).toBeCloseTo(step(lr, 2, 0.25)[e], 15));
    // A rate of 0 is refused with the field's own limit, and the document keeps 0.25.
    await page.getByTestId('train-schedule-decayRate').fill('0');
    expect(await page.locator('.number-box', { has: page.getByTestId('train-schedule-decayRate') }).locator('.number-box__error').textContent()).toBe('Decay rate must be above 0');
    await page.getByTestId('train-schedule-decayRate').fill('0.25');
    // One undo step: the decay rate back to where it started; the picture follows.
    await undo();
    expect(await page.getByTestId('train-schedule-decayRate').inputValue()).toBe('0.5');
    (await pictured()).forEach((r, e) => expect(r, `epoch ${e}`).toBeCloseTo(step(lr, 2, 0.5)[e], 15));

    // The iris starter stops early on the validation loss, patience 15, restoring the best epoch. Off, and undo puts it back as it was.
    const patience = page.getByTestId('train-early-patience');
    expect(await patience.inputValue()).toBe('15');
    await page.getByTestId('train-early-stopping').uncheck();
    expect(await patience.count()).toBe(0);
    await undo();
    expect(await page.getByTestId('train-early-stopping').isChecked()).toBe(true);
    expect(await patience.inputValue()).toBe('15');
    expect(await page.getByTestId('train-early-monitor').inputValue()).toBe('valLoss');
    expect(await page.getByTestId('train-early-restore').isChecked()).toBe(true);
    // On the training loss, with a min delta of 1,000 that no epoch can improve by.
    await page.getByTestId('train-early-monitor').selectOption('loss');
    await patience.fill('3');
    await page.getByTestId('train-early-minDelta').fill('1000');
    await page.getByTestId('train-early-restore').uncheck();

    // Class weights: one per class, the list sized by the dataset's classes; a wrong one is refused naming the class.
    await page.getByTestId('train-class-weight').selectOption('list');
    const field = page.getByTestId('train-class-weights');
    expect(await field.inputValue()).toBe('1, 1, 1');
    const classes = (await field.getAttribute('placeholder'))!.split(', ');
    expect(classes).toHaveLength(3);
    await field.fill('1, 2');
    expect(await page.getByTestId('train-class-weights-error').textContent()).toBe(`No weight for class '${classes[2]}': give one weight per class (3: ${classes.join(', ')}), in that order.`);
    await field.fill('1, x, 1');
    expect(await page.getByTestId('train-class-weights-error').textContent()).toBe(`Class '${classes[1]}': 'x' is not a number.`);
    await field.fill('1, 2, 1');
    expect(await page.getByTestId('train-class-weight-pairs').textContent()).toBe(`${classes[0]}: 1 · ${classes[1]}: 2 · ${classes[2]}: 1`);
    // Ctrl+Z outside a text field undoes in the Train view as on the canvas: the document's undo covers every view.
    await page.getByTestId('train-class-weight-pairs').click();
    await page.keyboard.press('Control+z');
    expect(await field.inputValue()).toBe('1, 1, 1');
    await page.getByTestId('train-class-weight').selectOption('balanced');
  });

  it('trains with them: the saved run trained each epoch at Keras’s step rate and stopped after epoch 4 of 8', async () => {
    const { page, runsDir } = app();
    const lr = Number(await page.getByTestId('train-lr').inputValue());
    await page.getByTestId('train-start').click();
    await page.locator('[data-testid="train-status"][data-status="completed"]').waitFor({ timeout: 120_000 });
    const row = page.locator('[data-testid="runs"] tbody tr').first();
    await row.waitFor();
    const runId = (await row.getAttribute('data-testid'))!.replace(/^run-/, '');
    const record = JSON.parse(readFileSync(join(runsDir, runId, 'run.json'), 'utf8')) as RunRecord;

    const schedule = { type: 'step', decaySteps: 2, decayRate: 0.5 };
    const earlyStopping = { monitor: 'loss', patience: 3, minDelta: 1000, restoreBestWeights: false };
    expect(record.training).toMatchObject({ epochs: EPOCHS, schedule, earlyStopping, classWeight: 'balanced' });
    expect(record.document.training).toMatchObject({ schedule, earlyStopping, classWeight: 'balanced' });
    // Keras's EarlyStopping: epoch 1 improves on no loss at all; epochs 2, 3 and 4 cannot improve by 1,000, and the third of them reaches the patience of 3.
    expect(record.status).toBe('completed');
    expect(record.history).toHaveLength(4);
    expect(record.stoppedEarlyAfter).toBe(4);
    const want = step(lr, 2, 0.5).slice(0, 4);
    expect(record.learningRates).toHaveLength(4);
    record.learningRates!.forEach((r, e) => expect(r, `epoch ${e}`).toBeCloseTo(want[e], 15));

    // The run list tells this run apart by its settings.
    expect(await row.getByTestId('run-extras').textContent()).toBe('step ×0.5 every 2 epochs · early stop on training loss, patience 3, min delta 1000 · balanced class weights');
    expect(await row.getByTestId('run-stopped-early').count()).toBe(1);
  });
});
