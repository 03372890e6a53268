import type { DiffLine, FileEditPreview } from '../../common/contract/keepalive';

const MARK = { add: '+', remove: '-', context: ' ' } as const;
const SPOKEN = { add: 'added', remove: 'removed', context: 'unchanged' } as const;

/** The exact lines an edit writes to one file, with old/new line numbers; shared by every preview. */
export function DiffFigure({ file, diff, badges = [] }: { file: string; diff: readonly DiffLine[]; badges?: readonly string[] }) {
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
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Old line</th>
            <th scope="col">New line</th>
            <th scope="col">Change</th>
            <th scope="col">Text</th>
          </tr>
        </thead>
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

/** A user-config edit, as the preview computed it. */
export function DiffView({ edit }: { edit: FileEditPreview }) {
  return <DiffFigure file={edit.file} diff={edit.diff} badges={edit.created ? ['new file (mode 600)'] : []} />;
}
