"""Build the compact fixtures in ``fixtures/workforce/`` from the upstream files in ``../shared/data/``.

Each importer module reads one source as published and returns a ``Release`` of clean tables; this
module writes them and the manifest. A new BLS/BEA/O*NET release is an import: drop the new upstream
file into its folder (same layout, the year in the file name where there is one) and rerun
``manage.py build_workforce_fixtures``.
"""

import shutil
from pathlib import Path

from . import cpi, crosswalk, oews, oews_history, onet, projections, rpp
from .fixtures import write_manifest, write_release


def build_all(source_dir: Path, out_dir: Path, *, log=print) -> list[dict]:
    source_dir = Path(source_dir).resolve()
    out_dir = Path(out_dir)
    current = oews.build(source_dir)
    year = int(current.vintage.split()[-1])
    releases = [
        current,
        oews_history.build(source_dir, exclude_years={year}),
        projections.build(source_dir),
        rpp.build(source_dir, area_codes=set(current.tables["areas"]["code"])),
        cpi.build(source_dir),
        crosswalk.build(source_dir),
        onet.build(source_dir),
    ]
    staging = out_dir.with_name(out_dir.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    entries = []
    for release in releases:
        entry = write_release(release, staging)
        rows = ", ".join(f"{t['name']} {t['rows']:,}" for t in entry["tables"])
        log(f"{release.source} {release.vintage}: {rows}")
        entries.append(entry)
    write_manifest(entries, staging)
    # Swap in the complete new set only once everything was written.
    if out_dir.exists():
        for child in out_dir.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            elif child.name == "manifest.json" or child.suffix == ".gz":
                child.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)
    for child in staging.iterdir():
        shutil.move(str(child), out_dir / child.name)
    staging.rmdir()
    return entries
