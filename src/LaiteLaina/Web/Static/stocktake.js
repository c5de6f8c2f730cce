// A stocktake page follows its scanner: each code the scanner reads is said in the status line, in the reader's
// language as the service wrote it, and the lists are fetched again as HTML rendered by the server.
(function () {
  const status = document.getElementById('scan-status');
  const findings = document.getElementById('findings');
  if (!status || !findings || !window.EventSource) return;
  const reference = status.dataset.stocktake;
  async function refresh() {
    const response = await fetch(location.pathname + '?handler=Findings', { credentials: 'same-origin' });
    if (response.ok) findings.innerHTML = await response.text();
  }
  const events = new EventSource('/api/scans/stream');
  const onEvent = function (e) {
    let data;
    try { data = JSON.parse(e.data); } catch { return; }
    if (data.stocktake !== reference) return;
    if (data.message) status.textContent = data.message;
    status.dataset.kind = e.type;
    refresh();
  };
  ['stocktake-found', 'stocktake-repeat', 'stocktake-unknown', 'stocktake-other-code', 'stocktake-misplaced', 'stocktake-refused']
    .forEach(function (type) { events.addEventListener(type, onEvent); });
  events.addEventListener('open', function () { status.dataset.live = 'yes'; });
})();
