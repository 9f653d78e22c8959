import { cellShare } from '../../../../core/digits/evaluation';
import { formatPercent } from '../../../../core/digits/percent';

/** A cell of the matrix: the true class (row) and the predicted one (column). */
export interface Cell {
  readonly label: number;
  readonly predicted: number;
}

/** The confusion matrix as a table: rows are true classes, columns predictions, each cell shaded by its share of the row; cells are buttons. */
export function ConfusionMatrix(props: {
  readonly confusion: readonly (readonly number[])[];
  readonly classNames: readonly string[];
  readonly selected: Cell | null;
  readonly onSelect: (cell: Cell) => void;
}) {
  const { confusion, classNames, selected, onSelect } = props;
  return (
    <table className="confusion" data-testid="confusion-matrix">
      <thead>
        <tr>
          <th className="confusion__corner">true ↓ predicted →</th>
          {classNames.map((name, p) => (
            <th key={p} scope="col" title={name}>
              {name.length > 3 ? p : name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {confusion.map((row, label) => (
          <tr key={label}>
            <th scope="row" title={classNames[label]}>
              {(classNames[label] ?? String(label)).length > 3 ? label : classNames[label]}
            </th>
            {row.map((count, predicted) => {
              const share = cellShare(confusion, label, predicted);
              const right = label === predicted;
              const isSelected = selected?.label === label && selected.predicted === predicted;
              return (
                <td key={predicted} className={`confusion__cell${right ? ' confusion__cell--right' : ''}${isSelected ? ' confusion__cell--selected' : ''}`}>
                  <button
                    type="button"
                    data-label={label}
                    data-predicted={predicted}
                    data-count={count}
                    style={{ ['--share' as string]: String(right ? share : Math.min(1, share * 5)) }}
                    title={`${count} test images of ${classNames[label]} read as ${classNames[predicted]} (${formatPercent(share)} of the row)`}
                    onClick={() => onSelect({ label, predicted })}
                  >
                    {count}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
