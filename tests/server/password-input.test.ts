import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPassword } from '../../server/src/password-input.ts';

/** A terminal in raw mode: each string arrives as one keystroke burst. */
function terminal(...bursts: string[]) {
  const rawModes: boolean[] = [];
  const input = Object.assign(new PassThrough(), { isTTY: true, rawModes, setRawMode: (mode: boolean) => rawModes.push(mode) });
  for (const burst of bursts) input.write(burst);
  return input;
}

function screen() {
  const shown: string[] = [];
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => shown.push(chunk.toString()));
  return { output, shown: () => shown.join('') };
}

describe('--password-stdin', () => {
  it('takes the first line piped in, spaces kept, without its line ending', async () => {
    expect(await readPassword(Readable.from([' two words \r\n', 'not this\n']))).toBe(' two words ');
    expect(await readPassword(Readable.from(['no line ending']))).toBe('no line ending');
  });

  it('refuses an empty standard input', async () => {
    await expect(readPassword(Readable.from([]))).rejects.toThrow('--password-stdin: nothing came on standard input');
  });

  it('on a terminal, asks twice without echoing what is typed; backspace erases', async () => {
    const input = terminal('secrex\u007ft pw\r', 'secret pw\r');
    const { output, shown } = screen();

    expect(await readPassword(input, output)).toBe('secret pw');

    await new Promise((resolve) => setImmediate(resolve));
    expect(shown()).toBe('Password: \nRepeat it: \n');
    expect(input.rawModes).toEqual([true, false, true, false]);
  });

  it('on a terminal, refuses two different passwords and Ctrl+C', async () => {
    await expect(readPassword(terminal('one password\r', 'another one\r'), screen().output)).rejects.toThrow('the two passwords differ');
    await expect(readPassword(terminal('half\u0003'), screen().output)).rejects.toThrow('cancelled');
  });
});
