import { useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { LAYER_KINDS } from '../../../core/layers/catalogue';
import { LAYER_GROUPS, type LayerSpec } from '../../../core/layers/spec';
import { addNode } from '../../editor/edits';
import { documentStore } from '../../state/documentStore';
import { GroupIcon, Icon } from '../../ui/icons';
import { LAYER_DRAG_TYPE } from '../canvas/Canvas';
import { viewport } from '../canvas/viewport';

function matches(spec: LayerSpec, query: string): boolean {
  const q = query.trim().toLowerCase();
  return q === '' || spec.kind.toLowerCase().includes(q) || spec.group.includes(q) || spec.description.toLowerCase().includes(q);
}

/** Adds a layer in the middle of the view, a little below any node already there. */
function addAtCenter(kind: string): void {
  const store = documentStore.getState();
  const c = viewport.center();
  const crowded = (y: number): boolean => store.doc.nodes.some((n) => Math.abs(n.position.x - c.x) < 60 && Math.abs(n.position.y - y) < 50);
  let y = c.y;
  while (crowded(y)) y += 90;
  let id = '';
  store.change(
    (d) => {
      const added = addNode(d, kind, { x: c.x, y });
      id = added.id;
      return added.doc;
    },
    'record',
  );
  documentStore.getState().select({ nodes: [id], edges: [] });
}

/** Every layer kind of the catalogue, grouped and searchable; drag one onto the canvas, or double-click / Enter to add it. */
export function Palette() {
  const [query, setQuery] = useState('');
  const groups = useMemo(
    () => LAYER_GROUPS.map((g) => ({ ...g, kinds: LAYER_KINDS.filter((s) => s.group === g.id && matches(s, query)) })).filter((g) => g.kinds.length > 0),
    [query],
  );
  const onDragStart = (event: DragEvent, kind: string): void => {
    event.dataTransfer.setData(LAYER_DRAG_TYPE, kind);
    event.dataTransfer.effectAllowed = 'copy';
  };
  const onKeyDown = (event: KeyboardEvent, kind: string): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addAtCenter(kind);
    }
  };
  return (
    <aside className="palette" aria-label="Layer palette">
      <div className="palette__search">
        <Icon name="search" size={14} />
        <input type="search" placeholder="Search layers" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="palette-search" aria-label="Search layers" />
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
                  onDoubleClick={() => addAtCenter(spec.kind)}
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
      </div>
    </aside>
  );
}
