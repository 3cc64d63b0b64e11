import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { Button, Typography } from 'antd';

/** One page of a keyset list (GET /matters, GET /triage/queue): the server's own answer shape. */
export interface CursorPage {
  items: unknown[];
  total: number;
  totalExact: boolean;
  nextCursor: string | null;
}

/**
 * A list read a page at a time with the server's cursor (keyset paging: page 1,000 costs what page 1 does). Pages
 * accumulate below each other: "加载更多" fetches the next one. A new key (another filter) starts again from the top.
 */
export function useCursorPages<P extends CursorPage>(key: QueryKey, fetch: (cursor: string | undefined) => Promise<P>) {
  const q = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetch(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
  const first = q.data?.pages[0];
  return {
    items: (q.data?.pages.flatMap((p) => p.items) ?? []) as P['items'][number][],
    first,
    total: first?.total,
    totalExact: first?.totalExact ?? true,
    hasMore: q.hasNextPage,
    loadMore: () => void q.fetchNextPage(),
    loadingMore: q.isFetchingNextPage,
    isFetching: q.isFetching,
    isError: q.isError,
    error: q.error,
  };
}

/** "共 N 件", or, where the server counted only up to a cap, "超过 N 件（未精确统计）". */
export function totalText(total: number | undefined, exact: boolean): string {
  if (total === undefined) return '';
  return exact ? `共 ${total} 件` : `超过 ${total} 件（未精确统计）`;
}

/** The foot of a keyset list: how many are shown of how many, and the button for the next page. */
export function MoreRows({ shown, total, exact, hasMore, loading, onMore }: { shown: number; total: number | undefined; exact: boolean; hasMore: boolean; loading: boolean; onMore: () => void }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 12 }} data-testid="list-foot">
      <Typography.Text type="secondary">
        已显示 {shown} 件{total !== undefined ? `，${totalText(total, exact)}` : ''}
      </Typography.Text>
      {hasMore ? (
        <Button onClick={onMore} loading={loading} data-testid="list-more">
          加载更多
        </Button>
      ) : null}
    </div>
  );
}
