import { useEffect } from 'react';
import { formatShortcut } from '../../../core/commands/shortcut';
import type { AppCommands } from '../../app/commands';
import { useUi } from '../../state/uiStore';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/** Every command with its shortcuts, grouped; opened with ?. */
export function HelpOverlay({ commands }: { commands: AppCommands }) {
  const open = useUi((s) => s.helpOpen);
  const toggle = useUi((s) => s.toggleHelp);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') toggle(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, toggle]);
  if (!open) return null;
  const groups = new Map<string, ReturnType<AppCommands['registry']['all']>>();
  for (const c of commands.registry.all()) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  return (
    <div className="overlay" onClick={() => toggle(false)} data-testid="help-overlay">
      <div className="dialog" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <div className="help__groups">
          {[...groups].map(([group, list]) => (
            <section key={group}>
              <h3>{group}</h3>
              <dl>
                {list.map((c) => (
                  <div key={c.id}>
                    <dt>{c.label}</dt>
                    <dd>
                      {(c.shortcuts ?? []).map((s) => (
                        <kbd key={s}>{formatShortcut(s, isMac)}</kbd>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
          <section>
            <h3>Canvas</h3>
            <dl>
              <div>
                <dt>Add a layer</dt>
                <dd>drag from the palette, or double-click / Enter</dd>
              </div>
              <div>
                <dt>Connect</dt>
                <dd>drag from a bottom handle to a top handle</dd>
              </div>
              <div>
                <dt>Select several</dt>
                <dd>
                  <kbd>{isMac ? '⌘' : 'Ctrl'}</kbd>+click, or <kbd>Shift</kbd>+drag a box
                </dd>
              </div>
            </dl>
          </section>
        </div>
        <button type="button" className="button" onClick={() => toggle(false)}>
          Close
        </button>
      </div>
    </div>
  );
}
