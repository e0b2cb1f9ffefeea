// @proofwork/core: pure domain logic shared by the server, the workers, the database layer and the web app.

export * from './clock';
export * from './duration';
export * from './format';
export * from './periods';
export * from './quick-add/index';
export * from './taxonomy';
export * from './text';
export * from './time';
export * from './workload';
