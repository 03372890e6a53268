import type { ReactNode } from 'react';

/**
 * A table's column headers. A column without a visible title (a column of buttons) still gets one
 * for screen readers: pass { hidden: 'Actions' }.
 */
export function TableHead({ columns, className }: { columns: readonly (ReactNode | { hidden: string })[]; className?: string }) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((c, i) => (
          <th key={i} scope="col">
            {c !== null && typeof c === 'object' && 'hidden' in c ? <span className="visually-hidden">{c.hidden}</span> : c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
