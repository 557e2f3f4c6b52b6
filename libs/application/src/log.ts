/** The process's structured log: pino, one JSON line per entry with an ISO time and a level name (what the API, the worker and log shippers read). */
import pino, { Logger } from 'pino';

export function jsonLogger(quiet = false): Logger {
  return pino(
    {
      level: quiet ? 'silent' : 'info',
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ dest: 1, sync: true }),
  );
}
