/**
 * Files out of a drop, folders walked recursively. The entries must be taken from the
 * DataTransfer synchronously, inside the drop handler: the browser empties it afterwards.
 */
export function takeDropped(dt: DataTransfer): Array<FileSystemEntry | File> {
  const out: Array<FileSystemEntry | File> = [];
  for (const item of [...dt.items]) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.() ?? null;
    const file = entry ? null : item.getAsFile();
    if (entry) out.push(entry);
    else if (file) out.push(file);
  }
  // Some browsers give files but no items (older drag sources): take the plain list then.
  if (out.length === 0) out.push(...dt.files);
  return out;
}

const isHidden = (name: string) => name.startsWith('.');

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries answers in batches (100 in Chromium) until it answers an empty one.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (isHidden(entry.name)) return;
  if (entry.isFile) {
    out.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
  } else if (entry.isDirectory) {
    const children = await readAll((entry as FileSystemDirectoryEntry).createReader());
    children.sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) await walk(child, out);
  }
}

/** The files of what was dropped, each folder's content in name order. */
export async function filesOfDrop(dropped: Array<FileSystemEntry | File>): Promise<File[]> {
  const out: File[] = [];
  for (const d of dropped) {
    if (d instanceof File) out.push(d);
    else await walk(d, out);
  }
  return out;
}
