// One remediation: summary, approval, phase timeline, analysis, workflow graph, verification,
// approvals, notifications and audit events.
import { get, post, ApiError } from './api.js';
import { h, show, badge, duration, time, tree, facts } from './dom.js';

const KNOWN_WORKFLOW_STATUS = new Set(['phase', 'steps', 'progress', 'outcome', 'effectiveness', 'blockedUntil',
  'conditions', 'observedGeneration', 'startTime', 'completionTime', 'message', 'phaseHistory']);

function resource(dossier, kind) {
  return dossier.resources.filter((r) => r.kind === kind);
}

/** The phases entered, each with how long it lasted (until the next, the end, or now). */
function phaseTimeline(history, end) {
  if (!history || history.length === 0) return h('p', { class: 'muted' }, 'No phase recorded yet.');
  const stop = end ? Date.parse(end) : Date.now();
  return h('ol', { class: 'timeline', id: 'phase-timeline' }, history.map((t, i) => {
    const next = i + 1 < history.length ? Date.parse(history[i + 1].enteredAt) : stop;
    const last = i + 1 === history.length;
    const lasted = last && end ? 'final' : `${duration(next - Date.parse(t.enteredAt))}${last ? ' so far' : ''}`;
    return h('li', {}, badge(t.phase), ' ', time(t.enteredAt), ' ', h('span', { class: 'muted' }, `(${lasted})`),
      t.reason ? h('div', {}, t.reason) : null);
  }));
}

function analysisSection(dossier) {
  const [analysis] = resource(dossier, 'AIAnalysis');
  if (!analysis) return h('p', { class: 'muted' }, 'No analysis yet.');
  const s = analysis.status;
  const recs = s.recommendations || [];
  const dropped = s.dropped || [];
  const gate = s.approvalRequired ? 'Approval required before the workflow runs'
    : s.recommendOnly ? 'Recommend only: nothing runs' : s.phase === 'Completed' ? 'Runs without approval' : '';
  return [
    facts([['Phase', badge(s.phase)], ['Root cause', s.rootCause], ['Investigator', s.investigator],
      ['Fallbacks', (s.fallbacks || []).join('; ')],
      ['Confidence', s.confidence !== undefined ? `${Math.round(s.confidence * 100)}%` : ''],
      ['Gate decision', gate], ['Message', s.message]]),
    (s.evidence || []).length ? [h('h3', {}, 'Evidence'), h('ul', {}, s.evidence.map((e) => h('li', {}, e)))] : null,
    h('h3', {}, `Recommendations (${recs.length})`),
    recs.length ? h('div', { class: 'cards' }, recs.map((r) => h('div', { class: 'card' },
      h('p', {}, h('strong', {}, r.action), ' ', h('span', { class: 'muted' }, `step ${r.id}`)),
      h('p', {}, r.rationale || h('span', { class: 'muted' }, 'No rationale given.')),
      facts([['Target', r.target ? `${r.target.kind}/${r.target.namespace}/${r.target.name}` : ''],
        ['Confidence', r.confidence !== undefined ? `${Math.round(r.confidence * 100)}%` : ''], ['Risk', r.risk],
        ['After', (r.dependsOn || []).join(', ')],
        ['Parameters', Object.keys(r.parameters || {}).length ? tree(r.parameters) : '']]))))
      : h('p', { class: 'muted' }, 'None.'),
    h('h3', {}, `Dropped (${dropped.length})`),
    dropped.length ? h('ul', {}, dropped.map((d) => h('li', {}, h('strong', {}, d.action), ': ', d.reason)))
      : h('p', { class: 'muted' }, 'None.'),
  ];
}

