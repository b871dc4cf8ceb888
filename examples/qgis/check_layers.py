"""Load a Partitioner job's layers into QGIS straight from the server and check them.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 examples/qgis/check_layers.py http://127.0.0.1:5080/v1/jobs/{id}

Loads the consortia and practices GeoJSON layers from their URLs with the OGR provider (as
Layer > Add Vector Layer > Protocol: HTTP(S) does), checks validity, feature counts against the
job's report, the CRS, field names and types, applies consortia.qml, and prints a JSON summary.
A job submitted with federations (and agencies) also has a layer per level above the consortia:
each is loaded the same way, counted against the report's "levels", and checked to nest (every
consortium's federation is a feature of the federations layer, and so on up). A job with localities
has a localities layer below the consortia, checked the same way: every locality's consortium is a
feature of the consortia layer, every practice's locality a feature of the localities layer, and no
locality of more than one practice is above the requested maximum.
Exits 1 when any check fails; the summary's "problems" list says which.
"""
import json
import os
import sys
import urllib.request

from qgis.core import QgsApplication, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

STYLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "consortia.qml")
INTEGER = {QVariant.Int, QVariant.LongLong}
EXPECTED = {
    "consortia": {"name": {QVariant.String}, "patients": INTEGER, "practices": INTEGER,
                  "deprivation": {QVariant.Double}, "deprivation_dev_pct": {QVariant.Double},
                  "spend_per_patient": {QVariant.Double}, "rules_broken": INTEGER},
    "practices": {"practice_code": {QVariant.String}, "name": {QVariant.String}, "patients": INTEGER,
                  "deprivation": {QVariant.Double}, "spend": {QVariant.Double},
                  "consortium": {QVariant.String}},
}
LEVEL_FIELDS = {"name": {QVariant.String}, "patients": INTEGER, "consortia": INTEGER,
                "overspend_risk_1pct": {QVariant.Double}, "fair_share_distance_pct": {QVariant.Double}}
PLURAL = {"federation": "federations", "agency": "agencies"}
LOCALITY_FIELDS = {"name": {QVariant.String}, "patients": INTEGER, "practices": INTEGER,
                   "consortium": {QVariant.String}, "deprivation": {QVariant.Double}}


def describe(layer, name, problems, expected=None):
    if not layer.isValid():
        problems.append(f"{name}: layer is not valid ({layer.source()})")
        return {"valid": False}
    fields = {f.name(): f.type() for f in layer.fields()}
    for field, types in (expected or EXPECTED[name]).items():
        if field not in fields:
            problems.append(f"{name}: field '{field}' missing; fields are {sorted(fields)}")
        elif fields[field] not in types:
            problems.append(f"{name}: field '{field}' is {QVariant.typeToName(fields[field])}, "
                            f"expected one of {[QVariant.typeToName(t) for t in types]}")
    crs = layer.crs().authid()
    if crs != "EPSG:4326":
        problems.append(f"{name}: CRS is {crs!r}, expected EPSG:4326")
    return {"valid": True, "features": layer.featureCount(), "crs": crs,
            "fields": {k: QVariant.typeToName(v) for k, v in fields.items()}}


