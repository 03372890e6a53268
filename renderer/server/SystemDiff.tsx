import type { SystemFileEdit } from '../../electron/contract/server';

const MARK = { add: '+', remove: '-', context: ' ' } as const;
const SPOKEN = { add: 'added', remove: 'removed', context: 'unchanged' } as const;

/** The exact lines the helper will write to one system file (as the preview computed them). */
export function SystemDiff({ edit }: { edit: SystemFileEdit }) {
  return (
    <figure className="diff">
      <figcaption>
        <code>{edit.file}</code>
        {edit.created && <span className="badge">new file (root, mode 644)</span>}
        {edit.deleted && <span className="badge">file removed</span>}
      </figcaption>
      <table className="diff-lines">
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Old line</th>
            <th scope="col">New line</th>
            <th scope="col">Change</th>
            <th scope="col">Text</th>
          </tr>
        </thead>
        <tbody>
          {edit.diff.map((line, i) => (
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
