// The Leaflet container's [width, height] in the document (null: no map).
() => {
  const m = document.querySelector('.leaflet-container');
  return m ? [m.getBoundingClientRect().width, m.getBoundingClientRect().height] : null;
}
