import 'fake-indexeddb/auto';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IDBFactory } from 'fake-indexeddb';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { NewCase } from '../cases/CaseEditor';
import { fakeApi, renderScreen } from '../testing/render';
import { OfflineDraftEditor, OfflineDraftsPage } from './OfflineDraftsPage';
import { OfflineQueueProvider } from './OfflineQueue';
import { OfflineStatus } from './OfflineStatus';
import { DraftStore } from './draft-store';

// The browser's network state, as the queue reads it (navigator.onLine and its events).
let online = true;
Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online });
async function network(state: 'online' | 'offline') {
  online = state === 'online';
  await act(async () => {
    window.dispatchEvent(new Event(state));
  });
}

const created = (id: string) => ({ id, number: 'FRACDG-2026-000001' });

function renderApp(createCase: ReturnType<typeof vi.fn>, store: DraftStore) {
  renderScreen(
    <OfflineQueueProvider store={store}>
      <OfflineStatus />
      <Routes>
        <Route path="/cases/new" element={<NewCase />} />
        <Route path="/cases/:id" element={<p>The case page</p>} />
        <Route path="/drafts" element={<OfflineDraftsPage />} />
        <Route path="/drafts/:key" element={<OfflineDraftEditor />} />
      </Routes>
    </OfflineQueueProvider>,
    { api: fakeApi({ createCase }), route: '/cases/new' },
  );
}

async function recordOffline(createCase: ReturnType<typeof vi.fn>, store: DraftStore) {
  renderApp(createCase, store);
  await network('offline');
  await userEvent.type(await screen.findByLabelText('Place'), 'Terminal 2E');
  await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
  await screen.findByRole('heading', { name: 'Drafts kept in this browser' });
}

beforeEach(() => {
  // A fresh browser database for each test.
  globalThis.indexedDB = new IDBFactory();
  online = true;
});
afterEach(() => vi.restoreAllMocks());

describe('drafts entered offline', () => {
  it('keeps a draft while offline, and sends it with its Idempotency-Key when the network returns', async () => {
    const createCase = vi.fn().mockResolvedValue(created('case-1'));
    const store = new DraftStore();
    await recordOffline(createCase, store);
    expect(createCase).not.toHaveBeenCalled();
    expect(screen.getByTestId('offline-status')).toHaveTextContent('Offline — drafts waiting: 1');
    const [kept] = await store.list('sub-officer');
    expect(kept!.draft.location).toEqual({ placeDescription: 'Terminal 2E' });

    await network('online');
    await waitFor(() => expect(createCase).toHaveBeenCalledTimes(1));
    expect(createCase).toHaveBeenCalledWith({ draft: kept!.draft }, kept!.key);
    expect(kept!.key).toMatch(/^[0-9a-f-]{36}$/);
    // Taken off once acknowledged; the case it became is linked.
    await screen.findByRole('link', { name: 'Case FRACDG-2026-000001' });
    expect(await store.list('sub-officer')).toEqual([]);
    expect(screen.getByTestId('offline-status')).toHaveTextContent('');
  });

  it('keeps a draft whose sending found no network, and sends it on the next return', async () => {
    const createCase = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValue(created('case-2'));
    const store = new DraftStore();
    await recordOffline(createCase, store);
    const [kept] = await store.list('sub-officer');
    await network('online');
    await waitFor(() => expect(createCase).toHaveBeenCalledTimes(1));
    await screen.findByText('Drafts waiting to be sent: 1');
    expect(await store.list('sub-officer')).toHaveLength(1);
    await network('offline');
    await network('online');
    await waitFor(() => expect(createCase).toHaveBeenCalledTimes(2));
    // The same key both times: had the first reached the server, the API would record it once.
    expect(createCase.mock.calls.map(([, key]) => key)).toEqual([kept!.key, kept!.key]);
    await waitFor(async () => expect(await store.list('sub-officer')).toEqual([]));
  });

  it('keeps a draft the API refuses, with its problems at their fields', async () => {
    const createCase = vi
      .fn()
      .mockRejectedValue(
        new ApiProblem(400, 'Bad Request', 'The draft is not valid', [
          { path: 'draft.location.placeDescription', reason: 'Too long for this office' },
        ]),
      );
    const store = new DraftStore();
    await recordOffline(createCase, store);
    await network('online');
    await screen.findByText('Drafts refused, to fix: 1');
    const [kept] = await store.list('sub-officer');
    expect(kept!.refusal?.errors).toEqual([
      { path: 'draft.location.placeDescription', reason: 'Too long for this office' },
    ]);
    expect(screen.getByText('The draft is not valid')).toBeInTheDocument();
    // Fixed in the form, where the problem is shown at its field, it is sent again.
    await userEvent.click(screen.getByRole('link', { name: 'Fix it' }));
    const place = await screen.findByLabelText('Place');
    expect(place).toHaveAttribute('aria-invalid', 'true');
    expect(place).toHaveAccessibleDescription('Too long for this office');
    createCase.mockResolvedValue(created('case-3'));
    await userEvent.clear(place);
    await userEvent.type(place, 'T2E');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await screen.findByRole('link', { name: 'Case FRACDG-2026-000001' });
    // A new request: a new key.
    const [, second] = createCase.mock.calls;
    expect(second![0]).toEqual({
      draft: expect.objectContaining({ location: { placeDescription: 'T2E' } }),
    });
    expect(second![1]).not.toBe(kept!.key);
    expect(await store.list('sub-officer')).toEqual([]);
  });

  it('sends a case recorded online at once, with an Idempotency-Key, and opens it', async () => {
    const createCase = vi.fn().mockResolvedValue(created('case-4'));
    renderApp(createCase, new DraftStore());
    await userEvent.click(await screen.findByRole('button', { name: 'Save draft' }));
    await screen.findByText('The case page');
    expect(createCase.mock.calls[0]![1]).toMatch(/^[0-9a-f-]{36}$/);
  });
});
