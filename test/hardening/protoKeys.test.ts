import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../src/core/graph/errors';
import { loadDocument } from '../../src/core/graph/load';
import { repoRoot } from '../engine/fixtures';

const mlpText = readFileSync(path.join(repoRoot, 'resources/templates/mlp.json'), 'utf8');

/** The MLP template's text with `insert` placed right after the first match of `after`. */
const withText = (after: string, insert: string) => {
  const at = mlpText.indexOf(after);
  if (at < 0) throw new Error(`the template has no ${after}`);
  return mlpText.slice(0, at + after.length) + insert + mlpText.slice(at + after.length);
};

// Found by the fuzzer (test/fuzz): a "__proto__" key inside a node's config loaded as valid, the key silently gone.
describe('a "__proto__" key anywhere in a graph file is refused with its JSON path, never dropped', () => {
  it.each([
    { where: 'in a node config (the fuzzer’s case)', text: withText('"config": {', '"__proto__": -1.5e-323, '), path: 'nodes[0].config.__proto__' },
    { where: 'at the top level', text: withText('{', '"__proto__": {"polluted": true}, '), path: '__proto__' },
    { where: 'in the training settings', text: withText('"training": {', '"__proto__": {}, '), path: 'training.__proto__' },
  ])('$where', ({ text, path: expected }) => {
    const value = JSON.parse(text) as unknown;
    let error: unknown;
    try {
      loadDocument(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).issues).toContainEqual({ path: expected, message: 'a key named "__proto__" is not allowed' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still loads the template itself', () => {
    expect(loadDocument(JSON.parse(mlpText)).nodes.length).toBeGreaterThan(2);
  });
});
