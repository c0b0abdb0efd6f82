// The text of the tooltip the marker layer has open for event `id` (null: none open).
(id) => {
  let text = null;
  window.map.eachLayer(l => { if (l.eventMarkers && text === null) text = l.openTooltipText(id); });
  return text;
}
