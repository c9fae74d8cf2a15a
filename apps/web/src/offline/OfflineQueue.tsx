import { type Case, type CaseDraftInput } from '@opencen/contracts';
import { useQueryClient } from '@tanstack/react-query';
import {
  type ReactNode,
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/auth';
import { DraftStore, type QueuedDraft } from './draft-store';

/** Waits between sends that found no network (or a server that could not answer), doubling. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 60_000;

/**
 * A refusal of the draft itself (kept with its problems for the officer to fix); anything else
 * (no network, 5xx, an expired token, too many requests) is tried again later.
 */
const isRefusal = (error: unknown): error is ApiProblem =>
  error instanceof ApiProblem &&
  error.status >= 400 &&
  error.status < 500 &&
  ![401, 408, 425, 429].includes(error.status);

/** fetch's own failure: the request never got an answer (offline, connection refused). */
export const isNetworkFailure = (error: unknown) => error instanceof TypeError;

export interface OfflineQueue {
  online: boolean;
  drafts: QueuedDraft[];
  /** The drafts sent since the app was opened, with the case each became. */
  sent: { key: string; caseId: string; number: string }[];
  /** Keeps a draft under `key` (its Idempotency-Key) and sends it when it can. */
  enqueue(draft: CaseDraftInput, key: string): Promise<void>;
  /** A refused draft, fixed: kept under a new key (a new request), its refusal cleared, sent. */
  replace(key: string, draft: CaseDraftInput): Promise<void>;
  discard(key: string): Promise<void>;
  sendNow(): void;
}

const OfflineQueueContext = createContext<OfflineQueue | undefined>(undefined);

/** The queue, or nothing outside its provider (a screen tested alone). */
export const useOfflineQueue = () => useContext(OfflineQueueContext);

/**
 * The drafts entered offline: kept in IndexedDB, sent when the network returns (the browser's
 * `online` event, then retries), each with its key as `Idempotency-Key`, and taken off only once
 * the API acknowledged it. A draft the API refuses stays, with its problems.
 */
export function OfflineQueueProvider({
  children,
  store: given,
}: {
  children: ReactNode;
  store?: DraftStore;
}) {
  const api = useApi();
  const { session } = useAuth();
  const queryClient = useQueryClient();
  const store = useMemo(() => given ?? new DraftStore(), [given]);
  const owner = session.sub;
  const [online, setOnline] = useState(() => navigator.onLine);
  const [drafts, setDrafts] = useState<QueuedDraft[]>([]);
  const [sent, setSent] = useState<OfflineQueue['sent']>([]);
  const sending = useRef(false);
  const retry = useRef<{ timer?: ReturnType<typeof setTimeout>; wait: number }>({
    wait: RETRY_FIRST_MS,
  });

  const refresh = useCallback(async () => setDrafts(await store.list(owner)), [store, owner]);

  const send = useCallback(async () => {
    if (sending.current) return;
    sending.current = true;
    clearTimeout(retry.current.timer);
    let again = false;
    try {
      for (const queued of await store.list(owner)) {
        if (queued.refusal) continue;
        let created: Case;
        try {
          created = await api.createCase({ draft: queued.draft }, queued.key);
        } catch (error) {
          if (isRefusal(error)) {
            const { status, title, detail, errors } = error;
            await store.put({ ...queued, refusal: { status, title, detail, errors: [...errors] } });
            continue;
          }
          again = true;
          break;
        }
        // Acknowledged: only now is it taken off.
        await store.remove(queued.key);
        setSent((list) => [
          ...list,
          { key: queued.key, caseId: created.id, number: created.number },
        ]);
        queryClient.setQueryData(['case', created.id], created);
        void queryClient.invalidateQueries({ queryKey: ['cases'] });
      }
    } finally {
      sending.current = false;
      await refresh();
    }
    if (again) {
      const wait = retry.current.wait;
      retry.current.wait = Math.min(wait * 2, RETRY_MAX_MS);
      retry.current.timer = setTimeout(() => void send(), wait);
    } else {
      retry.current.wait = RETRY_FIRST_MS;
    }
  }, [api, owner, queryClient, refresh, store]);

  useEffect(() => {
    const timers = retry.current;
    const goOnline = () => {
      setOnline(true);
      retry.current.wait = RETRY_FIRST_MS;
      void send();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    // Drafts left by an earlier visit go as soon as the app is open again.
    void refresh().then(() => (navigator.onLine ? send() : undefined));
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      clearTimeout(timers.timer);
    };
  }, [refresh, send]);

  const value = useMemo<OfflineQueue>(
    () => ({
      online,
      drafts,
      sent,
      enqueue: async (draft, key) => {
        await store.put({ key, owner, draft, savedAt: new Date().toISOString() });
        await refresh();
        if (navigator.onLine) void send();
      },
      replace: async (key, draft) => {
        const old = await store.get(key);
        await store.put({
          key: crypto.randomUUID(),
          owner,
          draft,
          savedAt: old?.savedAt ?? new Date().toISOString(),
        });
        await store.remove(key);
        await refresh();
        if (navigator.onLine) void send();
      },
      discard: async (key) => {
        await store.remove(key);
        await refresh();
      },
      sendNow: () => void send(),
    }),
    [online, drafts, sent, store, owner, refresh, send],
  );
  return <OfflineQueueContext.Provider value={value}>{children}</OfflineQueueContext.Provider>;
}
