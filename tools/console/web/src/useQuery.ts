import { useCallback, useEffect, useState } from 'react';
import { App } from 'antd';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { request } from './api';

/** Runs a typed query when the page opens and whenever `variables` change; `reload` runs it again. */
export function useQuery<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables?: TVariables, skip = false) {
  const [state, setState] = useState<{ data?: TData; error?: Error; loading: boolean }>({ loading: !skip });
  const key = JSON.stringify(variables ?? {});
  const reload = useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    try {
      setState({ data: await request(document, variables), loading: false });
    } catch (error) {
      setState({ error: error as Error, loading: false });
    }
  }, [document, key]);
  useEffect(() => {
    if (!skip) void reload();
  }, [reload, skip]);
  return { ...state, reload };
}

/** A CSV file of rows, downloaded by the browser (the console builds it from what the page shows). */
export function downloadCsv(name: string, rows: (string | number | null | undefined)[][]): void {
  const cell = (v: string | number | null | undefined) => {
    const text = v == null ? '' : String(v);
    // Quoted, and a leading formula character neutralised so a spreadsheet does not run it.
    return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
  };
  const blob = new Blob(['\ufeff' + rows.map((r) => r.map(cell).join(',')).join('\r\n')], { type: 'text/csv;charset=utf-8' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Runs a change, then `after` (a page's reload); a refusal is shown with its message, as every page shows them. */
export function useAct() {
  const { message } = App.useApp();
  return (action: () => Promise<unknown>, after?: () => unknown) =>
    action().then(
      () => void after?.(),
      (e: Error) => void message.error(e.message),
    );
}
