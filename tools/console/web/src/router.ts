import { useEffect, useState } from 'react';

/** The page's path under /console (`/audit`), kept in the address bar so pages can be bookmarked and reloaded. */
export function usePage(): [string, (page: string) => void] {
  const current = () => location.pathname.replace(/^\/console/, '') || '/';
  const [page, setPage] = useState(current);
  useEffect(() => {
    const onPop = () => setPage(current());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return [
    page,
    (next) => {
      history.pushState(null, '', `/console${next}`);
      setPage(next);
    },
  ];
}
