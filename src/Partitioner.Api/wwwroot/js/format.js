// Number and text formatting shared by the panels.

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const two = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const count = v => v === null || v === undefined ? '–' : whole.format(v);
export const decimal = v => v === null || v === undefined ? '–' : one.format(v);
export const money = v => v === null || v === undefined ? '–' : `£${two.format(v)}`;
export const percent = v => v === null || v === undefined ? '–' : `${v > 0 ? '+' : ''}${one.format(v)}%`;

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
