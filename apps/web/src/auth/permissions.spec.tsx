import { type Case } from '@opencen/contracts';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CaseActions } from '../cases/CaseActions';
import { OFFICER, SUPERVISOR, renderScreen } from '../testing/render';
import { caseActions } from './permissions';

const kase = (status: Case['status'], type: Case['type'] = 'seizure') =>
  ({
    id: 'case-1',
    number: 'FRACDG-2026-000001',
    office: 'FRA-CDG',
    status,
    type,
    version: 3,
    location: {},
    route: { transitCountries: [] },
    items: [],
    workflow: [],
  }) as unknown as Case;

describe('caseActions', () => {
  it("offers each role only the transitions the API grants it in the case's status", () => {
    expect(caseActions(OFFICER, kase('draft'))).toEqual(['edit', 'submit']);
    expect(caseActions(OFFICER, kase('submitted'))).toEqual([]);
    expect(caseActions(OFFICER, kase('validated'))).toEqual([]);
    expect(caseActions(SUPERVISOR, kase('submitted'))).toEqual(['validate', 'reject']);
    expect(caseActions(SUPERVISOR, kase('validated'))).toEqual(['close', 'reopen']);
    expect(caseActions(SUPERVISOR, kase('closed'))).toEqual(['reopen']);
    expect(caseActions(SUPERVISOR, kase('submitted', 'investigation'))).toContain('assign');
    expect(caseActions({ roles: ['analyst'] }, kase('draft'))).toEqual([]);
  });
});

describe('CaseActions', () => {
  it('shows an officer no validation button on a submitted case', () => {
    renderScreen(<CaseActions kase={kase('submitted')} />, { session: OFFICER });
    expect(screen.queryByRole('button', { name: 'Validate' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reject' })).not.toBeInTheDocument();
  });

  it('shows a supervisor validate and reject on a submitted case', () => {
    renderScreen(<CaseActions kase={kase('submitted')} />, { session: SUPERVISOR });
    expect(screen.getByRole('button', { name: 'Validate' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Submit' })).not.toBeInTheDocument();
  });

  it('shows an officer edit and submit on a draft', () => {
    renderScreen(<CaseActions kase={kase('draft')} />, { session: OFFICER });
    expect(screen.getByRole('link', { name: 'Edit' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Submit' })).toBeInTheDocument();
  });
});
