// Every job processor the workers run. A job name in the contracts without one here stops start-up.
import type { AnyProcessor } from '../processor';
import { exportBuildProcessor } from './export-build.processor';
import { rollupMemberWeekProcessor } from './rollup-member-week.processor';
import { rollupMemberWeeksProcessor } from './rollup-member-weeks.processor';
import { rollupReconcileProcessor } from './rollup-reconcile.processor';
import { timerStaleCheckProcessor } from './timer-stale-check.processor';

export const PROCESSORS: readonly AnyProcessor[] = [
  exportBuildProcessor,
  rollupMemberWeekProcessor,
  rollupMemberWeeksProcessor,
  rollupReconcileProcessor,
  timerStaleCheckProcessor,
];
