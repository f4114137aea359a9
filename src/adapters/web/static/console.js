// Countersign web console: live updates over Server-Sent Events and card buttons over
// fetch. No framework and no build step: served as-is under a Content-Security-Policy
// that allows no inline script. Pages work without it (forms post and redirect); with
// it, they refresh in place when the requests they show change.
(() => {
  'use strict';

  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrf = csrfMeta ? csrfMeta.getAttribute('content') || '' : '';
  const watch = document.body.dataset.watch;
  const flash = document.getElementById('flash');

  // Messages fade after a while, so a later page state is not read next to a stale one.
  let flashTimer;
  function fadeLater() {
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => {
      if (!flash) return;
      flash.textContent = '';
      flash.className = 'flash';
    }, 10_000);
  }
  function say(text, tone) {
    if (!flash) return;
    flash.textContent = text;
    flash.className = `flash tone-${tone}`;
    fadeLater();
  }
  if (flash && flash.textContent) fadeLater();

  function isEditing(element) {
    return (
      element instanceof HTMLInputElement ||
      element instanceof HTMLTextAreaElement ||
      element instanceof HTMLSelectElement
    );
  }

  // Refresh: fetch this page again and swap every [data-live] region by id, except one
  // the person is typing in (swapped once they leave it). One refresh at a time.
  // Times (<time datetime data-local>) as the server writes them (2026-03-03 14:00 UTC),
  // in the reader's own zone (2026-03-03 15:00 CET); the UTC text stays as the tooltip.
  const localTime = new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  function localiseTimes(root) {
    for (const element of root.querySelectorAll('time[data-local]')) {
      const at = new Date(element.getAttribute('datetime') || '');
      if (Number.isNaN(at.getTime()) || element.dataset.localised) continue;
      const part = {};
      for (const p of localTime.formatToParts(at)) part[p.type] = p.value;
      const seconds = at.getUTCSeconds() === 0 ? '' : `:${part.second}`;
      element.title = element.textContent || '';
      element.textContent = `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}${seconds} ${part.timeZoneName}`;
      element.dataset.localised = 'true';
    }
  }
  localiseTimes(document);

  let running = false;
  let queued = false;
  let heldForEditing = false;
  let timer;

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 100);
  }

  async function refresh() {
    if (running) {
      queued = true;
      return;
    }
    running = true;
    try {
      const response = await fetch(location.href, {
        headers: { accept: 'text/html' },
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (!response.ok || response.redirected) return;
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
      heldForEditing = false;
      for (const region of document.querySelectorAll('[data-live]')) {
        const replacement = fresh.getElementById(region.id);
        if (!replacement) continue;
        if (region.contains(document.activeElement) && isEditing(document.activeElement)) {
          heldForEditing = true;
          continue;
        }
        const imported = document.importNode(replacement, true);
        localiseTimes(imported);
        region.replaceWith(imported);
      }
      document.title = fresh.title;
      document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || '0') + 1);
    } catch {
      // The next change or the next minute tries again.
    } finally {
      running = false;
      if (queued) {
        queued = false;
        schedule();
      }
    }
  }

  document.addEventListener('focusout', () => {
    if (heldForEditing) setTimeout(() => isEditing(document.activeElement) || schedule(), 0);
  });

  if (watch !== undefined && 'EventSource' in window) {
    const source = new EventSource('/events');
    let broken = false;
    const onChange = (event) => {
      let change;
      try {
        change = JSON.parse(event.data);
      } catch {
        return;
      }
      if (watch === '*' || change.requestId === watch) schedule();
    };
    source.addEventListener('changed', onChange);
    source.addEventListener('expiring', onChange);
    source.addEventListener('resync', schedule);
    source.addEventListener('open', () => {
      document.body.dataset.stream = 'open';
      if (broken) schedule();
      broken = false;
    });
    source.addEventListener('error', () => {
      document.body.dataset.stream = 'closed';
      broken = true;
    });
    // Times left on grants move even when nothing changes.
    setInterval(() => {
      if (document.visibilityState === 'visible') schedule();
    }, 60_000);
  }

  // Card buttons (forms marked data-fetch): POST with the session's CSRF token, show the
  // answer, refresh in place. A 401 with a location means sign in (or step up) first.
  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-fetch')) return;
    event.preventDefault();
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => (b.disabled = true));
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { accept: 'application/json', 'x-csrf-token': csrf },
        credentials: 'same-origin',
      });
      let answer;
      try {
        answer = await response.json();
      } catch {
        answer = {
          ok: false,
          message: `The console refused this (${response.status}). Reload the page and try again.`,
        };
      }
      say(answer.message, answer.ok ? 'good' : 'bad');
      if (response.status === 401 && answer.location) {
        location.assign(answer.location);
        return;
      }
      schedule();
    } catch {
      say('The console could not be reached. Try again in a moment.', 'bad');
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });
})();
