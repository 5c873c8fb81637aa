/** Validates a server URL given by a flag or prompt: absolute http(s) URL. */
export function checkHttpUrl(value: string): true | string {
  if (!URL.canParse(value)) return 'not an absolute URL (e.g. http://127.0.0.1:3000)';
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:' ? true : 'must start with http:// or https://';
}

/** `http://host:3000/` → `http://host:3000`, for display and storage. */
export function normalizeUrl(value: string): string {
  return value.replace(/\/+$/, '');
}
