export * from './demo-data';
export * from './demo-clocks';
export * from './scale/history';
export * from './scale/seed';
export { ensureScaleDatabase } from './scale/scale-seed.store';
