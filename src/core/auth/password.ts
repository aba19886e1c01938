import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the package exports it as a const enum, which isolated modules cannot read.
const ARGON2ID = 2;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** argon2id with OWASP's minimum (19 MiB, t=2, p=1); tests lower the memory cost. */
export function createPasswordHasher(memoryCost = 19_456): PasswordHasher {
  const options = { algorithm: ARGON2ID, memoryCost, timeCost: 2, parallelism: 1 };
  return {
    hash: (password) => hash(password, options),
    async verify(stored, password) {
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    },
  };
}
