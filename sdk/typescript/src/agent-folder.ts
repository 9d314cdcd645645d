import type { FileUpload } from './models.js';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

/**
 * Reads a local agent folder into the files of an upload deploy, in a stable order (the same folder gives
 * the same upload, so an unchanged redeploy makes no new version). Skipped: `.git` and `node_modules`, the
 * secrets of `.env` and `.env.*`, and symbolic links (one could point anywhere on this machine).
 */
export async function readAgentFolder(folder: string): Promise<FileUpload[]> {
  const { readdir, readFile, stat } = await import('node:fs/promises');
  const path = await import('node:path');
  const root = path.resolve(folder);
  const info = await stat(root).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new TypeError(`Agent folder '${root}' does not exist or is not a folder`);
  }

  const files: FileUpload[] = [];
  const walk = async (directory: string): Promise<void> => {
    const entries = await readdir(directory, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) {
        await walk(full);
      } else if (entry.isFile() && !isEnvFile(entry.name)) {
        files.push({ path: path.relative(root, full).split(path.sep).join('/'), content: await readFile(full) });
      }
    }
  };
  await walk(root);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}

function isEnvFile(name: string): boolean {
  return name === '.env' || name.startsWith('.env.');
}
