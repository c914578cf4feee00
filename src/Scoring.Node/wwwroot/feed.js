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

  function remember(alertId) {
    if (seen.has(alertId)) return false; // exactly once on screen, whatever the wire did
    seen.add(alertId);
    lastAlertId = alertId;
    localStorage.setItem('lastAlertId', lastAlertId);
    return true;
  }

  // Who has the lead and how long is left for the first touch; the countdown ticks below.
  function assignmentLine(a) {
    if (!a) return el('div', { class: 'assignment' }, 'Not assigned yet');
    const who = a.rep ? `Assigned to ${a.repName || a.rep}` : 'Unassigned: no rep available';
    const moved = a.previousRep ? ` (reassigned from ${a.previousRep})` : '';
    const line = el('div', { class: 'assignment' }, `${who}${moved} · ${a.priority} · ${a.reason}`);
    if (a.slaDueAt) line.append(' · ', el('span', { class: 'countdown', 'data-due': a.slaDueAt }, ''));
    if (a.duplicateOf) line.append(` · duplicate of ${a.duplicateOf}`);
    return line;
  }

  function tick() {
    document.querySelectorAll('.countdown[data-due]').forEach(span => {
      const left = Math.round((new Date(span.dataset.due) - Date.now()) / 1000);
      const abs = Math.abs(left);
      const text = `${Math.floor(abs / 3600) ? Math.floor(abs / 3600) + 'h ' : ''}${Math.floor(abs % 3600 / 60)}m ${abs % 60}s`;
      span.textContent = left >= 0 ? `first touch due in ${text}` : `first touch overdue by ${text}`;
      span.className = 'countdown' + (left < 0 ? ' overdue' : left < 300 ? ' soon' : '');
    });
  }
  setInterval(tick, 1000);

  function actions(alert) {
    const bar = el('div', { class: 'actions' });
    const run = async (method, ...args) => {
      const answer = await connection.invoke(method, alert.leadId, ...args);
      bar.querySelector('.result').textContent = answer.applied ? `→ ${answer.stage}` : `${answer.status}: ${answer.error}`;
      const countdown = bar.closest('.card')?.querySelector('.countdown');
      if (answer.applied && method === 'Touch' && countdown) {
        countdown.removeAttribute('data-due');
        countdown.textContent = 'first touch logged';
        countdown.className = 'countdown done';
      }
    };
    const reason = el('select', {}, ['wrong_profile', 'too_early', 'no_response', 'not_in_market', 'duplicate'].map(r => el('option', { value: r }, r)));
    const button = (label, onClick) => { const b = el('button', { type: 'button' }, label); b.addEventListener('click', e => { e.stopPropagation(); onClick(); }); return b; };
    reason.addEventListener('click', e => e.stopPropagation());
    bar.append(button('Accept', () => run('Accept')), button('Log call', () => run('Touch', 'call')),
      button('Log email', () => run('Touch', 'email')), reason, button('Reject', () => run('Reject', reason.value)), el('span', { class: 'result' }));
    return bar;
  }

  function showMql(alert) {
    if (!remember(alert.alertId)) return;
    document.querySelector(`.card[data-lead="${CSS.escape(alert.leadId)}"]`)?.remove();
    document.getElementById('empty').hidden = true;
    const who = [alert.email || alert.leadId, alert.title, alert.company].filter(Boolean).join(' · ');
    const card = el('li', { class: 'card fresh' + (alert.handRaiser ? ' hand-raiser' : ''), 'data-lead': alert.leadId },
      el('h2', {}, who, alert.handRaiser ? el('span', { class: 'badge' }, 'hand-raiser') : ''),
      el('div', { class: 'scores' },
        el('span', {}, `Fit ${alert.fitGrade} (${Math.round(alert.fitScore)})`),
        el('span', {}, `Intent ${alert.intentScore.toFixed(1)}`)),
      el('ul', {}, alert.reasons.map(r => el('li', {}, r))),
      el('div', { class: 'meta' },
        `Qualified ${new Date(alert.qualifiedAt).toLocaleTimeString()} · source ${alert.source || 'direct'} · model ${alert.modelVersion}`),
      assignmentLine(alert.assignment),
      actions(alert));
    card.addEventListener('click', () => openLead(alert.leadId));
    feed.prepend(card);
    tick();
  }

  // The lead went to another rep after a missed deadline: it leaves this rep's feed.
  function showUnassigned(alert) {
    if (!remember(alert.alertId)) return;
    const card = document.querySelector(`.card[data-lead="${CSS.escape(alert.leadId)}"]`);
    if (!card) return;
    card.classList.add('gone');
    card.querySelector('.assignment').replaceChildren(`Reassigned to ${alert.newRep || 'another rep'}: ${alert.reason}`);
    card.querySelector('.actions')?.remove();
  }

  // Managers: a lead is still untouched after reassignment.
  function showEscalation(alert) {
    if (!remember(alert.alertId)) return;
    document.getElementById('empty').hidden = true;
    feed.prepend(el('li', { class: 'card escalation fresh' },
      el('h2', {}, `Escalation: ${alert.mql.email || alert.leadId}`, el('span', { class: 'badge' }, `level ${alert.level}`)),
      el('div', { class: 'meta' }, `${alert.reason} · with ${alert.rep}`)));
  }

  // An account qualified (MQA): the buying committee as it stands, who covers which persona, what is missing.
  function showMqa(alert) {
    if (!remember(alert.alertId)) return;
    document.querySelector(`.card[data-account="${CSS.escape(alert.accountKey)}"]`)?.remove();
    document.getElementById('empty').hidden = true;
    const owner = alert.owner ? `For ${alert.owner} (${alert.ownerReason})` : `For the ${alert.pod} pod: ${alert.ownerReason}`;
    const card = el('li', { class: 'card account fresh', 'data-account': alert.accountKey },
      el('h2', {}, `${alert.company || alert.accountKey}`, el('span', { class: 'badge account' }, 'MQA')),
      el('div', { class: 'scores' },
        el('span', {}, `Account fit ${alert.fitGrade} (${Math.round(alert.fitScore)})`),
        el('span', {}, `Account intent ${alert.intentScore.toFixed(1)}`)),
      el('ul', {}, alert.reasons.map(r => el('li', {}, r))),
      el('table', { class: 'committee' },
        el('tr', {}, ['Who', 'Persona', 'Fit', 'Intent', 'Stage', 'Lately'].map(h => el('th', {}, h))),
        alert.committee.map(m => el('tr', { class: m.engaged ? 'engaged' : '' },
          el('td', {}, [m.email || m.leadId, m.title].filter(Boolean).join(' · ')), el('td', {}, m.personaLabel || '—'),
          el('td', {}, `${m.fitGrade} (${Math.round(m.fitScore)})`), el('td', {}, m.intentScore.toFixed(1)), el('td', {}, m.stage),
          el('td', {}, m.recent.map(a => `${a.label} ${a.count}x`).join(', '))))),
      el('div', { class: 'meta' }, `Missing: ${alert.missingPersonas.join(', ') || 'nobody'} · qualified ${new Date(alert.qualifiedAt).toLocaleTimeString()} · model ${alert.modelVersion}`),
      el('div', { class: 'assignment' }, owner));
    card.addEventListener('click', () => openAccount(alert.accountKey));
    feed.prepend(card);
  }

  function showMqaExit(alert) {
    if (!remember(alert.alertId)) return;
    const card = document.querySelector(`.card[data-account="${CSS.escape(alert.accountKey)}"]`);
    if (!card) return;
    card.classList.add('gone');
    card.querySelector('.assignment').replaceChildren(`Cooled ${new Date(alert.at).toLocaleString()}: ${alert.reason}`);
  }

  // The side panel: fetch with the rep's token, then draw what came back (or why nothing did).
  async function showDetail(what, url, render) {
    const response = await fetch(url, { headers: { Authorization: 'Bearer ' + tokenInput.value } });
    const body = document.getElementById('detail-body');
    body.replaceChildren();
    if (!response.ok) body.append(el('p', {}, `Could not load ${what}: ${response.status}`));
    else body.append(...render(await response.json()));
    document.getElementById('detail').hidden = false;
  }

  function link(text, open) {
    const a = el('a', { href: '#' }, text);
    a.addEventListener('click', e => { e.preventDefault(); open(text); });
    return a;
  }

  function openAccount(accountKey) {
    return showDetail('account', `/api/accounts/${encodeURIComponent(accountKey)}?limit=50`, a => [
      el('h2', {}, a.company.name || a.key),
      el('p', {}, `${a.qualified ? 'MQA' : 'Not qualified'} · account fit ${a.fitGrade} (${a.fitScore}) · intent ${a.intentScore} (now ${a.intentNow}) · ${a.key}`),
      el('h3', {}, 'Why'), el('ul', {}, a.reasons.map(r => el('li', {}, r))),
      el('h3', {}, 'Buying committee'),
      el('table', {}, el('tr', {}, ['Who', 'Persona', 'Fit', 'Intent now', 'Weight', 'Stage'].map(h => el('th', {}, h))),
        a.members.map(m => el('tr', {}, el('td', {}, link(m.leadId, openLead), m.title ? ` · ${m.title}` : ''), el('td', {}, m.personaLabel || '—'),
          el('td', {}, `${m.fitGrade} (${m.fitScore})`), el('td', {}, m.intentNow), el('td', {}, m.weight), el('td', {}, m.stage)))),
      el('p', {}, `Engaged: ${a.coverage.map(c => c.label).join(', ') || 'nobody yet'} · missing: ${a.missingPersonas.map(p => p.label).join(', ') || 'nobody'}`),
      el('h3', {}, 'Timeline (newest first)'),
      el('table', {}, a.timeline.entries.map(({ entry }) => el('tr', {},
        el('td', {}, new Date(entry.at).toLocaleString()), el('td', {}, entry.kind), el('td', {}, entry.detail))))]);
  }

  function openLead(leadId) {
    return showDetail('lead', `/api/leads/${encodeURIComponent(leadId)}?limit=50`, lead => [
      el('h2', {}, lead.email || lead.userId),
      el('p', {}, `Stage ${lead.stage} · fit ${lead.fitGrade} (${lead.fitScore}) · intent ${lead.intentScore} (now ${lead.intentNow}) · account `,
        lead.accountKey ? link(lead.accountKey, openAccount) : '—'),
      el('h3', {}, 'Why'), el('ul', {}, lead.reasons.map(r => el('li', {}, r))),
      el('h3', {}, 'Score ledger (newest first)'),
      el('table', {}, el('tr', {}, ['When', 'Rule', 'Points', 'Rule total', 'Note'].map(h => el('th', {}, h))),
        lead.ledger.entries.map(({ entry }) => el('tr', {},
          el('td', {}, new Date(entry.at).toLocaleString()), el('td', {}, entry.label),
          el('td', {}, entry.points), el('td', {}, entry.ruleValue), el('td', {}, entry.note || ''))))]);
  }

  async function connect(token) {
    if (connection) await connection.stop();
    const query = lastAlertId ? `?lastAlertId=${encodeURIComponent(lastAlertId)}` : '';
    connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/feed' + query, { accessTokenFactory: () => token })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(10000, 500 * (ctx.previousRetryCount + 1)) })
      .build();
    connection.on('mql', showMql);
    connection.on('assignment', showMql);
    connection.on('unassigned', showUnassigned);
    connection.on('escalation', showEscalation);
    connection.on('mqa', showMqa);
    connection.on('mqa-exit', showMqaExit);
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
