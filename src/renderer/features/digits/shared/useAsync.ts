import { useEffect, useState } from 'react';
import { messageOf } from '../../../../core/messageOf';

export type AsyncState<T> = { readonly status: 'loading' } | { readonly status: 'done'; readonly value: T } | { readonly status: 'failed'; readonly error: string };

/** Runs `load` whenever `key` changes and keeps the latest answer; answers to older keys are dropped. */
export function useAsync<T>(load: () => Promise<T>, key: string): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    load().then(
      (value) => current && setState({ status: 'done', value }),
      (error: unknown) => current && setState({ status: 'failed', error: messageOf(error) }),
    );
    return () => {
      current = false;
    };
    // `key` says when `load` asks something new.
  }, [key]);
  return state;
}
