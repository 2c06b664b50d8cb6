/**
 * Charts drawn as plain SVG by the app. A chart library (uPlot ~20 KB gz, Chart.js ~70 KB)
 * would be larger than these two small components and still need the accessible table
 * beside it; bars per desa and a line per month are all these pages draw.
 * The SVG is `aria-hidden`: the same numbers are always in a table next to it.
 */
export interface Bar {
  label: string;
  value: number | null; // null: hidden (small cell) or not computable
  /** Written where a bar has no value: the table's marker ("< 5", "*"), "–" when not given. */
  text?: string;
}

const WIDTH = 320;
const ROW = 22;
const LABEL = 110;

export function BarChart({ bars, reference, unit = "" }: { bars: Bar[]; reference: number | null; unit?: string }) {
  const max = Math.max(1, reference ?? 0, ...bars.map((b) => b.value ?? 0));
  const scale = (v: number) => ((WIDTH - LABEL - 40) * v) / max;
  const height = bars.length * ROW + 8;
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" aria-hidden="true" focusable="false">
      {bars.map((bar, i) => (
        <g key={bar.label} transform={`translate(0 ${i * ROW + 4})`}>
          <text x={LABEL - 6} y={ROW / 2 + 4} text-anchor="end" class="chart__label">
            {bar.label.length > 16 ? `${bar.label.slice(0, 15)}…` : bar.label}
          </text>
          {bar.value !== null ? (
            <>
              <rect x={LABEL} y={3} width={Math.max(1, scale(bar.value))} height={ROW - 8} class="chart__bar" />
              <text x={LABEL + scale(bar.value) + 4} y={ROW / 2 + 4} class="chart__value">
                {`${bar.value}${unit}`}
              </text>
            </>
          ) : (
            <text x={LABEL + 4} y={ROW / 2 + 4} class="chart__value">
              {bar.text ?? "–"}
            </text>
          )}
        </g>
      ))}
      {reference !== null && (
        <line x1={LABEL + scale(reference)} x2={LABEL + scale(reference)} y1={0} y2={height} class="chart__reference" />
      )}
    </svg>
  );
}

export function LineChart({ points }: { points: Bar[] }) {
  const height = 120;
  const known = points.map((p) => p.value ?? 0);
  const max = Math.max(1, ...known);
  const step = points.length > 1 ? (WIDTH - 40) / (points.length - 1) : 0;
  const y = (v: number) => height - 20 - ((height - 40) * v) / max;
  const path = points
    .map((p, i) => (p.value === null ? null : `${20 + i * step},${y(p.value)}`))
    .filter((p): p is string => p !== null)
    .join(" ");
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" aria-hidden="true" focusable="false">
      <polyline points={path} class="chart__line" />
      {points.map((p, i) => (
        <text key={p.label} x={20 + i * step} y={height - 4} text-anchor="middle" class="chart__label">
          {p.label}
        </text>
      ))}
    </svg>
  );
}
