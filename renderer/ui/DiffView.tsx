import type { FileDiff } from './change';
import { TableHead } from './TableHead';

const MARK = { add: '+', remove: '-', context: ' ' } as const;
const SPOKEN = { add: 'added', remove: 'removed', context: 'unchanged' } as const;

/** The exact lines a change writes to one file, with old/new line numbers: every preview's diff. */
export function DiffView({ diff: { file, diff, badges } }: { diff: FileDiff }) {
  return (
    <figure className="diff">
      <figcaption>
        <code>{file}</code>
        {badges.map((b) => (
          <span key={b} className="badge">
            {b}
          </span>
        ))}
      </figcaption>
      <table className="diff-lines">
        <TableHead className="visually-hidden" columns={['Old line', 'New line', 'Change', 'Text']} />
        <tbody>
          {diff.map((line, i) => (
            <tr key={i} className={`diff-${line.kind}`}>
              <td className="diff-num">{line.oldLine ?? ''}</td>
              <td className="diff-num">{line.newLine ?? ''}</td>
              <td className="diff-mark">
                <span aria-hidden="true">{MARK[line.kind]}</span>
                <span className="visually-hidden">{SPOKEN[line.kind]}</span>
              </td>
              <td className="diff-text">
                <pre>{line.text === '' ? ' ' : line.text}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
