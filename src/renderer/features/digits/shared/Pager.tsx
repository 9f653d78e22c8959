import type { ListPage } from '../../../../core/digits/evaluation';

/** Which items of how many a page shows, and buttons to the pages before and after (a confusion-matrix cell's images or rows). */
export function Pager({ shown, onPage, order }: { readonly shown: ListPage<unknown>; readonly onPage: (page: number) => void; readonly order: string }) {
  return (
    <div className="cell-images__pager" data-testid="cell-pager">
      <button type="button" className="button button--small" disabled={shown.page === 0} onClick={() => onPage(shown.page - 1)} data-testid="cell-prev">
        ‹ Previous
      </button>
      <span data-testid="cell-range" data-first={shown.first} data-last={shown.last} data-total={shown.total}>
        {shown.first}–{shown.last} of {shown.total}, {order}
      </span>
      <button type="button" className="button button--small" disabled={shown.page === shown.pages - 1} onClick={() => onPage(shown.page + 1)} data-testid="cell-next">
        Next ›
      </button>
    </div>
  );
}
