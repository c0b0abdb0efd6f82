// An init script: record in `window.__added` every image, script, frame, object or
// element with an event-handler attribute added anywhere, from the first byte on.
window.__added = [];
new MutationObserver(records => {
  for (const r of records) for (const n of r.addedNodes) {
    if (n.nodeType !== 1) continue;
    for (const el of [n, ...n.querySelectorAll('*')]) {
      const attrs = Array.from(el.attributes || []).map(a => a.name + '=' + a.value);
      const tag = el.tagName.toUpperCase();
      if (['IMG', 'SCRIPT', 'SVG', 'IFRAME', 'OBJECT', 'EMBED'].includes(tag)
          || attrs.some(a => /^on/i.test(a))) {
        const text = tag === 'SCRIPT' ? el.textContent.slice(0, 80) : '';
        window.__added.push({tag, attrs, text});
      }
    }
  }
}).observe(document, {childList: true, subtree: true});