/** Steps placed in columns by dependency depth: a step sits right of every step it waits for. */
function workflowSection(dossier) {
  const [wf] = resource(dossier, 'WorkflowExecution');
  if (!wf) return h('p', { class: 'muted' }, 'No workflow yet.');
  const specSteps = wf.spec.steps || [];
  const state = new Map((wf.status.steps || []).map((s) => [s.id, s]));
  const depth = new Map();
  const byId = new Map(specSteps.map((s) => [s.id, s]));
  const level = (id, seen = new Set()) => {
    if (depth.has(id)) return depth.get(id);
    if (seen.has(id)) return 0;
    seen.add(id);
    const deps = (byId.get(id) && byId.get(id).dependsOn) || [];
    const d = deps.length ? 1 + Math.max(...deps.map((x) => level(x, seen))) : 0;
    depth.set(id, d);
    return d;
  };
  specSteps.forEach((s) => level(s.id));
  const columns = [];
  for (const s of specSteps) (columns[depth.get(s.id)] ||= []).push(s);
  const executions = new Map(resource(dossier, 'KubernetesExecution').map((k) => [k.name, k]));
  const cls = (p) => (['Completed', 'Succeeded'].includes(p) ? 'ok' : ['Failed', 'RolledBack', 'TimedOut'].includes(p)
    ? 'bad' : p && p !== 'Pending' ? 'run' : '');
  const graph = h('div', { class: 'graph', id: 'workflow-graph', role: 'list', 'aria-label': 'Workflow steps by stage' },
    columns.map((col, i) => h('section', { role: 'listitem', 'aria-label': `Stage ${i + 1}` },
      h('h3', {}, `Stage ${i + 1}`),
      h('ol', {}, col.map((s) => {
        const st = state.get(s.id) || {};
        const ke = st.execution ? executions.get(st.execution) : null;
        return h('li', { class: `step ${cls(st.phase)}` },
          h('strong', {}, s.id), ' ', badge(st.phase || 'Pending'),
          h('div', {}, s.action),
          (s.dependsOn || []).length ? h('p', { class: 'after' }, `after ${s.dependsOn.join(', ')}`) : null,
          ke && ke.status.message ? h('p', { class: 'after' }, ke.status.message) : null);
      })))));
  const extra = Object.entries(wf.status).filter(([k]) => !KNOWN_WORKFLOW_STATUS.has(k));
  return [
    facts([['Phase', badge(wf.status.phase)], ['Progress', wf.status.progress], ['Outcome', wf.status.outcome],
      ['Effectiveness', wf.status.effectiveness !== undefined ? String(wf.status.effectiveness) : ''],
      ['Blocked until', wf.status.blockedUntil ? time(wf.status.blockedUntil) : ''], ['Message', wf.status.message]]),
    specSteps.length ? graph : h('p', { class: 'muted' }, 'No steps.'),
    h('h2', { id: 'verification' }, 'Verification'),
    extra.length ? h('div', { id: 'verification-checks' }, extra.map(([k, v]) => [h('h3', {}, k), tree(v)]))
      : h('p', { class: 'muted' }, 'No verification checks recorded in the workflow status.'),
  ];
}

