import { type KeyObject, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';

import { canonicalize } from 'json-canonicalize';

import { sha256 } from './chain-entry';

/**
 * A signed statement that the chain held `hash` at entry `seq`: whoever rewrites entries (and
 * recomputes their hashes) cannot sign the checkpoints again without the key.
 */
export interface Checkpoint {
  readonly seq: number;
  /** The hash of entry `seq`. */
  readonly hash: string;
  /** The checkpoint before this one (0 for the first): verification walks them back by key. */
  readonly previousCheckpointSeq: number;
  readonly at: string;
  /** Which key signed it: the first 16 hex digits of SHA-256 of the raw public key. */
  readonly keyId: string;
  /** Ed25519 signature of the canonical encoding of the fields above, base64. */
  readonly signature: string;
}

export type UnsignedCheckpoint = Omit<Checkpoint, 'keyId' | 'signature'>;

/** The private key that signs checkpoints and the public keys that verify them. */
export interface SigningKeys {
  readonly privateKey: KeyObject;
  readonly keyId: string;
  /** By key id: the current key's and those of earlier keys still to be verified. */
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
}

// The PKCS #8 and SPKI prefixes of a raw 32-byte Ed25519 key (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The keys from a 32-byte Ed25519 seed (64 hex digits) and earlier public keys (64 hex digits
 * each), as configuration gives them.
 */
export function signingKeys(
  seedHex: string,
  previousPublicKeysHex: readonly string[] = [],
): SigningKeys {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, Buffer.from(seedHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const publicKeys = new Map<string, KeyObject>([[keyIdOf(publicKey), publicKey]]);
  for (const hex of previousPublicKeysHex) {
    const key = createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, Buffer.from(hex, 'hex')]),
      format: 'der',
      type: 'spki',
    });
    publicKeys.set(keyIdOf(key), key);
  }
  return { privateKey, keyId: keyIdOf(publicKey), publicKeys };
}

/** The raw public key (64 hex digits), to configure where checkpoints are verified. */
export function rawPublicKeyHex(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length).toString('hex');
}

function keyIdOf(publicKey: KeyObject): string {
  return sha256(rawPublicKeyHex(publicKey)).slice(0, 16);
}

function signedBytes(checkpoint: UnsignedCheckpoint & { keyId: string }): Buffer {
  const { seq, hash, previousCheckpointSeq, at, keyId } = checkpoint;
  return Buffer.from(canonicalize({ seq, hash, previousCheckpointSeq, at, keyId }), 'utf8');
}

export function signCheckpoint(unsigned: UnsignedCheckpoint, keys: SigningKeys): Checkpoint {
  const withKey = { ...unsigned, keyId: keys.keyId };
  const signature = sign(null, signedBytes(withKey), keys.privateKey).toString('base64');
  return { ...withKey, signature };
}

/** Whether a known key made the checkpoint's signature over what it states. */
export function signatureHolds(checkpoint: Checkpoint, keys: SigningKeys): boolean {
  const key = keys.publicKeys.get(checkpoint.keyId);
  if (!key) return false;
  try {
    return verify(null, signedBytes(checkpoint), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}
