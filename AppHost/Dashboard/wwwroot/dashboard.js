'use strict';
// The dashboard polls the AppHost's JSON API; nothing here needs a build step.

const history = [];            // { at: ms, sent: n|null, archived: n|null, stored: n|null }
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
  history.push({ at, sent: counts.sent.value, archived: counts.archived.value, stored: counts.stored.value });
  while (history.length && history[0].at < at - historyWindowMs) history.shift();
  drawThroughput(at);
}

// Rate between consecutive readings, plotted over the last five minutes. A count that went down (a producer restarted
// and counts from zero again) gives no point rather than a negative rate.
function drawThroughput(now) {
  const rates = { sent: [], archived: [], stored: [] };
  for (let i = 1; i < history.length; i++) {
    const seconds = (history[i].at - history[i - 1].at) / 1000;
    for (const key of Object.keys(rates)) {
      if (history[i][key] !== null && history[i - 1][key] !== null && history[i][key] >= history[i - 1][key] && seconds > 0) {
        rates[key].push({ at: history[i].at, rate: (history[i][key] - history[i - 1][key]) / seconds });
      }
    }
  }
  const max = Math.max(1, ...Object.values(rates).flat().map(p => p.rate));
  for (const key of Object.keys(rates)) {
    const points = rates[key].map(p => `${(600 * (1 - (now - p.at) / historyWindowMs)).toFixed(1)},${(115 - 110 * p.rate / max).toFixed(1)}`);
    document.getElementById(`throughput-${key}`).setAttribute('points', points.join(' '));
  }
  const last = key => rates[key].length ? rates[key][rates[key].length - 1].rate.toFixed(1) : 'n/a';
  document.getElementById('throughput-now').textContent = ` — now: ${last('sent')} / ${last('archived')} / ${last('stored')} per second (scale max ${max.toFixed(1)})`;
}

async function problemText(response) {
  const text = await response.text();
  try { const problem = JSON.parse(text); return `${response.status} ${problem.title ?? response.statusText}: ${problem.detail ?? ''}`; }
  catch { return `${response.status} ${response.statusText}: ${text}`; }
}

// status: 'pending', 'ok' or 'failed' (data-status, which the end-to-end test waits on).
function showResult(element, status, text) {
  element.textContent = text;
  element.className = status === 'failed' ? 'error' : 'muted';
  element.dataset.status = status;
}

// Network failures (the AppHost gone) are shown like refusals, never swallowed.
async function post(url, body) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

document.getElementById('produce').addEventListener('submit', async event => {
  event.preventDefault();
  const count = Number(document.getElementById('produce-count').value);
  const result = document.getElementById('produce-result');
  showResult(result, 'pending', `producing ${count}…`);
  try {
    const response = await post('/api/produce', { count });
    if (!response.ok) { showResult(result, 'failed', await problemText(response)); return; }
    const summary = await response.json();
    showResult(result, 'ok', `sent: ${JSON.stringify(summary)}`);
  } catch (error) { showResult(result, 'failed', `the dashboard did not answer: ${error.message}`); }
});

async function peekDeadLetters() {
  const result = document.getElementById('dlq-result');
  const table = document.getElementById('dead-letters');
  let messages;
  try {
    const response = await fetch('/api/dead-letters?max=50', { cache: 'no-store' });
    if (!response.ok) { showResult(result, 'failed', await problemText(response)); table.hidden = true; return; }
    messages = await response.json();
  } catch (error) { showResult(result, 'failed', `the dashboard did not answer: ${error.message}`); table.hidden = true; return; }
  showResult(result, 'ok', `${messages.length} dead-lettered message(s) (first 50 peeked)`);
  table.hidden = false;
  table.querySelector('tbody').replaceChildren(...messages.map(message => {
    const resubmit = el('button', { type: 'button', class: 'resubmit' }, 'Resubmit');
    resubmit.addEventListener('click', async () => {
      const outcome = document.getElementById('dlq-action');
      resubmit.disabled = true;
      showResult(outcome, 'pending', `resubmitting #${message.sequenceNumber}…`);
      try {
        const answer = await post('/api/dead-letters/resubmit', { sequenceNumber: message.sequenceNumber });
        if (answer.ok) {
          const done = await answer.json();
          showResult(outcome, 'ok', `resubmitted ${done.messageId} (dead letter #${done.deadLetterSequenceNumber}) to ${done.queue} as ${done.newMessageId}`);
        } else {
          showResult(outcome, 'failed', await problemText(answer));
        }
      } catch (error) { showResult(outcome, 'failed', `the dashboard did not answer: ${error.message}`) }
      resubmit.disabled = false;
    });
    return el('tr', { 'data-sequence-number': message.sequenceNumber, 'data-message-id': message.messageId ?? '' },
      el('td', { class: 'sequence' }, message.sequenceNumber),
      el('td', { class: 'message-id' }, message.messageId ?? '', message.resubmittedFrom ? el('span', { class: 'description' }, `resubmitted from ${message.resubmittedFrom}`) : ''),
      el('td', { class: 'event-type' }, message.eventType ?? ''),
      el('td', { class: 'reason' }, message.reason ?? ''),
      el('td', { class: 'description' }, message.description ?? ''),
      el('td', { class: 'enqueued' }, message.enqueuedTime ?? ''),
      el('td', {}, el('details', {}, el('summary', {}, 'body'), el('pre', {}, message.body ?? ''))),
      el('td', {}, resubmit));
  }));
}

document.getElementById('dlq-peek').addEventListener('click', peekDeadLetters);

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
