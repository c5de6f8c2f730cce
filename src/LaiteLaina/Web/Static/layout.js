// What every page needs on a phone. Without this script the menu stays open and tables stay tables: nothing is lost.
(function () {
  // The menu folds behind one button on narrow screens; the button says whether it is open.
  const button = document.getElementById('menu-button');
  const header = document.querySelector('header.top');
  if (button && header) {
    header.classList.add('foldable');
    button.hidden = false;
    button.addEventListener('click', function () {
      const open = header.classList.toggle('open');
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    // Escape closes the open menu and gives the focus back to its button, as a keyboard user expects of a menu.
    header.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape' || !header.classList.contains('open')) return;
      header.classList.remove('open');
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    });
  }
  // On a phone each table row becomes a card; each cell is then labelled with its column's heading.
  document.querySelectorAll('table').forEach(function (table) {
    const headings = Array.from(table.querySelectorAll('thead th')).map(function (th) { return th.textContent.trim(); });
    // A table of name and value pairs fits a phone as it is; any wider one becomes cards, labelled where it has headings.
    const widest = Math.max.apply(null, Array.from(table.rows).map(function (r) { return r.cells.length; }).concat([0]));
    if (headings.length === 0 && widest <= 2) return;
    table.classList.add('cards');
    const label = function () {
      table.querySelectorAll('tbody tr').forEach(function (row) {
        Array.from(row.children).forEach(function (cell, i) {
          if (headings[i] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', headings[i]);
        });
      });
    };
    label();
    // A live table (the provisioning board's jobs) gets new rows from the server while it is open: label those too.
    new MutationObserver(label).observe(table, { childList: true, subtree: true });
  });
  // A refused form: its first marked field takes the focus, so that on a phone the page scrolls to it (the message at
  // the top may be screens away from a form far down the page) and a screen reader reads the field and its problem.
  // After the tables above have become cards, which makes the page taller: focused before, it scrolled short.
  const refused = document.querySelector('main [aria-invalid="true"]');
  if (refused) refused.focus();
})();
