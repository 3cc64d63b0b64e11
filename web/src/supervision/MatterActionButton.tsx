import { useQuery } from '@tanstack/react-query';
import { Button } from 'antd';
import { useState } from 'react';
import { api, queryKeys } from '../api';
import { CommandModal } from '../dispatch/CommandModal';

/**
 * One lifecycle command on a matter from a list (the supervision board): the button loads the matter and opens the
 * same form the matter page uses, so the board acts in two clicks without leaving it. The server decides whether the
 * command is allowed; a refusal shows in the form.
 */
export function MatterActionButton({
  matterId,
  type,
  label,
  initial,
  testId,
  primary,
}: {
  matterId: string;
  type: string;
  label: string;
  initial?: Record<string, unknown>;
  testId: string;
  primary?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const page = useQuery({ queryKey: queryKeys.matter(matterId), queryFn: () => api.matter(matterId), enabled: open, staleTime: 0 });
  return (
    <>
      <Button size="small" type={primary ? 'primary' : 'default'} loading={open && page.isPending} onClick={() => setOpen(true)} data-testid={testId} data-matter-id={matterId}>
        {label}
      </Button>
      {open && page.data && <CommandModal page={page.data} action={{ type, labelZh: label }} initial={initial} onClose={() => setOpen(false)} />}
    </>
  );
}
