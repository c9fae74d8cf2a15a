import { type AuditEntry } from '@opencen/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { OFFICER, fakeApi, renderScreen } from '../testing/render';
import { AuditPage } from './AuditPage';
import { auditPeriod } from './audit-period';

vi.setConfig({ testTimeout: 20_000 });

const AUDITOR = {
  ...OFFICER,
  sub: 'sub-auditor',
  username: 'auditor',
  roles: ['auditor' as const],
};

const entry = (seq: number, changes: Partial<AuditEntry> = {}): AuditEntry => ({
  seq,
  at: '2026-12-07T09:15:00.000Z',
  action: 'consultation',
  operation: 'getCase',
  actor: { sub: 'sub-officer', username: 'olivia', office: 'FRA-CDG', roles: ['officer'] },
  records: [{ kind: 'case', id: 'case-42' }],
  purpose: 'Case FRA-CDG-2026-7',
  status: 200,
  correlationId: `corr-${seq}`,
  sourceId: `src-${seq}`,
  previousHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
  ...changes,
});

describe('AuditPage', () => {
  it("lists a record's trail as the reply holds it, and pages on", async () => {
    const auditRecordTrail = vi
      .fn()
      .mockResolvedValueOnce({
        total: 3,
        entries: [
          entry(12, { action: 'alteration', operation: 'updateCase', purpose: undefined }),
          entry(9),
        ],
        nextCursor: 'c-2',
      })
      .mockResolvedValueOnce({
        total: 3,
        entries: [entry(4, { actor: { sub: 'sub-x', username: 'sam', office: 'FRA-ORY' } })],
      });
    renderScreen(<AuditPage />, { session: AUDITOR, api: fakeApi({ auditRecordTrail }) });
    await userEvent.type(screen.getByLabelText(/^Record id/), 'case-42');
    await userEvent.type(screen.getByLabelText('From (day)'), '2026-12-01');
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(auditRecordTrail).toHaveBeenCalledWith({
      kind: 'case',
      id: 'case-42',
      from: auditPeriod('2026-12-01', '').from,
      to: undefined,
      cursor: undefined,
      limit: 50,
    });
    const table = await screen.findByRole('table', { name: 'Trail of Case case-42' });
    expect(screen.getByText('3 entries')).toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('data-seq'))).toEqual(['12', '9']);
    expect(within(rows[0]!).getByText('Alteration')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('updateCase')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Case FRA-CDG-2026-7')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Case case-42')).toBeInTheDocument();
    expect(within(rows[1]!).getByText(/olivia/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'More' }));
    expect(await within(table).findByText(/sam/)).toBeInTheDocument();
    expect(auditRecordTrail).toHaveBeenLastCalledWith(expect.objectContaining({ cursor: 'c-2' }));
    expect(screen.queryByRole('button', { name: 'More' })).not.toBeInTheDocument();
  });

  it("lists a user's activity", async () => {
    const auditUserActivity = vi.fn(async () => ({
      total: 1,
      entries: [entry(7, { action: 'disclosure', operation: 'exportCases' })],
    }));
    renderScreen(<AuditPage />, {
      session: AUDITOR,
      api: fakeApi({ auditUserActivity }),
      route: '/audit?tab=user',
    });
    await userEvent.type(screen.getByLabelText(/^User's subject id/), 'sub-officer');
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(auditUserActivity).toHaveBeenCalledWith(
      expect.objectContaining({ sub: 'sub-officer', limit: 50 }),
    );
    const table = await screen.findByRole('table', { name: 'Activity of sub-officer' });
    expect(within(table).getByText('Disclosure')).toBeInTheDocument();
    expect(within(table).getByText('exportCases')).toBeInTheDocument();
  });

  it('refuses an empty record id at its field and asks nothing', async () => {
    const auditRecordTrail = vi.fn();
    renderScreen(<AuditPage />, { session: AUDITOR, api: fakeApi({ auditRecordTrail }) });
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(screen.getByLabelText(/^Record id/)).toHaveAttribute('aria-invalid', 'true');
    expect(auditRecordTrail).not.toHaveBeenCalled();
  });

  it('says plainly whether the chain holds, and where it breaks', async () => {
    const verifyAuditChain = vi
      .fn()
      .mockResolvedValueOnce({
        valid: true,
        entries: 1200,
        checkpoints: 12,
        lastCheckpointSeq: 1200,
        verifiedAt: '2026-12-07T10:00:00.000Z',
      })
      .mockResolvedValueOnce({
        valid: false,
        entries: 1201,
        checkpoints: 12,
        lastCheckpointSeq: 1100,
        problem: { kind: 'modified', seq: 1150, detail: 'hash differs' },
        verifiedAt: '2026-12-07T10:05:00.000Z',
      });
    renderScreen(<AuditPage />, {
      session: AUDITOR,
      api: fakeApi({ verifyAuditChain }),
      route: '/audit?tab=verify',
    });
    await userEvent.click(screen.getByRole('button', { name: 'Verify the chain' }));
    const verdict = await screen.findByRole('status');
    expect(verdict).toHaveAttribute('data-valid', 'true');
    expect(verdict).toHaveTextContent('The chain holds');
    expect(verdict).toHaveTextContent('1,200 entries, 12 signed checkpoints');
    await userEvent.click(screen.getByRole('button', { name: 'Verify the chain' }));
    expect(await screen.findByText('The chain is broken.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'First problem: an entry was modified at entry 1,150 (hash differs).',
    );
  });

  it('verifies the whole chain a range at a time, and counts them together', async () => {
    const range = (from: number, to: number, nextFrom?: number) => ({
      valid: true,
      from,
      to,
      entries: to - from + 1,
      checkpoints: (to - from + 1) / 100,
      lastCheckpointSeq: to,
      ...(nextFrom ? { nextFrom } : {}),
      verifiedAt: '2026-12-07T10:00:00.000Z',
    });
    const verifyAuditChain = vi
      .fn()
      .mockResolvedValueOnce(range(1, 1000, 1001))
      .mockResolvedValueOnce(range(1001, 2000, 2001))
      .mockResolvedValueOnce(range(2001, 2500));
    renderScreen(<AuditPage />, {
      session: AUDITOR,
      api: fakeApi({ verifyAuditChain }),
      route: '/audit?tab=verify',
    });
    await userEvent.click(screen.getByRole('button', { name: 'Verify the chain' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      '2,500 entries, 25 signed checkpoints',
    );
    expect(verifyAuditChain.mock.calls).toEqual([[], [{ from: 1001 }], [{ from: 2001 }]]);
  });

  it('is not offered to an officer', () => {
    renderScreen(<AuditPage />);
    expect(screen.queryByRole('button', { name: 'Show' })).not.toBeInTheDocument();
  });
});
