/**
 * Opening a log file as a text stream: plain or gzip (recognised by its magic bytes, whatever the name), with the
 * field delimiter detected from the first line.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import type { Readable, Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { InputError } from "../../errors.js";

export async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buffer, 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Fail early, as bad input, on a path that is not a readable file. */
export async function checkReadable(file: string): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new InputError(`${file}: not a file`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: cannot read the log (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** The file's bytes, decompressed when it is gzip; the caller owns (and must destroy) the streams. */
export function byteStreams(file: string, gzip: boolean): [Readable] | [Readable, Transform] {
  const raw = createReadStream(file);
  return gzip ? [raw, createGunzip()] : [raw];
}

/** The first line of the (decompressed) text, without BOM and line end; reads only as far as it needs. */
export async function readFirstLine(file: string, gzip: boolean): Promise<string> {
  const streams = byteStreams(file, gzip);
  const last = streams[streams.length - 1]!;
  if (streams.length === 2) streams[0].pipe(streams[1]);
  let text = "";
  let first = true;
  try {
    for await (const chunk of last) {
      const bytes = chunk as Buffer;
      if (first) {
        first = false;
        // UTF-16 (as some spreadsheet exports write) reads as text full of NULs: say what to do instead.
        const bom16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
        if (bom16 || bytes.subarray(0, 200).includes(0)) {
          throw new InputError(`${file}: the log is UTF-16 (or binary) text, not UTF-8; save it as UTF-8 CSV and read it again`);
        }
      }
      text += bytes.toString("utf8");
      const end = text.search(/\r?\n/);
      if (end >= 0) {
        text = text.slice(0, end);
        break;
      }
      if (text.length > 1_000_000) break;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: cannot read the first line (${(error as Error).message}); the file is corrupt or not text`);
  } finally {
    for (const s of streams) s.destroy();
  }
  return text.replace(/^\uFEFF/, "").replace(/\r$/, "");
}

const CANDIDATES = ["\t", ",", ";", "|"];

/** The delimiter that splits the header line into the most fields (quoted text ignored); "," if none does. */
export function detectDelimiter(headerLine: string): string {
  const unquoted = headerLine.replace(/"[^"]*"/g, "");
  let best = ",";
  let bestCount = 0;
  for (const c of CANDIDATES) {
    const count = unquoted.split(c).length - 1;
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}
