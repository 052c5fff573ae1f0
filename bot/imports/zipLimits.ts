import { inflateRawSync } from 'node:zlib';
import { ImportError } from './importError.ts';
import { MAX_DATA_ROWS, TOO_MANY_ROWS } from './limits.ts';

/**
 * The most an import workbook may hold once unpacked. 5,000 rows of a KOMBIT overview unpack to a
 * few MB (sheet XML and shared strings); a zip bomb of a few hundred KB unpacks to hundreds of MB,
 * which the workbook reader would hold in memory several times over.
 */
export const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;
/** An .xlsx from Excel has a dozen parts or so; thousands mean a crafted file. */
const MAX_PARTS = 500;
/**
 * Row elements a worksheet may have before the workbook reader is even asked: twice the rows an
 * import takes (Excel also writes a row element for an empty row with its own height or format),
 * so 700,000 rows are refused in milliseconds, not after the reader has built them all.
 */
const MAX_ROW_ELEMENTS = 2 * (MAX_DATA_ROWS + 1);
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
const ROW = Buffer.from('<row');

/** How many `<row` elements an unpacked worksheet has, stopping once past `limit`. */
function rowElements(xml: Buffer, limit: number): number {
  let count = 0;
  for (let at = xml.indexOf(ROW); at !== -1 && count <= limit; at = xml.indexOf(ROW, at + ROW.length)) {
    const next = xml[at + ROW.length];
    if (next === 0x20 || next === 0x3e || next === 0x2f) count++;
  }
  return count;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const unreadable = () => new ImportError('Filen kunne ikke læses som et Excel-regneark (.xlsx). Den er måske beskadiget, eller den er en anden slags fil.');
const tooBig = () =>
  new ImportError(`Regnearket fylder mere end ${MAX_UNPACKED_BYTES / (1024 * 1024)} MB, når det pakkes ud, og er ikke læst. Et ark med højst 5.000 rækker er langt mindre: gem det igen, eller del det op.`);

/** The offset of the zip's end-of-central-directory record, searched from the end (it may be followed by a comment). */
function endOfDirectory(zip: Buffer): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) return at;
  }
  throw unreadable();
}

/**
 * Unpacks every part of an .xlsx (a zip) with a hard limit on what comes out, before the workbook
 * reader sees it: the sizes a zip declares may lie, so each part is inflated for real, and
 * inflating stops the moment the total passes {@link MAX_UNPACKED_BYTES}. Memory stays within
 * that limit whatever the file claims, and a bomb is refused in a fraction of a second. Worksheets
 * with far more rows than an import takes are refused here too, on their unpacked XML.
 *
 * @throws ImportError (Danish) for a file that unpacks past the limit, has too many rows, or is no zip one can read.
 */
export function checkUnpackedSize(zip: Buffer): void {
  const eocd = endOfDirectory(zip);
  const parts = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  // ZIP64 markers (0xffff / 0xffffffff) are never needed for a workbook under 5 MB.
  if (parts === 0xffff || offset === 0xffffffff || parts > MAX_PARTS) throw unreadable();
  let total = 0;
  for (let i = 0; i < parts; i++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL) throw unreadable();
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;

    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) throw unreadable();
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const end = start + compressedSize;
    if (end > zip.length) throw unreadable();
    const data = zip.subarray(start, end);
    let unpacked: Buffer;
    if (method === 0) unpacked = data;
    else if (method === 8) {
      try {
        unpacked = inflateRawSync(data, { maxOutputLength: MAX_UNPACKED_BYTES - total + 1 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig();
        throw unreadable();
      }
    } else throw unreadable();
    total += unpacked.length;
    if (total > MAX_UNPACKED_BYTES) throw tooBig();
    if (WORKSHEET.test(name) && rowElements(unpacked, MAX_ROW_ELEMENTS) > MAX_ROW_ELEMENTS) throw new ImportError(TOO_MANY_ROWS);
  }
}
