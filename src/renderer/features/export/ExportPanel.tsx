import { useMemo, useState } from 'react';
import { ENGINE_EXPORT_FORMATS, EXPORT_FORMATS, exportBaseName, PURE_EXPORT_FORMATS } from '../../../core/export/formats';
import type { GraphDocument } from '../../../core/graph/document';
import { plotGraphSvg } from '../../../core/plot/plotGraph';
import { serializeDocument } from '../../../core/graph/load';
import { usePlatform } from '../../app/PlatformContext';
import { useDocumentStore } from '../../state/documentStore';
import { useUi } from '../../state/uiStore';
import { Icon } from '../../ui/icons';
import { CodeView } from './CodeView';
import { ModelFileExport } from './ModelFileExport';
import { svgToPng } from './picture';
import { messageOf } from '../../../core/messageOf';

/** A tab: what it shows for a graph, and how that is saved. */
interface PanelFormat {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  fileName(base: string): string;
  readonly mime: string;
  write(doc: GraphDocument, options: { fileName?: string }): string;
}

/** The export formats written from the graph alone (core/export/formats), then the saved project and its picture. */
const FORMATS: readonly PanelFormat[] = [
  ...PURE_EXPORT_FORMATS,
  { id: 'json', label: 'Project JSON', hint: 'The *.netcanvas.json file as it is saved.', fileName: (base) => `${base}.netcanvas.json`, mime: 'application/json', write: (doc) => serializeDocument(doc) },
  { id: 'picture', label: 'Picture', hint: 'The graph with its shapes, as Keras’s plot_model draws it: SVG or PNG.', fileName: (base) => `${base}.svg`, mime: 'image/svg+xml', write: (doc) => plotGraphSvg(doc) },
];

/** The tabs: every format in the registry's order (the engine's written through the API), then the project and its picture. */
const TABS: readonly { readonly id: string; readonly label: string }[] = [...EXPORT_FORMATS, ...FORMATS.filter((f) => !EXPORT_FORMATS.some((e) => e.id === f.id))];

/** Generated code for the open graph, with Copy and Save. */
export function ExportPanel() {
  const platform = usePlatform();
  const doc = useDocumentStore((s) => s.doc);
  const toast = useUi((s) => s.toast);
  const [formatId, setFormat] = useState(FORMATS[0].id);
  const engineFormat = ENGINE_EXPORT_FORMATS.find((f) => f.id === formatId);
  const chosen = FORMATS.find((f) => f.id === formatId) ?? FORMATS[0];
  const format = engineFormat?.id ?? chosen.id;
  const base = exportBaseName(doc.name);
  const fileName = (engineFormat ?? chosen).fileName(base);
  const result = useMemo((): { code: string } | { error: string } | { engine: true } => {
    if (engineFormat) return { engine: true };
    try {
      return { code: chosen.write(doc, { fileName }) };
    } catch (error) {
      return { error: messageOf(error) };
    }
  }, [doc, chosen, engineFormat, fileName]);
  const copy = async (code: string): Promise<void> => {
    try {
      await platform.clipboard.writeText(code);
      toast('success', 'Copied to the clipboard');
    } catch (error) {
      toast('error', 'Could not copy', messageOf(error));
    }
  };
  const mime = chosen.mime;
  const save = async (data: string | Uint8Array, name: string, type: string): Promise<void> => {
    try {
      await platform.exportFile(data, name, type);
    } catch (error) {
      toast('error', `Could not save ${name}`, messageOf(error));
    }
  };
  const savePng = async (svg: string): Promise<void> => {
    try {
      await save(await svgToPng(svg), `${base}.png`, 'image/png');
    } catch (error) {
      toast('error', 'Could not make the PNG', messageOf(error));
    }
  };
  return (
    <div className="export">
      <header className="export__bar">
        <div className="segmented" role="tablist">
          {TABS.map((f) => (
            <button key={f.id} type="button" role="tab" aria-selected={format === f.id} className={format === f.id ? 'active' : ''} onClick={() => setFormat(f.id)} data-testid={`export-tab-${f.id}`}>
              {f.label}
            </button>
          ))}
        </div>
        <span className="muted export__hint">{(engineFormat ?? chosen).hint}</span>
        {'code' in result && (
          <span className="export__actions">
            <button type="button" className="button" onClick={() => void copy(result.code)} data-testid="export-copy">
              <Icon name="copy" /> Copy{format === 'picture' ? ' SVG' : ''}
            </button>
            {format === 'picture' && (
              <button type="button" className="button" onClick={() => void savePng(result.code)} data-testid="export-save-png">
                <Icon name="image" /> Save PNG
              </button>
            )}
            <button type="button" className="button button--primary" onClick={() => void save(result.code, fileName, mime)} data-testid="export-save">
              <Icon name="download" /> Save {fileName}
            </button>
          </span>
        )}
      </header>
      {engineFormat ? (
        <ModelFileExport doc={doc} format={engineFormat} fileName={fileName} />
      ) : 'code' in result ? (
        format === 'picture' ? (
          <div className="export__picture" data-testid="export-picture">
            <img alt={`The graph ${doc.name}`} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(result.code)}`} />
          </div>
        ) : (
          <CodeView source={result.code} testId="export-code" />
        )
      ) : (
        <div className="export__error" data-testid="export-error">
          <Icon name="error" size={18} />
          <p>{'error' in result ? result.error : null}</p>
        </div>
      )}
    </div>
  );
}
