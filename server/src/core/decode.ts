// A file's bytes as text, for every reader of files on disk (qpp-check, whole or streamed, and the language server's
// closed files). UTF-8 unless the file starts with a UTF-16 byte-order mark, as Excel's "Unicode Text" writes it.
// The mark stays in the text as U+FEFF, as in a UTF-8 file with one: offsets count it, and the list parser skips it.

// The core targets no platform, but every JavaScript runtime it runs in (Node, browsers, workers) has TextDecoder.
declare const TextDecoder: new (label: string, options?: { ignoreBOM?: boolean }) => { decode(input?: Uint8Array, options?: { stream?: boolean }): string };

export type FileEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding of a file from its first bytes (at least two, when the file has them). */
export function fileEncodingOf(firstBytes: Uint8Array): FileEncoding {
  if (firstBytes[0] === 0xff && firstBytes[1] === 0xfe) return 'utf-16le';
  if (firstBytes[0] === 0xfe && firstBytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/**
 * Decodes a file given whole (`decode(bytes, true)`) or in chunks (`decode(chunk)` … `decode(empty, true)`): a
 * character split between chunks is kept for the next one, and bytes that are not text become U+FFFD.
 */
export function fileTextDecoder(firstBytes: Uint8Array): (bytes: Uint8Array, final?: boolean) => string {
  const decoder = new TextDecoder(fileEncodingOf(firstBytes), { ignoreBOM: true });
  return (bytes, final = false) => decoder.decode(bytes, { stream: !final });
}

/** The text of a whole file's bytes. */
export function decodeFileText(bytes: Uint8Array): string {
  return fileTextDecoder(bytes)(bytes, true);
}
