import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, Length, Max, Min, ValidateNested } from 'class-validator';
import { DomainError, DomainErrorCode, appointmentProblems } from '@suivi/domain';
import { HasText, IsoDateTime } from '../common/validation';
import {
  fieldErrors,
  formFields,
  formValues,
  sayFieldMessage,
  transitionRefusal,
  unflatten,
  validateForm,
} from './forms';

class Example {
  @IsEmail()
  email!: string;

  @Length(2, 5)
  code!: string;

  @IsIn(['a', 'b'])
  choice!: string;

  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;
}

describe('form validation on French pages', () => {
  it('says class-validator’s usual checks in French by their code, without field code names', async () => {
    const checked = await validateForm(Example, {
      email: 'x',
      code: 'abcdefg',
      choice: 'z',
      score: 9,
      extra: 1,
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const french = Object.fromEntries(
      Object.entries(checked.errors).map(([field, message]) => [field, sayFieldMessage(message, 'fr')]),
    );
    expect(french).toEqual({
      email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
      code: 'Saisissez au plus 5 caractères.',
      choice: 'Choisissez une des options proposées.',
      score: 'Saisissez un nombre inférieur ou égal à 5.',
      extra: 'Ce champ n’est pas attendu ici.',
    });
  });

  it('gives each field error the constraint name and its parameters, and words them in English too', async () => {
    class Bounds {
      @Length(3, 5)
      short!: string;

      @HasText()
      name!: string;

      @IsoDateTime()
      at!: Date;
    }
    const checked = await validateForm(Bounds, {
      short: 'ab',
      name: '\u200b',
      at: '2026-02-30T08:00:00+01:00',
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual({
      short: {
        code: 'isLength',
        params: { min: 3, max: 5, bound: 'min' },
        message: 'short must be longer than or equal to 3 characters',
      },
      name: { code: 'hasText', params: {}, message: 'name must contain visible characters, not only spaces' },
      at: expect.objectContaining({ code: 'isoDateTime', params: {} }),
    });
    expect(sayFieldMessage(checked.errors.short, 'fr')).toBe('Saisissez au moins 3 caractères.');
    expect(sayFieldMessage(checked.errors.short, 'en')).toBe('Enter at least 3 characters.');
    expect(sayFieldMessage(checked.errors.name, 'fr')).toBe(
      'Saisissez du texte : des espaces seuls ne suffisent pas.',
    );
    // A code without words is said generically in the page's language, never as its English sentence.
    const unknown = { code: 'isFancy', params: {}, message: 'x must be fancy' };
    expect(sayFieldMessage(unknown, 'fr')).toBe('Cette valeur n’est pas acceptée : vérifiez-la.');
    expect(sayFieldMessage(unknown, 'en')).toBe('This value is not accepted: check it.');
  });

  it('words the domain’s coded refusals in the page’s language, and uncoded ones generically', () => {
    const now = new Date('2026-12-01T08:00:00Z');
    const start = new Date('2026-12-02T10:00:00Z');
    const coded = fieldErrors(appointmentProblems(start, new Date('2026-12-02T09:00:00Z'), now));
    expect(sayFieldMessage(coded['appointment.end'], 'fr')).toBe(
      'La fin doit venir après le début : choisissez une fin plus tardive.',
    );
    expect(sayFieldMessage(coded['appointment.end'], 'en')).toBe(
      'The end must come after the start: choose a later end.',
    );
    const long = fieldErrors(appointmentProblems(start, new Date('2026-12-12T10:00:00Z'), now));
    expect(sayFieldMessage(long['appointment.end'], 'fr')).toBe(
      'Un rendez-vous dure au plus 7 jours : choisissez une fin plus proche du début.',
    );
    const uncoded = fieldErrors([{ field: 'x', message: 'must be after appointment.start' }]);
    expect(sayFieldMessage(uncoded.x, 'fr')).toBe('Cette valeur n’est pas acceptée : vérifiez-la.');
    // The page's own words (strings) are shown as they are.
    expect(sayFieldMessage('Indiquez votre nom.', 'fr')).toBe('Indiquez votre nom.');
  });
});

describe('a refused transition', () => {
  it('is 400 with the fields, 409 with the code, and anything else thrown again', () => {
    const invalid = new DomainError(DomainErrorCode.InvalidInput, 'bad', {
      fields: [{ field: 'text', message: 'text must not be empty' }],
    });
    expect(transitionRefusal(invalid)).toEqual({
      status: 400,
      errors: { text: { code: 'invalid', params: {}, message: 'text must not be empty' } },
    });
    expect(transitionRefusal(new DomainError(DomainErrorCode.StaleVersion, 'stale'))).toEqual({
      status: 409,
      code: DomainErrorCode.StaleVersion,
    });
    const other = new DomainError(DomainErrorCode.NotFound, 'gone');
    expect(() => transitionRefusal(other)).toThrow(other);
    expect(() => transitionRefusal(new Error('boom'))).toThrow('boom');
  });
});

describe('building objects from posted field names', () => {
  class Contact {
    @IsEmail()
    email!: string;
  }
  class Filing {
    @Length(1, 5)
    code!: string;

    @ValidateNested()
    @Type(() => Contact)
    tenant!: Contact;
  }

  it('derives the allow-list from the DTO, nested DTOs included', () => {
    expect([...formFields(Filing)].sort()).toEqual(['code', 'tenant', 'tenant.email']);
  });

  it('never lets a posted name reach a prototype, and ignores names the DTO does not declare', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const values = formValues({
      code: 'A',
      'tenant.email': 'a@b.fr',
      '__proto__.x': 'polluted',
      'constructor.prototype.x': 'polluted',
      'tenant.__proto__.x': 'polluted',
      'tenant[__proto__][x]': 'polluted',
      __proto__: ['polluted'],
      unknown: 'x',
    });
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(Object.keys(values).sort()).toEqual(['code', 'tenant.email', 'unknown']);
    const plain = unflatten({ ...values, 'tenant.constructor': 'x', toString: 'x' }, Filing);
    expect(JSON.parse(JSON.stringify(plain))).toEqual({ code: 'A', tenant: { email: 'a@b.fr' } });
    expect(Object.getPrototypeOf(plain)).toBeNull();
    expect(Object.getPrototypeOf(plain.tenant)).toBeNull();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('validates the null-prototype objects it builds like any other', async () => {
    const checked = await validateForm(Filing, unflatten({ code: 'A', 'tenant.email': 'nope' }, Filing));
    expect(checked.ok ? {} : checked.errors).toEqual({
      'tenant.email': { code: 'isEmail', params: {}, message: 'email must be an email' },
    });
  });
});
