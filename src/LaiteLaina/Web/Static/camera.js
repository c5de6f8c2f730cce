// "Scan with camera" (Web/Shared/_Camera.cshtml). Without this script the photo input still opens the rear camera and
// its button sends the photo. With it, a photo is sent as soon as it is taken; and where the browser allows
// getUserMedia, a live camera sends a frame every 0.7 s to /api/camera/probe, which only says whether a code is in it.
// The first frame with a code is put into the photo input and sent with the page's form, so the page's own handler
// reads it and acts: one path for photos and frames, the same as a serial scan's.
(function () {
  document.querySelectorAll('[data-camera]').forEach(function (box) {
    const input = box.querySelector('input[type=file]');
    const submit = box.querySelector('[data-camera-submit]');
    const start = box.querySelector('[data-camera-start]');
    const stop = box.querySelector('[data-camera-stop]');
    const live = box.querySelector('.camera-live');
    const status = box.querySelector('[data-camera-status]');
    if (!input || !submit || !submit.form) return;
    const form = submit.form;
    function send() { if (form.requestSubmit) form.requestSubmit(submit); else submit.click(); }
    input.addEventListener('change', function () { if (input.files && input.files.length > 0) send(); });
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.DataTransfer || !start || !live) return;
    const video = live.querySelector('video');
    let stream = null;
    let timer = null;
    let busy = false;
    start.hidden = false;
    function halt() {
      clearInterval(timer);
      timer = null;
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      live.hidden = true;
      start.hidden = false;
    }
    async function probe() {
      if (busy || !video.videoWidth) return;
      busy = true;
      try {
        const canvas = document.createElement('canvas');
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        canvas.getContext('2d').drawImage(video, 0, 0);
        const blob = await new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', 0.9); });
        if (!blob || !timer) return;
        // The session cookie alone does not let a script post to the API: the page's form token goes along.
        const token = form.querySelector('input[name=__RequestVerificationToken]');
        const response = await fetch('/api/camera/probe', {
          method: 'POST', body: blob, credentials: 'same-origin',
          headers: { 'Content-Type': 'image/jpeg', 'RequestVerificationToken': token ? token.value : '' },
        });
        const answer = response.ok ? await response.json() : null;
        if (answer && answer.codes > 0 && timer) {
          halt();
          const files = new DataTransfer();
          files.items.add(new File([blob], 'camera.jpg', { type: 'image/jpeg' }));
          input.files = files.files;
          send();
        }
      } catch (e) {
        // A frame lost on the way: the next one is sent anyway.
      } finally {
        busy = false;
      }
    }
    start.addEventListener('click', async function () {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false,
        });
      } catch (e) {
        status.textContent = status.dataset.denied;
        return;
      }
      video.srcObject = stream;
      live.hidden = false;
      start.hidden = true;
      status.textContent = status.dataset.looking;
      try { await video.play(); } catch (e) { /* muted inline video plays; a refusal leaves the frames to come */ }
      timer = setInterval(probe, 700);
    });
    stop.addEventListener('click', function () { halt(); status.textContent = ''; });
  });
})();
