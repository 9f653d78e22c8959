import { useMemo } from 'react';
import { highlight } from './highlight';

/** Source code with line numbers and colours. */
export function CodeView({ source, testId }: { source: string; testId: string }) {
  const tokens = useMemo(() => highlight(source), [source]);
  const lines = useMemo(() => source.split('\n').length, [source]);
  return (
    <div className="code" data-testid={testId}>
      <pre className="code__gutter" aria-hidden>
        {Array.from({ length: lines }, (_, i) => i + 1).join('\n')}
      </pre>
      <pre className="code__text">
        <code>
          {tokens.map((t, i) =>
            t.kind === 'plain' ? (
              t.text
            ) : (
              <span key={i} className={`tok-${t.kind}`}>
                {t.text}
              </span>
            ),
          )}
        </code>
      </pre>
    </div>
  );
}
