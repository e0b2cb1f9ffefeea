export {
  CORPUS_BRANDS,
  CORPUS_NOW,
  CORPUS_TIME_ZONE,
  type CorpusLine,
  type CorpusMiss,
  type CorpusObservation,
  type CorpusParser,
  type CorpusScore,
  corpusContext,
  corpusMismatches,
  QUICK_ADD_CORPUS,
  scoreCorpus,
} from './corpus';
export { parseQuickAdd, QUICK_ADD_MAX_LENGTH } from './parse';
export type {
  QuickAddBrand,
  QuickAddCategory,
  QuickAddContext,
  QuickAddDeliverableType,
  QuickAddResult,
  QuickAddWarning,
  QuickAddWarningCode,
} from './types';
