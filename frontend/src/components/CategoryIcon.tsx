/**
 * Line icons for the categories' `icon` names (backend complaints/services.py
 * DEFAULT_CATEGORIES). Inline SVG: no icon font to download, and they inherit the text colour.
 * An unknown name falls back to the "dots" icon.
 */
const PATHS: Readonly<Record<string, string>> = {
  road: "M8 3 5 21M16 3l3 18M12 5v3m0 4v3m0 4v2",
  hands: "M3 13l4-4 4 3 3-3 7 6M3 13v5h5l4-2 4 2h5v-3",
  "id-card": "M3 6h18v12H3zM7 10h4v4H7zM14 10h4M14 14h3",
  person: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c1-4 4-6 8-6s7 2 8 6",
  shield: "M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z",
  leaf: "M5 19C5 9 11 5 20 4c-1 9-5 15-15 15zM5 19l7-7",
  dots: "M5 12h.01M12 12h.01M19 12h.01",
};

export function CategoryIcon({ name }: { name: string | undefined }) {
  const d = PATHS[name ?? ""] ?? PATHS["dots"];
  return (
    <svg
      class="icon"
      viewBox="0 0 24 24"
      width="28"
      height="28"
      fill="none"
      stroke="currentColor"
      stroke-width={name === "dots" || !(name && name in PATHS) ? 3 : 2}
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={d} />
    </svg>
  );
}
