/** The dashboard's style sheet: system fonts, light and dark from prefers-color-scheme, one column on a phone. */
export const dashboardStyle = `:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --ok: #116329; --ok-bg: #dafbe1; --bad: #a40e26; --bad-bg: #ffebe9; --warn: #7d4e00; --warn-bg: #fff8c5;
  --info: #0550ae; --info-bg: #ddf4ff; --focus: #0969da; --changed-bg: #fff8c5;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9ea7b3; --line: #30363d; --panel: #161b22;
    --ok: #7ee787; --ok-bg: #12261e; --bad: #ffa198; --bad-bg: #3c1618; --warn: #e3b341; --warn-bg: #2e2410;
    --info: #79c0ff; --info-bg: #0c2d4b; --focus: #58a6ff; --changed-bg: #3a2f0b;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); }
a { color: var(--info); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow: auto; white-space: pre-wrap; word-break: break-word; margin: 6px 0; }
.muted { color: var(--muted); font-weight: normal; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 20px; padding: 10px 20px; border-bottom: 1px solid var(--line); background: var(--panel); position: sticky; top: 0; z-index: 1; }
.top h1 { font-size: 18px; margin: 0; }
.top p { margin: 0; color: var(--muted); }
.top nav { display: flex; gap: 14px; margin-left: auto; }
main { padding: 0 20px 40px; max-width: 1400px; }
section { margin-top: 22px; }
h2 { font-size: 16px; margin: 0 0 10px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--bg); }
.card h3 { margin: 0 0 4px; font-size: 14px; word-break: break-all; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.badge.up, .badge.allowed, .badge.ok { color: var(--ok); background: var(--ok-bg); }
.badge.down, .badge.blocked, .badge.bad, .badge.high, .badge.critical { color: var(--bad); background: var(--bad-bg); }
.badge.starting, .badge.undecided, .badge.drift, .badge.warn, .badge.medium { color: var(--warn); background: var(--warn-bg); }
.badge.unknown, .badge.info, .badge.low { color: var(--info); background: var(--info-bg); }
.options { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0 0; }
.options dt { color: var(--muted); }
.options dd { margin: 0; word-break: break-all; }
.is-default { color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; margin-bottom: 8px; }
label { display: inline-flex; flex-direction: column; gap: 2px; font-size: 12px; color: var(--muted); }
label.inline { flex-direction: row; align-items: center; gap: 6px; }
input, select, textarea, button { font: inherit; font-size: 13px; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; }
button { cursor: pointer; background: var(--panel); }
button:hover { border-color: var(--focus); }
.table-wrap { overflow: auto; max-height: 55vh; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { position: sticky; top: 0; background: var(--panel); font-size: 12px; color: var(--muted); }
#requests-table td { white-space: nowrap; }
#requests-table td.wide { max-width: 420px; overflow: hidden; text-overflow: ellipsis; }
tr.selected td { background: var(--info-bg); }
.row-button { border: 0; background: none; padding: 0; color: var(--info); text-align: left; cursor: pointer; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; max-width: 360px; overflow: hidden; text-overflow: ellipsis; }
.status-ok { color: var(--ok); } .status-client { color: var(--warn); } .status-server, .status-failed { color: var(--bad); font-weight: 600; }
.detail { margin-top: 12px; border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.pair table td:first-child, .pair table td:last-child { white-space: nowrap; }
.pair table td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; white-space: normal; }
tr.changed td { background: var(--changed-bg); }
.shape { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; margin-bottom: 10px; }
.shape h3 { margin: 0 0 4px; word-break: break-all; }
.check-form { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 8px 16px; align-items: end; }
.check-form .full { grid-column: 1 / -1; }
.check-form input, .check-form textarea, .check-form select { width: 100%; }
@media (max-width: 700px) {
  .top { position: static; padding: 10px 12px; }
  .top nav { margin-left: 0; flex-wrap: wrap; }
  main { padding: 0 12px 30px; }
  .pair { grid-template-columns: 1fr; }
  .cards { grid-template-columns: 1fr; }
  th.wide, td.wide { display: none; }
  .row-button { max-width: 180px; }
}
`;
