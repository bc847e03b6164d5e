import { Logger } from '@nestjs/common';
import type { UsersService } from '@suivi/access';
import type { ComplaintScope, ComplaintsService, FileComplaintCommand } from '@suivi/complaints';
import type { Actor, TransitionCommand } from '@suivi/domain';
import type { OrganisationService } from '@suivi/organisation';
import { seedClockCases } from './demo-clocks';

export const DEMO_LANDLORD = 'HLM-DEMO';

const agent: Actor = { role: 'agent', id: 'demo-agent' };
const tenant: Actor = { role: 'tenant', id: null };

/** One account per role; the README lists them. Never seeded in production (see loadConfig). */
export const DEMO_USERS = [
  { email: 'agent@demo.suivi.local', role: 'agent', displayName: 'Agent d’accueil' },
  { email: 'supervisor@demo.suivi.local', role: 'supervisor', displayName: 'Responsable de secteur' },
  { email: 'admin@demo.suivi.local', role: 'landlord_admin', displayName: 'Administratrice bailleur' },
  { email: 'contractor@demo.suivi.local', role: 'contractor', displayName: 'Plomberie Martin' },
  { email: 'partner@demo.suivi.local', role: 'partner', displayName: 'Travailleuse sociale (CCAS)' },
  {
    email: 'federation@demo.suivi.local',
    role: 'federation_auditor',
    displayName: 'Fédération de locataires',
  },
  { email: 'platform@demo.suivi.local', role: 'platform_admin', displayName: 'Administration Suivi' },
] as const;
export const DEMO_PASSWORD = 'suivi-demo-2026';

/**
 * Demo data for the embedded default: a landlord with agencies, residences, contractors and complaints in
 * every state and every clock state (see seedClockCases), each walked through the real lifecycle so their
 * histories verify. Runs once; false when the demo landlord already exists.
 */
