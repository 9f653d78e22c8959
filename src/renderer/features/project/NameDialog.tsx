import { useEffect, useRef, useState } from 'react';
import { useUi, type NameRequest } from '../../state/uiStore';

/** The in-app dialog that asks for a name (Save As in a browser): prefilled, selected, refusing a name it cannot take with the reason. */
export function NameDialog() {
  const request = useUi((s) => s.nameRequest);
  if (!request) return null;
  // A fresh form per question, so its text starts from the request's name.
  return <NameForm key={`${request.title}:${request.initial}`} request={request} />;
}

function NameForm({ request }: { readonly request: NameRequest }) {
  const [name, setName] = useState(request.initial);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  const cancel = (): void => useUi.getState().answerName(null);
  const submit = (): void => {
    const refused = request.problem(name);
    if (refused) {
      setProblem(refused);
      input.current?.focus();
      return;
    }
    useUi.getState().answerName(name);
  };
  return (
    <div className="overlay" onClick={cancel}>
      <form
        className="dialog name-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={request.title}
        data-testid="name-dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // Keys typed here are the dialog's, not the editor's shortcuts; Ctrl+S saves, as Enter does.
          e.stopPropagation();
          if (e.key === 'Escape') cancel();
          if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
            e.preventDefault();
            submit();
          }
        }}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2>{request.title}</h2>
        <label className="name-dialog__field">
          <span>Name</span>
          <input
            ref={input}
            value={name}
            autoFocus
            spellCheck={false}
            aria-invalid={problem !== null}
            aria-describedby={problem ? 'name-dialog-problem' : undefined}
            className={problem ? 'invalid' : undefined}
            data-testid="name-dialog-input"
            onChange={(e) => {
              setName(e.target.value);
              // Once refused, say at each keystroke whether it is fixed.
              if (problem !== null) setProblem(request.problem(e.target.value));
            }}
          />
        </label>
        {problem && (
          <p className="name-dialog__problem" id="name-dialog-problem" role="alert" data-testid="name-dialog-problem">
            {problem}
          </p>
        )}
        <div className="name-dialog__buttons">
          <button type="button" className="button" onClick={cancel} data-testid="name-dialog-cancel">
            Cancel
          </button>
          <button type="submit" className="button button--primary" data-testid="name-dialog-confirm">
            {request.confirmLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
