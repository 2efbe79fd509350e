/** A small structured logger seam. Callers never pass tokens or passwords in `fields`. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function line(level: string, message: string, fields?: Record<string, unknown>): string {
  let extra = '';
  try {
    extra = fields ? ' ' + JSON.stringify(fields, errorReplacer) : '';
  } catch {
    // a circular driver error must not turn logging into a second failure
    extra = ` ${String(fields)}`;
  }
  return `${new Date().toISOString()} ${level} ${message}${extra}`;
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}

export const consoleLogger: Logger = {
  info: (message, fields) => console.log(line('info', message, fields)),
  warn: (message, fields) => console.warn(line('warn', message, fields)),
  error: (message, fields) => console.error(line('error', message, fields)),
};
