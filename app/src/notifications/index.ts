export * from './kinds';
export * from './mail-deps';
export * from './notification.service';
export * from './notify';
export * from './reminders';
