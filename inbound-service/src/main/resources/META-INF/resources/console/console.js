// The operator's console: reads and acts through /api/v1 on the operator's session. Every value
// from the API is put on the page as text (never as markup): reasons quote what site users typed.
'use strict';

const CONSOLE_HEADER = 'X-Worklog-Bridge-Console';
const REFRESH_MS = 2000;
let status = null;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  });
  children.flat().forEach(c => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return e;
}

function showError(message) {
  const p = document.getElementById('error');
  p.textContent = message || '';
  p.hidden = !message;
}

async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (method !== 'GET') {
    init.headers[CONSOLE_HEADER] = '1';
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body || {});
  }
  const r = await fetch(path, init);
  if (r.status === 401 || r.redirected && r.url.indexOf('/console/login.html') >= 0) {
    location.href = '/console/login.html';
    throw new Error('the session ended; log in again');
  }
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: text }; }
  if (!r.ok) throw new Error((data && (data.error || data.message)) || ('HTTP ' + r.status));
  return data;
}

function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  const ago = Math.round((Date.now() - d.getTime()) / 1000);
  return d.toLocaleString() + (ago >= 0 && ago < 86400 ? ' (' + ago + ' s ago)' : '');
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function targets() {
  return status ? Object.keys(status.consumers) : [];
}

function fillSelect(select, values) {
  const keep = select.value;
  if (select.options.length === values.length
      && values.every((v, i) => select.options[i].value === v)) return;
  select.replaceChildren(...values.map(v => el('option', { value: v }, v)));
  if (values.indexOf(keep) >= 0) select.value = keep;
}

// ---------------------------------------------------------------- overview

async function refreshOverview() {
  try {
    status = await api('GET', '/api/v1/status');
    showError('');
  } catch (e) {
    showError('status: ' + e.message);
    return;
  }
  const rows = Object.entries(status.consumers).map(([name, c]) => el('tr', { 'data-consumer': name },
    el('td', {}, name),
    el('td', { class: 'state-' + c.state }, c.state),
    el('td', { class: 'num' }, c.lag),
    el('td', { class: 'num' }, c.partitions),
    el('td', { class: 'num' }, c.consumed),
    el('td', { class: 'num' }, c.parked),
    el('td', { class: 'num' }, c.deadLettered),
    el('td', {}, when(c.lastAppliedAt))));
  fill(document.querySelector('#consumers tbody'), rows);
  const failures = status.authFailures || {};
  const tokenRows = Object.entries(failures).map(([where, f]) => {
    const [site, apiName] = where.split('/');
    return el('tr', {}, el('td', {}, site), el('td', {}, apiName || ''),
      el('td', { class: 'state-AUTH_FAILED' }, 'AUTH_FAILED'), el('td', {}, when(f.since)),
      el('td', {}, f.reason));
  });
  if (tokenRows.length === 0) {
    tokenRows.push(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'every token is accepted')));
  }
  fill(document.querySelector('#tokens tbody'), tokenRows);
  const problems = status.configurationProblems || {};
  document.getElementById('problems').replaceChildren(...Object.entries(problems).map(([where, p]) =>
    el('p', { class: 'problem' }, 'configuration ' + where + ': ' + (p.reason || JSON.stringify(p)))));
  document.querySelectorAll('select.targets').forEach(s => fillSelect(s, targets()));
  fillSelect(document.getElementById('find-connection'),
    [...new Set(targets().map(t => t.split('/')[0]))]);
  fillSelect(document.getElementById('token-site'),
    [...new Set(targets().map(t => t.split('/')[1]))]);
  document.getElementById('updated').textContent = new Date().toLocaleTimeString();
  refreshDelays();
  refreshWatchers();
}

let outbounds = {};

