// The desk follows the serial scanner: each scan the service reports is shown here without a reload.
// Only the device card is fetched, as HTML rendered by the server with the viewer's rights.
// A keyboard-wedge scanner types into whatever has the focus and presses Enter: the look-up box keeps the focus and
// its text is selected after every look-up, so the next scan replaces the last one instead of being typed in front of it.
(function () {
  const card = document.getElementById('card');
  const status = document.getElementById('scan-status');
  const input = document.getElementById('tag');
  function ready() {
    if (!input) return;
    input.focus();
    input.select();
  }
  ready();
  if (!card || !window.EventSource) return;
  async function show(tag) {
    const response = await fetch('/?handler=Card&tag=' + encodeURIComponent(tag), { credentials: 'same-origin' });
    if (response.ok) {
      card.innerHTML = await response.text();
      history.replaceState(null, '', '/?tag=' + encodeURIComponent(tag));
    }
    ready();
  }
  const events = new EventSource('/api/scans/stream');
  const onEvent = function (e) {
    let data;
    try { data = JSON.parse(e.data); } catch { return; }
    if (data.message) status.textContent = data.message;
    if (data.device && data.device.tag) show(data.device.tag);
  };
  ['device-scanned', 'unknown-code', 'loan-returned', 'return-refused', 'loan-checked-out', 'checkout-refused',
   'staff-session-started', 'staff-session-ended', 'unknown-badge', 'badge-refused', 'badge-required', 'mode-unavailable']
    .forEach(function (type) { events.addEventListener(type, onEvent); });
  events.addEventListener('open', function () { card.dataset.live = 'yes'; });
})();
