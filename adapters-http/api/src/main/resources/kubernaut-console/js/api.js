// The console's only way to the operator: its REST API with the bearer token of this browser session.
const KEY = 'kubernaut.token';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

/** An answer that is not 2xx, with the problem document's detail when there is one. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

function headers(extra = {}) {
  return { Accept: 'application/json', Authorization: `Bearer ${token.get()}`, ...extra };
}

async function problem(response) {
  let detail = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body && body.detail) detail = body.detail;
  } catch (e) { /* not JSON */ }
  return new ApiError(response.status, detail);
}

/** GETs a JSON document. */
export async function get(path, signal) {
  const response = await fetch(path, { headers: headers(), signal, cache: 'no-store' });
  if (!response.ok) throw await problem(response);
  return response.json();
}

/** POSTs a JSON document and returns the JSON answer. */
export async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST', headers: headers({ 'Content-Type': 'application/json' }), body: JSON.stringify(body),
  });
  if (!response.ok) throw await problem(response);
  return response.json();
}

/**
 * Reads a server-sent event stream with fetch, so the token travels in the Authorization header
 * (never in a URL). Calls onEvent(name, data) per event; reconnects after a drop until stopped.
 * Returns a function that stops it.
 */
export function stream(path, onEvent, onState) {
  let controller = null;
  let stopped = false;
  let retry = null;
  let renew = false; // the server ends each stream after a while, saying so first: open the next at once
  async function connect() {
    renew = false;
    controller = new AbortController();
    try {
      const response = await fetch(path, {
        headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal, cache: 'no-store',
      });
      if (!response.ok) throw await problem(response);
      onState('live');
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
      if (!stopped) { if (renew) connect(); else schedule(); }
    } catch (e) {
      if (stopped) return;
      if (e instanceof ApiError && e.status === 401) { onState('unauthorized', e.message); return; }
      schedule();
    }
  }
  function dispatch(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0) return;
    if (name === 'renew') { renew = true; return; }
    try { onEvent(name, JSON.parse(data.join('\n'))); } catch (e) { /* ignore a malformed event */ }
  }
  function schedule() {
    onState('reconnecting');
    retry = setTimeout(connect, 2000);
  }
  connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    if (controller) controller.abort();
  };
}
