"""How long and how much memory the portal's image re-encoding takes on phone photos.

A 12-megapixel JPEG (4000x3000, quality 90) and a HEIC of the same picture are
made in memory, with texture and noise so they compress like real photos, and
with the EXIF of a phone shot held upright (orientation 6, GPS). Each goes
through `reports.media.inspect_upload` the way a report form's upload does: a
`TemporaryUploadedFile` filled in chunks (what the upload handler streams to
disk), then `inspect_upload(upload, kind=IMAGE)`, which decodes, turns the
picture upright, drops the metadata and re-encodes it (`_reencode_image`).

Every measurement runs in a fresh Python process (Django set up, nothing
decoded yet): the time of the call, and the process's peak resident memory
(VmHWM, see `_peak_rss_mb`) before and after it. Median of 3 runs per format.

    .venv/bin/python bench/photos.py            # prints the table
    .venv/bin/python bench/photos.py --json F   # also writes the results to F

Settings: DJANGO_SETTINGS_MODULE if set (bench.runner passes bench.settings),
else phananh.settings.base; no database is touched.
"""

import argparse
import io
import json
import os
import resource
import statistics
import subprocess  # nosec B404 # runs its own measuring child
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 4000, 3000
JPEG_QUALITY = 90
HEIC_QUALITY = 50  # an iPhone's 12 MP HEIC is 1.5-3 MB
RUNS = 3
CHILD_TIMEOUT = 300
CHUNK = 64 * 1024
FORMATS = {"JPEG": (".jpg", "image/jpeg"), "HEIC": (".heic", "image/heic")}


# --- Making the photos (parent process) ------------------------------------------


def _picture():
    """A 4000x3000 RGB picture: smooth colour fields, blotches and grain."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(2026)
    y = np.linspace(0, 1, HEIGHT, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, WIDTH, dtype=np.float32)[None, :]
    pixels = np.empty((HEIGHT, WIDTH, 3), np.float32)
    pixels[..., 0] = 120 + 80 * np.sin(6 * x + 2 * y) * np.cos(3 * y)
    pixels[..., 1] = 110 + 70 * np.sin(4 * y + 5 * x * y)
    pixels[..., 2] = 100 + 60 * np.cos(7 * x - 3 * y)
    blotches = rng.normal(128, 25, (HEIGHT // 8, WIDTH // 8, 3)).clip(0, 255).astype(np.uint8)
    blotches = Image.fromarray(blotches).resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)
    pixels += np.asarray(blotches, np.float32) - 128
    pixels += rng.normal(0, 7, (HEIGHT, WIDTH, 3)).astype(np.float32)
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8))


def _exif():
    """A phone's EXIF: held upright (rotate 90°), with a GPS fix in Đông Hà."""
    from PIL import ExifTags, Image

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Bench"
    exif[ExifTags.Base.Model] = "Phone 12MP"
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (16.0, 48.0, 57.6)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (107.0, 5.0, 52.8)
    return exif


def make_photos() -> tuple[dict[str, bytes], list[str]]:
    """({format: bytes}, notes): the JPEG always, the HEIC when an encoder exists."""
    picture = _picture()
    exif = _exif().tobytes()
    photos, notes = {}, []
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=JPEG_QUALITY, exif=exif)
    photos["JPEG"] = buffer.getvalue()
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
        if not pillow_heif.libheif_info().get("encoders", {}).get("x265"):
            raise RuntimeError("libheif has no HEVC (x265) encoder")
        buffer = io.BytesIO()
        try:
            picture.save(
                buffer,
                format="HEIF",
                quality=HEIC_QUALITY,
                exif=exif,
                enc_params={"preset": "fast"},
            )
        except (TypeError, ValueError, KeyError):
            buffer = io.BytesIO()
            picture.save(buffer, format="HEIF", quality=HEIC_QUALITY, exif=exif)
        photos["HEIC"] = buffer.getvalue()
    except Exception as error:  # noqa: BLE001 - any missing piece only skips the HEIC
        notes.append(f"HEIC not measured: pillow_heif cannot encode HEIF here ({error}).")
    return photos, notes


# --- One measurement (child process) ----------------------------------------------


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB.

    Not ru_maxrss: Linux carries the parent's peak over `exec` into the child's
    ru_maxrss, so a child started by a parent that held the 12 MP picture
    would report the parent's peak. VmHWM belongs to the new address space."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(path: str, content_type: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phananh.settings.base")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from reports import media
    from reports.models import Attachment

    name = Path(path).name
    upload = TemporaryUploadedFile(name, content_type, 0, None)
    with open(path, "rb") as source:
        while chunk := source.read(CHUNK):
            upload.write(chunk)
    upload.size = upload.tell()
    upload.seek(0)

    before = _peak_rss_mb()
    started = time.perf_counter()
    prepared = media.inspect_upload(upload, kind=Attachment.Kind.IMAGE)
    seconds = time.perf_counter() - started
    after = _peak_rss_mb()
    upload.close()
    return {
        "seconds": seconds,
        "rss_before_mb": before,
        "rss_peak_mb": after,
        "rss_added_mb": after - before,
        "output_bytes": prepared.size,
        "output_type": prepared.content_type,
        "gps": prepared.gps,
    }


def _run_child(path: Path, content_type: str) -> dict:
    completed = subprocess.run(  # noqa: S603 - our own interpreter and script  # nosec B603
        [sys.executable, __file__, "--child", str(path), content_type],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"re-encoding {path.name} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- The whole measurement ----------------------------------------------------------


def measure(runs: int = RUNS) -> dict:
    photos, notes = make_photos()
    rows = []
    with tempfile.TemporaryDirectory(prefix="phananh-bench-photos-") as folder:
        for fmt, data in photos.items():
            extension, content_type = FORMATS[fmt]
            path = Path(folder) / f"photo{extension}"
            path.write_bytes(data)
            samples = [_run_child(path, content_type) for _ in range(runs)]
            rows.append(
                {
                    "format": fmt,
                    "pixels": f"{WIDTH}x{HEIGHT}",
                    "input_mb": len(data) / 1e6,
                    "seconds": statistics.median(s["seconds"] for s in samples),
                    "rss_before_mb": statistics.median(s["rss_before_mb"] for s in samples),
                    "rss_peak_mb": statistics.median(s["rss_peak_mb"] for s in samples),
                    "rss_added_mb": statistics.median(s["rss_added_mb"] for s in samples),
                    "output_mb": statistics.median(s["output_bytes"] for s in samples) / 1e6,
                    "output_type": samples[0]["output_type"],
                    "gps_read": samples[0]["gps"] is not None,
                    "runs": runs,
                }
            )
    return {"rows": rows, "notes": notes}


def markdown(result: dict) -> str:
    lines = [
        "| photo | size | input | re-encoded | time (median) | RSS before | peak RSS "
        "| added by the call |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        lines.append(
            f"| {row['format']} | {row['pixels']} | {row['input_mb']:.1f} MB "
            f"| {row['output_mb']:.1f} MB {row['output_type'].split('/')[-1].upper()} "
            f"| {row['seconds']:.2f} s | {row['rss_before_mb']:.0f} MB "
            f"| {row['rss_peak_mb']:.0f} MB "
            f"| {row['rss_added_mb']:.0f} MB |"
        )
    lines.extend(f"\n{note}" for note in result["notes"])
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per format (median)")
    parser.add_argument("--child", nargs=2, metavar=("PATH", "TYPE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0
    print(f"Photos: {WIDTH}x{HEIGHT} JPEG q{JPEG_QUALITY} and HEIC, reports.media.inspect_upload")
    result = measure(runs=args.runs)
    print(markdown(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
