// report.html's stylesheet: GitHub-like neutrals, light and dark via prefers-color-scheme.
// Chart marks use CSS variables so the same SVG reads well in both.

export const STYLE = String.raw`
:root {
  --bg: #f6f8fa; --card: #ffffff; --text: #1f2328; --muted: #59636e; --border: #d1d9e0;
  --grid: #eaeef2; --axis: #8c959f; --band: #d0d7de; --offered: #6e7781; --bad: #cf222e;
  --good: #1a7f37; --accent: #0969da; --rec-bg: #dafbe1; --rec-border: #4ac26b; --warn-bg: #ffebe9;
  --desired: #1f2328; --starting: #8250df; --pending: #cf222e; --instances: #6e7781;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --card: #151b23; --text: #e6edf3; --muted: #9198a1; --border: #3d444d;
    --grid: #262c36; --axis: #656c76; --band: #3d444d; --offered: #9198a1; --bad: #f85149;
    --good: #3fb950; --accent: #4493f8; --rec-bg: #12261e; --rec-border: #2ea043; --warn-bg: #2d1517;
    --desired: #e6edf3; --starting: #ab7df8; --pending: #f85149; --instances: #9198a1;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1480px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0; }
.meta { color: var(--muted); margin: 0 0 16px; }
.verdict { border: 1px solid var(--rec-border); background: var(--rec-bg); border-radius: 8px;
  padding: 12px 16px; margin: 0 0 16px; font-size: 15px; }
.verdict.none { border-color: var(--bad); background: var(--warn-bg); }
.verdict strong { font-size: 16px; }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 14px 16px; margin: 0 0 16px; min-width: 0; }
.card > header p { color: var(--muted); margin: 2px 0 8px; font-size: 13px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.grid2 > .card { margin: 0; }
.grid2 { margin-bottom: 16px; }
@media (max-width: 960px) { .grid2 { grid-template-columns: 1fr; } }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 7px; border-bottom: 1px solid var(--border); white-space: nowrap; }
#summary table { font-size: 13px; }
#summary td[data-col="platform"] { white-space: normal; min-width: 150px; max-width: 230px; font-size: 12px; }
th { font-weight: 600; font-size: 12px; color: var(--muted); vertical-align: bottom; }
th .unit { display: block; font-weight: 400; }
td.right, th.right { text-align: right; } td.center, th.center { text-align: center; } th.left { text-align: left; }
td.tone-good { color: var(--good); font-weight: 600; } td.tone-bad { color: var(--bad); }
td.tone-muted { color: var(--muted); }
.summary-wrap, .table-wrap { overflow-x: auto; }
#summary th { white-space: normal; min-width: 44px; }
#summary th, #summary td { padding: 6px 5px; }
#summary td[data-col="alternative"] { white-space: nowrap; }
/* The verdicts stay in view when a wide table scrolls: SLO and drop budget stick to the right edge. */
#summary [data-col="sloMet"], #summary [data-col="withinDropBudget"] { position: sticky; background: var(--card); width: 60px; min-width: 60px; max-width: 60px; box-sizing: border-box; }
#summary [data-col="withinDropBudget"] { right: 0; }
#summary [data-col="sloMet"] { right: 0; box-shadow: -6px 0 6px -6px var(--border); }
#summary table:has([data-col="withinDropBudget"]) [data-col="sloMet"] { right: 60px; }
#summary tr.recommended [data-col="sloMet"], #summary tr.recommended [data-col="withinDropBudget"] { background: var(--rec-bg); }
.caveat { color: var(--muted); font-size: 13px; font-style: italic; margin: 8px 0 0; }
.not-costed-lead { font-size: 13px; margin: 10px 0 2px; }
ul.not-costed { color: var(--muted); font-size: 13px; margin: 0; padding-left: 20px; }
table.prices td, #inputs td { white-space: normal; vertical-align: top; }
table.prices td.source { font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
table.prices th { text-align: left; }
#inputs td:first-child { white-space: nowrap; }
#inputs th { vertical-align: top; }
#inputs table + table { margin-top: 12px; }
ul.interruptions { margin: 8px 0 0; padding-left: 20px; font-size: 13px; }
ul.interruptions li { margin: 2px 0; }
ul.interruptions ul { padding-left: 18px; color: var(--muted); }
ul.interruptions .when { color: var(--bad); font-variant-numeric: tabular-nums; margin-right: 4px; }
#commitments td[data-col="purchase"] { white-space: normal; }
tr.recommended td { background: var(--rec-bg); font-weight: 600; }
tr.recommended td.tone-muted { font-weight: 400; }
tr.alt-hidden td { opacity: 0.4; }
.badge { display: inline-block; font-size: 11px; font-weight: 600; color: var(--good); border: 1px solid var(--rec-border);
  border-radius: 10px; padding: 0 6px; margin-left: 6px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.toolbar { position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center;
  background: var(--bg); padding: 8px 0; margin-bottom: 8px; border-bottom: 1px solid var(--border); }
.toolbar label { cursor: pointer; user-select: none; white-space: nowrap; }
.toolbar .spacer { flex: 1; }
.toolbar .hint { color: var(--muted); font-size: 12px; }
button { font: inherit; color: var(--text); background: var(--card); border: 1px solid var(--border); border-radius: 6px; padding: 2px 10px; cursor: pointer; }
button:disabled { opacity: 0.5; cursor: default; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin: 0 0 4px; }
.legend .key { display: inline-block; width: 16px; height: 0; border-top: 2.5px solid; margin-right: 5px; vertical-align: middle; }
.legend .key.dash { border-top-style: dashed; }
.legend .key.box { height: 10px; border-top: none; border-radius: 2px; }
.legend .key.mark { width: auto; border: none; height: auto; font-size: 12px; line-height: 1; }
.plot { width: 100%; position: relative; }
.plot svg { display: block; overflow: visible; }
.plot text { fill: var(--muted); font-size: 11px; }
.plot .axis-label { fill: var(--text); font-size: 12px; }
.plot .panel-title { font-size: 12px; font-weight: 600; }
.plot .value-label { fill: var(--text); font-weight: 600; font-size: 12px; }
.plot .grid line { stroke: var(--grid); }
.plot .axis path, .plot .axis line { stroke: var(--axis); }
.plot .halo { paint-order: stroke; stroke: var(--card); stroke-width: 3px; stroke-linejoin: round; }
.plot .rule { stroke: var(--text); stroke-opacity: 0.35; pointer-events: none; }
.plot .slo { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 6 4; }
.plot .slo-label { fill: var(--bad); font-weight: 600; }
.plot .band { fill: var(--band); }
.plot .offered { stroke: var(--offered); fill: none; }
.plot .brush .selection { fill: var(--accent); fill-opacity: 0.15; stroke: var(--accent); }
.overview-card { padding-top: 10px; padding-bottom: 6px; }
.tooltip { position: fixed; z-index: 10; pointer-events: none; background: var(--card); color: var(--text);
  border: 1px solid var(--border); border-radius: 6px; padding: 6px 9px; font-size: 12px; line-height: 1.35;
  box-shadow: 0 4px 12px rgba(0,0,0,0.18); max-width: 420px; opacity: 0; transition: opacity 80ms; }
.tooltip .tt-title { font-weight: 600; margin-bottom: 3px; }
.tooltip table td { border: none; padding: 1px 4px; }
.tooltip table td:last-child { text-align: right; }
details { margin: 0 0 8px; }
details summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
details table { margin: 4px 0 8px; }
.assumptions li, .facts li { margin: 2px 0; }
.facts { margin: 4px 0 12px; padding-left: 20px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
footer { color: var(--muted); font-size: 12px; margin-top: 16px; }
`;
