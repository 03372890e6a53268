import { useEffect, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import { formatPlace, shortPath } from '../../common/format/source';
import { describeError } from '../../common/format/error';
import { errorData } from '../api';

interface Props {
  api: KeepaliveApi;
  file: string;
  /** 0: the file as a whole. */
  line: number;
  /** The root config: files beside it are shown by their name there ("conf.d/work.conf:3"). */
  configPath: string;
  /** 'full': the whole path is the text (a list of problems); 'short' (default): as in the rows. */
  display?: 'short' | 'full';
  className?: string;
}

/** How long "Copied" / "Opened in code" stays beside the place. */
const SAID_MS = 4000;

/**
 * A file:line of the user's config that does something: in the window it opens the user's editor
 * at that line (editor:open; the main process checks the file is one of the config's); in a
 * browser, where a page must not start programs, it copies the full path and line.
 */
export function FileRef({ api, file, line, configPath, display = 'short', className }: Props) {
  const [said, setSaid] = useState<string | null>(null);
  useEffect(() => {
    if (!said) return;
    const t = setTimeout(() => setSaid(null), SAID_MS);
    return () => clearTimeout(t);
  }, [said]);
  const full = formatPlace(file, line);
  const short = display === 'full' ? full : formatPlace(shortPath(file, configPath), line);
  const inWindow = api.shell === 'electron';

  const act = async () => {
    if (!inWindow) {
      try {
        await navigator.clipboard.writeText(full);
        setSaid('Copied');
      } catch {
        setSaid(`Copy failed: ${full}`);
      }
      return;
    }
    try {
      const r = await api.invoke('editor:open', { configPath: '', file, line: Math.max(1, line) });
      setSaid(r.how === 'editor' ? `Opened in ${r.program}` : `Opened (go to line ${line})`);
    } catch (err) {
      setSaid(describeError(errorData(err)));
    }
  };

  return (
    <span className={`file-ref ${className ?? ''}`}>
      <button
        type="button"
        className="file-ref-button"
        title={inWindow ? `Open ${full} in your editor` : `Copy ${full}`}
        aria-label={inWindow ? `Open ${short} in your editor` : `Copy the path ${short}`}
        onClick={() => void act()}
      >
        {short}
      </button>
      {/* Only while there is something to say: an empty live region in each of thousands of rows costs. */}
      {said && (
        <span className="file-ref-said" role="status">
          {said}
        </span>
      )}
    </span>
  );
}
