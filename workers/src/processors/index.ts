// Every job processor the workers run. A job name in the contracts without one here stops start-up.
import type { AnyProcessor } from '../processor';
import { evidenceScheduledProcessor } from './evidence-scheduled.processor';
import { exportBuildProcessor } from './export-build.processor';
import { importRunProcessor } from './import-run.processor';
import { maintenancePurgeProcessor } from './maintenance-purge.processor';
import { notificationsRemindProcessor } from './notifications-remind.processor';
import { rollupMemberWeekProcessor } from './rollup-member-week.processor';
import { rollupMemberWeeksProcessor } from './rollup-member-weeks.processor';
import { rollupReconcileProcessor } from './rollup-reconcile.processor';
import { timerStaleCheckProcessor } from './timer-stale-check.processor';
import { webhookDeliverProcessor } from './webhook-deliver.processor';

export const PROCESSORS: readonly AnyProcessor[] = [
  evidenceScheduledProcessor,
  exportBuildProcessor,
  importRunProcessor,
  maintenancePurgeProcessor,
  notificationsRemindProcessor,
  rollupMemberWeekProcessor,
  rollupMemberWeeksProcessor,
  rollupReconcileProcessor,
  timerStaleCheckProcessor,
  webhookDeliverProcessor,
];
