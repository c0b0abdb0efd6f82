// The vector basemap that needs no tiles (components/map/basemap.py passes the
// options and data): panes below the event layers, non-interactive land,
// water and label layers, and the corner label that names the basemap in view
// and falls back from failing online tiles. The page loads this file once; the
// offline export inlines it, without basemap_fetch.js, as its data is inline.

(function () {
  // Panes, label styles and the sea colour, once per map.
  L.basemapSetup = function (map, options) {
    if (map.getPane('basemapLabels')) { return; }
    Object.keys(options.panes).forEach(function (name) {
      var pane = map.createPane(name);
      pane.style.zIndex = options.panes[name];
      pane.style.pointerEvents = 'none';
    });
    map.getContainer().style.background = options.sea;
    if (!document.getElementById('basemap-style')) {
      var css = document.createElement('style');
      css.id = 'basemap-style';
      css.textContent = options.css;
      document.head.appendChild(css);
    }
  };

  // Town and country names: L.divIcon labels whose text is set with
  // textContent, never as HTML. Each place carries `z`, the zoom from which it
  // is shown; labels are kept in one group per zoom and only the groups for
  // the current zoom are on the map.
  function placeLabels(group, map) {
    var byZoom = {};
    function label(feature) {
      var p = feature.properties, text = document.createElement('span');
      text.textContent = p.name;
      var country = p.kind === 'country';
      return L.marker(L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]), {
        pane: 'basemapLabels', interactive: false, keyboard: false,
        icon: L.divIcon({
          html: text,
          className: 'bm-place bm-' + p.kind,
          iconSize: country ? [0, 0] : null,
          iconAnchor: country ? [0, 0] : [p.kind === 'capital' ? 5 : 2, 7]
        })
      });
    }
    function showForZoom() {
      var zoom = map.getZoom();
      for (var z in byZoom) {
        var wanted = zoom >= Number(z), shown = group.hasLayer(byZoom[z]);
        if (wanted && !shown) { group.addLayer(byZoom[z]); }
        if (!wanted && shown) { group.removeLayer(byZoom[z]); }
      }
    }
    map.on('zoomend', showForZoom);
    return function (data) {
      data.features.forEach(function (feature) {
        var z = feature.properties.z || 0;
        (byZoom[z] = byZoom[z] || L.layerGroup()).addLayer(label(feature));
      });
      showForZoom();
    };
  }

  // One non-interactive layer of the basemap, in its own pane, added to
  // `parent`. `options.url` is fetched by the browser (basemap_fetch.js);
  // otherwise `options.data` is the GeoJSON itself.
  L.basemapLayer = function (parent, map, options) {
    var layer, add;
    if (options.kind === 'places') {
      layer = L.layerGroup();
      add = placeLabels(layer, map);
    } else {
      layer = L.geoJSON(null, {
        interactive: false,
        bubblingMouseEvents: false,
        attribution: options.attribution,
        pane: options.pane,
        renderer: L.svg({pane: options.pane, padding: 0.5}),
        style: options.style
      });
      add = function (data) { layer.addData(data); };
    }
    if (options.url) {
      L.basemapFetch(map, options.url, add);
    } else {
      add(options.data);
    }
    return layer.addTo(parent);
  };

  // The corner label naming the basemap in view. When the tile layer reports
  // `errorsBeforeFallback` errors without a single tile loaded, it is swapped
  // for the vector basemap and the label says the tiles were unavailable.
  // `map.basemapState` is `vector`, `tiles` or `vector-fallback`.
  L.basemapStatus = function (map, vector, tiles, options) {
    var Label = L.Control.extend({
      options: {position: options.position},
      onAdd: function () {
        var div = L.DomUtil.create('div', 'bm-which');
        div.setAttribute('role', 'status');
        return div;
      }
    });
    var label = new Label().addTo(map), fellBack = false;
    function update() {
      var state, text;
      if (tiles && map.hasLayer(tiles)) {
        state = 'tiles';
        text = options.tilesName;
        fellBack = false;
      } else {
        state = fellBack ? 'vector-fallback' : 'vector';
        text = options.vectorName;
        if (fellBack) { text += ' \u2014 online tiles unavailable'; }
        if (map.basemapErrors && map.basemapErrors.length) {
          text += ' \u2014 some basemap data failed to load';
        }
      }
      map.basemapState = state;
      label.getContainer().textContent = 'Basemap: ' + text;
    }
    map.on('baselayerchange basemaperror', update);
    if (tiles) {
      var errors = 0, loads = 0;
      tiles.on('add', function () { errors = 0; loads = 0; update(); });
      tiles.on('tileload', function () { loads += 1; });
      tiles.on('tileerror', function () {
        errors += 1;
        if (errors >= options.errorsBeforeFallback && loads === 0 && map.hasLayer(tiles)) {
          map.removeLayer(tiles);
          map.addLayer(vector);
          fellBack = true;
          update();
        }
      });
    }
    update();
    return label;
  };
})();
