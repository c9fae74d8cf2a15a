import { type PersonForMatching } from './person';
import { compareNameTokens, POSSIBLE_THRESHOLD, scorePersonMatch, STRONG_THRESHOLD } from './score';

const ivanovInCyrillic: PersonForMatching = {
  family: 'Иванов',
  given: 'Иван',
  dateOfBirth: '1980-05-12',
  nationalities: ['RUS'],
  documents: [{ type: 'passport', number: '75 1234567', issuingCountry: 'RUS' }],
};

describe('compareNameTokens', () => {
  it('grades equal, typo, sound-alike and distant tokens', () => {
    expect(compareNameTokens('IVAN', 'IVAN')).toEqual({ score: 1, how: 'equal' });
    expect(compareNameTokens('IVAN', 'IVEN')).toEqual({ score: 0.92, how: 'within one typo' });
    expect(compareNameTokens('PETROV', 'PERTOV')).toEqual({ score: 0.85, how: 'within one typo' });
    expect(compareNameTokens('MOHAMMED', 'MUHAMAD')).toEqual({ score: 0.88, how: 'sounds alike' });
    expect(compareNameTokens('ALEXANDROS', 'ALEKSANDRAS')).toEqual({
      score: 0.88,
      how: 'sounds alike',
    });
    expect(compareNameTokens('FERNANDEZ', 'FERNANDRS')).toEqual({
      score: 0.7,
      how: 'within two typos',
    });
    expect(compareNameTokens('IVAN', 'IGOR')).toBeUndefined();
    // One letter apart is not enough for short tokens that do not sound alike.
    expect(compareNameTokens('LI', 'LU')).toEqual({ score: 0.92, how: 'within one typo' });
    expect(compareNameTokens('LI', 'KI')).toBeUndefined();
  });
});

