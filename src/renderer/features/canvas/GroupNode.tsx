import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useState, type KeyboardEvent } from 'react';
import { toggleCollapsed } from '../../../core/graph/groups';
import { formatShapeCompact, type Shape } from '../../../core/shapes/shape';
import { formatCount } from '../../../core/summary/summary';
import { usePlatform } from '../../app/PlatformContext';
import { renameGroupInDocument } from '../../commands/groupCommands';
import { documentStore } from '../../state/documentStore';
import { useUi } from '../../state/uiStore';
import { useMyBlocks } from '../palette/myBlocks';
import type { GroupFlowNode, GroupFrameFlowNode, GroupNodeData } from './groupFlowNodes';
import { useGroupRename } from './groupRename';

const shapesText = (shapes: readonly (Shape | null)[]): string => (shapes.length === 0 ? '–' : shapes.map((s) => (s ? formatShapeCompact(s) : '?')).join(', '));

function paramsLine({ summary }: GroupNodeData): string {
  const count = `${formatCount(summary.params)} params`;
  if (summary.complete) return count;
  // A member whose count is unknown (no input yet, a bad setting): say so rather than a short sum.
  return summary.params === 0 ? '? params' : `${formatCount(summary.params)}+ params`;
}

/** The group's name, or a field to type a new one in (F2); Enter takes it, Escape keeps the old one. */
function GroupName({ group }: GroupNodeData) {
  const renaming = useGroupRename((s) => s.renaming === group.id);
  const stop = useGroupRename((s) => s.stop);
  const [text, setText] = useState(group.name);
  if (!renaming) {
    return (
      <span className="group-node__name" data-testid="group-name" title={group.name}>
        {group.name}
      </span>
    );
  }
  const commit = (): void => {
    const refused = renameGroupInDocument({ document: documentStore.getState() }, group.id, text);
    if (refused !== null) {
      useUi.getState().setStatus({ tone: 'error', message: refused });
      return;
    }
    stop();
  };
  const onKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    event.stopPropagation();
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape') stop();
  };
  return (
    <input
      className="group-node__rename nodrag"
      data-testid="group-rename"
      aria-label="Group name"
      value={text}
      ref={(el) => el?.focus()}
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={onKey}
      onBlur={stop}
    />
  );
}

/** Expand or collapse, and save to My blocks. */
function GroupButtons({ group }: GroupNodeData) {
  const platform = usePlatform();
  const toggle = (): void => {
    const result = toggleCollapsed(documentStore.getState().doc, group.id);
    if (result.ok) documentStore.getState().change(() => result.doc, 'record');
  };
  const save = (): void => {
    void useMyBlocks
      .getState()
      .saveGroup(platform, documentStore.getState().doc, group.id)
      .then((said) => useUi.getState().setStatus(said));
  };
  return (
    <span className="group-node__buttons">
      <button type="button" className="group-node__button nodrag" data-testid="group-toggle" onClick={toggle} title={group.collapsed ? 'Expand the group in place (Ctrl+E)' : 'Collapse the group into one block (Ctrl+E)'}>
        {group.collapsed ? '▸' : '▾'}
      </button>
      <button type="button" className="group-node__button nodrag" data-testid="group-save" onClick={save} title="Save the group to My blocks, to add it again to any graph">
        ★
      </button>
    </span>
  );
}

/** A collapsed group: one block with its name, member count, summed parameters and the shapes in and out. */
function GroupNodeView({ data, selected }: NodeProps<GroupFlowNode>) {
  const { group, summary } = data;
  return (
    <div className={`group-node${selected ? ' selected' : ''}`} data-testid={`group-node-${group.id}`} data-group={group.id}>
      <Handle type="target" position={Position.Top} id="in" data-testid={`handle-in-group-${group.id}`} />
      <div className="group-node__head">
        <GroupName {...data} />
        <GroupButtons {...data} />
      </div>
      <div className="group-node__caption" data-testid="group-members">
        {summary.members} layer{summary.members === 1 ? '' : 's'}
      </div>
      <div className="group-node__shapes" data-testid="group-shapes">
        {shapesText(summary.inputShapes)} → {shapesText(summary.outputShapes)}
      </div>
      <div className="group-node__foot">
        <span className="group-node__params" data-testid="group-params">
          {paramsLine(data)}
        </span>
      </div>
      <Handle type="source" position={Position.Bottom} id="out" data-testid={`handle-out-group-${group.id}`} />
    </div>
  );
}

/** An expanded group: a labelled frame behind its members (which show in place); drag it by its title. */
function GroupFrameView({ data, selected }: NodeProps<GroupFrameFlowNode>) {
  const { group, summary } = data;
  return (
    <div className={`group-frame${selected ? ' selected' : ''}`} data-testid={`group-frame-${group.id}`} data-group={group.id}>
      <div className="group-frame__title">
        <GroupName {...data} />
        <span className="group-frame__meta" data-testid="group-params">
          {summary.members} layers · {paramsLine(data)}
        </span>
        <GroupButtons {...data} />
      </div>
    </div>
  );
}

export const GroupNode = memo(GroupNodeView);
export const GroupFrame = memo(GroupFrameView);
