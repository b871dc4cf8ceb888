"""Load a Partitioner job's consortia into QGIS from the OGC API Features endpoint and from its GeoPackage, and check them.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 examples/qgis/check_ogc.py http://127.0.0.1:5080 {job id} [plan.gpkg]

- EPSG:4326: QGIS's own OGC API Features provider (Layer > Add Layer > Add WFS / OGC API - Features Layer) on
  {server}/ogc, collection job-{id}-consortia.
- EPSG:27700: the collection's items in British National Grid (?crs=http://www.opengis.net/def/crs/EPSG/0/27700),
  read by the OGR provider as Layer > Add Vector Layer > Protocol: HTTP(S) does (QGIS before 3.28 cannot ask an
  OGC API for another CRS itself).
- The GeoPackage (downloaded from {server}/v1/jobs/{id}/geopackage unless a file is given): its consortia layer.

Each layer is checked for its CRS, feature count (against the job's report), field types and geometry validity
(qgis:checkvalidity, GEOS method). Prints a JSON summary; exits 1 when any check fails ("problems" says which).
"""
import json
import os
import sys
import tempfile
import urllib.request

from qgis.core import QgsApplication, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

sys.path.append("/usr/share/qgis/python/plugins")

BNG = "http://www.opengis.net/def/crs/EPSG/0/27700"
INTEGER = {QVariant.Int, QVariant.LongLong}
EXPECTED = {"name": {QVariant.String}, "patients": INTEGER, "practices": INTEGER, "deprivation": {QVariant.Double},
            "deprivation_dev_pct": {QVariant.Double}, "spend_dev_pct": {QVariant.Double}, "rules_broken": INTEGER}


def check(layer, label, crs, expected_count, problems):
    if not layer.isValid():
        problems.append(f"{label}: layer is not valid ({layer.source()})")
        return {"valid": False}
    fields = {f.name(): f.type() for f in layer.fields()}
    for field, types in EXPECTED.items():
        if field not in fields:
            problems.append(f"{label}: field '{field}' missing; fields are {sorted(fields)}")
        elif fields[field] not in types:
            problems.append(f"{label}: field '{field}' is {QVariant.typeToName(fields[field])}")
    if layer.crs().authid() != crs:
        problems.append(f"{label}: CRS is {layer.crs().authid()!r}, expected {crs}")
    features = list(layer.getFeatures())
    if len(features) != expected_count:
        problems.append(f"{label}: {len(features)} features, the report has {expected_count} consortia")
    validity = check_validity(layer)
    if validity["invalid"] != 0 or validity["errors"] != 0 or validity["valid"] != expected_count:
        problems.append(f"{label}: qgis:checkvalidity found {validity}")
    extent = layer.extent()
    return {"valid": True, "crs": layer.crs().authid(), "features": len(features),
            "fields": {k: QVariant.typeToName(v) for k, v in fields.items()},
            "extent": [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()],
            "validity": validity}


def check_validity(layer):
    import processing
    result = processing.run("qgis:checkvalidity", {
        "INPUT_LAYER": layer, "METHOD": 2, "IGNORE_RING_SELF_INTERSECTION": False,
        "VALID_OUTPUT": "memory:", "INVALID_OUTPUT": "memory:", "ERROR_OUTPUT": "memory:"})
    return {"valid": result["VALID_COUNT"], "invalid": result["INVALID_COUNT"], "errors": result["ERROR_COUNT"]}


def main(server, job, gpkg=None):
    server = server.rstrip("/")
    with urllib.request.urlopen(f"{server}/v1/jobs/{job}/report", timeout=60) as response:
        expected = json.load(response)["summary"]["consortia"]
    if gpkg is None:
        gpkg = os.path.join(tempfile.mkdtemp(), f"partitioner-{job}.gpkg")
        urllib.request.urlretrieve(f"{server}/v1/jobs/{job}/geopackage", gpkg)

    qgs = QgsApplication([], False)
    qgs.initQgis()
    from processing.core.Processing import Processing
    Processing.initialize()

    collection = f"job-{job}-consortia"
    layers = {
        "ogc_4326": (QgsVectorLayer(f"url='{server}/ogc' typename='{collection}'", "consortia", "OAPIF"), "EPSG:4326"),
        "ogc_27700": (QgsVectorLayer(f"{server}/ogc/collections/{collection}/items?crs={BNG}&limit=10000",
                                     "consortia (British National Grid)", "ogr"), "EPSG:27700"),
        "geopackage": (QgsVectorLayer(f"{gpkg}|layername=consortia", "consortia (GeoPackage)", "ogr"), "EPSG:27700"),
    }
    problems = []
    summary = {name: check(layer, name, crs, expected, problems) for name, (layer, crs) in layers.items()}
    summary["report"] = {"consortia": expected}
    summary["problems"] = problems
    print(json.dumps(summary, indent=2))
    # Layers must go before exitQgis(), or PyQGIS crashes on the way out.
    layers.clear()
    qgs.exitQgis()
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
