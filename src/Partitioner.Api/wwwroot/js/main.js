// The map page: choose practices and rules, run a job and follow it, see and inspect the plan, compare two plans.
import { getJson, submitJob, ProblemError, jobResults } from './api.js';
import { PlanMap } from './planmap.js';
import { legendHtml } from './colours.js';
import { renderDetails, renderList, renderDownloads } from './details.js';
import { Comparison } from './compare.js';
import { escapeHtml } from './format.js';

const $ = id => document.getElementById(id);
const jobs = [];           // plans finished in this page: { id, label, dataset }
const backgrounds = new Map(); // dataset name -> { boundary, councils }
const datasets = new Map();    // dataset name -> its GET /v1/datasets entry
let current = null;        // { job, consortia }
let comparison = null;

const planMap = new PlanMap('map', {
  onConsortium: name => showConsortium(name),
  onPractice: code => {
    $('lock-code').value = code;
    $('lock-name').focus();
  },
});

/** The plain background of a dataset's maps: its study-area outline and, where given, its council boundaries. */
async function backgroundFor(job) {
  if (!job.dataset) return { boundary: null, councils: null };
  if (!backgrounds.has(job.dataset)) {
    const summary = datasets.get(job.dataset);
    const [boundary, councils] = await Promise.all([
      summary?.has_boundary ? getJson(`/v1/datasets/${encodeURIComponent(job.dataset)}/boundary`) : null,
      summary?.councils_url ? getJson(summary.councils_url) : null,
    ]);
    backgrounds.set(job.dataset, { boundary, councils });
  }
  return backgrounds.get(job.dataset);
}

function drawBackground(map, background) {
  map.setBoundary(background.boundary);
  map.setCouncils(background.councils);
}

