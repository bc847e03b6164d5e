/**
 * Charts drawn on the server as SVG: they need no script, scale with the screen, print, and carry a title
 * and a description for screen readers. Each chart on a page is followed by a table of the same figures.
 * Series differ by dash pattern and marker shape as well as colour, so colour is never the only cue.
 */

import type { ComponentChildren } from 'preact';

const WIDTH = 640;
const PALETTE = ['#1d4ed8', '#b00020', '#146c2e', '#8a4b00', '#6b21a8', '#0f5e73', '#4d4d57'];
const DASHES = ['', '8 4', '2 4', '12 4 2 4', '4 2', '', '8 4'];

/** The SVG of a chart, named by its title and described by its description for screen readers. */
function ChartFrame(props: {
  id: string;
  title: string;
  description: string;
  height: number;
  children: ComponentChildren;
}) {
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${props.height}`}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {props.children}
    </svg>
  );
}

export interface Bar {
  label: string;
  value: number | null;
  /** The value as printed at the end of the bar (e.g. "4,5 j", "87 %"). */
  text: string;
}

/** Horizontal bars: one row per label, the value printed beside each bar. */
export function BarChart(props: {
  id: string;
  title: string;
  description: string;
  bars: Bar[];
  max?: number;
}) {
  const rowHeight = 30;
  const labelWidth = 190;
  const valueWidth = 80;
  const plotWidth = WIDTH - labelWidth - valueWidth;
  const height = props.bars.length * rowHeight + 10;
  const max = props.max ?? Math.max(1e-9, ...props.bars.map((b) => b.value ?? 0));
  return (
    <ChartFrame id={props.id} title={props.title} description={props.description} height={height}>
      {props.bars.map((bar, i) => {
        const y = 5 + i * rowHeight;
        const w = bar.value === null ? 0 : Math.max(1, (bar.value / max) * plotWidth);
        return (
          <g key={bar.label}>
            <text x={labelWidth - 8} y={y + 19} text-anchor="end" font-size="14" fill="#1b1b1f">
              {bar.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={w} height={rowHeight - 10} fill={PALETTE[0]} />
            <text x={labelWidth + w + 6} y={y + 19} font-size="14" fill="#1b1b1f">
              {bar.text}
            </text>
          </g>
        );
      })}
      <line x1={labelWidth} x2={labelWidth} y1={0} y2={height} stroke="#1b1b1f" />
    </ChartFrame>
  );
}

export interface Series {
  name: string;
  values: (number | null)[];
}

/**
 * Lines over months (or any ordered labels), values between 0 and `max`; gaps where a month has no
 * figure. A legend names each series with its line style.
 */
export function LineChart(props: {
  id: string;
  title: string;
  description: string;
  labels: string[];
  series: Series[];
  max: number;
  formatTick: (value: number) => string;
}) {
  const left = 48;
  const right = 16;
  const top = 12;
  const plotHeight = 220;
  const legendRow = 22;
  const legendTop = top + plotHeight + 36;
  const height = legendTop + props.series.length * legendRow + 4;
  const n = Math.max(1, props.labels.length - 1);
  const x = (i: number) => left + (i / n) * (WIDTH - left - right);
  const y = (v: number) => top + plotHeight - (v / props.max) * plotHeight;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * props.max);
  const every = Math.ceil(props.labels.length / 12);
  return (
    <ChartFrame id={props.id} title={props.title} description={props.description} height={height}>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={left} x2={WIDTH - right} y1={y(t)} y2={y(t)} stroke="#d0d0d6" />
          <text x={left - 6} y={y(t) + 5} text-anchor="end" font-size="13" fill="#1b1b1f">
            {props.formatTick(t)}
          </text>
        </g>
      ))}
      {props.labels.map((label, i) =>
        i % every === 0 ? (
          <text
            key={label}
            x={x(i)}
            y={top + plotHeight + 20}
            text-anchor="middle"
            font-size="13"
            fill="#1b1b1f"
          >
            {label}
          </text>
        ) : null,
      )}
      {props.series.map((s, si) => {
        const colour = PALETTE[si % PALETTE.length];
        const segments: string[] = [];
        let current = '';
        s.values.forEach((v, i) => {
          if (v === null) {
            if (current) segments.push(current);
            current = '';
          } else current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
        });
        if (current) segments.push(current);
        return (
          <g key={s.name}>
            {segments.map((d) => (
              <path
                key={d}
                d={d}
                fill="none"
                stroke={colour}
                stroke-width="2.5"
                stroke-dasharray={DASHES[si % DASHES.length] || undefined}
              />
            ))}
            {s.values.map((v, i) =>
              v === null ? null : <Marker key={i} shape={si} cx={x(i)} cy={y(v)} colour={colour} />,
            )}
          </g>
        );
      })}
      {props.series.map((s, si) => {
        const ly = legendTop + si * legendRow;
        const colour = PALETTE[si % PALETTE.length];
        return (
          <g key={`legend-${s.name}`}>
            <line
              x1={left}
              x2={left + 36}
              y1={ly}
              y2={ly}
              stroke={colour}
              stroke-width="2.5"
              stroke-dasharray={DASHES[si % DASHES.length] || undefined}
            />
            <Marker shape={si} cx={left + 18} cy={ly} colour={colour} />
            <text x={left + 46} y={ly + 5} font-size="14" fill="#1b1b1f">
              {s.name}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

function Marker(props: { shape: number; cx: number; cy: number; colour: string }) {
  const { cx, cy, colour } = props;
  switch (props.shape % 3) {
    case 0:
      return <circle cx={cx} cy={cy} r={4} fill={colour} />;
    case 1:
      return <rect x={cx - 4} y={cy - 4} width={8} height={8} fill={colour} />;
    default:
      return <path d={`M${cx},${cy - 5}L${cx + 5},${cy + 4}L${cx - 5},${cy + 4}Z`} fill={colour} />;
  }
}
