// @proofwork/core: pure domain logic shared by the server, the workers, the database layer and the web app.

export * from './duration';
export * from './quick-add/index';
export * from './taxonomy';
export * from './time';