// The question pending: the workflow's approval (AwaitingApproval) or, after a failed verification,
// whether to roll its steps back. Both are answered by POST .../approve|reject; the operator knows which.
function approvalPanel(name, reload, result, rollback) {
  const reason = h('input', { id: 'reason', name: 'reason', type: 'text', maxlength: '1024', autocomplete: 'off',
    'aria-describedby': 'reason-help' });
  const decide = async (verb, button) => {
    button.disabled = true;
    try {
      const answer = await post(`/api/v1/remediations/${encodeURIComponent(name)}/${verb}`,
        { reason: reason.value.trim() });
      result.className = 'done';
      const what = answer.subject === 'rollback' ? (answer.decision === 'approved' ? 'Rollback approved' : 'Rollback rejected')
        : answer.decision === 'approved' ? 'Approved' : 'Rejected';
      result.textContent = `${what} by ${answer.decidedBy}. ${answer.message}`;
      setTimeout(reload, 500);
    } catch (e) {
      result.className = 'error';
      result.textContent = e instanceof ApiError && e.status === 403
        ? `You may not decide approvals: ${e.message}` : e.message;
      button.disabled = false;
    }
  };
  const approve = h('button', { type: 'button', id: 'approve' }, rollback ? 'Roll back' : 'Approve');
  const reject = h('button', { type: 'button', id: 'reject', class: 'danger' }, rollback ? 'Keep the change' : 'Reject');
  approve.addEventListener('click', () => decide('approve', approve));
  reject.addEventListener('click', () => decide('reject', reject));
  const failed = rollback ? [
    h('p', {}, 'Verification failed after the workflow ran. Roll back undoes its steps in reverse order; keep the '
      + 'change leaves them in effect and ends the remediation NotRemediated. With no decision by the deadline the '
      + 'steps stay in effect.'),
    facts([['Failed check', rollback.check], ['Last value', rollback.lastValue === null ? '' : String(rollback.lastValue)],
      ['Measured', rollback.detail], ['Asked', time(rollback.askedAt)],
      ['Expires', rollback.expiresAt ? time(rollback.expiresAt) : ''], ['Workflow', rollback.message]]),
  ] : null;
  return h('section', { class: rollback ? 'approval rollback' : 'approval', id: rollback ? 'rollback-decision' : 'approval',
    'aria-labelledby': 'approval-title' },
    h('h2', { id: 'approval-title' }, rollback ? 'Rollback awaits your decision' : 'Awaiting approval'),
    failed,
    h('label', { for: 'reason' }, 'Reason (recorded with your decision)'),
    reason,
    h('p', { id: 'reason-help' }, 'Optional, one line. Your user name is recorded from your token.'),
    h('div', { class: 'buttons' }, approve, reject));
}

function approvalsSection(dossier, events) {
  const ar = dossier.resources[0];
  const a = ar.status.approval;
  const workflow = dossier.resources.find((c) => c.kind === 'WorkflowExecution');
  const rb = workflow && workflow.status.rollbackApproval;
  const audited = events.filter((e) => e.type === 'APPROVAL');
  if (!a && !rb && audited.length === 0) return h('p', { class: 'muted' }, 'No approval decision.');
  return [
    a ? facts([['Decision', badge(a.decision)], ['Decided by', a.decidedBy], ['When', time(a.decidedAt)],
      ['Reason', a.reason || ar.annotations['kubernaut.io/approval-reason']],
      ['Via', ar.annotations['kubernaut.io/approval-via'] || 'kubectl annotation']]) : null,
    rb ? [h('h3', {}, 'Rollback after the failed verification'),
      facts([['Decision', badge(rb.decision)], ['Decided by', rb.decidedBy], ['When', time(rb.decidedAt)],
        ['Reason', rb.reason], ['Via', ar.annotations['kubernaut.io/rollback-approval-via'] || 'kubectl annotation']])]
      : null,
    audited.length ? h('ul', {}, audited.map((e) => h('li', {}, time(e.occurredAt), ' ',
      `${e.idempotencyKey && e.idempotencyKey.endsWith('/rollback-approval') ? 'Rollback ' : ''}`
      + `${e.payload.decision || ''} by ${e.payload.decider || 'unknown'}${e.payload.via ? ` via ${e.payload.via}` : ''}`
      + `${e.payload.reason ? `: ${e.payload.reason}` : ''}`)))
      : null,
  ];
}

function notificationsSection(events) {
  const sent = events.filter((e) => e.type === 'NOTIFICATION');
  if (sent.length === 0) return h('p', { class: 'muted' }, 'No notification recorded.');
  return h('ul', {}, sent.map((e) => h('li', {}, time(e.occurredAt), ' ', badge(e.payload.delivery), ' ',
    `${e.payload.notificationType || ''} on ${e.payload.channel || 'a channel'}`)));
}

