// The few HTTP calls the page makes, all to this service's own API.

// Every state-changing call says it comes from the page (the service refuses form posts without it, so that a page on
// another site cannot make the browser post one).
const intent = { 'X-Partitioner-Request': '1' };

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ProblemError(response.status, body);
  return body;
}

/** Submits a job: a bundled dataset by name (JSON) or the user's own file (multipart). Returns the job status. */
export async function submitJob({ dataset, file, options }) {
  let request;
  if (file) {
    const form = new FormData();
    form.append('practices', file, file.name);
    form.append('options', new Blob([JSON.stringify(options)], { type: 'application/json' }));
    request = { method: 'POST', headers: intent, body: form };
  } else {
    request = { method: 'POST', headers: { ...intent, 'Content-Type': 'application/json' }, body: JSON.stringify({ dataset, options }) };
  }
  const response = await fetch('/v1/jobs', request);
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ProblemError(response.status, body);
  return body;
}

/** An RFC 7807 problem answered by the API: its detail and each listed error, for the page to show. */
export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `The service answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }

  get lines() {
    const errors = this.problem?.errors;
    if (!Array.isArray(errors)) return [];
    return errors.map(e => typeof e === 'string' ? e : (e.message ? `${e.where ?? ''} ${e.field ?? ''}: ${e.message}`.trim() : JSON.stringify(e)));
  }
}

/** The four result documents of a finished job. */
export async function jobResults(id) {
  const [consortia, practices, report] = await Promise.all([
    getJson(`/v1/jobs/${id}/consortia`),
    getJson(`/v1/jobs/${id}/practices`),
    getJson(`/v1/jobs/${id}/report`),
  ]);
  return { consortia, practices, report };
}
