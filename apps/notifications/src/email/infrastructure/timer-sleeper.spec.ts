import { TimerSleeper } from './timer-sleeper';

describe('TimerSleeper', () => {
  it('ends every wait at shutdown with an error, and starts none after', async () => {
    const sleeper = new TimerSleeper();
    const waiting = sleeper.sleep(3_600_000);
    sleeper.onModuleDestroy();
    await expect(waiting).rejects.toThrow(/Shutting down/);
    await expect(sleeper.sleep(1)).rejects.toThrow(/Shutting down/);
  });

  it('resolves a wait once its time has passed', async () => {
    await expect(new TimerSleeper().sleep(1)).resolves.toBeUndefined();
  });
});
