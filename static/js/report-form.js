/* The report form (texts come translated from the template's data- attributes): pin on the map,
   current position, a photo's GPS (from photo-picker.js), nearest ward, nearby reports, and a
   confirmation before cancelling. The ward search is ward-search.js, the steps form-steps.js.
   The form works without this script; it only makes the place easier to give. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var latInput = form.querySelector("[name=latitude]");
  var lonInput = form.querySelector("[name=longitude]");
  var wardSelect = form.querySelector("[name=ward]");
  var categorySelect = form.querySelector("[name=category]");
  var status = document.getElementById("location-status");
  var wards = JSON.parse(document.getElementById("ward-centres").textContent);
  var bounds = form.dataset.provinceBounds.split(",").map(parseFloat);  // south, west, north, east
  var marker = null;
  var map = null;
  var pointFromPhoto = null;  // the photo whose GPS placed the pin, while it stays there

  function fold(text) {
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function nearestWard(lat, lon) {
    var best = null, bestDistance = Infinity, cosLat = Math.cos(lat * Math.PI / 180);
    wards.forEach(function (ward) {
      if (ward.latitude === null) return;
      var dLat = ward.latitude - lat, dLon = (ward.longitude - lon) * cosLat;
      var distance = dLat * dLat + dLon * dLon;
      if (distance < bestDistance) { bestDistance = distance; best = ward; }
    });
    return best;
  }

  function setPoint(lat, lon, pan) {
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    if (map) {
      if (marker) marker.setLatLng([lat, lon]); else marker = L.marker([lat, lon]).addTo(map);
      if (pan) map.setView([lat, lon], 16);
    }
    var ward = nearestWard(lat, lon);
    if (ward && wardSelect) {
      wardSelect.value = String(ward.pk);
      wardSelect.dispatchEvent(new Event("change", { bubbles: true }));
    }
    status.textContent = form.dataset.msgPointSet;
    pointFromPhoto = null;
    findNearby();
  }

  function clearPoint() {
    latInput.value = ""; lonInput.value = "";
    if (marker && map) { map.removeLayer(marker); marker = null; }
    status.textContent = "";
    pointFromPhoto = null;
  }

  function inProvince(lat, lon) {
    return bounds[0] <= lat && lat <= bounds[2] && bounds[1] <= lon && lon <= bounds[3];
  }

  // A photo's position places the pin when none is set yet; the map stays the citizen's.
  form.addEventListener("report-form:photo-gps", function (event) {
    if (latInput.value && lonInput.value) return;
    var gps = event.detail;
    if (!inProvince(gps.latitude, gps.longitude)) { status.textContent = form.dataset.msgPhotoOutside; return; }
    setPoint(gps.latitude, gps.longitude, true);
    status.textContent = form.dataset.msgPointFromPhoto;
    pointFromPhoto = gps.photo;
  });
  form.addEventListener("report-form:photo-removed", function (event) {
    if (pointFromPhoto !== null && pointFromPhoto === event.detail.photo) clearPoint();
  });
  // A map drawn in a hidden step has no size: redraw it once its step shows.
  form.addEventListener("report-form:layout", function () {
    if (!map) return;
    map.invalidateSize();
    if (marker) map.setView(marker.getLatLng(), 16);
  });

  window.reportMapInit = function (leafletMap) {
    map = leafletMap;
    if (latInput.value && lonInput.value) {  // a draft's pin: shown, its ward left as saved
      var point = [parseFloat(latInput.value), parseFloat(lonInput.value)];
      marker = L.marker(point).addTo(map);
      map.setView(point, 16);
      findNearby();
    }
    map.on("click", function (event) { setPoint(event.latlng.lat, event.latlng.lng, false); });
  };

  document.getElementById("use-location").addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = form.dataset.msgNoGeolocation; return; }
    status.textContent = form.dataset.msgLocating;
    navigator.geolocation.getCurrentPosition(
      function (position) { setPoint(position.coords.latitude, position.coords.longitude, true); },
      function () { status.textContent = form.dataset.msgLocationFailed; },
      { enableHighAccuracy: true, timeout: 15000 }
    );
  });

  document.getElementById("clear-location").addEventListener("click", clearPoint);

  function findNearby() {
    var box = document.getElementById("nearby");
    if (!latInput.value || !categorySelect || !categorySelect.value) { box.hidden = true; return; }
    var url = form.dataset.nearbyUrl + "?lat=" + latInput.value + "&lon=" + lonInput.value +
      "&category=" + categorySelect.value;
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        box.textContent = "";
        if (!data.results.length) { box.hidden = true; return; }
        var title = document.createElement("p");
        title.textContent = form.dataset.msgNearby;
        box.appendChild(title);
        var list = document.createElement("ul");
        data.results.forEach(function (item) {
          var li = document.createElement("li");
          var link = document.createElement("a");
          link.href = item.url;
          link.textContent = item.code + " – " + item.title;
          li.appendChild(link);
          li.appendChild(document.createTextNode(" (" + item.status + ", " + item.distance + " m)"));
          li.appendChild(followInstead(item));
          list.appendChild(li);
        });
        box.appendChild(list);
        box.hidden = false;
      })
      .catch(function () { box.hidden = true; });
  }
  // Follow the report found nearby instead (engagement): counts as one more person meeting it.
  function followInstead(item) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--small-outline nearby__follow";
    button.textContent = form.dataset.msgFollowInstead;
    button.addEventListener("click", function () {
      var body = new FormData();
      body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      button.disabled = true;
      fetch(form.dataset.followInsteadUrl.replace("PA-0", encodeURIComponent(item.code)), {
        method: "POST", body: body, headers: { Accept: "application/json" }, credentials: "same-origin"
      })
        .then(function (response) {
          return response.ok && !response.redirected ? response.json() : Promise.reject();
        })
        .then(function (data) { window.location.href = data.url || item.url; })
        .catch(function () { button.disabled = false; window.location.href = item.url; });
    });
    return button;
  }
  if (categorySelect) categorySelect.addEventListener("change", findNearby);

  var cancel = document.getElementById("cancel-report");
  var touched = false;
  form.addEventListener("input", function () { touched = true; });
  form.addEventListener("change", function () { touched = true; });
  cancel.addEventListener("click", function (event) {
    if (touched && !window.confirm(cancel.dataset.confirm)) event.preventDefault();
  });
})();
