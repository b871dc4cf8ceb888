"""A tiny client for the Partitioner HTTP API, used by what-if.ipynb.

Only `requests` and `geopandas` are needed. Every function takes the server's base URL, so the
same code works against a local server (`http://127.0.0.1:5080`) or a shared one.
"""
from __future__ import annotations

import json
import os
import time

import io

import geopandas
import pandas
import requests

DEFAULT_URL = "http://127.0.0.1:5080"
FINISHED = {"succeeded", "failed", "cancelled"}


def server_url() -> str:
    """The server to talk to: $PARTITIONER_URL, or the local default."""
    return os.environ.get("PARTITIONER_URL", DEFAULT_URL).rstrip("/")


def submit(base: str, dataset: str, options: dict) -> str:
    """Start a solve job and return its URL (from the 202 response's Location header)."""
    response = requests.post(f"{base}/v1/jobs", json={"dataset": dataset, "options": options}, timeout=30)
    if response.status_code != 202:
        raise RuntimeError(f"POST /v1/jobs returned {response.status_code}: {response.text}")
    location = response.headers.get("Location") or f"/v1/jobs/{response.json()['id']}"
    return location if location.startswith("http") else base + location


def submit_sweep(base: str, dataset: str, options: dict, sweep: dict) -> str:
    """Start a sweep of balance bands (e.g. {"bands": [0.3, 0.2, 0.1]} or {"from": 0.3, "to": "bound", "step": 0.05})
    and return its URL; wait for it like a job."""
    body = {"dataset": dataset, "options": options, "sweep": sweep}
    response = requests.post(f"{base}/v1/sweeps", json=body, timeout=30)
    if response.status_code != 202:
        raise RuntimeError(f"POST /v1/sweeps returned {response.status_code}: {response.text}")
    location = response.headers.get("Location") or f"/v1/sweeps/{response.json()['id']}"
    return location if location.startswith("http") else base + location


def sweep_table(sweep_url: str) -> tuple[pandas.DataFrame, dict]:
    """A finished sweep's trade-off table, one row per band, and its proven bound."""
    response = requests.get(f"{sweep_url}/table", timeout=60)
    response.raise_for_status()
    table = response.json()
    return pandas.DataFrame(table["rows"]).set_index("band_pct"), table["bound"]


def wait(job_url: str, poll_seconds: float = 0.5, timeout_seconds: float = 600, label: str = "") -> dict:
    """Poll a job (a solve or an ensemble) until it finishes, printing one progress line per poll. Returns the final status."""
    deadline = time.monotonic() + timeout_seconds
    while True:
        status = requests.get(job_url, timeout=30).json()
        progress = status.get("progress") or {}
        if "plans_wanted" in progress:
            detail = (f"  plans {progress.get('plans_recorded') or 0:>7,} of {progress['plans_wanted']:,}"
                      f"  steps {progress.get('steps') or 0:>9,}")
        else:
            detail = (f"  steps {progress.get('steps') or 0:>9,}"
                      f"  best score {_fmt(progress.get('best_score'))}"
                      f"  feasible {progress.get('feasible_found', False)}")
        print(f"{label:<18} {status['state']:<10}"
              f" elapsed {progress.get('elapsed_seconds') or 0:5.1f}s{detail}"
              f"  {status.get('message') or ''}", flush=True)
        if status["state"] in FINISHED:
            if status["state"] != "succeeded":
                raise RuntimeError(f"job {job_url} {status['state']}: {status.get('message')} "
                                   f"{json.dumps(status.get('errors'), indent=1)}")
            return status
        if time.monotonic() > deadline:
            raise TimeoutError(f"job {job_url} still {status['state']} after {timeout_seconds} s")
        time.sleep(poll_seconds)


def consortia(job_url: str) -> geopandas.GeoDataFrame:
    """The consortia polygons (WGS84) with their metrics as columns."""
    return _layer(f"{job_url}/consortia")


def practices(job_url: str) -> geopandas.GeoDataFrame:
    """The practice points (WGS84) with the consortium each one was assigned to."""
    return _layer(f"{job_url}/practices")


