import { type Principal } from '@opencen/contracts';

import { type RequestContext } from '../context/request-context';
import { assertWithinClearance, requireOfficeRole, requirePrincipal, requireRole } from './access';

const as = (principal?: Principal): RequestContext => ({ correlationId: 'c', principal });
const analyst: Principal = { sub: 'a', username: 'ana', roles: ['analyst'] };
const officer: Principal = { sub: 'o', username: 'oli', roles: ['officer'], office: 'FRCDG' };

describe('access checks', () => {
  it('refuse a request without a principal as UNAUTHENTICATED', () => {
    expect(() => requirePrincipal(as(), 'Persons')).toThrow(
      expect.objectContaining({
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(/^Persons are/),
      }),
    );
    expect(() => requireRole(as(), 'caseReaders', 'Reading cases')).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
  });

  it('refuse a principal without one of the policy roles, naming them', () => {
    expect(() => requireRole(as(analyst), 'caseWriters', 'Recording cases')).toThrow(
      expect.objectContaining({
        code: 'FORBIDDEN',
        message: 'Recording cases needs the officer, supervisor or investigator role',
      }),
    );
    expect(requireRole(as(analyst), 'caseReaders', 'Reading cases')).toBe(analyst);
  });

  it('want an office where records are owned', () => {
    const roaming = { ...officer, office: undefined };
    expect(() => requireOfficeRole(as(roaming), 'recordWriters', 'Recording persons')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/office/) }),
    );
    expect(requireOfficeRole(as(officer), 'recordWriters', 'Recording persons').office).toBe(
      'FRCDG',
    );
  });

  it('refuse a classification above the writer’s clearance, naming the field', () => {
    expect(() => assertWithinClearance(officer, 'confidential', 'draft.classification')).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: [
          expect.objectContaining({
            path: 'draft.classification',
            reason: 'confidential is above your clearance (restricted)',
          }),
        ],
      }),
    );
    expect(() =>
      assertWithinClearance({ ...officer, clearance: 'secret' }, 'secret', 'draft.classification'),
    ).not.toThrow();
  });
});
