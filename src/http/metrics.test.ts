import { describe, expect, it } from 'vitest';
import { Exposition, HttpMetrics } from './metrics';

describe('the Prometheus text exposition', () => {
  it('writes a histogram with cumulative buckets, +Inf, sum and count', () => {
    const m = new HttpMetrics();
    m.observe('GET', '/api/v1/matters/:id', 200, 0.003);
    m.observe('GET', '/api/v1/matters/:id', 204, 0.3);
    m.observe('GET', '/api/v1/matters/:id', 200, 42);
    m.observe('POST', '/api/v1/matters', 500, 0.01);
    const out = new Exposition();
    m.write(out);
    const lines = out.toString().split('\n');
    const labels = 'method="GET",route="/api/v1/matters/:id",status_class="2xx"';
    expect(lines).toContain(`xinfang_http_requests_total{${labels}} 3`);
    expect(lines).toContain(`xinfang_http_request_duration_seconds_bucket{${labels},le="0.005"} 1`);
    expect(lines).toContain(`xinfang_http_request_duration_seconds_bucket{${labels},le="0.25"} 1`);
    expect(lines).toContain(`xinfang_http_request_duration_seconds_bucket{${labels},le="0.5"} 2`);
    expect(lines).toContain(`xinfang_http_request_duration_seconds_bucket{${labels},le="10"} 2`);
    expect(lines).toContain(`xinfang_http_request_duration_seconds_bucket{${labels},le="+Inf"} 3`);
    expect(lines).toContain(`xinfang_http_request_duration_seconds_sum{${labels}} 42.303`);
    expect(lines).toContain(`xinfang_http_request_duration_seconds_count{${labels}} 3`);
    // An observation on a bucket's bound falls in that bucket (le: less than or equal).
    expect(lines).toContain('xinfang_http_request_duration_seconds_bucket{method="POST",route="/api/v1/matters",status_class="5xx",le="0.01"} 1');
    // HELP and TYPE once per family, before its samples.
    expect(lines.filter((l) => l === '# TYPE xinfang_http_request_duration_seconds histogram')).toHaveLength(1);
    expect(lines.indexOf('# TYPE xinfang_http_requests_total counter')).toBeLessThan(lines.indexOf(`xinfang_http_requests_total{${labels}} 3`));
  });

  it('escapes label values and ends with a newline', () => {
    const text = new Exposition().family('x', 'gauge', 'help').sample('x', { route: 'a"b\\c\nd' }, 1).toString();
    expect(text).toBe('# HELP x help\n# TYPE x gauge\nx{route="a\\"b\\\\c\\nd"} 1\n');
  });
});
