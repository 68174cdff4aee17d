// Workspace keys are '/'-separated file paths for file: URIs (so the core can resolve the relative
// `participationLists` paths of an entity file) and the URI itself for other schemes (untitled:, …).
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';

export function keyOfUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri).split(path.sep).join('/');
  } catch {
    return uri;
  }
}

export function uriOfPath(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/** Whether a key names a file on disk (as opposed to an untitled or virtual document). */
export function isDiskKey(key: string): boolean {
  return key.startsWith('/') || /^[A-Za-z]:\//.test(key);
}