function auditSection(timeline, error) {
  if (error) return h('p', { class: 'notice' }, error);
  const events = timeline.events || [];
  if (events.length === 0) return h('p', { class: 'muted' }, 'No audit event yet.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'rows', id: 'audit-events' },
    h('caption', {}, 'Audit events, in the order they happened.'),
    h('thead', {}, h('tr', {}, ['When', 'Type', 'Key', 'Details'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, events.map((e) => h('tr', {},
      h('td', { 'data-label': 'When' }, time(e.occurredAt)),
      h('td', { 'data-label': 'Type' }, e.type),
      h('td', { 'data-label': 'Key' }, e.idempotencyKey),
      h('td', { 'data-label': 'Details' }, Object.entries(e.payload || {}).map(([k, v]) => `${k}=${v}`).join(', ')))))));
}

export function renderDetail(name, feed) {
  let alive = true;
  let pending = null;
  // Kept across re-renders: the answer to a decision stays visible after the panel is gone.
  const result = h('p', { role: 'status', 'aria-live': 'polite', id: 'decision-result' });
  show(h('h1', {}, name), h('p', { class: 'muted' }, 'Loading…'));
  async function load() {
    let dossier;
    try {
      dossier = await get(`/api/v1/remediations/${encodeURIComponent(name)}`);
    } catch (e) {
      if (!alive) return;
      show(h('h1', {}, name), h('p', { class: 'error' }, e.message), h('p', {}, h('a', { href: '#/' }, 'Back to the list')));
      return;
    }
    let timeline = { events: [] };
    let auditError = null;
    try {
      timeline = await get(`/api/v1/remediations/${encodeURIComponent(name)}/timeline`);
    } catch (e) {
      auditError = e.status === 404 ? 'The audit trail has no event of it yet.' : `The audit trail cannot be read: ${e.message}`;
    }
    if (!alive) return;
    const focused = document.activeElement && document.activeElement.id;
    const keptReason = document.getElementById('reason') ? document.getElementById('reason').value : '';
    const ar = dossier.resources[0];
    const r = dossier.row;
    const target = `${r.target.kind}/${r.target.namespace ? r.target.namespace + '/' : ''}${r.target.name}`;
    show(
      h('p', {}, h('a', { href: '#/' }, '← All remediations')),
      h('h1', {}, `${r.alertName} on ${target}`),
      facts([['Name', r.name], ['Phase', badge(r.phase)], ['Outcome', badge(r.outcome)], ['Environment', r.environment],
        ['Priority', r.priority], ['Severity', r.severity], ['Created', time(r.createdAt)],
        ['Ended', r.completedAt ? time(r.completedAt) : ''], ['Duplicates', String(r.duplicates)],
        ['Storm', r.storm ? `${r.storm.threshold}: ${r.storm.count} of ${r.storm.limit} in ${r.storm.window}` : ''],
        ['Blocked until', r.blockedUntil ? time(r.blockedUntil) : ''], ['Message', r.message]]),
      r.phase === 'AwaitingApproval' ? approvalPanel(name, load, result, null)
        : r.rollback ? approvalPanel(name, load, result, r.rollback) : null,
      result,
      h('h2', {}, 'Phases'),
      phaseTimeline(ar.status.phaseHistory, ar.status.completionTime),
      dossier.resources.length > 1 ? h('details', {}, h('summary', {}, 'Phases of each child resource'),
        dossier.resources.slice(1).map((c) => [h('h3', {}, `${c.kind} ${c.name}`),
          phaseTimeline(c.status.phaseHistory, c.status.completionTime)])) : null,
      h('h2', {}, 'Analysis'),
      analysisSection(dossier),
      h('h2', {}, 'Workflow'),
      workflowSection(dossier),
      h('h2', {}, 'Approvals'),
      approvalsSection(dossier, timeline.events || []),
      h('h2', {}, 'Notifications'),
      notificationsSection(timeline.events || []),
      h('h2', {}, 'Audit events'),
      auditSection(timeline, auditError));
    if (keptReason && document.getElementById('reason')) document.getElementById('reason').value = keptReason;
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }
  const listener = (names) => {
    if (names && !names.includes(name)) return;
    clearTimeout(pending);
    pending = setTimeout(load, 300);
  };
  feed.listeners.add(listener);
  load();
  return () => { alive = false; clearTimeout(pending); feed.listeners.delete(listener); };
}
