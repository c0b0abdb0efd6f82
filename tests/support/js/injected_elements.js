// Elements only injected markup would create, counted in a document.
() => ({
  pwned: window.__pwned,
  suspicious: document.querySelectorAll(
    'img[src="x"], img[src*="evil"], [onerror], [onload], svg[onload], '
    + 'a[href^="javascript" i], a[href^="data:" i], iframe[src^="javascript" i]').length,
  payload_scripts: Array.from(document.scripts)
    .filter(s => s.textContent.trim().startsWith('window.__pwned')).length,
  images: document.images.length,
  scripts: document.scripts.length,
})
