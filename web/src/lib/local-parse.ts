// Quick-add parsing in the browser for instant feedback while the server's answer is on its way.
// Loaded on demand (it carries the date grammar), so the first page stays small.
import { parseQuickAdd, type QuickAddContext, type QuickAddResult } from '@proofwork/core';

export type { QuickAddResult };

export function parseLocally(text: string, context: QuickAddContext): QuickAddResult {
  return parseQuickAdd(text, context);
}
