/**
 * A CPU profile of one phase in a load bench child (the relay and the service alike), so that a profile
 * holds what the phase measured and not the start-up, the sign-ins and the chats' routing before it:
 * `PROFILE START` on stdin starts V8's sampling profiler on the child's main thread (answered
 * `PROFILE STARTED`), `PROFILE STOP <file>` writes the profile there (answered `PROFILE WRITTEN`).
 * Open the file in Chrome's DevTools (Performance) or any `.cpuprofile` viewer.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { Answerer } from './child-answers.ts';

export function profileProbe(): Answerer {
  let session: Session | null = null;
  return (line) => {
    if (line === 'PROFILE START') {
      const started = new Session();
      started.connect();
      session = started;
      return started
        .post('Profiler.enable')
        .then(() => started.post('Profiler.start'))
        .then(() => 'PROFILE STARTED');
    }
    if (!line.startsWith('PROFILE STOP ') || !session) return undefined;
    const stopping = session;
    session = null;
    return stopping.post('Profiler.stop').then(async ({ profile }) => {
      await writeFile(line.slice('PROFILE STOP '.length), JSON.stringify(profile));
      stopping.disconnect();
      return 'PROFILE WRITTEN';
    });
  };
}
