import { useCallback, useRef, useState } from 'react';

type Next<T> = T | ((previous: T) => T);

/**
 * State plus a ref that is current at once. Ink delivers every key of one input chunk (a paste,
 * `tmux send-keys a b Enter`) to the same handler before React re-renders, so handlers read the ref.
 */
export function useLiveState<T>(initial: T | (() => T)): [T, (next: Next<T>) => void, { readonly current: T }] {
  const [value, setValue] = useState(initial);
  const ref = useRef(value);
  const set = useCallback((next: Next<T>) => {
    ref.current = typeof next === 'function' ? (next as (previous: T) => T)(ref.current) : next;
    setValue(ref.current);
  }, []);
  return [value, set, ref];
}
