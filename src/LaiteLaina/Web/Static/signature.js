// The signature pad: pointer events cover mouse, finger and pen alike. What is drawn is sent as a PNG with the
// form, and the server embeds it in a new version of the stored agreement.
(function () {
  const canvas = document.getElementById('signature-pad');
  if (!canvas) return;
  const form = document.getElementById('sign-form');
  const data = document.getElementById('signature-data');
  const ctx = canvas.getContext('2d');
  ctx.lineWidth = 3; ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.strokeStyle = '#10243a';
  let drawing = false, drawn = false;
  function point(e) {
    const r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
  }
  canvas.addEventListener('pointerdown', function (e) {
    drawing = true; canvas.setPointerCapture(e.pointerId);
    const p = point(e); ctx.beginPath(); ctx.moveTo(p.x, p.y);
  });
  canvas.addEventListener('pointermove', function (e) {
    if (!drawing) return;
    const p = point(e); ctx.lineTo(p.x, p.y); ctx.stroke(); drawn = true;
  });
  ['pointerup', 'pointercancel', 'pointerleave'].forEach(function (t) { canvas.addEventListener(t, function () { drawing = false; }); });
  document.getElementById('clear-signature').addEventListener('click', function () {
    ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; data.value = '';
  });
  form.addEventListener('submit', function () { data.value = drawn ? canvas.toDataURL('image/png') : ''; });
})();
