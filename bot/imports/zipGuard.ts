import { inflateRawSync } from 'node:zlib';
import { ImportError } from './importError.ts';
import { MAX_DATA_ROWS, TOO_MANY_ROWS } from './limits.ts';

/** The most a workbook may hold unpacked: a 5,000-row overview is a few MB; a zip bomb is hundreds. */
export const MAX_UNPACKED_BYTES = 40 * 1024 * 1024;
const MAX_ENTRIES = 500;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const corrupt = () => new ImportError('Filen kunne ikke læses som et Excel-regneark (.xlsx). Den er måske beskadiget, eller den er en anden slags fil.');
const tooBig = () => new ImportError(`Regnearket fylder for meget, når det pakkes ud (over ${MAX_UNPACKED_BYTES / (1024 * 1024)} MB). Et KLIK-overblik fylder langt mindre; gem kun de rækker, der skal importeres.`);

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly localOffset: number;
}

function entriesOf(zip: Buffer): Entry[] {
  // The end-of-central-directory record is in the last 22 bytes plus at most a 64 KB comment.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (count > MAX_ENTRIES) throw tooBig();
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw corrupt();
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * Unpacks every part of a workbook once, within {@link MAX_UNPACKED_BYTES} in all, before the
 * spreadsheet library sees it: the sizes a zip declares can lie, so the limit is kept while
 * inflating (zlib stops at it), in memory that stays bounded. A first worksheet with more rows
 * than the import takes is refused here too, without building a row of it.
 *
 * @throws ImportError with a Danish reason.
 */
export function checkWorkbook(zip: Buffer): void {
  let budget = MAX_UNPACKED_BYTES;
  for (const entry of entriesOf(zip)) {
    const local = entry.localOffset;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) throw corrupt();
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + entry.compressedSize);
    if (entry.method !== 0 && entry.method !== 8) throw corrupt();
    let unpacked: Buffer;
    try {
      unpacked = entry.method === 0 ? data : inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
    } catch (error) {
      throw (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError ? tooBig() : corrupt();
    }
    budget -= unpacked.length;
    if (budget < 0) throw tooBig();
    if (/^xl\/worksheets\/sheet1\.xml$/i.test(entry.name)) {
      let rows = 0;
      for (let i = unpacked.indexOf('<row '); i >= 0; i = unpacked.indexOf('<row ', i + 5)) {
        if (++rows > MAX_DATA_ROWS + 1) throw new ImportError(TOO_MANY_ROWS);
      }
    }
  }
}
