/**
 * Windows-1252's printable characters in 0x80-0x9F (€, curly quotes, en dash, ...). Node's
 * TextDecoder treats "windows-1252" as plain latin1 there, so Excel's "CSV (semikolonsepareret)"
 * on a Danish Windows PC would otherwise turn "–" into an invisible control character.
 */
const CP1252_HIGH: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰',
  0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•',
  0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

function decodeWindows1252(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) text += CP1252_HIGH[byte] ?? String.fromCharCode(byte);
  return text;
}

/** Control characters other than tab, line breaks and form feed. */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;

/**
 * Binary files are full of NULs and control bytes; a real CSV may carry the odd stray one (a
 * vertical tab pasted from PowerPoint), so only NUL or more than 1 % control characters count.
 */
function looksBinary(text: string): boolean {
  if (text.startsWith('%PDF') || text.includes('\u0000')) return true;
  return (text.match(CONTROL)?.length ?? 0) > text.length / 100;
}

/**
 * Decodes a text file: UTF-8 (BOM optional), UTF-16 with a BOM (Excel's "Unicode-tekst"), or
 * Windows-1252 when the bytes are not valid UTF-8. Returns undefined when the bytes are binary
 * (a PDF, an image, a Word file), so the caller can say the file is not a sheet.
 */
export function decodeText(bytes: Buffer): string | undefined {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      text = decodeWindows1252(body);
    }
  }
  if (looksBinary(text)) return undefined;
  return text;
}
