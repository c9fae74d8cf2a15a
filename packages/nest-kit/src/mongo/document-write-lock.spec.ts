import { DocumentWriteLock } from './document-write-lock';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DocumentWriteLock', () => {
  it('runs writes to one document one after the other, in order', async () => {
    const lock = new DocumentWriteLock();
    const log: string[] = [];
    const write = (name: string, ms: number) =>
      lock.run('entries', 'FR', async () => {
        log.push(`${name} start`);
        await tick(ms);
        log.push(`${name} end`);
        return name;
      });
    await expect(Promise.all([write('a', 30), write('b', 1), write('c', 10)])).resolves.toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('lets writes to other documents overlap', async () => {
    const lock = new DocumentWriteLock();
    const log: string[] = [];
    await Promise.all(
      ['FR', 'DE'].map((id) =>
        lock.run('entries', id, async () => {
          log.push(`${id} start`);
          await tick(10);
          log.push(`${id} end`);
        }),
      ),
    );
    expect(log.slice(0, 2).sort()).toEqual(['DE start', 'FR start']);
  });

  it('goes on after a failed write', async () => {
    const lock = new DocumentWriteLock();
    const failed = lock.run('entries', 'FR', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(lock.run('entries', 'FR', async () => 'next')).resolves.toBe('next');
  });
});
