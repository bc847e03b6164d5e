import { Controller, UseFilters, applyDecorators } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ComponentChildren } from 'preact';
import type { LandlordEntity } from '@suivi/persistence';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import { AreaNav } from '../area-nav';
import { dictionary } from '../i18n';
import { Layout } from '../layout';
import { PageErrorFilter } from '../page-errors.filter';
import type { PageContext } from '../page';
import type { FieldMessages } from '../forms';

/** The sections of a landlord's administration, in the order of the sub-navigation. */
export const SECTIONS = [
  'rules',
  'calendar',
  'numbers',
  'on-call',
  'users',
  'agencies',
  'residences',
  'contractors',
] as const;
export type Section = (typeof SECTIONS)[number];

export const manageWords = dictionary({
  fr: {
    area: 'Administration',
    sections: {
      rules: 'Règles d’urgence',
      calendar: 'Calendrier et fermetures',
      numbers: 'Numéros pour les locataires',
      'on-call': 'Astreinte',
      users: 'Comptes et rôles',
      agencies: 'Agences',
      residences: 'Résidences',
      contractors: 'Entreprises',
    } as Record<Section, string>,
    navOf: (name: string) => `Administration de ${name}`,
    allLandlords: 'Tous les bailleurs',
    duplicateCode: 'Ce code existe déjà chez ce bailleur : choisissez-en un autre.',
    conflict: 'Cet enregistrement existe déjà.',
  },
  en: {
    area: 'Administration',
    sections: {
      rules: 'Urgency rules',
      calendar: 'Calendar and closures',
      numbers: 'Numbers for tenants',
      'on-call': 'On-call duty',
      users: 'Accounts and roles',
      agencies: 'Agencies',
      residences: 'Residences',
      contractors: 'Contractors',
    } as Record<Section, string>,
    navOf: (name: string) => `Administration of ${name}`,
    allLandlords: 'All landlords',
    duplicateCode: 'This code already exists at this landlord: choose another one.',
    conflict: 'This record already exists.',
  },
});

export const sectionHref = (code: string, section: Section) =>
  `/manage/${encodeURIComponent(code)}/${section}`;

/** The controller of one section's pages, at the address `sectionHref` links to. */
export const ManagePages = (section: Section) =>
  applyDecorators(ApiExcludeController(), UseFilters(PageErrorFilter), Controller(`manage/:code/${section}`));

/** A landlord admin's page: the frame, the landlord's name, and the links between its sections. */
export function ManageLayout(props: {
  page: PageContext;
  landlord: LandlordEntity;
  section: Section;
  title: string;
  children: ComponentChildren;
}) {
  const { page, landlord, section } = props;
  const t = manageWords(page.lang);
  return (
    <Layout page={page} title={`${props.title} — ${landlord.name}`} wide>
      <AreaNav
        class="manage-nav"
        label={t.navOf(landlord.name)}
        current={sectionHref(landlord.code, section)}
        links={[
          ['/manage', t.allLandlords],
          ...SECTIONS.map((s) => [sectionHref(landlord.code, s), t.sections[s]] as const),
        ]}
      />
      <p class="muted manage-landlord">
        {landlord.name} ({landlord.code})
      </p>
      {props.children}
    </Layout>
  );
}

/**
 * The form's errors in the page's words: a field with a message of its own in `messages` shows it; any
 * other field keeps the validator's message.
 */
export function inWords(errors: FieldMessages, messages: Record<string, string>): FieldMessages {
  const out: FieldMessages = {};
  for (const [field, message] of Object.entries(errors)) out[field] = messages[field] ?? message;
  return out;
}

export const isConflict = (e: unknown): boolean =>
  e instanceof DomainError && e.code === DomainErrorCode.Conflict;

/** `?done=` keys a page knows, so an unknown value shows nothing. */
export function doneMessage(done: unknown, messages: Record<string, string>): string | null {
  return typeof done === 'string' && Object.hasOwn(messages, done) ? messages[done] : null;
}
