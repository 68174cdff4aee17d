// '/'-separated path arithmetic for workspace keys (plain paths or URIs); no Node `path` in the core.

export function dirnameOf(key: string): string {
  const i = key.lastIndexOf('/');
  return i < 0 ? '' : key.slice(0, i);
}

export function basenameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Resolves `relative` (a '/' or '\\' separated path) against the directory `base`. */
export function resolveRelative(base: string, relative: string): string {
  const rel = relative.replace(/\\/g, '/');
  const schemeEnd = base.indexOf('://');
  const prefix =
    schemeEnd >= 0
      ? base.slice(0, base.indexOf('/', schemeEnd + 3) + 1 || base.length)
      : base.startsWith('/')
        ? '/'
        : '';
  const parts = (rel.startsWith('/') ? [] : base.slice(prefix.length).split('/')).filter((p) => p !== '');
  for (const part of rel.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return prefix + parts.join('/');
}
