import type { ValueSource } from '../contract/hosts';

/** "file:line", or the file alone for line 0 (a problem with the file as a whole) or no line. */
export function formatPlace(file: string, line?: number): string {
  return line !== undefined && line > 0 ? `${file}:${line}` : file;
}

/** Where a value comes from, in full: "/home/me/.ssh/config:4" or "OpenSSH default". */
export function fullSource(source: ValueSource): string {
  return source.kind === 'default' ? 'OpenSSH default' : formatPlace(source.file, source.line);
}

/** A file beside the root config by its name there ("conf.d/work.conf"); any other file in full. */
export function shortPath(file: string, configPath: string): string {
  const sep = configPath.includes('\\') && !configPath.includes('/') ? '\\' : '/';
  const dir = configPath.slice(0, configPath.lastIndexOf(sep) + 1);
  return dir && file.startsWith(dir) ? file.slice(dir.length) : file;
}

/** fullSource, with files beside the root config shortened: "conf.d/work.conf:3". */
export function formatSource(source: ValueSource, configPath: string): string {
  return source.kind === 'default' ? 'OpenSSH default' : formatPlace(shortPath(source.file, configPath), source.line);
}
