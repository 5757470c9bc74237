/* The community map: loads the public reports of the visible box from the GeoJSON
   endpoint with the page's filters, each time the map stops moving. Near enough, the
   server sends points, which leaflet.markercluster groups on screen; further out it
   sends counts per grid cell, drawn as numbered circles that zoom in when chosen.
   Texts come translated from the data- attributes of #public-map-wrap and #map-page.
   On a phone the page becomes a full-screen map (the `map-app` class on <body>):
   "Bộ lọc" opens the filters and the legend in a panel, "Gần tôi" centres the map
   on the browser's position. */
(function () {
  "use strict";
  var wrap = document.getElementById("public-map-wrap");
  if (!wrap) return;
  var status = document.getElementById("map-status");
  var messages = wrap.dataset;
  var pageBox = document.getElementById("map-page");
  var pageMessages = pageBox.dataset;
  var leafletMap = null;
  var here = null;

  // --- The page around the map: full screen on a phone, the filters panel, "Gần tôi".
  document.body.classList.add("map-app");
  document.querySelector("[data-map-tools]").hidden = false;
  var panel = document.getElementById("map-filters");
  var toggle = document.querySelector("[data-map-filters-toggle]");
  var closeButton = document.querySelector("[data-map-filters-close]");
  closeButton.hidden = false;

  function setPanel(open, returnFocus) {
    panel.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    if (open) panel.focus();
    else if (returnFocus) toggle.focus();
  }
  toggle.addEventListener("click", function () {
    setPanel(!panel.classList.contains("is-open"), false);
  });
  closeButton.addEventListener("click", function () { setPanel(false, true); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") setPanel(false, true);
  });

  var locateStatus = document.getElementById("map-locate-status");
  function say(message) { locateStatus.textContent = message; }

  function insideProvince(lat, lon) {
    var b = messages.provinceBounds.split(",").map(parseFloat);
    return lat >= b[0] && lon >= b[1] && lat <= b[2] && lon <= b[3];
  }

  function showPosition(position) {
    var latlng = [position.coords.latitude, position.coords.longitude];
    if (here) here.setLatLng(latlng);
    else {
      here = L.circleMarker(latlng, {
        radius: 9, weight: 3, color: "#fff", fillColor: "#0b4f8a", fillOpacity: 1,
        className: "map-here"
      }).bindTooltip(pageMessages.msgHere).addTo(leafletMap);
    }
    leafletMap.setView(latlng, Math.max(leafletMap.getZoom(), 15));
    say(insideProvince(latlng[0], latlng[1]) ? pageMessages.msgLocated : pageMessages.msgOutside);
  }

  document.querySelector("[data-map-locate]").addEventListener("click", function () {
    if (!navigator.geolocation) { say(pageMessages.msgUnsupported); return; }
    if (!leafletMap) return;
    say(pageMessages.msgLocating);
    navigator.geolocation.getCurrentPosition(
      showPosition,
      function (error) {
        say(error.code === 1 ? pageMessages.msgDenied : pageMessages.msgUnavailable);
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });

  function format(message, count) {
    return message.replace("%(count)s", count.toLocaleString("vi-VN"));
  }

  function clamp(value, low, high) {
    return Math.min(Math.max(value, low), high);
  }

  function pinClass(properties) {
    if (properties.level === "urgent") return "urgent";
    return properties.status === "forwarded" ? "received" : properties.status;
  }

  function countIcon(count) {
    var size = count < 10 ? 34 : count < 100 ? 40 : 48;
    var html = "<span>" + count + '</span><span class="visually-hidden"> ' +
      messages.msgReports + "</span>";
    return L.divIcon({
      html: html, className: "map-cluster", iconSize: [size, size]
    });
  }

  function popupContent(properties) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("p");
    title.className = "map-popup__title";
    title.textContent = properties.title;
    var meta = document.createElement("p");
    meta.className = "map-popup__meta";
    meta.textContent = [properties.code, properties.category].filter(Boolean).join(" · ");
    var badges = document.createElement("p");
    var badge = document.createElement("span");
    badge.className = "badge badge--" + properties.status;
    badge.textContent = properties.status_label;
    badges.appendChild(badge);
    if (properties.level === "urgent") {
      var urgent = document.createElement("span");
      urgent.className = "badge badge--urgent";
      urgent.textContent = messages.msgUrgent;
      badges.appendChild(document.createTextNode(" "));
      badges.appendChild(urgent);
    }
    var link = document.createElement("a");
    link.href = properties.url;
    link.className = "map-popup__link";
    link.textContent = messages.msgDetails;
    box.appendChild(title);
    box.appendChild(meta);
    box.appendChild(badges);
    box.appendChild(link);
    return box;
  }

  function reportMarker(feature) {
    var p = feature.properties;
    var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
    var marker = L.marker(latlng, {
      title: p.title + " (" + p.status_label + ")",
      icon: L.divIcon({
        className: "map-pin map-pin--" + pinClass(p),
        iconSize: [22, 22],
        iconAnchor: [11, 11],
        popupAnchor: [0, -10]
      })
    });
    marker.bindPopup(popupContent(p));
    return marker;
  }

  window.publicMapInit = function (map) {
    leafletMap = map;
    var clusterBelowZoom = parseInt(messages.clusterBelowZoom, 10);
    // markercluster needs a maximum zoom; django-leaflet leaves it unset (null).
    if (!map.options.maxZoom) map.setMaxZoom(18);
    // Start on the whole province, whatever the width of the screen.
    var b = messages.provinceBounds.split(",").map(parseFloat);
    map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { animate: false });
    var points = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      iconCreateFunction: function (cluster) { return countIcon(cluster.getChildCount()); }
    });
    var cells = L.layerGroup();
    map.addLayer(points);
    map.addLayer(cells);
    var latest = 0;
    var timer = null;

    function show(data, requestNumber) {
      if (requestNumber !== latest) return; // an older answer arriving late
      points.clearLayers();
      cells.clearLayers();
      var total = 0;
      var clustered = false;
      var markers = [];
      data.features.forEach(function (feature) {
        if (feature.properties.cluster) {
          clustered = true;
          total += feature.properties.count;
          var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
          var cell = L.marker(latlng, { icon: countIcon(feature.properties.count) });
          cell.on("click", function () {
            map.setView(latlng, Math.min(map.getZoom() + 2, clusterBelowZoom));
          });
          cells.addLayer(cell);
        } else {
          total += 1;
          markers.push(reportMarker(feature));
        }
      });
      points.addLayers(markers);
      if (data.truncated) status.textContent = messages.msgTruncated;
      else if (!total) status.textContent = messages.msgNone;
      else status.textContent = format(clustered ? messages.msgClusters : messages.msgShown, total);
      wrap.dataset.loaded = String(requestNumber);
    }

    function load() {
      var bounds = map.getBounds();
      var params = new URLSearchParams(messages.query);
      params.delete("page");
      params.set("bbox", [
        clamp(bounds.getWest(), -180, 180), clamp(bounds.getSouth(), -90, 90),
        clamp(bounds.getEast(), -180, 180), clamp(bounds.getNorth(), -90, 90)
      ].map(function (n) { return n.toFixed(6); }).join(","));
      params.set("zoom", String(Math.round(map.getZoom())));
      var requestNumber = ++latest;
      status.textContent = messages.msgLoading;
      fetch(messages.url + "?" + params.toString(), { headers: { Accept: "application/geo+json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) { show(data, requestNumber); })
        .catch(function () {
          if (requestNumber === latest) status.textContent = messages.msgFailed;
        });
    }

    map.on("moveend", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, 250);
    });
    load();
  };
})();
