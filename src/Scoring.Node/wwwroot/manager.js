// The manager's dashboard: the funnel over a window, the model versions and the draft, what-if replays of the
// draft, and calibration suggestions. Plain DOM and inline SVG, like the feed page; every call carries the token.
(() => {
  const $ = id => document.getElementById(id);
  const tokenInput = $('token');
  tokenInput.value = localStorage.getItem('managerToken') || '';

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    children.flat().forEach(c => node.append(c instanceof Node ? c : document.createTextNode(String(c ?? ''))));
    return node;
  }

  async function api(path, options = {}) {
    const response = await fetch(path, { ...options, headers: { Authorization: 'Bearer ' + tokenInput.value, 'Content-Type': 'application/json', ...(options.headers || {}) } });
    const body = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, body };
  }

  const percent = v => v == null ? '—' : `${Math.round(v * 1000) / 10}%`;
  const number = v => v == null ? '—' : (Math.round(v * 10) / 10).toLocaleString();
  const day = d => d.toISOString().slice(0, 10);

  // Horizontal bars, one row per label; several series side by side when given (e.g. live and draft).
  function bars(rows, series = [{ key: 'value', cls: 'live' }]) {
    const max = Math.max(1, ...rows.flatMap(r => series.map(s => r[s.key] || 0)));
    const rowHeight = 14 * series.length + 6, width = 460, labelWidth = 150;
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'chart');
    svg.setAttribute('width', width);
    svg.setAttribute('height', Math.max(rowHeight, rows.length * rowHeight));
    rows.forEach((row, i) => {
      const y = i * rowHeight;
      const label = document.createElementNS(svg.namespaceURI, 'text');
      label.setAttribute('x', 0); label.setAttribute('y', y + 12); label.setAttribute('class', 'bar-label');
      label.textContent = row.label;
      svg.append(label);
      series.forEach((s, j) => {
        const value = row[s.key] || 0;
        const rect = document.createElementNS(svg.namespaceURI, 'rect');
        rect.setAttribute('x', labelWidth); rect.setAttribute('y', y + j * 14); rect.setAttribute('height', 12);
        rect.setAttribute('width', Math.max(1, (width - labelWidth - 40) * value / max)); rect.setAttribute('class', s.cls);
        const text = document.createElementNS(svg.namespaceURI, 'text');
        text.setAttribute('x', labelWidth + 4 + (width - labelWidth - 40) * value / max); text.setAttribute('y', y + j * 14 + 10);
        text.setAttribute('class', 'bar-label'); text.textContent = number(value);
        svg.append(rect, text);
      });
    });
    return svg;
  }

  const entries = obj => Object.entries(obj || {}).map(([label, value]) => ({ label, value }));

  // --- Funnel ---------------------------------------------------------------------------------------------------
  async function showFunnel() {
    const from = new Date($('from').value), to = new Date($('to').value);
    to.setUTCDate(to.getUTCDate() + 1);
    const { ok, status, body } = await api(`/api/reports/funnel?from=${from.toISOString()}&to=${to.toISOString()}`);
    const target = $('funnel-body');
    if (!ok) return target.replaceChildren(el('p', {}, `Could not load the funnel: ${status} ${body.error || ''}`));
    const kpi = (value, label) => el('div', { class: 'kpi' }, el('b', {}, value), el('span', {}, label));
    target.replaceChildren(
      el('div', { class: 'kpis' },
        kpi(number(body.mqls), 'MQLs'), kpi(percent(body.acceptanceRate), 'accepted (MQL → SAL)'), kpi(percent(body.mqlToSqlRate), 'MQL → SQL'),
        kpi(number(body.firstTouchMedianMinutes) + ' min', 'speed to lead, median'), kpi(number(body.firstTouchP90Minutes) + ' min', 'speed to lead, p90'),
        kpi(percent(body.slaAdherence), `SLA met (${body.slaMet} of ${body.slaDue})`), kpi(number(body.breaches), 'SLA breaches')),
      el('h3', {}, 'MQLs by source'), bars(entries(body.mqlsBySource)),
      el('h3', {}, 'MQLs by model version'), bars(entries(body.mqlsByModelVersion)),
      el('h3', {}, 'Rejection reasons'), bars(entries(body.rejectionReasons)),
      el('h3', {}, 'Time in stage (median hours)'), bars(Object.entries(body.timeInStage || {}).map(([label, t]) => ({ label, value: t.medianHours }))));
  }

  // --- Models and the draft ---------------------------------------------------------------------------------------
  let liveVersion = null;

  async function showModels() {
    const { ok, status, body } = await api('/api/models');
    if (!ok) { $('status').textContent = `refused: ${status} ${body.error || ''}`; $('status').className = 'status offline'; return false; }
    $('status').textContent = 'signed in'; $('status').className = 'status online';
    liveVersion = body.live;
    $('versions').replaceChildren(
      el('tr', {}, ['Version', 'Description', 'Scores from', 'Published by', ''].map(h => el('th', {}, h))),
      ...body.versions.map(v => el('tr', { class: v.live ? 'live' : '' },
        el('td', {}, v.version), el('td', {}, v.description || ''), el('td', {}, v.effectiveFrom ? new Date(v.effectiveFrom).toLocaleString() : 'the start'),
        el('td', {}, v.publishedBy), el('td', {}, v.live ? 'live' : ''))));
    $('draft-status').textContent = body.draft ? `Draft ${body.draft.version}, saved by ${body.draft.savedBy} ${new Date(body.draft.savedAt).toLocaleString()}` : 'No draft.';
    return true;
  }

  async function loadDraft() {
    const { ok, body } = await api('/api/models/draft');
    if (ok) $('draft').value = JSON.stringify(body.definition, null, 2);
  }

  function showErrors(errors) {
    $('errors').replaceChildren(...(errors || []).map(e => el('li', {}, e)));
  }

  async function saveDraft() {
    const { ok, body } = await api('/api/models/draft', { method: 'PUT', body: $('draft').value });
    showErrors(ok ? [] : [body.error, ...(body.errors || [])].filter(Boolean));
    if (ok) await showModels();
    return ok;
  }

  async function publish() {
    const { ok, body } = await api('/api/models/draft/publish', { method: 'POST' });
    showErrors(ok ? [] : body.errors || [body.error]);
    if (ok) $('draft-status').textContent = `Published ${body.version}; it scores from ${new Date(body.effectiveFrom).toLocaleString()}.`;
    await showModels();
  }

  // --- What-if ------------------------------------------------------------------------------------------------------
  async function runWhatIf() {
    const from = new Date($('whatif-from').value), to = new Date($('whatif-to').value);
    to.setUTCDate(to.getUTCDate() + 1);
    const target = $('whatif-body');
    const started = await api('/api/models/draft/whatif', { method: 'POST', body: JSON.stringify({ from, to }) });
    if (!started.ok) return target.replaceChildren(el('p', { class: 'errors' }, started.body.error));
    let job = started.body;
    while (job.status === 'running') {
      target.replaceChildren(el('p', { id: 'whatif-progress' }, `Replaying… ${job.percent}% of the history · ${job.eventsReplayed.toLocaleString()} events` +
        (job.etaSeconds != null ? ` · about ${Math.ceil(job.etaSeconds)} s left` : ''), ' ', cancelButton(job.id)));
      await new Promise(r => setTimeout(r, 400)); // a progress poll, not a synchronisation
      job = (await api(`/api/models/whatif/${job.id}`)).body;
    }
    if (job.status !== 'done') return target.replaceChildren(el('p', {}, `What-if ${job.status}${job.error ? ': ' + job.error : ''}`));
    const { report, reproduced, raisedLive, notReproduced } = job.result;
    const days = [...new Set([...Object.keys(report.live.byDay), ...Object.keys(report.draft.byDay)])].sort();
    const leadList = (title, leads, cls) => [el('h3', { class: cls }, `${title} (${leads.length})`),
      el('table', { class: cls }, leads.map(l => el('tr', { 'data-lead': l.leadId },
        el('td', {}, l.email || l.leadId), el('td', {}, l.reasonsIfQualified.join('; ')), el('td', {}, l.reasonsOtherwise.join('; ') || '—'))))];
    target.replaceChildren(
      el('p', {}, `${job.eventsReplayed.toLocaleString()} events replayed in ${job.elapsedSeconds} s. `,
        reproduced ? `The live versions' replay gives exactly the ${raisedLive} MQLs raised live.` : `The live replay differs from what was raised live: ${notReproduced.join(', ')}`),
      el('table', { id: 'whatif-summary' },
        el('tr', {}, ['', 'MQLs', 'precision', 'recall'].map(h => el('th', {}, h))),
        [report.live, report.draft].map((v, i) => el('tr', {}, el('td', {}, `${i ? 'draft' : 'live'} ${v.version}`), el('td', {}, v.mqls),
          el('td', {}, percent(v.precision)), el('td', {}, percent(v.recall))))),
      el('h3', {}, 'MQLs by day'), el('div', { class: 'legend' }, el('span', { style: 'background:#3b6fd6' }), 'live', el('span', { style: 'background:#d6a23b' }), 'draft'),
      bars(days.map(d => ({ label: d, live: report.live.byDay[d] || 0, draft: report.draft.byDay[d] || 0 })), [{ key: 'live', cls: 'live' }, { key: 'draft', cls: 'draft' }]),
      ...leadList('Would newly qualify', report.gained, 'gained'),
      ...leadList('Would no longer qualify', report.lost, 'lost'),
      el('h3', {}, 'What made the difference'),
      el('table', { id: 'whatif-rules' }, report.rules.map(r => el('tr', {}, el('td', {}, r.rule), el('td', {}, r.change),
        el('td', {}, `+${r.gainedLeads} / −${r.lostLeads}`)))));
  }

  function cancelButton(id) {
    const b = el('button', { type: 'button' }, 'Cancel');
    b.addEventListener('click', () => api(`/api/models/whatif/${id}`, { method: 'DELETE' }));
    return b;
  }

  // --- Calibration --------------------------------------------------------------------------------------------------
  async function showCalibration() {
    const { ok, status, body } = await api('/api/models/calibration');
    const target = $('calibration-body');
    if (!ok) return target.replaceChildren(el('p', {}, `Could not load suggestions: ${status}`));
    if (body.note) return target.replaceChildren(el('p', { class: 'empty' }, body.note));
    target.replaceChildren(
      el('p', {}, `From ${body.leadsWithOutcomes} leads with outcomes (${body.positives} good, ${body.negatives} rejected or lost), on ${body.basedOn}.`),
      el('table', { id: 'suggestions' },
        el('tr', {}, ['Rule', 'Good', 'Bad', 'Rejection reasons', 'Points', 'Suggested', 'Why'].map(h => el('th', {}, h))),
        body.rules.map(r => el('tr', { 'data-rule': r.rule }, el('td', {}, r.label), el('td', {}, r.positives), el('td', {}, r.negatives),
          el('td', {}, Object.entries(r.rejectionReasons).map(([k, v]) => `${k} ${v}`).join(', ') || '—'),
          el('td', {}, r.points), el('td', {}, r.suggestedPoints), el('td', {}, r.why)))),
      body.threshold ? el('p', {}, `Intent threshold ${body.threshold.enter} → ${body.threshold.suggestedEnter}: ${body.threshold.why}`) : '');
  }

  async function loadSuggestion() {
    const { ok, body } = await api('/api/models/calibration/draft', { method: 'POST' });
    showErrors(ok ? [] : [body.error]);
    if (ok) { await loadDraft(); await showModels(); }
  }

  async function startFromLive() {
    const { ok, body } = await api(`/api/models/${encodeURIComponent(liveVersion)}`);
    if (ok) $('draft').value = JSON.stringify({ ...body.definition, version: body.definition.version + '-draft' }, null, 2);
  }

  async function signIn() {
    localStorage.setItem('managerToken', tokenInput.value);
    if (!await showModels()) return;
    await Promise.all([showFunnel(), showCalibration(), loadDraft()]);
  }

  const today = new Date(), monthAgo = new Date(Date.now() - 30 * 864e5);
  $('from').value = $('whatif-from').value = day(monthAgo);
  $('to').value = $('whatif-to').value = day(today);
  $('login').addEventListener('submit', e => { e.preventDefault(); signIn(); });
  $('window').addEventListener('submit', e => { e.preventDefault(); showFunnel(); });
  $('save').addEventListener('click', saveDraft);
  $('publish').addEventListener('click', publish);
  $('whatif').addEventListener('click', async () => { if (await saveDraft()) await runWhatIf(); });
  $('calibrate').addEventListener('click', loadSuggestion);
  $('edit-live').addEventListener('click', startFromLive);
  if (tokenInput.value) signIn();
})();
