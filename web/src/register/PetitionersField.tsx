import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Button, Checkbox, Input, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Channel, PetitionerHit } from '../types';
import { registrationApi, registrationKeys } from './api';
import { Field, useProblem } from './Field';
import { ART_20_3, MAX_REPRESENTATIVES, emptyPerson, fieldDomId, type PersonRow } from './model';
import { useDebounced } from '../useDebounced';

/**
 * Columns of a petitioner row: number, name, ID number, phone, 代表 + 删除; the address has a line of its own under
 * name to phone (a column of its own was squeezed to 24 px beside the screening panel at 1366 px). The ID column fits
 * 18 digits (about 190 px at 14 px); the name keeps room for its placeholder. The address stays between the phone and
 * 代表 in the DOM, so Tab goes name → ID → phone → address → 代表.
 */
const GRID = '22px minmax(110px, 1fr) minmax(196px, 1.35fr) minmax(120px, 1fr) 96px';
const ADDRESS_CELL = { gridColumn: '2 / 5', gridRow: 2 } as const;
const ACTIONS_CELL = { gridColumn: 5, gridRow: 1 } as const;

/** Name with find-as-you-type over the petitioner registry (name prefix, phone, ID number, last 4 digits). */
function NameInput({ row, index, onChange, onPick }: { row: PersonRow; index: number; onChange: (name: string) => void; onPick: (hit: PetitionerHit) => void }) {
  const q = useDebounced(row.name.trim(), 250);
  const hits = useQuery({
    queryKey: registrationKeys.petitioners(q),
    queryFn: ({ signal }) => registrationApi.searchPetitioners(q, signal),
    enabled: q.length >= 1 && !row.picked,
    staleTime: 30_000,
    retry: false,
  });
  const items = row.picked ? [] : (hits.data?.items ?? []);
  // Open only while the name has focus (hits arriving after the clerk tabbed on must not pop up), until Esc.
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  return (
    <AutoComplete
      id={`reg-petitioner-${index}-name`}
      value={row.name}
      open={focused && !dismissed && items.length > 0}
      onOpenChange={(open) => !open && setDismissed(true)}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      popupMatchSelectWidth={360}
      // No option is active until the clerk moves to one: Tab and Enter never pick a registry record by themselves.
      defaultActiveFirstOption={false}
      options={items.map((h) => ({
        value: h.id,
        label: (
          <div data-testid="petitioner-hit" data-petitioner-id={h.id}>
            <Typography.Text strong>{h.name}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {h.idNumberMasked ?? '无身份证号'} · {h.phoneMasked ?? '无电话'}
            </Typography.Text>
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
              {h.matterCount} 件事项{h.lastPetitionOn ? ` · 最近信访 ${h.lastPetitionOn}` : ''}
              {h.address ? ` · ${h.address}` : ''}
            </div>
          </div>
        ),
      }))}
      onChange={(v: string) => {
        if (items.some((h) => h.id === v)) return; // the option's value is its id: onSelect handles it
        setDismissed(false);
        onChange(v);
      }}
      onSelect={(id: string) => {
        const hit = items.find((h) => h.id === id);
        if (hit) onPick(hit);
      }}
    >
      <Input data-testid="petitioner-name" placeholder="姓名（名称），输入即查登记库" autoComplete="off" />
    </AutoComplete>
  );
}

