import { AppError } from '../../../common/contract/errors';

/**
 * WinSCP.ini (portable WinSCP): `[Sessions\name]` sections of `Name=value` lines, CRLF, decimal
 * integers. Section and string values are already munged by the caller (escapeWinscpName/Value).
 */
export interface IniSection {
  name: string;
  line: number;
  entries: Array<{ key: string; value: string; line: number }>;
}

export function formatIni(sections: Array<{ name: string; entries: Array<{ key: string; value: string }> }>): string {
  const out: string[] = [];
  for (const s of sections) {
    if (/[\r\n]/.test(s.name)) throw new AppError('invalid-input', `Bad WinSCP.ini section name ${JSON.stringify(s.name)}`);
    out.push(`[${s.name}]`);
    for (const e of s.entries) {
      if (/[\r\n=]/.test(e.key) || /[\r\n]/.test(e.value)) throw new AppError('invalid-input', `Bad WinSCP.ini entry ${JSON.stringify(e.key)}`);
      out.push(`${e.key}=${e.value}`);
    }
    out.push('');
  }
  return out.join('\r\n');
}

/** Windows' ini rules as WinSCP reads them: `;` comments, keys trimmed, the first of duplicate keys wins. */
export function parseIni(text: string, file?: string): IniSection[] {
  const sections: IniSection[] = [];
  let current: IniSection | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const t = raw.trim();
    if (t === '' || t.startsWith(';')) return;
    if (t.startsWith('[')) {
      if (!t.endsWith(']')) throw new AppError('parse', 'Bad WinSCP.ini line: a section line must end with "]"', { file, line: i + 1 });
      current = { name: t.slice(1, -1), line: i + 1, entries: [] };
      sections.push(current);
      return;
    }
    const eq = t.indexOf('=');
    if (eq < 0 || !current) return; // Windows ignores such lines; so do we
    const key = t.slice(0, eq).trim();
    if (!(current as IniSection).entries.some((e) => e.key === key)) (current as IniSection).entries.push({ key, value: t.slice(eq + 1).trim(), line: i + 1 });
  });
  return sections;
}
