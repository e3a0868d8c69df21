// One section of the reports page: its title, its CSV exports, its charts (Chart.js, loaded by the page from the
// project's own copy) and beside them a table with the same figures, for screen readers and for exact values.
/* global Chart */
import { el } from './dom.js';
import { displayLocale, t } from './i18n.js';

/** Series colours, in order (distinguishable, and dark enough on white). */
const palette = ['#1d4ed8', '#0e9384', '#dc6803', '#b42318', '#7a5af8', '#667085', '#c11574', '#067647'];

/** The charts drawn on the page, destroyed before it draws again. */
const drawn = [];

/** Forgets every chart drawn (before the sections are drawn again). */
export function destroyCharts() {
  for (const chart of drawn.splice(0)) chart.destroy();
}

/** The Chart.js configuration of one chart spec (see renderSection). */
function chartConfig(spec) {
  const stacked = Boolean(spec.stacked);
  const hasRightAxis = spec.datasets.some((dataset) => dataset.yAxisID === 'y1');
  return {
    type: spec.type ?? 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((dataset, index) => {
        const colour = dataset.colour ?? palette[index % palette.length];
        const line = (dataset.type ?? spec.type) === 'line';
        return {
          label: dataset.label,
          data: dataset.data,
          type: dataset.type,
          yAxisID: dataset.yAxisID ?? 'y',
          backgroundColor: line ? colour : `${colour}cc`,
          borderColor: colour,
          borderWidth: line ? 2 : 0,
          pointRadius: 2,
          tension: 0.25,
          spanGaps: true,
          order: line ? 0 : 1,
          ...(stacked && !line ? { stack: 'all' } : {}),
        };
      }),
    },
    options: {
      locale: displayLocale(),
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        // In the spec's order, whatever the drawing order (lines are drawn over bars).
        legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12, sort: (a, b) => a.datasetIndex - b.datasetIndex } },
        tooltip: {
          itemSort: (a, b) => a.datasetIndex - b.datasetIndex,
          callbacks: {
            label: (context) => {
              const format = spec.datasets[context.datasetIndex]?.format ?? String;
              return `${context.dataset.label}: ${context.raw === null ? '—' : format(context.raw)}`;
            },
          },
        },
      },
      scales: {
        x: { stacked, grid: { display: false }, ticks: { maxRotation: 0, autoSkip: spec.labels.length > 8, maxTicksLimit: 8 } },
        y: {
          stacked,
          beginAtZero: true,
          ticks: { precision: 0, ...(spec.yTick ? { callback: spec.yTick } : {}) },
        },
        ...(hasRightAxis
          ? {
              y1: {
                position: 'right',
                beginAtZero: true,
                // At least a minute: waits of a few seconds would otherwise repeat "1 s" along the axis.
                suggestedMax: 60,
                grid: { drawOnChartArea: false },
                ticks: { precision: 0, callback: spec.y1Tick },
              },
            }
          : {}),
      },
    },
  };
}

function figure(sectionId, spec, index) {
  const canvas = el('canvas', {
    attrs: { role: 'img', 'aria-label': t('reportsChartLabel', { title: spec.title }), 'aria-describedby': `report-table-${sectionId}` },
    text: t('reportsChartFallback'),
  });
  return {
    element: el('figure', { className: 'report-figure', attrs: { 'data-chart': `${sectionId}-${index}` } }, [
      spec.caption ? el('figcaption', { className: 'report-figure-caption', text: spec.caption }) : null,
      el('div', { className: 'report-canvas-box' }, [canvas]),
    ]),
    draw: () => drawn.push(new Chart(canvas, chartConfig(spec))),
  };
}

function table(sectionId, { caption, columns, rows }) {
  const captionId = `report-table-${sectionId}`;
  return el('div', { className: 'report-table-wrap', attrs: { tabindex: 0, role: 'region', 'aria-labelledby': captionId } }, [
    el('table', { className: 'report-table', attrs: { 'data-table': sectionId } }, [
      el('caption', { text: caption, attrs: { id: captionId } }),
      el('thead', {}, [
        el(
          'tr',
          {},
          columns.map((column) => el('th', { text: column, attrs: { scope: 'col' } })),
        ),
      ]),
      el(
        'tbody',
        {},
        rows.map((row) =>
          el('tr', {}, [el('th', { text: row[0], attrs: { scope: 'row' } }), ...row.slice(1).map((cell) => el('td', { text: cell }))]),
        ),
      ),
    ]),
  ]);
}

/**
 * Builds a section of the page; append its `element`, then call `draw()` (Chart.js sizes a canvas that is in the page).
 *
 * @param {object} spec
 * @param {string} spec.id The section's name (its data-section, and its table's id).
 * @param {string} spec.title Its heading.
 * @param {Array<{href: string, label: string}>} spec.exports Its CSV downloads.
 * @param {Array<object>} spec.charts Its charts: `{ title, caption?, type: 'bar'|'line', labels, datasets, stacked?, yTick?, y1Tick? }`,
 *   each dataset `{ label, data (numbers or null), format (a value for people), type?, yAxisID? ('y1': the right axis), colour? }`.
 * @param {{caption: string, columns: string[], rows: string[][]}} spec.table The same figures, formatted; each row's first cell
 *   is its heading.
 * @param {string} [spec.empty] Shown instead of the charts and the table when there is nothing to show.
 */
export function renderSection(spec) {
  const figures = spec.empty ? [] : spec.charts.map((chart, index) => figure(spec.id, chart, index));
  const headingId = `report-section-${spec.id}`;
  const element = el('section', { className: 'report-section', attrs: { 'data-section': spec.id, 'aria-labelledby': headingId } }, [
    el('div', { className: 'report-section-head' }, [
      el('h2', { text: spec.title, attrs: { id: headingId } }),
      el(
        'div',
        { className: 'report-exports' },
        spec.exports.map((link) => el('a', { className: 'report-export', text: link.label, attrs: { href: link.href, download: '' } })),
      ),
    ]),
    spec.empty
      ? el('p', { className: 'report-empty muted', text: spec.empty })
      : el('div', { className: `report-section-body${figures.length > 2 ? ' report-section-body-stacked' : ''}` }, [
          el(
            'div',
            { className: `report-figures${figures.length > 1 ? ' report-figures-many' : ''}` },
            figures.map((item) => item.element),
          ),
          table(spec.id, spec.table),
        ]),
  ]);
  return { element, draw: () => figures.forEach((item) => item.draw()) };
}
