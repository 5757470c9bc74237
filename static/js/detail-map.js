/* The small map of a report's place. */
window.detailMapInit = function (map) {
  "use strict";
  var wrap = document.getElementById("detail-map-wrap");
  var point = [parseFloat(wrap.dataset.lat), parseFloat(wrap.dataset.lon)];
  L.marker(point).addTo(map);
  map.setView(point, 16);
};
