// Two plans side by side on maps with the same extent, and a table of their differences.
import { jobResults } from './api.js';
import { PlanMap } from './planmap.js';
import { count, percent, escapeHtml } from './format.js';

export class Comparison {
  constructor() {
    this.left = new PlanMap('map-a');
    this.right = new PlanMap('map-b');
    // Panning or zooming one map moves the other, so the same places stay side by side.
    this.syncing = false;
    const follow = (from, to) => from.map.on('moveend', () => {
      if (this.syncing) return;
      this.syncing = true;
      to.map.setView(from.map.getCenter(), from.map.getZoom(), { animate: false });
      this.syncing = false;
    });
    follow(this.left, this.right);
    follow(this.right, this.left);
  }

  /** Shows plans a and b; paintBackground(map, job) draws a job's background (outline, councils) on a map. */
  async show(a, b, paintBackground, field) {
    const [ra, rb] = await Promise.all([jobResults(a.id), jobResults(b.id)]);
    const sides = [[this.left, a, ra], [this.right, b, rb]];
    for (const [map, job, results] of sides) {
      map.refreshSize();
      await paintBackground(map, job);
      map.setConsortia(results.consortia);
      map.colourBy(field);
    }
    const bounds = this.left.bounds();
    const other = this.right.bounds();
    if (bounds && other) bounds.extend(other);
    this.syncing = true;
    this.left.fit(bounds);
    this.right.fit(bounds);
    this.syncing = false;
    document.getElementById('caption-a').textContent = a.label;
    document.getElementById('caption-b').textContent = b.label;
    document.getElementById('differences').innerHTML = differencesTable(a, ra, b, rb);
  }
}

function figures(results) {
  const c = results.consortia.features.map(f => f.properties);
  const worst = key => c.length ? Math.max(...c.map(p => Math.abs(p[key] ?? 0))) : null;
  return {
    consortia: c.length,
    smallest: c.length ? Math.min(...c.map(p => p.patients)) : null,
    largest: c.length ? Math.max(...c.map(p => p.patients)) : null,
    deprivation: worst('deprivation_dev_pct'),
    spend: worst('spend_dev_pct'),
    broken: c.reduce((s, p) => s + (p.rules_broken > 0 ? 1 : 0), 0),
  };
}

/**
 * Practices placed differently: each consortium of the first plan is matched to the consortium of the second that
 * holds most of its practices; a practice elsewhere counts as moved. Names may differ between plans, so this compares
 * groupings, not labels.
 */
export function movedPractices(practicesA, practicesB) {
  const inB = new Map(practicesB.features.map(f => [f.properties.practice_code, f.properties.consortium]));
  const overlap = new Map();
  for (const f of practicesA.features) {
    const a = f.properties.consortium, b = inB.get(f.properties.practice_code);
    const key = `${a}\u0000${b}`;
    overlap.set(key, (overlap.get(key) ?? 0) + 1);
  }
  const best = new Map();
  for (const [key, n] of overlap) {
    const [a] = key.split('\u0000');
    if (!best.has(a) || n > best.get(a)) best.set(a, n);
  }
  let kept = 0;
  for (const n of best.values()) kept += n;
  return practicesA.features.length - kept;
}

function differencesTable(a, ra, b, rb) {
  const fa = figures(ra), fb = figures(rb);
  const rows = [
    ['Consortia', fa.consortia, fb.consortia, count],
    ['Smallest (patients)', fa.smallest, fb.smallest, count],
    ['Largest (patients)', fa.largest, fb.largest, count],
    ['Worst deprivation deviation', fa.deprivation, fb.deprivation, v => percent(v).replace('+', '±')],
    ['Worst spend deviation', fa.spend, fb.spend, v => percent(v).replace('+', '±')],
    ['Consortia breaking a rule', fa.broken, fb.broken, count],
  ];
  const body = rows.map(([name, x, y, fmt]) => {
    const diff = x === null || y === null ? '–' : fmt === count ? `${y - x > 0 ? '+' : ''}${count(y - x)}` : `${y - x > 0 ? '+' : ''}${(y - x).toFixed(1)} points`;
    return `<tr><th scope="row">${name}</th><td class="num">${fmt(x)}</td><td class="num">${fmt(y)}</td><td class="num">${diff}</td></tr>`;
  }).join('');
  const moved = movedPractices(ra.practices, rb.practices);
  return `<table id="differences-table">
    <caption>Differences between the two plans</caption>
    <thead><tr><th scope="col">Figure</th><th scope="col" class="num">${escapeHtml(a.label)}</th><th scope="col" class="num">${escapeHtml(b.label)}</th><th scope="col" class="num">Second − first</th></tr></thead>
    <tbody>${body}
    <tr><th scope="row">Practices in a different grouping</th><td class="num" colspan="3" data-figure="moved">${count(moved)} of ${count(ra.practices.features.length)}</td></tr>
    </tbody></table>`;
}
