import { describe, expect, it } from 'vitest';
import { isSiteOriginEntry, originEntryAsSent } from '../../../protocol/origins.ts';

/** What a browser sends as the Origin of a page at `address`: the URL standard's own answer. */
const sentBy = (address: string) => new URL(address).origin;

describe('originEntryAsSent', () => {
  it('writes a host in Unicode the way browsers send it, so the entry matches their pages', () => {
    expect(originEntryAsSent('https://Bücher.example')).toBe('https://xn--bcher-kva.example');
    expect(originEntryAsSent('https://bücher.example')).toBe(sentBy('https://bücher.example/katalog'));
    expect(originEntryAsSent('https://shop.bücher.example:8443')).toBe(sentBy('https://shop.bücher.example:8443/'));
    // the subdomains of a Unicode domain: the marker stays, the domain is converted
    expect(originEntryAsSent('https://*.bücher.example')).toBe('https://*.xn--bcher-kva.example');
    expect(originEntryAsSent('http://例え.テスト')).toBe(sentBy('http://例え.テスト'));
    for (const typed of ['https://Bücher.example', 'https://*.bücher.example', 'http://例え.テスト']) {
      expect(isSiteOriginEntry(originEntryAsSent(typed))).toBe(true);
    }
  });

  it('trims, lower-cases and drops the one final / of an address copied from the address bar', () => {
    expect(originEntryAsSent('  HTTPS://Shop.Example.COM/ ')).toBe('https://shop.example.com');
    expect(originEntryAsSent('https://bücher.example/')).toBe('https://xn--bcher-kva.example');
    expect(originEntryAsSent('http://localhost:3000/')).toBe('http://localhost:3000');
  });

  it('leaves what is not an entry as it is, for the checks to refuse', () => {
    for (const typed of ['https://shop.example.com//', 'https://shop.example.com/cart', 'shop.example.com', 'bücher.example', 'https://bü cher.example', 'https://user@bücher.example']) {
      const written = originEntryAsSent(typed);
      expect(written).toBe(typed.trim().toLowerCase());
      expect(isSiteOriginEntry(written)).toBe(false);
    }
    // an ASCII host is never rewritten (the URL standard would turn 0x7f.1 into 127.0.0.1)
    expect(originEntryAsSent('http://0x7f.1:8080')).toBe('http://0x7f.1:8080');
    expect(originEntryAsSent('moz-extension://*')).toBe('moz-extension://*');
    expect(originEntryAsSent('http://[::1]:3000')).toBe('http://[::1]:3000');
  });
});
