// What the map shows now: the largest count over the page's frames (-1 before
// a map starts), or null when events_in_window.js has not run in this page.
() => {
  const count = window.__eventsInWindow;
  if (!count) return null;
  let best = -1;
  for (const frame of document.querySelectorAll("iframe")) {
    try {
      best = Math.max(best, count(frame.contentWindow));
    } catch { /* a frame of another origin, or one being replaced */ }
  }
  return best;
}
