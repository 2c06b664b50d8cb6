import { useEffect, useReducer } from "preact/hooks";

/** A value that notifies subscribers when it changes; enough state management for this app. */
export interface Store<T> {
  get(): T;
  set(value: T): void;
  subscribe(listener: (value: T) => void): () => void;
}

export type ReadableStore<T> = Pick<Store<T>, "get" | "subscribe">;

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of [...listeners]) listener(value);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Re-renders the calling component whenever the store changes. */
export function useStore<T>(store: ReadableStore<T>): T {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const value = store.get();
  useEffect(() => {
    const unsubscribe = store.subscribe(() => rerender(undefined));
    // The value may have changed between render and subscription.
    if (!Object.is(store.get(), value)) rerender(undefined);
    return unsubscribe;
  }, [store]);
  return value;
}

/** localStorage, or nothing where it is disabled (private mode, blocked storage). */
export function browserStorage(): Storage | undefined {
  try {
    const storage = globalThis.localStorage;
    const probe = "__pd_probe__";
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}
