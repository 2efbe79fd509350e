/** Reads a zip archive's files with yauzl, a real zip reader (the one addons-linter reads packages with). */
import { buffer } from 'node:stream/consumers';
import { openPromise } from 'yauzl';

/** Every file of the archive by its path inside it (folders left out). */
export async function readZip(path: string): Promise<Map<string, Buffer>> {
  const zip = await openPromise(path);
  const files = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith('/')) files.set(entry.fileName, await buffer(await zip.openReadStreamPromise(entry)));
    }
  } finally {
    zip.close();
  }
  return files;
}
