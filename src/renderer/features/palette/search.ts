import type { LayerGroup, LayerSpec } from '../../../core/layers/spec';

/**
 * How the palette finds layer kinds for a query: by name first, then by group, and by
 * description only for queries of DESCRIPTION_MIN_LENGTH characters or more, ranked
 * last (so "inp" finds Input, not every layer whose description mentions its inputs).
 */
export const DESCRIPTION_MIN_LENGTH = 4;

/** Lower is better: the kind starts with the query, contains it, its group does, its description does. */
export type MatchRank = 0 | 1 | 2 | 3;

export interface LayerMatch {
  readonly spec: LayerSpec;
  readonly rank: MatchRank;
}

function rankOf(spec: LayerSpec, groupLabel: string, q: string): MatchRank | null {
  const kind = spec.kind.toLowerCase();
  if (kind.startsWith(q)) return 0;
  if (kind.includes(q)) return 1;
  if (spec.group.includes(q) || groupLabel.toLowerCase().includes(q)) return 2;
  if (q.length >= DESCRIPTION_MIN_LENGTH && spec.description.toLowerCase().includes(q)) return 3;
  return null;
}

/**
 * The kinds matching `query`, best first (catalogue order within a rank); every kind, in
 * catalogue order, for an empty query.
 */
export function searchLayers(specs: readonly LayerSpec[], groups: readonly { id: LayerGroup; label: string }[], query: string): LayerMatch[] {
  const q = query.trim().toLowerCase();
  const labels = new Map(groups.map((g) => [g.id, g.label]));
  const found: LayerMatch[] = [];
  for (const spec of specs) {
    const rank = q === '' ? 0 : rankOf(spec, labels.get(spec.group) ?? spec.group, q);
    if (rank !== null) found.push({ spec, rank });
  }
  return found.sort((a, b) => a.rank - b.rank);
}
