/**
 * How a load bench child (the relay, the service) answers the bench's questions on its stdin, one line
 * each: the GC probe (bench/gc-probe.ts), the profile probe (bench/profile-probe.ts), the service's commit
 * counts. Each answer goes to stdout on a line of its own.
 */

/** A child's answer to one line of its stdin (now or once it is ready), or undefined when the line is not its question. */
export type Answerer = (line: string) => string | Promise<string> | undefined;

/** Reads stdin line by line and prints the first answer each line gets; an answer that fails prints its error. */
export function answerLines(...answerers: Answerer[]): void {
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (text: string) => {
    for (const line of text.split('\n')) {
      for (const answerer of answerers) {
        const answer = answerer(line);
        if (answer === undefined) continue;
        Promise.resolve(answer).then(console.log, (error: unknown) => console.error(`${line}: ${String(error)}`));
        break;
      }
    }
  });
}