def main(job_url):
    job_url = job_url.rstrip("/")
    with urllib.request.urlopen(f"{job_url}/report", timeout=60) as response:
        report = json.load(response)
    expected_consortia = report["summary"]["consortia"]
    expected_practices = sum(c["practices"] for c in report["consortia"])

    problems = []
    qgs = QgsApplication([], False)
    qgs.initQgis()
    consortia = QgsVectorLayer(f"{job_url}/consortia", "consortia", "ogr")
    practices = QgsVectorLayer(f"{job_url}/practices", "practices", "ogr")
    summary = {"consortia": describe(consortia, "consortia", problems),
               "practices": describe(practices, "practices", problems),
               "report": {"consortia": expected_consortia, "practices": expected_practices}}
    if summary["consortia"].get("features") not in (None, expected_consortia):
        problems.append(f"consortia: {summary['consortia']['features']} features, report says {expected_consortia}")
    if summary["practices"].get("features") not in (None, expected_practices):
        problems.append(f"practices: {summary['practices']['features']} features, report says {expected_practices}")

    if consortia.isValid():
        message, loaded = consortia.loadNamedStyle(STYLE)
        renderer = consortia.renderer()
        summary["style"] = {"loaded": loaded, "message": message, "renderer": renderer.type(),
                            "attribute": getattr(renderer, "classAttribute", lambda: None)(),
                            "classes": len(getattr(renderer, "ranges", lambda: [])()),
                            "labels": consortia.labelsEnabled()}
        if not loaded or renderer.type() != "graduatedSymbol" or summary["style"]["attribute"] != "deprivation_dev_pct":
            problems.append(f"style {STYLE} did not apply: {summary['style']}")

    # Levels above the consortia: one layer each, nested in the next.
    levels = [l for l in report.get("levels", []) if l.get("level") in PLURAL and l.get("count", 0) > 0]
    loaded = {"consortium": consortia}
    layer = below_layer = None
    summary["levels"] = {}
    for level in levels:
        one, many = level["level"], PLURAL[level["level"]]
        fields = dict(LEVEL_FIELDS) if one == "federation" else {**LEVEL_FIELDS, "federations": INTEGER}
        if one == "agency":
            fields.pop("consortia")
        layer = QgsVectorLayer(f"{job_url}/{many}", many, "ogr")
        described = describe(layer, many, problems, fields)
        summary["levels"][many] = described
        if described.get("features") not in (None, level["count"]):
            problems.append(f"{many}: {described['features']} features, report says {level['count']}")
        if layer.isValid():
            names = {f["name"] for f in layer.getFeatures()}
            below = "consortium" if one == "federation" else "federation"
            below_layer = loaded.get(below)
            if below_layer is not None and below_layer.isValid():
                parents = {f[one] for f in below_layer.getFeatures()}
                if not parents <= names:
                    problems.append(f"{many}: the {below} layer names {sorted(parents - names)} that are not {many}")
                described["nested"] = parents <= names
        loaded[one] = layer

    # Localities below the consortia: one layer, each locality inside a consortium, each practice inside a locality.
    locality_level = next((l for l in report.get("levels", []) if l.get("level") == "locality"), None)
    localities = None
    if locality_level is not None:
        localities = QgsVectorLayer(f"{job_url}/localities", "localities", "ogr")
        described = describe(localities, "localities", problems, LOCALITY_FIELDS)
        summary["localities"] = described
        if described.get("features") not in (None, locality_level["count"]):
            problems.append(f"localities: {described['features']} features, report says {locality_level['count']}")
        # The level's maximum is raised to the largest practice standing alone; the requested one is in "localities".
        maximum = report.get("localities", {}).get("max_patients", locality_level["max_patients"])
        if localities.isValid():
            names = set()
            over = []
            for f in localities.getFeatures():
                names.add(f["name"])
                if f["practices"] > 1 and f["patients"] > maximum:
                    over.append(f["name"])
            if over:
                problems.append(f"localities: {len(over)} of more than one practice above {maximum}: {over[:5]}")
            consortium_names = {f["name"] for f in consortia.getFeatures()} if consortia.isValid() else set()
            parents = {f["consortium"] for f in localities.getFeatures()}
            homes = {f["locality"] for f in practices.getFeatures()} if practices.isValid() else set()
            if not parents <= consortium_names:
                problems.append(f"localities: consortia {sorted(parents - consortium_names)[:5]} are not in the consortia layer")
            if not homes <= names:
                problems.append(f"practices: localities {sorted(homes - names)[:5]} are not in the localities layer")
            described["nested"] = parents <= consortium_names and homes <= names
            described["over_maximum"] = len(over)

    summary["problems"] = problems
    print(json.dumps(summary, indent=2))
    # Layers must go before exitQgis(), or PyQGIS crashes on the way out.
    layer = below_layer = localities = None
    loaded.clear()
    del consortia, practices, layer, below_layer, localities
    qgs.exitQgis()
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
