// The reports page (DESIGN §14) in the browser, for supervisors and admins: the filter bar, the headline cards and the
// chart sections (each with its table and CSV export), in Spanish or English. Without a session, or as an agent, the
// page sends the browser to the console, where one logs in.
/* global document, location */
import { api, setCsrfToken, whenSessionEnds } from './api.js';
import { byId, clear } from './dom.js';
import { addTexts, applyStaticTexts, language, setLanguage, t } from './i18n.js';
import { renderCards } from './reports-cards.js';
import { filterQuery, initFilters, showFilterError } from './reports-filters.js';
import { rangeName } from './reports-format.js';
import { reportTexts } from './reports-i18n.js';
import { destroyCharts, renderSection } from './reports-section.js';
import { csvHref, pageTrends, sectionSpecs } from './reports-sections.js';

const view = {
  main: byId('main'),
  identity: byId('agent-identity'),
  range: byId('report-range'),
  summaryExport: byId('summary-export'),
  cards: byId('report-cards'),
  sections: byId('report-sections'),
};

const state = {
  agent: null,
  /** The last report read `{ summary, trends, query }`, drawn again after a language switch. */
  report: null,
  /** Numbers the reads: only the latest one's answer is drawn. */
  read: 0,
};

/** Leaves for the console (its login when the session is gone). */
function toConsole() {
  location.replace('/agent');
}

/** The text of a failed read: the filter the server could not read, or the failure. */
function failureText(error) {
  if (error.code === 'invalid_query') return t('reportsInvalidQuery', { field: t(`reportsField_${error.body.field}`) });
  if (error.status === 0) return t('networkError');
  return t('reportsLoadFailed', { message: error.message });
}

function draw() {
  const report = state.report;
  destroyCharts();
  clear(view.sections);
  if (!report) return;
  const { summary, trends, query } = report;
  view.range.textContent = t(`reportsRange_${trends.conversations.granularity}`, { range: rangeName(summary.from, summary.to) });
  view.summaryExport.href = csvHref('summary', query);
  renderCards(view.cards, summary);
  for (const spec of sectionSpecs({ summary, trends }, { from: summary.from, to: summary.to, query })) {
    const section = renderSection(spec);
    view.sections.append(section.element);
    section.draw();
  }
}

/** Reads the summary and every trend for `query` and draws them (a later read wins over an earlier one). */
async function load(query) {
  state.read += 1;
  const read = state.read;
  view.range.textContent = t('reportsLoading');
  view.main.setAttribute('aria-busy', 'true');
  try {
    const suffix = query ? `?${query}` : '';
    const [summary, ...trendList] = await Promise.all([
      api('GET', `/reports/summary${suffix}`),
      ...pageTrends.map((name) => api('GET', `/reports/${name}${suffix}`)),
    ]);
    if (read !== state.read) return;
    state.report = { summary, trends: Object.fromEntries(pageTrends.map((name, index) => [name, trendList[index]])), query };
    draw();
  } catch (error) {
    if (read !== state.read) return;
    if (error.status === 401 || error.status === 403) return toConsole();
    view.range.textContent = '';
    showFilterError(failureText(error));
  } finally {
    if (read === state.read) view.main.removeAttribute('aria-busy');
  }
}

function showIdentity() {
  view.identity.textContent = `${state.agent.name} · ${t(`role_${state.agent.role}`)}`;
}

byId('language-toggle').addEventListener('click', () => {
  setLanguage(language() === 'es' ? 'en' : 'es');
  document.title = t('reportsTitle');
  showIdentity();
  draw();
});

byId('logout-button').addEventListener('click', async () => {
  try {
    await api('POST', '/logout');
  } finally {
    toConsole();
  }
});

async function boot() {
  addTexts(reportTexts);
  applyStaticTexts();
  document.title = t('reportsTitle');
  whenSessionEnds(toConsole);
  let me;
  try {
    me = await api('GET', '/me');
  } catch {
    return toConsole();
  }
  if (me.agent.role !== 'supervisor' && me.agent.role !== 'admin') return toConsole();
  state.agent = me.agent;
  setCsrfToken(me.csrfToken);
  showIdentity();
  view.identity.hidden = false;
  view.main.hidden = false;
  initFilters((query) => void load(query));
  await load(filterQuery());
}

// Module scripts run once the document is parsed (after Chart.js, a deferred script before this one).
void boot();
