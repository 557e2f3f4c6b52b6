/** Who is signed in (GET /auth/me), for every page; signing in and out. */
import { createContext, ReactNode, useContext } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiProblem, send, setCsrfToken } from './api/client';

export interface Me {
  readonly id: string;
  readonly username?: string;
  readonly displayName: string;
  readonly role: string;
  readonly org?: string;
  readonly province?: string;
  readonly csrfToken?: string;
}

interface Session {
  readonly me: Me | undefined;
  readonly loading: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const who = await send<Me>('GET', '/api/v1/auth/me');
        setCsrfToken(who.csrfToken);
        return who;
      } catch (error) {
        if (error instanceof ApiProblem && (error.status === 401 || error.status === 403)) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
  const session: Session = {
    me: me.data ?? undefined,
    loading: me.isPending,
    async signIn(username, password) {
      const who = await send<Me>('POST', '/api/v1/auth/login', { username, password });
      setCsrfToken(who.csrfToken);
      queries.setQueryData(['me'], who);
      queries.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' }); // nothing of another user's stays
    },
    async signOut() {
      await send('POST', '/api/v1/auth/logout');
      setCsrfToken(undefined);
      queries.setQueryData(['me'], null);
      queries.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
