import type { KeyboardEvent } from 'react';
import type { Block } from '../../../core/graph/blocks';
import { groupsTouching } from '../../../core/graph/groups';
import { usePlatform } from '../../app/PlatformContext';
import { addBlock } from '../../editor/blocks';
import { freeSpotNear } from '../../editor/chain';
import { documentStore } from '../../state/documentStore';
import { useUi } from '../../state/uiStore';
import { connectionEnd, groupFlowId } from '../canvas/groupFlowNodes';
import { viewport } from '../canvas/viewport';
import { useMyBlocks } from './myBlocks';

/**
 * The layer a palette add connects to: the one selected layer, or the last layer of the one
 * group selected (a collapsed group selects all its members); null otherwise.
 */
export function anchorOf(): string | null {
  const { doc, selection } = documentStore.getState();
  if (selection.nodes.length === 1) return selection.nodes[0];
  const groups = groupsTouching(doc, selection.nodes);
  if (groups.length === 1 && groups[0].nodes.length === selection.nodes.length) return connectionEnd(doc, groupFlowId(groups[0].id), 'source') ?? null;
  return null;
}

/** Adds a copy of a saved block, as any palette add: below the selection and connected to it, else in the middle of the view. */
export function addSavedBlock(block: Block): void {
  const store = documentStore.getState();
  const anchor = anchorOf();
  const added = addBlock(store.doc, block, freeSpotNear(store.doc, viewport.center()), anchor);
  store.change(() => added.doc, 'record', { nodes: [...added.ids], edges: [] });
  const what = `Added “${block.name}” (${block.nodes.length} layer${block.nodes.length === 1 ? '' : 's'})`;
  useUi.getState().setStatus(anchor === null ? { tone: 'info', message: what } : added.refused === null ? { tone: 'info', message: `${what} below ${anchor}, connected` } : { tone: 'info', message: `${what} unconnected: ${added.refused}` });
}

/** "My blocks" in the palette: the saved groups matching the search; double-click or Enter adds one. */
export function MyBlocksSection({ query }: { query: string }) {
  const platform = usePlatform();
  const blocks = useMyBlocks((s) => s.blocks);
  const problem = useMyBlocks((s) => s.problem);
  const wanted = query.trim().toLowerCase();
  const shown = blocks.filter((b) => b.name.toLowerCase().includes(wanted));
  if (shown.length === 0 && problem === null) return null;
  const onKey = (event: KeyboardEvent, block: Block): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addSavedBlock(block);
    }
  };
  const remove = (block: Block): void => {
    void useMyBlocks
      .getState()
      .remove(platform, block.name)
      .then(
        () => useUi.getState().setStatus({ tone: 'info', message: `Removed “${block.name}” from My blocks` }),
        (error: unknown) => useUi.getState().setStatus({ tone: 'error', message: `“${block.name}” was not removed: ${String(error)}` }),
      );
  };
  return (
    <section className="palette__group" data-testid="my-blocks">
      <h3>My blocks</h3>
      {problem !== null && <p className="muted palette__none">{problem}</p>}
      <ul>
        {shown.map((block) => (
          <li
            key={block.name}
            className="palette__item palette__block"
            tabIndex={0}
            title={`${block.nodes.length} layers: ${block.nodes.map((n) => n.kind).join(' → ')}`}
            data-testid={`my-block-${block.name}`}
            onDoubleClick={() => addSavedBlock(block)}
            onKeyDown={(e) => onKey(e, block)}
          >
            <span>{block.name}</span>
            <button type="button" className="palette__block-remove" aria-label={`Remove ${block.name} from My blocks`} onClick={() => remove(block)}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
