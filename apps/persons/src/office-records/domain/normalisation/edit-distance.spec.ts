import { editDistance } from './edit-distance';

describe('editDistance', () => {
  it('counts substitutions, insertions and deletions', () => {
    expect(editDistance('IVAN', 'IVAN')).toBe(0);
    expect(editDistance('IVAN', 'IVEN')).toBe(1);
    expect(editDistance('IVANOV', 'IVANOVA')).toBe(1);
    expect(editDistance('IVANOV', 'IVNOV')).toBe(1);
    expect(editDistance('KITTEN', 'SITTING', 5)).toBe(3);
  });

  it('counts a transposition of two adjacent letters as one typo', () => {
    expect(editDistance('IVANOV', 'IVNAOV')).toBe(1);
    expect(editDistance('AHMED', 'AHEMD')).toBe(1);
  });

  it('stops at the bound', () => {
    expect(editDistance('IVANOV', 'PETROV', 2)).toBe(3);
    expect(editDistance('A', 'ABCDEFG', 2)).toBe(3);
    expect(editDistance('', 'AB', 2)).toBe(2);
  });
});
