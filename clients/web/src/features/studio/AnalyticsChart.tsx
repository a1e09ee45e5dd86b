import { useEffect, useId, useState } from "react";
import type { AnalyticsDay } from "../../protocol/marketplace";
import { METRICS, niceMax, shortDate, summarise, ticks, type Metric } from "./analytics";

const NARROW = "(max-width: 720px)";

/** Whether the window is phone-sized: the chart is then drawn narrower, so that its labels stay readable. */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => typeof matchMedia === "function" && matchMedia(NARROW).matches);
  useEffect(() => {
    const m = matchMedia(NARROW);
    const change = () => setNarrow(m.matches);
    m.addEventListener("change", change);
    return () => m.removeEventListener("change", change);
  }, []);
  return narrow;
}

const PAD = { top: 12, right: 8, bottom: 28, left: 32 };

/** Bars per day for one measure at a time (an SVG image with a one-sentence description), and every number as a table. */
export function AnalyticsChart({ days }: { days: AnalyticsDay[] }) {
  const [metric, setMetric] = useState<Metric>("plays");
  const id = useId();
  const narrow = useNarrow();
  const W = narrow ? 340 : 640;
  const H = narrow ? 180 : 200;
  const values = days.map((d) => d[metric]);
  const top = niceMax(values);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, days.length);
  const bar = Math.min(28, slot * 0.62);
  const label = METRICS.find((m) => m.key === metric)!.label;
  const every = Math.max(1, Math.ceil(days.length / (narrow ? 4 : 7)));

  return (
    <div className="chart">
      <div className="segmented" role="group" aria-label="Measure">
        {METRICS.map((m) => (
          <button key={m.key} type="button" className="segment" aria-pressed={metric === m.key} onClick={() => setMetric(m.key)}>
            {m.label}
          </button>
        ))}
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} className="chart-svg" role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{`${label} per day`}</title>
        <desc id={`${id}-d`}>{summarise(days, metric)}</desc>
        {ticks(top).map((v) => {
          const y = PAD.top + innerH * (1 - v / top);
          return (
            <g key={v} aria-hidden="true">
              <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} className="chart-grid" />
              <text x={PAD.left - 6} y={y + 4} textAnchor="end" className="chart-axis">
                {v}
              </text>
            </g>
          );
        })}
        {days.map((d, i) => {
          const h = (d[metric] / top) * innerH;
          const x = PAD.left + slot * i + (slot - bar) / 2;
          return (
            <g key={d.date}>
              <rect x={x} y={PAD.top + innerH - h} width={bar} height={Math.max(h, d[metric] > 0 ? 2 : 0)} rx={Math.min(6, bar / 3)} className="chart-bar">
                <title>{`${shortDate(d.date)}: ${d[metric]}`}</title>
              </rect>
              {i % every === (days.length - 1) % every && (
                <text x={x + bar / 2} y={H - 8} textAnchor="middle" className="chart-axis" aria-hidden="true">
                  {shortDate(d.date)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <p className="hint chart-summary" aria-hidden="true">
        {summarise(days, metric)}
      </p>
      <details className="chart-table">
        <summary>Show as a table</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {METRICS.map((m) => (
                  <th key={m.key} scope="col">
                    {m.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...days].reverse().map((d) => (
                <tr key={d.date}>
                  <th scope="row">{shortDate(d.date)}</th>
                  {METRICS.map((m) => (
                    <td key={m.key}>{d[m.key]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
