import type { CellPosition } from "./blocks";
import type { BlockChange } from "./diff";

/** Where a block of the redline starts something new in a table it belongs to. */
export interface TablePlace {
  newTable: boolean;
  newRow: boolean;
  newCell: boolean;
}

type Sides = { before?: CellPosition; after?: CellPosition };

/**
 * For each block of a redline, its place in a table (null outside tables), so the redline can
 * draw tables as tables. The diff lists cells in reading order, removed ones where they were;
 * a cell starts a new row (or table) when, on either side it exists in, its row (or table)
 * differs from the last cell seen on that side. So a removed row, an added row and the rows
 * around them each get their own row, and a removed or added cell stays in its row.
 */
export function placeInTables(changes: readonly BlockChange[]): (TablePlace | null)[] {
  let last: Sides | null = null;
  return changes.map((change) => {
    const sides = sidesOf(change);
    if (!sides.before && !sides.after) {
      last = null;
      return null;
    }
    const seen: Sides | null = last;
    const differs = (key: (cell: CellPosition) => string) =>
      (["before", "after"] as const).some((side) => {
        const now = sides[side];
        const then = seen?.[side];
        return now !== undefined && then !== undefined && key(now) !== key(then);
      });
    // With nothing to compare (cells only added after cells only removed), start a row to be safe.
    const comparable = (["before", "after"] as const).some((side) => sides[side] !== undefined && seen?.[side] !== undefined);
    const newTable = seen === null || differs((c) => `${c.table}`);
    const newRow = newTable || !comparable || differs((c) => `${c.table}:${c.row}`);
    const shown = change.type === "removed" ? change.before : change.after;
    const newCell = newRow || shown?.kind === "tableCell" || differs((c) => `${c.table}:${c.row}:${c.column}`);
    last = newTable ? sides : { before: sides.before ?? seen?.before, after: sides.after ?? seen?.after };
    return { newTable, newRow, newCell };
  });
}

/**
 * The cell a change occupies in each version. A moved block counts only where it is now: where
 * it came from is another row's business.
 */
function sidesOf(change: BlockChange): Sides {
  const before = change.type === "added" || change.type === "moved" ? undefined : change.before?.cell;
  const after = change.type === "removed" ? undefined : change.after?.cell;
  return { before, after };
}
