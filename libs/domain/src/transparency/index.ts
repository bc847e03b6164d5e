export * from './merkle';
export * from './leaves';
export * from './signed-note';
export * from './checkpoint';
export * from './history-proof';
export * from './log-export';
