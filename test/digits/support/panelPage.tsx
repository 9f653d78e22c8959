import { createRoot } from 'react-dom/client';
import type { NetCanvasApi } from '../../../src/core/api/contract';
import type { GraphDocument } from '../../../src/core/graph/document';
import { DigitsPanel } from '../../../src/renderer/features/digits/DigitsPanel';

/** The digits panel alone on a page, its API calls forwarded to the test (window.callEngine, exposed by playwright). */
declare global {
  interface Window {
    callEngine(method: string, args: unknown[]): Promise<unknown>;
    showPanel(props: { runId: string | null; document: GraphDocument; selectedNodeId: string | null }): void;
  }
}

const api = new Proxy({} as NetCanvasApi, {
  get: (_, method: string) => (method === 'onEvent' ? () => () => undefined : (...args: unknown[]) => window.callEngine(method, args)),
});

const root = createRoot(document.getElementById('root')!);
window.showPanel = (props) => root.render(<DigitsPanel api={api} {...props} />);
