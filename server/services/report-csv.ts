/**
 * A report as CSV (RFC 4180): comma-separated, CRLF line ends, a field quoted when it holds a comma,
 * a double quote, CR or LF, quotes inside doubled. Durations in seconds.
 *
 * Text a person typed (an agent's name) may start with a character a spreadsheet reads as a formula
 * (= + - @, or a tab or CR that some treat alike); such a cell gets a leading apostrophe so it stays
 * text. Numbers are written by the service and never need it.
 */
import type { Percentiles, ReportDTO, ReportKind, ReportRatings, ReportTimings } from '../../protocol/reports.ts';

type Cell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

function textCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function field(cell: Cell): string {
  const text = cell === null ? '' : typeof cell === 'number' ? String(cell) : textCell(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

const TIMING_COLUMNS = [
  ['timeToAccept', 'time_to_accept'],
  ['timeToFirstReply', 'time_to_first_reply'],
  ['chatLength', 'chat_length'],
] as const satisfies ReadonlyArray<readonly [keyof ReportTimings, string]>;

const timingHeader = TIMING_COLUMNS.flatMap(([, name]) => [`${name}_count`, `${name}_p50_s`, `${name}_p90_s`]);

function timingCells(row: ReportTimings): Cell[] {
  return TIMING_COLUMNS.flatMap(([key]) => {
    const p: Percentiles = row[key];
    return [p.n, seconds(p.p50), seconds(p.p90)];
  });
}

const ratingHeader = ['ratings', 'average_rating'];
const ratingCells = (row: ReportRatings): Cell[] => [row.ratings.n, row.ratings.average];

const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function reportToCsv(report: ReportDTO, kind: ReportKind): string {
  switch (kind) {
    case 'days':
      return toCsv([
        ['date', 'requested', 'offered', 'accepted', 'declined', 'timed_out', 'missed', ...timingHeader, ...ratingHeader],
        ...report.days.map((d) => [d.date, d.requested, d.offered, d.accepted, d.declined, d.timedOut, d.missed, ...timingCells(d), ...ratingCells(d)]),
      ]);
    case 'agents':
      return toCsv([
        ['agent_id', 'agent', 'offered', 'accepted', 'declined', 'timed_out', ...timingHeader, ...ratingHeader],
        ...report.agents.map((a) => [a.agentId, a.agentName, a.offered, a.accepted, a.declined, a.timedOut, ...timingCells(a), ...ratingCells(a)]),
      ]);
    case 'heatmap':
      return toCsv([['weekday', ...HOURS], ...report.heatmap.map((hours, i) => [WEEKDAYS[i]!, ...hours])]);
  }
}
