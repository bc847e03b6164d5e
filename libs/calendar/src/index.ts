export * from './working-calendar';
export * from './clocks';