async function refreshWatchers() {
  try { outbounds = await api('GET', '/api/v1/outbounds'); } catch (e) { outbounds = {}; }
  const rows = [];
  const choices = [];
  Object.entries(outbounds).forEach(([name, o]) => {
    if (o.error) {
      rows.push(el('tr', { 'data-outbound': name }, el('td', {}, name),
        el('td', { class: 'problem', colspan: 4 }, o.error)));
      return;
    }
    Object.entries(o.status.sites || {}).forEach(([site, w]) => {
      choices.push(name + '/' + site);
      rows.push(el('tr', { 'data-watcher': name + '/' + site }, el('td', {}, name + ' / ' + site),
        el('td', { class: 'state-' + w.state }, w.state), el('td', {}, when(w.worklogWatermark)),
        el('td', {}, when(w.deletionWatermark)),
        el('td', { class: 'num' }, w.attention ? w.attention.total : 0)));
    });
  });
  if (rows.length === 0) {
    rows.push(el('tr', {}, el('td', { colspan: 5, class: 'muted' },
      'no outbound configured for the console (bridge.inbound.console-outbounds)')));
  }
  fill(document.querySelector('#watchers tbody'), rows);
  fillSelect(document.getElementById('backfill-outbound'), choices);
}

async function refreshDelays() {
  let d;
  try { d = await api('GET', '/api/v1/delays'); } catch (e) { return; }
  const svg = document.getElementById('delay-chart');
  const w = +svg.getAttribute('width'), h = +svg.getAttribute('height'), pad = 30;
  const minutes = d.minutes || [];
  const max = Math.max(1000, ...minutes.map(m => m.p99Ms || 0));
  const x = i => pad + (w - 2 * pad) * (i / 59);
  const y = v => h - pad - (h - 2 * pad) * (v / max);
  const ns = 'http://www.w3.org/2000/svg';
  const line = (key, color) => {
    const pts = minutes.map((m, i) => m.count ? x(i) + ',' + y(m[key]) : null).filter(Boolean);
    const p = document.createElementNS(ns, 'polyline');
    p.setAttribute('points', pts.join(' '));
    p.setAttribute('fill', 'none'); p.setAttribute('stroke', color); p.setAttribute('stroke-width', '2');
    return p;
  };
  const dots = (key, color) => minutes.map((m, i) => {
    if (!m.count) return null;
    const c = document.createElementNS(ns, 'circle');
    c.setAttribute('cx', x(i)); c.setAttribute('cy', y(m[key])); c.setAttribute('r', '3');
    c.setAttribute('fill', color);
    return c;
  }).filter(Boolean);
  const label = (text, lx, ly) => {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', lx); t.setAttribute('y', ly); t.setAttribute('font-size', '11');
    t.textContent = text;
    return t;
  };
  svg.replaceChildren(line('p50Ms', '#2456c7'), line('p99Ms', '#b3261e'),
    ...dots('p50Ms', '#2456c7'), ...dots('p99Ms', '#b3261e'),
    label(max + ' ms', 2, pad), label('0', 2, h - pad), label('-60 min', pad, h - 8),
    label('now', w - pad - 16, h - 8));
  const last = minutes.filter(m => m.count).slice(-1)[0];
  document.getElementById('delay-text').textContent = last
    ? 'last minute with writes: p50 ' + last.p50Ms + ' ms, p99 ' + last.p99Ms + ' ms over '
      + last.count + ' worklogs (blue p50, red p99)'
    : 'no worklog written in the last hour';
}

// ---------------------------------------------------------------- find

