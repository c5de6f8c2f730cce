// The provisioning board follows the jobs: each change the service reports re-renders the rows on the server,
// at most a few times a second however many tablets are busy.
(function () {
  const rows = document.getElementById('job-rows');
  const table = document.getElementById('jobs');
  if (!rows || !window.EventSource) return;
  let pending = null;
  async function refresh() {
    pending = null;
    // The rows of the site the board shows: no site in the address is the reader's default, an empty one all sites.
    const site = new URLSearchParams(location.search).get('site');
    const response = await fetch('/provisioning?handler=Rows' + (site === null ? '' : '&site=' + encodeURIComponent(site)), { credentials: 'same-origin' });
    if (response.ok) rows.innerHTML = await response.text();
  }
  const events = new EventSource('/api/provisioning/events');
  events.addEventListener('job', function () { if (!pending) pending = setTimeout(refresh, 300); });
  events.addEventListener('open', function () { table.dataset.live = 'yes'; });
})();
