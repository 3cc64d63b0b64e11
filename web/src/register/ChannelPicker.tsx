import { Segmented, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Channel } from '../types';
import { CHANNEL_OPTIONS } from './model';

/**
 * The channel as a segmented control, first in the Tab order and focused when the page opens. While it has focus
 * the digits 1–8 pick a channel (the arrow keys step through them); Alt+letter works anywhere on the page (see
 * RegisterPage).
 */
export function ChannelPicker({ value, onChange, autoFocus }: { value: Channel; onChange: (c: Channel) => void; autoFocus?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(false);

  const focusChecked = () => ref.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();

  useEffect(() => {
    if (autoFocus) focusChecked();
  }, [autoFocus]);

  // A digit picks a channel while focus stays on the old (now unchecked) radio: move it to the new one.
  useEffect(() => {
    if (ref.current?.contains(document.activeElement)) focusChecked();
  }, [value]);

  return (
    <div
      ref={ref}
      data-testid="channel"
      data-channel={value}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!ref.current?.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
      onKeyDown={(e) => {
        if (e.altKey || e.ctrlKey || e.metaKey) return;
        const option = CHANNEL_OPTIONS.find((o) => o.digit === e.key);
        if (option) {
          e.preventDefault();
          onChange(option.value);
        }
      }}
      style={{
        display: 'inline-block',
        borderRadius: 6,
        outline: focused ? '2px solid #1b5aa6' : '2px solid transparent',
        outlineOffset: 2,
        maxWidth: '100%',
      }}
    >
      <Segmented<Channel>
        tabIndex={-1}
        value={value}
        onChange={onChange}
        options={CHANNEL_OPTIONS.map((o) => ({
          value: o.value,
          label: (
            <Tooltip title={`数字键 ${o.digit}（本栏聚焦时）或 Alt+${o.altLetter}`} mouseEnterDelay={0.6}>
              <span data-testid={`channel-${o.value}`}>
                {o.label}
                <sup style={{ marginInlineStart: 2, color: 'rgba(0,0,0,0.35)', fontSize: 10 }}>{o.digit}</sup>
              </span>
            </Tooltip>
          ),
        }))}
      />
    </div>
  );
}
