import { useMemo, useState } from 'react';
import { generateModelModule } from '../../../core/codegen/modelModule';
import { generateTrainingProgram } from '../../../core/codegen/trainingProgram';
import { plotGraphSvg } from '../../../core/plot/plotGraph';
import { serializeDocument } from '../../../core/graph/load';
import { usePlatform } from '../../app/PlatformContext';
import { useDocumentStore } from '../../state/documentStore';
import { useUi } from '../../state/uiStore';
import { Icon } from '../../ui/icons';
import { CodeView } from './CodeView';
import { svgToPng } from './picture';
import { messageOf } from '../../../core/messageOf';

type Format = 'program' | 'model' | 'json' | 'picture';

const FORMATS: readonly { id: Format; label: string; hint: string }[] = [
  { id: 'program', label: 'Training program', hint: 'A complete TypeScript program: loads MNIST, builds the model, trains and evaluates it.' },
  { id: 'model', label: 'Model module', hint: 'One exported buildModel() function to use in your own code.' },
  { id: 'json', label: 'Project JSON', hint: 'The *.netcanvas.json file as it is saved.' },
  { id: 'picture', label: 'Picture', hint: 'The graph with its shapes, as Keras’s plot_model draws it: SVG or PNG.' },
];

function baseName(name: string): string {
  return name.trim().replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'network';
}

/** Generated code for the open graph, with Copy and Save. */
export function ExportPanel() {
  const platform = usePlatform();
  const doc = useDocumentStore((s) => s.doc);
  const toast = useUi((s) => s.toast);
  const [format, setFormat] = useState<Format>('program');
  const base = baseName(doc.name);
  const fileName = format === 'program' ? `train-${base}.ts` : format === 'model' ? `${base}-model.ts` : format === 'json' ? `${base}.netcanvas.json` : `${base}.svg`;
  const result = useMemo((): { code: string } | { error: string } => {
    try {
      if (format === 'json') return { code: serializeDocument(doc) };
      if (format === 'picture') return { code: plotGraphSvg(doc) };
      return { code: format === 'program' ? generateTrainingProgram(doc, { fileName }) : generateModelModule(doc) };
    } catch (error) {
      return { error: messageOf(error) };
    }
  }, [doc, format, fileName]);
  const copy = async (code: string): Promise<void> => {
    try {
      await platform.clipboard.writeText(code);
      toast('success', 'Copied to the clipboard');
    } catch (error) {
      toast('error', 'Could not copy', messageOf(error));
    }
  };
  const mime = format === 'json' ? 'application/json' : format === 'picture' ? 'image/svg+xml' : 'text/typescript';
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
          {FORMATS.map((f) => (
            <button key={f.id} type="button" role="tab" aria-selected={format === f.id} className={format === f.id ? 'active' : ''} onClick={() => setFormat(f.id)} data-testid={`export-tab-${f.id}`}>
              {f.label}
            </button>
          ))}
        </div>
        <span className="muted export__hint">{FORMATS.find((f) => f.id === format)?.hint}</span>
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
      {'code' in result ? (
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
          <p>{result.error}</p>
        </div>
      )}
    </div>
  );
}
