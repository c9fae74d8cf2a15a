import { aCompany, aCompanyDraft } from '../testing/companies.fixtures';
import { compareCompanies, companyKeysOf, normaliseCompanyName } from './company';

describe('company names', () => {
  it('ignore case, diacritics, punctuation, token order and legal forms', () => {
    expect(normaliseCompanyName('Société Générale S.A.')).toBe('GENERALE SOCIETE');
    expect(normaliseCompanyName('generale, SOCIETE')).toBe('GENERALE SOCIETE');
    expect(normaliseCompanyName('Acme Trading SARL')).toBe(normaliseCompanyName('ACME trading'));
  });

  it('are transliterated from Cyrillic like person names', () => {
    expect(normaliseCompanyName('ООО Ромашка')).toBe('ROMASHKA');
  });

  it('keep a legal form when it is the only word', () => {
    expect(normaliseCompanyName('SA')).toBe('SA');
  });
});

describe('companyKeysOf', () => {
  it('keys numbers and names by country, numbers normalised whatever their kind', () => {
    const keys = companyKeysOf(
      aCompanyDraft({
        name: 'Acme SARL',
        vatNumber: 'fr 12-345 678 901',
        eoriNumber: 'FR12345678901',
        names: [{ name: 'Acme SARL' }, { name: 'Old Acme', to: '2020-01-01' }],
      }),
    );
    expect(keys).toEqual({
      matchKeys: ['name:FR:ACME', 'name:FR:ACME OLD', 'num:FR:FR12345678901'],
      numbers: ['FR12345678901'],
      nameKeys: ['ACME', 'OLD'],
    });
  });
});

describe('compareCompanies', () => {
  const known = aCompany(
    aCompanyDraft({
      name: 'Acme SARL',
      vatNumber: 'FR12345678901',
      registrationNumber: '123 456 789',
    }),
  );

  it('is strong on an equal number after normalisation, and says which', () => {
    const draft = aCompanyDraft({ name: 'Other name', vatNumber: 'FR 12 345 678 901' });
    expect(compareCompanies(draft, known)).toEqual({
      strength: 'strong',
      reasons: ['VAT number equal after normalisation: FR 12 345 678 901 = FR12345678901'],
    });
  });

  it('is strong on an equal name, possible when both registration numbers differ', () => {
    expect(compareCompanies(aCompanyDraft({ name: 'ACME' }), known)?.strength).toBe('strong');
    expect(
      compareCompanies(aCompanyDraft({ name: 'ACME', registrationNumber: '999' }), known),
    ).toEqual({
      strength: 'possible',
      reasons: ['name equal after normalisation: ACME = Acme SARL', 'registration numbers differ'],
    });
  });

  it('never matches a company of another country', () => {
    const draft = aCompanyDraft({ name: 'Acme SARL', vatNumber: 'FR12345678901', country: 'DE' });
    expect(compareCompanies(draft, known)).toBeNull();
  });
});
