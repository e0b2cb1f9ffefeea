// Where the files of exports and uploaded imports live. The API serves exports and writes uploads,
// the workers write exports and read uploads: both read the same settings through this one resolver.
import path from 'node:path';
import Type from 'typebox';

/** The folder settings, as the API's and the worker's configuration schemas both declare them. */
export const FOLDER_SETTINGS = {
  /** The base of every folder not set on its own (the embedded PostgreSQL's data too). */
  DATA_DIR: Type.String({ default: '.data', minLength: 1 }),
  /** Where export files are kept for 30 days (default: DATA_DIR/exports); workers write them there. */
  EXPORT_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** Where uploaded imports are kept for 30 days (default: DATA_DIR/imports); workers read them there. */
  IMPORT_DIR: Type.Optional(Type.String({ minLength: 1 })),
};

export interface FolderSettings {
  DATA_DIR?: string;
  EXPORT_DIR?: string;
  IMPORT_DIR?: string;
}

/** Absolute folders; keys of export and upload files are relative to them. */
export interface DataFolders {
  exports: string;
  imports: string;
}

/** EXPORT_DIR, else DATA_DIR/exports; IMPORT_DIR, else DATA_DIR/imports (DATA_DIR: `.data`). */
export function dataFolders(settings: FolderSettings = {}): DataFolders {
  const data = settings.DATA_DIR ?? '.data';
  return {
    exports: path.resolve(settings.EXPORT_DIR ?? path.join(data, 'exports')),
    imports: path.resolve(settings.IMPORT_DIR ?? path.join(data, 'imports')),
  };
}
