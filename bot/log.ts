import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; every line of a request or turn carries its correlation id. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { app: 'kombit-programledere' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.password', '*.token'], censor: '[skjult]' },
  });
}
