// Structured logs: one JSON object per line on stdout/stderr.
import { getConfig } from './config';

type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, unknown>;

function write(level: Level, msg: string, fields: Fields = {}) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** LOG_LEVEL, from the configuration in force (tests reload it to change the level). */
const enabled = (level: Level) => ORDER[level] >= ORDER[getConfig().logLevel];

export const log = {
  debug: (msg: string, fields?: Fields): void => void (enabled('debug') && write('debug', msg, fields)),
  info: (msg: string, fields?: Fields): void => void (enabled('info') && write('info', msg, fields)),
  warn: (msg: string, fields?: Fields): void => void (enabled('warn') && write('warn', msg, fields)),
  error: (msg: string, fields?: Fields): void => void (enabled('error') && write('error', msg, fields)),
};

export function errorFields(error: unknown): Fields {
  if (error instanceof Error) return { error: error.message, stack: error.stack };
  return { error: String(error) };
}