def report(job_url: str) -> dict:
    """The JSON report: `summary` for the whole plan and one entry per consortium."""
    response = requests.get(f"{job_url}/report", timeout=60)
    response.raise_for_status()
    return response.json()


def evaluate_file(base: str, path: str, group_by: str, layer: str = "report") -> dict:
    """Evaluate the plan given by a practices file's grouping field (e.g. the real CCGs in `ccg_code`).

    Returns the report (or, with layer="consortia", the consortia GeoJSON as a dict)."""
    media = "application/geo+json" if path.endswith((".json", ".geojson")) else "text/csv"
    with open(path, "rb") as f:
        response = requests.post(f"{base}/v1/evaluations", params={"group_by": group_by, "layer": layer},
                                 data=f.read(), headers={"Content-Type": media}, timeout=300)
    if response.status_code != 200:
        raise RuntimeError(f"POST /v1/evaluations returned {response.status_code}: {response.text}")
    return response.json()


def evaluate_drawn(base: str, dataset: str, drawn: geopandas.GeoDataFrame, options: dict, name_column: str = "name") -> dict:
    """Evaluate a plan drawn as consortium polygons (e.g. a job's consortia, edited with geopandas): each practice of
    `dataset` goes to the polygon holding its surgery, named by `name_column`. Returns the report."""
    shapes = drawn[[name_column, "geometry"]].rename(columns={name_column: "consortium"}).to_crs("EPSG:4326")
    body = {"dataset": dataset, "options": options, "mapping": json.loads(shapes.to_json())}
    response = requests.post(f"{base}/v1/evaluations", params={"layer": "report"}, json=body, timeout=300)
    if response.status_code != 200:
        raise RuntimeError(f"POST /v1/evaluations returned {response.status_code}: {response.text}")
    return response.json()


def submit_ensemble(base: str, dataset: str, options: dict, ensemble: dict, group_by: str | None = None) -> str:
    """Start sampling an ensemble of valid plans (rules in `options`, sampling settings in `ensemble`: plans, chains,
    seed, thin, burn_in, count); `group_by` names the existing map disruption is measured from. Returns its URL."""
    body = {"dataset": dataset, "options": options, "ensemble": ensemble}
    if group_by:
        body["group_by"] = group_by
    response = requests.post(f"{base}/v1/ensembles", json=body, timeout=30)
    if response.status_code != 202:
        raise RuntimeError(f"POST /v1/ensembles returned {response.status_code}: {response.text}")
    location = response.headers.get("Location") or f"/v1/ensembles/{response.json()['id']}"
    return location if location.startswith("http") else base + location


def ensemble_plans(ensemble_url: str) -> pandas.DataFrame:
    """One row per recorded plan: its chain, step and every statistic."""
    response = requests.get(f"{ensemble_url}/plans", timeout=60)
    response.raise_for_status()
    return pandas.read_csv(io.StringIO(response.text))


def ensemble_report(ensemble_url: str) -> dict:
    """What was sampled, the chains, and convergence: `convergence.verdict` says whether to trust it."""
    response = requests.get(f"{ensemble_url}/report", timeout=60)
    response.raise_for_status()
    return response.json()


def outliers(ensemble_url: str, group_by: str | None = None, mapping: dict | None = None) -> dict:
    """Test a proposed plan (a grouping field of the practices, or {practice_code: consortium}) against the ensemble."""
    body = {"group_by": group_by} if group_by else {"mapping": mapping}
    response = requests.post(f"{ensemble_url}/outliers", json=body, timeout=300)
    if response.status_code != 200:
        raise RuntimeError(f"POST {ensemble_url}/outliers returned {response.status_code}: {response.text}")
    return response.json()


def cores(ensemble_url: str) -> geopandas.GeoDataFrame:
    """Stable cores: groups of practices together in at least 90% of the ensemble's plans (WGS84 polygons)."""
    return _layer(f"{ensemble_url}/cores")


def _layer(url: str) -> geopandas.GeoDataFrame:
    response = requests.get(url, timeout=60)
    response.raise_for_status()
    return geopandas.GeoDataFrame.from_features(response.json()["features"], crs="EPSG:4326")


def _fmt(value) -> str:
    return "-" if value is None else f"{value:,.4g}"