describe('scorePersonMatch', () => {
  it('proposes a Cyrillic person for a Latin draft with a typo and a year-only birth date', () => {
    const match = scorePersonMatch(
      { family: 'Ivanov', given: 'Iven', dateOfBirth: '1980' },
      ivanovInCyrillic,
    );
    expect(match.strength).toBe('possible');
    expect(match.score).toBeGreaterThanOrEqual(POSSIBLE_THRESHOLD);
    expect(match.reasons).toEqual([
      'family name, transliterated: Ivanov ≈ Иванов',
      'given name within one typo, transliterated (Iven ≈ Иван, IVEN ≈ IVAN)',
      'birth year equal (1980 / 1980-05-12)',
    ]);
  });

  it('explains a Latin typo without transliteration in the words of the issue', () => {
    const match = scorePersonMatch(
      { family: 'IVANOV', given: 'IVEN', dateOfBirth: '1980' },
      { family: 'IVANOV', given: 'IVAN', dateOfBirth: '1980' },
    );
    expect(match.reasons).toEqual([
      'family name: IVANOV ≈ IVANOV',
      'given name within one typo (IVEN ≈ IVAN)',
      'birth year equal',
    ]);
  });

  it('is strong for the same name, full date of birth and nationality in two scripts', () => {
    const match = scorePersonMatch(
      { family: 'IVANOV', given: 'IVAN', dateOfBirth: '1980-05-12', nationalities: ['rus'] },
      ivanovInCyrillic,
    );
    expect(match).toEqual({
      score: 1,
      strength: 'strong',
      reasons: [
        'family name, transliterated: IVANOV ≈ Иванов',
        'given name, transliterated: IVAN ≈ Иван',
        'date of birth equal',
        'nationality shared: RUS',
      ],
    });
  });

  it('matches swapped given and family names and says so', () => {
    const match = scorePersonMatch(
      { family: 'Ivan', given: 'Ivanov', dateOfBirth: '1980-05-12' },
      ivanovInCyrillic,
    );
    expect(match.strength).toBe('strong');
    expect(match.reasons).toContain('family name ≈ given name, transliterated: Ivan ≈ Иван');
    expect(match.reasons).toContain('given and family names swapped');
  });

  it('matches an Arabic name with its Latin spelling', () => {
    const match = scorePersonMatch(
      { family: 'Al-Hassan', given: 'Mohammed', dateOfBirth: '1975' },
      { family: 'الحسن', given: 'محمد', dateOfBirth: '1975-03' },
    );
    expect(match.strength).toBe('possible');
    expect(match.reasons).toEqual([
      'family name sounds alike, transliterated (Hassan ≈ الحسن, HASSAN ≈ HSN)',
      'given name sounds alike, transliterated (Mohammed ≈ محمد, MOHAMMED ≈ MHMD)',
      'birth year equal (1975 / 1975-03)',
    ]);
  });

  it('matches a Greek name with its Latin spelling', () => {
    const match = scorePersonMatch(
      { family: 'Papadopoulos', given: 'Georgios', dateOfBirth: '1966-01-30' },
      { family: 'Παπαδόπουλος', given: 'Γεώργιος', dateOfBirth: '1966-01-30' },
    );
    expect(match.strength).toBe('strong');
    expect(match.reasons).toContain('family name, transliterated: Papadopoulos ≈ Παπαδόπουλος');
  });

  it('lowers the score when dates of birth conflict', () => {
    const same = scorePersonMatch({ family: 'Ivanov', given: 'Ivan' }, ivanovInCyrillic);
    const conflicting = scorePersonMatch(
      { family: 'Ivanov', given: 'Ivan', dateOfBirth: '1981-05-12' },
      ivanovInCyrillic,
    );
    expect(conflicting.score).toBeLessThan(same.score);
    expect(conflicting.strength).toBe('weak');
    expect(conflicting.reasons).toContain('dates of birth conflict (1981-05-12 / 1980-05-12)');
  });

  it('is strong on an identical document alone, whatever the names', () => {
    const match = scorePersonMatch(
      { family: 'Smith', given: 'John', documents: [{ type: 'passport', number: '751-234-567' }] },
      ivanovInCyrillic,
    );
    expect(match.strength).toBe('strong');
    expect(match.score).toBeGreaterThanOrEqual(STRONG_THRESHOLD);
    expect(match.reasons).toEqual(['passport number equal after normalisation']);
  });

  it('does not treat a number from another country or document type as the same document', () => {
    const otherCountry = scorePersonMatch(
      {
        family: 'Smith',
        documents: [{ type: 'passport', number: '751234567', issuingCountry: 'GBR' }],
      },
      ivanovInCyrillic,
    );
    expect(otherCountry.strength).toBe('weak');
    expect(otherCountry.reasons).toEqual([
      'passport number equal after normalisation, but issued by another country',
    ]);
    const otherType = scorePersonMatch(
      { family: 'Smith', documents: [{ type: 'national-id', number: '751234567' }] },
      ivanovInCyrillic,
    );
    expect(otherType.reasons).toEqual([
      'national ID number equal after normalisation, but recorded as passport',
    ]);
  });

  it('uses aliases on either side', () => {
    const match = scorePersonMatch(
      { family: 'Petrenko', given: 'Oleg', aliases: [{ family: 'Ivanov', given: 'Ivan' }] },
      ivanovInCyrillic,
    );
    expect(match.strength).toBe('possible');
    expect(match.reasons).toContain(
      'alias family name ≈ family name, transliterated: Ivanov ≈ Иванов',
    );
  });

  it('ignores particles and tolerates an extra middle name or patronymic', () => {
    const match = scorePersonMatch(
      { family: 'van Dijk', given: 'Jan Pieter', dateOfBirth: '1970-02-03' },
      { family: 'Dijk', given: 'Jan', dateOfBirth: '1970-02-03' },
    );
    expect(match.strength).toBe('strong');
  });

  it('keeps unrelated people weak', () => {
    const match = scorePersonMatch(
      { family: 'Petrov', given: 'Sergei', dateOfBirth: '1980-05-12', nationalities: ['RUS'] },
      ivanovInCyrillic,
    );
    expect(match.strength).toBe('weak');
    expect(match.score).toBeLessThan(0.5);
    expect(match.reasons).toEqual(['date of birth equal', 'nationality shared: RUS']);
  });

  it('scores between 0 and 1 even for empty persons', () => {
    expect(scorePersonMatch({}, {})).toEqual({ score: 0.2, strength: 'weak', reasons: [] });
  });
});
