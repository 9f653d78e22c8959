import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layer rule of eslint.config.js, run by ESLint itself on snippets placed in each layer:
 * each case says where the file sits, what it imports, and whether the rule must refuse it.
 */
const CASES: { file: string; source: string; refused: boolean }[] = [
  { file: 'src/renderer/zz.ts', source: "export * from '../engine';", refused: true },
  { file: 'src/renderer/zz.ts', source: "export * from '../engine/index';", refused: true },
  { file: 'src/renderer/zz.ts', source: "export * from '../node/atomicWrite';", refused: true },
  { file: 'src/core/zz.ts', source: "export * from '../node';", refused: true },
  { file: 'src/core/zz.ts', source: "export * from '../engine';", refused: true },
  { file: 'src/core/zz.ts', source: "export * from 'node:fs';", refused: true },
  { file: 'src/preload/zz.ts', source: "export * from '../node/userDataDir';", refused: true },
  { file: 'src/node/zz.ts', source: "export * from '../engine';", refused: true },
  { file: 'src/node/zz.ts', source: "export * from '../core/messageOf';", refused: false },
  { file: 'src/engine/zz.ts', source: "export * from '../node/atomicWrite';", refused: false },
  { file: 'src/cli/zz.ts', source: "export * from './main';", refused: false },
  { file: 'src/cli/zz.ts', source: "export * from '../engine';", refused: false },
  { file: 'src/cli/zz.ts', source: "export * from '../engine/runs/modelFiles';", refused: true },
  { file: 'src/host/zz.ts', source: "export * from '../engine/backends';", refused: true },
  { file: 'src/main/zz.ts', source: "export * from '../engine/backends/native/addon';", refused: true },
];

describe('the layer rule', () => {
  const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..') });
  it.each(CASES)('$file importing "$source": refused $refused', async ({ file, source, refused }) => {
    const [result] = await eslint.lintText(`${source}\n`, { filePath: path.resolve(__dirname, '../..', file) });
    const hits = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
    expect(hits.length > 0, hits.map((m) => m.message).join('; ')).toBe(refused);
  });
});
