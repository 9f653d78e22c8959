import { useEffect, useState } from 'react';
import { messageOf } from '../../../../core/messageOf';

export type AsyncState<T> = { readonly status: 'loading' } | { readonly status: 'done'; readonly value: T } | { readonly status: 'failed'; readonly error: string };

const LOADING = { status: 'loading' } as const;

/**
 * Runs `load` whenever `key` changes and keeps the latest answer; answers to older keys are
 * dropped, and an answer is never shown under a newer key (the render right after a change
 * says loading, not the old value).
 */
export function useAsync<T>(load: () => Promise<T>, key: string): AsyncState<T> {
  const [state, setState] = useState<{ readonly key: string; readonly state: AsyncState<T> }>({ key, state: LOADING });
  useEffect(() => {
    let current = true;
    setState({ key, state: LOADING });
    load().then(
      (value) => current && setState({ key, state: { status: 'done', value } }),
      (error: unknown) => current && setState({ key, state: { status: 'failed', error: messageOf(error) } }),
    );
    return () => {
      current = false;
    };
    // `key` says when `load` asks something new.
  }, [key]);
  return state.key === key ? state.state : LOADING;
}
