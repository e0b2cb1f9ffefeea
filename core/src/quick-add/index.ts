export { type AdversarialLine, adversarialLines, digitsAndSpacesLine } from './adversarial';
export { leadingCommand } from './command';
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
export { type LineVocabulary, lineVocabulary } from './learning';
export { foldWords as quickAddWords } from './normalize';
export { parseQuickAdd, QUICK_ADD_MAX_LENGTH } from './parse';
export type {
  QuickAddAlias,
  QuickAddBrand,
  QuickAddCategory,
  QuickAddContext,
  QuickAddDeliverableType,
  QuickAddResult,
  QuickAddWarning,
  QuickAddWarningCode,
} from './types';