function say(text, lines = []) {
  $('messages').innerHTML = text ? `<p>${escapeHtml(text)}</p>${lines.length ? `<ul>${lines.map(l => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : ''}` : '';
}

async function loadDatasets() {
  const list = await getJson('/v1/datasets');
  for (const d of list) datasets.set(d.name, d);
  $('dataset').innerHTML = list.map(d =>
    `<option value="${escapeHtml(d.name)}">${escapeHtml(d.name)}: ${d.practices.toLocaleString('en-GB')} practices</option>`).join('');
  // ?dataset=NAME opens the page on that dataset (a link a colleague can follow); otherwise the small region.
  const wanted = new URLSearchParams(location.search).get('dataset');
  if (wanted && datasets.has(wanted)) $('dataset').value = wanted;
  else if (datasets.has('region')) $('dataset').value = 'region';
  await showDataset();
}

async function showDataset() {
  const name = $('dataset').value;
  if (!name) return;
  $('map-status').textContent = `Loading dataset ${name}…`;
  const [background, practices] = await Promise.all([backgroundFor({ dataset: name }), getJson(`/v1/datasets/${encodeURIComponent(name)}/practices`)]);
  planMap.setConsortia(null);
  drawBackground(planMap, background);
  planMap.setPractices(practices);
  planMap.fit();
  $('map-status').textContent = `Dataset ${name}: ${practices.features.length} practices. Choose a practice to lock it.`;
}

async function showFile() {
  const file = $('practices-file').files[0];
  if (!file) return;
  $('source-file').checked = true;
  planMap.setConsortia(null);
  drawBackground(planMap, { boundary: null, councils: null });
  if (/\.(geo)?json$/i.test(file.name)) {
    try {
      const practices = JSON.parse(await file.text());
      planMap.setPractices(practices);
      planMap.fit();
      $('map-status').textContent = `${file.name}: ${practices.features?.length ?? 0} practices. Choose a practice to lock it.`;
      return;
    } catch {
      // The server reports what is wrong with the file when the job is submitted.
    }
  }
  planMap.setPractices(null);
  $('map-status').textContent = `${file.name} will be read by the service when the plan is run.`;
}

function options() {
  const number = id => $(id).value.trim() === '' ? null : Number($(id).value);
  const o = { min: number('min'), max: number('max'), seed: number('seed'), time_limit_seconds: number('time-limit'), mode: $('mode').value };
  const balance = [];
  if (number('balance-deprivation') !== null) balance.push(`deprivation=${number('balance-deprivation') / 100}`);
  if (number('balance-spend') !== null) balance.push(`spend=${number('balance-spend') / 100}`);
  if (balance.length) o.balance = balance;
  if ($('prefer').value) o.count_preference = $('prefer').value;
  if (number('target-size') !== null) o.target_size = number('target-size');
  const locks = {};
  for (const line of $('locks').value.split('\n')) {
    const [code, name] = line.split('=').map(s => s?.trim());
    if (code && name) locks[code] = name;
  }
  if (Object.keys(locks).length) o.locks = locks;
  for (const key of Object.keys(o)) if (o[key] === null) delete o[key];
  return o;
}

async function run(event) {
  event.preventDefault();
  say('');
  const useFile = $('source-file').checked;
  const file = useFile ? $('practices-file').files[0] : null;
  if (useFile && !file) { say('Choose a practices file first, or pick a bundled dataset.'); $('practices-file').focus(); return; }
  const request = { dataset: useFile ? null : $('dataset').value, file, options: options() };
  $('run').disabled = true;
  try {
    const status = await submitJob(request);
    const source = file ? file.name : request.dataset;
    const label = `Plan ${jobs.length + 1}: ${source}, ${request.options.min ?? 100000}–${request.options.max ?? 750000}, seed ${request.options.seed ?? 1}`;
    await follow({ id: status.id, label, dataset: request.dataset, limit: request.options.time_limit_seconds });
  } catch (e) {
    if (e instanceof ProblemError) say(e.message, e.lines);
    else say(`The request failed: ${e.message}`);
  } finally {
    $('run').disabled = false;
  }
}

/** Polls the job until it ends, showing its progress; then draws the plan. */
async function follow(job) {
  const bar = $('progress-bar'), text = $('progress-text');
  for (;;) {
    const s = await getJson(`/v1/jobs/${job.id}`);
    const p = s.progress ?? {};
    const elapsed = p.elapsed_seconds ?? 0;
    bar.value = s.state === 'succeeded' ? 100 : Math.min(99, job.limit ? (100 * elapsed) / job.limit : 0);
    text.textContent = `${job.label}: ${s.state}${p.phase ? ` (${p.phase})` : ''}, ${elapsed.toFixed(1)} s, ` +
      `${(p.steps ?? 0).toLocaleString('en-GB')} steps, ${p.feasible_found ? 'a plan meeting every rule found' : 'no plan meeting every rule yet'}.`;
    if (s.state === 'succeeded') { text.textContent = `${job.label}: ${s.message ?? 'done'}`; break; }
    if (s.state === 'failed' || s.state === 'cancelled') {
      const errors = Array.isArray(s.errors) ? s.errors.map(e => e.message ?? JSON.stringify(e)) : [];
      say(`${job.label} ${s.state}: ${s.message ?? ''}`, errors);
      return;
    }
    await new Promise(r => setTimeout(r, 500));
  }
  jobs.push(job);
  updateJobChoices();
  await showJob(job);
}

async function showJob(job) {
  const results = await jobResults(job.id);
  current = { job, consortia: results.consortia };
  drawBackground(planMap, await backgroundFor(job));
  planMap.setConsortia(results.consortia);
  planMap.setPractices(results.practices);
  planMap.colourBy($('colour-by').value);
  planMap.fit();
  renderList($('consortia-list'), results.consortia, name => { planMap.select(name); showConsortium(name); });
  renderDownloads($('downloads'), job.id);
  renderDetails($('consortium-details'), null);
  const broken = results.consortia.features.filter(f => f.properties.rules_broken > 0).length;
  $('map-status').textContent = `${job.label}: ${results.consortia.features.length} consortia drawn` +
    (broken ? `, ${broken} breaking a rule.` : ', every rule met.');
  document.body.dataset.job = job.id;
}

function showConsortium(name) {
  const feature = current?.consortia.features.find(f => f.properties.name === name);
  renderDetails($('consortium-details'), feature?.properties);
}

function updateJobChoices() {
  for (const [id, pick] of [['compare-a', jobs.length - 2], ['compare-b', jobs.length - 1]]) {
    $(id).innerHTML = jobs.map((j, i) => `<option value="${i}">${escapeHtml(j.label)}</option>`).join('');
    $(id).value = String(Math.max(0, pick));
  }
}

async function compare() {
  if (jobs.length < 2) { say('Run two plans first (change a rule or the seed between them).'); return; }
  say('');
  comparison ??= new Comparison();
  await comparison.show(jobs[Number($('compare-a').value)], jobs[Number($('compare-b').value)], async (map, job) => drawBackground(map, await backgroundFor(job)), $('colour-by').value);
}

function showLegend() { $('legend').innerHTML = legendHtml($('colour-by').value); }

$('job-form').addEventListener('submit', run);
$('dataset').addEventListener('change', () => { $('source-dataset').checked = true; showDataset().catch(e => say(e.message)); });
$('practices-file').addEventListener('change', () => showFile().catch(e => say(e.message)));
$('colour-by').addEventListener('change', () => { planMap.colourBy($('colour-by').value); showLegend(); });
$('compare').addEventListener('click', () => compare().catch(e => say(e.message, e.lines ?? [])));
$('add-lock').addEventListener('click', () => {
  const code = $('lock-code').value.trim(), name = $('lock-name').value.trim();
  if (!code || !name) { say('Give both a practice code and a consortium name to add a lock.'); return; }
  $('locks').value = `${$('locks').value.trim()}\n${code}=${name}`.trim();
  $('lock-code').value = ''; $('lock-name').value = '';
});
showLegend();
loadDatasets().catch(e => say(`Could not list the datasets: ${e.message}`));
