import { isAbove, mayRead, readableClassifications } from './classification';

describe('clearance', () => {
  it('reads its own classification and those below, nothing above', () => {
    expect(readableClassifications({ clearance: 'restricted' })).toEqual(['restricted']);
    expect(readableClassifications({ clearance: 'confidential' })).toEqual([
      'restricted',
      'confidential',
    ]);
    expect(readableClassifications({ clearance: 'secret' })).toEqual([
      'restricted',
      'confidential',
      'secret',
    ]);
    expect(mayRead({ clearance: 'confidential' }, 'secret')).toBe(false);
    expect(mayRead({ clearance: 'secret' }, 'secret')).toBe(true);
  });

  it('is the lowest without a clearance, and refuses a classification it does not know', () => {
    expect(readableClassifications({})).toEqual(['restricted']);
    expect(readableClassifications(undefined)).toEqual(['restricted']);
    expect(mayRead({}, 'confidential')).toBe(false);
    expect(mayRead({ clearance: 'secret' }, 'top-secret')).toBe(false);
  });

  it('orders classifications, an unknown one above them all', () => {
    expect(isAbove('confidential', 'restricted')).toBe(true);
    expect(isAbove('restricted', 'secret')).toBe(false);
    expect(isAbove('secret', 'secret')).toBe(false);
    expect(isAbove('top-secret', 'secret')).toBe(true);
  });
});
