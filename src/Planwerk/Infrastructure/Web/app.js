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
  // The webhook form's "select all" of a group of actions, and back: it is ticked while all of its group are.
  const all = e.target.closest('[data-select-group]');
  if (all) {
    e.target.form.querySelectorAll(`input[data-group="${all.dataset.selectGroup}"]`).forEach((box) => { box.checked = all.checked; });
  } else if (e.target.dataset.group) {
    const boxes = [...e.target.form.querySelectorAll(`input[data-group="${e.target.dataset.group}"]`)];
    const head = e.target.form.querySelector(`input[data-select-group="${e.target.dataset.group}"]`);
    if (head) head.checked = boxes.every((box) => box.checked);
  }
});
document.addEventListener('submit', (e) => {
  const message = e.submitter?.dataset.confirm ?? e.target.dataset.confirm;
  if (message && !window.confirm(message)) e.preventDefault();
});
// A booking's time of day is the booker's: send the browser's offset from UTC (minutes east).
for (const input of document.querySelectorAll('[data-utc-offset]')) input.value = String(-new Date().getTimezoneOffset());
// The header folds behind the menu button wherever its items do not fit on one line, not only on a phone (an owner's
// six links in German do not fit into 1024 px). It is measured unfolded and unwrapped, so the answer depends on the
// width alone and cannot flip back and forth; the measuring happens within one task, so it is never painted.
const header = document.querySelector('header.top');
if (header?.querySelector('[data-menu-toggle]')) {
  const fold = () => {
    header.dataset.folded = 'measuring';
    const folded = header.scrollWidth > header.clientWidth;
    header.dataset.folded = String(folded);
    if (!folded) header.querySelector('[data-menu-toggle]').setAttribute('aria-expanded', 'false');
  };
  fold();
  // Resizing is answered in the next frame: folding changes the header's height, which within the observer's own
  // callback would be a "ResizeObserver loop" error.
  let pending = 0;
  new ResizeObserver(() => { pending ||= requestAnimationFrame(() => { pending = 0; fold(); }); }).observe(header);
}
// The menu: the button folds the navigation out and in; the stylesheet shows it while aria-expanded is true.
document.addEventListener('click', (e) => {
  const toggle = e.target.closest('[data-menu-toggle]');
  if (toggle) toggle.setAttribute('aria-expanded', String(toggle.getAttribute('aria-expanded') !== 'true'));
});
document.addEventListener('keydown', (e) => {
  const open = e.key === 'Escape' && document.querySelector('[data-menu-toggle][aria-expanded="true"]');
  if (!open || !open.offsetParent) return; // folded out, then the window grew: nothing to close
  open.setAttribute('aria-expanded', 'false');
  open.focus();
});
// The browser's time zone, for the server to show times in until the person chooses one (PersonTimeZone).
(() => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && !document.cookie.split('; ').includes(`planwerk.tz=${encodeURIComponent(zone)}`)) {
    document.cookie = `planwerk.tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
  }
})();
document.addEventListener('submit', (e) => {
  // A document upload shows its progress; without this file (or XHR) the form posts as usual and the page answers.
  const form = e.target.closest('form[data-upload]');
  if (!form || e.defaultPrevented || !window.FormData) return;
  const progress = form.querySelector('progress');
  e.preventDefault();
  const request = new XMLHttpRequest();
  request.open('POST', form.action);
  request.upload.addEventListener('progress', (p) => {
    if (!progress || !p.lengthComputable) return;
    progress.hidden = false;
    progress.value = Math.round((p.loaded / p.total) * 100);
  });
  request.addEventListener('load', () => {
    // The server redirects after an upload (or answers the page with the form's errors): show what it answered.
    if (request.responseURL && request.responseURL !== form.action) {
      window.location.assign(request.responseURL);
    } else {
      document.open();
      document.write(request.responseText);
      document.close();
    }
  });
  request.addEventListener('error', () => form.submit());
  request.send(new FormData(form));
});
