// Progressive enhancement only: every page works without this file.
document.addEventListener('click', (e) => {
  const button = e.target.closest('[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  navigator.clipboard?.writeText(source.value ?? source.textContent).then(() => {
    button.dataset.copied = 'true';
    button.textContent = button.dataset.copiedText || button.textContent;
  });
});
document.addEventListener('click', (e) => {
  // "Back" goes back in the history; without this file, or without history, the link's own target is used.
  if (e.target.closest('[data-history-back]') && history.length > 1) {
    e.preventDefault();
    history.back();
  }
});
document.addEventListener('change', (e) => {
  if (e.target.matches('[data-autosubmit]')) e.target.form.submit();
});
document.addEventListener('submit', (e) => {
  const message = e.submitter?.dataset.confirm ?? e.target.dataset.confirm;
  if (message && !window.confirm(message)) e.preventDefault();
});
// A booking's time of day is the booker's: send the browser's offset from UTC (minutes east).
for (const input of document.querySelectorAll('[data-utc-offset]')) input.value = String(-new Date().getTimezoneOffset());
// The phone menu: the button folds the navigation out and in; the stylesheet shows it while aria-expanded is true.
document.addEventListener('click', (e) => {
  const toggle = e.target.closest('[data-menu-toggle]');
  if (toggle) toggle.setAttribute('aria-expanded', String(toggle.getAttribute('aria-expanded') !== 'true'));
});
document.addEventListener('keydown', (e) => {
  const open = e.key === 'Escape' && document.querySelector('[data-menu-toggle][aria-expanded="true"]');
  if (!open || !open.offsetParent) return; // folded out on a phone, then the window grew: nothing to close
  open.setAttribute('aria-expanded', 'false');
  open.focus();
});
