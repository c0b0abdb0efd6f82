// The RGBA of the marker canvas (`window.layer`) at the centre of event `id`'s marker.
id => {
  const c = window.layer._container, p = window.layer._points[
    window.layer.eventMarkers.id.indexOf(id)];
  const box = c.getBoundingClientRect(), at = window.map.layerPointToContainerPoint(
    [p[0], p[1]]);
  const mapBox = window.map.getContainer().getBoundingClientRect();
  const x = Math.round(at.x + mapBox.left - box.left);
  const y = Math.round(at.y + mapBox.top - box.top);
  const ratio = c.width / box.width;
  return Array.from(c.getContext('2d').getImageData(x * ratio, y * ratio, 1, 1).data);
}
