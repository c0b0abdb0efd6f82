// The timeline's x-axis ticks by label ("Jan 2020": the x of the vertical grid
// line under the label's box), and the playback cursor laid over the chart:
// its days and its left and right edges.
() => {
  const box = document.querySelector('.st-key-timeline');
  const grid = [...box.querySelectorAll('svg .role-axis-grid line, svg .role-axis-grid path')]
    .map(g => g.getBoundingClientRect()).filter(r => r.height > r.width).map(r => r.left);
  const labels = {};
  for (const t of box.querySelectorAll('svg .role-axis-label text')) {
    const r = t.getBoundingClientRect();
    const under = grid.filter(x => x >= r.left - 1 && x <= r.right + 1);
    if (under.length === 1) labels[t.textContent.trim()] = under[0];
  }
  const c = box.querySelector('.ev-timeline-cursor');
  if (!c) return {labels, cursor: null};
  const r = c.getBoundingClientRect();
  return {labels, cursor: {first: c.dataset.first, last: c.dataset.last,
                           left: r.left, right: r.right, height: r.height}};
}
