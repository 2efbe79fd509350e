/**
 * The addons-linter warnings accepted in the Firefox package, read from the one list of them in
 * docs/STORE.md, where each has its reason.
 */
import { readFileSync } from 'node:fs';

export interface AcceptedWarning {
  code: string;
  /** the file in the package; `*` stands for the build's content hash */
  file: string;
}

const SECTION = '## Firefox Add-ons: accepted linter warnings';

export function acceptedWarnings(storeDoc = readFileSync('docs/STORE.md', 'utf8')): AcceptedWarning[] {
  const start = storeDoc.indexOf(SECTION);
  if (start < 0) throw new Error(`docs/STORE.md has no "${SECTION}" section`);
  const section = storeDoc.slice(start + SECTION.length).split(/\n## /)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [code = '', file = ''] = line.split('|').slice(1, 3).map((cell) => cell.trim().replaceAll('`', ''));
      return { code, file };
    });
}

/** Whether a linter warning about `file` with `code` is on the list. */
export function isAccepted(list: AcceptedWarning[], code: string, file: string | undefined): boolean {
  return list.some((accepted) => {
    const pattern = new RegExp(`^${accepted.file.split('*').map(RegExp.escape).join('[\\w-]+')}$`);
    return accepted.code === code && file !== undefined && pattern.test(file);
  });
}
