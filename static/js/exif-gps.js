/* The GPS position a JPEG's EXIF block records, read in the browser from the photo's
   ORIGINAL bytes (a canvas copy has no EXIF left). window.exifGps(arrayBuffer) gives
   {latitude, longitude} in degrees, or null when the file has no usable position.
   Only what a position needs is parsed: the APP1 "Exif" segment, IFD0's GPS pointer,
   and the GPS tags 1-4 (references and degree/minute/second rationals). */
(function () {
  "use strict";
  var GPS_POINTER = 0x8825, LAT_REF = 1, LAT = 2, LON_REF = 3, LON = 4;

  function tiffGps(view, tiff) {
    var little = view.getUint16(tiff) === 0x4949;  // "II", else "MM"
    function u16(at) { return view.getUint16(at, little); }
    function u32(at) { return view.getUint32(at, little); }
    if (u16(tiff + 2) !== 42) return null;

    function entries(ifd) {
      var found = {}, count = u16(ifd);
      for (var i = 0; i < count; i++) {
        var at = ifd + 2 + i * 12;
        found[u16(at)] = { type: u16(at + 2), count: u32(at + 4), at: at + 8 };
      }
      return found;
    }
    function ascii(entry) {
      return entry ? String.fromCharCode(view.getUint8(entry.at)) : "";  // "N", "S", "E", "W"
    }
    function degrees(entry) {
      if (!entry || entry.type !== 5 || entry.count !== 3) return NaN;  // 3 RATIONALs
      var at = tiff + u32(entry.at), total = 0;
      for (var i = 0; i < 3; i++) {
        var denominator = u32(at + i * 8 + 4);
        if (!denominator) return NaN;
        total += u32(at + i * 8) / denominator / Math.pow(60, i);
      }
      return total;
    }

    var pointer = entries(tiff + u32(tiff + 4))[GPS_POINTER];
    if (!pointer) return null;
    var gps = entries(tiff + u32(pointer.at));
    var latitude = degrees(gps[LAT]), longitude = degrees(gps[LON]);
    if (!isFinite(latitude) || !isFinite(longitude) || (latitude === 0 && longitude === 0)) return null;
    if (ascii(gps[LAT_REF]) === "S") latitude = -latitude;
    if (ascii(gps[LON_REF]) === "W") longitude = -longitude;
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
    return { latitude: latitude, longitude: longitude };
  }

  window.exifGps = function (buffer) {
    try {
      var view = new DataView(buffer);
      if (view.getUint16(0) !== 0xffd8) return null;  // not a JPEG
      var at = 2;
      while (at + 4 <= view.byteLength) {
        var marker = view.getUint16(at), length = view.getUint16(at + 2);
        if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return null;  // image data: no EXIF
        // APP1 starting "Exif\0\0": the TIFF structure follows.
        if (marker === 0xffe1 && view.getUint32(at + 4) === 0x45786966 && view.getUint16(at + 8) === 0) {
          return tiffGps(view, at + 10);
        }
        at += 2 + length;
      }
    } catch (error) {
      // A truncated or odd file: no position, the photo itself still goes.
    }
    return null;
  };
})();
