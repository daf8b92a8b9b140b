// The live list of remediations, filterable by phase, environment, namespace and outcome.
import { h, show, badge, duration } from './dom.js';

const PHASES = ['Pending', 'Processing', 'Analyzing', 'AwaitingApproval', 'Executing', 'Completed', 'Failed',
  'TimedOut', 'Cancelled', 'Blocked'];
const filters = { phase: '', environment: '', namespace: '', outcome: '' };

function select(id, label, values) {
  const el = h('select', { id, name: id },
    h('option', { value: '' }, 'All'), values.map((v) => h('option', { value: v }, v)));
  el.value = values.includes(filters[id]) ? filters[id] : '';
  return h('div', {}, h('label', { for: id }, label), el);
}

export function renderList(feed) {
  const tbody = h('tbody');
  const count = h('p', { class: 'muted', id: 'count', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', 'aria-label': 'Filters', id: 'filters' });
  const table = h('table', { class: 'rows', id: 'remediations' },
    h('caption', {}, 'Remediations, newest first. Updated live.'),
    h('thead', {}, h('tr', {}, ['Name', 'Phase', 'Environment', 'Priority', 'Alert', 'Target', 'Age', 'Outcome',
      'Duplicates'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody);

  function values(key) {
    const all = new Set();
    for (const r of feed.rows.values()) {
      const v = key === 'namespace' ? r.target.namespace : r[key];
      if (v) all.add(v);
    }
    return [...all].sort();
  }

  let shown = '';
  function renderFilters() {
    const key = JSON.stringify([values('environment'), values('namespace'), values('outcome')]);
    if (key === shown) return;
    shown = key;
    const focused = document.activeElement && document.activeElement.id;
    form.replaceChildren(select('phase', 'Phase', PHASES), select('environment', 'Environment', values('environment')),
      select('namespace', 'Namespace', values('namespace')), select('outcome', 'Outcome', values('outcome')));
    if (focused && form.querySelector(`#${focused}`)) form.querySelector(`#${focused}`).focus();
  }

  function matches(r) {
    return (!filters.phase || r.phase === filters.phase)
      && (!filters.environment || r.environment === filters.environment)
      && (!filters.namespace || r.target.namespace === filters.namespace)
      && (!filters.outcome || r.outcome === filters.outcome);
  }

  function renderRows() {
    const now = Date.now();
    const rows = [...feed.rows.values()].filter(matches)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name.localeCompare(b.name)));
    tbody.replaceChildren(...rows.map((r) => h('tr', { 'data-name': r.name },
      h('td', { 'data-label': 'Name' }, h('a', { href: `#/r/${encodeURIComponent(r.name)}` }, r.name)),
      h('td', { 'data-label': 'Phase' }, badge(r.phase), r.rollback ? [' ', badge('AwaitingRollbackDecision')] : null),
      h('td', { 'data-label': 'Environment' }, r.environment || '—'),
      h('td', { 'data-label': 'Priority' }, r.priority || '—'),
      h('td', { 'data-label': 'Alert' }, r.alertName),
      h('td', { 'data-label': 'Target' }, `${r.target.kind}/${r.target.namespace ? r.target.namespace + '/' : ''}${r.target.name}`),
      h('td', { 'data-label': 'Age' }, h('time', { datetime: r.createdAt, title: r.createdAt },
        duration(now - Date.parse(r.createdAt)))),
      h('td', { 'data-label': 'Outcome' }, badge(r.outcome)),
      h('td', { 'data-label': 'Duplicates' }, String(r.duplicates)))));
    count.textContent = `${rows.length} of ${feed.rows.size} remediations shown.`;
  }

  form.addEventListener('change', (e) => {
    filters[e.target.id] = e.target.value;
    renderRows();
  });
  const listener = () => { renderFilters(); renderRows(); };
  feed.listeners.add(listener);
  const ticker = setInterval(renderRows, 10000);
  show(h('h1', {}, 'Remediations'), form, count, h('div', { class: 'table-wrap' }, table));
  listener();
  return () => { feed.listeners.delete(listener); clearInterval(ticker); };
}
