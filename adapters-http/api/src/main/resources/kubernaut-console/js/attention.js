// Storms in progress and what each waiting remediation waits for.
import { get } from './api.js';
import { h, show, badge, time } from './dom.js';

export function renderAttention(feed) {
  let alive = true;
  let pending = null;
  async function load() {
    let storms;
    let blocks;
    try {
      [storms, blocks] = await Promise.all([get('/api/v1/storms'), get('/api/v1/blocks')]);
    } catch (e) {
      if (alive) show(h('h1', {}, 'Storms and blocks'), h('p', { class: 'error' }, e.message));
      return;
    }
    if (!alive) return;
    const link = (n) => h('a', { href: `#/r/${encodeURIComponent(n)}` }, n);
    show(h('h1', {}, 'Storms and blocks'),
      h('h2', {}, `Storms in progress (${storms.storms.length})`),
      storms.storms.length ? h('div', { class: 'cards', id: 'storms' }, storms.storms.map((s) => h('div', { class: 'card' },
        h('p', {}, h('strong', {}, s.alertName), ` in ${s.namespace || 'the cluster'}`),
        h('p', {}, `${s.threshold} threshold: ${s.count} signals, limit ${s.limit}${s.window ? ` per ${s.window}` : ''}.`),
        h('p', {}, `${s.duplicates} signals folded into `, link(s.remediation), ' ', badge(s.phase)),
        s.escalatedAt ? h('p', {}, 'Escalated ', time(s.escalatedAt)) : null)))
        : h('p', { class: 'muted' }, 'No storm in progress.'),
      h('h2', {}, `Waiting (${blocks.blocks.length})`),
      blocks.blocks.length ? h('div', { class: 'cards', id: 'blocks' }, blocks.blocks.map((b) => h('div', { class: 'card' },
        h('p', {}, link(b.remediation), ' ', badge(b.phase)),
        h('p', {}, `${b.alertName} on ${b.target}`),
        h('p', {}, h('strong', {}, b.waitsFor === 'approval' ? 'Waits for approval'
          : b.waitsFor === 'rollback' ? 'Waits for a decision on rolling back (verification failed)'
            : b.waitsFor === 'rule' ? 'Waits for a safety rule to lift' : 'Waits for a person'),
        b.until ? [b.waitsFor === 'rollback' ? ', expires ' : ' at ', time(b.until)] : null),
        h('p', {}, b.reason))))
        : h('p', { class: 'muted' }, 'Nothing waits.'));
  }
  const listener = () => { clearTimeout(pending); pending = setTimeout(load, 500); };
  feed.listeners.add(listener);
  show(h('h1', {}, 'Storms and blocks'), h('p', { class: 'muted' }, 'Loading…'));
  load();
  return () => { alive = false; clearTimeout(pending); feed.listeners.delete(listener); };
}
