import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import { openGraphText } from '../../src/core/graph/open';
import { toKerasModel } from '../../src/core/keras/toKeras';
import { layerSpecForKerasClass } from '../../src/core/layers/catalogue';
import { settingDifferences } from '../support/kerasSettings';
import { repoRoot } from './graphs';

/**
 * The Keras / tfjs corpus (test/fixtures/keras/corpus.json), one driver: each file is
 * imported and must give the layers, shapes, counts, training settings and notes the
 * case lists (or be refused naming each unknown layer); exporting the import again must
 * give an equivalent topology, and where tfjs-layers can read the original, tfjs must
 * build the same output shapes and parameter counts from both.
 */
const folder = path.join(repoRoot, 'test/fixtures/keras');
interface Case {
  file: string;
  source: 'keras' | 'tfjs';
  tags: string[];
  tfjsReadable?: boolean;
  layers?: [string, string, (number | null)[], number][];
  training?: Record<string, unknown>;
  notes?: string[];
  error?: string[];
}
const { cases } = JSON.parse(readFileSync(path.join(folder, 'corpus.json'), 'utf8')) as { cases: Case[] };
const only = process.env.KERAS_CORPUS_TAG;
const selected = only ? cases.filter((c) => c.tags.includes(only)) : cases;

type Json = Record<string, any>;
const read = (file: string): Json => JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
const topologyOf = (value: Json): Json => value.modelTopology?.model_config ?? value.modelTopology ?? value;
const layersOf = (topology: Json): Json[] => (Array.isArray(topology.config) ? topology.config : topology.config.layers);
const nameOf = (layer: Json): string => layer.name ?? layer.config.name;

async function tfjsSummary(topology: Json): Promise<Map<string, { shape: unknown; params: number }>> {
  await tf.setBackend('cpu');
  const model = await tf.models.modelFromJSON(JSON.parse(JSON.stringify(topology)));
  const rows = new Map(model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => [l.name, { shape: l.outputShape, params: l.countParams() }]));
  model.dispose();
  return rows;
}

describe('Keras and tfjs corpus', () => {
  it.each(selected)('$file', async (c) => {
    const text = readFileSync(path.join(folder, c.file), 'utf8');
    if (c.error) {
      expect(() => openGraphText(text, c.file)).toThrow();
      try {
        openGraphText(text, c.file);
      } catch (error) {
        for (const part of c.error) expect((error as Error).message).toContain(part);
      }
      return;
    }
    const opened = openGraphText(text, c.file);
    expect(opened.source).toBe(c.source);
    const doc = opened.document;
    const analysis = analyseGraph(doc);
    expect(analysis.problems.filter((p) => p.scope === 'structure')).toEqual([]);
    expect(doc.nodes.map((n) => {
      const a = analysis.nodes.get(n.id)!;
      return [n.id, n.kind, a.outputShape, a.params!.trainable + a.params!.nonTrainable];
    })).toEqual(c.layers);
    expect(opened.notes.map((n) => `${n.layer}: ${n.what}`)).toEqual(c.notes);
    if (c.training) expect(doc.training).toMatchObject(c.training);

    // Export again: the same layers, connections and settings as the original file.
    const original = topologyOf(read(c.file));
    const exported = toKerasModel(doc);
    const exportedByName = new Map(exported.config.layers.map((l) => [l.name, l]));
    const functional = original.class_name !== 'Sequential';
    for (const layer of layersOf(original)) {
      const name = nameOf(layer);
      const again = exportedByName.get(name)!;
      expect(again, `layer ${name} is exported`).toBeDefined();
      expect(layerSpecForKerasClass(again.class_name)!.kind).toBe(layerSpecForKerasClass(layer.class_name)!.kind);
      if (functional && layer.class_name !== 'InputLayer') {
        const sources = (again.inbound_nodes[0] ?? []).map((entry) => entry[0]);
        expect({ name, sources }).toEqual({ name, sources: collectSources(layer.inbound_nodes) });
      }
      const noted = opened.notes.filter((n) => n.layer === name).map((n) => n.what);
      expect(settingDifferences(name, layer.config, again.config, noted)).toEqual([]);
    }

    if (c.tfjsReadable) {
      const theirs = await tfjsSummary(original);
      const ours = await tfjsSummary(exported);
      for (const [name, row] of theirs) expect({ name, ...ours.get(name) }).toEqual({ name, ...row });
    }
  });
});

/** The source layer names of a layer's one call, in Keras 2 list form or Keras 3 dict form. */
function collectSources(inbound: unknown): string[] {
  const names: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string' && typeof v[1] === 'number') names.push(v[0]);
      else v.forEach(visit);
    } else if (v && typeof v === 'object') {
      const o = v as Json;
      if (Array.isArray(o.config?.keras_history)) names.push(o.config.keras_history[0]);
      else if (o.args) visit(o.args);
    }
  };
  visit(inbound);
  return names;
}
