// Where the marker layer drew event `id`, in the map's container pixels (null: not drawn).
(id) => {
  let point = null;
  window.map.eachLayer(l => { if (l.eventMarkers && point === null) point = l.pointOf(id); });
  return point;
}
