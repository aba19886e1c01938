import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/** Structured JSON logs on stdout; personal data (e-mails, passwords, tokens) is never logged. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { app: 'kzm' },
    redact: { paths: ['password', '*.password', 'token', '*.token', 'email', '*.email'], censor: '[redacted]' },
  });
}