async function find(event) {
  event.preventDefault();
  const connection = document.getElementById('find-connection').value;
  const kind = document.getElementById('find-kind').value;
  const q = document.getElementById('find-query').value.trim();
  const out = document.getElementById('find-results');
  document.getElementById('lineage').replaceChildren();
  try {
    if (kind === 'lineage') {
      out.replaceChildren();
      return showLineage(connection, q);
    }
    const found = await api('GET', '/api/v1/connections/' + encodeURIComponent(connection)
      + '/lineages?' + kind + '=' + encodeURIComponent(q));
    showError('');
    if (found.lineages.length === 0) {
      out.replaceChildren(el('p', { class: 'muted' }, 'nothing the bridge knows of ' + q));
      return;
    }
    out.replaceChildren(el('table', { id: 'found' },
      el('thead', {}, el('tr', {}, el('th', {}, 'lineage'), el('th', {}, 'role here'),
        el('th', {}, 'state'), el('th', {}, 'worklog id here'), el('th', {}, 'updated'))),
      el('tbody', {}, found.lineages.map(l => el('tr', {},
        el('td', {}, el('a', { href: '#find', 'data-lineage': l.lineage,
          onclick: e => { e.preventDefault(); showLineage(connection, l.lineage); } }, l.lineage)),
        el('td', {}, l.role), el('td', {}, l.state), el('td', {}, l.localWorklogId),
        el('td', {}, when(l.updatedAt)))))));
    if (found.lineages.length === 1) showLineage(connection, found.lineages[0].lineage);
  } catch (e) {
    showError('find: ' + e.message);
  }
}

async function showLineage(connection, lineage) {
  const box = document.getElementById('lineage');
  try {
    const l = await api('GET', '/api/v1/connections/' + encodeURIComponent(connection)
      + '/lineages/' + encodeURIComponent(lineage));
    showError('');
    box.replaceChildren(
      el('h2', {}, 'Lineage ' + l.lineage),
      el('table', { id: 'lineage-sites' },
        el('thead', {}, el('tr', {}, ['site', 'role', 'state', 'worklog id', 'issue id',
          'last version', 'updated'].map(t => el('th', {}, t)))),
        el('tbody', {}, l.sites.map(s => el('tr', { 'data-site': s.site },
          el('td', {}, s.site), el('td', {}, s.role), el('td', {}, s.state),
          el('td', {}, s.localWorklogId), el('td', {}, s.localIssueId),
          el('td', {}, when(s.lastVersion)), el('td', {}, when(s.updatedAt)))))),
      el('h2', {}, 'History'),
      el('ol', { class: 'timeline', id: 'lineage-history' }, l.history.map(h =>
        el('li', {}, el('strong', {}, h.action), ' on ', h.site, ' · ', when(h.at),
          el('div', { class: 'muted' }, h.detail)))));
  } catch (e) {
    showError('lineage: ' + e.message);
  }
}

// ---------------------------------------------------------------- stuck work

async function refreshParked() {
  const box = document.getElementById('parked');
  const parts = [];
  for (const target of targets()) {
    const [connection, site] = target.split('/');
    const base = '/api/v1/connections/' + encodeURIComponent(connection) + '/sites/'
      + encodeURIComponent(site) + '/parked';
    let parked;
    try { parked = await api('GET', base + '?limit=200'); } catch (e) { showError('parked: ' + e.message); continue; }
    const retry = lineage => async () => {
      try {
        const r = await api('POST', base + '/retry' + (lineage ? '?lineage=' + encodeURIComponent(lineage) : ''));
        showError('');
        document.getElementById('stuck-status').textContent = r.due + ' parked event(s) due now on ' + target;
        setTimeout(refreshParked, 1500);
      } catch (e) { showError('retry: ' + e.message); }
    };
    parts.push(el('h2', {}, target + ' · ' + parked.length + ' parked'));
    if (parked.length === 0) { parts.push(el('p', { class: 'muted' }, 'nothing parked')); continue; }
    parts.push(el('button', { class: 'quiet', 'data-retry-all': target, onclick: retry(null) }, 'Retry all on ' + target));
    parts.push(el('table', { 'data-parked': target },
      el('thead', {}, el('tr', {}, ['lineage', 'reason', 'attempts', 'parked', 'next attempt', ''].map(t => el('th', {}, t)))),
      el('tbody', {}, parked.map(p => el('tr', { 'data-lineage': p.lineage },
        el('td', {}, p.lineage), el('td', {}, p.reason), el('td', { class: 'num' }, p.attempts),
        el('td', {}, when(p.parkedAt)), el('td', {}, when(p.nextAttemptAt)),
        el('td', {}, el('button', { 'data-retry': p.lineage, onclick: retry(p.lineage) }, 'Retry')))))));
  }
  box.replaceChildren(el('p', { id: 'stuck-status', role: 'status' }), ...parts);
  refreshDeadLetters();
}

