import type { KeepaliveApi } from '../../common/contract/channels';
import type { MatchBlockInfo } from '../../common/contract/hosts';
import { FileRef } from '../ui/FileRef';

interface Props {
  api: KeepaliveApi;
  block: MatchBlockInfo;
  configPath: string;
  rowIndex: number;
  rowRef?: ((el: HTMLElement | null) => void) | undefined;
}

/**
 * A Match block in the list, where ssh reads it, shown as what it is: a condition and what it sets
 * when the condition holds, not a host (it has no switch: which hosts it applies to is decided when
 * ssh connects). The hosts it may change say "Match" in their own row.
 */
export function MatchRowView({ api, block, configPath, rowIndex, rowRef }: Props) {
  const sets = block.sets.length ? `sets ${block.sets.map((s) => `${s.keyword} ${s.value}`).join(', ')}` : 'sets no keepalive value';
  const when = block.runtime ? 'if its conditions hold when ssh connects' : 'for the hosts its conditions match';
  return (
    <tr ref={rowRef} className="host-row match-row" data-match={block.id} aria-rowindex={rowIndex + 1}>
      <th scope="row" className="host-cell">
        <span className="dot dot-depends" aria-hidden="true" />
        <code className="pattern">Match</code>
        <FileRef api={api} file={block.file} line={block.line} configPath={configPath} className="source" />
      </th>
      <td className="points-cell" title={`Match ${block.criteria}`}>
        <span className="clamp">{block.criteria}</span>
      </td>
      <td className="outcome-cell" colSpan={3} title={`A condition, not a host: ${sets} ${when}`}>
        <span className="clamp">
          {sets.charAt(0).toUpperCase() + sets.slice(1)} {when}.
        </span>
      </td>
    </tr>
  );
}
