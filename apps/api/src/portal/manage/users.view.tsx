/**
 * The role and contractor fields shared by the account creation and change forms.
 */
import { LANDLORD_STAFF_ROLES } from '@suivi/access';
import { ROLE_LABELS } from '@suivi/domain';
import type { ContractorEntity } from '@suivi/persistence';
import { Choices, Select } from '../components';
import type { FormState } from '../forms';
import { say } from '../i18n';
import type { PageContext } from '../page';
import type { Words } from './users.words';

const roleOptions = (t: Words, lang: PageContext['lang']) =>
  LANDLORD_STAFF_ROLES.map((r) => ({ value: r, label: say(ROLE_LABELS, r, lang), hint: t.roleHints[r] }));

const contractorOptions = (contractors: ContractorEntity[]) =>
  contractors.map((c) => ({ value: c.id, label: c.trade ? `${c.name} (${c.trade})` : c.name }));

/** The role and the contractor of an account: the same fields when it is created and when it is changed. */
export function RoleFields(props: {
  t: Words;
  lang: PageContext['lang'];
  form: FormState;
  contractors: ContractorEntity[];
}) {
  const { t, lang, form } = props;
  return (
    <>
      <Choices name="role" label={t.role} form={form} lang={lang} required options={roleOptions(t, lang)} />
      <Select
        name="contractorId"
        label={t.contractor}
        form={form}
        lang={lang}
        placeholder={t.contractorPick}
        options={contractorOptions(props.contractors)}
      />
    </>
  );
}
