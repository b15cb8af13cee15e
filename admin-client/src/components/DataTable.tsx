import type { ReactNode } from "react";

export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Classes of the column's cells ("num", "mono"…). */
  className?: string;
  /** Classes of its header cell. */
  headerClassName?: string;
  /** The cell that names the row: a `<th scope="row">`. */
  rowHeader?: boolean;
}

/**
 * A table in its scrolling wrapper: column headers, an optional caption
 * for screen readers, and a row per item; `rowData` sets the row's
 * `data-*` attributes that the tests and styles look for.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowData,
  caption,
  className,
  testId,
}: {
  columns: readonly (Column<Row> | false | null)[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowData?: (row: Row) => Record<`data-${string}`, string | undefined>;
  /** Names the table for screen readers (visually hidden). */
  caption?: string;
  className?: string;
  testId?: string;
}) {
  const shown = columns.filter((column): column is Column<Row> =>
    Boolean(column),
  );
  return (
    <div className="table-wrap">
      <table className={className} data-testid={testId}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            {shown.map((column, index) => (
              <th key={index} scope="col" className={column.headerClassName}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowData?.(row)}>
              {shown.map((column, index) =>
                column.rowHeader ? (
                  <th key={index} scope="row" className={column.className}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={index} className={column.className}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A column header read by screen readers only (an actions column). */
export function HiddenHeader({ children }: { children: string }) {
  return <span className="sr-only">{children}</span>;
}
