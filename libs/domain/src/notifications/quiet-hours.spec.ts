import { DEFAULT_SMS_WINDOW, smsWindowErrors } from './quiet-hours';

describe('quiet hours: a landlord’s SMS window', () => {
  it.each([
    [DEFAULT_SMS_WINDOW, []],
    [{ start: '07:30', end: '20:00' }, []],
    [{ start: '21:00', end: '08:00' }, [{ field: 'smsDayEnd', message: 'must be after smsDayStart' }]],
    [{ start: '08:00', end: '08:00' }, [{ field: 'smsDayEnd', message: 'must be after smsDayStart' }]],
    [
      { start: '8h', end: 21 },
      [
        { field: 'smsDayStart', message: 'must be a time HH:MM' },
        { field: 'smsDayEnd', message: 'must be a time HH:MM' },
      ],
    ],
  ])('%j → %j', (window, errors) => {
    expect(smsWindowErrors(window)).toMatchObject(errors);
  });
});
