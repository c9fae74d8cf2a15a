import { z } from 'zod';

/**
 * An e-mail address, as the services accept it: zod's pattern, and no JSON Schema `format` beside
 * it, because validators' `email` formats each accept other addresses than the pattern does (a
 * client checking the format would send what the services refuse, or the reverse).
 */
export function emailAddressSchema(maxLength: number) {
  return z.string().max(maxLength).regex(z.regexes.email, 'an e-mail address');
}