async function refreshDeadLetters() {
  const parts = [];
  for (const connection of [...new Set(targets().map(t => t.split('/')[0]))]) {
    let dead;
    try {
      dead = await api('GET', '/api/v1/connections/' + encodeURIComponent(connection) + '/dead-letters?limit=50');
    } catch (e) { showError('dead letters: ' + e.message); continue; }
    parts.push(el('h2', {}, connection + ' · ' + dead.length + ' dead letter(s) shown'));
    if (dead.length === 0) { parts.push(el('p', { class: 'muted' }, 'none')); continue; }
    parts.push(el('table', { 'data-dead-letters': connection },
      el('thead', {}, el('tr', {}, ['when', 'reason', 'came from', 'key', 'body (start)'].map(t => el('th', {}, t)))),
      el('tbody', {}, dead.map(d => el('tr', { 'data-key': d.key || '' },
        el('td', {}, when(d.failedAt || d.at)), el('td', {}, d.reason),
        el('td', {}, d.originalTopic + ' partition ' + d.originalPartition + ' offset ' + d.originalOffset),
        el('td', {}, d.key), el('td', {}, el('code', {}, d.body)))))));
  }
  document.getElementById('dead-letters').replaceChildren(...parts);
}

async function pair(event) {
  event.preventDefault();
  const [connection, targetSite] = document.getElementById('pair-target').value.split('/');
  const sourceSite = otherSite(connection, targetSite);
  const sourceKey = document.getElementById('pair-source-key').value.trim();
  const targetKey = document.getElementById('pair-target-key').value.trim();
  try {
    await api('POST', '/api/v1/connections/' + encodeURIComponent(connection) + '/pairings',
      { siteA: sourceSite, issueKeyA: sourceKey, siteB: targetSite, issueKeyB: targetKey });
    showError('');
    document.getElementById('pair-result').textContent =
      sourceSite + ' ' + sourceKey + ' is paired with ' + targetSite + ' ' + targetKey;
  } catch (e) { showError('pairing: ' + e.message); }
}

/** The other site of a connection, from the consumers the status lists. */
function otherSite(connection, site) {
  const other = targets().map(t => t.split('/')).find(([c, s]) => c === connection && s !== site);
  return other ? other[1] : null;
}

// ---------------------------------------------------------------- operations

function siteOps(target) {
  const [connection, site] = target.split('/');
  return '/api/v1/connections/' + encodeURIComponent(connection) + '/sites/' + encodeURIComponent(site);
}

async function dryRun(event) {
  event.preventDefault();
  const target = document.getElementById('dry-target').value;
  const [, site] = target.split('/');
  const ids = document.getElementById('dry-ids').value.split(',').map(s => s.trim()).filter(Boolean).map(Number);
  const sourceSite = otherSite(target.split('/')[0], site);
  const out = document.getElementById('dry-result');
  try {
    const plans = await api('POST', siteOps(target) + '/dry-run',
      { sourceSite, sourceWorklogIds: ids });
    showError('');
    out.textContent = JSON.stringify(plans, null, 2);
    out.hidden = false;
  } catch (e) { showError('dry run: ' + e.message); }
}

