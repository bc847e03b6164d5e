export * from './organisation.service';
export * from './directory.service';
export * from './organisation.module';
export * from './on-call-rota.service';
export * from './organisation.repository';
export * from './directory-references';
