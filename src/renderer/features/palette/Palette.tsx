import { useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { LAYER_KINDS } from '../../../core/layers/catalogue';
import { LAYER_GROUPS } from '../../../core/layers/spec';
import { addBelow, freeSpotNear } from '../../editor/chain';
import { addNode } from '../../editor/edits';
import { documentStore } from '../../state/documentStore';
import { useUi } from '../../state/uiStore';
import { GroupIcon, Icon } from '../../ui/icons';
import { LAYER_DRAG_TYPE } from '../canvas/Canvas';
import { viewport } from '../canvas/viewport';
import { anchorOf, MyBlocksSection } from './MyBlocksSection';
import { searchLayers } from './search';

/**
 * Adds a layer: below the selected layer and connected to it when one layer (or one group,
 * below its last layer) is selected
 * (so a chain is typed one Enter at a time), otherwise in the middle of the view, or
 * the free place nearest it when a node covers the middle. The new layer is selected either way.
 */
function addLayer(kind: string): void {
  const store = documentStore.getState();
  const anchor = anchorOf();
  if (anchor && store.doc.nodes.some((n) => n.id === anchor)) {
    const added = addBelow(store.doc, anchor, kind);
    store.change(() => added.doc, 'record', { nodes: [added.id], edges: [] });
    useUi.getState().setStatus(
      added.refused === null ? { tone: 'info', message: `Added ${added.id} below ${anchor}, connected` } : { tone: 'info', message: `Added ${added.id} unconnected: ${added.refused}` },
    );
    return;
  }
  const added = addNode(store.doc, kind, freeSpotNear(store.doc, viewport.center()));
  store.change(() => added.doc, 'record', { nodes: [added.id], edges: [] });
}

/** Every layer kind of the catalogue, grouped and searchable; drag one onto the canvas, or double-click / Enter to add it. */
export function Palette() {
  const [query, setQuery] = useState('');
  const matches = useMemo(() => searchLayers(LAYER_KINDS, LAYER_GROUPS, query), [query]);
  // Groups in the order of their best match, so the first item shown is the one Enter adds.
  const groups = useMemo(() => {
    const order = [...new Set(matches.map((m) => m.spec.group))];
    const label = new Map(LAYER_GROUPS.map((g) => [g.id, g.label]));
    return order.map((id) => ({ id, label: label.get(id) ?? id, kinds: matches.filter((m) => m.spec.group === id).map((m) => m.spec) }));
  }, [matches]);
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Enter' || matches.length === 0) return;
    event.preventDefault();
    addLayer(matches[0].spec.kind);
    // The next query typed replaces this one.
    event.currentTarget.select();
  };
  const onDragStart = (event: DragEvent, kind: string): void => {
    event.dataTransfer.setData(LAYER_DRAG_TYPE, kind);
    event.dataTransfer.effectAllowed = 'copy';
  };
  const onKeyDown = (event: KeyboardEvent, kind: string): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addLayer(kind);
    }
  };
  return (
    <aside className="palette" aria-label="Layer palette">
      <div className="palette__search">
        <Icon name="search" size={14} />
        <input type="search" placeholder="Search layers" value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={onSearchKey} data-testid="palette-search" aria-label="Search layers" />
      </div>
      <div className="palette__groups">
        {groups.map((group) => (
          <section key={group.id} className="palette__group">
            <h3>{group.label}</h3>
            <ul>
              {group.kinds.map((spec) => (
                <li
                  key={spec.kind}
                  className={`palette__item group-${spec.group}`}
                  draggable
                  tabIndex={0}
                  title={spec.description}
                  data-testid={`palette-item-${spec.kind}`}
                  onDragStart={(e) => onDragStart(e, spec.kind)}
                  onDoubleClick={() => addLayer(spec.kind)}
                  onKeyDown={(e) => onKeyDown(e, spec.kind)}
                >
                  <GroupIcon group={spec.group} />
                  <span>{spec.kind}</span>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {groups.length === 0 && <p className="muted palette__none">No layer matches “{query}”.</p>}
        <MyBlocksSection query={query} />
      </div>
    </aside>
  );
}
