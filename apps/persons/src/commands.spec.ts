import { pageSizeOf, parseFlags } from '@opencen/nest-kit';

import { parseAlertKeysArguments } from './alert-keys';
import { parseRekeyArguments } from './rekey';

describe('operator command arguments', () => {
  it('reads known flags with their values and refuses anything else', () => {
    expect([
      ...parseFlags(['--after', 'a1', '--page-size', '50'], ['--after', '--page-size']),
    ]).toEqual([
      ['--after', 'a1'],
      ['--page-size', '50'],
    ]);
    expect(() => parseFlags(['--afterr', 'a1'], ['--after'])).toThrow(
      'Unknown argument --afterr (--after)',
    );
    expect(() => parseFlags(['--after'], ['--after'])).toThrow('--after needs a value');
    expect(() => pageSizeOf('0')).toThrow('--page-size must be an integer from 1 to 10000');
    expect(pageSizeOf('10000')).toBe(10_000);
  });

  it('gives each command its options', () => {
    expect(parseAlertKeysArguments(['--after', 'a1'])).toEqual({ after: 'a1' });
    expect(
      parseRekeyArguments(['--kind', 'company', '--after', 'c1', '--page-size', '20']),
    ).toEqual({
      kind: 'company',
      after: 'c1',
      pageSize: 20,
    });
    expect(() => parseRekeyArguments(['--after', 'c1'])).toThrow('--after needs --kind');
    expect(() => parseRekeyArguments(['--kind', 'ship'])).toThrow('--kind must be one of');
  });
});
