// The chains layer's drawing of the link from `s` to `t`: which end is a stub, and where
// it starts (null: not drawn).
([s, t]) => {
  let chains = null;
  window.map.eachLayer(l => { if (l.eventChains) chains = l; });
  const item = chains.drawn.find(d => d.s === s && d.t === t);
  return item ? {end: item.end, at: item.from} : null;
}
