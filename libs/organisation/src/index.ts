export * from './organisation.service';
export * from './organisation.module';
