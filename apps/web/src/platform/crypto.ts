/** `node:crypto` in the browser: the contracts only need a random UUID (event ids). */
export const randomUUID = (): string => globalThis.crypto.randomUUID();
