import type { InputProblem } from '@civicgraph/errors';

/** C0 and C1 control characters and DEL: never stored, whatever the header. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type HeaderText = { value: string | null; problem?: undefined } | { value: null; problem: InputProblem };

/**
 * A text header as the user wrote it, or the problem that keeps it from being stored. Node hands header
 * bytes over as Latin-1 characters, so raw UTF-8 (`办理户籍业务` typed straight into a header) is read back
 * as UTF-8; percent-encoded UTF-8 is decoded too (a `%` that starts no escape is kept as written). Control
 * characters, invalid UTF-8 and text longer than `maxChars` are problems, never silently altered: what
 * reaches the audit log is what the user sent.
 */
export function headerText(raw: string | undefined, header: string, maxChars: number): HeaderText {
  const trimmed = raw?.trim();
  if (!trimmed) return { value: null };
  const problem = (reason: string): HeaderText => ({ value: null, problem: { argument: header, reason } });
  let text = trimmed;
  // eslint-disable-next-line no-control-regex -- any character outside ASCII, control characters included
  if (/[^\x00-\x7F]/.test(text)) {
    try {
      text = utf8.decode(Buffer.from(text, 'latin1'));
    } catch {
      return problem('is not valid UTF-8');
    }
  }
  let invalidEscape = false;
  // Each run of escapes is decoded on its own, so a literal "%" elsewhere ("50% 补贴") stays as written.
  text = text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      invalidEscape = true;
      return run;
    }
  });
  if (invalidEscape) return problem('percent-encodes bytes that are not valid UTF-8');
  if (CONTROL.test(text)) return problem('contains control characters');
  if ([...text].length > maxChars) return problem(`must be at most ${maxChars} characters`);
  return { value: text };
}
