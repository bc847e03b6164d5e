/** Every queue Suivi uses. Jobs carry ids only, never personal data. */
export enum QueueName {
  Email = 'email',
  Sms = 'sms',
  Maintenance = 'maintenance',
}
