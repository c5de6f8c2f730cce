// The hand-wipe form offers a certificate only for a method a tool checks (the options marked data-certifiable):
// for any other the certificate's fields are hidden and disabled, so they are not sent. The service refuses a
// certificate for such a method anyway, for a browser without scripts.
(function () {
  const method = document.getElementById('wipe-method');
  const part = document.getElementById('certificate-part');
  if (!method || !part) return;
  function follow() {
    const option = method.options[method.selectedIndex];
    const allowed = !!option && option.dataset.certifiable === 'yes';
    part.disabled = !allowed;
    part.hidden = !allowed;
  }
  method.addEventListener('change', follow);
  follow();
})();
