import { type Principal } from '@opencen/contracts';

import { aDraft, aPerson, draftOf, ivanovInCyrillic } from '../testing/persons.fixtures';
import { admin, officer } from '../../office-records/testing/office-records.fixtures';
import { assertMayMerge, assertMergeable, combine, revert, withMergeState } from './merge';

const survivor = aPerson(ivanovInCyrillic, { id: 's', version: 3 });
const other = aPerson(
  aDraft({
    familyName: 'Ivanov',
    givenNames: 'Ivan',
    aliases: [{ familyName: 'Иванов', givenNames: 'Иван' }, { familyName: 'Vanya' }],
    dateOfBirth: '1980',
    placeOfBirth: 'Moscow',
    nationalities: ['RU', 'UA'],
    documents: [
      // The same passport written differently, and a new driving licence.
      { type: 'passport', number: '751234567', issuingCountry: 'RU' },
      { type: 'driving-licence', number: 'DL-1', issuingCountry: 'UA' },
    ],
    phones: ['+33 1 23'],
  }),
  { id: 'm', version: 5 },
);
const supervisor: Principal = { ...officer, sub: 'sub-supervisor', roles: ['supervisor'] };
const input = { mergeId: 'merge-1', at: '2026-11-28T11:00:00.000Z', by: 'sub-admin' };

describe('merge rules', () => {
  it('lets an admin merge anywhere, a supervisor only within his office, nobody else', () => {
    const elsewhere = { ...other, office: 'FRA-ORY' };
    expect(assertMayMerge(admin, survivor, elsewhere)).toBe(admin);
    expect(assertMayMerge(supervisor, survivor, other)).toBe(supervisor);
    expect(() => assertMayMerge(supervisor, survivor, elsewhere)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    for (const role of ['officer', 'investigator', 'analyst'] as const) {
      expect(() => assertMayMerge({ ...officer, roles: [role] }, survivor, other)).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
    }
    expect(() => assertMayMerge(undefined, survivor, other)).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
  });

  it('refuses a person with itself and a person already merged, on either side', () => {
    expect(() => assertMergeable(survivor, survivor)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => assertMergeable({ ...survivor, mergedInto: 'x' }, other)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => assertMergeable(survivor, { ...other, mergedInto: 'x' })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => assertMergeable(survivor, other)).not.toThrow();
  });
});

describe('combine', () => {
  const next = combine(survivor, other, input);

  it('adds the merged names as aliases, its aliases, documents and details, without duplicates', () => {
    expect(next.aliases).toEqual([
      { familyName: 'Ivanov', givenNames: 'Ivan' },
      { familyName: 'Vanya' },
    ]);
    expect(next.nationalities).toEqual(['RU', 'UA']);
    expect(next.documents).toEqual([
      ...survivor.documents,
      { type: 'driving-licence', number: 'DL-1', issuingCountry: 'UA' },
    ]);
    expect(next.phones).toEqual(['+33 1 23']);
    // The survivor's own date of birth stays; the place it lacked is taken.
    expect(next.dateOfBirth).toBe('1980-05-12');
    expect(next.placeOfBirth).toBe('Moscow');
    expect(next.latinNames).toEqual(['IVANOV IVAN', 'VANYA']);
    expect(next.version).toBe(4);
  });

  it('records the merge, pending, with what it added', () => {
    expect(next.merges).toEqual([
      {
        mergeId: 'merge-1',
        mergedId: 'm',
        at: input.at,
        by: 'sub-admin',
        state: 'pending',
        survivorVersion: 3,
        mergedVersion: 5,
        added: {
          aliases: next.aliases,
          nationalities: ['UA'],
          documents: [{ type: 'driving-licence', number: 'DL-1', issuingCountry: 'UA' }],
          addresses: [],
          phones: ['+33 1 23'],
          emails: [],
          filled: { placeOfBirth: 'Moscow' },
        },
      },
    ]);
  });

  it('refuses a combined record over the contract limits, naming the field', () => {
    const many = { ...other, nationalities: ['FR', 'DE', 'UA', 'PL', 'IT'] };
    expect(() => combine(survivor, many, input)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ path: 'nationalities' })],
      }),
    );
  });
});

describe('revert', () => {
  it('restores the survivor as it was before the merge, the record undoing then undone', () => {
    const merged = withMergeState(combine(survivor, other, input), 'merge-1', 'done', input);
    const reverted = revert(merged, 'merge-1', input);
    expect(draftOf(reverted)).toEqual(draftOf(survivor));
    expect(reverted.latinNames).toEqual(['IVANOV IVAN']);
    expect(reverted.merges?.[0]).toMatchObject({ state: 'undoing', undoVersion: 5 });
    expect(() => revert(reverted, 'merge-1', input)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => revert(reverted, 'nope', input)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('keeps what was changed since the merge', () => {
    const merged = combine(survivor, other, input);
    const reverted = revert({ ...merged, placeOfBirth: 'Kazan' }, 'merge-1', input);
    expect(reverted.placeOfBirth).toBe('Kazan');
  });
});
