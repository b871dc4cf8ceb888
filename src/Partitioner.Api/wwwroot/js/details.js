// The side panel: one consortium's figures and rule checks, the list of consortia, and the downloads.
import { count, decimal, money, percent, escapeHtml } from './format.js';

const check = ok => ok ? '<span class="ok">met</span>' : '<span class="broken">broken</span>';

export function renderDetails(element, p) {
  if (!p) {
    element.innerHTML = '<p class="hint">Choose a consortium on the map or in the list below.</p>';
    return;
  }
  element.innerHTML = `
    <h3 id="consortium-name">${escapeHtml(p.name)}</h3>
    <dl class="figures">
      <dt>Practices</dt><dd data-figure="practices">${count(p.practices)}</dd>
      <dt>Patients</dt><dd data-figure="patients">${count(p.patients)}</dd>
      <dt>Deprivation (IMD)</dt><dd data-figure="deprivation">${decimal(p.deprivation)} (${percent(p.deprivation_dev_pct)} from the mean)</dd>
      <dt>Spend per patient</dt><dd data-figure="spend">${money(p.spend_per_patient)} (${percent(p.spend_dev_pct)} from the mean)</dd>
      <dt>Patients at more-deprived practices</dt><dd>${decimal(p.deprived_share_pct)}%</dd>
      <dt>Area</dt><dd>${count(p.area_km2)} km²</dd>
      <dt>Pieces</dt><dd>${count(p.pieces)}</dd>
      <dt>Compactness (Polsby–Popper)</dt><dd>${p.polsby_popper ?? '–'}</dd>
    </dl>
    <h3>Rule checks</h3>
    <dl class="figures">
      <dt>Size within the bounds</dt><dd data-rule="within_bounds">${check(p.within_bounds)}</dd>
      <dt>Contiguous</dt><dd data-rule="contiguous">${check(p.contiguous)}</dd>
      <dt>Balanced</dt><dd data-rule="balanced">${check(p.balanced)}</dd>
      <dt>Rules broken</dt><dd data-rule="rules_broken">${count(p.rules_broken)}</dd>
    </dl>
    ${p.violations ? `<p class="broken">${escapeHtml(p.violations)}</p>` : ''}`;
}

/** The consortia as a table whose names are buttons: the keyboard route to every consortium. */
export function renderList(element, consortia, onChoose) {
  const rows = consortia.features.map(f => f.properties).map(p => `
    <tr>
      <td><button type="button" class="list-button" data-name="${escapeHtml(p.name)}">${escapeHtml(p.name)}</button></td>
      <td class="num">${count(p.patients)}</td>
      <td class="num">${percent(p.deprivation_dev_pct)}</td>
      <td class="num">${percent(p.spend_dev_pct)}</td>
      <td class="num">${count(p.rules_broken)}</td>
    </tr>`).join('');
  element.innerHTML = `<div class="consortia-scroll"><table>
    <caption class="hint">${consortia.features.length} consortia</caption>
    <thead><tr><th scope="col">Consortium</th><th scope="col" class="num">Patients</th><th scope="col" class="num">Deprivation</th>
    <th scope="col" class="num">Spend</th><th scope="col" class="num">Rules broken</th></tr></thead>
    <tbody>${rows}</tbody></table></div>`;
  element.querySelectorAll('button[data-name]').forEach(b => b.addEventListener('click', () => onChoose(b.dataset.name)));
}

export function renderDownloads(element, id) {
  const base = `/v1/jobs/${encodeURIComponent(id)}`;
  const links = [
    ['download-consortia', `${base}/consortia`, `consortia-${id}.geojson`, 'Consortia (GeoJSON)'],
    ['download-practices', `${base}/practices`, `practices-${id}.geojson`, 'Practices (GeoJSON)'],
    ['download-geopackage', `${base}/geopackage`, `partitioner-${id}.gpkg`, 'Both layers (GeoPackage, British National Grid)'],
    ['download-report', `${base}/report`, `report-${id}.json`, 'Report (JSON)'],
  ];
  element.innerHTML = links.map(([elementId, href, file, text]) =>
    `<li><a id="${elementId}" href="${href}" download="${file}">${text}</a></li>`).join('') +
    `<li>In QGIS: add the OGC API Features connection <code>${escapeHtml(location.origin)}/ogc</code>, layer <code>job-${escapeHtml(id)}-consortia</code></li>`;
}
