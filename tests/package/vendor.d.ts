/** The parts of two untyped packages the package test uses. */
declare module 'yauzl' {
  import type { Readable } from 'node:stream';

  interface Entry {
    fileName: string;
  }
  interface ZipFile {
    eachEntry(): AsyncIterable<Entry>;
    openReadStreamPromise(entry: Entry): Promise<Readable>;
    close(): void;
  }
  export function openPromise(path: string): Promise<ZipFile>;
}

declare module 'addons-linter' {
  interface LinterMessage {
    code: string;
    message: string;
    file?: string;
    line?: number;
  }
  interface LinterResult {
    errors: LinterMessage[];
    warnings: LinterMessage[];
    notices: LinterMessage[];
  }
  interface LinterConfig {
    _: string[];
    logLevel: string;
    stack: boolean;
    pretty: boolean;
    warningsAsErrors: boolean;
    metadata: boolean;
    output: string;
    boring: boolean;
    selfHosted: boolean;
  }
  const linter: {
    createInstance(options: { config: LinterConfig; runAsBinary: boolean }): { run(): Promise<LinterResult> };
  };
  export default linter;
}
