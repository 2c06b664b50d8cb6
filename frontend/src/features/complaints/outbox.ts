import { createStore as createIdbStore, del, entries, set } from "idb-keyval";
import type { ApiFailure } from "../../api/errors";
import { browserStorage, createStore } from "../../lib/store";
import { submitComplaint, uploadTrackedPhoto, type SubmitBody } from "./api";
import { PENDING_FLAG } from "./pending";

/**
 * The phone's outbox: a complaint is written to IndexedDB (photo included) before the first
 * attempt to send it, and stays there until the server has answered with its tracking code.
 * Every attempt for one item sends the same `Idempotency-Key` (its id) and the same body, so
 * the server replays its first answer instead of filing the complaint twice.
 *
 * Retries: at app start, on the browser's `online` event, and every RETRY_MS while something
 * waits. Background Sync would also cover a closed tab, but not every browser has it.
 */
export type ItemState = "waiting" | "sent" | "failed";
export type PhotoState = "none" | "waiting" | "sent" | "failed";

export interface OutboxItem {
  readonly id: string;
  readonly createdAt: string;
  readonly body: SubmitBody;
  readonly photo: Blob | null;
  readonly state: ItemState;
  readonly photoState: PhotoState;
  readonly trackingCode: string | null;
  readonly pin: string | null;
  /** Why the server refused the item for good (4xx); null otherwise. */
  readonly failure: ApiFailure | null;
}

/** Where items are kept; IndexedDB in the browser, a Map in unit tests. */
export interface OutboxStorage {
  all(): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  remove(id: string): Promise<void>;
}

export function indexedDbStorage(): OutboxStorage {
  const db = createIdbStore("pengaduan-desa", "outbox");
  return {
    all: async () => (await entries<string, OutboxItem>(db)).map(([, item]) => item),
    put: (item) => set(item.id, item, db),
    remove: (id) => del(id, db),
  };
}

export function memoryStorage(): OutboxStorage {
  const items = new Map<string, OutboxItem>();
  return {
    all: () => Promise.resolve([...items.values()]),
    put: (item) => {
      items.set(item.id, structuredClone(item));
      return Promise.resolve();
    },
    remove: (id) => {
      items.delete(id);
      return Promise.resolve();
    },
  };
}

const RETRY_MS = 20_000;
// 4xx answers are final for this body; everything else (no answer, 409 "still running",
// 429, 5xx) is worth another try later.
function isFinal(failure: ApiFailure): boolean {
  return failure.status >= 400 && failure.status < 500 && failure.status !== 409 && failure.status !== 429 && failure.status !== 401;
}

/** 32 hex characters; works outside secure contexts, unlike crypto.randomUUID. */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export type SendResult = { kind: "sent" } | { kind: "waiting" } | { kind: "failed"; failure: ApiFailure };

export interface Outbox {
  readonly items: ReturnType<typeof createStore<readonly OutboxItem[]>>;
  load(): Promise<void>;
  add(body: SubmitBody, photo: Blob | null): Promise<OutboxItem>;
  /** Tries one item now; the form uses the answer to show field errors in place. */
  send(id: string): Promise<SendResult>;
  /** Tries every waiting item; concurrent calls share one run. */
  flush(): Promise<void>;
  remove(id: string): Promise<void>;
  get(id: string): OutboxItem | undefined;
}

export function createOutbox(storage: OutboxStorage): Outbox {
  const items = createStore<readonly OutboxItem[]>([]);
  const flag = browserStorage();
  let loaded: Promise<void> | null = null;
  let flushing: Promise<void> | null = null;
  const inFlight = new Map<string, Promise<SendResult>>();

  function publish(next: readonly OutboxItem[]) {
    const sorted = [...next].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    items.set(sorted);
    const pending = sorted.filter((i) => i.state === "waiting" || i.photoState === "waiting").length;
    if (pending > 0) flag?.setItem(PENDING_FLAG, String(pending));
    else flag?.removeItem(PENDING_FLAG);
  }

  async function save(item: OutboxItem) {
    await storage.put(item);
    publish([...items.get().filter((i) => i.id !== item.id), item]);
  }

  function load(): Promise<void> {
    loaded ??= storage.all().then(publish, () => publish([]));
    return loaded;
  }

  async function sendNow(id: string): Promise<SendResult> {
    await load();
    let item = items.get().find((i) => i.id === id);
    if (!item) return { kind: "failed", failure: { status: 404, code: "not_found", fields: {} } };

    if (item.state === "waiting") {
      const result = await submitComplaint(item.body, item.id);
      if (!result.ok) {
        if (!isFinal(result.error)) return { kind: "waiting" };
        await save({ ...item, state: "failed", failure: result.error });
        return { kind: "failed", failure: result.error };
      }
      item = {
        ...item,
        state: "sent",
        trackingCode: result.data.tracking_code,
        pin: result.data.pin,
        failure: null,
      };
      await save(item);
    }

    if (item.photoState === "waiting" && item.photo && item.trackingCode && item.pin) {
      const upload = await uploadTrackedPhoto(item.trackingCode, item.pin, item.photo);
      if (upload.ok) {
        await save({ ...item, photoState: "sent", photo: null });
      } else if (isFinal(upload.error)) {
        // The complaint itself is filed; only the photo was refused (e.g. 413 too large).
        await save({ ...item, photoState: "failed", photo: null });
      } else {
        return { kind: "waiting" };
      }
    }
    return item.state === "failed" && item.failure ? { kind: "failed", failure: item.failure } : { kind: "sent" };
  }

  function send(id: string): Promise<SendResult> {
    const running = inFlight.get(id);
    if (running) return running;
    const attempt = sendNow(id).finally(() => inFlight.delete(id));
    inFlight.set(id, attempt);
    return attempt;
  }

  async function flushAll(): Promise<void> {
    await load();
    const waiting = items.get().filter((i) => i.state === "waiting" || i.photoState === "waiting");
    for (const item of waiting) {
      const result = await send(item.id);
      // No signal for one means none for the rest: stop until the next trigger.
      if (result.kind === "waiting") break;
    }
  }

  return {
    items,
    load,
    send,
    get: (id) => items.get().find((i) => i.id === id),
    async add(body, photo) {
      await load();
      const item: OutboxItem = {
        id: newKey(),
        createdAt: new Date().toISOString(),
        body,
        photo,
        state: "waiting",
        photoState: photo ? "waiting" : "none",
        trackingCode: null,
        pin: null,
        failure: null,
      };
      await save(item);
      return item;
    },
    flush() {
      flushing ??= flushAll().finally(() => {
        flushing = null;
      });
      return flushing;
    },
    async remove(id) {
      await storage.remove(id);
      publish(items.get().filter((i) => i.id !== id));
    },
  };
}

let shared: Outbox | null = null;

/** The app's outbox (IndexedDB), created on first use. */
export function outbox(): Outbox {
  shared ??= createOutbox(indexedDbStorage());
  return shared;
}

let started = false;

/** Starts the retry triggers: now, on `online`, and on a timer while anything waits. */
export function startOutbox(): void {
  if (started) return;
  started = true;
  const box = outbox();
  const retry = () => void box.flush();
  window.addEventListener("online", retry);
  window.setInterval(() => {
    const pending = box.items.get().some((i) => i.state === "waiting" || i.photoState === "waiting");
    if (pending && navigator.onLine) retry();
  }, RETRY_MS);
  retry();
}
