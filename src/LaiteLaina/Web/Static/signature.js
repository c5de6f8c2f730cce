// The signature pad: pointer events cover mouse, finger and pen alike. What is drawn is sent as a PNG with the
// form, and the server embeds it in a new version of the stored agreement. An untouched pad, or a mere tap, is not
// sent: the page says so next to the box, in the words the server put in data-empty (the user's language); the
// server refuses a blank image the same way should one arrive anyway.
(function () {
  const canvas = document.getElementById('signature-pad');
  if (!canvas) return;
  const form = document.getElementById('sign-form');
  const data = document.getElementById('signature-data');
  const ctx = canvas.getContext('2d');
  ctx.lineWidth = 3; ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.strokeStyle = '#10243a';
  // Enough movement to be a signature: the length of the strokes, in canvas pixels.
  const leastLength = 60;
  let drawing = false, length = 0, last = null;
  function point(e) {
    const r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
  }
  function problem(text) {
    let p = document.getElementById('signature-problem');
    if (!text) {
      if (p && p.dataset.client === 'yes') p.remove();
      canvas.removeAttribute('aria-invalid');
      return;
    }
    if (!p) {
      p = document.createElement('p');
      p.id = 'signature-problem'; p.className = 'field-problem'; p.dataset.client = 'yes';
      p.setAttribute('role', 'alert');
      canvas.insertAdjacentElement('afterend', p);
      canvas.setAttribute('aria-describedby', 'signature-hint signature-problem');
    }
    p.textContent = text;
    canvas.setAttribute('aria-invalid', 'true');
  }
  canvas.addEventListener('pointerdown', function (e) {
    drawing = true; canvas.setPointerCapture(e.pointerId);
    last = point(e); ctx.beginPath(); ctx.moveTo(last.x, last.y);
  });
  canvas.addEventListener('pointermove', function (e) {
    if (!drawing) return;
    const p = point(e); ctx.lineTo(p.x, p.y); ctx.stroke();
    length += Math.hypot(p.x - last.x, p.y - last.y); last = p;
    if (length >= leastLength) problem(null);
  });
  ['pointerup', 'pointercancel', 'pointerleave'].forEach(function (t) { canvas.addEventListener(t, function () { drawing = false; }); });
  document.getElementById('clear-signature').addEventListener('click', function () {
    ctx.clearRect(0, 0, canvas.width, canvas.height); length = 0; data.value = '';
  });
  form.addEventListener('submit', function (e) {
    if (length < leastLength) {
      e.preventDefault();
      data.value = '';
      problem(canvas.dataset.empty);
      canvas.focus();
      return;
    }
    data.value = canvas.toDataURL('image/png');
  });
})();