async function backfill(event) {
  event.preventDefault();
  const [name, site] = document.getElementById('backfill-outbound').value.split('/');
  const from = document.getElementById('backfill-from').value.trim();
  const to = document.getElementById('backfill-to').value.trim();
  const box = document.getElementById('backfill-progress');
  const bar = document.getElementById('backfill-bar');
  const text = document.getElementById('backfill-text');
  const base = '/api/v1/outbounds/' + encodeURIComponent(name) + '/backfill';
  try {
    const job = await api('POST', base, { site, from, to });
    showError('');
    box.hidden = false;
    box.removeAttribute('data-done');
    bar.removeAttribute('value');
    const show = j => {
      text.textContent = j.state + ': ' + j.seen + ' worklogs seen, ' + j.published
        + ' published, ' + j.skipped + ' skipped' + (j.error ? ' (' + j.error + ')' : '');
    };
    show(job);
    const poll = setInterval(async () => {
      const j = await api('GET', base + '/' + encodeURIComponent(job.id));
      show(j);
      if (j.finishedAt) {
        clearInterval(poll);
        bar.value = 100;
        box.setAttribute('data-done', 'true');
      }
    }, 1000);
  } catch (e) { showError('backfill: ' + e.message); }
}

async function replay(event) {
  event.preventDefault();
  const target = document.getElementById('replay-target').value;
  const from = document.getElementById('replay-from').value.trim();
  const verify = document.getElementById('replay-verify').checked;
  const box = document.getElementById('replay-progress');
  const bar = document.getElementById('replay-bar');
  const text = document.getElementById('replay-text');
  try {
    const started = await api('POST', siteOps(target) + '/replay', { from, verify });
    showError('');
    box.hidden = false;
    bar.value = 0;
    text.textContent = 'replay of ' + target + ' from ' + from + ' requested';
    const before = started.consumedSoFar;
    let peak = 0;
    const poll = setInterval(async () => {
      const s = (await api('GET', '/api/v1/status')).consumers[target];
      const read = s.consumed - before;
      peak = Math.max(peak, s.lag + read);
      const pct = peak === 0 ? 0 : Math.round(100 * read / peak);
      if (read > 0 && s.lag === 0) {
        clearInterval(poll);
        bar.value = 100;
        text.textContent = 'replay done: ' + read + ' records read again';
        box.setAttribute('data-done', 'true');
      } else {
        bar.value = pct;
        text.textContent = read + ' records read, ' + s.lag + ' to go';
      }
    }, 1000);
  } catch (e) { showError('replay: ' + e.message); }
}

async function replaceToken(event) {
  event.preventDefault();
  const site = document.getElementById('token-site').value;
  const apiName = document.getElementById('token-api').value;
  const input = document.getElementById('token-value');
  try {
    const r = await api('PUT', '/api/v1/sites/' + encodeURIComponent(site) + '/tokens/' + apiName,
      { token: input.value });
    showError('');
    document.getElementById('token-result').textContent = site + ' ' + apiName + ' token replaced: ' + r.state;
  } catch (e) { showError('token: ' + e.message); }
  input.value = '';
}

// ---------------------------------------------------------------- navigation

function current() {
  return (location.hash || '#overview').slice(1);
}

function route() {
  ['overview', 'find', 'stuck', 'operations'].forEach(id => {
    document.getElementById(id).hidden = id !== current();
    const a = document.getElementById('nav-' + id);
    if (id === current()) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  if (current() === 'stuck') refreshParked();
}

window.addEventListener('hashchange', route);
document.getElementById('find-form').addEventListener('submit', find);
document.getElementById('dry-form').addEventListener('submit', dryRun);
document.getElementById('replay-form').addEventListener('submit', replay);
document.getElementById('token-form').addEventListener('submit', replaceToken);
document.getElementById('pair-form').addEventListener('submit', pair);
document.getElementById('backfill-form').addEventListener('submit', backfill);
route();
refreshOverview();
setInterval(() => { if (document.visibilityState === 'visible') refreshOverview(); }, REFRESH_MS);
api('GET', '/console/session').then(s => {
  document.getElementById('operator').textContent = 'logged in as ' + s.operator;
}).catch(() => {});
