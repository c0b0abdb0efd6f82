// Time `steps` playback steps (a day each, a 30-day trail) of the map's playback control:
// each from the call to the second animation frame after it, when the new frame is on
// screen. Also counts the events shown per frame, and every change to the map's DOM
// outside the event layers' canvases, the control and the tooltips.
async ([steps]) => {
  const control = map.eventPlayback, layers = control.canvases();
  const own = layers.map(l => l._container || (l.getLayers && l.getLayers().length
    ? l.getLayers()[0].getLayers()[0]._renderer._container : null)).filter(Boolean);
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  let outside = 0;
  const watch = new MutationObserver(list => {
    for (const m of list) {
      if (!own.some(c => c.contains(m.target)) && !m.target.closest('.ev-playback')
          && !m.target.closest('.leaflet-tooltip-pane')) outside++;
    }
  });
  watch.observe(map.getContainer(), {subtree: true, childList: true, attributes: true});
  control.step = 'day'; control.trail = 30;
  control.stepBy(1); await frame();
  const times = [];
  let shown = 0;
  for (let k = 0; k < steps; k++) {
    const t0 = performance.now();
    control.stepBy(1);
    await frame();
    times.push(performance.now() - t0);
    shown += layers.reduce((n, l) => Math.max(n, l.shownCount()), 0);
  }
  watch.disconnect();
  times.sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  return {perSecond: 1000 * steps / total, median: times[times.length >> 1],
          worst: times[times.length - 1], shown: shown / steps, outside: outside,
          layer: layers.some(l => !l.eventMarkers) ? 'cells' : 'markers'};
}
