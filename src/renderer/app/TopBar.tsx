import { useEffect, useRef, useState } from 'react';
import { formatShortcut } from '../../core/commands/shortcut';
import { openRecent, newProject } from '../features/project/projectActions';
import { isDirty, redoable, undoable, useDocumentStore, documentStore } from '../state/documentStore';
import { rename } from '../editor/edits';
import { useUi, VIEWS } from '../state/uiStore';
import { TEMPLATES } from '../templates/templates';
import { Icon, type IconName } from '../ui/icons';
import type { AppCommands } from './commands';
import { usePlatform } from './PlatformContext';

/** A command's label with its first shortcut, as tooltips show it: `Save as… (Ctrl+Shift+S)`. */
function commandTitle(commands: AppCommands, id: string): string {
  return commands.registry.title(id);
}

function ToolButton({ icon, label, command, commands, disabled, testId }: { icon: IconName; label: string; command: string; commands: AppCommands; disabled?: boolean; testId?: string }) {
  const shortcut = commands.registry.get(command)?.shortcuts?.[0];
  return (
    <button type="button" className="tool" title={shortcut ? `${label} (${formatShortcut(shortcut)})` : label} aria-label={label} disabled={disabled} onClick={() => commands.run(command)} data-testid={testId}>
      <Icon name={icon} />
    </button>
  );
}

/** A menu that opens under its button and closes on a click elsewhere or on Escape. */
function Menu({ label, icon, testId, children }: { label: string; icon: IconName; testId: string; children: (close: () => void) => React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent): void => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button type="button" className="tool tool--text" onClick={() => setOpen(!open)} aria-expanded={open} data-testid={testId}>
        <Icon name={icon} /> {label}
      </button>
      {open && <div className="menu__list">{children(() => setOpen(false))}</div>}
    </div>
  );
}

function RecentMenu() {
  const platform = usePlatform();
  const [recent, setRecent] = useState<readonly { name: string; path: string }[] | null>(null);
  return (
    <Menu label="Recent" icon="recent" testId="recent-menu">
      {(close) => {
        if (recent === null) {
          void platform.recentProjects().then(setRecent, () => setRecent([]));
          return <div className="menu__note">Loading…</div>;
        }
        if (recent.length === 0) return <div className="menu__note">No recent projects yet.</div>;
        return recent.map((r) => (
          <button
            key={r.path}
            type="button"
            className="menu__item"
            title={r.path}
            onClick={() => {
              close();
              setRecent(null);
              void openRecent(platform, r.path);
            }}
          >
            {r.name}
          </button>
        ));
      }}
    </Menu>
  );
}

/** The title bar: project name with its dirty marker, file and edit actions, templates, and the view tabs. */
export function TopBar({ commands }: { commands: AppCommands }) {
  const platform = usePlatform();
  const name = useDocumentStore((s) => s.doc.name);
  const dirty = useDocumentStore(isDirty);
  const file = useDocumentStore((s) => s.file);
  const canUndo = useDocumentStore(undoable);
  const canRedo = useDocumentStore(redoable);
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  return (
    <header className="topbar">
      <div className="brand">
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden>
          <circle cx="5" cy="6" r="2.5" fill="#5aa9ff" />
          <circle cx="5" cy="18" r="2.5" fill="#5aa9ff" />
          <circle cx="19" cy="12" r="2.5" fill="#ffb454" />
          <path d="M7 6.8 17 11.2M7 17.2 17 12.8" stroke="#8ea3bd" strokeWidth="1.6" />
        </svg>
        <span>NetCanvas</span>
      </div>
      <div className="topbar__title" title={file?.path ?? file?.name ?? 'Not saved yet'}>
        <input
          className="topbar__name"
          value={name}
          aria-label="Project name"
          data-testid="project-name"
          onFocus={documentStore.getState().beginTransaction}
          onBlur={documentStore.getState().endTransaction}
          onChange={(e) => documentStore.getState().change((d) => rename(d, e.target.value), 'record')}
        />
        {dirty && (
          <span className="dirty" data-testid="dirty-marker" title="Unsaved changes">
            ●
          </span>
        )}
        <span className="muted small">{file?.name ?? 'not saved'}</span>
      </div>
      <div className="toolbar">
        <Menu label="New" icon="template" testId="new-menu">
          {(close) =>
            TEMPLATES.map((t) => (
              <button
                key={t.id}
                type="button"
                className="menu__item"
                data-testid={`template-${t.id}`}
                onClick={() => {
                  close();
                  void newProject(platform, t.load());
                }}
              >
                <strong>{t.label}</strong>
                <span className="muted small">{t.description}</span>
              </button>
            ))
          }
        </Menu>
        <ToolButton icon="open" label="Open…" command="file.open" commands={commands} testId="open-project" />
        <RecentMenu />
        <ToolButton icon="save" label="Save" command="file.save" commands={commands} testId="save-project" />
        <button type="button" className="tool tool--text" onClick={() => commands.run('file.saveAs')} data-testid="save-as" title={commandTitle(commands, 'file.saveAs')}>
          Save as
        </button>
        {commands.registry.get('file.download') && <ToolButton icon="download" label={commands.registry.get('file.download')!.label} command="file.download" commands={commands} testId="download-project" />}
        <span className="toolbar__sep" />
        <ToolButton icon="undo" label="Undo" command="edit.undo" commands={commands} disabled={!canUndo} testId="undo" />
        <ToolButton icon="redo" label="Redo" command="edit.redo" commands={commands} disabled={!canRedo} testId="redo" />
        <span className="toolbar__sep" />
        <ToolButton icon="layout" label={commands.registry.get('view.layout')!.label} command="view.layout" commands={commands} testId="auto-layout" />
        <ToolButton icon="fit" label="Zoom to fit" command="view.fit" commands={commands} testId="fit-view" />
        <button type="button" className="tool tool--text" onClick={() => commands.run('view.compare')} data-testid="compare" title="Compare two graphs (the open one, saved runs, graph files) on the canvas">
          Compare…
        </button>
        <ToolButton icon="help" label="Keyboard shortcuts" command="help.shortcuts" commands={commands} testId="help" />
      </div>
      <nav className="tabs" role="tablist">
        {VIEWS.map((v) => (
          <button key={v.id} type="button" role="tab" aria-selected={view === v.id} className={view === v.id ? 'active' : ''} onClick={() => setView(v.id)} data-testid={`tab-${v.id}`}>
            {v.label}
          </button>
        ))}
      </nav>
    </header>
  );
}
