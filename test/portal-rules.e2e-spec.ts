import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FLAG_QUESTIONS, FRANCE_PRESET, PRESETS, UK_PRESET } from '../libs/domain/src';
import type { RuleSet } from '../libs/domain/src';
import { signedIn, uniqueCode } from './support/app';
import {
  desktop,
  expectAccessible,
  screenshot,
  signInThroughPage,
  startPortal,
  stopPortal,
} from './support/browser';
import { createLandlord } from './support/factory';

// The landlord admin's rule-set editor (issue 18 M, item 5): a form, no JSON to type, no script.

let app: NestFastifyApplication;
let browser: Browser;
let base: string;
let context: BrowserContext;
let partnerOrganisationId: string;

beforeAll(async () => {
  let landlord: Awaited<ReturnType<typeof startPortal>>['landlord'];
  ({ app, base, browser, landlord } = await startPortal());
  partnerOrganisationId = landlord.partnerOrganisationId;
});
beforeEach(async () => {
  context = await desktop(browser);
});
afterEach(() => context.close());
afterAll(() => stopPortal({ app, browser }));

const http = () => request(app.getHttpServer());

/** A landlord of its own (France unless `GB`), and a page signed in as its administrator on the rules page. */
async function rulesPage(
  country: 'FR' | 'GB' = 'FR',
): Promise<{ page: Page; code: string; api: Record<string, string> }> {
  let code: string;
  if (country === 'FR') code = (await createLandlord(app)).code;
  else {
    code = uniqueCode('G');
    await http()
      .post('/api/v1/landlords')
      .set(await signedIn(app, 'platform_admin'))
      .send({
        code,
        name: `Landlord ${code}`,
        timezone: 'Europe/London',
        country: 'GB',
        region: 'england_wales',
      })
      .expect(201);
  }
  const admin = await signedIn(app, 'landlord_admin', { landlordCodes: [code] });
  const page = await context.newPage();
  await signInThroughPage(page, base, admin.email);
  await page.goto(`${base}/manage/${code}/rules`);
  return { page, code, api: { Authorization: admin.Authorization } };
}

/** The versions published for the landlord, through the JSON API. */
async function published(
  code: string,
  api: Record<string, string>,
): Promise<{ current: { version: number; ruleSet: RuleSet } }> {
  const res = await http().get(`/api/v1/landlords/${code}/rules`).set(api).expect(200);
  return res.body;
}

/** Presses a button and waits for the page it loads; answers its status. */
async function press(page: Page, name: string | RegExp): Promise<number> {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name, exact: typeof name === 'string' }).click(),
  ]);
  return response!.status();
}

/** The JSON a button or link downloads. */
async function download(page: Page, click: () => Promise<void>): Promise<unknown> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return JSON.parse(readFileSync((await file.path())!, 'utf8'));
}

/** Opens a rule's folded fields (a `<details>`, which opens without script). */
const openRule = (page: Page, index: number) => page.click(`#f-rules-${index}-row > summary`);

