import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import { Canvas } from '../features/canvas/Canvas';
import { DigitsPanel } from '../features/digits/DigitsPanel';
import { useAsync } from '../features/digits/shared/useAsync';
import { DataView } from '../features/data/DataView';
import { CompareDialog } from '../features/diff/CompareDialog';
import { DiffCanvas } from '../features/diff/DiffCanvas';
import { OwnTryIt } from '../features/data/OwnTryIt';
import { ExperimentsPanel } from '../features/experiments/ExperimentsPanel';
import { ExportPanel } from '../features/export/ExportPanel';
import { HelpOverlay } from '../features/help/HelpOverlay';
import { Inspector } from '../features/inspector/Inspector';
import { useMyBlocks } from '../features/palette/myBlocks';
import { Palette } from '../features/palette/Palette';
import { ProblemsPanel } from '../features/problems/ProblemsPanel';
import { ImportReportDialog } from '../features/project/ImportReport';
import { NameDialog } from '../features/project/NameDialog';
import { reopenLast, startAutosave } from '../features/project/projectActions';
import { RecoveryBanner } from '../features/project/RecoveryBanner';
import { SummaryPanel } from '../features/summary/SummaryPanel';
import { RunChooser } from '../features/training/RunChooser';
import { currentRun, fitOf, runsThatFit, type RunFit } from '../features/training/runChoice';
import { TrainingPanel } from '../features/training/TrainingPanel';
import { useTraining } from '../features/training/trainingStore';
import type { Platform } from '../platform/platform';
import { documentStore, isDirty, useDocumentStore } from '../state/documentStore';
import { useUi } from '../state/uiStore';
import { Icon } from '../ui/icons';
import { createAppCommands, type AppCommands } from './commands';
import { PlatformProvider } from './PlatformContext';
import { StatusBar } from './StatusBar';
import { Toasts } from './Toasts';
import { TopBar } from './TopBar';

function DesignView({ commands }: { commands: AppCommands }) {
  const summaryOpen = useUi((s) => s.summaryOpen);
  const toggleSummary = useUi((s) => s.toggleSummary);
  return (
    <div className="design">
      <Palette />
      <div className="design__center">
        <Canvas />
        <section className={`drawer${summaryOpen ? ' drawer--open' : ''}`}>
          <button type="button" className="drawer__toggle" onClick={toggleSummary} data-testid="summary-toggle" aria-expanded={summaryOpen}>
            <Icon name="summary" size={14} /> Model summary
          </button>
          {summaryOpen && <SummaryPanel />}
        </section>
      </div>
      <aside className="sidebar">
        <Inspector commands={commands} />
        <ProblemsPanel />
      </aside>
      {/* Over the whole view, so nothing beneath it (palette, canvas, inspector) edits the graph meanwhile. */}
      <DiffCanvas />
    </div>
  );
}

/**
 * Try it: the digit pad for a run of a built-in dataset, the own-data form or picture drop for
 * a run of own data; the run is the selected one (else the newest), chosen above among the
 * runs that fit the same view.
 */
function TryIt({ platform }: { platform: Platform }) {
  const doc = useDocumentStore((s) => s.doc);
  const selectedNodeId = useDocumentStore((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : null));
  const runs = useTraining((s) => s.runs);
  const selectedRun = useTraining((s) => s.selectedRun);
  const current = currentRun(runs, selectedRun);
  const fit: RunFit = current ? fitOf(current) : { kind: 'pad' };
  const runId = current?.id ?? null;
  const run = useAsync(() => (runId && fit.kind === 'own' ? platform.api.getRun(runId) : Promise.resolve(null)), runId ?? '');
  const chooser = <RunChooser runs={runsThatFit(runs, fit)} current={current} />;
  if (fit.kind === 'own') {
    return (
      <>
        {chooser}
        {run.status === 'done' && run.value?.data ? <OwnTryIt key={run.value.id} api={platform.api} run={run.value} /> : run.status === 'failed' ? <p className="error">{run.error}</p> : <p className="hint">Reading the run…</p>}
      </>
    );
  }
  return (
    <>
      {chooser}
      <DigitsPanel api={platform.api} runId={runId} document={doc} selectedNodeId={selectedNodeId} />
    </>
  );
}

/** The NetCanvas window: title bar, the four views, the status bar and overlays. */
export function App({ platform }: { platform: Platform }) {
  const commands = useMemo(() => createAppCommands(platform), [platform]);
  const view = useUi((s) => s.view);
  const name = useDocumentStore((s) => s.doc.name);
  const dirty = useDocumentStore(isDirty);

  useEffect(() => {
    document.title = `${dirty ? '● ' : ''}${name} — NetCanvas`;
  }, [name, dirty]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => void commands.handleKey(e);
    window.addEventListener('keydown', onKey);
    const offMenu = platform.onMenuCommand((id) => commands.runFromMenu(id));
    const offTraining = useTraining.getState().connect(platform.api);
    const offAutosave = startAutosave(platform);
    void reopenLast(platform);
    void useMyBlocks.getState().load(platform);
    const onUnload = (e: BeforeUnloadEvent): void => {
      if (platform.kind === 'electron') return;
      if (isDirty(documentStore.getState())) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('beforeunload', onUnload);
      offMenu();
      offTraining();
      offAutosave();
    };
  }, [commands, platform]);

  return (
    <PlatformProvider value={platform}>
      <ReactFlowProvider>
        <div className="app" data-view={view}>
          <TopBar commands={commands} />
          <RecoveryBanner />
          <main className="views">
            {view === 'data' && (
              <div className="view">
                <DataView />
              </div>
            )}
            <div className="view" hidden={view !== 'design'}>
              <DesignView commands={commands} />
            </div>
            {view === 'train' && (
              <div className="view">
                <TrainingPanel />
              </div>
            )}
            {view === 'digits' && (
              <div className="view view--scroll">
                <TryIt platform={platform} />
              </div>
            )}
            {view === 'export' && (
              <div className="view">
                <ExportPanel />
              </div>
            )}
            {view === 'experiments' && (
              <div className="view">
                <ExperimentsPanel />
              </div>
            )}
          </main>
          <StatusBar />
          <Toasts />
          <HelpOverlay commands={commands} />
          <ImportReportDialog />
          <NameDialog />
          <CompareDialog />
        </div>
      </ReactFlowProvider>
    </PlatformProvider>
  );
}
