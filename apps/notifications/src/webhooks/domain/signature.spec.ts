import { signWebhook, verifyWebhook } from '@opencen/testing';

import { newSecret, signatureHeader, signatureOf } from './signature';

describe('webhook signatures', () => {
  const body = JSON.stringify({ id: 'e-1', data: { office: 'FRA-CDG' } });

  it('signs as the Standard Webhooks library does, and the library verifies it', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const now = new Date();
    const timestampS = Math.floor(now.getTime() / 1000);
    const signature = signatureOf(secret, 'wh_x_e-1', timestampS, body);
    expect(signature).toBe(signWebhook(secret, 'wh_x_e-1', now, body));
    expect(
      verifyWebhook(secret, { id: 'wh_x_e-1', timestamp: String(timestampS), signature, body }),
    ).toEqual(JSON.parse(body));
  });

  it('sends one signature per secret, space separated, and either verifies', () => {
    const [current, previous] = [newSecret(), newSecret()];
    const timestampS = Math.floor(Date.now() / 1000);
    const header = signatureHeader([current, previous], 'id-1', timestampS, body);
    expect(header.split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) {
      expect(() =>
        verifyWebhook(secret, {
          id: 'id-1',
          timestamp: String(timestampS),
          signature: header,
          body,
        }),
      ).not.toThrow();
    }
    expect(() =>
      verifyWebhook(newSecret(), {
        id: 'id-1',
        timestamp: String(timestampS),
        signature: header,
        body,
      }),
    ).toThrow();
  });

  it('refuses a key that is not a webhook secret', () => {
    expect(() => signatureOf('secret', 'id', 1, body)).toThrow('Not a webhook secret');
  });
});
