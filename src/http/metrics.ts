import type { FastifyInstance } from 'fastify';

/**
 * HTTP request metrics for /api/metrics, in the Prometheus text format written by hand (version 0.0.4: no client
 * library for a handful of series). Requests are counted by method, route *pattern* (`/api/v1/matters/:id`, never
 * the URL: ids would make a series per matter) and status class (2xx…5xx), with a duration histogram.
 */

declare module 'fastify' {
  interface FastifyInstance {
    httpMetrics: HttpMetrics;
  }
}

/** Upper bounds (seconds) of the duration histogram: a health check's sub-millisecond to a 10 s report. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

interface Series {
  method: string;
  route: string;
  statusClass: string;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative; the last slot is above the last bound). */
  buckets: number[];
}

export class HttpMetrics {
  private readonly series = new Map<string, Series>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const statusClass = `${Math.floor(status / 100)}xx`;
    const key = `${method} ${route} ${statusClass}`;
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { method, route, statusClass, count: 0, sum: 0, buckets: new Array(DURATION_BUCKETS.length + 1).fill(0) }));
    s.count += 1;
    s.sum += seconds;
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]!) i += 1;
    s.buckets[i]! += 1;
  }

  write(out: Exposition): void {
    const all = [...this.series.values()];
    out.family('xinfang_http_requests_total', 'counter', 'HTTP requests answered, by method, route pattern and status class.');
    for (const s of all) out.sample('xinfang_http_requests_total', labelsOf(s), s.count);
    out.family('xinfang_http_request_duration_seconds', 'histogram', 'Time from receiving a request to sending its answer, by method, route pattern and status class.');
    for (const s of all) {
      const labels = labelsOf(s);
      let cumulative = 0;
      DURATION_BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i]!;
        out.sample('xinfang_http_request_duration_seconds_bucket', { ...labels, le: String(le) }, cumulative);
      });
      out.sample('xinfang_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' }, s.count);
      out.sample('xinfang_http_request_duration_seconds_sum', labels, s.sum);
      out.sample('xinfang_http_request_duration_seconds_count', labels, s.count);
    }
  }
}

const labelsOf = (s: Series) => ({ method: s.method, route: s.route, status_class: s.statusClass });

/** Counts every answered request of the app (the per-request cost: a map lookup and a few additions). */
export function installHttpMetrics(app: FastifyInstance): void {
  const metrics = new HttpMetrics();
  app.decorate('httpMetrics', metrics);
  // A callback hook, not an async one: no promise per request on the hot path.
  app.addHook('onResponse', (request, reply, done) => {
    // No route matched (a 404, a client-side path of the web app): one series for all, whatever the URL.
    const route = request.routeOptions.url ?? '(unmatched)';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1_000);
    done();
  });
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** A Prometheus text exposition being written: each family's HELP and TYPE, then its samples. */
export class Exposition {
  private readonly lines: string[] = [];

  family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string): this {
    this.lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`);
    return this;
  }

  sample(name: string, labels: Record<string, string>, value: number): this {
    const entries = Object.entries(labels);
    const text = entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
    this.lines.push(`${name}${text} ${formatValue(value)}`);
    return this;
  }

  /** A family of one unlabelled sample. */
  single(name: string, type: 'counter' | 'gauge', help: string, value: number): this {
    return this.family(name, type, help).sample(name, {}, value);
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
