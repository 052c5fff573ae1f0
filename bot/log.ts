import { pino, type Level, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; every line of a request or turn carries its correlation id. The level comes from the validated configuration. */
export function createLogger(level: Level | 'silent'): Logger {
  return pino({
    level,
    base: { app: 'kombit-programledere' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.password', '*.token'], censor: '[skjult]' },
  });
}
