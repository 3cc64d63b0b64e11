import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { api, queryKeys } from '../api';
import type { BodyOption } from '../types';
import { useDebounced } from '../useDebounced';

/** The petition bureau and its own offices: never a forwarding or assignment target (the server refuses them). */

export interface KnownBody {
  id: string;
  name: string;
  kindLabel?: string;
}

/**
 * A body picker searching GET /bodies by name as the clerk types. `kind` narrows the list to one kind (the legal
 * affairs or discipline bodies of a redirect); `dispatchTarget` leaves out the bureau family. `known` names bodies
 * the page already knows (the routing suggestions), so a value set from elsewhere shows its name.
 */
export function BodyPicker({
  value,
  onChange,
  kind,
  dispatchTarget,
  known = [],
  placeholder = '输入单位名称搜索',
  testId = 'body-picker',
  autoFocus,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  kind?: string | null;
  dispatchTarget?: boolean;
  known?: KnownBody[];
  placeholder?: string;
  testId?: string;
  autoFocus?: boolean;
}) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const list = useQuery({
    queryKey: [...queryKeys.bodies(q, kind ?? undefined), dispatchTarget ? 'targets' : 'all'],
    queryFn: () => api.bodies({ q: q || undefined, kind: kind ?? undefined, targets: dispatchTarget, limit: 50 }),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  // Names of every body seen, so the selected one keeps its label when a new search no longer lists it.
  const names = useRef(new Map<string, KnownBody>());
  for (const b of known) names.current.set(b.id, b);
  for (const b of list.data?.items ?? []) names.current.set(b.id, { id: b.id, name: b.name, kindLabel: b.kindLabel });

  const options = useMemo(() => {
    const items: BodyOption[] = list.data?.items ?? [];
    const out = items.map((b) => ({ value: b.id, label: b.name, kindLabel: b.kindLabel }));
    if (value && !out.some((o) => o.value === value)) {
      const k = names.current.get(value);
      out.unshift({ value, label: k?.name ?? value, kindLabel: k?.kindLabel ?? '' });
    }
    return out;
  }, [list.data, value]);

  return (
    <Select
      data-testid={testId}
      style={{ width: '100%' }}
      value={value}
      allowClear
      autoFocus={autoFocus}
      placeholder={placeholder}
      loading={list.isFetching}
      options={options}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onChange={(id?: string) => onChange?.(id)}
      notFoundContent={list.isFetching ? '查询中…' : '没有符合条件的单位'}
      optionRender={(option) => (
        <span data-testid="body-option" data-body-id={option.value}>
          {String(option.label)}
          {option.data.kindLabel ? (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {String(option.data.kindLabel)}
            </Typography.Text>
          ) : null}
        </span>
      )}
    />
  );
}
