// Starts watching for the first animation frame in which a frame's map holds
// `expected` events; it sets window.__drawnAt to that time and clears
// window.__sentAt (record_sends.js) so the rerun request is the first entry.
// Returns false when events_in_window.js has not run in this page.
(expected) => {
  const count = window.__eventsInWindow;
  if (!count) return false;
  window.__sentAt = [];
  window.__drawnAt = null;
  const look = () => {
    for (const frame of document.querySelectorAll("iframe")) {
      let n = -1;
      try { n = count(frame.contentWindow); } catch { n = -1; }
      if (n === expected) { window.__drawnAt = Date.now(); return; }
    }
    window.requestAnimationFrame(look);
  };
  window.requestAnimationFrame(look);
  return true;
}
