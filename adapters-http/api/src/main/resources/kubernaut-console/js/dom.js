// Small DOM helpers: elements are built with text nodes only, never with HTML strings.

/** Creates an element: h('p', {class: 'x'}, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the content of main and moves focus to it, as a page change would. */
export function show(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat(Infinity).filter(Boolean));
  return main;
}

/** A badge for a phase or an outcome, coloured by meaning; the text carries the meaning too. */
export function badge(text) {
  if (!text) return h('span', { class: 'muted' }, '—');
  const ok = ['Completed', 'Remediated', 'Succeeded', 'Ready', 'Sent', 'Approved', 'approved', 'AutoResolved'];
  const bad = ['Failed', 'TimedOut', 'Cancelled', 'Blocked', 'NotRemediated', 'Rejected', 'rejected', 'RolledBack'];
  const wait = ['AwaitingApproval', 'AwaitingRollbackDecision', 'Pending', 'Waiting', 'Skipped'];
  const cls = ok.includes(text) ? 'ok' : bad.includes(text) ? 'bad' : wait.includes(text) ? 'wait' : 'run';
  return h('span', { class: `badge ${cls}` }, text);
}

/** "3m 12s" from milliseconds. */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const hr = Math.floor(m / 60);
  if (hr < 48) return `${hr}h ${m % 60}m`;
  return `${Math.floor(hr / 24)}d ${hr % 24}h`;
}

/** A time as the reader's locale writes it, with the exact instant in a title. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const d = new Date(iso);
  return h('time', { datetime: iso, title: iso }, d.toLocaleString());
}

/** Any JSON value as nested lists, for status fields the console does not know by name. */
export function tree(value) {
  if (value === null || value === undefined) return h('span', { class: 'muted' }, '—');
  if (Array.isArray(value)) {
    if (value.length === 0) return h('span', { class: 'muted' }, 'none');
    return h('ol', { class: 'tree' }, value.map((v) => h('li', {}, tree(v))));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return h('span', { class: 'muted' }, 'none');
    return h('dl', { class: 'facts' }, entries.map(([k, v]) => [h('dt', {}, k), h('dd', {}, tree(v))]));
  }
  return String(value);
}

/** A definition list of label/value pairs, skipping empty values. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}
