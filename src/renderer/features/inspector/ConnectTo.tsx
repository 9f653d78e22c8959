import { useState } from 'react';
import { connectableTargets } from '../../editor/connection';
import { connect } from '../../editor/edits';
import { documentStore } from '../../state/documentStore';
import { useUi } from '../../state/uiStore';

/**
 * Connects the selected layer to another from the keyboard: a list of the layers it can
 * feed now. The list is worked out when the control is focused, not on every edit (each
 * candidate is an analysis of the graph).
 */
export function ConnectTo({ nodeId }: { readonly nodeId: string }) {
  const [targets, setTargets] = useState<readonly string[] | null>(null);
  const refresh = (): void => setTargets(connectableTargets(documentStore.getState().doc, nodeId));
  return (
    <div className="field">
      <label htmlFor="field-connect-to">Connect to</label>
      <select
        id="field-connect-to"
        data-testid="connect-to"
        value=""
        onFocus={refresh}
        onPointerDown={refresh}
        onChange={(e) => {
          const target = e.target.value;
          if (!target) return;
          documentStore.getState().change((d) => connect(d, nodeId, target), 'record');
          useUi.getState().setStatus({ tone: 'info', message: `Connected ${nodeId} → ${target}` });
          refresh();
        }}
      >
        <option value="">{targets?.length === 0 ? 'No layer can take this output now' : 'Choose a layer…'}</option>
        {(targets ?? []).map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </div>
  );
}
