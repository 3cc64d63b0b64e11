import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, queryKeys } from './api';
import type { Me, SessionResponse } from './types';

/** The session query: `null` when not signed in, `undefined` while loading. */
export function useSession() {
  return useQuery<SessionResponse | null>({
    queryKey: queryKeys.me,
    queryFn: () => api.me(),
    staleTime: 5 * 60_000,
  });
}

/** The signed-in user. Only call below <RequireAuth>, where the session is known to exist. */
export function useMe(): Me {
  const { data } = useSession();
  if (!data) throw new Error('useMe() called outside an authenticated route');
  return data.user;
}

export function useHasPermission(): (permission: string) => boolean {
  const me = useMe();
  return useCallback((permission: string) => me.permissions.includes(permission), [me]);
}

/** Drop every cached query except the session itself (used on login and logout). */
function dropUserData(queryClient: ReturnType<typeof useQueryClient>) {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: { login: string; password: string }) => api.login(vars.login, vars.password),
    // A 401 here means wrong credentials, not an expired session: no global redirect.
    meta: { skipAuthRedirect: true },
    onSuccess: (session) => {
      dropUserData(queryClient);
      queryClient.setQueryData(queryKeys.me, session);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.logout(),
    meta: { skipAuthRedirect: true },
    onSettled: () => {
      navigate('/login', { replace: true });
      dropUserData(queryClient);
      queryClient.setQueryData(queryKeys.me, null);
    },
  });
}

/** Only same-site paths are accepted as a post-login destination. */
export function safeRedirect(target: string | null): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/login')) return '/';
  return target;
}
