// One Leaflet map of a plan on a plain background: the study-area outline, consortia coloured by a deviation, and
// practices as points. No tiles: nothing is fetched from anywhere but this service.
/* global L */
import { fillFor } from './colours.js';
import { count, percent, escapeHtml } from './format.js';

export class PlanMap {
  constructor(element, { onConsortium, onPractice } = {}) {
    this.map = L.map(element, { attributionControl: false, zoomSnap: 0.25, minZoom: 4, maxZoom: 16 });
    this.map.setView([53.0, -1.5], 6);
    this.map.createPane('councils').style.zIndex = 420;
    this.map.createPane('practices').style.zIndex = 450;
    this.onConsortium = onConsortium;
    this.onPractice = onPractice;
    this.field = 'deprivation_dev_pct';
    this.boundary = null;
    this.councils = null;
    this.consortia = null;
    this.practices = null;
    this.selected = null;
  }

  setBoundary(geojson) {
    this.boundary?.remove();
    this.boundary = geojson ? L.geoJSON(geojson, {
      interactive: false,
      style: { color: '#4a4a4a', weight: 1.5, fillColor: '#eef1e6', fillOpacity: 1 },
    }).addTo(this.map) : null;
  }

  /** Council boundaries as dashed outlines over the consortia, so a plan's fit with councils shows. */
  setCouncils(geojson) {
    this.councils?.remove();
    this.councils = geojson ? L.geoJSON(geojson, {
      pane: 'councils', interactive: false,
      style: { color: '#5b3a00', weight: 1.2, dashArray: '4 3', fill: false },
    }).addTo(this.map) : null;
  }

  /**
   * Practices as small points; each can be chosen (click, or Enter when focused) to lock it. Thousands of points go
   * on one canvas instead (still clickable; by keyboard, type the code in the lock form) to keep the map quick.
   */
  setPractices(geojson) {
    this.practices?.remove();
    if (!geojson) { this.practices = null; return; }
    const choose = this.onPractice;
    const many = (geojson.features?.length ?? 0) > 2000;
    this.canvas ??= L.canvas({ pane: 'practices' });
    this.practices = L.geoJSON(geojson, {
      pane: 'practices',
      pointToLayer: (feature, latlng) => L.circleMarker(latlng, {
        pane: 'practices', radius: many ? 2 : 3, weight: 1, color: '#1b1b1b', fillColor: '#ffffff', fillOpacity: 1,
        interactive: Boolean(choose), className: 'practice', renderer: many ? this.canvas : undefined,
      }),
      onEachFeature: (feature, layer) => {
        const p = feature.properties ?? {};
        const code = p.practice_code ?? feature.id;
        layer.bindTooltip(`${escapeHtml(code)} ${escapeHtml(p.name ?? '')}`);
        if (choose) layer.on('click', () => choose(code, p));
        layer.on('add', () => {
          const el = layer.getElement();
          if (!el) return;
          el.setAttribute('data-code', code);
          if (choose) {
            el.setAttribute('role', 'button');
            el.setAttribute('aria-label', `Practice ${code} ${p.name ?? ''}: lock it`);
          } else {
            el.setAttribute('aria-hidden', 'true');
          }
        });
      },
    }).addTo(this.map);
  }

  /** Consortia filled by the chosen field; each polygon is a keyboard-reachable button. */
  setConsortia(geojson) {
    this.consortia?.remove();
    this.selected = null;
    if (!geojson) { this.consortia = null; return; }
    this.consortia = L.geoJSON(geojson, {
      style: feature => this.styleFor(feature),
      onEachFeature: (feature, layer) => {
        const p = feature.properties;
        layer.on('click', () => this.choose(p.name));
        layer.bindTooltip(`${escapeHtml(p.name)}: ${count(p.patients)} patients`, { sticky: true });
        layer.on('add', () => {
          const el = layer.getElement();
          if (!el) return;
          el.classList.add('consortium');
          el.setAttribute('data-name', p.name);
          el.setAttribute('tabindex', '0');
          el.setAttribute('role', 'button');
          el.setAttribute('aria-label', `Consortium ${p.name}: ${count(p.patients)} patients, deprivation ${percent(p.deprivation_dev_pct)}, spend ${percent(p.spend_dev_pct)}`);
          el.addEventListener('keydown', e => {
            if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this.choose(p.name); }
          });
        });
      },
    }).addTo(this.map);
    this.practices?.bringToFront();
  }

  styleFor(feature) {
    const p = feature.properties;
    const selected = this.selected === p.name;
    return {
      color: selected ? '#000000' : '#3a3a3a', weight: selected ? 3 : 1,
      fillColor: fillFor(p[this.field]), fillOpacity: 0.85,
    };
  }

  colourBy(field) {
    this.field = field;
    this.consortia?.setStyle(f => this.styleFor(f));
  }

  choose(name) {
    this.select(name);
    this.onConsortium?.(name);
  }

  select(name) {
    this.selected = name;
    this.consortia?.setStyle(f => this.styleFor(f));
    this.consortia?.eachLayer(layer => {
      const el = layer.getElement?.();
      if (el) el.classList.toggle('selected', layer.feature.properties.name === name);
    });
  }

  /** Fits the view to what is drawn (or to the given bounds, to share an extent between maps). */
  fit(bounds) {
    const b = bounds ?? this.bounds();
    if (b?.isValid()) this.map.fitBounds(b, { padding: [8, 8], animate: false });
  }

  bounds() {
    let b = null;
    for (const layer of [this.boundary, this.consortia, this.practices]) {
      if (!layer) continue;
      const lb = layer.getBounds();
      if (!lb.isValid()) continue;
      b = b ? b.extend(lb) : L.latLngBounds(lb.getSouthWest(), lb.getNorthEast());
    }
    return b;
  }

  refreshSize() { this.map.invalidateSize(); }
}
