// The rep's live feed: the official @microsoft/signalr browser client (served from npm's node_modules by the node).
(() => {
  const feed = document.getElementById('feed');
  const statusEl = document.getElementById('status');
  const tokenInput = document.getElementById('token');
  const seen = new Set();
  let lastAlertId = localStorage.getItem('lastAlertId');
  let connection = null;

  tokenInput.value = localStorage.getItem('repToken') || '';

  function setStatus(text, cls) { statusEl.textContent = text; statusEl.className = 'status ' + cls; }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    children.flat().forEach(c => node.append(c instanceof Node ? c : document.createTextNode(String(c ?? ''))));
    return node;
  }

  function showMql(alert) {
    if (seen.has(alert.alertId)) return; // exactly once on screen, whatever the wire did
    seen.add(alert.alertId);
    lastAlertId = alert.alertId;
    localStorage.setItem('lastAlertId', lastAlertId);
    document.getElementById('empty').hidden = true;
    const who = [alert.email || alert.leadId, alert.title, alert.company].filter(Boolean).join(' · ');
    const card = el('li', { class: 'card fresh' + (alert.handRaiser ? ' hand-raiser' : ''), 'data-lead': alert.leadId },
      el('h2', {}, who, alert.handRaiser ? el('span', { class: 'badge' }, 'hand-raiser') : ''),
      el('div', { class: 'scores' },
        el('span', {}, `Fit ${alert.fitGrade} (${Math.round(alert.fitScore)})`),
        el('span', {}, `Intent ${alert.intentScore.toFixed(1)}`)),
      el('ul', {}, alert.reasons.map(r => el('li', {}, r))),
      el('div', { class: 'meta' },
        `Qualified ${new Date(alert.qualifiedAt).toLocaleTimeString()} · source ${alert.source || 'direct'} · model ${alert.modelVersion}`));
    card.addEventListener('click', () => openLead(alert.leadId));
    feed.prepend(card);
  }

  async function openLead(leadId) {
    const response = await fetch(`/api/leads/${encodeURIComponent(leadId)}?limit=50`,
      { headers: { Authorization: 'Bearer ' + tokenInput.value } });
    const body = document.getElementById('detail-body');
    body.replaceChildren();
    if (!response.ok) { body.append(el('p', {}, `Could not load lead: ${response.status}`)); }
    else {
      const lead = await response.json();
      body.append(
        el('h2', {}, lead.email || lead.userId),
        el('p', {}, `Stage ${lead.stage} · fit ${lead.fitGrade} (${lead.fitScore}) · intent ${lead.intentScore} (now ${lead.intentNow}) · account ${lead.accountKey || '—'}`),
        el('h3', {}, 'Why'), el('ul', {}, lead.reasons.map(r => el('li', {}, r))),
        el('h3', {}, 'Score ledger (newest first)'),
        el('table', {}, el('tr', {}, ['When', 'Rule', 'Points', 'Rule total', 'Note'].map(h => el('th', {}, h))),
          lead.ledger.entries.map(({ entry }) => el('tr', {},
            el('td', {}, new Date(entry.at).toLocaleString()), el('td', {}, entry.label),
            el('td', {}, entry.points), el('td', {}, entry.ruleValue), el('td', {}, entry.note || '')))));
    }
    document.getElementById('detail').hidden = false;
  }

  async function connect(token) {
    if (connection) await connection.stop();
    const query = lastAlertId ? `?lastAlertId=${encodeURIComponent(lastAlertId)}` : '';
    connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/feed' + query, { accessTokenFactory: () => token })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(10000, 500 * (ctx.previousRetryCount + 1)) })
      .build();
    connection.on('mql', showMql);
    connection.onreconnecting(() => setStatus('reconnecting…', 'connecting'));
    connection.onreconnected(async () => {
      setStatus('live', 'online');
      if (lastAlertId) await connection.invoke('CatchUp', lastAlertId); // what arrived while we were away, once
    });
    connection.onclose(() => setStatus('offline', 'offline'));
    setStatus('connecting…', 'connecting');
    try { await connection.start(); setStatus('live', 'online'); }
    catch (e) { setStatus('refused: ' + (e.message || e), 'offline'); }
  }

  document.getElementById('login').addEventListener('submit', e => {
    e.preventDefault();
    localStorage.setItem('repToken', tokenInput.value);
    connect(tokenInput.value);
  });
  document.getElementById('close').addEventListener('click', () => { document.getElementById('detail').hidden = true; });
  if (tokenInput.value) connect(tokenInput.value);
})();
