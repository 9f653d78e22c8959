import type { LayerGroup } from '../../core/layers/spec';

/** Small line icons, drawn inline so the app needs no icon font. */
const paths = {
  new: 'M6 3h8l4 4v14H6z M14 3v4h4',
  open: 'M3 7h6l2 2h10v10H3z',
  save: 'M5 3h11l3 3v15H5z M8 3v5h7V3 M8 21v-7h8v7',
  undo: 'M9 7 4 12l5 5 M4 12h10a6 6 0 0 1 0 12',
  redo: 'M15 7l5 5-5 5 M20 12H10a6 6 0 0 0 0 12',
  layout: 'M4 4h6v5H4z M14 4h6v5h-6z M9 15h6v5H9z M7 9v3h10V9 M12 12v3',
  fit: 'M4 9V4h5 M15 4h5v5 M20 15v5h-5 M9 20H4v-5',
  help: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7v.5 M12 17h.01',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z M20 20l-4-4',
  play: 'M7 4l13 8-13 8z',
  stop: 'M6 6h12v12H6z',
  close: 'M6 6l12 12 M18 6 6 18',
  error: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z M12 7v6 M12 16.5h.01',
  warning: 'M12 3l10 18H2z M12 10v5 M12 18h.01',
  check: 'M5 12l5 5 9-10',
  copy: 'M8 8h12v12H8z M4 16V4h12',
  download: 'M12 4v11 M7 10l5 5 5-5 M4 20h16',
  image: 'M3 5h18v14H3z M3 16l5-5 5 5 3-3 5 5 M15.5 9.5h.01',
  summary: 'M4 5h16 M4 10h16 M4 15h10 M4 20h7',
  chevron: 'M9 6l6 6-6 6',
  recent: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z M12 7v5l3 3',
  template: 'M4 4h7v7H4z M13 4h7v7h-7z M4 13h7v7H4z M13 13h7v7h-7z',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16, title }: { name: IconName; size?: number; title?: string }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden={title ? undefined : true}>
      {title ? <title>{title}</title> : null}
      <path d={paths[name]} />
    </svg>
  );
}

/** A glyph per palette group, in the group's colour (set by CSS). */
const groupPaths: Record<LayerGroup, string> = {
  input: 'M4 12h11 M11 7l5 5-5 5 M19 4v16',
  core: 'M5 6h14 M5 12h14 M5 18h14 M8 6l8 6-8 6',
  convolution: 'M4 4h10v10H4z M10 10h10v10H10z',
  pooling: 'M4 4h16v16H4z M12 4v16 M4 12h16 M7 7h2v2H7z',
  recurrent: 'M17 8a6 6 0 1 0 1 6 M18 3v5h-5',
  normalization: 'M3 18c3 0 4-12 9-12s6 12 9 12',
  merge: 'M5 4v5a3 3 0 0 0 3 3h8a3 3 0 0 1 3 3v5 M19 4v5a3 3 0 0 1-3 3 M12 12v8',
};

export function GroupIcon({ group, size = 14 }: { group: LayerGroup; size?: number }) {
  return (
    <svg className={`group-icon group-${group}`} width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d={groupPaths[group]} />
    </svg>
  );
}
