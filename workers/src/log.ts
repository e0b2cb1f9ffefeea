// The logger the workers write to: the shape of pino's, so the server can pass its own logger, with
// a console one for the worker process and the CLI and a silent one for tests.
export interface Log {
  debug(details: object, message?: string): void;
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

function write(level: string, details: object, message?: string) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...details }, (_key, value) =>
    value instanceof Error ? { message: value.message, stack: value.stack } : value,
  );
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

/** JSON lines on stdout/stderr; debug lines only with LOG_LEVEL=debug. */
export function consoleLog(debug = process.env.LOG_LEVEL === 'debug'): Log {
  return {
    debug: (details, message) => debug && write('debug', details, message),
    info: (details, message) => write('info', details, message),
    warn: (details, message) => write('warn', details, message),
    error: (details, message) => write('error', details, message),
  };
}

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
