export * from './working-calendar';
