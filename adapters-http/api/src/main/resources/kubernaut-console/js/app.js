// The console: sign-in, the live feed, and a router over #/ (list), #/r/<name> (one remediation)
// and #/attention (storms and blocks).
import { token, stream, get, ApiError } from './api.js';
import { h, show } from './dom.js';
import { renderList } from './list.js';
import { renderDetail } from './detail.js';
import { renderAttention } from './attention.js';

/** The remediations as the live feed last told, and who wants to hear of changes. */
export const feed = {
  rows: new Map(),
  listeners: new Set(),
  notify(names) { for (const l of this.listeners) l(names); },
};

let stopFeed = null;
let leavePage = null;

function setLive(state, detail) {
  const live = document.getElementById('live');
  if (state === 'live') live.textContent = 'Live updates on';
  else if (state === 'reconnecting') live.textContent = 'Live updates paused; reconnecting…';
  else if (state === 'unavailable') live.textContent = detail;
  else if (state === 'unauthorized') signOut('Your token was refused; sign in again.');
  else live.textContent = '';
}

function startFeed() {
  stopFeed = stream('/api/v1/feed/remediations', (event, data) => {
    if (event === 'snapshot') {
      feed.rows = new Map(data.map((r) => [r.name, r]));
      feed.notify(null);
      setLive('live'); // a snapshot after "cannot be read": the remediations can be read again
    } else if (event === 'upsert') {
      for (const r of data) feed.rows.set(r.name, r);
      feed.notify(data.map((r) => r.name));
    } else if (event === 'remove') {
      for (const n of data) feed.rows.delete(n);
      feed.notify(data);
    } else if (event === 'unavailable') {
      setLive('unavailable', data.detail);
    }
  }, setLive);
}

function signOut(message) {
  if (stopFeed) stopFeed();
  stopFeed = null;
  token.clear();
  feed.rows = new Map();
  if (location.hash !== '' && location.hash !== '#/') history.replaceState(null, '', '#/');
  route(message);
}

function signIn(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('live').textContent = '';
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'token-help' });
  const error = h('p', { id: 'signin-error', role: 'alert' });
  if (message) { error.className = 'notice'; error.textContent = message; }
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    h('div', { class: 'field' },
      h('label', { for: 'token' }, 'API token'),
      input,
      h('p', { id: 'token-help', class: 'muted' }, 'A bearer token of the viewer or approver role (or the static '
        + 'admin token). It is kept in this browser tab only and forgotten when the tab closes or you sign out.')),
    error,
    h('button', { type: 'submit', id: 'sign-in' }, 'Sign in'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    token.set(input.value.trim());
    try {
      await get('/api/v1/remediations');
      route();
    } catch (err) {
      token.clear();
      error.className = 'error';
      error.textContent = err instanceof ApiError && err.status === 401 ? 'The token was refused: ' + err.message
        : err instanceof ApiError && err.status === 403 ? 'This token may not list remediations: ' + err.message
          : 'The operator could not be reached: ' + err.message;
      input.focus();
    }
  });
  show(form);
  input.focus();
}

function route(message) {
  if (leavePage) leavePage();
  leavePage = null;
  if (!token.get()) {
    signIn(message);
    return;
  }
  document.getElementById('nav').hidden = false;
  document.getElementById('sign-out').hidden = false;
  if (!stopFeed) startFeed();
  const hash = location.hash || '#/';
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.getAttribute('href') === hash) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const detail = hash.match(/^#\/r\/([a-z0-9.-]+)$/);
  if (detail) leavePage = renderDetail(decodeURIComponent(detail[1]), feed);
  else if (hash === '#/attention') leavePage = renderAttention(feed);
  else leavePage = renderList(feed);
}

// The skip link moves focus to the content; as a plain #main link it would change the route.
document.querySelector('.skip').addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('main').focus();
});
document.getElementById('sign-out').addEventListener('click', () => signOut('You are signed out.'));
window.addEventListener('hashchange', () => {
  route();
  document.getElementById('main').focus();
});
route();
