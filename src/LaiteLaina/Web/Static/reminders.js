// The copy buttons of the reminders page: shown only where the clipboard can be written (a secure context), since
// without it the counsellor selects the text in its box as usual.
(() => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll('button.copy[data-copy]')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const text = document.getElementById(button.dataset.copy);
      const status = button.parentElement.querySelector('.copied');
      try {
        await navigator.clipboard.writeText(text.value);
        status.textContent = status.dataset.copied;
      } catch {
        text.select();
      }
    });
  }
})();