function PersonRowView({
  row,
  index,
  channel,
  canRemove,
  onChange,
  onRemove,
  onEnter,
}: {
  row: PersonRow;
  index: number;
  channel: Channel;
  canRemove: boolean;
  onChange: (patch: Partial<PersonRow>) => void;
  onRemove: () => void;
  onEnter: () => void;
}) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Enter in a row goes to the next row (adding one at the end); not while an IME composes, not when the
    // name's suggestion list took the Enter to pick a record, and not on buttons.
    if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || e.nativeEvent.isComposing || e.defaultPrevented) return;
    if ((e.target as HTMLElement).tagName === 'BUTTON') return;
    e.preventDefault();
    onEnter();
  };
  const rowProblem = useProblem(`petitioners.${index}`);
  return (
    <div data-testid="petitioner-row" data-index={index} onKeyDown={onKeyDown} style={{ borderBottom: '1px dashed #f0f0f0', paddingTop: 4 }}>
      <div style={{ display: 'grid', gridTemplateColumns: GRID, gap: 8, alignItems: 'start' }}>
        <div style={{ paddingTop: 5, color: 'rgba(0,0,0,0.45)', textAlign: 'right', fontSize: 12 }}>{index + 1}.</div>
        <Field field={`petitioners.${index}.name`}>
          <NameInput
            row={row}
            index={index}
            onChange={(name) => onChange({ name, ...(row.picked && name !== row.picked.name ? { picked: null } : {}) })}
            // The registry's address comes masked (like the numbers): shown as the placeholder, never copied into the
            // petition; the registered one stays on the record, and what the clerk types now is recorded as given.
            onPick={(hit) => onChange({ picked: hit, name: hit.name })}
          />
        </Field>
        <Field field={`petitioners.${index}.idNumber`}>
          <Input
            data-testid="petitioner-id"
            placeholder={row.picked?.idNumberMasked ? `已登记 ${row.picked.idNumberMasked}` : '身份证号'}
            value={row.idNumber}
            maxLength={30}
            autoComplete="off"
            onChange={(e) => onChange({ idNumber: e.target.value })}
          />
        </Field>
        <Field field={`petitioners.${index}.phone`}>
          <Input
            data-testid="petitioner-phone"
            placeholder={row.picked?.phoneMasked ? `已登记 ${row.picked.phoneMasked}` : '联系电话'}
            value={row.phone}
            maxLength={30}
            autoComplete="off"
            onChange={(e) => onChange({ phone: e.target.value })}
          />
        </Field>
        <div style={ADDRESS_CELL}>
          <Field field={`petitioners.${index}.address`}>
            <Input data-testid="petitioner-address" placeholder={row.picked?.address ? `已登记 ${row.picked.address}` : '住址'} value={row.address} maxLength={300} onChange={(e) => onChange({ address: e.target.value })} />
          </Field>
        </div>
        <Space size={2} style={{ paddingTop: 4, ...ACTIONS_CELL }}>
          {channel === 'visit' && (
            <Checkbox data-testid="petitioner-rep" style={{ whiteSpace: 'nowrap' }} checked={row.isRepresentative} onChange={(e) => onChange({ isRepresentative: e.target.checked })}>
              代表
            </Checkbox>
          )}
          <Tooltip title="删除此信访人">
            <Button size="small" type="text" danger disabled={!canRemove} onClick={onRemove} data-testid="petitioner-remove" tabIndex={-1}>
              删除
            </Button>
          </Tooltip>
        </Space>
      </div>
      {row.picked && (
        <div style={{ margin: '-6px 0 8px 30px', fontSize: 12 }} data-testid="petitioner-picked">
          <Tag color="blue" variant="outlined" style={{ marginInlineEnd: 6 }}>
            登记库
          </Tag>
          <Typography.Text type="secondary">
            {row.picked.name} · 身份证号 {row.picked.idNumberMasked ?? '—'} · 电话 {row.picked.phoneMasked ?? '—'} · {row.picked.matterCount} 件事项
          </Typography.Text>
          <Button type="link" size="small" tabIndex={-1} onClick={() => onChange({ picked: null })}>
            不是此人
          </Button>
        </div>
      )}
      {rowProblem && <Typography.Text type="danger">{rowProblem}</Typography.Text>}
    </div>
  );
}

/**
 * 信访人: one row per person, Enter moves to (or adds) the next row. For a visit each row has a 代表 box and the
 * header counts representatives against the limit of Art. 20 ¶3.
 */
export function PetitionersField({ rows, channel, onChange }: { rows: PersonRow[]; channel: Channel; onChange: (rows: PersonRow[]) => void }) {
  const focusNext = useRef<number | null>(null);
  useEffect(() => {
    if (focusNext.current === null) return;
    document.getElementById(`reg-petitioner-${focusNext.current}-name`)?.focus();
    focusNext.current = null;
  });
  const reps = rows.filter((r) => r.isRepresentative).length;
  const over = reps > MAX_REPRESENTATIVES;
  const patchRow = (i: number, patch: Partial<PersonRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const add = () => {
    focusNext.current = rows.length;
    onChange([...rows, emptyPerson()]);
  };
  return (
    <Field
      field="petitioners"
      required
      label={
        <Space size={12}>
          <span>信访人</span>
          {channel === 'visit' && (
            <Tooltip title={`多人走访应推选代表，代表人数不超过 ${MAX_REPRESENTATIVES} 人（${ART_20_3}）`}>
              <Tag color={over ? 'red' : reps > 0 ? 'blue' : 'default'} data-testid="rep-counter" data-count={reps}>
                代表 {reps}/{MAX_REPRESENTATIVES}
              </Tag>
            </Tooltip>
          )}
        </Space>
      }
    >
      <div id={fieldDomId('petitioners-rows')}>
        <div style={{ display: 'grid', gridTemplateColumns: GRID, gap: 8, fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
          <span />
          <span>姓名（名称）</span>
          <span>身份证号</span>
          <span>联系电话</span>
          <span />
        </div>
        {rows.map((row, i) => (
          <PersonRowView
            key={row.key}
            row={row}
            index={i}
            channel={channel}
            canRemove={rows.length > 1}
            onChange={(patch) => patchRow(i, patch)}
            onRemove={() => onChange(rows.filter((_, j) => j !== i))}
            onEnter={() => {
              if (i < rows.length - 1) document.getElementById(`reg-petitioner-${i + 1}-name`)?.focus();
              else add();
            }}
          />
        ))}
        <Button type="dashed" size="small" onClick={add} style={{ marginTop: 8 }} data-testid="petitioner-add" tabIndex={-1}>
          + 添加信访人（在行内按 Enter）
        </Button>
      </div>
    </Field>
  );
}
