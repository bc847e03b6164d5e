import { PASSWORD_POLICY, passwordProblem, passwordUserInputs } from './password-policy';

describe('password policy', () => {
  it.each([
    ['twelve spaces', '            '],
    ['twelve digits in a row', '123456789012'],
    ['a common password made long', 'password1234'],
    ['a keyboard row', 'azertyuiopqs'],
    ['a French word and a year', 'motdepasse2024'],
    ['one repeated character', 'aaaaaaaaaaaaaaa'],
    ['too short', 'Xk9#vQ2'],
  ])('refuses %s', (_, password) => {
    expect(passwordProblem(password, [])).not.toBeNull();
  });

  it.each([
    ['several uncommon words', 'Rivière grise sous nuage 74'],
    ['the test suite’s passphrase', 'correct horse battery staple'],
    ['the demo password', 'suivi-demo-2026'],
  ])('accepts %s', (_, password) => {
    expect(passwordProblem(password, [])).toBeNull();
  });

  it('refuses a password built from the person’s own words', () => {
    const inputs = passwordUserInputs(
      'marguerite.fontaine@bailleur.example',
      'Marguerite Fontaine',
      'HLM-NORD',
    );
    expect(passwordProblem('marguerite fontaine', inputs)).not.toBeNull();
    expect(passwordProblem('marguerite fontaine', [])).toBeNull();
  });

  it('speaks French or English', () => {
    expect(passwordProblem('short', [], 'fr')).toContain(`au moins ${PASSWORD_POLICY.minLength} caractères`);
    expect(passwordProblem('short', [], 'en')).toContain(`at least ${PASSWORD_POLICY.minLength} characters`);
    expect(passwordProblem('123456789012', [], 'fr')).toContain('trop facile à deviner');
  });

  it('measures length in characters, not UTF-16 units', () => {
    expect(passwordProblem('🐙🐙🐙🐙🐙🐙', [])).toContain('at least 12');
  });
});