describe('the rule-set editor', () => {
  it.each(['FR', 'GB'] as const)(
    'round-trips the %s preset through the form a browser posts: the draft downloaded is the preset, unchanged',
    async (country) => {
      const { page } = await rulesPage(country);
      const draft = await download(page, () =>
        page.getByRole('button', { name: 'Télécharger le brouillon (JSON)' }).click(),
      );
      expect(draft).toStrictEqual(PRESETS[country]);
      expect(country === 'GB' ? UK_PRESET : FRANCE_PRESET).toBe(PRESETS[country]);
    },
  );

  it('publishes a changed deadline without any JSON: a new version, exactly the preset with that deadline', async () => {
    const { page, code, api } = await rulesPage();
    expect(await page.locator('textarea[name="ruleSet"]').count()).toBe(0);
    expect(await page.inputValue('#f-levels-1-id')).toBe('urgent');
    expect(await page.inputValue('#f-levels-1-deadlines-intervene-amount')).toBe('1');
    await screenshot(page, 'manage-rules-fr');
    await expectAccessible(context, page.url());
    await page.fill('#f-levels-1-deadlines-intervene-amount', '2');
    await page.selectOption('#f-levels-1-deadlines-intervene-unit', 'days');
    expect(await press(page, 'Publier cette version')).toBe(200);
    expect(new URL(page.url()).searchParams.get('done')).toBe('published');
    expect(await page.textContent('main')).toContain('Version en vigueur : 1');
    const { current } = await published(code, api);
    expect(current.version).toBe(1);
    const expected = structuredClone(FRANCE_PRESET);
    expected.levels[1].deadlines.intervene = { amount: 2, unit: 'days' };
    expect(current.ruleSet).toStrictEqual(expected);
    // The form now starts from version 1.
    expect(await page.inputValue('#f-levels-1-deadlines-intervene-amount')).toBe('2');
  });

  it('shows an invalid value beside its field and in the summary at the top, in French, and publishes nothing', async () => {
    const { page, code, api } = await rulesPage();
    await page.fill('#f-levels-1-deadlines-intervene-amount', 'deux');
    await page.fill('#f-heatingPeriod-from', '13-01');
    await openRule(page, 0);
    await page.fill('#f-rules-0-keywords', 'odeur de gaz\n!!!');
    expect(await press(page, 'Publier cette version')).toBe(400);
    const summary = page.locator('.error-summary');
    const link = summary.locator('a[href="#f-levels-1-deadlines-intervene-amount"]');
    expect(await link.textContent()).toBe(
      'Niveau 2 : Urgent (1 jour ouvré) — intervention — Durée : Saisissez un nombre entier de 1 à 3 650.',
    );
    expect(await summary.locator('a[href="#f-heatingPeriod-from"]').textContent()).toContain('MM-JJ');
    expect(await summary.locator('a[href="#f-rules-0-keywords"]').textContent()).toContain('Ligne 2 :');
    expect(await page.textContent('#f-levels-1-deadlines-intervene-amount-error')).toBe(
      'Saisissez un nombre entier de 1 à 3 650.',
    );
    expect(await page.getAttribute('#f-levels-1-deadlines-intervene-amount', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#f-heatingPeriod-from-error')).toContain('Saisissez un jour qui existe');
    // What was typed is kept, the rule with the error is open; no JSON path or character position is shown.
    expect(await page.inputValue('#f-levels-1-deadlines-intervene-amount')).toBe('deux');
    expect(await page.inputValue('#f-rules-0-keywords')).toBe('odeur de gaz\n!!!');
    const main = (await page.textContent('main'))!;
    expect(main).not.toMatch(/position \d|levels\[|deadlines\.intervene|must be/);
    await screenshot(page, 'manage-rules-form-error-fr');
    expect((await published(code, api)).current.version).toBe(0);
  });

  it('adds, removes and moves levels and rules with buttons, keeping what was typed, then publishes them', async () => {
    const { page, code, api } = await rulesPage();
    await page.fill('#f-defaultExplanation-fr', 'Typé avant les boutons');
    // Move "urgent" above "emergency".
    expect(await press(page, 'Monter Niveau 2 : Urgent (1 jour ouvré)')).toBe(200);
    expect(await page.inputValue('#f-levels-0-id')).toBe('urgent');
    expect(await page.inputValue('#f-levels-1-id')).toBe('emergency');
    expect(await page.inputValue('#f-defaultExplanation-fr')).toBe('Typé avant les boutons');
    // A new level, at the end.
    expect(await press(page, 'Ajouter un niveau')).toBe(200);
    const last = FRANCE_PRESET.levels.length;
    await page.fill(`#f-levels-${last}-id`, 'suivi_long');
    await page.fill(`#f-levels-${last}-label-fr`, 'Suivi long');
    await page.fill(`#f-levels-${last}-label-en`, 'Long follow-up');
    await page.fill(`#f-levels-${last}-deadlines-acknowledge-amount`, '10');
    // Remove the first rule, move the (new) first rule down, add a rule for the new level.
    await openRule(page, 0);
    expect(await press(page, 'Supprimer Règle 1 : gas_or_co')).toBe(200);
    expect(await page.inputValue('#f-rules-0-id')).toBe('live_wiring');
    expect(await page.inputValue(`#f-levels-${last}-id`)).toBe('suivi_long');
    await openRule(page, 0);
    expect(await press(page, 'Descendre Règle 1 : live_wiring')).toBe(200);
    expect(await page.inputValue('#f-rules-1-id')).toBe('live_wiring');
    expect(await press(page, 'Ajouter une règle')).toBe(200);
    const rule = FRANCE_PRESET.rules.length - 1;
    await page.fill(`#f-rules-${rule}-id`, 'jardin');
    await page.selectOption(`#f-rules-${rule}-level`, 'suivi_long');
    await page.fill(`#f-rules-${rule}-keywords`, 'haie\ntaille des arbres');
    await page.check(`input[name="rules.${rule}.categories"][value="common_areas"]`);
    await page.fill(`#f-rules-${rule}-explanation-fr`, 'Les espaces verts sont suivis sur la durée.');
    await page.fill(`#f-rules-${rule}-explanation-en`, 'Green spaces are followed over time.');
    await screenshot(page, 'manage-rules-form-rows-fr');
    expect(await press(page, 'Publier cette version')).toBe(200);
    const { current } = await published(code, api);
    const levels = current.ruleSet.levels;
    expect(levels.map((l) => [l.id, l.rank]).slice(0, 2)).toEqual([
      ['urgent', 0],
      ['emergency', 1],
    ]);
    expect(levels.at(-1)).toStrictEqual({
      id: 'suivi_long',
      rank: last,
      label: { fr: 'Suivi long', en: 'Long follow-up' },
      deadlines: { acknowledge: { amount: 10, unit: 'working_days' } },
    });
    expect(current.ruleSet.rules.map((r) => r.id).slice(0, 2)).toEqual(['structural_risk', 'live_wiring']);
    expect(current.ruleSet.rules.map((r) => r.id)).not.toContain('gas_or_co');
    expect(current.ruleSet.rules.at(-1)).toStrictEqual({
      id: 'jardin',
      level: 'suivi_long',
      categories: ['common_areas'],
      keywords: ['haie', 'taille des arbres'],
      explanation: {
        fr: 'Les espaces verts sont suivis sur la durée.',
        en: 'Green spaces are followed over time.',
      },
    });
    expect(current.ruleSet.defaultExplanation.fr).toBe('Typé avant les boutons');
  });

  it('previews the public criteria page for the draft, and dry-runs the draft, publishing nothing', async () => {
    const { page, code, api } = await rulesPage();
    await page.fill('#f-defaultExplanation-fr', 'Texte vu seulement dans l’aperçu.');
    expect(await press(page, 'Aperçu de la page publique')).toBe(200);
    const preview = page.locator('section.criteria-preview');
    expect(await preview.textContent()).toContain('Texte vu seulement dans l’aperçu.');
    expect(await preview.textContent()).toContain('Brouillon de la version 1, pas encore publié');
    // The same component as the public page: the same title and sections.
    const publicPage = await context.newPage();
    await publicPage.goto(`${base}/criteria/${code}`);
    const title = (await publicPage.textContent('h1'))!;
    expect(await preview.locator('h2').nth(1).textContent()).toBe(title);
    expect(await publicPage.textContent('main')).not.toContain('Texte vu seulement');
    await screenshot(page, 'manage-rules-preview-fr');
    await expectAccessible(context, page.url());

    // Dry run of the draft: heating out in January made an emergency in the form.
    await openRule(page, 6);
    expect(await page.inputValue('#f-rules-6-id')).toBe('no_heating_in_season');
    await page.selectOption('#f-rules-6-level', 'emergency');
    await page.selectOption('#f-category', 'heating');
    await page.check('input[name="flags"][value="no_heating"]');
    await page.fill('#f-description', 'Plus de chauffage depuis hier soir');
    await page.fill('#f-date', '2027-01-14');
    expect(await press(page, 'Essayer sur cet exemple')).toBe(200);
    const level = (id: string) => FRANCE_PRESET.levels.find((l) => l.id === id)!.label.fr;
    expect(await page.textContent('section[aria-labelledby="trial-current"]')).toContain(level('urgent'));
    expect(await page.textContent('section[aria-labelledby="trial-draft"]')).toContain(level('emergency'));
    expect(await page.inputValue('#f-rules-6-level')).toBe('emergency');
    expect(await page.inputValue('#f-defaultExplanation-fr')).toBe('Texte vu seulement dans l’aperçu.');
    expect((await published(code, api)).current.version).toBe(0);
  });

  it('still exports and imports JSON: the version in force downloaded, an edited copy imported into the form and published', async () => {
    const { page, code, api } = await rulesPage();
    const exported = (await download(page, () =>
      page.getByRole('link', { name: 'Télécharger la version en vigueur (JSON)' }).click(),
    )) as RuleSet;
    expect(exported).toStrictEqual(FRANCE_PRESET);

    // Not JSON: said by line and column, in French, the text kept.
    await page.fill('#f-json', '{\n  "levels": [\n    oops\n  ]\n}');
    expect(await press(page, 'Importer dans le formulaire')).toBe(400);
    expect(await page.textContent('#f-json-error')).toBe(
      'Ce texte n’est pas du JSON valide (vers la ligne 3, colonne 5).',
    );
    expect(await page.textContent('.error-summary')).toContain('Règles au format JSON');

    const edited = { ...exported, defaultExplanation: { fr: 'Importé', en: 'Imported' }, colour: 'blue' };
    await page.fill('#f-json', JSON.stringify(edited, null, 2));
    expect(await press(page, 'Importer dans le formulaire')).toBe(200);
    expect(await page.textContent('main')).toContain('« colour »');
    expect(await page.inputValue('#f-defaultExplanation-fr')).toBe('Importé');
    expect(await press(page, 'Publier cette version')).toBe(200);
    const { current } = await published(code, api);
    expect(current.ruleSet).toStrictEqual({
      ...FRANCE_PRESET,
      defaultExplanation: { fr: 'Importé', en: 'Imported' },
    });
  });

  it('lists a published version, shows it read-only and takes it back into the form', async () => {
    const { page, code } = await rulesPage();
    await page.fill('#f-defaultExplanation-fr', 'Version du test');
    expect(await press(page, 'Publier cette version')).toBe(200);
    const history = page.locator('table', {
      has: page.locator('caption', { hasText: 'Historique des versions' }),
    });
    expect(await history.locator('tbody tr').count()).toBe(1);
    expect(await history.textContent()).toContain('landlord_admin');
    await page.click('a:has-text("Voir la version 1")');
    expect(await page.textContent('h1')).toContain('Version 1 des règles');
    expect(await page.textContent('pre.json')).toContain('Version du test');
    await expectAccessible(context, page.url());
    await page.click('a:has-text("Reprendre cette version dans l’éditeur")');
    expect(new URL(page.url()).pathname).toBe(`/manage/${code}/rules`);
    expect(await page.inputValue('#f-defaultExplanation-fr')).toBe('Version du test');
  });

  it('a dry run of a draft with errors answers 400 beside the fields; the rules in force still answer', async () => {
    const { page } = await rulesPage();
    await page.fill('#f-levels-0-deadlines-acknowledge-amount', '');
    await page.selectOption('#f-levels-0-deadlines-acknowledge-unit', '');
    await page.fill('#f-description', 'Odeur de gaz');
    expect(await press(page, 'Essayer sur cet exemple')).toBe(400);
    expect(await page.textContent('#f-levels-0-deadlines-acknowledge-amount-error')).toBe(
      'Chaque niveau fixe un délai d’accusé de réception.',
    );
    expect(await page.textContent('section[aria-labelledby="trial-current"]')).toContain('Règles en vigueur');
    expect(await page.textContent('section[aria-labelledby="trial-draft"]')).toContain(
      'contiennent des erreurs',
    );
  });

  it('refuses a rule set longer than the editor holds, through the API and the import, so no rule is silently dropped', async () => {
    // Before, the JSON API published 301 rules; the editor reads 300 rows from a post, so the next
    // publication from the form dropped rule 301 without a word.
    const { page, api, code } = await rulesPage();
    const rules = [
      ...FRANCE_PRESET.rules,
      ...Array.from({ length: 301 - FRANCE_PRESET.rules.length }, (_, i) => ({
        id: `extra_${i}`,
        level: FRANCE_PRESET.levels[0].id,
        categories: ['heating'],
        explanation: { fr: 'x', en: 'y' },
      })),
    ];
    const refused = await http()
      .post(`/api/v1/landlords/${code}/rules`)
      .set(api)
      .send({ ruleSet: { ...FRANCE_PRESET, rules } })
      .expect(400);
    expect(refused.body.fields).toEqual([{ field: 'ruleSet.rules', message: 'must list at most 300 rules' }]);
    await page.fill('#f-json', JSON.stringify({ ...FRANCE_PRESET, rules }));
    expect(await press(page, 'Importer dans le formulaire')).toBe(400);
    expect(await page.textContent('#f-json-error')).toBe(
      'Gardez 50 niveaux et 300 règles au plus : le formulaire n’en tient pas davantage.',
    );
    // The import form posts the JSON alone; a refused import shows the rules in force again (it showed an
    // editor without any level or rule before).
    expect(await page.locator('[id^="f-rules-"][id$="-row"]').count()).toBe(FRANCE_PRESET.rules.length);
    expect(await page.inputValue('#f-levels-1-id')).toBe('urgent');
  });

  it('refuses to publish a draft over a version published since the form was opened (409), keeping the draft', async () => {
    // Two admins edit the same rules; the second to publish used to replace the first's version silently.
    const { page, api, code } = await rulesPage();
    const other = structuredClone(FRANCE_PRESET);
    other.defaultExplanation.fr = 'Publié par un autre administrateur';
    await http().post(`/api/v1/landlords/${code}/rules`).set(api).send({ ruleSet: other }).expect(201);
    await page.fill('#f-levels-1-deadlines-intervene-amount', '2');
    // The version the draft started from travels with every post of the form (here a check).
    expect(await press(page, 'Vérifier le brouillon')).toBe(200);
    expect(await press(page, 'Publier cette version')).toBe(409);
    expect(await page.textContent('main')).toContain('Une autre version a été publiée');
    expect(await page.inputValue('#f-levels-1-deadlines-intervene-amount')).toBe('2');
    const { current } = await published(code, api);
    expect(current.version).toBe(1);
    expect(current.ruleSet.defaultExplanation.fr).toBe('Publié par un autre administrateur');
    // Opened again, the form starts from that version and publishes over it.
    await page.goto(`${base}/manage/${code}/rules`);
    await page.fill('#f-levels-1-deadlines-intervene-amount', '2');
    expect(await press(page, 'Publier cette version')).toBe(200);
    expect((await published(code, api)).current.version).toBe(2);
  });

  it('fits a 320 px screen, and speaks English on the English page', async () => {
    const { page, code } = await rulesPage();
    await page.goto(`${base}/manage/${code}/rules?lang=en`);
    await page.fill('#f-levels-0-deadlines-acknowledge-amount', '0');
    expect(await press(page, 'Check the draft')).toBe(400);
    expect(await page.textContent('#f-levels-0-deadlines-acknowledge-amount-error')).toBe(
      'Enter a whole number from 1 to 3,650.',
    );
    const measure = await browser.newContext({
      viewport: { width: 320, height: 640 },
      storageState: await context.storageState(),
    });
    try {
      const measured = await measure.newPage();
      await measured.goto(`${base}/manage/${code}/rules`);
      await measured.click('#f-rules-0-row > summary');
      expect(await measured.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await screenshot(measured, 'manage-rules-form-320');
    } finally {
      await measure.close();
    }
  });

  it('rewords a question tenants are asked: published, it is what the filing forms and the criteria page ask, in its language', async () => {
    const { page, code, api } = await rulesPage();
    const field = '#f-questions-gas_smell-fr';
    expect(await page.inputValue(field)).toBe(FLAG_QUESTIONS.gas_smell.fr);
    expect(await page.textContent('#editor-questions')).toBe('Questions posées aux locataires');
    const reworded = 'Est-ce que ça sent le gaz chez vous, même un peu ?';
    await page.fill(field, reworded);
    expect(await press(page, 'Publier cette version')).toBe(200);
    const { current } = await published(code, api);
    expect(current.ruleSet).toStrictEqual({
      ...FRANCE_PRESET,
      questions: { gas_smell: { fr: reworded, en: FLAG_QUESTIONS.gas_smell.en } },
    });
    expect(await page.inputValue(field)).toBe(reworded);

    // The public filing form, as a tenant: the heating problem asks about gas, in the landlord's words.
    const tenant = await desktop(browser);
    try {
      const p = await tenant.newPage();
      const step = (name: string) => `${base}/file/${code}/TILLEULS/${name}`;
      expect((await p.goto(step('unit')))!.status()).toBe(200);
      await p.click('main form button[type="submit"]');
      await p.waitForURL(step('category'));
      await p.check('#f-category-0'); // heating
      await p.click('main form button[type="submit"]');
      await p.waitForURL(step('safety'));
      const legend = (await p.locator('fieldset legend').allTextContents()).join('\n');
      expect(legend).toContain(reworded);
      expect(legend).not.toContain(FLAG_QUESTIONS.gas_smell.fr);
      await p.goto(`${step('safety')}?lang=en`);
      const english = (await p.locator('fieldset legend').allTextContents()).join('\n');
      expect(english).toContain(FLAG_QUESTIONS.gas_smell.en);
      expect(english).not.toContain(reworded);
      // The public criteria page lists the questions in its language.
      await p.goto(`${base}/criteria/${code}?lang=fr`);
      expect(await p.textContent('ul.criteria-questions')).toContain(reworded);
      await p.goto(`${base}/criteria/${code}?lang=en`);
      expect(await p.textContent('ul.criteria-questions')).toContain(FLAG_QUESTIONS.gas_smell.en);
    } finally {
      await tenant.close();
    }

    // The front-desk agent's intake form of this landlord asks it in the same words.
    const agentContext = await desktop(browser);
    try {
      const agent = await signedIn(app, 'agent', { landlordCodes: [code] });
      const p = await agentContext.newPage();
      await signInThroughPage(p, base, agent.email);
      await p.goto(`${base}/agent/intake`);
      expect(await p.textContent('main form')).toContain(reworded);
    } finally {
      await agentContext.close();
    }

    // A partner's filing form, once a home of this landlord is chosen (here, a post refused for its gaps).
    const partnerContext = await desktop(browser);
    try {
      const partner = await signedIn(app, 'partner', { partnerOrganisationId });
      const p = await partnerContext.newPage();
      await signInThroughPage(p, base, partner.email);
      await p.goto(`${base}/partners/file?q=59000&lang=fr`);
      expect(await p.textContent('main form[method="post"]')).not.toContain(reworded);
      await p.selectOption('#f-place', `${code}/TILLEULS`);
      await p.click('main form[method="post"] button.primary');
      await p.waitForSelector('.error-summary');
      expect(await p.textContent('main form[method="post"]')).toContain(reworded);
    } finally {
      await partnerContext.close();
    }

    // The JSON API takes the wording too, and refuses a bad one naming its field.
    await http()
      .post(`/api/v1/landlords/${code}/rules`)
      .set(api)
      .send({
        ruleSet: { ...FRANCE_PRESET, questions: { co_alarm: { fr: 'Alarme CO ?', en: 'CO alarm?' } } },
      })
      .expect(201);
    const refused = await http()
      .post(`/api/v1/landlords/${code}/rules`)
      .set(api)
      .send({ ruleSet: { ...FRANCE_PRESET, questions: { co_alarm: { fr: 'Alarme\nCO ?', en: 'CO?' } } } })
      .expect(400);
    expect(refused.body.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'ruleSet.questions.co_alarm.fr' })]),
    );
  });

  it('refuses a question left blank beside its field and in the summary, in French, publishing nothing', async () => {
    const { page, code, api } = await rulesPage();
    await page.fill('#f-questions-no_heating-fr', '   ');
    expect(await press(page, 'Publier cette version')).toBe(400);
    expect(await page.textContent('#f-questions-no_heating-fr-error')).toBe('Saisissez ce texte.');
    expect(await page.getAttribute('#f-questions-no_heating-fr', 'aria-invalid')).toBe('true');
    expect(await page.textContent('.error-summary a[href="#f-questions-no_heating-fr"]')).toBe(
      `Question « ${FLAG_QUESTIONS.no_heating.fr} » — Formulation en français : Saisissez ce texte.`,
    );
    await screenshot(page, 'manage-rules-question-error-fr');
    expect((await published(code, api)).current.version).toBe(0);
  });
});
