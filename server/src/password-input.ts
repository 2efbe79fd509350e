/**
 * `--password-stdin`: the password comes from standard input, never from the command line (where
 * `ps` shows it to everyone on the machine and the shell keeps it in its history). Piped: the first
 * line. A terminal: a prompt that does not echo what is typed, asked twice.
 */
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { AdminError } from '../services/agents.ts';

type Input = Readable & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };

export async function readPassword(input: Input = process.stdin, prompts: NodeJS.WritableStream = process.stderr): Promise<string> {
  if (!input.isTTY || !input.setRawMode) return firstLine(input);
  const password = await typedUnseen(input, prompts, 'Password: ');
  if ((await typedUnseen(input, prompts, 'Repeat it: ')) !== password) throw new AdminError('the two passwords differ');
  return password;
}

async function firstLine(input: Readable): Promise<string> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) return line;
  } finally {
    lines.close();
  }
  throw new AdminError('--password-stdin: nothing came on standard input');
}

const ENTER = new Set(['\r', '\n', '\u0004']);
const ERASE = new Set(['\u007f', '\b']);
const CANCEL = '\u0003';

function typedUnseen(input: Input, prompts: NodeJS.WritableStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const finish = (error?: AdminError) => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      prompts.write('\n');
      if (error) reject(error);
      else resolve(typed.join(''));
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ENTER.has(ch)) return finish();
        if (ch === CANCEL) return finish(new AdminError('cancelled'));
        typed = ERASE.has(ch) ? typed.slice(0, -1) : [...typed, ch];
      }
    };
    prompts.write(prompt);
    input.setRawMode!(true);
    input.on('data', onData);
    input.resume();
  });
}
