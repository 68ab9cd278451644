'use strict';
// The dashboard polls the AppHost's JSON API; nothing here needs a build step.

const history = [];            // { at: ms, archived: n|null, stored: n|null }
const historyWindowMs = 5 * 60 * 1000;
let shownLog = null;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value; else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function renderResources(resources) {
  const body = document.querySelector('#resources tbody');
  body.replaceChildren(...resources.map(resource => {
    const endpoints = el('td', { class: 'endpoints' },
      ...Object.entries(resource.endpoints).map(([name, url]) =>
        url.startsWith('http') ? el('a', { href: url, target: '_blank', title: name }, `${name}: ${url}`) : el('span', {}, `${name}: ${url}`)));
    const health = el('td', { class: 'health' }, el('span', { class: `badge ${resource.health}` }, resource.health));
    if (resource.description) health.append(el('span', { class: 'description' }, resource.description));
    const logButton = el('button', { type: 'button' }, 'log');
    logButton.addEventListener('click', () => { shownLog = resource.name; refreshLog(); });
    return el('tr', { 'data-resource': resource.name },
      el('td', { class: 'name' }, resource.name),
      el('td', { class: 'type' }, resource.type),
      el('td', { class: 'state' }, el('span', { class: `badge ${resource.state}` }, resource.state)),
      health,
      el('td', { class: 'pid' }, resource.processId ?? '–'),
      endpoints,
      el('td', {}, logButton));
  }));
  const healthy = resources.filter(r => r.health === 'Healthy').length;
  document.getElementById('summary').textContent = `${resources.length} resources, ${healthy} healthy`;
}

async function refreshLog() {
  const panel = document.getElementById('log-panel');
  if (!shownLog) { panel.hidden = true; return; }
  panel.hidden = false;
  document.getElementById('log-name').textContent = shownLog;
  const lines = await getJson(`/api/resources/${encodeURIComponent(shownLog)}/log`);
  const pre = document.getElementById('log');
  pre.textContent = lines.join('\n');
  pre.scrollTop = pre.scrollHeight;
}

function renderCounts(counts) {
  for (const box of document.querySelectorAll('.count')) {
    const reading = counts[box.dataset.count];
    box.querySelector('.value').textContent = reading && reading.value !== null ? reading.value.toLocaleString() : 'n/a';
    box.querySelector('.reason').textContent = reading && reading.value === null ? reading.reason : '';
  }
  const at = Date.parse(counts.at);
  history.push({ at, archived: counts.archived.value, stored: counts.stored.value });
  while (history.length && history[0].at < at - historyWindowMs) history.shift();
  drawThroughput(at);
}

// Rate between consecutive readings, plotted over the last five minutes.
function drawThroughput(now) {
  const rates = { archived: [], stored: [] };
  for (let i = 1; i < history.length; i++) {
    const seconds = (history[i].at - history[i - 1].at) / 1000;
    for (const key of Object.keys(rates)) {
      if (history[i][key] !== null && history[i - 1][key] !== null && seconds > 0) {
        rates[key].push({ at: history[i].at, rate: Math.max(0, (history[i][key] - history[i - 1][key]) / seconds) });
      }
    }
  }
  const max = Math.max(1, ...rates.archived.map(p => p.rate), ...rates.stored.map(p => p.rate));
  for (const key of Object.keys(rates)) {
    const points = rates[key].map(p => `${(600 * (1 - (now - p.at) / historyWindowMs)).toFixed(1)},${(115 - 110 * p.rate / max).toFixed(1)}`);
    document.getElementById(`throughput-${key}`).setAttribute('points', points.join(' '));
  }
  const last = key => rates[key].length ? rates[key][rates[key].length - 1].rate.toFixed(1) : 'n/a';
  document.getElementById('throughput-now').textContent = ` — now: ${last('archived')} / ${last('stored')} per second (scale max ${max.toFixed(1)})`;
}

async function problemText(response) {
  try { const problem = await response.json(); return `${problem.title ?? response.status}: ${problem.detail ?? ''}`; }
  catch { return `${response.status} ${response.statusText}`; }
}

document.getElementById('produce').addEventListener('submit', async event => {
  event.preventDefault();
  const count = Number(document.getElementById('produce-count').value);
  const result = document.getElementById('produce-result');
  result.textContent = `producing ${count}…`;
  const response = await fetch('/api/produce', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count }) });
  result.textContent = response.ok ? JSON.stringify(await response.json()) : await problemText(response);
});

document.getElementById('dlq-peek').addEventListener('click', async () => {
  const result = document.getElementById('dlq-result');
  const table = document.getElementById('dead-letters');
  const response = await fetch('/api/dead-letters');
  if (!response.ok) { result.textContent = await problemText(response); table.hidden = true; return; }
  const messages = await response.json();
  result.textContent = `${messages.length} dead-lettered message(s)`;
  table.hidden = false;
  table.querySelector('tbody').replaceChildren(...messages.map(message => {
    const resubmit = el('button', { type: 'button' }, 'resubmit');
    resubmit.addEventListener('click', async () => {
      const answer = await fetch('/api/dead-letters/resubmit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messageId: message.messageId }) });
      result.textContent = answer.ok ? `resubmitted ${message.messageId}` : await problemText(answer);
    });
    return el('tr', {}, el('td', {}, message.messageId), el('td', {}, message.reason ?? ''), el('td', {}, message.description ?? ''),
      el('td', {}, message.enqueuedTime ?? ''), el('td', {}, resubmit));
  }));
});

document.getElementById('log-close').addEventListener('click', () => { shownLog = null; refreshLog(); });

async function tick() {
  try { renderResources(await getJson('/api/resources')); } catch (error) { document.getElementById('summary').textContent = `AppHost not answering (${error.message})`; }
  try { if (shownLog) await refreshLog(); } catch { /* the resource's log is shown again on the next tick */ }
}

async function tickCounts() {
  try { renderCounts(await getJson('/api/counts')); } catch { /* counts are retried on the next tick */ }
}

tick(); tickCounts();
setInterval(tick, 1000);
setInterval(tickCounts, 2000);