export async function seedDemoData(
  organisation: OrganisationService,
  complaints: ComplaintsService,
  users: UsersService,
): Promise<boolean> {
  const existing = await organisation.listLandlords();
  if (existing.some((l) => l.code === DEMO_LANDLORD)) return false;
  const logger = new Logger('DemoSeed');

  const landlord = await organisation.createLandlord({
    code: DEMO_LANDLORD,
    name: 'Habitat Démo',
    timezone: 'Europe/Paris',
    country: 'FR',
    region: 'metropole',
  });
  await organisation.createAgency(DEMO_LANDLORD, { code: 'NORD', name: 'Agence Nord' });
  await organisation.createAgency(DEMO_LANDLORD, { code: 'SUD', name: 'Agence Sud' });
  // The numbers the pages promise (call the agency, text STATUT): fictitious numbers of the landlord's
  // country, so a demo shows them where a tenant needs them.
  await organisation.setPublicNumbers(
    DEMO_LANDLORD,
    { publicPhone: '01 23 45 67 89', smsNumber: '06 12 98 76 54', agencies: { NORD: '03 20 00 00 10' } },
    'all',
  );
  const residences = [
    {
      code: 'LES-TILLEULS',
      name: 'Résidence Les Tilleuls',
      agencyCode: 'NORD',
      address: '12 rue des Tilleuls',
      postcode: '59000',
      city: 'Lille',
      homesCount: 120,
    },
    {
      code: 'LE-BEFFROI',
      name: 'Le Beffroi',
      agencyCode: 'NORD',
      address: '3 place du Beffroi',
      postcode: '59100',
      city: 'Roubaix',
      homesCount: 64,
    },
    {
      code: 'LES-CIGALES',
      name: 'Les Cigales',
      agencyCode: 'SUD',
      address: '8 avenue des Cigales',
      postcode: '13014',
      city: 'Marseille',
      homesCount: 210,
    },
    {
      code: 'SAINT-ELOI',
      name: 'Résidence Saint-Éloi',
      agencyCode: 'NORD',
      address: "5 rue de l'Église",
      postcode: '59000',
      city: 'Lille',
      homesCount: 48,
    },
  ];
  for (const r of residences) await organisation.createResidence(DEMO_LANDLORD, r);
  const plumber = await organisation.createContractor(DEMO_LANDLORD, {
    name: 'Plomberie Martin',
    trade: 'plumbing',
    email: 'contact@plomberie-martin.example',
    phoneE164: '+33320000001',
  });
  const heating = await organisation.createContractor(DEMO_LANDLORD, {
    name: 'Chauffage Services Nord',
    trade: 'heating',
    email: 'interventions@csn.example',
    phoneE164: '+33320000002',
  });

  const partnerOrganisation = await users.createPartnerOrganisation('CCAS de Lille', 'social_services');
  for (const user of DEMO_USERS) {
    await users.create({
      ...user,
      password: DEMO_PASSWORD,
      landlordCodes: user.role === 'partner' || user.role === 'platform_admin' ? [] : [DEMO_LANDLORD],
      partnerOrganisationId: user.role === 'partner' ? partnerOrganisation : null,
      contractorId: user.role === 'contractor' ? plumber.id : null,
    });
  }
  const scope: ComplaintScope = {
    kind: 'landlords',
    memberships: [{ landlordId: landlord.id, agencyId: null }],
  };

  const file = (overrides: Partial<FileComplaintCommand>) =>
    complaints.file(
      {
        landlordCode: DEMO_LANDLORD,
        residenceCode: 'LES-TILLEULS',
        unit: 'Bât. A, apt 12',
        category: 'heating',
        description: 'Plus de chauffage depuis hier soir, radiateurs froids.',
        channel: 'web',
        tenant: {
          name: 'Amina Diallo',
          phone: '06 12 34 56 78',
          email: 'amina.diallo@example.org',
          language: 'fr',
        },
        ...overrides,
      },
      overrides.channel === 'web' || !overrides.channel ? tenant : agent,
    );
  const walk = async (reference: string, steps: [TransitionCommand, Actor][]) => {
    let version = 1;
    for (const [command, actor] of steps) {
      version = (await complaints.transition(reference, command, version, actor, scope)).version;
    }
  };
  const contractorActor = (id: string): Actor => ({ role: 'contractor', id });
  const slot = (days: number) => ({
    start: new Date(Date.now() + days * 86_400_000),
    end: new Date(Date.now() + days * 86_400_000 + 2 * 3_600_000),
  });

  await file({});
  const acknowledged = await file({
    category: 'plumbing_leak',
    description: 'Fuite sous l’évier de la cuisine.',
    channel: 'phone',
    residenceCode: 'LE-BEFFROI',
  });
  await walk(acknowledged.reference, [
    [{ action: 'acknowledge', publicText: 'Nous avons bien reçu votre signalement.' }, agent],
  ]);
  const assigned = await file({
    category: 'plumbing_leak',
    description: 'Le ballon d’eau chaude fuit.',
    channel: 'front_desk',
  });
  await walk(assigned.reference, [
    [{ action: 'acknowledge' }, agent],
    [{ action: 'assign', contractorId: plumber.id, appointment: slot(2) }, agent],
    [{ action: 'hold', holdReason: 'parts', publicText: 'Pièce commandée, livraison sous 3 jours.' }, agent],
  ]);
  const checked = await file({
    category: 'heating',
    residenceCode: 'LES-CIGALES',
    tenant: { name: 'Marc Leroy', email: 'marc.leroy@example.org', language: 'fr' },
  });
  await walk(checked.reference, [
    [{ action: 'acknowledge' }, agent],
    [{ action: 'assign', contractorId: heating.id }, agent],
    [{ action: 'schedule', appointment: slot(1) }, contractorActor(heating.id)],
    [{ action: 'report_done', text: 'Circulateur remplacé.' }, contractorActor(heating.id)],
    [{ action: 'check_works' }, tenant],
  ]);
  const closed = await file({
    category: 'locks_security',
    description: 'La porte du hall ne ferme plus.',
    channel: 'letter',
  });
  await walk(closed.reference, [
    [{ action: 'acknowledge' }, agent],
    [{ action: 'assign', contractorId: plumber.id }, agent],
    [{ action: 'report_done' }, contractorActor(plumber.id)],
    [{ action: 'check_works', internalText: 'Vérifié sur place.' }, agent],
    [{ action: 'close', resolution: 'Gâche électrique remplacée.' }, agent],
  ]);
  const withoutWorks = await file({
    category: 'other',
    description: 'Signalement en double.',
    channel: 'email',
    tenant: { name: 'Jeanne Petit', phone: '07 81 22 33 44', language: 'fr' },
  });
  await walk(withoutWorks.reference, [
    [
      {
        action: 'close_without_works',
        closeReason: 'duplicate',
        reason: 'Déjà signalé sous une autre référence.',
      },
      agent,
    ],
  ]);
  await complaints.file(
    {
      landlordCode: DEMO_LANDLORD,
      residenceCode: 'LES-CIGALES',
      category: 'damp_mould',
      description: 'Moisissures dans la chambre de l’enfant, asthme.',
      channel: 'partner',
      tenant: { name: 'Sophie Martin', phone: '06 98 76 54 32', language: 'fr' },
    },
    { role: 'partner', id: null },
    { partnerOrganisationId: partnerOrganisation, caseReference: 'CCAS-2026-0412' },
  );
  await seedClockCases(complaints, {
    landlordCode: DEMO_LANDLORD,
    scope,
    agent,
    tenant,
    plumberId: plumber.id,
    heatingId: heating.id,
  });
  logger.log(
    `Seeded ${DEMO_LANDLORD} with complaints in every state and clock state, and one demo user per role`,
  );
  return true;
}
