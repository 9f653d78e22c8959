import { useUi } from '../state/uiStore';
import { Icon } from '../ui/icons';

/** Passing messages in the corner; errors stay longer and can be closed. */
export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  const dismiss = useUi((s) => s.dismiss);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast--${t.tone}`} data-testid={`toast-${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'}>
          <Icon name={t.tone === 'error' ? 'error' : t.tone === 'success' ? 'check' : 'help'} />
          <div>
            <p className="toast__message">{t.message}</p>
            {t.detail && <p className="toast__detail">{t.detail}</p>}
          </div>
          <button type="button" className="toast__close" aria-label="Close" onClick={() => dismiss(t.id)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
