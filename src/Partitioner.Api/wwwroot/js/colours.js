// Diverging classes for a deviation from the area mean in %: blue below, white near, red above.

const breaks = [-20, -10, -5, 5, 10, 20];
const fills = ['#2166ac', '#67a9cf', '#d1e5f0', '#f7f7f7', '#fddbc7', '#ef8a62', '#b2182b'];

export const fields = {
  deprivation_dev_pct: { title: 'Deprivation, % from the area mean', above: 'more deprived', below: 'less deprived' },
  spend_dev_pct: { title: 'Spend per patient, % from the area mean', above: 'higher spend', below: 'lower spend' },
};

export function fillFor(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '#bdbdbd';
  let k = 0;
  while (k < breaks.length && value >= breaks[k]) k++;
  return fills[k];
}

/** The legend as an HTML list (readable without the map). */
export function legendHtml(field) {
  const f = fields[field];
  const labels = [
    `below −20% (${f.below})`, '−20% to −10%', '−10% to −5%', 'within ±5%', '5% to 10%', '10% to 20%', `above 20% (${f.above})`,
  ];
  const items = labels.map((label, i) => `<li><span class="swatch" style="background:${fills[i]}"></span>${label}</li>`).join('');
  return `<p class="hint"><strong>${f.title}</strong></p><ul>${items}<li><span class="swatch" style="background:#bdbdbd"></span>no value</li></ul>`;
}
