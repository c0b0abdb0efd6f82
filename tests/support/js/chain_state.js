// The chains layer's state: what it drew, and the veil's alpha at each of the markers `ids`.
(ids) => {
  let chains = null, markers = null;
  window.map.eachLayer(l => {
    if (l.eventChains) chains = l;
    if (l.eventMarkers) markers = l;
  });
  if (!chains || !markers || !chains._ctx) return null;
  const ratio = window.devicePixelRatio || 1, alpha = {};
  for (const id of ids) {
    const cp = markers.pointOf(id);
    if (!cp) { alpha[id] = null; continue; }
    const lp = window.map.containerPointToLayerPoint(cp);
    // The least veil in a 7 x 7 px block at the marker: 0 in a hole, the veil's
    // alpha (168) or more where it covers the map, whatever an arrow's edge adds.
    const x = Math.round((lp.x - chains._bounds.min.x) * ratio) - 3;
    const y = Math.round((lp.y - chains._bounds.min.y) * ratio) - 3;
    const block = chains._ctx.getImageData(x, y, 7, 7).data;
    let least = 255;
    for (let k = 3; k < block.length; k += 4) least = Math.min(least, block[k]);
    alpha[id] = least;
  }
  return {
    drawn: chains.drawn.map(d => [d.s, d.t, d.end, d.suggested, d.hi, d.faded]),
    lit: chains.eventChains.lit, veil: chains.eventChains.veil, alpha: alpha
  };
}
