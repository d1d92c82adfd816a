// Inline icons: no font glyph that may be missing, and they follow currentColor in both themes.
const base = { width: 13, height: 13, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': true } as const;

export const CopyIcon = (): React.JSX.Element => (
  <svg {...base}>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
    <path d="M10.5 3.5v-.5A1.5 1.5 0 0 0 9 1.5H3A1.5 1.5 0 0 0 1.5 3v6A1.5 1.5 0 0 0 3 10.5h.5" />
  </svg>
);

export const CheckIcon = (): React.JSX.Element => (
  <svg {...base}>
    <path d="M3 8.5l3 3 7-7" />
  </svg>
);

export const CloseIcon = (): React.JSX.Element => (
  <svg {...base}>
    <path d="M4 4l8 8M12 4l-8 8" />
  </svg>
);

export const SearchIcon = (): React.JSX.Element => (
  <svg {...base}>
    <circle cx="7" cy="7" r="4.5" />
    <path d="M10.5 10.5L14 14" />
  </svg>
);

export const PauseIcon = (): React.JSX.Element => (
  <svg {...base} fill="currentColor" stroke="none">
    <rect x="4" y="3" width="3" height="10" rx="0.5" />
    <rect x="9" y="3" width="3" height="10" rx="0.5" />
  </svg>
);

export const PlayIcon = (): React.JSX.Element => (
  <svg {...base} fill="currentColor" stroke="none">
    <path d="M5 3l8 5-8 5z" />
  </svg>
);

export const ChevronDownIcon = (): React.JSX.Element => (
  <svg {...base} width={10} height={10}>
    <path d="M4 6l4 4 4-4" />
  </svg>
);
