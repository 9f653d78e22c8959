import { createRoot } from 'react-dom/client';
import { loadDocument } from '../../../src/core/graph/load';
import { PlatformProvider } from '../../../src/renderer/app/PlatformContext';
import { ExportPanel } from '../../../src/renderer/features/export/ExportPanel';
import type { Platform } from '../../../src/renderer/platform/platform';
import { documentStore } from '../../../src/renderer/state/documentStore';

/**
 * The Export panel alone on a page. The parts of the Platform it uses (the clipboard and
 * saving a file) are forwarded to the test (window.copied, window.exported, exposed by
 * playwright); it uses nothing else, and anything else it reached for would throw.
 */
declare global {
  interface Window {
    copied(text: string): Promise<void>;
    exported(data: string, name: string, mime: string): Promise<void>;
    showExport(documentJson: unknown): void;
  }
}

const platform = {
  kind: 'web',
  clipboard: { writeText: (text: string) => window.copied(text) },
  exportFile: (data: string | Uint8Array, name: string, mime: string) => window.exported(typeof data === 'string' ? data : new TextDecoder().decode(data), name, mime),
} as unknown as Platform;

const root = createRoot(document.getElementById('root')!);
window.showExport = (documentJson) => {
  documentStore.getState().open(loadDocument(documentJson), null);
  root.render(
    <PlatformProvider value={platform}>
      <ExportPanel />
    </PlatformProvider>,
  );
};
