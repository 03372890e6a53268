import type { FileEditPreview } from '../../electron/contract/keepalive';

const MARK = { add: '+', remove: '-', context: ' ' } as const;
const SPOKEN = { add: 'added', remove: 'removed', context: 'unchanged' } as const;

/** The exact lines an edit writes, with old/new line numbers, as the preview computed them. */
export function DiffView({ edit }: { edit: FileEditPreview }) {
  return (
    <figure className="diff">
      <figcaption>
        <code>{edit.file}</code>
        {edit.created && <span className="badge">new file (mode 600)</span>}
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
