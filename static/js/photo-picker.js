/* The report form's photos, phone first: "Chụp ảnh hoặc chọn ảnh" (gallery or camera) and
   "Chụp ảnh" (camera straight away) add to one list, shown as thumbnails each with its own
   "Bỏ ảnh"; choosing more keeps the ones already chosen. The list is written back into the
   images input (DataTransfer), so the form posts it as usual.
   Before that, each photo's GPS is read from its ORIGINAL bytes (window.exifGps) and a JPEG
   or WebP photo larger than needed is redrawn at most 2560 px long as a JPEG (quality 0.85):
   a 12 MB phone photo then travels as 1-2 MB. HEIC, or anything the browser cannot decode,
   goes as it is. The server still checks every file (reports/media.py).
   Events on the form: "report-form:photo-gps" {latitude, longitude, photo} for the first
   photo of a batch with a position, "report-form:photo-removed" {photo}; it listens to
   "report-form:saved" (the photos are now the draft's kept files). form.photosReady()
   is a promise of the photos being ready to post.
   Without this script (or DataTransfer) the two native file inputs post as they are. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  var picker = document.getElementById("photo-picker");
  if (!form || !picker) return;
  var input = picker.querySelector("input[type=file]:not(#camera-input)");
  var camera = document.getElementById("camera-input");
  var thumbs = document.getElementById("photo-thumbs");
  var status = document.getElementById("photo-status");
  try { new DataTransfer(); } catch (error) { return; }

  var MAX_SIDE = 2560;
  var QUALITY = 0.85;
  var SMALL_ENOUGH = 1.5 * 1024 * 1024;  // a photo this small and short enough goes as it is
  var EXIF_BYTES = 128 * 1024;  // APP1 is at most 64 KB, right after the JPEG's start
  var photos = [];
  var nextId = 1;
  var ready = Promise.resolve();

  picker.classList.add("photo-picker--enhanced");

  function readHead(file) {
    var head = file.slice(0, EXIF_BYTES);
    if (head.arrayBuffer) return head.arrayBuffer();
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = reject;
      reader.readAsArrayBuffer(head);
    });
  }

  function decode(file) {
    if (window.createImageBitmap) return createImageBitmap(file, { imageOrientation: "from-image" });
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () { resolve(image); };
      image.onerror = reject;
      image.src = URL.createObjectURL(file);
    });
  }

  function jpegName(name) {
    return /\.jpe?g$/i.test(name) ? name : name.replace(/\.[^.]*$/, "") + ".jpg";
  }

  function downscale(file) {
    if (!/^image\/(jpeg|webp)$/.test(file.type)) return Promise.resolve(file);
    return decode(file).then(function (image) {
      var width = image.width, height = image.height;
      var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
      if (scale === 1 && file.size <= SMALL_ENOUGH) return file;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
      if (image.close) image.close();
      return new Promise(function (resolve) {
        canvas.toBlob(resolve, "image/jpeg", QUALITY);
      }).then(function (blob) {
        if (!blob || blob.size >= file.size) return file;
        return new File([blob], jpegName(file.name), { type: "image/jpeg", lastModified: file.lastModified });
      });
    }).catch(function () { return file; });  // undecodable here: the server decides
  }

  function prepare(file) {
    var photo = { id: nextId++, name: file.name, gps: null };
    return readHead(file)
      .then(function (head) { photo.gps = window.exifGps ? window.exifGps(head) : null; })
      .catch(function () {})
      .then(function () { return downscale(file); })
      .then(function (sent) {
        photo.file = sent;
        photo.url = URL.createObjectURL(sent);
        return photo;
      });
  }

  function sync() {
    var transfer = new DataTransfer();
    photos.forEach(function (photo) { transfer.items.add(photo.file); });
    input.files = transfer.files;
    if (camera) camera.value = "";
    thumbs.hidden = !photos.length;
    status.textContent = photos.length ? form.dataset.msgPhotosChosen.replace("{count}", photos.length) : "";
  }

  function thumbnail(photo) {
    var item = document.createElement("li");
    item.className = "photo-thumb";
    item.dataset.photo = photo.id;
    var image = document.createElement("img");
    image.src = photo.url;
    image.alt = photo.name;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "photo-thumb__remove";
    remove.textContent = form.dataset.msgRemovePhoto;
    var name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = " (" + photo.name + ")";
    remove.appendChild(name);
    remove.addEventListener("click", function () { removePhoto(photo, item); });
    item.appendChild(image);
    item.appendChild(remove);
    return item;
  }

  function removePhoto(photo, item) {
    var index = photos.indexOf(photo);
    if (index === -1) return;
    photos.splice(index, 1);
    URL.revokeObjectURL(photo.url);
    var neighbour = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    sync();
    (neighbour ? neighbour.querySelector("button") : input).focus();
    form.dispatchEvent(new CustomEvent("report-form:photo-removed", { detail: { photo: photo.id } }));
  }

  function add(source) {
    var files = Array.prototype.slice.call(source.files || []);
    if (!files.length) { sync(); return; }
    status.textContent = form.dataset.msgPhotoPreparing;
    ready = ready.then(function () {
      return Promise.all(files.map(prepare));
    }).then(function (prepared) {
      prepared.forEach(function (photo) {
        photos.push(photo);
        thumbs.appendChild(thumbnail(photo));
      });
      sync();
      var located = prepared.filter(function (photo) { return photo.gps; })[0];
      if (located) {
        status.textContent += " " + form.dataset.msgPhotoGps;
        form.dispatchEvent(new CustomEvent("report-form:photo-gps", {
          detail: { latitude: located.gps.latitude, longitude: located.gps.longitude, photo: located.id }
        }));
      }
    });
  }

  input.addEventListener("change", function () { add(input); });
  if (camera) camera.addEventListener("change", function () { add(camera); });

  form.photosReady = function () { return ready; };

  form.addEventListener("report-form:saved", function () {
    photos.forEach(function (photo) { URL.revokeObjectURL(photo.url); });
    photos = [];
    thumbs.textContent = "";
    sync();
  });
})();
