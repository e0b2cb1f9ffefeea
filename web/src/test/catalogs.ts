// The unit tests read both languages' words synchronously: load both catalogs before each file.
import { loadCatalog } from '$lib/messages';

await Promise.all([loadCatalog('en'), loadCatalog('fr')]);
