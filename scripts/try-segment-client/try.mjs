// A new user's trial of a cluster with the official Segment Node.js client:
//   node try.mjs --nodes http://127.0.0.1:5081,http://127.0.0.1:5082,http://127.0.0.1:5083 [--leads 300] [--kill "../cluster.sh kill 2"]
// Each lead identifies with a fit profile and views three pages; every third one requests a demo (an MQL). Half-way,
// --kill runs (SIGKILL a node): the client's requests then fail over to the other nodes, as a tracking client behind a
// load balancer would. At the end every lead must hold exactly the events sent for it, and the pod's manager must have
// received each qualifying lead's MQL alert exactly once.
import { Analytics } from '@segment/analytics-node';
import * as signalR from '@microsoft/signalr';
import { execSync } from 'node:child_process';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => (i % 2 === 0 ? [...pairs, [arg.replace(/^--/, ''), all[i + 1]]] : pairs), []));
const nodes = (args.nodes ?? 'http://127.0.0.1:5081,http://127.0.0.1:5082,http://127.0.0.1:5083').split(',');
const leads = Number(args.leads ?? 300);
const writeKey = args.writeKey ?? 'dev-write-key';
const managerToken = args.token ?? 'dev-manager-token';
const run = Math.random().toString(36).slice(2, 8);
const down = new Set();

// The client's HTTP: the same request to the next node that answers when one is unreachable or answers 5xx.
let next = 0;
async function failoverFetch(url, init) {
  const path = new URL(url).pathname;
  for (let attempt = 0; attempt < nodes.length * 3; attempt++) {
    const node = nodes[next++ % nodes.length];
    if (down.has(node)) continue;
    try {
      const response = await fetch(node + path, { ...init, signal: AbortSignal.timeout(10_000) });
      if (response.status < 500) return response;
    } catch {
      down.add(node);
      console.log(`client: ${node} unreachable, sending to the others`);
    }
  }
  return new Response('no node answered', { status: 503 });
}

const analytics = new Analytics({ writeKey, host: nodes[0], path: '/v1/batch', maxEventsInBatch: 50, flushInterval: 200, maxRetries: 10, httpClient: failoverFetch });
analytics.on('error', (e) => console.error('client error:', e.message ?? e));

const received = new Map();
const feed = new signalR.HubConnectionBuilder().withUrl(nodes[0] + '/hubs/feed', { accessTokenFactory: () => managerToken }).build();
feed.on('mql', (alert) => { if (alert.leadId.startsWith(`try-${run}-`)) received.set(alert.leadId, (received.get(alert.leadId) ?? 0) + 1); });
for (const method of ['assignment', 'unassigned', 'escalation', 'mqa', 'mqa-exit']) feed.on(method, () => {});
await feed.start();

const sent = new Map();
const qualifying = new Set();
const t0 = Date.now();
for (let i = 0; i < leads; i++) {
  const userId = `try-${run}-${i}`;
  const at = (s) => new Date(t0 + i * 10 + s * 1000);
  analytics.identify({ userId, timestamp: at(0), traits: { email: `${userId}@northwind${i % 40}.io`, title: 'VP of Sales', company: { name: `Northwind ${i % 40}`, employee_count: 800 } } });
  for (const [s, path] of [[1, '/pricing'], [2, '/product/routing'], [3, '/customers/acme']]) analytics.page({ userId, timestamp: at(s), name: path, properties: { path, url: `https://www.example.com${path}` } });
  let count = 4;
  if (i % 3 === 0) { analytics.track({ userId, timestamp: at(4), event: 'Demo Requested' }); count++; qualifying.add(userId); }
  sent.set(userId, count);
  if (i === Math.floor(leads / 2) && args.kill) {
    await new Promise((r) => setTimeout(r, 500));
    console.log(`killing mid-stream: ${args.kill}`);
    execSync(args.kill, { stdio: 'inherit' });
  }
  if (i % 20 === 0) await new Promise((r) => setTimeout(r, 50)); // a site's traffic, not one burst
}
await analytics.closeAndFlush({ timeout: 60_000 });
console.log(`sent ${[...sent.values()].reduce((a, b) => a + b, 0)} events for ${leads} leads in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const survivor = () => nodes.find((n) => !down.has(n));
async function lead(userId) {
  const response = await fetch(`${survivor()}/api/leads/${userId}`, { headers: { Authorization: `Bearer ${managerToken}` } }).catch(() => null);
  return response?.ok ? await response.json() : null;
}
// Every MQL episode of a lead is one alert (the alert id is lead:<id>:mql:<n>); demo requesters qualify at once.
const deadline = Date.now() + 120_000;
let wrong = [], mqls = new Map();
do {
  wrong = [];
  for (const [userId, count] of sent) {
    const state = await lead(userId);
    if (state?.eventsApplied !== count) wrong.push(`${userId}: ${state?.eventsApplied ?? 'unreadable'} of ${count}`);
    else mqls.set(userId, state.mqlCount);
  }
  const alertsDue = [...mqls].every(([id, n]) => (received.get(id) ?? 0) >= n);
  if (wrong.length === 0 && alertsDue) break;
  await new Promise((r) => setTimeout(r, 1000));
} while (Date.now() < deadline);
await new Promise((r) => setTimeout(r, 3000)); // a repeat would come now if at all

const qualified = [...mqls].filter(([, n]) => n > 0);
const notAlerted = qualified.filter(([id, n]) => (received.get(id) ?? 0) < n).map(([id]) => id);
const repeated = qualified.filter(([id, n]) => (received.get(id) ?? 0) > n).map(([id]) => id);
const unexpected = [...received.keys()].filter((id) => !(mqls.get(id) > 0));
const demoNotQualified = [...qualifying].filter((id) => !(mqls.get(id) > 0));
console.log(`leads holding exactly the events sent: ${leads - wrong.length}/${leads}${wrong.length ? ' (e.g. ' + wrong.slice(0, 3).join(', ') + ')' : ''}`);
console.log(`qualified leads: ${qualified.length} (${qualifying.size} requested a demo; ${demoNotQualified.length} of them did not qualify); ` +
  `alerted exactly once per MQL: ${qualified.length - notAlerted.length - repeated.length}; not alerted ${notAlerted.length}, repeated ${repeated.length}, unexpected ${unexpected.length}`);
await feed.stop();
process.exit(wrong.length + notAlerted.length + repeated.length + unexpected.length + demoNotQualified.length === 0 ? 0 : 1);
