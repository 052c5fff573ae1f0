import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { createDeflateRaw } from 'node:zlib';
import JSZip from 'jszip';
import { startTestApp, type RunningApp } from './support/app.ts';

// Workbooks an attacker (or an unlucky export) sends: refused quickly, in bounded memory, with a Danish reason (issue 20, item 9).

interface ZipPart {
  readonly name: string;
  readonly deflated: Buffer;
}

/** Deflates `megabytes` of one repeated letter as a stream: the compressed part of a bomb, never the whole in memory. */
async function deflatedLetters(megabytes: number): Promise<Buffer> {
  let left = megabytes;
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  const source = new Readable({
    read() {
      this.push(left-- > 0 ? chunk : null);
    },
  });
  const parts: Buffer[] = [];
  for await (const part of source.pipe(createDeflateRaw({ level: 9 }))) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** A zip of deflated parts, laid out as the format says (local headers, data, central directory, end record). */
function zipOf(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.deflated.length, 18);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.deflated.length, 20);
    central.writeUInt32LE(1024, 24); // a lie: the real size is far larger
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.deflated);
    centrals.push(central, name);
    offset += 30 + name.length + part.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('workbooks that must be refused quickly, in bounded memory', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startTestApp();
  });
  afterAll(() => running.close());

  const upload = (name: string, content: Buffer) =>
    fetch(`${running.baseUrl}/api/klik-tasks/import?filename=${name}`, { method: 'POST', headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, body: new Uint8Array(content) });

  it('refuses a 300 MB cell packed into a few hundred KB within 5 s and under 300 MB of memory', async () => {
    const bomb = zipOf([{ name: 'xl/sharedStrings.xml', deflated: await deflatedLetters(300) }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const res = await upload('stor.xlsx', bomb);
    const seconds = (performance.now() - started) / 1000;
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^Filen er ikke importeret|^Regnearket fylder for meget, når det pakkes ud/);
    expect(seconds).toBeLessThan(5);
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
    expect(await running.app.repos.klikTasks.list()).toEqual([]);
  });

  it('refuses a workbook of 100,000 rows before reading them, naming the row limit', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>Opgave ${i}</t></is></c></row>`).join('');
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
    zip.file('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`);
    const workbook = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const started = performance.now();
    const res = await upload('mange.xlsx', workbook);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('Filen har mere end 5.000 rækker. Del den op i mindre filer.');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
