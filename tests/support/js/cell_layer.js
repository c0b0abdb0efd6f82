// What the cell layer holds and draws: per level, the sum of its counts; and
// the level on screen with the sum of the counts of the circles drawn.
() => {
  let data = null, drawn = 0, level = -1, circles = 0;
  window.map.eachLayer(l => {
    if (l.eventCells) data = l.eventCells;
    if (l.options && l.options.cellCount !== undefined) {
      drawn += l.options.cellCount; level = l.options.cellLevel; circles++;
    }
  });
  if (!data) return null;
  return {
    events: data.events,
    levels: data.levels.map(v => v.n.reduce((a, b) => a + b, 0)),
    drawn: drawn, level: level, circles: circles
  };
}
